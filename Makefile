# PlanKG: two commands on a fresh machine.
#   make run   - create .venv, install, build the graph from data/plans/, serve the app
#   make test  - create .venv, install with test extras, run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PLANS := data/plans

.PHONY: run test bench venv system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[app,test]'
	touch $(STAMP)

venv: $(STAMP)

# Debian packages the browser test needs (headless Chromium); installed only when missing.
system-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing chromium (headless browser for the UI test)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

run: $(STAMP)
	$(BIN)/plankg parse $(PLANS)

test: $(STAMP)
	$(BIN)/python -m pytest -q tests

BENCHES := $(sort $(filter-out bench/results.py,$(wildcard bench/*.py)))

bench: $(STAMP)
	@for script in $(BENCHES); do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .plankg .pytest_cache
