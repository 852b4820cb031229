# The two commands a newcomer needs: `make run` and `make test`. Both go through `make install`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# Two locks, both with hashes (`make lock` writes them from pyproject.toml): what the application
# needs to run (`make run`, production), and that plus the tests' and linters' tools (`make test`).
RUNTIME_LOCK := requirements/runtime.lock
DEV_LOCK := requirements/dev.lock
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed

# uv creates the environment and installs when it is on the PATH, pip otherwise; both refuse a
# package whose hash is not in the lock. pip resolves nothing (--no-deps): each lock is complete,
# transitive dependencies included (tests/diam/test_dependencies.py).
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
MAKE_VENV = $(PYTHON) -m venv $(VENV)
INSTALL = $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r
else
MAKE_VENV = $(UV) venv --quiet --python $(PYTHON) $(VENV)
INSTALL = $(UV) pip install --quiet --python $(PY) --require-hashes -r
endif

.PHONY: install install-dev run test lint lock bench loadtest demo clean

$(PY):
	$(MAKE_VENV)

$(RUNTIME_STAMP): $(RUNTIME_LOCK) | $(PY)
	$(INSTALL) $(RUNTIME_LOCK)
	touch $@

$(DEV_STAMP): $(DEV_LOCK) $(RUNTIME_STAMP)
	$(INSTALL) $(DEV_LOCK)
	touch $@

# A development .env (DEBUG on, a random key) when there is none; an existing one is kept.
# Every entry point reads it: manage.py, the WSGI application, the worker.
.env:
	$(PYTHON) -c "import secrets; print('# Development settings written by make install (DEBUG on): never for production.\nDEBUG=true\nSECRET_KEY=dev-' + secrets.token_urlsafe(48))" > .env

# The German and French interface: .mo files compiled from the .po files (gettext's msgfmt).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(RUNTIME_STAMP)
	msgfmt --check-format -o $@ $<

# The application's runtime packages only (no pytest, mypy or Playwright): what `make run` needs.
install: $(RUNTIME_STAMP) .env $(MO_FILES)

# The runtime packages and the tests', linters' and benchmarks' tools.
install-dev: install $(DEV_STAMP)

# Rewrites both locks from pyproject.toml, keeping the locked versions unless UPGRADE=1
# (needs uv: `pip install uv`). Hashes of every file of each version, for any platform.
LOCK_FLAGS = --quiet --universal --python-version 3.11 --generate-hashes $(if $(UPGRADE),--upgrade)
lock:
	@command -v uv >/dev/null || { echo "make lock needs uv on the PATH (pip install uv)"; exit 1; }
	uv pip compile pyproject.toml $(LOCK_FLAGS) -o $(RUNTIME_LOCK)
	uv pip compile pyproject.toml --extra test -c $(RUNTIME_LOCK) $(LOCK_FLAGS) -o $(DEV_LOCK)

# Serves the app with demo data on SQLite (DEBUG on: development only), with the background
# worker beside the web server (diam/run_dev.py); Ctrl-C stops both.
run: install
	mkdir -p var
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py load_catalog
	DEBUG=true $(PY) manage.py create_demo_data
	DEBUG=true $(PY) diam/run_dev.py $(HOST):$(PORT)

lint: install-dev
	mkdir -p var
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	DEBUG=true $(PY) manage.py check

test: lint
	$(VENV)/bin/pytest

# Performance figures on a database of their own (never var/diam.sqlite3 nor DATABASE_URL's):
# `make bench SIZES=10,1000,10000` for the full run (minutes).
SIZES ?= 10,1000
bench: install-dev
	DEBUG=true $(PY) manage.py bench --sizes $(SIZES)

# gunicorn on a fresh database, USERS contributors driven by locust for DURATION seconds.
USERS ?= 100
DURATION ?= 60
loadtest: install-dev
	$(PY) -m performance.loadtest.runner --users $(USERS) --duration $(DURATION)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis
