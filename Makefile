# Boegbeeld — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
WORKERS ?= 1
STAMP := $(VENV)/.installed


.PHONY: run serve test lint format install messages bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Install, migrate, seed the demo and serve on http://$(HOST):$(PORT)
run: export DEBUG ?= 1
run: export BOEGBEELD_DEFAULT_LANGUAGE ?= nl
run: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	$(PY) manage.py collectstatic --no-input -v0
	$(PY) -m uvicorn config.asgi:application --host $(HOST) --port $(PORT) \
		--workers $(WORKERS) --lifespan off --proxy-headers --ws-per-message-deflate false

## Install and run everything CI runs: linters, migration check, the test suite
test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Regenerate and compile the nl/en translations
messages: $(STAMP)
	DEBUG=1 $(PY) manage.py makemessages -l nl -l en --no-obsolete --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'bench/*' --ignore 'tests/*'
	DEBUG=1 $(PY) manage.py compilemessages --ignore '.venv/*'

## Benchmarks that print figures (not part of the test suite)
BENCHES ?= bench/guidelines.py bench/library.py bench/redirect.py bench/analytics.py bench/fanout.py
bench: $(STAMP)
	@for b in $(BENCHES); do if [ -f $$b ]; then echo "== $$b"; $(PY) $$b || exit 1; fi; done

clean:
	rm -rf $(VENV) staticfiles
