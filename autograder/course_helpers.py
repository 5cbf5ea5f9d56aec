"""The public helpers of course/ that the grader itself uses: ``otterfiles`` (Otter's test files, and the time
limit of one case) and ``sourcecheck`` (reading deepnn.py's source: stubs, where an error happened, answer cells).

course/ holds flat modules, not a package: they ship to students as they are, and the test files, ``check.py``
and ``gradecheck`` import them by name. Importing this module puts course/ on ``sys.path`` once, so the grader
gets the very modules the students get: ``from ..course_helpers import sourcecheck``.
"""

import sys

from . import COURSE_DIR


def put_course_on_path():
    """Make course/'s public modules (``gradecheck``, ``nndata``, ``sourcecheck``, ...) importable by name; idempotent."""
    if str(COURSE_DIR) not in sys.path:
        sys.path.append(str(COURSE_DIR))


put_course_on_path()

import otterfiles  # noqa: E402
import sourcecheck  # noqa: E402

__all__ = ["otterfiles", "sourcecheck"]
