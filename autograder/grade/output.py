"""Write a graded class: grades.csv, results/<student>.json, feedback/<student>.md (see DESIGN.md, "Grade output")."""

import json
import os
from pathlib import Path

from ..csvfiles import write_csv
from ..sandbox.submission import LEFT_OUT_INTRO, MISSING_DEEPNN
from .safe_markdown import code_span, fenced, folded, plain_line


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


def lead_with_fix(result):
    """``result`` with its ``output`` leading with the one thing to fix, when the upload is wrong (in place).

    The first line is the load error's first line (e.g. "no deepnn.py in your upload (found:
    homework.ipynb)"), or a note saying the upload had no deepnn.py; the rest follows unchanged.
    """
    extra = result.get("extra_data") or {}
    paragraphs = [p for p in str(result.get("output", "")).split("\n\n") if p]
    error = extra.get("load_error") or ""
    if error:
        paragraphs = [p for p in paragraphs if p != f"Your submission could not be graded: {error}"]
        lead = [error, "Your submission could not be graded: fix that and submit again."]
    else:
        lead = [note for note in extra.get("notes") or [] if str(note).startswith(MISSING_DEEPNN)][:1]
        paragraphs = [p for p in paragraphs if p not in lead]
    result["output"] = "\n\n".join(lead + paragraphs)
    return result


def _note_lines(note):
    """A note of the grader about the submission (student text inside): fenced, a long list folded."""
    note = str(note)
    if note.startswith(LEFT_OUT_INTRO):
        intro, _, listing = note.partition("\n")
        count = sum(1 for line in listing.splitlines() if line.startswith("- "))
        return [intro, "", *folded(f"{count} left-out statement{'s' if count != 1 else ''}", [fenced(listing)]), ""]
    return [fenced(note), ""]


def _failure_lines(failed):
    """What to fix: one entry per distinct message; cases failing with the same message share it."""
    groups = {}
    for test in failed:
        groups.setdefault(str(test.get("output", "")), []).append(test)
    lines = []
    for message, tests in groups.items():
        points = _fmt(sum(float(t.get("max_score") or 0) for t in tests))
        if len(tests) == 1:
            test = tests[0]
            hidden = " (hidden test)" if test.get("visibility") != "visible" else ""
            lines.append(f"### {plain_line(test['name'])}{hidden}: 0 / {points}")
        else:
            names = ", ".join(f"{t['name']}{' (hidden)' if t.get('visibility') != 'visible' else ''}" for t in tests)
            lines.append(f"### {len(tests)} tests failed with the same message: 0 / {points}")
            lines += ["", f"Tests: {plain_line(names)}"]
        lines += ["", fenced(message), ""]
    return lines


def feedback_markdown(result, question_ids=None):
    """The student's feedback.md: the thing to fix first, scores, what to fix (student text fenced), passed tests."""
    extra = result.get("extra_data", {})
    student = extra.get("student", "")
    error = extra.get("load_error") or ""
    lines = [plain_line(error), ""] if error else []
    lines += [f"# Feedback for {code_span(student)}", ""]
    lines.append(f"**Score: {_fmt(result.get('score'))} / {_fmt(extra.get('max_score'))}** (status: {extra.get('status', 'error')})")
    if extra.get("late_penalty"):
        lines.append(f"Late penalty: {_fmt(extra['late_penalty'])} points (already taken off the score).")
    lines.append("")
    if error:
        lines += ["## Your submission could not be graded", "", fenced(error), ""]
    for note in extra.get("notes", []):
        lines += _note_lines(note)
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
        details = _failure_lines(failed)
        lines += folded(f"{len(failed)} failed tests", details) + [""] if error else details
    else:
        lines += ["Every test passed.", ""]
    passed = [t for t in result.get("tests", []) if t.get("status") == "passed"]
    if passed:
        lines += ["## Passed", ""]
        lines += [f"- {plain_line(t['name'])} ({_fmt(t.get('score'))} / {_fmt(t.get('max_score'))})" for t in passed]
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
