# Fresh machine: `make demo` (install, then what klsym is for, in a minute) or `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install bench derive recompute clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,fast,plot]"

demo: install
	@echo "== A closed form, derived from the family record: KL(P||Q) for two gamma laws"
	$(BIN)/klsym show gamma
	@echo "== KL is not symmetric: KL(P||Q) - KL(Q||P) for two normal laws"
	$(BIN)/klsym show normal normal --asymmetry
	@echo "== Every closed form against the oracle's stored values, and a few rows recomputed live"
	$(BIN)/klsym check
	@echo "== torch's KL against klsym's correctly rounded values (skipped without torch)"
	$(BIN)/klsym verify torch bernoulli --n 5 --limit 3 || echo "(klsym verify exits with $$?: 1 means torch falls short, as shown)"

test: install
	$(BIN)/python -m pytest -q -n auto --dist worksteal

# every stored oracle value recomputed (some 12 000 s of oracle time: one to three hours on 2 cores); after a
# change to the oracle or to a record, add --write to both lines (the tests name the stale families)
recompute: install
	$(BIN)/klsym check --live all
	$(BIN)/klsym check --live all --divergence all

bench: install
	$(BIN)/python benchmarks/bench_core.py

derive: install
	$(BIN)/python -m pip install --quiet -e ".[plot]"
	$(BIN)/klsym derive --out derivations
	$(BIN)/klsym figure forward-reverse --out derivations/figures

clean:
	rm -rf $(VENV) build *.egg-info
