# cme_core — set-up and checks. Only python3 and the package registry are needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: all venv test lint types layers unit demo bench docs clean mutate

all: test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench,docs,frames,spark,reconcile]'
	touch $(STAMP)

venv: $(STAMP)

PYDOCS := docs/conf.py docs/conftest.py docs/_ext

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks $(PYDOCS)
	$(BIN)/ruff format --check src tests benchmarks $(PYDOCS)
	$(BIN)/interrogate src

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

# Mutation testing (mutmut 3) of three modules against their own tests, in its own venv
# (build/venv-mutate) and outside `make test`: CPU-heavy, about 4 minutes on 2 cores. It runs
# in a scratch copy (build/mutate) with a generated setup.cfg, so mutmut's mutants/ never
# touches the working tree and pyproject.toml needs no [tool.mutmut]. mutmut 3 leaves
# decorated functions alone, so the copy drops the argument-checking @checked decorator of the
# three modules: the bodies of their public functions are measured too. Fails if a module
# scores under MUT_MIN %. Scores and surviving mutants: benchmarks/MUTATION.md.
MUT_VENV  := build/venv-mutate
MUT_DIR   := build/mutate
MUT_JOBS  ?= 2
MUT_MIN   ?= 90
MUT_SRC   := src/cme_core/identifiers/upn.py src/cme_core/school_age.py src/cme_core/law/assess.py
MUT_TESTS := tests/identifiers/test_upn.py tests/test_school_age.py tests/law/test_assess.py \
             tests/law/test_assess_mutants.py
MUT_DEPS  := import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
             print(" ".join(p["dependencies"] + p["optional-dependencies"]["hypothesis"]))

$(MUT_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(MUT_VENV)
	$(MUT_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(MUT_VENV)/bin/python -m pip install --quiet 'mutmut>=3.8,<4' 'pytest>=8' \
		$$($(MUT_VENV)/bin/python -c '$(MUT_DEPS)')
	touch $@

mutate: $(MUT_VENV)/.installed
	rm -rf $(MUT_DIR)
	mkdir -p $(MUT_DIR)
	cp -R src tests pyproject.toml $(MUT_DIR)/
	cd $(MUT_DIR) && for f in $(MUT_SRC); do \
		sed -E '/^[[:space:]]*@checked[[:space:]]*$$/d' $$f > $$f.tmp && mv $$f.tmp $$f; done
	printf '%s\n' '[mutmut]' 'source_paths = src' 'use_git_change_detection = false' \
		'only_mutate =' $(foreach f,$(MUT_SRC),'    $(f)') \
		'pytest_add_cli_args_test_selection =' $(foreach f,$(MUT_TESTS),'    $(f)') \
		'pytest_add_cli_args =' '    -p' '    no:randomly' '    -p' '    no:cacheprovider' \
		> $(MUT_DIR)/setup.cfg
	cd $(MUT_DIR) && $(CURDIR)/$(MUT_VENV)/bin/mutmut run --max-children $(MUT_JOBS) > mutmut-run.log 2>&1 \
		|| { tail -c 2000 mutmut-run.log; exit 1; }
	cd $(MUT_DIR) && $(CURDIR)/$(MUT_VENV)/bin/mutmut results
	cd $(MUT_DIR) && $(CURDIR)/$(MUT_VENV)/bin/mutmut results --all true | awk -F': ' -v min=$(MUT_MIN) ' \
		{ m = $$1; sub(/^ +/, "", m); sub(/\.x_.*/, "", m); total[m]++ } \
		$$2 == "killed" || $$2 == "caught by type check" { killed[m]++ } \
		END { bad = 0; for (m in total) { s = 100 * killed[m] / total[m]; \
		  printf "%-28s %4d of %4d killed  %5.1f%%\n", m, killed[m], total[m], s; if (s < min) bad = 1 } \
		  exit bad }'

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache
