# Coproduce: `make run` starts the app with demo data; `make test` runs lint and every test.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first of python3.13, python3.12 or python3 that really is 3.12 or newer.
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
FRONTEND := node_modules/nhsuk-frontend/package.json
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2
# `make run` tells the app where it listens, so links in emails and QR codes (SITE_URL, when it is
# not set) point at this server.
RUN_ENV := HOST=$(HOST) PORT=$(PORT)

.PHONY: help run test lint format frontend install install-dev check-python migrate demo bench clean

help:
	@echo "make run    start Coproduce at http://$(HOST):$(PORT) with demo data (SQLite in var/)"
	@echo "make test   install the development tools, run lint and the whole test suite"

check-python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Coproduce needs Python 3.12 or newer (python3.13 or python3.12). Install one and try again." >&2; \
		exit 1; \
	fi

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# nhsuk-frontend's compiled CSS/JS, pinned in package-lock.json: npm when present, else a
# download from the npm registry checked against the lock file's integrity hash.
$(FRONTEND): package.json package-lock.json | $(BIN)/python
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else \
		$(BIN)/python scripts/fetch_frontend.py; \
	fi
	@touch $@

frontend: $(FRONTEND)

migrate: install frontend
	@mkdir -p var
	$(BIN)/coproduce migrate --no-input --verbosity 0

run: migrate
	@# Demo data loads once; after that the database is yours.
	@if [ ! -f var/.demo-loaded ]; then $(RUN_ENV) $(BIN)/coproduce demo --quiet && touch var/.demo-loaded; fi
	$(BIN)/coproduce collectstatic --no-input --verbosity 0
	@echo
	@echo "Coproduce is starting at http://$(HOST):$(PORT)"
	@echo
	@$(RUN_ENV) $(BIN)/coproduce demo --list
	@echo
	$(RUN_ENV) $(BIN)/coproduce runserver $(HOST):$(PORT)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install-dev frontend lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install-dev frontend
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
