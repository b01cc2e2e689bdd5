# iolib developer targets. Everything installs itself into a local virtualenv.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: all demo test lint typecheck pytest bench stress docs system-deps clean

all: test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

venv: $(STAMP)

# Debian's dnsmasq-base is the independent DNS server the resolver tests run against.
system-deps:
	@command -v dnsmasq >/dev/null 2>&1 || command -v /usr/sbin/dnsmasq >/dev/null 2>&1 || \
	  { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	      (apt-get update -qq && apt-get install -y -qq dnsmasq-base >/dev/null) || \
	        echo "warning: could not install dnsmasq-base; dnsmasq tests will skip"; \
	    else echo "warning: dnsmasq not installed (need root for apt-get); dnsmasq tests will skip"; fi; }

demo: $(STAMP)
	$(BIN)/iolib demo

lint: $(STAMP)
	$(BIN)/ruff check iolib tests benchmarks docs
	$(BIN)/ruff format --check iolib tests benchmarks docs

typecheck: $(STAMP)
	$(BIN)/mypy iolib

# Layers whose coverage must stay at 100% (line and branch).
FULL_COVERAGE = iolib/address/*

pytest: $(STAMP) system-deps
	$(BIN)/coverage run -m pytest -m "not slow" $(PYTEST_ARGS)
	$(BIN)/coverage report --include='$(FULL_COVERAGE)' --fail-under=100

test: lint typecheck pytest

stress: $(STAMP)
	$(BIN)/pytest -m slow $(PYTEST_ARGS)

BENCH_STAMP = $(VENV)/.bench-installed
$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP) system-deps
	$(BIN)/python -m benchmarks $(BENCH)

format: $(STAMP)
	$(BIN)/ruff format iolib tests benchmarks docs
	$(BIN)/ruff check --fix iolib tests benchmarks docs

DOCS_STAMP = $(VENV)/.docs-installed
$(DOCS_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[docs]'
	touch $(DOCS_STAMP)

docs: $(DOCS_STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache
