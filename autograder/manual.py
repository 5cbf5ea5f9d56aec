"""Merge a filled score sheet (manual grading: the written answers) into a graded class.

The sheet is the CSV ``python -m autograder written`` writes: a ``student`` column, one
column per manually graded item (``written_<exercise>``), an optional ``comments``
column, and a first row whose student is ``Points Possible`` holding each item's points.

:func:`merge_into_out_dir` sets each student's ``manual`` adjustment in ``results/<student>.json``
(one test entry per item, the points counted in ``score`` and ``max_score``: autograder/result/)
and renders ``feedback/<student>.md`` and ``grades.csv`` (the items' columns after the questions,
before ``late_penalty``) again from the results. Merging again (e.g. a corrected sheet) replaces
the earlier scores: merging twice is merging once.

The grade command calls it for ``grade --manual SHEET.csv``.
"""

import json
from pathlib import Path

from .csvfiles import read_csv, require_columns
from .plural import counted, verb
from .result import TEST_PREFIX, Manual, Result, apply_to, from_json
from .result.out_dir import from_grades_row, render_grades, results_path, save

#: The score sheet's first data row: the points of each column.
POINTS_ROW = "Points Possible"
#: Every score column of the sheet starts with this (``written_<exercise>``).
COLUMN_PREFIX = "written_"
__all__ = ["read_sheet", "check_students", "merge_into_out_dir", "merge_grades", "with_manual", "carry_over", "ManualError",
           "POINTS_ROW", "COLUMN_PREFIX", "TEST_PREFIX"]


class ManualError(ValueError):
    """The sheet or the grades do not fit together; the message says what to fix."""


def _number(text, where):
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise ManualError(f"{where}: {text!r} is not a number") from None
    if value != value or value < 0:
        raise ManualError(f"{where}: {text!r} must be a number >= 0")
    return value


def read_sheet(path):
    """``(columns, points {column: max}, scores {student: {column: value}}, comments {student: text})``."""
    fields, rows = read_csv(path, "score sheet", ManualError)
    if "student" not in fields:
        raise ManualError(f"{path}: the score sheet needs a 'student' column (write one with python -m autograder written)")
    columns = [f for f in fields if f not in ("student", "comments", "notes")]  # notes: the written command's, never shown
    if not columns:
        raise ManualError(f"{path}: the score sheet has no score columns")
    strangers = [f for f in columns if not f.startswith(COLUMN_PREFIX) or f == COLUMN_PREFIX]
    if strangers:
        raise ManualError(f"{path}: the columns {', '.join(repr(f) for f in strangers)} are not score columns: a score column "
                          f"is named {COLUMN_PREFIX}<exercise> (the autograded questions' columns come from grades.csv); "
                          "rename or remove them (only student, comments and written_... columns belong in the sheet)")
    points, scores, comments, blanks = None, {}, {}, []
    for line, row in enumerate(rows, start=2):
        student = row.get("student", "")
        if student == POINTS_ROW:
            points = {c: _number(row.get(c), f"{path}, line {line} ({POINTS_ROW}), column {c}") for c in columns}
            continue
        if not student:
            raise ManualError(f"{path}, line {line}: the student column is empty")
        if student in scores:
            raise ManualError(f"{path}, line {line}: {student!r} appears twice")
        values = {}
        for column in columns:
            if row.get(column, "") == "":
                blanks.append(f"{student}/{column}")
                continue
            values[column] = _number(row[column], f"{path}, line {line}, column {column}")
        scores[student] = values
        comments[student] = row.get("comments", "")
    if points is None:
        raise ManualError(f"{path}: the row '{POINTS_ROW}' (each column's points) is missing: add it as the first row")
    if blanks:
        shown = ", ".join(blanks[:8]) + (f" and {len(blanks) - 8} more" if len(blanks) > 8 else "")
        raise ManualError(f"{path}: {counted(len(blanks), 'score')} {verb(len(blanks))} not filled in ({shown}): "
                          "fill them in (0 for no credit)")
    for student, values in scores.items():
        for column, value in values.items():
            if value > points[column]:
                raise ManualError(f"{path}: {student} has {value:g} in {column}, more than its {points[column]:g} points")
    return columns, points, scores, comments


