# Two commands are all anyone needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 5000
PAGES ?= raw_pages
INDEX ?= instance/index
BIN := $(VENV)/bin

.PHONY: run test install reindex golden clean eval soak audit bench passages-eval lock

# Exact versions of every installed package: requirements.lock for the runtime and the test extras,
# requirements-bench.lock for what `make bench` adds. pyproject.toml says what is allowed, the locks
# what is installed; tests/test_lock.py fails when the venv differs from them. `make lock` refreshes.
LOCK := requirements.lock
BENCH_LOCK := requirements-bench.lock

$(BIN)/.installed: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c $(LOCK) -e '.[test]'
	touch $@

install: $(BIN)/.installed

# Index raw_pages/ (incremental: a no-op when nothing changed), then serve. Exit code 1 (some pages
# rejected), 3 (a reindex is already running) and 5 (not published: it would drop more than half of
# the passages) still serve the index there is.
reindex: install
	@$(BIN)/kommunesog reindex --pages $(PAGES) --index $(INDEX); rc=$$?; \
	  if [ $$rc -ne 0 ] && [ $$rc -ne 1 ] && [ $$rc -ne 3 ] && [ $$rc -ne 5 ]; then exit $$rc; fi

run: reindex
	$(BIN)/kommunesog serve --index $(INDEX) --port $(PORT)

# The browser tests (tests/browser/) check accessibility with axe-core from npm (package-lock.json):
# installed here wherever npm is, so a fresh clone's `make test` runs them too. Without npm, or when
# npm ci fails, they skip and say what is missing (under CI=true such a skip fails). npm gives files
# its packages' old timestamps, hence the touch.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "make: npm is missing: the browser tests' accessibility checks will skip (apt-get install npm)"; \
	elif npm ci --no-audit --no-fund --loglevel=error; then touch $@; \
	else echo "make: npm ci failed: the browser tests' accessibility checks will skip"; fi

test: install $(AXE)
	$(BIN)/python -m pytest

# Score search on the judged queries (tests/relevance/) beside a plain Snowball baseline; rewrites
# the table in docs/relevance.md.
eval: install
	$(BIN)/python -m tests.relevance.evaluate --markdown

# Searches from concurrent clients against `kommunesog serve` while full reindexes run beside it
# (bench/load.py): prints requests, errors and latency percentiles; fails on any error.
SOAK_SECONDS ?= 60
soak: install
	$(BIN)/python -m bench.load --seconds $(SOAK_SECONDS)

# Known vulnerabilities in every installed dependency; policy and ignored advisories: docs/security.md.
AUDIT_IGNORE ?=
audit: install
	$(BIN)/pip-audit --skip-editable --progress-spinner off $(addprefix --ignore-vuln ,$(AUDIT_IGNORE))

# Kommunesøg beside plain Whoosh, tantivy and bm25s at 1k, 10k and 100k passages; rewrites the tables
# in docs/benchmarks.md and docs/benchmarks.png. Corpora and indexes are cached in bench/out/ while the
# code is unchanged. The first full run takes about 40 minutes on 2 cores; SIZES="1000 10000" is quick.
SIZES ?= 1000 10000 100000
bench: install
	$(BIN)/pip install --quiet -c $(LOCK) -c $(BENCH_LOCK) -e '.[test,bench]'
	$(BIN)/python -m bench --sizes $(SIZES)

# Cleaning and splitting against the gold passages of the held-out corpus (tests/heldout/): boundary
# F1, lost paragraphs, leaked chrome and rejected pages, per half (tune / heldout) and site style.
passages-eval: install
	$(BIN)/python -m tests.heldout.evaluate

# Regenerate the golden passage files after an intended change to cleaning or splitting; review the diff.
golden: install
	$(BIN)/python -m tests.golden

# Re-resolve the locks after a change to pyproject.toml's dependencies (or to take newer releases):
# the newest versions pyproject.toml allows, with and without the bench extra, each in a throwaway
# venv. Review the diff, run `make test`, commit both files.
LOCK_VENVS ?= /tmp/kommunesog-lock
lock:
	rm -rf $(LOCK_VENVS)
	$(PYTHON) -m venv $(LOCK_VENVS)/all
	$(PYTHON) -m venv $(LOCK_VENVS)/test
	$(LOCK_VENVS)/all/bin/pip install --quiet --upgrade pip
	$(LOCK_VENVS)/all/bin/pip install --quiet -e '.[test,bench]'
	$(LOCK_VENVS)/all/bin/pip freeze --exclude-editable > $(LOCK_VENVS)/all.txt
	$(LOCK_VENVS)/test/bin/pip install --quiet --upgrade pip
	$(LOCK_VENVS)/test/bin/pip install --quiet -c $(LOCK_VENVS)/all.txt -e '.[test]'
	{ echo "# The runtime and test extras' exact versions, from \`make lock\`; do not edit by hand."; \
	  $(LOCK_VENVS)/test/bin/pip freeze --exclude-editable; } > $(LOCK)
	{ echo "# What \`make bench\` adds to $(LOCK), from \`make lock\`; do not edit by hand."; \
	  grep -vxFf $(LOCK) $(LOCK_VENVS)/all.txt || true; } > $(BENCH_LOCK)
	rm -rf $(LOCK_VENVS)

clean:
	rm -rf $(VENV) instance .pytest_cache
