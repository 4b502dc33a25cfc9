# The README's two commands: `make demo` and `make test`. Everything depends on `setup`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSSTAMP := $(VENV)/.system-checked
export QTWEBENGINE_DISABLE_SANDBOX := 1
export PIP_CONSTRAINT := $(CURDIR)/constraints.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup system demo test lint format bench constraints clean translations platform

setup: system $(STAMP)

system:
	@scripts/setup-system.sh

# Reinstalled only when the dependency declarations change.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

demo: setup
	$(BIN)/commandcenter demo

# The reference district platform with the demo district and the simulator.
PLATFORM_DB ?= platform.db
platform: setup
	@test -s $(PLATFORM_DB) || $(BIN)/commandcenter-platform --db $(PLATFORM_DB) --seed-demo
	$(BIN)/commandcenter-platform --db $(PLATFORM_DB) --port 8765 --simulate 6

test: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check src tests benchmarks db
	$(BIN)/ruff format --check src tests benchmarks db
	$(BIN)/mypy
	$(BIN)/lint-imports

format: setup
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

bench: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

# After changing user-visible strings: refresh the .ts, translate what is new, compile the .qm.
translations: setup
	scripts/translations.sh

# Refresh the pins on purpose (network needed); commit the result.
constraints:
	$(BIN)/python -m pip freeze --exclude-editable | grep -iv '^commandcenter' > constraints.new
	mv constraints.new constraints.txt

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
