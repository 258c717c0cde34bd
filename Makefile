# Two commands are all anyone needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 5000
PAGES ?= raw_pages
INDEX ?= instance/index
BIN := $(VENV)/bin

.PHONY: run test install reindex golden clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

# Index raw_pages/ (incremental: a no-op when nothing changed), then serve. Exit code 1 (some pages
# rejected) and 3 (a reindex is already running) still serve the index there is.
reindex: install
	@$(BIN)/kommunesog reindex --pages $(PAGES) --index $(INDEX); rc=$$?; \
	  if [ $$rc -ne 0 ] && [ $$rc -ne 1 ] && [ $$rc -ne 3 ]; then exit $$rc; fi

run: reindex
	$(BIN)/kommunesog serve --index $(INDEX) --port $(PORT)

test: install
	$(BIN)/python -m pytest

# Regenerate the golden passage files after an intended change to cleaning or splitting; review the diff.
golden: install
	$(BIN)/python -m tests.golden

clean:
	rm -rf $(VENV) instance .pytest_cache
