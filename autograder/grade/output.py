"""Write a graded class: grades.csv, results/<student>.json, feedback/<student>.md (see DESIGN.md, "Grade output")."""

import json
import os
from pathlib import Path

from ..csvfiles import write_csv


def _fmt(value):
    value = round(float(value or 0), 4)
    return str(int(value)) if value == int(value) else repr(value)


def _atomic_write(path, text):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def write_results(out_dir, student, result):
    _atomic_write(Path(out_dir) / "results" / f"{student}.json", json.dumps(result, indent=2, sort_keys=False) + "\n")


def read_results(out_dir, student):
    path = Path(out_dir) / "results" / f"{student}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def manual_columns(results):
    """Columns of hand-graded items merged earlier (autograder/manual.py keeps them in extra_data.manual)."""
    columns = []
    for result in results:
        for column in ((result.get("extra_data", {}).get("manual") or {}).get("points") or {}):
            if column not in columns:
                columns.append(column)
    return columns


def grades_row(result, question_ids, extra_columns=()):
    extra = result.get("extra_data", {})
    row = {
        "student": extra.get("student", ""),
        "score": _fmt(result.get("score", 0)),
        "max_score": _fmt(extra.get("max_score", 0)),
        "status": extra.get("status", "error"),
    }
    questions = extra.get("questions", {})
    for qid in question_ids:
        row[qid] = _fmt(questions.get(qid, {}).get("score", 0))
    manual = (extra.get("manual") or {}).get("scores") or {}
    for column in extra_columns:
        row[column] = _fmt(manual[column]) if column in manual else ""
    row["late_penalty"] = _fmt(extra.get("late_penalty", 0))
    return row


def write_grades_csv(out_dir, results, question_ids):
    extra_columns = manual_columns(results)
    fields = ["student", "score", "max_score", "status", *question_ids, *extra_columns, "late_penalty"]
    rows = [grades_row(result, question_ids, extra_columns) for result in results]
    return write_csv(Path(out_dir) / "grades.csv", fields, rows)


def feedback_markdown(result, question_ids=None):
    extra = result.get("extra_data", {})
    student = extra.get("student", "")
    lines = [f"# Feedback for {student}", ""]
    lines.append(f"**Score: {_fmt(result.get('score'))} / {_fmt(extra.get('max_score'))}** (status: {extra.get('status', 'error')})")
    if extra.get("late_penalty"):
        lines.append(f"Late penalty: {_fmt(extra['late_penalty'])} points (already taken off the score).")
    lines.append("")
    if extra.get("load_error"):
        lines += ["## Your submission could not be graded", "", extra["load_error"], ""]
    for note in extra.get("notes", []):
        lines += [note, ""]
    questions = extra.get("questions", {})
    order = list(question_ids or questions)
    lines += ["## Scores by question", "", "| question | score | max |", "| --- | ---: | ---: |"]
    for qid in order:
        q = questions.get(qid, {"score": 0, "max_score": 0})
        lines.append(f"| {qid} | {_fmt(q['score'])} | {_fmt(q['max_score'])} |")
    lines.append("")
    failed = [t for t in result.get("tests", []) if t.get("status") != "passed"]
    if failed:
        lines += ["## What to fix", ""]
        for test in failed:
            hidden = " (hidden test)" if test.get("visibility") != "visible" else ""
            lines.append(f"### {test['name']}{hidden}: 0 / {_fmt(test.get('max_score'))}")
            lines.append("")
            lines.append("```text")
            lines.append(str(test.get("output", "")).replace("```", "'''"))
            lines.append("```")
            lines.append("")
    else:
        lines += ["Every test passed.", ""]
    passed = [t for t in result.get("tests", []) if t.get("status") == "passed"]
    if passed:
        lines += ["## Passed", ""]
        lines += [f"- {t['name']} ({_fmt(t.get('score'))} / {_fmt(t.get('max_score'))})" for t in passed]
        lines.append("")
    if extra.get("late_message"):
        from ..late import FEEDBACK_BEGIN, FEEDBACK_END

        lines += [FEEDBACK_BEGIN, "## Submission time", "", extra["late_message"], FEEDBACK_END, ""]
    if extra.get("isolation") and extra["isolation"] != "bwrap":
        from ..sandbox import WARNINGS

        lines += [f"_{WARNINGS[extra['isolation']]}_", ""]
    if extra.get("demo_secret"):
        from .engine import DEMO_SECRET_NOTE

        lines += [f"_{DEMO_SECRET_NOTE}_", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_feedback(out_dir, student, result, question_ids=None):
    _atomic_write(Path(out_dir) / "feedback" / f"{student}.md", feedback_markdown(result, question_ids))
