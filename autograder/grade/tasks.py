"""One grading task, the same wherever it runs: a ``--jobs`` process here or a Dask worker (grade/distributed.py).

:func:`grade_one` grades one submission and never raises (a failure is a ``{"__failed__": reason}``
dict), and :func:`failed_row` is the results.json dict of a submission the grader itself failed on.
"""

import traceback

from ..result import build, to_json
from .engine import grade_submission


def grade_one(task):
    """``task`` = ``(path, options)``: the results.json dict of that submission, or ``{"__failed__": reason}``."""
    path, options = task
    try:
        return grade_submission(path, **options)
    except Exception as error:  # noqa: BLE001 - every submission gets a row
        detail = traceback.format_exception_only(type(error), error)[-1].strip()
        return {"__failed__": detail}


def failed_row(student, message, question_ids, content_hash="", tests_digest=""):
    """The results.json dict of a submission the grader failed on: score 0, "Grading failed: <message>"."""
    return to_json(build.failed(student, message, question_ids, content_hash, tests_digest))
