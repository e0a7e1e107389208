# BranchBook developer commands. Only Python 3.11+ and make are needed:
# the first `make run` / `make test` creates .venv and installs everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed


.PHONY: run demo test lint lint-imports app app-check deb deb-check bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,build]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/branchbook

demo: $(STAMP)
	$(BIN)/branchbook --demo

lint-imports: $(STAMP)
	$(BIN)/lint-imports

lint: $(STAMP)
	$(BIN)/ruff check app db ui tests bench freeze

test: $(STAMP)
	$(BIN)/ruff check app db ui tests bench freeze
	$(BIN)/lint-imports
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

app: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec

app-check: app
	dist/branchbook/branchbook --version
	QT_QPA_PLATFORM=offscreen dist/branchbook/branchbook --self-check
	@tmp=$$(mktemp -d) && dist/branchbook/branchbook --db $$tmp/check.sqlite init --name 自检支部 >/dev/null \
	  && dist/branchbook/branchbook --db $$tmp/check.sqlite members list --json >/dev/null \
	  && echo "命令行自检通过" ; rc=$$?; rm -rf $$tmp; exit $$rc

# The office package for UOS / Kylin / Debian 11 (needs root, debootstrap, dpkg-deb; the Debian 11
# build root is kept in ~/.cache/branchbook-deb). STORE=1: the UOS app store variant.
deb: $(STAMP)
	./freeze/deb/build.sh

# Installs dist/branchbook_*.deb into a fresh Debian 11 root and tries it (see freeze/deb/check.sh).
deb-check: deb
	./freeze/deb/check.sh

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_core.py; core=$$?; \
	$(BIN)/python bench/bench_print.py; print=$$?; \
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_gui.py; gui=$$?; \
	$(BIN)/python bench/committee_scale.py --branches 2060 && exit $$(( core | print | gui ))

clean:
	rm -rf build dist
