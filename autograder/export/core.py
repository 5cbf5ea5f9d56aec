"""Grade export: read grades.csv and a roster, write Canvas's gradebook CSV or a plain CSV."""

import csv
import io
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..config import ConfigError, load
from ..csvfiles import read_csv, safe_row
from ..files import write_atomic
from ..formatting import points
from ..plural import counted, verb

CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
#: roster column (ours) -> the Canvas column it fills; each accepts either spelling.
ROSTER_ALIASES = {
    "name": "Student",
    "id": "ID",
    "sis_user_id": "SIS User ID",
    "sis_login_id": "SIS Login ID",
    "section": "Section",
}


class ExportError(ValueError):
    """Bad input to the export; the message says what to fix."""


@dataclass
class ExportReport:
    out: Path
    fmt: str = "canvas"  # what the file is: the Canvas gradebook (roster students only) or the plain CSV (everyone)
    exported: int = 0
    not_in_roster: list = field(default_factory=list)  # graded, but no roster row: not in the Canvas file
    not_graded: list = field(default_factory=list)  # on the roster, but no grade: an empty cell

    @property
    def mismatched(self):
        return bool(self.not_in_roster or self.not_graded)

    def text(self):
        lines = [f"export to {self.out}: {counted(self.exported, 'student')} with a grade"]
        if self.not_in_roster:
            where = ("not in the Canvas file; add them to the roster" if self.fmt == "canvas" else
                     "in the file with match not_in_roster and no LMS ids; add them to the roster")
            n = len(self.not_in_roster)
            lines.append(f"{counted(n, 'graded student')} {verb(n)} NOT on the roster ({where}): " + ", ".join(self.not_in_roster))
        if self.not_graded:
            cell = "empty cell" if self.fmt == "canvas" else "match not_graded, empty grade"
            lines.append(f"{counted(len(self.not_graded), 'roster student')} {verb(len(self.not_graded), 'has', 'have')} NO grade ({cell}; did they submit?): " + ", ".join(self.not_graded))
        if not self.mismatched:
            lines.append("the roster and the grades match")
        return "\n".join(lines) + "\n"


def _read_csv(path, what):
    return read_csv(path, what, ExportError)


def read_grades(path):
    fields, rows = _read_csv(path, "grades file")
    for needed in ("student", "score", "max_score"):
        if needed not in fields:
            raise ExportError(f"{path} has no {needed!r} column: pass the grades.csv the grade command wrote")
    seen = set()
    for line, row in enumerate(rows, start=2):
        if not row["student"]:
            raise ExportError(f"{path}, line {line}: empty student")
        if row["student"] in seen:
            raise ExportError(f"{path}, line {line}: {row['student']!r} appears twice")
        seen.add(row["student"])
        for column in ("score", "max_score"):
            try:
                float(row[column])
            except ValueError:
                raise ExportError(f"{path}, line {line}: {column} {row[column]!r} is not a number") from None
    return fields, rows


def read_roster(path, key=None):
    """``(key column, [row, ...])``, each row with the five Canvas columns filled from either spelling."""
    fields, rows = _read_csv(path, "roster")
    lower = {f.lower(): f for f in fields}
    if key is None and "student" not in fields and not {"Student", "SIS Login ID"} <= set(fields):
        _check_kit_roster(path)  # neither the kit's roster nor a Canvas gradebook: grade --roster's sentence
    if key is None:
        key = lower.get("student") if "student" in lower and "Student" not in fields else None
        key = key or ("SIS Login ID" if "SIS Login ID" in fields else lower.get("sis_login_id"))
        if key is None:
            raise ExportError(f"{path}: the roster needs a 'student' column with the names grades.csv uses "
                              f"(or a 'SIS Login ID' column, or say which with --key); its columns are {fields}")
    elif key not in fields:
        raise ExportError(f"{path}: --key {key!r} is not a roster column; its columns are {fields}")
    out = []
    seen = set()
    for line, row in enumerate(rows, start=2):
        if row.get("Student", "").strip().lower() == "points possible":
            continue  # a Canvas export used as a roster
        student = row.get(key, "")
        if not student:
            raise ExportError(f"{path}, line {line}: the {key!r} column is empty")
        if student in seen:
            raise ExportError(f"{path}, line {line}: {student!r} appears twice in the roster")
        seen.add(student)
        canvas = {}
        for ours, theirs in ROSTER_ALIASES.items():
            canvas[theirs] = row.get(theirs) or row.get(lower.get(ours, ours), "") or ""
        if not canvas["ID"]:
            raise ExportError(f"{path}, line {line}: {student!r} has no Canvas ID (column 'id' or 'ID'): Canvas matches rows by it")
        out.append({"key": student, "row": row, "canvas": canvas})
    return key, out


