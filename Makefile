# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
# CI adds `postgres` (psycopg2, built from source); the embedded default needs no PostgreSQL.
EXTRAS ?= dev
HOST   ?= 127.0.0.1:8000

.PHONY: run test install migrate seed lint worker beat clean bench loadtest

$(VENV)/.installed-$(EXTRAS): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[$(EXTRAS)]"
	rm -f $(VENV)/.installed-*
	touch $@

install: $(VENV)/.installed-$(EXTRAS)

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	@echo "Portalen: http://$(HOST)/  (avbryt med Ctrl-C)"
	$(PY) manage.py runserver $(HOST)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

worker: install
	$(VENV)/bin/celery -A isms worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A isms beat --loglevel=INFO

# Page times at city scale on PostgreSQL under gunicorn (not part of `make test`): its own
# database (BENCH_DB, default isms_bench), seeded once; writes docs/benchmarks.md. Needs the
# postgres extra, so: `make bench EXTRAS=dev,postgres`. See bench/run.py for the variables.
bench: install
	$(PY) -m bench.run

# Many users at once (not part of `make test`): locust, headless, 100 users for 2 minutes against
# the bench database under gunicorn (4 workers) and a Celery worker on Redis; writes the loadtest
# block of docs/benchmarks.md. Needs the bench extra: `make loadtest EXTRAS=dev,postgres,bench`.
loadtest: install
	$(PY) -m bench.loadtest

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles media .pytest_cache
