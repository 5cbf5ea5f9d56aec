"""Write a graded class: grades.csv, results/<student>.json, feedback/<student>.md (see DESIGN.md, "Grade output")."""

import json
import os
import re
from pathlib import Path

from ..csvfiles import write_csv
from ..sandbox import LEFT_OUT_INTRO, MISSING_DEEPNN
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


def class_results(out_dir, given):
    """Every result in ``out_dir/results`` for grades.csv: ``(results, earlier)`` in a stable order.

    ``given``: ``{student: result}`` graded (or kept) now, in the order given. The order is the
    previous grades.csv's, then the new students as given, then any other result file by name;
    ``earlier`` lists the students with a result here who were not given now (graded earlier).
    """
    from ..csvfiles import read_csv

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


def _api_order():
    """The student API in order (the reference's ``__all__``); empty when it cannot be read."""
    try:
        from ..reference import api_names

        return api_names()
    except Exception:  # noqa: BLE001 - only the order of a list depends on it
        return []


def _focus(test):
    """The API functions a test is about: those its name names ("q4_backward - layer_backward"), else every one it takes
    (a test of ``model_backward`` also takes ``layer_forward`` to build its inputs: that one is not what to fix)."""
    functions = [str(name) for name in (test.get("extra_data") or {}).get("functions") or []]
    title = str(test.get("name", ""))
    named = [name for name in functions if re.search(rf"\b{re.escape(name)}\b", title)]
    return named or functions


def _functions(tests, api=None):
    """``[(function, failed test count)]`` of what these tests are about, most tests first, then in API order
    (tests graded before functions were recorded: none)."""
    counts = {}
    for test in tests:
        for name in _focus(test):
            counts[name] = counts.get(name, 0) + 1
    order = {name: i for i, name in enumerate(api if api is not None else _api_order())}
    return sorted(counts.items(), key=lambda item: (-item[1], order.get(item[0], len(order))))


def _question_of(test):
    return str((test.get("extra_data") or {}).get("question") or str(test.get("name", "")).split(" ")[0].rstrip(":"))


def _start_here(failed, question_ids, api):
    """The short list leading "What to fix": the first failing question's functions, then the other failing questions."""
    by_question = {}
    for test in failed:
        by_question.setdefault(_question_of(test), []).append(test)
    order = [q for q in question_ids if q in by_question] + [q for q in by_question if q not in question_ids]
    first = order[0]
    tests = by_question[first]
    lines = ["### Start here", ""]
    functions = _functions(tests, api)
    if functions:
        lines.append(f"Fix {code_span(first)} first; its failing tests are about:")
        lines.append("")
        lines += [f"- {code_span(name)} ({code_span(first)}): {count} test{'s' if count != 1 else ''}" for name, count in functions]
    else:
        lines.append(f"Fix {code_span(first)} first: {len(tests)} failing test{'s' if len(tests) != 1 else ''}.")
    if len(order) > 1:
        lines += ["", "Then: " + ", ".join(code_span(q) for q in order[1:]) + "."]
    return lines + [""]


def _about(tests, api):
    """``"`f` (q3_cost): "``, naming what the tests call and their question (empty when unknown)."""
    functions = ", ".join(code_span(name) for name, _ in _functions(tests, api))
    questions = []
    for test in tests:
        if _question_of(test) not in questions:
            questions.append(_question_of(test))
    where = ", ".join(code_span(q) for q in questions)
    return f"{functions} ({where}): " if functions else ""


def _failure_lines(failed, api=None):
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
            functions = ", ".join(code_span(name) for name, _ in _functions(tests, api))
            lines.append(f"### {code_span(test['name'])}{hidden}{', calls ' + functions if functions else ''}: 0 / {points}")
        else:
            names = ", ".join(f"{code_span(t['name'])}{' (hidden)' if t.get('visibility') != 'visible' else ''}" for t in tests)
            lines.append(f"### {_about(tests, api)}{len(tests)} tests failed with the same message: 0 / {points}")
            lines += ["", f"Tests: {names}"]
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
        lines.append(f"| {code_span(qid)} | {_fmt(q['score'])} | {_fmt(q['max_score'])} |")
    lines.append("")
    from ..manual import TEST_PREFIX  # the written answers have their own section

    graded = [t for t in result.get("tests", []) if not str(t.get("name", "")).startswith(TEST_PREFIX)]
    failed = [t for t in graded if t.get("status") != "passed"]
    if failed:
        api = _api_order()
        lines += ["## What to fix", ""]
        details = _failure_lines(failed, api)
        lines += folded(f"{len(failed)} failed tests", details) + [""] if error else _start_here(failed, order, api) + details
    else:
        lines += ["Every test passed.", ""]
    passed = [t for t in graded if t.get("status") == "passed"]
    if passed:
        lines += ["## Passed", ""]
        lines += [f"- {code_span(t['name'])} ({_fmt(t.get('score'))} / {_fmt(t.get('max_score'))})" for t in passed]
        lines.append("")
    if extra.get("late_message"):
        from ..late import FEEDBACK_BEGIN, FEEDBACK_END

        lines += [FEEDBACK_BEGIN, "## Submission time", "", extra["late_message"], FEEDBACK_END, ""]
    if extra.get("isolation") and extra["isolation"] != "bwrap":
        from ..sandbox import WARNINGS

        lines += [f"_{WARNINGS[extra['isolation']]}_", ""]
    # extra_data.demo_secret is for the instructor (grade's stderr, the report), not the student's feedback
    if (extra.get("manual") or {}).get("points"):  # written answers merged by hand (autograder/manual.py)
        from ..manual import feedback_section

        lines += [feedback_section(extra["manual"])]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_feedback(out_dir, student, result, question_ids=None):
    _atomic_write(Path(out_dir) / "feedback" / f"{student}.md", feedback_markdown(result, question_ids))
