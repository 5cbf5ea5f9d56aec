"""The student's feedback.md, rendered whole from a results.json dict (see DESIGN.md, "Grade output").

The late policy's and the written answers' sections stand between HTML comments (markers),
so a reader (or an older kit) can find them; they are rendered with the rest, never patched in.
"""

import re

from ..formatting import points
from ..sandbox import LEFT_OUT_INTRO, WARNINGS
from .model import TEST_PREFIX
from .safe_markdown import code_span, fenced, folded, plain_line

LATE_BEGIN = "<!-- late-policy -->"
LATE_END = "<!-- /late-policy -->"
WRITTEN_BEGIN = "<!-- manual-grading -->"
WRITTEN_END = "<!-- /manual-grading -->"


def late_section(message):
    """The markdown about the submission time (``extra_data.late_message``), between markers."""
    return f"{LATE_BEGIN}\n## Submission time\n\n{message}\n{LATE_END}\n"


def written_section(manual):
    """The "Written answers" section (between markers) for ``extra_data.manual`` (scores, points, comment)."""
    maxima, values = manual.get("points") or {}, manual.get("scores") or {}
    lines = [f"- {c.removeprefix('written_')}: {points(values.get(c, 0))} / {points(maxima[c])}" for c in maxima]
    if manual.get("comment"):  # may quote a student's notebook (the written command's notes): fenced
        lines.append(f"\nComments:\n\n{fenced(manual['comment'])}")
    return f"{WRITTEN_BEGIN}\n## Written answers (graded by hand)\n\n" + "\n".join(lines) + f"\n{WRITTEN_END}\n"


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
        worth = points(sum(float(t.get("max_score") or 0) for t in tests))
        if len(tests) == 1:
            test = tests[0]
            hidden = " (hidden test)" if test.get("visibility") != "visible" else ""
            functions = ", ".join(code_span(name) for name, _ in _functions(tests, api))
            lines.append(f"### {code_span(test['name'])}{hidden}{', calls ' + functions if functions else ''}: 0 / {worth}")
        else:
            names = ", ".join(f"{code_span(t['name'])}{' (hidden)' if t.get('visibility') != 'visible' else ''}" for t in tests)
            lines.append(f"### {_about(tests, api)}{len(tests)} tests failed with the same message: 0 / {worth}")
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
    lines.append(f"**Score: {points(result.get('score'))} / {points(extra.get('max_score'))}** (status: {extra.get('status', 'error')})")
    if extra.get("late_penalty"):
        lines.append(f"Late penalty: {points(extra['late_penalty'])} points (already taken off the score).")
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
        lines.append(f"| {code_span(qid)} | {points(q['score'])} | {points(q['max_score'])} |")
    lines.append("")
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
        lines += [f"- {code_span(t['name'])} ({points(t.get('score'))} / {points(t.get('max_score'))})" for t in passed]
        lines.append("")
    if extra.get("late_message"):
        lines += [late_section(extra["late_message"])]
    if extra.get("isolation") and extra["isolation"] != "bwrap":
        lines += [f"_{WARNINGS[extra['isolation']]}_", ""]
    # extra_data.demo_secret is for the instructor (grade's stderr, the report), not the student's feedback
    if (extra.get("manual") or {}).get("points"):  # written answers merged by hand (autograder/manual.py)
        lines += [written_section(extra["manual"])]
    return "\n".join(lines).rstrip("\n") + "\n"

