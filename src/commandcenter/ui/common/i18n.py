"""Languages. Every user-visible string goes through Qt translation: the sources are Chinese (the
users' language), `--lang en` loads resources/i18n/commandcenter_en.qm, and Qt's own translations
are installed so standard buttons and dialogs speak the same language (确定/取消).

The domain's labels (states, roles, events…) are Chinese constants in the Qt-free core; the window
shows them through `tr_label()`, in the "Domain" context that ui/common/domain_texts.py lists for
lupdate.
`make translations` refreshes the .ts from the sources and compiles the .qm."""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ... import paths

log = logging.getLogger(__name__)

LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
DOMAIN_CONTEXT = "Domain"


class Labelled(Protocol):
    @property
    def label(self) -> str: ...


def tr_label(member: Labelled) -> str:
    """A domain value's label in the window's language."""
    return QCoreApplication.translate(DOMAIN_CONTEXT, member.label)


def translations_dir() -> str:
    return str(paths.resource("i18n"))


# The translators installed in this process's application (Qt keeps only pointers to them).
_installed: list[QTranslator] = []


def current_language() -> str:
    return QLocale().name() if _installed else DEFAULT_LANGUAGE


def use_language(app: QCoreApplication, language: str) -> None:
    """Speak `language` from now on: Qt's and the app's translations, replacing any installed
    before. Widgets built afterwards use it (call before building the window)."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed[:] = install_translators(app, language)


def reset(app: QCoreApplication) -> None:
    """Remove every translator this module installed: the sources' language, Qt's defaults."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(DEFAULT_LANGUAGE))


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load Qt's and the app's translations for `language` into `app` (before any widget is
    built); returns the translators, which must stay referenced."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose from {', '.join(LANGUAGES)}")
    QLocale.setDefault(QLocale(language))
    installed = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt)
        installed.append(qt)
    else:
        log.warning("no Qt translation qtbase_%s in %s", language, qt_dir)
    if language != DEFAULT_LANGUAGE:  # the sources are in the default language
        ours = QTranslator(app)
        if not ours.load(f"commandcenter_{language}", translations_dir()):
            raise FileNotFoundError(
                f"no translation commandcenter_{language}.qm in {translations_dir()}"
            )
        app.installTranslator(ours)
        installed.append(ours)
    return installed


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark `text` for translation in `context` where it is defined (a table of labels); it is
    translated where it is shown, with QCoreApplication.translate(context, text) or self.tr."""
    return text