def _check_kit_roster(path):
    """Refuse ``path`` as :func:`autograder.lms.read_roster` (grade --roster) does, naming the export's alternatives."""
    from ..lms import LmsError, read_roster as read_kit_roster

    try:
        read_kit_roster(path)
    except LmsError as error:
        raise ExportError(f"{error}; or give a Canvas gradebook export (keyed by its SIS Login ID column), "
                          "or name the column holding the names grades.csv uses with --key") from None


def _points_possible(rows, path):
    counts = Counter(float(r["max_score"]) for r in rows)
    if not counts:
        return None
    value, _ = counts.most_common(1)[0]
    if len(counts) > 1:
        print(f"export: warning: {path} has several max_score values {sorted(counts)}; Points Possible = {value:g}", file=sys.stderr)
    return value


def export(grades, *, roster, out, fmt="canvas", assignment=None, key=None):
    """Write the export; returns an :class:`ExportReport` (also printed to stderr and written next to ``out``)."""
    if fmt not in ("canvas", "csv"):
        raise ExportError(f"unknown format {fmt!r}: use canvas or csv")
    grade_fields, grade_rows = read_grades(grades)
    key, roster_rows = read_roster(roster, key)
    if assignment is None:
        try:
            assignment = load().name
        except ConfigError as error:
            raise ExportError(str(error)) from None
    by_student = {r["student"]: r for r in grade_rows}
    roster_keys = {r["key"] for r in roster_rows}
    out = Path(out)
    report = ExportReport(out=out, fmt=fmt)
    report.not_in_roster = sorted(s for s in by_student if s not in roster_keys)
    report.not_graded = [r["key"] for r in roster_rows if r["key"] not in by_student]
    report.exported = len(by_student) - len(report.not_in_roster)
    handle = io.StringIO()
    writer = csv.writer(handle, lineterminator="\n")
    if fmt == "canvas":
        writer.writerow(safe_row(CANVAS_COLUMNS + [assignment]))
        possible = _points_possible(grade_rows, grades)
        writer.writerow(safe_row(["Points Possible", "", "", "", "", points(possible, places=2) if possible is not None else ""]))
        for entry in roster_rows:
            graded = by_student.get(entry["key"])
            writer.writerow(safe_row([entry["canvas"][c] for c in CANVAS_COLUMNS] + [points(graded["score"], places=2) if graded else ""]))
    else:
        extra = [f for f in grade_fields if f != "student"]
        writer.writerow(safe_row(["student"] + CANVAS_COLUMNS + extra + ["match"]))
        for entry in roster_rows:
            graded = by_student.get(entry["key"])
            writer.writerow(safe_row([entry["key"]] + [entry["canvas"][c] for c in CANVAS_COLUMNS]
                            + [graded.get(f, "") if graded else "" for f in extra] + ["ok" if graded else "not_graded"]))
        for student in report.not_in_roster:
            graded = by_student[student]
            writer.writerow(safe_row([student] + [""] * len(CANVAS_COLUMNS) + [graded.get(f, "") for f in extra] + ["not_in_roster"]))
    write_atomic(out, handle.getvalue())
    text = report.text()
    write_atomic(out.with_name(out.name + ".report.txt"), text)
    print(text, end="", file=sys.stderr)
    return report
