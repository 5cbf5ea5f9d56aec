"""Gradescope's side: grade ``<root>/submission`` and write ``<root>/results/results.json``.

``run_autograder`` (in autograder.zip) runs ``python -m autograder.gradescope --root /autograder``
from ``/autograder/source``. The submission is graded by the kit's secure grader
(:func:`autograder.grade.grade_submission`: student code only runs in a sandboxed worker);
the student id for the per-student seed is the Gradescope user id from
``submission_metadata.json``, and its ``created_at`` feeds the late policy
(``autograder/assignment.toml``). Whatever happens, a valid results.json is written.
"""

import argparse
import json
import os
import sys
import time
import traceback
from pathlib import Path

from ..config import ConfigError, load, parse_time
from ..course_helpers import sourcecheck
from ..files import write_atomic
from ..result import TestEntry, build, from_json, to_json
from ..rules import assignment_rules, fmt, summary_lines

GRADESCOPE_ROOT = "/autograder"
#: Longest time budget of one submission here: Gradescope stops an autograder after 10 minutes; the rest is
#: for starting Python and writing results (run_autograder's own backstop is 570 s).
MAX_BUDGET_S = 480


def _write(path, data):
    write_atomic(path, json.dumps(data, indent=2) + "\n")


def failure_result(message, started):
    """A results.json for a submission the autograder could not grade (score 0, the reason said)."""
    return to_json(build.platform_failure(message, round(time.monotonic() - started, 3)))


def read_metadata(root):
    path = Path(root) / "submission_metadata.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        print(f"warning: cannot read {path}: {error}", file=sys.stderr)
        return {}


def student_id(metadata):
    """The id the per-student seed is derived from: the (first) user's Gradescope id, else their email."""
    users = metadata.get("users") or []
    if users and isinstance(users[0], dict):
        for key in ("id", "email"):
            if users[0].get(key) not in (None, ""):
                return f"gradescope-{users[0][key]}"
    if metadata.get("id") not in (None, ""):
        return f"gradescope-submission-{metadata['id']}"
    return "submission"


def limits(gradescope=None):
    """The worker's limits on Gradescope: ``gradescope`` (an :class:`autograder.config.GradescopeLimits`, default
    [gradescope] of assignment.toml), overridden by the environment."""
    from ..grade import limits_from_options
    from ..grade.engine import UsageError

    gradescope = gradescope if gradescope is not None else load().gradescope
    values = {"timeout": gradescope.case_timeout_seconds, "memory_mb": gradescope.memory_mb,
              "budget": gradescope.budget_seconds}
    for key, variable in (("timeout", "AUTOGRADER_CASE_TIMEOUT"), ("memory_mb", "AUTOGRADER_MEMORY_MB"),
                          ("budget", "AUTOGRADER_BUDGET")):
        if os.environ.get(variable):
            values[key] = os.environ[variable]
    for key, value in values.items():
        if value is not None:
            try:
                values[key] = float(value)
            except (TypeError, ValueError):
                raise ValueError(f"the {key} limit must be a number, got {value!r}") from None
    try:
        return limits_from_options(values["timeout"], values["memory_mb"],
                                   timeout_name="the case timeout ([gradescope] case_timeout_seconds or AUTOGRADER_CASE_TIMEOUT)",
                                   memory_name="the memory cap ([gradescope] memory_mb or AUTOGRADER_MEMORY_MB)",
                                   budget=values["budget"], max_budget=MAX_BUDGET_S,
                                   budget_name="the time budget ([gradescope] budget_seconds or AUTOGRADER_BUDGET)")
    except UsageError as error:
        raise ValueError(str(error)) from None


