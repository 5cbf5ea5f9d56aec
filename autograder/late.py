"""The late policy: the assignment's deadline, grace period, penalty per day and cap.

The policy lives in ``autograder/assignment.toml`` (section ``[late]``), read and checked by
:mod:`autograder.config` into a :class:`autograder.config.Policy`. Two ways to use it:

* :func:`penalty` is a pure function: a submission time (and the submission's
  maximum score) in, a :class:`Late` out (days late, percent, points, a sentence
  for the student). The grader calls it for each submission and writes
  ``Late.points`` in the ``late_penalty`` column and ``Late.message`` in the feedback.
* :func:`apply_to_out_dir` applies it afterwards to an already graded out dir: the
  penalty is each result's ``late`` adjustment (autograder/result/), and
  ``results/<student>.json``, ``feedback/<student>.md`` and ``grades.csv`` are rendered
  again from the results, so applying it twice is applying it once.

Submission times come from Gradescope's ``submission_metadata.json`` (``created_at``,
see :func:`time_from_metadata`) or, for local grading, from a CSV with columns
``student,submitted_at`` (see :func:`read_times`).

Rule: a submission after ``due + grace_minutes`` loses ``penalty_per_day`` percent of
the autograded maximum score (the test points; written answers merged later with
``grade --manual`` do not count) for every started day after ``due``, at most ``cap``
percent, and never more than the points it earned.
"""

import json
import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from .config import ConfigError, load, parse_time
from .csvfiles import read_csv, require_columns
from .formatting import points as format_points
from .result import Extension, LatePenalty, apply_to, from_json
from .result.out_dir import from_grades_row, read_results, render_grades, results_path, save


def extended(policy, due):
    """``policy`` with one student's extended deadline ``due`` (an aware datetime); the same policy when not later."""
    due = parse_time(due, what="extended deadline")
    if due <= policy.due:
        return policy
    return replace(policy, due=due, extended_from=policy.extended_from or policy.due)


def extension_sentence(policy):
    """The sentence telling the student about their extension (empty without one)."""
    if policy.extended_from is None:
        return ""
    return f"Your deadline was extended to {_fmt_time(policy.due)} (the assignment's is {_fmt_time(policy.extended_from)})."


@dataclass(frozen=True)
class Late:
    """The late penalty of one submission. ``points`` is what comes off the score."""

    submitted_at: datetime
    due: datetime
    days_late: int
    percent: float
    points: float
    message: str

    @property
    def is_late(self):
        return self.days_late > 0


def penalty(submitted_at, *, max_score, score=None, policy=None):
    """The :class:`Late` penalty of a submission made at ``submitted_at``.

    ``max_score`` is the submission's autograded maximum score (the percent applies to it);
    when ``score`` (the points earned before the penalty) is given, the penalty
    never exceeds it. ``policy`` (a :class:`autograder.config.Policy`) defaults to
    assignment.toml's (``config.load().late``). Pure otherwise.
    """
    policy = policy if policy is not None else load().late
    submitted_at = parse_time(submitted_at, what="submission time")
    after = submitted_at - policy.due
    if after <= policy.grace:
        days, percent, points = 0, 0.0, 0.0
    else:
        days = math.ceil(after / timedelta(days=1))
        percent = min(policy.cap, days * policy.penalty_per_day)
        points = round(percent / 100.0 * float(max_score), 2)
        if score is not None:
            points = round(min(points, max(0.0, float(score))), 2)
    if days == 0:
        message = f"Submitted on time ({_fmt_time(submitted_at)}; due {_fmt_time(policy.due)})."
    else:
        hours = after / timedelta(hours=1)
        message = (
            f"Late submission: {_fmt_time(submitted_at)}, {hours:.1f} hours after the deadline ({_fmt_time(policy.due)}), "
            f"counts as {days} day{'s' if days != 1 else ''} late: -{percent:g}% of the autograded maximum "
            f"({format_points(max_score, places=2)} points; "
            f"policy: {policy.penalty_per_day:g}% per started day after a {policy.grace / timedelta(minutes=1):g}-minute grace period, "
            f"at most {policy.cap:g}%), {points:g} points off."
        )
    if policy.extended_from is not None:
        message = f"{extension_sentence(policy)} {message}"
    return Late(submitted_at, policy.due, days, percent, points, message)


def _fmt_time(moment):
    return moment.isoformat(timespec="minutes")


def time_from_metadata(metadata):
    """The submission time from Gradescope's ``submission_metadata.json`` (a path or the parsed dict)."""
    if not isinstance(metadata, dict):
        path = Path(metadata)
        try:
            metadata = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise ConfigError(f"cannot read the submission metadata {path}: {error}") from None
    if "created_at" not in metadata:
        raise ConfigError("submission_metadata.json has no created_at: cannot tell when it was submitted")
    return parse_time(metadata["created_at"], what="submission_metadata.json created_at")


