# The two commands (see README.md). Each sets itself up on a fresh machine with Python 3.11+.
# dev.py does the work so that Windows, without make, runs the same steps: `py dev.py run`.
PYTHON ?= python3

.PHONY: run test demo bench format clean

run:
	$(PYTHON) dev.py run

test:
	$(PYTHON) dev.py test

# A demo case file with fictional pupils, opened in the window. Password: demo-lösenord
demo:
	$(PYTHON) dev.py demo

bench:
	$(PYTHON) dev.py bench

format:
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .

clean:
	rm -rf .venv build dist .pytest_cache .ruff_cache
