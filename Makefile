# Two commands on a fresh machine: `make run` serves the skill, `make test` runs everything.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 5000

.PHONY: install run serve test lint typecheck pytest check model bench bench-load clean format

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	PORT=$(PORT) $(BIN)/python -m skill serve

# Production shape: gunicorn, threaded workers (skill/gunicorn_conf.py). Needs REDIS_URL.
serve: install
	PORT=$(PORT) $(BIN)/gunicorn --config python:skill.gunicorn_conf

test: lint typecheck pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest

check: install
	$(BIN)/python -m skill check
	$(BIN)/python -m skill.catalog.model --check

# Rewrite the interaction model's ROUTINE slot type from content/.
model: install
	$(BIN)/python -m skill.catalog.model

bench: install
	$(BIN)/python bench/run.py

# The skill against a bare Flask+Redis endpoint under gunicorn, with wrk (about a minute).
bench-load: install
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
