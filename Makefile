# The two commands of the README. Both install into .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: all test install clean

all: install            ## install, then build graph -> validate -> report -> site
	$(BIN)/esely-graph all

test: install           ## install, then run the test suite and validate the committed graph
	$(BIN)/python -m pytest -n auto
	$(BIN)/esely-graph validate --fail-on violation > /dev/null

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) out
