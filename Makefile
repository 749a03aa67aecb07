# Two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run dev test test-fast lint docs demo replicas clean system-deps locale locale-update

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.run-installed

# Debian packages the tests drive: Chromium (browser tests), HAProxy (load-balancer
# tests), npm (axe-core). Installed where missing when run as root, else named.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v haproxy >/dev/null 2>&1 || test -x /usr/sbin/haproxy || missing="$$missing haproxy"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else echo "Missing:$$missing. Install them first: sudo apt-get install$$missing"; exit 1; fi; \
	fi

# axe-core for the accessibility tests (tests/support/axe.py), pinned in package-lock.json
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
		echo "npm is missing: sudo apt-get install npm (the accessibility tests need axe-core)"; exit 1; }
	npm ci --no-audit --no-fund
	touch $@

# Compiled message catalogs (locale/<lang>/LC_MESSAGES/messages.mo) from the .po files.
# The app also compiles a missing or stale catalog in memory; this makes the start quick.
CATALOGS := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/messages.po))
%.mo: %.po | $(VENV)/.run-installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

## locale: compile the translations
locale: $(CATALOGS)

## locale-update: after changing marked strings, refresh the template and every catalog from the code
locale-update: $(VENV)/.run-installed
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 -k pgettext:1c,2 --no-location \
		--omit-header --sort-output -o locale/messages.pot .
	$(BIN)/pybabel update -i locale/messages.pot -d locale \
		--no-fuzzy-matching --width 100
	$(MAKE) locale

## run: set up, migrate and start the app on the embedded SQLite database
## (serve.py: app.py with its static files sent gzipped)
run: $(VENV)/.run-installed locale
	$(BIN)/python -m workshop db upgrade
	$(BIN)/python -m workshop passphrase ensure --port $(PORT)
	$(BIN)/streamlit run serve.py --server.port $(PORT)

## dev: like run, but reload pages when files change
dev: $(VENV)/.run-installed
	$(BIN)/python -m workshop db upgrade
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.fileWatcherType auto --server.runOnSave true

## test: set up and run everything: lint and format, import contracts, types, the documentation site
## (mkdocs build --strict: a broken link fails), then the whole suite
## (unit, AppTest, PostgreSQL when configured, browser) in parallel
test: system-deps $(VENV)/.test-installed node_modules/.installed locale
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir site
	$(BIN)/python -m pytest -n auto

## test-fast: unit and AppTest tests without the slow ones (half a second or more each), in parallel: the edit-test loop
test-fast: $(VENV)/.test-installed
	$(BIN)/python -m pytest -m "not slow and not browser" -n auto

## docs: serve the documentation site (docs/, mkdocs.yml) on 127.0.0.1:8000, reloading on edits
docs: $(VENV)/.test-installed
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## replicas: N app processes on one database behind HAProxy (cookie-sticky) on port PORT-1
REPLICAS ?= 2
replicas: $(VENV)/.run-installed
	@command -v haproxy >/dev/null 2>&1 || test -x /usr/sbin/haproxy || { \
		echo "HAProxy is missing: sudo apt-get install haproxy (macOS: brew install haproxy)"; exit 1; }
	$(BIN)/python -m workshop db upgrade
	$(BIN)/python -m workshop serve --replicas $(REPLICAS) --base-port $(PORT) --balancer-port $$(( $(PORT) - 1 ))

## demo: a session filled with synthetic answers
demo: $(VENV)/.run-installed
	$(BIN)/python -m workshop demo

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache site
