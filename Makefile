# The two commands a newcomer needs:
#   make serve   build the site and serve it on http://127.0.0.1:8000
#   make test    run every test
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Material 9.7+ prints a banner about MkDocs 2 on every build; this project pins MkDocs 1.x.
export NO_MKDOCS_2_WARNING := 1

NODE   := node_modules/.package-lock.json

.PHONY: serve build test validate verify examples bench zip clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Browser files for the site (search shim) and the tests (axe-core), from the npm registry.
$(NODE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE)

# Served at the root: MkDocs would otherwise serve under site_url's path (/versus/). `--dirty`
# keeps the served folder between rebuilds; versus then rebuilds only the pages an edit changes
# (exact, not approximate: see BENCHMARKS.md, "How the incremental rebuild works").
serve: $(STAMP) $(NODE)
	$(BIN)/mkdocs build --strict
	VERSUS_SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --dirty

build: $(STAMP) $(NODE)
	$(BIN)/mkdocs build --strict

validate: $(STAMP)
	$(BIN)/versus validate data

test: $(STAMP) $(NODE)
	$(BIN)/python -m pytest

# Recorded versions against PyPI and npm (exit 1 when one is stale; `--write` updates them).
verify: $(STAMP)
	$(BIN)/versus verify data

# Every example snippet, run as shown on CPU, one environment per subject outside the project
# (~/.cache/versus), pinned to the versions of the last recorded run. Downloads a few GB once.
examples: $(STAMP)
	$(BIN)/versus examples data --pinned

bench: $(STAMP) $(NODE)
	$(BIN)/python benchmarks/validate_1000.py
	$(BIN)/python benchmarks/bench.py --json benchmarks/results/latest.json \
		--before benchmarks/results/before-125c4ba.json --markdown BENCHMARKS.md

# The site as one zip to download and open from disk (index.html works from file://).
zip: build
	rm -f versus-site.zip
	cd site && $(abspath $(BIN))/python -m zipfile -c ../versus-site.zip *
	@echo "versus-site.zip: unzip it anywhere and open index.html in a browser; no network needed."

clean:
	rm -rf site versus-site.zip node_modules $(VENV)
