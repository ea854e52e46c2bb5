# Command index. The README's two commands are `make run` and `make test`; .ci/run calls `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
LOCK_HASH := $(shell sha1sum requirements.lock | cut -c1-10)
STAMP := $(VENV)/.installed-$(LOCK_HASH)
PLOTLY_DIR := vendor/plotly.js
PLOTLY_JS := $(PLOTLY_DIR)/dist/plotly-atlas.min.js

.PHONY: run test lint docs docs-serve format bundle bench system-deps clean

$(STAMP): requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	rm -f $(VENV)/.installed-* && touch $(STAMP)

# The partial plotly.js the app serves (vendor/plotly.js/README.md), built from its pinned npm lock
# whenever the recipe changes; Node.js comes from Debian if the machine has none.
$(PLOTLY_JS): $(PLOTLY_DIR)/package-lock.json $(PLOTLY_DIR)/entry.js $(PLOTLY_DIR)/build.js
	@command -v npm >/dev/null 2>&1 || { echo "Installing Node.js (Debian) to build plotly.js"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
	cd $(PLOTLY_DIR) && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build

bundle: $(STAMP)
	$(PY) -m geodata build $(if $(DATA_DIR),--data-dir $(DATA_DIR))

# Served by gunicorn with gunicorn.conf.py, as in production (README), on HOST (here 127.0.0.1 unless
# set) and PORT (default 8050); the data directory reaches the app as OUTREACH_ATLAS_DATA_DIR.
# `python app.py` is Flask's development server, for debugging (OUTREACH_ATLAS_DEBUG=1).
# A broken data file stops the build with its message but not the atlas: the app starts on the last
# good bundle and says so on every page and in /healthz. With no good bundle at all it stops (exit 2).
HOST ?= 127.0.0.1
run: $(STAMP) $(PLOTLY_JS)
	$(PY) -m geodata build $(if $(DATA_DIR),--data-dir $(DATA_DIR)) || true
	HOST=$(HOST) $(if $(DATA_DIR),OUTREACH_ATLAS_DATA_DIR=$(DATA_DIR)) \
	  $(PY) -m gunicorn -c gunicorn.conf.py app:server

# Debian's Chromium and its driver drive the browser tests, and the shared-cache tests start a real
# redis-server on loopback; pdftotext reads the printed overview; the store tests start a throwaway
# PostgreSQL cluster (Debian's postgresql: initdb and pg_ctl) on loopback. Installed once, as root.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium chromium-driver"; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages for the tests:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# mypy checks what [tool.mypy] in pyproject.toml names (geodata/, layers/ and dashboard/).
# The documentation site is built strictly too (docs), so a broken link, a missing page or a bad
# generated table fails.
lint: $(STAMP) docs
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

# The documentation site (mkdocs.yml, docs/) into site/; docs-serve rebuilds it as you edit, on
# http://127.0.0.1:8000/. Screenshots: python -m tests.browser.screenshots (docs/images/).
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict --quiet

docs-serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs serve --strict

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: $(STAMP) $(PLOTLY_JS) system-deps lint bundle
	$(PY) -m pytest $(PYTEST_ARGS)

# Benchmarks need Chromium (browser timings) and redis-server (load test's shared cache) too.
# Flags: make bench BENCH_ARGS="--quick" (or --only map,scale / --skip load / --kill-worker).
bench: $(PLOTLY_JS) system-deps bundle
	$(PY) -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .cache site .pytest_cache .ruff_cache .mypy_cache $(PLOTLY_DIR)/node_modules $(PLOTLY_DIR)/dist
