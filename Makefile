# pmplan: two commands do all set-up on a fresh machine with Python 3.11:
#   make demo   creates .venv, installs pmplan and runs it on the example plans
#   make test   installs and runs every test: ruff, mypy, pytest and the acceptance check

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
# Sections of ../shared/acceptance/check.py for what pmplan does so far.
ACCEPTANCE_SECTIONS ?= lint timescales indicators report errors

.PHONY: install browser demo test lint-code typecheck unit acceptance bench fuzz docs dist clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

demo: install
	@echo "== pmplan lint (the example council's plans)"
	$(BIN)/pmplan lint
	@echo
	@echo "== pmplan list --due-within 120"
	$(BIN)/pmplan list --due-within 120
	@echo
	@echo "== pmplan list indicators"
	$(BIN)/pmplan list indicators
	@echo
	@echo "== pmplan thread P1"
	$(BIN)/pmplan thread P1
	@echo
	@echo "== the example council with its history: a commit for each quarter, dated as it would have been"
	$(BIN)/python scripts/example_history.py build/example-council
	@echo
	@echo "== pmplan diff 2025-26-q3 2025-26-q4: what changed between two quarters"
	$(BIN)/pmplan diff 2025-26-q3 2025-26-q4 -w build/example-council
	@echo
	@echo "== pmplan history pm-audit:R6.b: an action whose date slipped"
	$(BIN)/pmplan history pm-audit:R6.b -w build/example-council
	@echo
	@echo "== pmplan report: past quarters as they stood at their cut-off, in three formats"
	mkdir -p reports
	$(BIN)/pmplan report q2 --year 2025/26 -w build/example-council --format md -o reports/2025-26-q2.md
	$(BIN)/pmplan report q4 --year 2025/26 -w build/example-council --format docx -o reports/2025-26-q4.docx
	$(BIN)/pmplan report q4 --year 2025/26 -w build/example-council --format html -o reports/2025-26-q4.html
	$(BIN)/pmplan report q2 --year 2026/27 -w build/example-council --format json -o reports/2026-27-q2.json
	@echo "Reports written: reports/2025-26-q2.md, reports/2025-26-q4.docx (open in Word), reports/2025-26-q4.html (open in a browser), reports/2026-27-q2.json"
	@echo
	@echo "== pmplan report audit: the Audit and Governance Committee's tracker of recommendations"
	$(BIN)/pmplan report audit --format md -o reports/audit.md
	$(BIN)/pmplan report audit --format html -o reports/audit.html
	$(BIN)/pmplan report audit --format docx -o reports/audit.docx
	@echo "Tracker written: reports/audit.md, reports/audit.html, reports/audit.docx"

lint-code: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy src

# The HTML report is tested in headless Chromium (Debian's package), driven by Playwright (a dev
# dependency), with axe-core (npm, into ./node_modules from package-lock.json) checking its
# accessibility. Chromium is a system package: installed here only in CI (CI set, as root); on a
# developer's machine the browser test says what is missing and skips.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ -n "$$CI" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing chromium for the browser test of the HTML report"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else echo "chromium is not installed: the browser test of the HTML report is skipped" \
			"(to run it: sudo apt-get install chromium, then make test)"; fi; }
	@if [ ! -f node_modules/axe-core/axe.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
		if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
		else echo "npm is not installed: the accessibility check of the HTML report will be skipped"; fi; fi

unit: install browser
	$(BIN)/pytest

acceptance: install
	@if [ -d "$(SHARED)/acceptance" ]; then \
		PMPLAN=$(BIN)/pmplan $(BIN)/python $(SHARED)/acceptance/check.py $(ACCEPTANCE_SECTIONS); \
	else echo "$(SHARED)/acceptance not found: acceptance check skipped"; fi

test: lint-code typecheck unit acceptance

docs: install
	$(BIN)/pmplan rules --markdown > docs/rules.md
	$(BIN)/pmplan schema --markdown > docs/format.md
	$(BIN)/python -m pmplan.cli.reference > docs/cli.md
	$(BIN)/python -m pmplan.report.jsondoc > docs/report-json.md

dist: install
	$(BIN)/python -m pip wheel --quiet --no-deps -w dist .

# Thousands of mutated workspaces and documents (the suite runs a fixed few hundred):
# FUZZ=20000 make fuzz for more. A crash is shrunk to a small input: add it to the
# regressions in tests/test_fuzz.py.
FUZZ ?= 5000
fuzz: install
	PMPLAN_FUZZ=$(FUZZ) $(BIN)/pytest tests/test_fuzz.py -p no:cacheprovider -x

bench: install
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/bench_diff.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache node_modules
