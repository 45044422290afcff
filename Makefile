# forum — the two commands a fresh machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
# The demo runs with DEBUG on (no secret key needed, static files served by Django).
DEMO_ENV := DJANGO_DEBUG=true

.PHONY: demo test install install-dev browser lint check-deploy messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet .
	touch $@

$(VENV)/.dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet ".[dev]"
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

## make demo [PORT=8123]: SQLite, no services, demo forum loaded, server on 127.0.0.1:$(PORT);
## emails (console) and webhooks are sent by the server's own background thread pool.
demo: install
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo
	@echo "Demo forum: http://127.0.0.1:$(PORT)/  (organiser login: organiser / demo-organiser)"
	$(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## Debian's chromium for the browser tests (installed when missing; needs root and apt).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	fi

## make test: the whole suite (unit, integration, browser) on SQLite, or on DATABASE_URL if set.
test: install-dev browser
	$(BIN)/python -m pytest --cov --cov-report=term -q

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

## The production gate: `check --deploy` with a production-like environment.
check-deploy: install
	DJANGO_DEBUG=false DJANGO_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	DJANGO_ALLOWED_HOSTS=forum.example.org FORUM_SITE_URL=https://forum.example.org \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

## Regenerate and compile the French and Spanish catalogues.
messages: install-dev
	DJANGO_DEBUG=true $(BIN)/python manage.py makemessages -l fr -l es --no-obsolete --add-location file \
	  --ignore ".venv/*" --ignore "staticfiles/*" --ignore "tests/*" --ignore "bench/*"
	DJANGO_DEBUG=true $(BIN)/python manage.py compilemessages --ignore ".venv/*"

clean:
	rm -rf $(VENV) staticfiles db.sqlite3* test-db.sqlite3* .pytest_cache .coverage .import_linter_cache
