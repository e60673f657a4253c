# jsnlearn: everyday commands. `make run` and `make test` set everything up on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUFF := $(VENV)/bin/ruff
# One stamp per requirements file, remade only when its file changes: what running needs
# (requirements.txt), and the test tools installed on top of it (requirements-dev.txt).
# Each target asks for the set it needs; a new process for `make run` asks for $(RUNTIME).
RUNTIME := $(VENV)/.installed-runtime
TEST_TOOLS := $(VENV)/.installed-test-tools
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install run reload-courses test lint suite format clean bench audit

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "jsnlearn needs Python 3.11 or newer: run make with PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) --upgrade pip

$(RUNTIME): requirements.txt | $(PY)
	$(PIP_INSTALL) -r requirements.txt
	@touch $@

$(TEST_TOOLS): requirements-dev.txt | $(RUNTIME)
	$(PIP_INSTALL) -r requirements-dev.txt
	@touch $@

install: $(TEST_TOOLS) ## Create .venv and install the pinned requirements, test tools included

# The site, the worker that sends its email, and the periodic work (reminders, digests) every
# PERIODIC_SECONDS: one Ctrl-C stops all three. A failing periodic run waits for the next turn.
PERIODIC_SECONDS ?= 600
run: $(RUNTIME) ## Migrate the SQLite database, load new courses, serve http://127.0.0.1:8000/ with its worker
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_courses
	@echo "Serving http://$(HOST):$(PORT)/ with the worker and periodic work (an admin account: $(PY) manage.py createsuperuser)"
	@trap 'kill $$(jobs -p) 2>/dev/null; wait' EXIT; \
	$(PY) manage.py db_worker --no-reload --no-startup-delay & \
	( trap 'kill $$(jobs -p) 2>/dev/null; exit 0' TERM; \
	  while :; do \
	    $(PY) manage.py run_periodic || echo "run_periodic failed: trying again in $(PERIODIC_SECONDS) s"; \
	    sleep $(PERIODIC_SECONDS) & wait $$!; \
	  done ) & \
	$(PY) manage.py runserver $(HOST):$(PORT)

reload-courses: $(RUNTIME) ## Update every course from its bundle in jsnlearn/courses/
	$(PY) manage.py load_courses --update

test: lint suite ## Lint, then run the whole suite, browser tests included

lint: $(TEST_TOOLS) ## ruff, formatting, and models that agree with their migrations
	$(RUFF) check .
	$(RUFF) format --check .
	$(PY) manage.py makemigrations --check --dry-run

suite: $(TEST_TOOLS) ## The test suite alone (DATABASE_URL picks the database)
	@chromium=$$($(PY) tests/browser/chromium.py) && \
	  echo "Browser tests drive $$chromium" && \
	  CHROMIUM_PATH="$$chromium" $(PY) -m pytest $(PYTEST_ARGS)

# The benchmark runs the site as production does (DEBUG off, the Procfile's gunicorn) on its own
# database: DATABASE_URL when set, else bench.sqlite3, never db.sqlite3.
BENCH_PORT ?= 8200
BENCH_SECONDS ?= 10
BENCH_ARGS ?=
# Cache layers to turn off, to measure what each buys: pages, fragments, memory (comma-separated).
BENCH_WITHOUT ?=
BENCH_ENV := JSNLEARN_CACHE_LAYERS_OFF=$(BENCH_WITHOUT) DJANGO_DEBUG=0 DJANGO_SECRET_KEY=bench-only-not-a-secret-$$$$-0123456789abcdef \
  DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_LOG_LEVEL=warning \
  DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/bench.sqlite3}

bench: $(RUNTIME) ## Load-test the pages and a class taking a quiz; results in docs/performance.md
	@command -v wrk >/dev/null || { echo "make bench needs wrk (HTTP load generator): sudo apt-get install wrk"; exit 1; }
	@export $(BENCH_ENV) && \
	  $(PY) manage.py migrate --noinput -v0 && \
	  $(PY) manage.py collectstatic --noinput -v0 && \
	  $(PY) manage.py seed_load_data --force && \
	  $(PY) manage.py run_bench --port $(BENCH_PORT) --seconds $(BENCH_SECONDS) $(BENCH_ARGS)

# The audit serves the site as the benchmark does (DEBUG off, the Procfile's gunicorn) on a
# database made afresh in .audit/, and runs Lighthouse and vnu, pinned in tests/audit/.
AUDIT_PORT ?= 8300
AUDIT_TOOLS := tests/audit/node_modules/.installed
AUDIT_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=audit-only-not-a-secret-$$$$-0123456789abcdef \
  DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_LOG_LEVEL=warning \
  DATABASE_URL=sqlite:///$(CURDIR)/.audit/audit.sqlite3

$(AUDIT_TOOLS): tests/audit/package-lock.json
	@command -v npm >/dev/null || { echo "make audit needs npm: sudo apt-get install npm"; exit 1; }
	cd tests/audit && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

audit: $(TEST_TOOLS) $(AUDIT_TOOLS) ## Lighthouse (mobile) and the HTML checker over every learner page
	@command -v java >/dev/null || { echo "make audit needs Java for vnu: sudo apt-get install default-jre-headless"; exit 1; }
	@rm -rf .audit && mkdir -p .audit
	@chromium=$$($(PY) tests/browser/chromium.py) && \
	  export $(AUDIT_ENV) CHROME_PATH="$$chromium" && \
	  $(PY) -m tests.audit --port $(AUDIT_PORT)

format: $(TEST_TOOLS) ## Format the code and apply ruff's safe fixes
	$(RUFF) format .
	$(RUFF) check --fix .

clean: ## Remove the virtualenv, the local database and collected static files
	rm -rf $(VENV) staticfiles test-results .bench .audit tests/audit/node_modules db.sqlite3 db.sqlite3-shm db.sqlite3-wal bench.sqlite3 bench.sqlite3-shm bench.sqlite3-wal
