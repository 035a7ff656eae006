# The README's two commands: `make run` and `make test`. Everything else helps them.
VENV   ?= .venv
BIN    := $(VENV)/bin
FLASK  := PORTAL_ENV=development $(BIN)/flask --app wsgi
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test browser install translations lint format bench bench-imports screenshots clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

translations: install
	@$(BIN)/pybabel compile -f -d portal/translations > /dev/null
	@$(BIN)/pybabel compile -f -D wtforms -d portal/translations > /dev/null

run: install translations
	$(FLASK) db upgrade
	$(FLASK) tenants sync
	$(FLASK) demo seed --if-empty
	$(FLASK) demo accounts
	@echo "Bapas Portal: http://$(HOST):$(PORT)/"
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install translations browser
	$(BIN)/pytest -n 2 --dist worksteal

# Browser tests drive Debian's Chromium. Where it is missing and apt-get may install it
# (root on Debian), it is installed; elsewhere the browser tests are skipped with a notice.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not found: browser tests will be skipped (apt-get install chromium)"; fi; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install translations
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/workday.py
	$(BIN)/python bench/national.py
	$(BIN)/python bench/signin.py

# 100,000 client rows from .xlsx into PostgreSQL, beside a raw COPY (BENCH_DATABASE_URL).
bench-imports: install translations
	$(BIN)/python bench/imports.py

# Screenshots of the main pages for the README, from the portal `make run` serves.
screenshots: install
	$(BIN)/python docs/screenshots.py

clean:
	rm -rf $(VENV) instance .pytest_cache
