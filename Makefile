# The project's verbs. Each target is a line a person could type.
# With no DATABASE_URL / REDIS_URL in the environment, run and test start an
# embedded PostgreSQL and Redis under var/ and stop them again afterwards.

PYTHON_SYSTEM ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SERVICES := $(PY) -m pilkada_mitigasi.devservices --
WEB_PORT ?= 8000
PYTEST_ARGS ?=
# What make test-fast leaves out (pytest.ini describes the marks); make test runs everything.
TEST_FAST_MARKS := not browser and not chaos and not bench and not demo and not migration and not fuzz and not cluster
# make test-fast runs the tests in TEST_WORKERS processes (pytest-xdist), each with its own test
# database and Redis databases (conftest.py).
TEST_WORKERS ?= 2
PYTEST_PARALLEL := -n $(TEST_WORKERS) --dist worksteal
# Test modules compiled once and kept under var/ (the source tree stays clean), even where the
# environment says PYTHONDONTWRITEBYTECODE: pytest's assertion rewriting is a third of a start-up.
TEST_ENV := env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX=$(CURDIR)/var/pycache DJANGO_ENV=test

.PHONY: help install install-dev run run-prod test test-fast coverage screenshots lint fmt migrate bench chromium messages clean

help:
	@echo "make run       set up and start web + critical worker + default worker + beat (embedded PostgreSQL/Redis if none given)"
	@echo "make test      set up and run the whole test suite, browser tests included"
	@echo "make test-fast the suite without browser, chaos, bench, demo, migration and fuzz tests (docs/performance.md)"
	@echo "make coverage  the whole suite with a coverage report (terminal, and HTML in var/coverage/html)"
	@echo "make screenshots  retake the screenshots in docs/ (map.png, dashboard.png) in a real Chromium"
	@echo "make lint      ruff format --check, ruff check, mypy (services, selectors, core), lint-imports (layers, own tables; layers again with type hints), makemigrations --check"
	@echo "make fmt       ruff format and ruff check --fix"
	@echo "make migrate   apply migrations"
	@echo "make bench     run every benchmark command (manage.py bench_*)"
	@echo "make run-prod  gunicorn + critical worker + default worker + beat against DATABASE_URL / REDIS_URL (DJANGO_ENV=production)"

$(PY):
	$(PYTHON_SYSTEM) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	$(SERVICES) env SITE_URL=$${SITE_URL:-http://127.0.0.1:$(WEB_PORT)} sh -c '$(PY) manage.py migrate --noinput && $(PY) manage.py seed_demo && \
	  echo && echo "Pilkada Mitigasi: http://127.0.0.1:$(WEB_PORT)/  (Ctrl-C menghentikan semuanya)" && echo && \
	  WEB_PORT=$(WEB_PORT) exec $(VENV)/bin/honcho -f Procfile.dev start'

run-prod: install
	DJANGO_ENV=production $(PY) manage.py migrate --noinput
	DJANGO_ENV=production $(PY) manage.py collectstatic --noinput
	DJANGO_ENV=production $(VENV)/bin/honcho -f Procfile start

chromium: install-dev
	sh scripts/ensure-chromium.sh $(PY)

test: install-dev chromium
	DJANGO_ENV=test $(SERVICES) $(PY) -m pytest $(PYTEST_ARGS)

# --reuse-db keeps the test database between runs (Django still applies new migrations to it);
# PYTEST_ARGS=--create-db builds it afresh, e.g. after switching to a branch with other migrations.
test-fast: install-dev
	$(TEST_ENV) $(SERVICES) $(PY) -m pytest $(PYTEST_PARALLEL) -m "$(TEST_FAST_MARKS)" --reuse-db $(PYTEST_ARGS)

coverage: install-dev chromium
	DJANGO_ENV=test $(SERVICES) $(PY) -m pytest --cov --cov-report=term-missing:skip-covered --cov-report=html $(PYTEST_ARGS)
	@echo "HTML report: var/coverage/html/index.html"

screenshots: install-dev chromium
	PILKADA_SCREENSHOT_DIR=$(CURDIR)/docs DJANGO_ENV=test $(SERVICES) $(PY) -m pytest -m screenshot $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-logo --cache-dir var/import_linter_cache
	$(PY) scripts/lint_type_imports.py
	$(SERVICES) $(PY) manage.py makemigrations --check --dry-run

fmt: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrate: install
	$(SERVICES) $(PY) manage.py migrate

bench: install
	$(SERVICES) sh -c '$(PY) manage.py migrate --noinput && $(PY) manage.py load_regions && $(PY) manage.py run_benchmarks'

messages: install-dev
	cd $(CURDIR) && $(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=var --ignore=static && \
	  msgattrib --clear-fuzzy --empty -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po && \
	  $(PY) scripts/po_fill.py locale/en/glossary*.json && $(PY) manage.py compilemessages -l en -l id --ignore=.venv

clean:
	rm -rf var/media var/staticfiles .pytest_cache
