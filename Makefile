# hrflow — the two commands a new user needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SCREENSHOTS ?= $(CURDIR)/.artifacts/screenshots

.PHONY: demo demo-info test lint format services services-down bench messages clean help browser

help:
	@echo "make demo   - install, prepare the database, start web + worker + beat (Ctrl-C stops all)"
	@echo "make demo-info - the running demo's address, logins and log files, again"
	@echo "make test   - install and run the whole test suite against real PostgreSQL and Redis"
	@echo "make lint   - ruff, the import-layer contract and mypy"

# The venv is rebuilt only when pyproject.toml changes, so a second run skips pip.
# A half-made venv (no pip, e.g. Debian without python3-venv) is removed, not reused.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "hrflow needs Python 3.11 or newer; run e.g. 'make PYTHON=python3.11 demo'" >&2; exit 1; }
	@test -x $(BIN)/pip || { rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); } || \
		{ rm -rf $(VENV); echo "could not create $(VENV): install the venv module (Debian: python3-venv)" >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

services: $(STAMP)
	$(BIN)/python -m hrflow.devservices up

services-down: $(STAMP)
	$(BIN)/python -m hrflow.devservices down

demo: services
	$(BIN)/python -m hrflow.demo

demo-info: $(STAMP)
	@$(BIN)/python -m hrflow.demo info

# Browser tests need Chromium, its driver and CJK fonts: installed from Debian's
# packages when missing and we are root; elsewhere Playwright downloads its own
# Chromium (where the network allows it).
browser: $(STAMP)
	@if [ -x /usr/bin/chromium ] || [ -n "$$HRFLOW_CHROMIUM" ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "installing chromium, chromium-driver and fonts-noto-cjk from Debian"; \
		(apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium chromium-driver fonts-noto-cjk >/dev/null; \
	else \
		echo "no system Chromium and not root: trying 'playwright install chromium'"; \
		$(BIN)/playwright install chromium || \
			echo "could not get Chromium: install it and set HRFLOW_CHROMIUM, or the browser tests fail" >&2; \
	fi

test: $(STAMP) browser services
	@mkdir -p $(SCREENSHOTS)
	@echo "screenshots are saved under $(SCREENSHOTS)"
	HRFLOW_SCREENSHOT_DIR=$(SCREENSHOTS) $(BIN)/python -m pytest --durations=30 $(PYTEST_ARGS)
	@echo "screenshots are saved under $(SCREENSHOTS)"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/check_translations.py
	$(BIN)/mypy hrflow integrations employees recruiting portal careers analytics

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the translation catalogues after changing strings (needs GNU gettext).
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'staticfiles/*'
	$(BIN)/python scripts/check_translations.py --compile

bench: $(STAMP) services
	@ls tests/bench/*.py >/dev/null 2>&1 && for f in tests/bench/*.py; do $(BIN)/python $$f; done || echo "no benchmarks yet"

# Stops the embedded servers and deletes their data, also the cluster kept outside the
# checkout when root started it.
clean: $(STAMP)
	$(BIN)/python -m hrflow.devservices clean
	rm -rf $(VENV) .data .artifacts staticfiles
