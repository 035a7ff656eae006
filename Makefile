# The README's two commands: `make run` and `make test`. Everything else helps them.
VENV   ?= .venv
BIN    := $(VENV)/bin
FLASK  := PORTAL_ENV=development $(BIN)/flask --app wsgi
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test install translations lint format bench bench-imports screenshots clean

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

test: install translations
	$(BIN)/pytest -n 2

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
