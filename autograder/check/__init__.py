"""``python -m autograder check PATH``: the public tests of a deepnn.py or notebook, with feedback in the terminal.

The same engine as ``grade`` (the student's code runs in the sandbox worker), public cases only.
"""

import sys
from pathlib import Path

from ..exitcodes import BAD_INPUT, DONE, PROBLEM
from ..formatting import points


def add_arguments(parser):
    parser.add_argument("path", metavar="PATH", help="your deepnn.py, your notebook (.ipynb), a folder or a zip")
    parser.add_argument("--question", "-q", action="append", default=None, metavar="QID",
                        help="only this question (repeat for several), e.g. -q q1_init")
    parser.add_argument("--timeout", type=float, default=None, metavar="S", help="seconds per test (default 30)")
    parser.add_argument("--verbose", "-v", action="store_true", help="also list the tests that passed")


def _colour(text, code, enabled):
    return f"\033[{code}m{text}\033[0m" if enabled else text


def render(result, *, colour=False, verbose=False):
    """The terminal report of a check result (a grade_submission dict)."""
    extra = result["extra_data"]
    lines = []
    if extra.get("load_error"):
        lines.append(_colour("Your submission could not be loaded:", "1;31", colour))
        lines.append("  " + extra["load_error"])
        lines.append("")
    by_question = {}
    for test in result["tests"]:
        by_question.setdefault(test["extra_data"]["question"], []).append(test)
    for qid, q in extra["questions"].items():
        tests = by_question.get(qid, [])
        failed = [t for t in tests if t["status"] != "passed"]
        mark = _colour("PASS", "32", colour) if not failed else _colour("FAIL", "31", colour)
        lines.append(f"{mark} {qid}: {points(q['score'])} / {points(q['max_score'])} (public tests)")
        for test in tests:
            if test["status"] == "passed":
                if verbose:
                    lines.append(f"    ok    {test['name']}")
                continue
            lines.append(f"    fail  {test['name']}")
            for text_line in str(test["output"]).splitlines():
                lines.append(f"          {text_line}")
    lines.append("")
    from ..rules import assignment_rules, summary_lines

    lines.append(f"Public tests: {points(result['score'])} / {points(extra['max_score'])}. Hidden tests run when you submit; "
                 "they check the same functions on other inputs.")
    lines += summary_lines(assignment_rules())
    for note in extra.get("notes", []):
        lines.append("")
        lines.append(note)
    if extra.get("isolation") and extra["isolation"] != "bwrap":
        from ..sandbox import WARNINGS

        lines.append("")
        lines.append(f"(note: {WARNINGS[extra['isolation']]})")
    return "\n".join(lines) + "\n"


def main(*, path, question=None, timeout=None, verbose=False):
    from ..grade import limits_from_options
    from ..grade.engine import UsageError, grade_submission, question_ids

    target = Path(path)
    if not target.exists():
        print(f"error: {target} does not exist: give the path of your deepnn.py (or notebook, folder, zip)", file=sys.stderr)
        return BAD_INPUT
    ids = question_ids()
    if question:
        unknown = [q for q in question if q not in ids]
        if unknown:
            print(f"error: unknown question {', '.join(unknown)}: choose among {', '.join(ids)}", file=sys.stderr)
            return BAD_INPUT
        ids = [q for q in ids if q in question]
    try:
        limits = limits_from_options(timeout)
        result = grade_submission(target, secret="public-check", public_only=True, question_ids_=ids, limits=limits)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return BAD_INPUT
    sys.stdout.write(render(result, colour=sys.stdout.isatty(), verbose=verbose))
    return DONE if result["score"] == result["extra_data"]["max_score"] else PROBLEM