def grade(root, started):
    from ..grade import grade_submission

    root = Path(root)
    submission = root / "submission"
    if not submission.is_dir() or not any(p.is_file() for p in submission.rglob("*")):
        return failure_result("No files were submitted. Upload your submission.zip (made by package_submission.py), "
                              "or deepnn.py and homework.ipynb.", started)
    assignment = load()  # assignment.toml, read and checked once (the release refuses a bad one)
    policy = assignment.late
    metadata = read_metadata(root)
    submitted_at, notes, extension = None, [], None
    if metadata.get("created_at"):
        from .. import late

        try:
            submitted_at = late.time_from_metadata(metadata)
        except ConfigError as error:
            submitted_at = None
            notes.append(f"The late policy could not be applied ({error}); no penalty was taken.")
        else:  # a due date in the metadata later than assignment.toml's is this student's extension: applied, reported
            from ..lms.extensions import metadata_due

            latest = metadata_due(metadata)
            if latest is not None and latest > policy.due:
                extension = latest
                print(f"extension: {student_id(metadata)}'s deadline is {latest.isoformat()} (Gradescope's metadata), "
                      f"later than autograder/assignment.toml's {policy.due.isoformat()}: the late policy uses it")
            due = (metadata.get("assignment") or {}).get("due_date")
            try:
                differs = extension is None and bool(due) and parse_time(due) != policy.due
            except ConfigError:
                differs = True
            if differs:  # instructors see stdout, students do not
                print(f"warning: Gradescope's due date {due} differs from autograder/assignment.toml's {policy.due.isoformat()} "
                      "(or cannot be read); the late penalty follows assignment.toml")
    result = grade_submission(submission, student_id=student_id(metadata), submitted_at=submitted_at,
                              limits=limits(assignment.gradescope), policy=policy)
    result = from_json(result)
    if extension is not None:
        from ..lms.apply import adjust

        result = adjust(result, submitted_at=submitted_at, due=extension, policy=policy)
    return to_json(with_rules(result, assignment_rules(assignment=assignment), notes))


def with_rules(result, rules=None, notes=()):
    """``result`` (a :class:`~autograder.result.Result`) with the runner's ``notes`` and the assignment's rules last
    in its summary (the points, when hidden results show, the thresholds) and an item for the written answers,
    graded by hand after the deadline (no score here)."""
    rules = rules or assignment_rules()
    lines = ["How this homework is graded:", *summary_lines(rules),
             f"Hidden test results are shown {rules.hidden_when}; until then they appear without their result."]
    lines += [f"{q.qid}: {t.sentence}" for q in rules.questions for t in q.thresholds]
    result = result.with_trailer([*notes, "\n".join(lines)])
    exercises = [q.qid for q in rules.questions if q.written_points]
    if rules.written_points:
        result = result.with_tests([*result.tests, TestEntry(
            name=f"Written answers ({', '.join(exercises)}): {fmt(rules.written_points)} points, {rules.written_when}",
            output=(f"Your answers in the notebook's \"Your answer\" cells are {rules.written_when} "
                    f"({fmt(rules.written_points / len(exercises))} points per exercise); they are not part of this score."),
            visibility="visible",
            extra_data={"written": True, "max_points": rules.written_points},
        )])
    return result


def run(root=None):
    """Grade and write results.json; returns 0 (the results say what happened)."""
    started = time.monotonic()
    root = Path(root or os.environ.get("AUTOGRADER_ROOT") or GRADESCOPE_ROOT)
    results_path = root / "results" / "results.json"
    try:
        result = grade(root, started)
    except BaseException as error:  # noqa: BLE001 - Gradescope must always get a results.json
        traceback.print_exc()
        result = failure_result(
            "The autograder failed while grading this submission "
            f"({type(error).__name__}: {sourcecheck.shorten(error, 300)}). Your submission is kept; tell your instructor.", started)
        if isinstance(error, KeyboardInterrupt):
            _write(results_path, result)
            raise
    try:
        json.dumps(result)
    except (TypeError, ValueError) as error:
        result = failure_result(f"The autograder produced an unreadable result ({error}); tell your instructor.", started)
    _write(results_path, result)
    extra = result.get("extra_data", {})
    print(f"graded {extra.get('student', '?')}: {result.get('score')} / {extra.get('max_score', '?')} "
          f"(status {extra.get('status', '?')}, {result.get('execution_time', 0):.1f} s)")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder.gradescope", description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=None, help="the Gradescope root (default: $AUTOGRADER_ROOT, else /autograder)")
    args = parser.parse_args(argv)
    return run(args.root)
