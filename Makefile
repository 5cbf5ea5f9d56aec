# Two commands do everything on a fresh machine: `make demo` and `make test`.
# Every install step lives here (CI runs `make test` on a clean clone).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
OUT    ?= out

.PHONY: demo test venv system-packages sync site bench clean

$(STAMP): pyproject.toml constraints.txt tools/requirements.py
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "error: the kit needs Python 3.11 or newer, this is " + sys.version.split()[0] + ": run make PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv --clear $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==26.3
	$(PYTHON) tools/requirements.py --dev > $(VENV)/requirements.txt
	$(PY) -m pip install --quiet -r $(VENV)/requirements.txt -c constraints.txt
	touch $(STAMP)

venv: $(STAMP)

# Debian packages: bubblewrap (the grading sandbox) and chromium (the browser tests).
# Installed only when missing, and only where we may (root); otherwise say what is missing.
system-packages:
	@missing=""; \
	command -v bwrap >/dev/null 2>&1 || missing="$$missing bubblewrap"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian packages:$$missing"; \
	    { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; } \
	      || echo "warning: could not install$$missing: the grader falls back to a weaker sandbox, browser tests are skipped"; \
	  else \
	    echo "note: missing$$missing (install them with your package manager; the grader falls back to a weaker sandbox and browser tests are skipped)"; \
	  fi; \
	fi

demo: venv system-packages
	$(PY) -m autograder demo --out $(OUT)

test: venv system-packages
	$(PY) -m pytest

# The course site, figures included, into build/site/ (figures are cached under build/sitegen/).
site: venv
	$(PY) -m sitegen

# Regenerate the student starter and public tests from the private sources.
sync: venv
	$(PY) -m autograder sync

# Every benchmark, each against an anchor measured in the same run; JSON into bench/results/.
bench: venv system-packages
	mkdir -p bench/results
	$(PY) bench/run.py
	$(PY) bench/checker.py > bench/results/checker.json
	$(PY) bench/pathological.py --out bench/results/pathological.json > /dev/null
	taskset -c 0 $(PY) bench/similarity.py > bench/results/similarity.json
	$(PY) bench/distributed.py > bench/results/distributed.json

clean:
	rm -rf $(OUT) build .pytest_cache
