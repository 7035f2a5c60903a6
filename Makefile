# Cramp Lab. The two commands: `make book` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.cramp-lab-installed
HTML   := _build/html/index.html
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export MPLBACKEND := Agg

.PHONY: help book test unit nbval booktest live-test bench live execute clean clean-cache chromium npm lint format mutate mutate-sample

help:
	@echo "make book     build the HTML book into _build/html (creates .venv on first use)"
	@echo "make test     run every test side by side: unit, editions, nbval, book build (-W -n) and browser, live"
	@echo "make live     open the chapters in JupyterLab, widgets live"
	@echo "make execute  re-run every chapter and store its outputs (after editing a chapter)"
	@echo "make bench    measure build, test and model/widget speed; prints a table"
	@echo "make student  student edition (no solutions) and its zip in _build/student"
	@echo "make instructor  full notebooks, solutions handout, clinical review in _build/instructor"
	@echo "make lms      quiz bank for Moodle (XML) and Canvas (QTI zip) in _build/lms"
	@echo "make pdf      printable edition of the whole book: _build/pdf/cramp-lab.pdf (builds the book first)"
	@echo "make hub-link HUB=https://your.hub [CHAPTER=04]  nbgitpuller link for a class hub"
	@echo "make editions-test  the editions, Binder environment and launch-link tests alone"
	@echo "make mutate   mutation testing of views and models (mutmut; hours on 2 cores)"
	@echo "make mutate-sample  the views' mutants, a systematic tenth of them"
	@echo "make format   format and lint the code with ruff (make test checks both)"
	@echo "make clean    remove _build and caches (keeps .venv and the machine's shared caches)"
	@echo "make clean-cache  remove the machine's shared caches (~/.cache/cramp-lab: executed chapters, pictures)"

# --- bootstrap: a virtual environment with every dependency pinned ----------------------------
# uv (pinned) installs the pinned environment: the same packages as pip, in seconds instead of
# minutes. The Binder test still builds binder/'s environment with pip, as Binder does.
$(STAMP): pyproject.toml constraints.txt tools/ipython_kernel_config.py
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Cramp Lab needs Python >= 3.11 (found $$($(PYTHON) --version))"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -c constraints.txt pip -e ".[book,test,live]"
	mkdir -p $(VENV)/etc/ipython && cp tools/ipython_kernel_config.py $(VENV)/etc/ipython/
	touch $(STAMP)

# npm fetches the pinned MathJax tarball once (see _ext/vendor.lock.json).
npm:
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing npm with apt-get"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	  else echo "npm is missing: install Node.js and npm (e.g. apt-get install npm), then run make again"; exit 1; fi; }

# --- the book -----------------------------------------------------------------------------------
book: $(STAMP) npm
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "Book: $(CURDIR)/$(HTML)"

# --- tests --------------------------------------------------------------------------------------
chromium:
	@$(BIN)/python tools/chromium.py

# The suites run side by side (tools/run_tests.py; the book suite and the unit tests spread over
# pytest-xdist workers), every book test shares one build, and a table of their times ends the log.
test: $(STAMP) npm chromium lint
	$(BIN)/python tools/run_tests.py

# ruff (pinned) checks the format and the lint rules of pyproject.toml; `make format` applies them.
lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# mutmut (pinned) plants small bugs in widgets/ui and widgets/physiology ([tool.mutmut] in
# pyproject.toml) and runs the unit tests that cover each; tools/mutation_score.py prints the score
# per module and fails when the views' score is below 80 %. `make mutate` checks every mutant
# (hours on 2 cores); `make mutate-sample` checks a systematic tenth of the views' mutants (the
# 7th, 17th, 27th ... mutant of every function of widgets/ui).
mutate: $(STAMP)
	rm -rf mutants
	$(BIN)/mutmut run --max-children $$(nproc)
	$(BIN)/python tools/mutation_score.py --min 80

mutate-sample: $(STAMP)
	rm -rf mutants
	$(BIN)/mutmut run --max-children $$(nproc) 'widgets.ui.*__mutmut_*7'
	$(BIN)/python tools/mutation_score.py --min 80

unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit

nbval: $(STAMP)
	$(BIN)/python -m pytest --nbval chapters --nbval-sanitize-with tests/nbval_sanitize.cfg

booktest: $(STAMP) npm chromium
	$(BIN)/python -m pytest tests/book

live-test: $(STAMP) chromium
	$(BIN)/python -m pytest tests/live

# --- instructors and authors --------------------------------------------------------------------
live: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 $$([ "$$(id -u)" = 0 ] && echo --allow-root) chapters

execute: $(STAMP)
	$(BIN)/python tools/execute_chapters.py chapters/*.ipynb

bench: $(STAMP) npm chromium
	$(BIN)/python tools/bench.py

# --- editions and class hubs (instructor_guide.md) ----------------------------------------------
.PHONY: student instructor lms pdf editions-test hub-link

student: $(STAMP)
	$(BIN)/python tools/make_editions.py student

instructor: $(STAMP)
	$(BIN)/python tools/make_editions.py instructor

lms: $(STAMP)
	$(BIN)/python tools/make_lms.py --out _build/lms
# The printable edition: every page of _toc.yml from the built HTML, printed by Debian's chromium.
pdf: book chromium
	$(BIN)/python tools/make_pdf.py

editions-test: $(STAMP)
	$(BIN)/python -m pytest tests/editions

hub-link: $(STAMP)
	@test -n "$(HUB)" || { echo "usage: make hub-link HUB=https://your.hub [CHAPTER=04]"; exit 2; }
	@$(BIN)/python tools/nbgitpuller_link.py "$(HUB)" $(if $(CHAPTER),--chapter "$(CHAPTER)")

clean-cache:
	rm -rf $${XDG_CACHE_HOME:-$$HOME/.cache}/cramp-lab

clean:
	rm -rf _build .pytest_cache .hypothesis
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +
