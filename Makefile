# Two commands on a fresh machine: `make run` serves the skill, `make test` runs everything.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 5000

.PHONY: install run test lint typecheck pytest check model originality bench clean format

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	PORT=$(PORT) $(BIN)/python -m skill serve

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

# Fail if anything the skill can say copies 8+ words of a source article (not part of `make test`).
SOURCES ?= ../shared/sources
originality: install
	$(BIN)/python -m skill.catalog.originality $(SOURCES)

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
