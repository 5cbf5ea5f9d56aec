"""Class exports from an LMS, read as they come: Canvas's "Download Submissions" zip, Gradescope's "Export Submissions".

Each reader turns an export into a list of :class:`LmsSubmission` (student id, the bytes
of the one file to grade, the submission time when the export has one, notes for the
student) plus :class:`Problem` lines for the instructor (a file matching nobody on the
roster, an unreadable member). Exports are read in memory, never extracted, and nothing
in them is followed: a link, a hidden folder (``__MACOSX``) or an unsafe name is skipped.
:func:`materialize` then writes each chosen file as ``<student>.<ext>`` into a private
folder the kit made (mode 0700, files created exclusively), which the grade command
grades like any other submission (a zip again through :mod:`autograder.sandbox.intake`).
"""

import dataclasses
import os
import re
import tempfile
from pathlib import Path

from ..csvfiles import read_csv

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


def read_roster(path):
    """The roster's rows (``student,name,id,sis_user_id,sis_login_id,section``), as a list of dicts."""
    fields, rows = read_csv(path, "roster", LmsError)
    if "student" not in fields or "id" not in fields:
        raise LmsError(f"{path}: the roster needs a header row with at least the columns student and id "
                       f"(student,name,id,sis_user_id,sis_login_id,section; got {fields})")
    for line, row in enumerate(rows, start=2):
        if not (row.get("student") or "").strip():
            raise LmsError(f"{path}, line {line}: the student column is empty (the id the grades use)")
    return rows


def detect(path):
    """``"canvas"``, ``"gradescope"`` or None: what kind of LMS export ``path`` (a zip or a folder) is."""
    from . import canvas, gradescope_export

    if gradescope_export.is_export(path):
        return "gradescope"
    if canvas.is_export(path):
        return "canvas"
    return None


def load_export(path, roster=None, prefer="code"):
    """(submissions, problems) of the export at ``path``; ``roster`` is :func:`read_roster`'s rows or None.

    ``prefer="notebook"``: of a Canvas student's uploads, read the notebook first (the written answers).
    """
    from . import canvas, gradescope_export

    kind = detect(path)
    if kind == "gradescope":
        return gradescope_export.read_export(path, roster)
    if kind == "canvas":
        return canvas.read_export(path, roster, prefer)
    raise LmsError(f"{path} is not a Canvas or Gradescope export")


def materialize(submissions, folder=None):
    """Write each submission as ``<student><ext>`` in a private folder the kit makes; returns (folder, [paths]).

    The folder is made by :func:`tempfile.mkdtemp` (mode 0700) unless given; every file is
    created with ``O_EXCL | O_NOFOLLOW`` so nothing already there is written through.
    """
    folder = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="autograder-lms-"))
    paths = []
    for sub in submissions:
        suffix = Path(sub.name).suffix.lower()
        if suffix not in (".py", ".ipynb", ".zip"):
            suffix = ".py"
        path = folder / f"{sub.student}{suffix}"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(sub.data)
        paths.append(path)
    return folder, paths
