# Chợ OCOP — the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install setup run test bench lint schema clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

# Migrate and load the demo catalogue (idempotent: a second run adds nothing).
setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py populatedb

run: setup
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) -m pytest $(PYTEST_ARGS)

# Load figures need wrk and Chromium (Debian packages); installed here if missing.
bench: setup
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
	DEBUG=0 SECRET_KEY=bench-only-collectstatic $(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) bench/run_all.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

schema: install
	$(PY) manage.py graphql_schema --out schema.graphql

clean:
	rm -rf $(VENV) var staticfiles media
