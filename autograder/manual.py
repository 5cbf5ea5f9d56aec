"""Merge a filled score sheet (manual grading: the written answers) into a graded class.

The sheet is the CSV ``python -m autograder written`` writes: a ``student`` column, one
column per manually graded item (``written_<exercise>``), an optional ``comments``
column, and a first row whose student is ``Points Possible`` holding each item's points.

:func:`merge_grades` adds those columns to ``grades.csv`` (after the question columns,
before ``late_penalty``) and their points to ``score`` and ``max_score``.
:func:`merge_into_out_dir` does that and also updates ``results/<student>.json`` (one
test entry per item, the total score) and ``feedback/<student>.md``. Both are
idempotent: merging again (e.g. a corrected sheet) replaces the earlier manual scores.

The grade command calls it for ``grade --manual SHEET.csv``.
"""

import json
import re
from pathlib import Path

from .csvfiles import read_csv, require_columns, write_csv
from .plural import counted, verb

#: The score sheet's first data row: the points of each column.
POINTS_ROW = "Points Possible"
#: Every score column of the sheet starts with this (``written_<exercise>``).
COLUMN_PREFIX = "written_"
FEEDBACK_BEGIN = "<!-- manual-grading -->"
FEEDBACK_END = "<!-- /manual-grading -->"
TEST_PREFIX = "Written answer: "


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


def _fmt(value):
    value = round(float(value), 2)
    return str(int(value)) if value == int(value) else f"{value:g}"


def merge_grades(grades_path, sheet_path, *, base=None, sheet=None):
    """Merge the sheet into grades.csv in place; returns ``(columns, points, scores, comments)``.

    ``base`` (optional) is ``{student: (score, max_score)}`` without any manual points; by
    default the manual columns already in grades.csv (and manual_points.json, their points,
    kept next to it) are taken back out first.
    """
    columns, points, scores, comments = sheet if sheet is not None else read_sheet(sheet_path)
    grades_path = Path(grades_path)
    fields, rows = read_csv(grades_path, "grades file", ManualError)
    require_columns(grades_path, fields, ("student", "score", "max_score"), ManualError, "pass the grades.csv the grade command wrote")
    check_students((columns, points, scores, comments), [r["student"] for r in rows], sheet_path, grades_path)
    old_columns = [f for f in fields if f in columns or f.startswith(COLUMN_PREFIX)]
    old_max = sum(float(v) for v in _old_points(grades_path, old_columns).values()) if old_columns else 0.0
    for row in rows:
        student = row["student"]
        if base is not None and student in base:
            base_score, base_max = base[student]
        else:
            base_score = float(row["score"] or 0) - sum(float(row.get(c) or 0) for c in old_columns)
            base_max = float(row["max_score"] or 0) - old_max
        row["score"] = _fmt(base_score + sum(scores[student].values()))
        row["max_score"] = _fmt(base_max + sum(points.values()))
        for column in old_columns:
            row.pop(column, None)
        for column in columns:
            row[column] = _fmt(scores[student][column])
    kept = [f for f in fields if f not in old_columns]
    at = kept.index("late_penalty") if "late_penalty" in kept else len(kept)
    new_fields = kept[:at] + columns + kept[at:]
    _write_points(grades_path, points)
    write_csv(grades_path, new_fields, rows)
    return columns, points, scores, comments


def _points_path(grades_path):
    return Path(grades_path).with_name("manual_points.json")


def _old_points(grades_path, columns):
    """The points of the manual columns merged before (kept next to grades.csv so a re-merge can undo them)."""
    path = _points_path(grades_path)
    if not path.is_file():
        raise ManualError(f"{grades_path} already has manual columns {columns} but {path} (their points) is missing: "
                          "re-grade or remove those columns first")
    saved = json.loads(path.read_text(encoding="utf-8"))
    return {c: str(saved.get(c, 0)) for c in columns}


