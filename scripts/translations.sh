#!/usr/bin/env bash
# Refresh resources/i18n/commandcenter_en.ts from the sources (new strings appear unfinished,
# translations kept, vanished ones dropped) and compile the .qm the app loads. Translate the
# unfinished entries (pyside6-linguist, or by hand in the .ts), then run this again.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
$bin/pyside6-lupdate $(find src/commandcenter/ui src/commandcenter/services -name "*.py" | sort) src/commandcenter/app.py \
    -ts resources/i18n/commandcenter_en.ts -source-language zh_CN -target-language en -no-obsolete
$bin/pyside6-lrelease resources/i18n/commandcenter_en.ts -qm resources/i18n/commandcenter_en.qm
