# cme_core — set-up and checks. Only python3 and the package registry are needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: all venv test lint types layers unit demo bench docs clean

all: test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench,docs]'
	touch $(STAMP)

venv: $(STAMP)

PYDOCS := docs/conf.py docs/conftest.py docs/_ext

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks $(PYDOCS)
	$(BIN)/ruff format --check src tests benchmarks $(PYDOCS)

types: $(STAMP)
	$(BIN)/mypy --strict src tests benchmarks $(PYDOCS)

layers: $(STAMP)
	$(BIN)/lint-imports

unit: $(STAMP)
	$(BIN)/pytest -q
	HYPOTHESIS_NO_PLUGINS=1 $(BIN)/pytest -q -p no:cacheprovider tests/test_strategies.py tests/model

docs: $(STAMP)
	$(BIN)/sphinx-build -W --keep-going -q -b html docs docs/_build/html
	$(BIN)/pytest --doctest-glob='*.md' docs README.md -p no:cacheprovider -q

test: lint types layers unit docs

demo: $(STAMP)
	$(BIN)/cme demo

bench: $(STAMP)
	$(BIN)/pytest benchmarks -q -p no:randomly --benchmark-only --benchmark-columns=min,mean,max,rounds

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache
