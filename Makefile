# Fresh machine: `make demo` (install, then check every family) or `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install bench derive clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,fast,plot]"

demo: install
	$(BIN)/klsym check

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python benchmarks/bench_core.py

derive: install
	$(BIN)/python -m pip install --quiet -e ".[plot]"
	$(BIN)/klsym derive --out derivations
	$(BIN)/klsym figure forward-reverse --out derivations/figures

clean:
	rm -rf $(VENV) build *.egg-info
