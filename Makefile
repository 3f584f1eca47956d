# Conservator: `make run` opens the app on a demo scan, `make test` runs every test headless.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEMO   := demo
DEMO_PAGE := $(DEMO)/page-001.tif

.PHONY: run test setup system-deps lint demo bench screenshots package package-check clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $(STAMP)

setup: $(STAMP)

system-deps:
	@sh tools/system-deps.sh

$(DEMO_PAGE): | $(STAMP)
	$(PY) -m conservator demo $(DEMO) --count 4 --seed 1

demo: $(DEMO_PAGE)

run: $(STAMP) $(DEMO_PAGE)
	$(PY) -m ui $(DEMO_PAGE)

lint: $(STAMP)
	$(PY) -m ruff check .

test: system-deps $(STAMP)
	$(PY) -m ruff check .
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/load.py
	$(PY) bench/accuracy.py
	$(PY) bench/speed.py
	$(PY) bench/viewer.py
	$(PY) bench/pdf.py
	$(PY) bench/records.py
	$(PY) bench/fuzz.py --count 150

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m ui.screenshots docs/screenshots
	QT_QPA_PLATFORM=offscreen $(PY) -m ui.screenshots --tools docs/screenshots
	QT_QPA_PLATFORM=offscreen $(PY) tools/screenshots.py

package: $(STAMP)
	@$(PY) -c "import PyInstaller" 2>/dev/null || $(PY) -m pip install -q -e '.[package]'
	$(PY) packaging/build.py

package-check: $(STAMP)
	$(PY) packaging/check.py

clean:
	rm -rf build dist $(DEMO) .pytest_cache
