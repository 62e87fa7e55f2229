# Mitwirken – make help lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Local runs: debug on, HTTPS hardening off, tasks run in-process, mails to the console at once
# (in-process tasks cannot wait for the coalescing window).
# Links in mails and the admin follow HOST and PORT (SITE_URL).
RUN_ENV := DJANGO_DEBUG=1 DJANGO_SECURE=0 DJANGO_TASKS_BACKEND=immediate DJANGO_MANIFEST_STATIC=0 NOTIFICATION_WINDOW_MINUTES=0 SITE_URL=http://$(HOST):$(PORT)
# make run prints a short summary; VERBOSITY=1 shows every migration and demo loader again.
VERBOSITY ?= 0
# Local PostgreSQL and Redis for test-postgres (what .ci/run sets up).
PG_URL ?= postgres://mitwirken:mitwirken@127.0.0.1:5432/mitwirken
REDIS_TEST_URL ?= redis://127.0.0.1:6379/1
# Lock files: uv (a dev dependency) resolves pyproject.toml for .venv's Python on Linux; the
# previous pins are kept unless LOCK_ARGS=--upgrade (or --upgrade-package NAME) says otherwise.
UV_COMPILE := $(BIN)/uv pip compile --quiet --generate-hashes --python $(PY) --python-platform linux --custom-compile-command "make lock"
# Translations: the compiled .mo files are committed; compiling them needs GNU gettext (msgfmt).
# KERN design system (npm @kern-ux/native): the built CSS and fonts are vendored in
# participation/static/vendor/kern/; make kern fetches this version and checks this sha512.
KERN_VERSION := 2.7.2
KERN_INTEGRITY := sha512-TN0Mqbasp7S1IOqurXickde8MDj5hIcgT4s3f1i33wyv2iVgA1dTO/FoQyi6rgM9KYTYkIthl9k72g7fBUUvHg==
COMPILEMESSAGES := $(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules

.DEFAULT_GOAL := help
.PHONY: kern help run setup install migrate demo serve test test-fast test-browser test-postgres ci lint format lock smoke bench clean messages check-messages

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-15s\033[0m %s\n", $$1, $$2}'

$(VENV)/.installed: requirements-dev.lock
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed ## Create .venv and install the locked dependencies

migrate: install ## Apply database migrations
	@$(RUN_ENV) $(PY) manage.py migrate --noinput --verbosity $(VERBOSITY)
	@$(RUN_ENV) $(PY) manage.py createcachetable
	@echo "Database migrated (db.sqlite3, or DATABASE_URL)."

demo: migrate ## Load the demo content and demo accounts (idempotent)
	@$(RUN_ENV) $(PY) manage.py load_demo_content --verbosity $(VERBOSITY)
	@echo "Demo content loaded."

setup: demo ## Everything run needs, without serving

run: setup ## Install, migrate, load demo content and serve http://127.0.0.1:8000 on SQLite
	@echo ""
	@echo "  Mitwirken:   http://$(HOST):$(PORT)/   (English: http://$(HOST):$(PORT)/en/)"
	@echo "  Admin:       http://$(HOST):$(PORT)/admin/"
	@echo "  Demo logins: bewohnerin@example.org (resident), forscher@uni-wuppertal.de (researcher),"
	@echo "               redaktion@example.org (editor), moderation@example.org (moderator),"
	@echo "               admin@example.org (administrator); password for all: mitwirken-demo"
	@echo "  Mail:        printed here in the terminal, not sent"
	@echo "  Stop:        Ctrl+C"
	@echo ""
	@$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

test: install ## Run the whole suite (SQLite, or PostgreSQL when DATABASE_URL points there)
	$(BIN)/pytest

test-fast: install ## Run the suite without browser tests
	$(BIN)/pytest -m "not browser"

test-browser: install ## Run only the browser tests (Playwright + Debian chromium)
	$(BIN)/pytest -m browser tests/browser

test-postgres: install ## Run the whole suite on local PostgreSQL (PG_URL) and Redis (REDIS_TEST_URL)
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) $(MAKE) test

ci: ## Run what CI runs (.ci/run): services, lint, checks, the suite on SQLite and PostgreSQL
	.ci/run

lint: install ## Check code style (ruff) and the layering of the apps (lint-imports)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install ## Format code (ruff)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install ## Update the catalogues and compile the .mo files to commit, list what is untranslated (needs GNU gettext)
	$(PY) manage.py makemessages -l en --ignore=$(VENV) --ignore=tests --ignore=node_modules
	$(COMPILEMESSAGES)
	-$(PY) scripts/untranslated.py

check-messages: install ## Recompile every catalogue and fail when a committed .mo is stale (needs GNU gettext)
	find . -path ./$(VENV) -prune -o -path '*/locale/*/LC_MESSAGES/*.mo' -type f -exec rm -f {} +
	$(COMPILEMESSAGES) --verbosity 0
	@stale="$$(git diff --name-only -- '*.mo'; git ls-files --others --exclude-standard -- '*.mo')"; \
	if [ -n "$$stale" ]; then \
		echo "$$stale"; \
		echo "check-messages: these .mo files differ from a fresh compile of their .po (make messages, then commit them)"; \
		exit 1; \
	fi

lock: install ## Re-resolve the lock files (with hashes) from pyproject.toml; LOCK_ARGS=--upgrade to upgrade
	$(UV_COMPILE) $(LOCK_ARGS) pyproject.toml -o requirements.lock
	$(UV_COMPILE) $(LOCK_ARGS) pyproject.toml --extra dev -c requirements.lock -o requirements-dev.lock

smoke: install ## Deployment smoke test: nginx -> gunicorn + task worker on PostgreSQL and Redis (deploy/)
	$(PY) deploy/smoke_test.py --database-url $(PG_URL) --redis-url redis://127.0.0.1:6379/3

bench: install ## Benchmarks: pages next to their floors at 1k/10k/100k ideas plus HTTP load, PostgreSQL + Redis (docs/benchmarks.md)
	$(PY) manage.py run_benchmarks $(BENCH_ARGS)

clean: ## Remove the virtualenv, database and collected files
	rm -rf $(VENV) db.sqlite3 staticfiles media .pytest_cache .ruff_cache

kern: ## Refresh the vendored KERN CSS and fonts from npm (pinned version, integrity checked; needs npm)
	scripts/vendor_kern.sh $(KERN_VERSION) $(KERN_INTEGRITY)