def read_times(path):
    """``{student: submitted_at}`` from a CSV with columns ``student,submitted_at``."""
    fields, rows = read_csv(path, "submission times", ConfigError)
    if "student" not in fields or "submitted_at" not in fields:
        raise ConfigError(f"{path}: the submission times need a header row with the columns student,submitted_at (got {fields})")
    times = {}
    for line, row in enumerate(rows, start=2):
        student = (row.get("student") or "").strip()
        if not student:
            raise ConfigError(f"{path}, line {line}: the student column is empty")
        if student in times:
            raise ConfigError(f"{path}, line {line}: {student!r} appears twice: keep one submission time per student")
        times[student] = parse_time(row.get("submitted_at") or "", what=f"{path}, line {line}")
    return times


def apply_to_out_dir(out_dir, times, *, policy=None):
    """Apply the late policy to a graded out dir; returns a summary dict.

    ``times`` is ``{student: time}`` (e.g. from :func:`read_times`). For each student of
    ``grades.csv`` with a time, the penalty becomes their result's ``late`` adjustment (and,
    with an extension, the penalty under their own deadline too): results.json, the feedback
    and grades.csv are rendered again from the results (applying it twice is applying it once).
    Students graded but without a time, and times for students not graded, are returned
    (never ignored silently).
    """
    policy = policy if policy is not None else load().late
    out_dir = Path(out_dir)
    grades_path = out_dir / "grades.csv"
    if not grades_path.is_file():
        raise ConfigError(f"{grades_path} does not exist: grade the class first (python -m autograder grade ... --out {out_dir})")
    fields, rows = read_csv(grades_path, "grades file", ConfigError)
    require_columns(grades_path, fields, ("student", "score", "max_score"), ConfigError, "is it a grades.csv written by the grade command?")
    summary = {"late": {}, "no_time": [], "not_graded": sorted(set(times) - {r["student"] for r in rows})}
    given = {}
    for row in rows:
        student = row["student"]
        if student not in times:
            summary["no_time"].append(student)
            continue
        data = read_results(out_dir, student)
        if not isinstance(data, dict):
            data = from_grades_row(row, fields, results_path(out_dir, student), ConfigError)
        result = from_json(data)
        late, entry = _penalty_entry(result, times[student], policy)
        result = result.with_late(entry)
        if result.extension is not None:  # the student's own deadline still holds: its penalty is taken
            own = extended(policy, result.extension.due) if result.extension.due else policy
            late, entry = _penalty_entry(result, times[student], own)
            result = result.with_extension(Extension(result.extension.due, entry))
        if late.is_late:
            summary["late"][student] = late
        given[student] = save(out_dir, student, result)
    render_grades(out_dir, given)
    return summary


def _penalty_entry(result, submitted_at, policy):
    """``(Late, LatePenalty)``: the penalty of ``result`` (a Result) submitted at ``submitted_at`` under ``policy``."""
    late = penalty(submitted_at, max_score=result.autograded_max, score=result.raw_score, policy=policy)
    return late, LatePenalty(round(late.points, 4), late.message, late.submitted_at.isoformat(), late.days_late)


def autograded_max(result, default=0.0):
    """The autograded maximum of a results.json dict: its ``max_score`` without written points merged by hand.

    The late penalty is a percent of it (the ``manual`` adjustment adds the written points to
    ``extra_data.max_score``); ``default`` without a result.
    """
    extra = (result or {}).get("extra_data") if isinstance((result or {}).get("extra_data"), dict) else None
    if extra is None or "max_score" not in extra:
        return float(default)
    return float(from_json(result).autograded_max)


def reapplied(result, submitted_at, policy):
    """``result`` (a Result) with its ``extension`` adjustment set to ``policy`` (a student's own deadline, or the
    assignment's: an extension of ``""``) and the penalty under it; without a time or a maximum, the penalty stays."""
    due = policy.due.isoformat() if policy.extended_from is not None else ""
    if submitted_at is None or not result.max_score:
        return result.with_extension(Extension(due, result.effective_late))
    return result.with_extension(Extension(due, _penalty_entry(result, submitted_at, policy)[1]))


def reapply(result, submitted_at, policy):
    """The grade command's ``result`` (results.json dict, rewritten in place, or a Result) under ``policy``'s deadline.

    The penalty taken under the assignment's deadline stays in the result; the one under
    ``policy`` is taken instead (``extra_data.extension`` holds the extended deadline, empty
    without one). ``score``, ``output`` and the late fields are composed again. Returns ``result``.
    """
    return apply_to(result, lambda model: reapplied(model, submitted_at, policy))
