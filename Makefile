# The two commands a newcomer needs: `make run` and `make test`. Both go through `make install`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint bench loadtest demo clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $(STAMP)

# A development .env (DEBUG on, a random key) when there is none; an existing one is kept.
# Every entry point reads it: manage.py, the WSGI application, the worker.
.env:
	$(PYTHON) -c "import secrets; print('# Development settings written by make install (DEBUG on): never for production.\nDEBUG=true\nSECRET_KEY=dev-' + secrets.token_urlsafe(48))" > .env

# The German and French interface: .mo files compiled from the .po files (gettext's msgfmt).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(STAMP)
	msgfmt --check-format -o $@ $<

install: $(STAMP) .env $(MO_FILES)

# Serves the app with demo data on SQLite (DEBUG on: development only), with the background
# worker beside the web server (diam/run_dev.py); Ctrl-C stops both.
run: install
	mkdir -p var
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py load_catalog
	DEBUG=true $(PY) manage.py create_demo_data
	DEBUG=true $(PY) diam/run_dev.py $(HOST):$(PORT)

lint: install
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
bench: install
	DEBUG=true $(PY) manage.py bench --sizes $(SIZES)

# gunicorn on a fresh database, USERS contributors driven by locust for DURATION seconds.
USERS ?= 100
DURATION ?= 60
loadtest: install
	$(PY) -m performance.loadtest.runner --users $(USERS) --duration $(DURATION)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis
