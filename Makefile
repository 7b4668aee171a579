# iomsite: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test e2e lint format messages compile-messages install clean audit

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet '.[test,rq]'
	@touch $(STAMP)

install: $(STAMP)

# Interface strings: extract them into locale/ (needs GNU xgettext), compile,
# then list what is left to translate per language.
messages: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages -l fr -l es --no-location \
		--ignore='.venv/*' --ignore='staticfiles/*' --ignore='static/*' \
		--ignore='media/*' --ignore='tests/*' --ignore='artifacts/*' --ignore='*.egg-info/*'
	DJANGO_DEBUG=1 $(BIN)/python manage.py compile_translations
	DJANGO_DEBUG=1 $(BIN)/python manage.py untranslated

# Compile only: what run and test need, without touching the catalogues.
compile-messages: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py compile_translations

run: compile-messages
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_demo
	@# The background worker (notification emails) runs beside the site and
	@# stops with it.
	DJANGO_DEBUG=1 $(BIN)/python manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: compile-messages
	@mkdir -p staticfiles
	$(BIN)/python -m pytest $(PYTEST_ARGS)

e2e: compile-messages
	$(BIN)/python -m pytest -m e2e $(PYTEST_ARGS)

# Load test against PostgreSQL and Redis, each page as a ratio to a bare
# Django project (bench/ceiling), cold, warm, cached and over a long tail
# (see bench/run.py; needs wrk): BENCH_RELEASES=100000 for the large
# archive. Results go to bench-results/ (not committed).
bench: compile-messages
	$(BIN)/python -m bench.run

# Known vulnerabilities in the installed packages (pip-audit), bounded in
# time; on a network where its data cannot be reached it says so and passes.
audit: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py audit_dependencies --timeout 300

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