def merge_grades(grades_path, sheet_path, *, sheet=None):
    """Merge the sheet into the class graded beside ``grades_path`` (its results); returns ``(columns, points, scores, comments)``.

    grades.csv is rendered again from the results: see :func:`merge_into_out_dir`.
    """
    columns, points, scores = merge_into_out_dir(Path(grades_path).parent, sheet_path, sheet=sheet)
    comments = (sheet if sheet is not None else read_sheet(sheet_path))[3]
    return columns, points, scores, comments


def check_students(sheet, students, sheet_path, where):
    """Raise :class:`ManualError` unless the sheet's students are exactly ``students`` (those ``where`` will list)."""
    scores = sheet[2]
    not_graded = sorted(set(scores) - set(students))
    not_scored = [s for s in students if s not in scores]
    parts = []
    if not_scored:
        parts.append(f"graded but not in the sheet: {', '.join(not_scored)} (add their rows)")
    if not_graded:
        parts.append(f"in the sheet but not graded: {', '.join(not_graded)} (grade their submissions or remove the rows)")
    if parts:
        raise ManualError(f"{sheet_path} does not match {where}: " + "; ".join(parts))


def with_manual(data, values, points, comment=""):
    """``data`` (a results.json dict or a :class:`~autograder.result.Result`) with these written scores in place of any
    merged before; a dict is changed in place and returned, a Result's copy returned.

    ``values``/``points``: ``{column: score}``/``{column: max}``. The result's ``manual`` adjustment
    holds them (one test entry per item, the scores counted in ``score`` and ``max_score``).
    """
    return apply_to(data, lambda result: result.with_manual(Manual(dict(values), dict(points), comment or "")))


def carry_over(result, previous):
    """A freshly graded ``result`` with the written scores ``previous`` (the student's earlier result) had merged.

    ``result``: a results.json dict (changed in place) or a :class:`~autograder.result.Result`; ``previous``: a dict.
    """
    if not isinstance(previous, dict):
        return result
    manual = from_json(previous).manual
    model = result if isinstance(result, Result) else from_json(result)
    if manual is None or not manual.points or ("max_score" not in model.facts and not isinstance(result, Result)):
        return result
    return apply_to(result, lambda fresh: fresh.with_manual(manual))


def merge_into_out_dir(out_dir, sheet_path, *, sheet=None):
    """Merge the sheet into a graded out dir: results/<student>.json, then feedback/<student>.md and grades.csv rendered.

    Each result's ``manual`` adjustment is set to the sheet's scores (a corrected sheet replaces
    the first; merging twice is merging once), so grades.csv rebuilt from the results (a resumed
    batch, a regrade) keeps the right totals. Nothing is written unless the whole sheet fits.
    ``sheet``: the sheet already read by :func:`read_sheet` (default: read ``sheet_path``).
    """
    out_dir = Path(out_dir)
    sheet = sheet if sheet is not None else read_sheet(sheet_path)
    columns, points, scores, comments = sheet
    grades_path = out_dir / "grades.csv"
    fields, rows = read_csv(grades_path, "grades file", ManualError)
    require_columns(grades_path, fields, ("student", "score", "max_score"), ManualError, "pass the grades.csv the grade command wrote")
    check_students(sheet, [r["student"] for r in rows], sheet_path, grades_path)
    merged, by_student = {}, {row["student"]: row for row in rows}
    for student, values in scores.items():
        path = results_path(out_dir, student)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:  # e.g. removed by hand: grades.csv's row is all there is, and becomes its result
            data = from_grades_row(by_student[student], fields, path, ManualError)
        except (OSError, ValueError) as error:
            raise ManualError(f"{path} is not valid JSON ({error}): re-grade that submission") from None
        if not isinstance(data, dict):
            raise ManualError(f"{path} is not a results.json object: re-grade that submission")
        merged[student] = from_json(data).with_manual(Manual(dict(values), dict(points), comments.get(student, "")))
    given = {student: save(out_dir, student, result) for student, result in merged.items()}
    render_grades(out_dir, given)
    return columns, points, scores
