# warta: the two commands of the README.
#   make demo   install warta and code the bundled sample article
#   make test   install the test dependencies and run linters, type checks and tests
# Installs take every version from requirements/constraints.txt (all dependencies,
# transitive ones too, pinned); `make lock` regenerates it after a change to
# pyproject.toml. `make check-install` is the CI step that installs with plain
# `pip install .` in a fresh venv, as a new user would.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CONSTRAINTS := requirements/constraints.txt
SAMPLES := $(if $(wildcard ../shared/samples/*.txt),../shared/samples,src/warta/resources/samples/purna-warta-irak-as-2024-01-26.txt)

.PHONY: demo test install install-test lint typecheck pytest bench corpus clean lock check-install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==25.3

install: $(BIN)/python
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e '.[test,ray]'
	bash scripts/install-system-deps.sh

demo: install
	$(BIN)/warta run $(SAMPLES)

lint:
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

typecheck:
	$(BIN)/mypy

pytest:
	bash scripts/run-pytest.sh $(BIN)/python

test: install-test lint typecheck pytest

lock:
	bash scripts/lock.sh

check-install:
	bash scripts/check-plain-install.sh

bench: install
	$(BIN)/warta bench

# gold files with texts (build/corpus/{train,dev,test}.jsonl) from corpus/annotations and
# the shared folder ($$WARTA_SHARED, else ../shared)
corpus: install
	$(BIN)/python scripts/build_corpus.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
