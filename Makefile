# The interface to the project: every target works on a fresh clone (it builds .venv first).
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PATH := $(abspath $(BIN)):$(PATH)
SPEC := spec/hume-batch.yaml
GEN_CONFIG := spec/openapi-python-client.yaml
GEN_PKG := generated/hume_batch_api
CONTRACT_PKG := generated/hume_batch_contract
# The contract package: spec/contract_gen.py writes it, ruff formats it (the same way wherever it lands).
gen-contract = $(BIN)/python spec/contract_gen.py $(SPEC) $(1) && \
	ruff format $(1) --isolated --target-version py310 --line-length 100 --quiet --no-cache
SPECTRAL := .tools/node_modules/.bin/spectral
PYTEST_ARGS ?=
UV_VERSION := 0.13.8
UV := $(BIN)/uv
# uv installs from uv.lock into .venv with the interpreter that created it, never a downloaded one.
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

.PHONY: sdk-venv lock soak help demo demo-live test lint typecheck spec-check generate check-generated pytest bench bench-quick contract contract-live mock-server clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(UV):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)

# Every extra and the dev dependency groups, exactly as pinned in uv.lock (`make lock` updates it).
$(BIN)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --all-extras --inexact --quiet --python $(BIN)/python
	@touch $@

# Needs uv only: after an edit of pyproject.toml the old lock cannot be synced.
lock: | $(UV) ## Update uv.lock after changing dependencies in pyproject.toml
	$(UV) lock

$(SPECTRAL): .tools/package.json
	cd .tools && npm install --no-audit --no-fund --loglevel=error
	@touch $@

demo: $(BIN)/.installed ## Run the demo against the embedded mock server (never the live API)
	$(BIN)/python -m humebatch.demo

demo-live: $(BIN)/.installed ## Run the demo against the live API (HUME_API_KEY, HUME_BASE_URL)
	$(BIN)/python -m humebatch.demo --live

test: $(BIN)/.installed lint typecheck spec-check check-generated pytest ## Lint, type-check, spec checks, generated check, all tests

lint: $(BIN)/.installed
	ruff check wrapper mock tests benchmarks spec
	ruff format --check wrapper mock tests benchmarks spec

typecheck: $(BIN)/.installed
	mypy

spec-check: $(BIN)/.installed $(SPECTRAL) ## Validate and lint the OpenAPI spec
	openapi-spec-validator $(SPEC)
	$(SPECTRAL) lint --fail-severity=error --ruleset .spectral.yaml $(SPEC)

generate: $(BIN)/.installed ## Regenerate generated/ from the spec: the client and the contract
	openapi-python-client generate --path $(SPEC) --config $(GEN_CONFIG) \
		--custom-template-path spec/generator-templates --meta none --output-path $(GEN_PKG) --overwrite
	$(call gen-contract,$(CONTRACT_PKG))

check-generated: $(BIN)/.installed ## Fail with a diff if generated/ differs from a fresh generation
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	openapi-python-client generate --path $(SPEC) --config $(GEN_CONFIG) \
		--custom-template-path spec/generator-templates --meta none --output-path "$$tmp/hume_batch_api" >/dev/null && \
	diff -ru --exclude=__pycache__ "$$tmp/hume_batch_api" $(GEN_PKG) && \
	$(call gen-contract,"$$tmp/hume_batch_contract") && \
	diff -ru --exclude=__pycache__ "$$tmp/hume_batch_contract" $(CONTRACT_PKG) && \
	echo "generated/ matches $(SPEC)"

pytest: $(BIN)/.installed sdk-venv
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# tests/interop runs the official SDK in a venv of its own; benchmarks/sdkenv.py names the version.
sdk-venv: $(BIN)/.installed ## The official hume SDK 0.13.13 in its own venv (tests/interop, benchmarks)
	$(BIN)/python -m benchmarks.sdkenv

# Contract suite (tests/contract, README there), after the spec lint. Only HUME_CONTRACT_TARGET
# points it away from the embedded mock; the key travels in the environment and is never echoed.
CONTRACT_URL = $(or $(URL),$(HUME_BASE_URL))

contract: $(BIN)/.installed spec-check ## Schemathesis contract suite: the embedded mock, or any server: URL=http://... [KEY=...]
	@echo "contract suite against $(or $(CONTRACT_URL),the embedded mock server)"
	@HUME_CONTRACT_TARGET=$(if $(CONTRACT_URL),url,mock) HUME_BASE_URL='$(CONTRACT_URL)' \
		$(if $(KEY),HUME_API_KEY='$(KEY)') $(BIN)/python -m pytest tests/contract $(PYTEST_ARGS)

contract-live: $(BIN)/.installed spec-check ## Contract suite against Hume's API (HUME_API_KEY; HUME_BASE_URL optional); starts 2 jobs
	@echo "contract suite against $(or $(HUME_BASE_URL),https://api.hume.ai) (skips without HUME_API_KEY)"
	@HUME_CONTRACT_TARGET=live $(BIN)/python -m pytest tests/contract $(PYTEST_ARGS)

bench: $(BIN)/.installed ## Benchmarks (not part of make test; 15 min on 2 cores): writes benchmarks/results/latest.md, then README's figures
	$(BIN)/python -m benchmarks

bench-quick: $(BIN)/.installed ## Every benchmark at reduced size, under 3 min (a developer's loop; writes no file)
	$(BIN)/python -m benchmarks --quick

soak: $(BIN)/.installed ## Full-size fault run (600 inputs) and kill/resume run (300 inputs, 10 kills)
	HUMEBATCH_SOAK=1 $(BIN)/python -m pytest -s -p no:cacheprovider tests/reliability -k "faults or sigkill"

mock-server: $(BIN)/.installed ## Run the mock server on 127.0.0.1:8000
	$(BIN)/humebatch mock-server

clean:
	rm -rf $(VENV) .tools/node_modules .pytest_cache .mypy_cache .ruff_cache
