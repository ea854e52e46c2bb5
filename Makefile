# Command index. The README's two commands are `make run` and `make test`; .ci/run calls `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
LOCK_HASH := $(shell sha1sum requirements.lock | cut -c1-10)
STAMP := $(VENV)/.installed-$(LOCK_HASH)

.PHONY: run test lint format bundle bench browser-deps clean

$(STAMP): requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	rm -f $(VENV)/.installed-* && touch $(STAMP)

bundle: $(STAMP)
	$(PY) -m geodata build $(if $(DATA_DIR),--data-dir $(DATA_DIR))

run: bundle
	$(PY) app.py $(if $(DATA_DIR),--data-dir $(DATA_DIR))

# Debian's Chromium and its driver drive the browser tests; installed once, as root.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: $(STAMP) browser-deps lint bundle
	$(PY) -m pytest $(PYTEST_ARGS)

bench: bundle
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) .cache .pytest_cache .ruff_cache
