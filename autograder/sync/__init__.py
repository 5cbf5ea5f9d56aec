"""``python -m autograder sync``: regenerate what students get from the private sources.

* ``course/deepnn.py``: the reference with every API function's body replaced by a
  ``raise NotImplementedError(...)`` that names the function; docstrings, signatures,
  module docstring, imports and constants kept; private helpers (names starting with
  ``_``) dropped. One source of truth: the reference's docstrings are the student's.
* ``course/tests/<qid>.py``: each test file with its hidden cases removed.
* ``course/rules.json`` and the rules cell of ``course/homework.ipynb``: the assignment's
  rules (points public and hidden, thresholds, deadline) from :mod:`autograder.rules`.
* ``course/gradecheck/api.py``: the reference's constants the checks use (``INIT_METHODS``,
  ``ACTIVATIONS``), from :mod:`autograder.sync.constants`.

``--check`` writes nothing and fails when a generated file is out of date (CI runs it
through the kit's tests).
"""

import sys

from .. import COURSE_DIR, SOLUTIONS_DIR
from ..exitcodes import BAD_INPUT, DONE, PROBLEM
from ..files import write_atomic
from .constants import ConstantError, api_source
from .publish import public_test_files
from .rules_files import notebook_with_rules, rules_json
from .starter import starter_source


def add_arguments(parser):
    parser.add_argument("--check", action="store_true", help="only check that the generated files are up to date")


def generated_files():
    """{path: text} of every file ``sync`` writes."""
    reference = (SOLUTIONS_DIR / "deepnn.py").read_text()
    files = {COURSE_DIR / "deepnn.py": starter_source(reference), COURSE_DIR / "gradecheck" / "api.py": api_source(reference)}
    files.update(public_test_files())
    files[COURSE_DIR / "rules.json"] = rules_json()
    notebook = COURSE_DIR / "homework.ipynb"
    files[notebook] = notebook_with_rules(notebook.read_text(encoding="utf-8"))
    return files


def main(*, check=False):
    try:
        files = generated_files()
    except ConstantError as error:  # the reference lost a constant the public checks need
        print(f"sync: {error}", file=sys.stderr)
        return BAD_INPUT
    stale = []
    for path, text in files.items():
        current = path.read_text() if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not check:
            write_atomic(path, text)
            print(f"wrote {path.relative_to(COURSE_DIR.parent)}")
    if check and stale:
        names = ", ".join(str(p.relative_to(COURSE_DIR.parent)) for p in stale)
        print(f"out of date: {names}\nrun `make sync` (python -m autograder sync) and commit the result", file=sys.stderr)
        return PROBLEM
    if not stale:
        print("generated files are up to date")
    return DONE
