# The README's two commands: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.DEFAULT_GOAL := help
.PHONY: help run test audit lint format check-deploy compose-config prometheus-check schemathesis \
	bench-deps bench chaos chaos-cluster cluster cluster-stop clean

# Every target a person runs says what it does after `##`; `make help` lists them in order
# (tests/test_makefile.py fails on a target left out).
help: ## list these targets
	@awk 'BEGIN { FS = ":[^#]*## " } /^[a-zA-Z0-9_-]+:[^#]*## / { printf "make %-17s %s\n", $$1, $$2 }' \
		$(MAKEFILE_LIST)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

run: $(VENV)/.runtime-installed ## set up everything (virtualenv, migrations, catalogue, demo users) and run
	$(MANAGE) migrate --noinput
	$(MANAGE) load_catalogue
	$(MANAGE) create_demo_accounts
	$(MANAGE) check_broker
	$(BIN)/honcho -f Procfile.dev start

test: $(VENV)/.dev-installed ## run the whole test suite (SQLite, or DATABASE_URL when set)
	$(BIN)/pytest $(PYTEST_ARGS)

# A coach's audit of the generator on the shipped catalogue (docs/COACHING.md): seasons for
# every goal x level x equipment profile; fails when any rule is broken.
audit: $(VENV)/.runtime-installed ## audit 30-day seasons of generated WODs against the coaching rules
	$(MANAGE) migrate --noinput
	$(MANAGE) load_catalogue
	$(MANAGE) audit_wods --days 30

lint: $(VENV)/.dev-installed ## ruff check, ruff format --check, makemigrations --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

format: $(VENV)/.dev-installed ## ruff format, then ruff check --fix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-deploy: $(VENV)/.runtime-installed ## check the production settings with manage.py check --deploy
	DJANGO_SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9') \
	JWT_SIGNING_KEY=check-deploy-jwt-$$(head -c 32 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9') \
	DJANGO_ALLOWED_HOSTS=coach.example.com CACHE_URL=redis://127.0.0.1:6379/0 \
	DJANGO_SETTINGS_MODULE=coachsite.settings.production \
	$(MANAGE) check --deploy --fail-level WARNING

# Alert rules against their unit tests, then the whole Prometheus config; its scrape token
# file is written at start (ops/prometheus/start-prometheus), so a stand-in is used here.
prometheus-check: ## test the alert rules and check the Prometheus config (promtool)
	promtool test rules ops/prometheus/alerts.test.yml
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && cp ops/prometheus/*.yml "$$tmp" \
		&& echo stand-in > "$$tmp/metrics-token" && promtool check config "$$tmp/prometheus.yml"

# Fuzz the running API from its OpenAPI schema: no 5xx, every answer as documented.
schemathesis: $(VENV)/.dev-installed ## fuzz the running API against its OpenAPI schema
	$(BIN)/python .ci/schemathesis.py

compose-config: ## validate docker-compose.yml, with and without its cluster profile
	docker-compose -f docker-compose.yml config --quiet
	docker-compose -f docker-compose.yml --profile cluster config --quiet

# Benchmarks run on PostgreSQL (BENCH_DATABASE_URL, created when missing) and need wrk for the
# HTTP load (Debian package, installed as root). Chaos runs start a PostgreSQL of their own.
bench-deps: ## install wrk (Debian package, as root) for make bench
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)

bench: $(VENV)/.dev-installed bench-deps ## throughput, latency and memory against a Celery peer (docs/BENCHMARKS.md)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

chaos: $(VENV)/.dev-installed ## kill consumers, restart RabbitMQ and PostgreSQL under load; nothing lost or doubled
	$(BIN)/python -m bench.chaos $(CHAOS_ARGS)

# Starts the cluster below when it is not running (and then stops it), and runs the tests
# marked `chaos` on it afterwards. See bench/chaos_cluster.py.
chaos-cluster: $(VENV)/.dev-installed ## a 3-node cluster losing its queue leader under load, then the chaos tests
	$(BIN)/python -m bench.chaos_cluster $(CHAOS_ARGS)

# A 3-node RabbitMQ cluster beside the machine's node, from Debian's rabbitmq-server package;
# its data lives in .cluster/. See bench/cluster.py.
cluster: ## start a 3-node RabbitMQ cluster on this host and print its AMQP_URL
	@$(PYTHON) -m bench.cluster start

cluster-stop: ## stop that cluster and remove its data (.cluster/)
	@$(PYTHON) -m bench.cluster stop

clean: ## remove the virtualenv, the SQLite database and collected static files
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles
