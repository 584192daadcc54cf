# Two commands on a fresh machine: `make run` serves the skill, `make test` runs everything.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
LOCK := requirements-dev.lock
# The installer is pinned too: uv, from a hashed lock that any pip can read (docs/decisions/).
UV_LOCK := requirements-uv.lock
PORT ?= 5000
NPM ?= npm
APL_TOOLS := tools/apl
APL_STAMP := $(APL_TOOLS)/node_modules/.installed-stamp
# The suite is two pytest runs at once, `unit` (tests/unit: small pure tests) and `integration`
# (everything else: Redis, the app, dialogs, servers and subprocesses), each on PYTEST_WORKERS
# pytest-xdist workers (0: in one process; `sockets` and `coverage` use them too). A file's tests
# run on one worker, so its servers start once (--dist loadfile; tests/conftest.py).
PYTEST_WORKERS ?= 2
# Bytecode is written even when the environment sets PYTHONDONTWRITEBYTECODE: without it every
# worker rewrites and compiles every test module again on every run.
SERIAL_PYTEST := env PYTHONDONTWRITEBYTECODE= $(BIN)/pytest
PYTEST := $(SERIAL_PYTEST) -n $(PYTEST_WORKERS) --dist loadfile
# Locks for every platform and every Python 3.11 release (a marker keeps what only some need,
# e.g. async-timeout before 3.11.3), with extras kept (pytest-cov asks for coverage[toml]), so no
# installer resolves anything again past the lock.
UV_COMPILE := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	--no-strip-extras

.PHONY: install lock run serve test lint format typecheck pytest unit integration store http \
	dialogs sockets coverage check model originality report screens bench bench-load clean

# Whatever pip the interpreter bundles installs only the pinned uv (one wheel, no dependencies,
# hashes checked); uv makes the venv exactly what the lock pins (hashes checked; a package built
# from source builds with the lock's setuptools), then installs the project without resolving.
# uv reads PyPI, or UV_DEFAULT_INDEX for a mirror (not pip's configuration).
# Bytecode is compiled at install, as pip does: the suite's -W error would otherwise refuse
# ask-sdk-model's docstrings (invalid escapes) when they are first compiled on import.
$(STAMP): pyproject.toml $(LOCK) $(UV_LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		--only-binary :all: -r $(UV_LOCK)
	$(BIN)/uv pip sync --quiet --python $(BIN)/python --require-hashes --compile-bytecode \
		--build-constraints $(LOCK) $(LOCK)
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Amazon's APL validator (apl-suggester, npm), exactly as package-lock.json pins it, for the tests.
$(APL_STAMP): $(APL_TOOLS)/package.json $(APL_TOOLS)/package-lock.json
	@command -v $(NPM) >/dev/null || { echo "make install needs Node.js and npm:" \
		"sudo apt-get install nodejs npm (or https://nodejs.org)" >&2; exit 1; }
	cd $(APL_TOOLS) && $(NPM) ci --no-audit --no-fund --loglevel=error
	touch $(APL_STAMP)

install: $(STAMP) $(APL_STAMP)

# Re-pin every dependency (within pyproject.toml's ranges) to the newest release, with hashes.
# The runtime lock takes the dev lock's versions, so what is deployed is what was tested.
lock: $(STAMP)
	$(UV_COMPILE) --upgrade --extra dev --output-file $(LOCK) pyproject.toml
	$(UV_COMPILE) --constraint $(LOCK) --output-file requirements.lock pyproject.toml
	echo uv | $(UV_COMPILE) --upgrade --output-file $(UV_LOCK) -

# A local start: with no ALEXA_SKILL_ID set, the skill-id check is waived (said at start-up);
# a deployment sets ALEXA_SKILL_ID, or the server refuses to start.
run: $(STAMP)
	PORT=$(PORT) ALEXA_SKILL_ID_WAIVED="$${ALEXA_SKILL_ID_WAIVED:-true}" $(BIN)/python -m skill serve

# Production shape: gunicorn, asyncio workers (skill/gunicorn_conf.py). Needs REDIS_URL.
serve: $(STAMP)
	PORT=$(PORT) $(BIN)/gunicorn --config python:skill.gunicorn_conf

# All four at once, each one's output printed whole when it ends; fails if any fails.
test: install
	@$(MAKE) --no-print-directory -j4 --output-sync=target lint typecheck unit integration

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: install
	$(BIN)/mypy

# Every test: the two halves below, at once.
pytest: install
	@$(MAKE) --no-print-directory -j2 --output-sync=target unit integration

integration: install
	$(PYTEST) -q --ignore=tests/unit

# One folder of tests/ each (also a marker: `pytest -m unit`); `make unit` is the fast, pure part.
# store, http and dialogs, each a part of `integration` to run on its own, run in one process.
# unit keeps its own pytest cache: run beside integration, each would overwrite the other's list
# of last failures (--lf).
unit: install
	$(PYTEST) -q -o cache_dir=.pytest_cache/unit tests/unit

store http dialogs: install
	$(SERIAL_PYTEST) -q tests/$@

sockets: install
	$(PYTEST) -q tests/$@

# The whole suite with branch coverage of skill/ and tools/; fails under the floor in pyproject.toml.
coverage: install
	$(PYTEST) -q --cov --cov-report=term

check: install
	$(BIN)/python -m skill check
	$(BIN)/python -m skill.catalog.model --check

# Regenerate every locale's interaction model in skill-package/ from interaction_models/ and content/.
model: install
	$(BIN)/python -m skill.catalog.model

# Fail if anything the skill can say copies 8+ words of a source article (not part of `make test`).
SOURCES ?= ../shared/sources
originality: install
	$(BIN)/python -m tools.originality $(SOURCES)

# Every step of every routine as heard: length, most repeated sentence, flags.
report: install
	$(BIN)/python -m tools.voice_report

# The step screen's pictures in docs/screens/, drawn from the real document and a real step.
screens: install
	$(BIN)/python -m tools.screens.preview

bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/person_size.py

# The skill against a bare Flask+Redis endpoint and an ask-sdk peer under gunicorn, with wrk.
bench-load: install
	$(BIN)/python bench/load.py

# Everything the Makefile, the tools and the tests create.
clean:
	rm -rf $(VENV) var build dist htmlcov .pytest_cache .mypy_cache .ruff_cache .hypothesis \
		.coverage .coverage.* *.egg-info $(APL_TOOLS)/node_modules
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
