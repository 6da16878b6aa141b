PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: install test lint eval bench fuzz clean

install: ## create the virtual environment and install effclaims with its test extras
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	@# compat: the checkout goes on sys.path, so a script run beside a folder named
	@# effclaims (the clone itself) still imports the package, not that folder
	$(BIN)/pip install -q -e '.[test]' --config-settings editable_mode=compat
	@# bytecode, as an installed wheel has it: start-up does not recompile every module
	$(BIN)/python -m compileall -q effclaims
	@# Chromium for the browser test of the HTML report: Debian's, where apt-get and root allow
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& echo "installing chromium for the browser test" \
		&& (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1; } \
		|| echo "chromium not installed: the browser test of the HTML report will skip"

test: ## run the test suite
	$(BIN)/pytest

lint: ## formatting, lint rules and types (mypy, configured in pyproject.toml)
	$(BIN)/ruff format --check effclaims tests bench
	$(BIN)/ruff check effclaims tests bench
	$(BIN)/mypy

eval: ## score the extractor on the development set
	$(BIN)/effclaims eval $(SHARED)/gold/seeds.jsonl $(SHARED)/seeds/*.txt --format table

bench: ## throughput, memory and start-up benchmark beside quantulum3 (writes bench/results.md)
	@# quantulum3 is the peer of the benchmark only, not a dependency of effclaims
	@$(BIN)/python -c "import quantulum3" 2>/dev/null || $(BIN)/pip install -q quantulum3
	$(BIN)/python bench/run.py

fuzz: ## 100,000 fuzzed records through the command: no crash, offsets into the raw input, sound values
	$(BIN)/python tests/fuzz.py --records $(or $(RECORDS),100000)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
