"""``python -m autograder grade SUBMISSION... --out DIR``: grade a class securely.

Writes ``DIR/grades.csv``, ``DIR/results/<student>.json`` (Gradescope's schema) and
``DIR/feedback/<student>.md``; re-running on the same ``--out`` skips submissions whose
content (and the tests) did not change. See autograder/DESIGN.md, "Grade output".
"""

from .batch import grade_many
from .command import add_arguments, limits_from_options, main
from ..secret import resolve_secret
from .engine import ENGINE_VERSION, grade_submission, student_seed

__all__ = ["grade_submission", "grade_many", "limits_from_options", "student_seed", "resolve_secret", "add_arguments", "main", "ENGINE_VERSION"]
