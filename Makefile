# hrflow — the two commands a new user needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SCREENSHOTS ?= $(CURDIR)/.artifacts/screenshots

.PHONY: demo test lint format services services-down bench messages clean help

help:
	@echo "make demo   - install, prepare the database, start web + worker + beat (Ctrl-C stops all)"
	@echo "make test   - install and run the whole test suite against real PostgreSQL and Redis"
	@echo "make lint   - ruff, the import-layer contract and mypy"

# The venv is rebuilt only when pyproject.toml changes, so a second run skips pip.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

services: $(STAMP)
	$(BIN)/python -m hrflow.devservices up

services-down: $(STAMP)
	$(BIN)/python -m hrflow.devservices down

demo: services
	$(BIN)/python -m hrflow.demo

# Browser tests need Chromium, its driver and CJK fonts: installed from Debian's
# packages when missing and we are root; elsewhere the e2e tests say what is missing.
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "installing chromium, chromium-driver and fonts-noto-cjk from Debian"; \
		(apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium chromium-driver fonts-noto-cjk >/dev/null; \
	fi

test: $(STAMP) browser services
	@mkdir -p $(SCREENSHOTS)
	@echo "screenshots are saved under $(SCREENSHOTS)"
	HRFLOW_SCREENSHOT_DIR=$(SCREENSHOTS) $(BIN)/python -m pytest $(PYTEST_ARGS)
	@echo "screenshots are saved under $(SCREENSHOTS)"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/check_translations.py
	$(BIN)/mypy hrflow integrations employees recruiting analytics

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the translation catalogues after changing strings (needs GNU gettext).
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'staticfiles/*'
	$(BIN)/python scripts/check_translations.py --compile

bench: $(STAMP) services
	@ls tests/bench/*.py >/dev/null 2>&1 && for f in tests/bench/*.py; do $(BIN)/python $$f; done || echo "no benchmarks yet"

clean: services-down
	rm -rf $(VENV) .data .artifacts staticfiles
