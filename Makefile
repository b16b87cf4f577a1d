# shenbao — `make run` serves the system, `make test` runs every check CI runs.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON_VERSION := $(shell cat .python-version)
PYTHON := $(shell command -v pyenv >/dev/null && echo "$$(pyenv root)/versions/$(PYTHON_VERSION)/bin/python" || echo python3.12)
ADDR ?= 127.0.0.1:8000

.PHONY: help venv run test lint typecheck migrations-check pytest pytest-pg bench bench-roster bench-crosscheck bench-upload bench-load clean
help: ## show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.lock 2>&1 | grep -v "is ignored" || true
	$(PY) -m pip install -q --no-deps -e . 2>&1 | grep -v "is ignored" || true
	$(PY) -c "import django, shenbao" && touch $@

venv: $(VENV)/.installed ## create the virtual environment and install the locked dependencies

run: $(VENV)/.installed ## migrate, load reference and demo data, start the worker and serve on $(ADDR)
	@mkdir -p var/media
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_directory
	$(PY) manage.py create_demo_data
	@$(PY) manage.py db_worker >var/worker.log 2>&1 & worker=$$!; \
	  trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  echo "后台任务进程已启动（日志 var/worker.log）"; \
	  $(PY) manage.py runserver $(ADDR) --noreload

lint: $(VENV)/.installed ## ruff
	$(VENV)/bin/ruff check shenbao tests bench
	$(VENV)/bin/ruff format --check shenbao tests bench

typecheck: $(VENV)/.installed ## mypy (strict on shenbao/domain)
	$(VENV)/bin/mypy shenbao

migrations-check: $(VENV)/.installed ## fail when models changed without a migration
	$(PY) manage.py makemigrations --check --dry-run

pytest: $(VENV)/.installed ## the test suite on SQLite
	$(PY) manage.py collectstatic --noinput -v 0
	$(VENV)/bin/pytest

pytest-pg: $(VENV)/.installed ## the test suite on a throwaway PostgreSQL 15
	$(PY) manage.py collectstatic --noinput -v 0
	eval "$$(scripts/pg-up.sh)"; trap scripts/pg-down.sh EXIT; $(VENV)/bin/pytest

test: lint typecheck migrations-check pytest pytest-pg ## everything CI checks

bench: bench-roster bench-crosscheck bench-upload bench-load ## every benchmark (see bench/README.md); long

bench-roster: $(VENV)/.installed ## shenbao check vs a bare calamine read, 10k/100k/200k rows
	$(PY) -m bench.roster

bench-crosscheck: $(VENV)/.installed ## cross-check a 100k roster against 1M stored persons (SQLite; PGHOST for PostgreSQL)
	$(PY) -m bench.crosscheck

bench-upload: $(VENV)/.installed ## a 100k-row upload through the view and the real worker
	$(PY) -m bench.upload

bench-load: $(VENV)/.installed ## 50 users for 60 s against gunicorn + PostgreSQL + the worker
	$(PY) -m bench.load

bench-crypto: $(VENV)/.installed ## cost of the aes and sm profiles: 100k numbers, a 20 MB file
	$(PY) -m bench.crypto

clean: ## remove the virtual environment and local data
	rm -rf $(VENV) var staticfiles