def _write_points(grades_path, points):
    _points_path(grades_path).write_text(json.dumps(points, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _results_base(data):
    """(score, max_score) of a results json without the manual points merged before (kept in extra_data)."""
    extra = data.get("extra_data") if isinstance(data.get("extra_data"), dict) else {}
    manual = extra.get("manual") or {}
    score = float(data.get("score", 0)) - sum(float(v) for v in manual.get("scores", {}).values())
    max_score = float(extra.get("max_score", 0)) - sum(float(v) for v in manual.get("points", {}).values())
    return score, max_score


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
    """``data`` (a results.json dict) with these written scores in place of any merged before (in place; returned).

    ``values``/``points``: ``{column: score}``/``{column: max}``. One test entry per item, the
    scores added to ``score`` and ``extra_data.max_score``, and ``extra_data.manual`` holding
    ``scores``, ``points`` and ``comment`` so a regraded or re-rendered result keeps them.
    """
    base_score, base_max = _results_base(data)
    tests = [t for t in data.get("tests", []) if not str(t.get("name", "")).startswith(TEST_PREFIX)]
    for column in points:
        tests.append({"name": f"{TEST_PREFIX}{column.removeprefix('written_')}", "score": values[column],
                      "max_score": points[column], "status": "passed" if values[column] >= points[column] else "failed",
                      "output": comment, "visibility": "visible"})
    data["tests"] = tests
    data["score"] = round(base_score + sum(values.values()), 4)
    extra = data.get("extra_data") if isinstance(data.get("extra_data"), dict) else {}
    if "max_score" in extra:
        extra["max_score"] = round(base_max + sum(points.values()), 4)
    extra["manual"] = {"scores": dict(values), "points": dict(points), "comment": comment}
    data["extra_data"] = extra
    if isinstance(data.get("output"), str):  # its "Score: x / y" line (what Gradescope shows first) says the same totals
        total = f"Score: {_fmt(data['score'])} / {_fmt(extra.get('max_score', 0))}"
        data["output"] = re.sub(r"^Score: \S+ / \S+", lambda _: total, data["output"], count=1, flags=re.MULTILINE)
    return data


def carry_over(result, previous):
    """A freshly graded ``result`` with the written scores ``previous`` (the student's earlier result) had merged."""
    manual = ((previous or {}).get("extra_data") or {}).get("manual") or {}
    if not manual.get("points") or not isinstance(result.get("extra_data"), dict) or "max_score" not in result["extra_data"]:
        return result
    comment = manual.get("comment")
    if comment is None:  # merged before the comment was kept in extra_data: it is each written test's output
        comment = next((t.get("output", "") for t in previous.get("tests", []) if str(t.get("name", "")).startswith(TEST_PREFIX)), "")
    return with_manual(result, manual.get("scores") or {}, manual["points"], comment)


def feedback_section(manual):
    """The feedback's "Written answers" section (between markers) for ``extra_data.manual``."""
    from .grade.safe_markdown import fenced

    points, values = manual.get("points") or {}, manual.get("scores") or {}
    lines = [f"- {c.removeprefix('written_')}: {_fmt(values.get(c, 0))} / {_fmt(points[c])}" for c in points]
    if manual.get("comment"):  # may quote a student's notebook (the written command's notes): fenced
        lines.append(f"\nComments:\n\n{fenced(manual['comment'])}")
    return f"{FEEDBACK_BEGIN}\n## Written answers (graded by hand)\n\n" + "\n".join(lines) + f"\n{FEEDBACK_END}\n"


def merge_into_out_dir(out_dir, sheet_path, *, sheet=None):
    """Merge the sheet into a graded out dir: grades.csv, results/<student>.json, feedback/<student>.md.

    Each results json keeps the manual scores in ``extra_data.manual`` and counts them in
    ``score`` and ``extra_data.max_score``, so grades.csv rebuilt from the results (a resumed
    batch, a regrade) keeps the right totals, and merging again never counts them twice.
    ``sheet``: the sheet already read by :func:`read_sheet` (default: read ``sheet_path``).
    """
    out_dir = Path(out_dir)
    sheet = sheet if sheet is not None else read_sheet(sheet_path)
    columns, points, scores, comments = sheet
    loaded, base = {}, {}
    for student in scores:
        path = out_dir / "results" / f"{student}.json"
        if path.is_file():
            try:
                loaded[student] = json.loads(path.read_text(encoding="utf-8"))
            except json.JSONDecodeError as error:
                raise ManualError(f"{path} is not valid JSON ({error}): re-grade that submission") from None
            if isinstance(loaded[student].get("extra_data"), dict) and "max_score" in loaded[student]["extra_data"]:
                base[student] = _results_base(loaded[student])
    merge_grades(out_dir / "grades.csv", sheet_path, base=base or None, sheet=sheet)
    _, merged = read_csv(out_dir / "grades.csv", "grades file", ManualError)
    totals = {r["student"]: (float(r["score"]), float(r["max_score"])) for r in merged}
    for student, values in scores.items():
        if student in loaded:
            data = with_manual(loaded[student], values, points, comments.get(student, ""))
            tmp = out_dir / "results" / f".{student}.json.tmp"
            tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
            tmp.replace(out_dir / "results" / f"{student}.json")
        feedback = out_dir / "feedback" / f"{student}.md"
        if feedback.is_file():
            section = feedback_section({"scores": values, "points": points, "comment": comments.get(student, "")})
            from .late import rewrite_score_line

            text = rewrite_score_line(feedback.read_text(encoding="utf-8"), *totals[student])
            pattern = re.compile(re.escape(FEEDBACK_BEGIN) + r".*?" + re.escape(FEEDBACK_END) + r"\n?", re.DOTALL)
            text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
            feedback.write_text(text, encoding="utf-8")
    return columns, points, scores
