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

## Local development settings, written once (an existing .env is never touched):
## DEBUG on and a generated secret key, so manage.py works as the README shows.
## Not when DEBUG is exported off: a production checkout gets no development .env.
.env:
	@case "$$(echo "$${DEBUG-1}" | tr A-Z a-z)" in 1|true|yes|y|on|ok) ;; *) exit 0;; esac; \
	key="$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" && \
	  umask 077 && set -C && { \
	  echo "# Local development settings, written by make run (git-ignored; see .env.example)."; \
	  echo "DEBUG=1"; \
	  echo "SECRET_KEY=$$key"; \
	} > $@ && echo "Wrote $@ with development settings (DEBUG=1 and a new SECRET_KEY)."

## Install, migrate, seed the demo, serve on http://$(HOST):$(PORT) and run the worker
## Links in shares and mails point at that address unless BOEGBEELD_SITE_URL is set
## (exported, or in .env).
run: export DEBUG ?= 1
run: export BOEGBEELD_DEFAULT_LANGUAGE ?= nl
ifeq ($(shell grep -qs '^BOEGBEELD_SITE_URL=' .env && echo set),)
run: export BOEGBEELD_SITE_URL ?= http://$(HOST):$(PORT)
endif
## Several workers: Prometheus metrics are added up over them through files in
## PROMETHEUS_MULTIPROC_DIR (emptied at every start; see the README's Metrics).
ifneq ($(WORKERS),1)
run: export PROMETHEUS_MULTIPROC_DIR ?= $(CURDIR)/.prometheus
endif
run: $(STAMP) .env
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	$(PY) manage.py collectstatic --no-input -v0
	@if [ -n "$$PROMETHEUS_MULTIPROC_DIR" ]; then rm -f "$$PROMETHEUS_MULTIPROC_DIR"/*.db; fi
	@# The worker (periodic jobs, background tasks) runs beside the web server and
	@# stops with it (Ctrl-C reaches both; the trap covers the web server ending).
	$(PY) manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
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
BENCHES ?= bench/guidelines.py bench/library.py bench/redirect.py bench/analytics.py bench/fanout.py bench/outage.py bench/metrics.py
bench: $(STAMP)
	@for b in $(BENCHES); do if [ -f $$b ]; then echo "== $$b"; $(PY) $$b || exit 1; fi; done

clean:
	rm -rf $(VENV) staticfiles
