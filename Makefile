# Kassa — the two quick-start commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup system-deps run test lint format bench soak clean

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

system-deps:
	@scripts/system-deps.sh

## run: set up, prepare demo data, start the head-office server on 127.0.0.1
##      (SQLite) with a simulated printer, and open the touch terminal on it
run: setup
	$(BIN)/kassa demo

## test: set up and run the whole suite (Kivy tests under Xvfb, PostgreSQL
##       tests against a server the fixtures start)
test: setup system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

BENCH_STAMP := $(VENV)/.bench-stamp

$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

## bench: the performance suite (not part of the tests); writes docs/PERFORMANCE.md
bench: $(BENCH_STAMP) system-deps
	$(BIN)/python -m bench

## soak: the long soak (20 terminals, server and database restarts); figures in docs/RELIABILITY.md
soak: setup system-deps
	$(BIN)/python -m tests.soak

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
