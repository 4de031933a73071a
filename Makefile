# The two commands a newcomer needs:
#   make serve   build the site and serve it on http://127.0.0.1:8000
#   make test    run every test
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Material 9.7+ prints a banner about MkDocs 2 on every build; this project pins MkDocs 1.x.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test validate bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs build --strict
	$(BIN)/mkdocs serve

build: $(STAMP)
	$(BIN)/mkdocs build --strict

validate: $(STAMP)
	$(BIN)/versus validate data

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/validate_1000.py

clean:
	rm -rf site $(VENV)
