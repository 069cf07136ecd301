# PlanKG: two commands on a fresh machine.
#   make run   - create .venv, install, build the graph from data/plans/ into .plankg/store, serve the app
#   make test  - create .venv, install with test extras (and headless Chromium), run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PLANS := data/plans
STORE := .plankg/store
PORT ?= 8501
# Debian packages for the browser test: headless Chromium, and a CJK font so pages render legibly;
# Virtuoso Open Source, the second SPARQL engine the catalogue is tested on.
DEBIAN_PACKAGES := chromium fonts-wqy-microhei virtuoso-opensource
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo)

.PHONY: run build test bench venv system-deps clean docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[app,test]'
	touch $(STAMP)

venv: $(STAMP)

system-deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

build: $(STAMP)
	$(BIN)/plankg build --input $(PLANS) --store $(STORE)

run: build
	PLANKG_STORE=$(STORE) $(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT) \
	  --server.headless true --browser.gatherUsageStats false

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -q tests

# bench/run.py is the national-scale benchmark (N = 100 here; larger sizes by hand); its helpers are not run alone.
BENCH_HELPERS := bench/results.py bench/report.py bench/generate.py bench/regions.py bench/variation.py bench/app_probe.py
BENCHES := $(sort $(filter-out $(BENCH_HELPERS),$(wildcard bench/*.py)))
# The ontology as an HTML document (pyLODE), linked from the README and served by plankg serve at /ontology.
docs: $(STAMP)
	$(BIN)/python -m graph.rdf.ontology_docs docs/ontology.html


bench: $(STAMP)
	@for script in $(BENCHES); do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .plankg .pytest_cache
