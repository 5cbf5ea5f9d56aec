"""A graded class's folder: ``results/<student>.json`` (the state), and what is rendered from it whole.

``grades.csv`` and ``feedback/<student>.md`` are never edited in place: :func:`save` writes a
student's results.json and feedback, :func:`render_grades` writes grades.csv from every
result in the folder. Every file goes through the one atomic writer.
"""

import json
from pathlib import Path

from ..csvfiles import read_csv
from ..files import write_atomic
from .feedback import feedback_markdown
from .grades_csv import write_grades_csv
from .json_form import to_json


def results_path(out_dir, student):
    return Path(out_dir) / "results" / f"{student}.json"


def write_results(out_dir, student, result):
    """Write ``result`` (a results.json dict) as ``results/<student>.json``."""
    write_atomic(results_path(out_dir, student), json.dumps(result, indent=2, sort_keys=False) + "\n")


def read_results(out_dir, student):
    """``results/<student>.json`` as a dict, or ``None`` when it is missing or not JSON."""
    try:
        return json.loads(results_path(out_dir, student).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_feedback(out_dir, student, result, question_ids=None):
    """Write ``feedback/<student>.md`` from ``result`` (a results.json dict), whole."""
    write_atomic(Path(out_dir) / "feedback" / f"{student}.md", feedback_markdown(result, question_ids))


def save(out_dir, student, result, question_ids=None):
    """Write ``student``'s results.json and feedback from ``result`` (a Result or its dict); returns the dict."""
    data = to_json(result) if not isinstance(result, dict) else result
    write_results(out_dir, student, data)
    write_feedback(out_dir, student, data, question_ids)
    return data


def class_results(out_dir, given):
    """Every result in ``out_dir/results`` for grades.csv: ``(results, earlier)`` in a stable order.

    ``given``: ``{student: result}`` graded (or kept) now, in the order given. The order is the
    previous grades.csv's, then the new students as given, then any other result file by name;
    ``earlier`` lists the students with a result here who were not given now (graded earlier).
    """
    out_dir = Path(out_dir)
    try:
        _, rows = read_csv(out_dir / "grades.csv", "grades file")
        previous = [row.get("student", "") for row in rows]
    except (ValueError, OSError):
        previous = []
    on_disk = sorted(p.stem for p in (out_dir / "results").glob("*.json") if not p.name.startswith("."))
    order = list(dict.fromkeys([s for s in previous if s in given or s in on_disk] + list(given) + on_disk))
    results, earlier = [], []
    for student in order:
        result = given.get(student) or read_results(out_dir, student)
        if isinstance(result, dict) and isinstance(result.get("extra_data"), dict):
            results.append(result)
            if student not in given:
                earlier.append(student)
    return results, earlier


def render_grades(out_dir, given=None, question_ids=None):
    """Write ``out_dir/grades.csv`` from every result there (``given``: ``{student: dict}`` newer than the files).

    Returns ``(results, earlier)`` as :func:`class_results`.
    """
    everyone, earlier = class_results(out_dir, given or {})
    write_grades_csv(out_dir, everyone, question_ids)
    return everyone, earlier


def from_grades_row(row, fields, path, error=ValueError):
    """A results.json dict from grades.csv's ``row`` when ``path`` (its results json) is missing: its scores, no tests.

    A row that already holds written scores cannot be taken apart without its result: ``error`` says to grade again.
    """
    written = [f for f in fields if f.startswith("written_") and row.get(f)]
    if written:
        raise error(f"{path} is missing and grades.csv already has written scores for {row['student']} "
                    f"({', '.join(written)}): grade that submission again first")

    def number(text):
        try:
            return float(text or 0)
        except ValueError:
            raise error(f"grades.csv: {row['student']} has {text!r}, not a number: grade that submission again first") from None

    questions = {f: {"score": number(row.get(f)), "max_score": 0} for f in fields[4:] if f != "late_penalty"}
    penalty = number(row.get("late_penalty"))
    return {"score": number(row.get("score")), "tests": [],
            "extra_data": {"student": row["student"], "status": row.get("status") or "error",
                           "raw_score": number(row.get("score")) + penalty, "max_score": number(row.get("max_score")),
                           "late_penalty": penalty, "late_message": "", "questions": questions}}
