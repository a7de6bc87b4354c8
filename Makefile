# gongkai — the only entry points. `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/gongkai
# The search bench works in a throw-away schema of this database (it must exist).
PG_BENCH_URL ?= postgres://postgres@127.0.0.1:5432/postgres
PYTEST_WORKERS ?= 2
BENCH_SCALE ?= 100000

.PHONY: run test test-pg test-all bench loadtest faults lint audit system-deps venv clean

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

venv: $(STAMP)

system-deps:
	@bash scripts/system-deps.sh

run: $(STAMP)
	$(BIN)/gongkai migrate --no-input
	$(BIN)/gongkai load-demo
	@echo "永昌县政府信息公开平台: http://$(HOST):$(PORT)/  (后台 /admin/)"
	$(BIN)/gongkai runserver $(HOST):$(PORT)

test: $(STAMP) system-deps
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup

# The same suite against PostgreSQL (CI's second pass); needs a server at PG_URL.
test-pg: $(STAMP) system-deps
	@if [ "$(PG_URL)" = "postgres://postgres@127.0.0.1:5432/gongkai" ]; then bash scripts/postgres.sh; fi
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup

bench: $(STAMP)
	$(BIN)/python bench/pages.py --scale $(BENCH_SCALE)
	$(BIN)/python bench/requests.py
	@if [ "$(PG_URL)" = "postgres://postgres@127.0.0.1:5432/gongkai" ]; then bash scripts/postgres.sh; fi
	$(BIN)/python bench/search.py --scale $(BENCH_SCALE) --database-url $(PG_BENCH_URL)

# Load test (docs/reliability.md): gunicorn with the demo county, pages, search and request
# submission for LOAD_SECONDS each, on SQLite then on PostgreSQL; 127.0.0.1 only. Not in CI.
LOAD_SECONDS ?= 30
loadtest: $(STAMP)
	$(BIN)/python bench/loadtest.py --seconds $(LOAD_SECONDS)
	@if [ "$(PG_URL)" = "postgres://postgres@127.0.0.1:5432/gongkai" ]; then bash scripts/postgres.sh; fi
	$(BIN)/python bench/loadtest.py --seconds $(LOAD_SECONDS) --database-url $(PG_BENCH_URL)

# Fault injection (docs/reliability.md): kill -9 during an import, a publish, a backup and under
# load, a full disk and a locked database; then the invariants are checked. Not in CI.
faults: $(STAMP)
	$(BIN)/python bench/faults.py

# mypy on the pure modules (no Django); demo_data.py is generated-style data, checked by its tests.
PURE := src/gongkai/catalog/docno.py src/gongkai/catalog/columns.py src/gongkai/catalog/richtext.py \
	src/gongkai/catalog/filetypes.py \
	src/gongkai/ops/legacy.py src/gongkai/ops/demo_files.py src/gongkai/ops/backup.py src/gongkai/workdays \
	src/gongkai/publishing/scanner.py src/gongkai/publishing/extract.py \
	src/gongkai/publishing/classify.py src/gongkai/publishing/timeliness.py \
	src/gongkai/requests/deadlines.py src/gongkai/requests/fees.py src/gongkai/requests/tracking.py \
	src/gongkai/requests/letters.py src/gongkai/requests/letter_texts.py \
	src/gongkai/workcalendar/parse.py src/gongkai/workcalendar/grid.py \
	src/gongkai/reports/tables.py src/gongkai/reports/render.py src/gongkai/reports/decisions.py \
	src/gongkai/typesetting.py src/gongkai/spreadsheets.py src/gongkai/search/segment.py \
	src/gongkai/search/entries.py src/gongkai/search/snippets.py src/gongkai/search/sqlite_fts.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy --ignore-missing-imports --python-version 3.11 $(PURE)
	$(BIN)/bandit --quiet --recursive src --severity-level high

# Known vulnerabilities of the installed packages (PyPI's advisory data, over the network).
# --strict fails when a package could not be checked, so an unreachable database is an error,
# never a silent pass. Not in CI: see docs/deployment.md for why and when to run it.
audit: $(STAMP)
	$(BIN)/python -m pip install --quiet pip-audit==2.10.1
	$(BIN)/pip-audit --local --skip-editable --strict --progress-spinner off

clean:
	rm -rf $(VENV) var test-artifacts bench/out
