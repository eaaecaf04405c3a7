# The README's two commands: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.DEFAULT_GOAL := help
.PHONY: help run test lint format check-deploy compose-config schemathesis clean

help:
	@echo "make run    set up everything (virtualenv, migrations, catalogue, demo users) and run"
	@echo "make test   run the whole test suite (SQLite, or DATABASE_URL when set)"
	@echo "make lint   ruff check, ruff format --check, makemigrations --check"
	@echo "make schemathesis   fuzz the running API against its OpenAPI schema"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

run: $(VENV)/.runtime-installed
	$(MANAGE) migrate --noinput
	$(MANAGE) load_catalogue
	$(MANAGE) create_demo_accounts
	$(MANAGE) check_broker
	$(BIN)/honcho -f Procfile.dev start

test: $(VENV)/.dev-installed
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

format: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-deploy: $(VENV)/.runtime-installed
	DJANGO_SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9') \
	JWT_SIGNING_KEY=check-deploy-jwt-$$(head -c 32 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9') \
	DJANGO_ALLOWED_HOSTS=coach.example.com \
	DJANGO_SETTINGS_MODULE=coachsite.settings.production \
	$(MANAGE) check --deploy --fail-level WARNING

# Fuzz the running API from its OpenAPI schema: no 5xx, every answer as documented.
schemathesis: $(VENV)/.dev-installed
	$(BIN)/python .ci/schemathesis.py

compose-config:
	docker-compose -f docker-compose.yml config --quiet

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles
