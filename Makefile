# Two commands for a fresh machine with Python 3.11+:
#   make run   sets up .venv if needed and starts the program
#   make test  sets up .venv (with test tools) if needed and runs the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test demo lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/elevhalsa

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

# A demo case file with fictional pupils, opened in the window. Password: demo-lösenord
demo: $(STAMP)
	@mkdir -p demo
	@test -f demo/demo.elevhalsa || ELEVHALSA_PASSWORD='demo-lösenord' $(BIN)/elevhalsa demo demo/demo.elevhalsa
	@echo "Lösenordet till demofilen är: demo-lösenord"
	$(BIN)/elevhalsa demo/demo.elevhalsa

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python bench/startup.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
