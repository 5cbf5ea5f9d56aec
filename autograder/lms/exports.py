"""Reading a class export: which LMS made it (:func:`detect`), its submissions (:func:`load_export`), the roster
(:func:`read_roster`), and the chosen files written for the grader (:func:`materialize`).

Exports are read in memory, never extracted (:mod:`autograder.lms.canvas`,
:mod:`autograder.lms.gradescope_export`); :func:`materialize` writes each chosen file as
``<student>.<ext>`` into a private folder the kit made (mode 0700, files created exclusively).
"""

import os
import tempfile
from pathlib import Path

from . import canvas, gradescope_export
from ..csvfiles import read_csv
from .model import LmsError


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
    if gradescope_export.is_export(path):
        return "gradescope"
    if canvas.is_export(path):
        return "canvas"
    return None


def load_export(path, roster=None, prefer="code"):
    """(submissions, problems) of the export at ``path``; ``roster`` is :func:`read_roster`'s rows or None.

    ``prefer="notebook"``: of a Canvas student's uploads, read the notebook first (the written answers).
    """
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
