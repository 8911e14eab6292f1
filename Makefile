# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test ci bench lint messages clean

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

install: $(INSTALLED)

# The portal's own address (VNeID, the gateway and the payment platform are
# reached under it): the one it serves on, unless set.
run: export PORTAL_BASE_URL ?= http://$(HOST):$(PORT)
# The demo behaves as the product does: no debug pages (the portal's own 404
# and 500 pages, no settings shown to visitors), static files collected and
# served by whitenoise. DEBUG=1 make run for Django's debug pages.
run: export DEBUG ?= false
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest

# What CI runs: `make test`, then the suite on PostgreSQL, Redis and a real worker.
ci:
	bash .ci/run

bench: install
	$(BIN)/python -m bench

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

messages: install
	$(BIN)/python manage.py makemessages --locale vi --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*'
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf var db.sqlite3 .pytest_cache
