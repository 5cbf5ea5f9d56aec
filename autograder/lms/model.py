"""What an LMS export is read into, shared by every reader: :class:`LmsSubmission`, :class:`Problem`, :class:`LmsError`.

Also the limits of reading an export (:data:`MAX_MEMBER_BYTES`, :data:`MAX_EXPORT_MEMBERS`) and
:func:`safe_id`, which turns LMS data into a student id that is a plain file name. This module
imports no other module of :mod:`autograder.lms`: the readers (canvas.py, gradescope_export.py)
and :mod:`autograder.lms.exports` all build on it.
"""

import dataclasses
import re

#: Largest member copied out of an export (a student's file; the grader's own caps apply after).
MAX_MEMBER_BYTES = 50 * 1024 * 1024
#: Most members an export may list (a class of a few hundred students with a few files each).
MAX_EXPORT_MEMBERS = 50_000
#: How an id the kit makes from LMS data may look (it names files: letters, digits, ``._-``).
SAFE_ID = re.compile(r"[^A-Za-z0-9._-]+")


class LmsError(ValueError):
    """The export or the roster cannot be used; the message says what to fix."""


@dataclasses.dataclass
class LmsSubmission:
    """One student's file to grade: ``data`` (bytes) named ``name`` (its extension says .py, .ipynb or .zip)."""

    student: str
    data: bytes
    name: str
    submitted_at: object = None  # an aware datetime, or None when the export has no time
    notes: list = dataclasses.field(default_factory=list)  # sentences for the student's feedback
    marked_late: bool = False  # the LMS marked the upload late (Canvas's _LATE_)


@dataclasses.dataclass
class Problem:
    """A line for the instructor: ``what`` happened to ``member`` (never silently dropped)."""

    member: str
    what: str


def safe_id(text, fallback="unknown"):
    """``text`` as a student id that is a plain file name (``"O'Brien Ann"`` -> ``"O_Brien_Ann"``)."""
    cleaned = SAFE_ID.sub("_", str(text)).strip("._-")
    return cleaned or fallback
