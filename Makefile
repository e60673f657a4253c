# jsnlearn: everyday commands. `make run` and `make test` set everything up on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUFF := $(VENV)/bin/ruff
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install run reload-courses test lint suite format clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(INSTALLED): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "jsnlearn needs Python 3.11 or newer: run make with PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(INSTALLED) ## Create .venv and install the pinned requirements

run: $(INSTALLED) ## Migrate the SQLite database, load new courses, serve http://127.0.0.1:8000/
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_courses
	@echo "Serving http://$(HOST):$(PORT)/  (an admin account: $(PY) manage.py createsuperuser)"
	$(PY) manage.py runserver $(HOST):$(PORT)

reload-courses: $(INSTALLED) ## Update every course from its bundle in jsnlearn/courses/
	$(PY) manage.py load_courses --update

test: lint suite ## Lint, then run the whole suite, browser tests included

lint: $(INSTALLED) ## ruff, formatting, and models that agree with their migrations
	$(RUFF) check .
	$(RUFF) format --check .
	$(PY) manage.py makemigrations --check --dry-run

suite: $(INSTALLED) ## The test suite alone (DATABASE_URL picks the database)
	@chromium=$$($(PY) tests/browser/chromium.py) && \
	  echo "Browser tests drive $$chromium" && \
	  CHROMIUM_PATH="$$chromium" $(PY) -m pytest $(PYTEST_ARGS)

format: $(INSTALLED) ## Format the code and apply ruff's safe fixes
	$(RUFF) format .
	$(RUFF) check --fix .

clean: ## Remove the virtualenv, the local database and collected static files
	rm -rf $(VENV) staticfiles test-results db.sqlite3 db.sqlite3-shm db.sqlite3-wal
