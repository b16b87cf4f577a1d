# shenbao — `make run` serves the system, `make test` runs every check CI runs.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON_VERSION := $(shell cat .python-version)
PYTHON := $(shell command -v pyenv >/dev/null && echo "$$(pyenv root)/versions/$(PYTHON_VERSION)/bin/python" || echo python3.12)
ADDR ?= 127.0.0.1:8000

.PHONY: help venv fonts nginx run test lint typecheck migrations-check pytest pytest-pg bench bench-roster bench-crosscheck bench-upload bench-exports bench-submit bench-load bench-rehearsal bench-crypto bench-xls bench-pages clean
help: ## show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.lock 2>&1 | grep -v "is ignored" || true
	$(PY) -m pip install -q --no-deps -e . 2>&1 | grep -v "is ignored" || true
	@# An editable install ships no bytecode, and with PYTHONDONTWRITEBYTECODE set Python would
	@# compile every module from source at each start (≈25 ms of a `shenbao check`): compile it
	@# once, as installing a wheel does. A module changed since is recompiled in memory, as before.
	$(PY) -m compileall -q shenbao
	$(PY) -c "import django, shenbao" && touch $@

venv: $(VENV)/.installed ## create the virtual environment and install the locked dependencies

fonts: $(VENV)/.installed ## a Chinese TrueType font for PDFs: installs fonts-wqy-microhei (as root, apt) when none is found
	@$(PY) -m shenbao.printing.fonts >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "安装 PDF 所需的中文字体 fonts-wqy-microhei……"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-wqy-microhei >/dev/null; \
	  else \
	    echo "未找到可嵌入 PDF 的中文字体：PDF 将使用不嵌入的内置字体。以 root 运行 apt-get install fonts-wqy-microhei 可解决。"; \
	  fi; }

nginx: ## nginx for the deployment rehearsal: installs Debian's package (as root, apt) without starting a system nginx
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "安装部署演练所需的 nginx（不启动系统自带的 nginx 服务）……"; \
	    made=; if [ ! -e /usr/sbin/policy-rc.d ]; then \
	      printf '#!/bin/sh\n# bench: no service starts while nginx is installed\nexit 101\n' >/usr/sbin/policy-rc.d; \
	      chmod +x /usr/sbin/policy-rc.d; made=1; fi; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null; \
	    status=$$?; [ -z "$$made" ] || rm -f /usr/sbin/policy-rc.d; exit $$status; \
	  else \
	    echo "部署演练需要 nginx：请以 root 运行 apt-get install nginx。"; exit 1; \
	  fi; }

run: $(VENV)/.installed fonts ## migrate, load reference and demo data, start the worker and serve on $(ADDR)
	@mkdir -p var/media
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_directory
	$(PY) manage.py create_demo_data
	@$(PY) manage.py db_worker --interval 0.2 >var/worker.log 2>&1 & worker=$$!; \
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

pytest-pg: $(VENV)/.installed ## the test suite on a throwaway PostgreSQL 15, files in a throwaway S3 server (moto)
	$(PY) manage.py collectstatic --noinput -v 0
	set -e; pg=$$(scripts/pg-up.sh); eval "$$pg"; trap scripts/pg-down.sh EXIT; \
	  s3=$$(scripts/s3-up.sh); eval "$$s3"; trap 'scripts/s3-down.sh; scripts/pg-down.sh' EXIT; \
	  $(VENV)/bin/pytest

test: lint typecheck migrations-check pytest pytest-pg ## everything CI checks

bench: bench-roster bench-crosscheck bench-upload bench-exports bench-submit bench-pages bench-load bench-rehearsal ## every benchmark (see bench/README.md); long

bench-roster: $(VENV)/.installed ## shenbao check vs a bare calamine read, 10k/100k/200k rows
	$(PY) -m bench.roster

bench-crosscheck: $(VENV)/.installed ## cross-check a 100k roster against 1M stored persons (SQLite; PGHOST for PostgreSQL)
	$(PY) -m bench.crosscheck

bench-upload: $(VENV)/.installed ## a 100k-row upload through the view and the real worker
	$(PY) -m bench.upload

bench-exports: $(VENV)/.installed ## the annotated copy and the package PDF of a 100k-row application, as the worker builds them
	$(PY) -m bench.exports --rows 100000 --repeat 3

bench-submit: $(VENV)/.installed ## submit and resubmit a 100k-row application through the view (SQLite; PGHOST for PostgreSQL)
	$(PY) -m bench.submit

bench-load: $(VENV)/.installed ## 50 users for 60 s against gunicorn + PostgreSQL + the worker
	$(PY) -m bench.load

bench-rehearsal: $(VENV)/.installed nginx ## deployment rehearsal: nginx, 2 gunicorns, 2 workers, PostgreSQL, S3; kills in the middle
	$(PY) -m bench.rehearsal

bench-pages: $(VENV)/.installed ## reviewer and applicant roster pages of a 100k-row application, first/last page, after a resubmission (SQLite; PGHOST for PostgreSQL)
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) -m bench.pages

bench-crypto: $(VENV)/.installed ## cost of the aes and sm profiles: 100k numbers, a 20 MB file
	$(PY) -m bench.crypto

bench-xls: $(VENV)/.installed ## cost of the .xls scan on the largest .xls (65,536 x 13; needs LibreOffice)
	$(PY) -m bench.xls_scan

clean: ## remove the virtual environment and local data
	rm -rf $(VENV) var staticfiles
