"""The late policy: the assignment's deadline, grace period, penalty per day and cap.

The policy lives in ``autograder/assignment.toml`` (section ``[late]``), read and checked by
:mod:`autograder.config` into a :class:`autograder.config.Policy`. Two ways to use it:

* :func:`penalty` is a pure function: a submission time (and the submission's
  maximum score) in, a :class:`Late` out (days late, percent, points, a sentence
  for the student). The grader calls it for each submission and writes
  ``Late.points`` in the ``late_penalty`` column and ``Late.message`` in the feedback.
* :func:`apply_to_out_dir` applies it afterwards to an already graded out dir
  (``grades.csv``, ``results/<student>.json``, ``feedback/<student>.md``). It is
  idempotent: the ``score`` column is the score after the penalty, and the penalty
  already in the ``late_penalty`` column is given back before the new one is taken.

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
import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from .config import ConfigError, load, parse_time
from .csvfiles import read_csv, require_columns, write_csv

FEEDBACK_BEGIN = "<!-- late-policy -->"
FEEDBACK_END = "<!-- /late-policy -->"


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
            f"({_fmt_points(max_score)} points; "
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


def _fmt_points(value):
    value = round(float(value), 2)
    return str(int(value)) if value == int(value) else f"{value:g}"


def apply_to_out_dir(out_dir, times, *, policy=None):
    """Apply the late policy to a graded out dir, in place; returns a summary dict.

    ``times`` is ``{student: time}`` (e.g. from :func:`read_times`). For each row of
    ``grades.csv``: the penalty already there is given back, the new one taken, the
    ``score`` and ``late_penalty`` columns rewritten, the results json's ``score`` and
    ``output`` and the feedback's late section updated. Students graded but without a
    time, and times for students not graded, are returned (never ignored silently).
    """
    policy = policy if policy is not None else load().late
    out_dir = Path(out_dir)
    grades_path = out_dir / "grades.csv"
    if not grades_path.is_file():
        raise ConfigError(f"{grades_path} does not exist: grade the class first (python -m autograder grade ... --out {out_dir})")
    fields, rows = read_csv(grades_path, "grades file", ConfigError)
    require_columns(grades_path, fields, ("student", "score", "max_score"), ConfigError, "is it a grades.csv written by the grade command?")
    if "late_penalty" not in fields:
        fields.append("late_penalty")
    summary = {"late": {}, "no_time": [], "not_graded": sorted(set(times) - {r["student"] for r in rows})}
    for row in rows:
        student = row["student"]
        if student not in times:
            summary["no_time"].append(student)
            continue
        old = float(row.get("late_penalty") or 0)
        raw = float(row["score"] or 0) + old
        autograded = autograded_max(_read_json(out_dir / "results" / f"{student}.json"), float(row["max_score"] or 0))
        late = penalty(times[student], max_score=autograded, score=raw, policy=policy)
        row["score"] = _fmt_points(raw - late.points)
        row["late_penalty"] = _fmt_points(late.points)
        if late.is_late:
            summary["late"][student] = late
        _update_results_json(out_dir / "results" / f"{student}.json", raw - late.points, late)
        _update_feedback(out_dir / "feedback" / f"{student}.md", late, raw - late.points, float(row["max_score"] or 0))
    for row in rows:
        row.setdefault("late_penalty", "0")
        if row["late_penalty"] in ("", None):
            row["late_penalty"] = "0"
    write_csv(grades_path, fields, rows)
    return summary


def autograded_max(result, default=0.0):
    """The autograded maximum of a results.json dict: its ``max_score`` without written points merged by hand.

    The late penalty is a percent of it (``grade --manual`` adds the written points to
    ``extra_data.max_score`` and keeps them in ``extra_data.manual.points``); ``default`` without a result.
    """
    extra = (result or {}).get("extra_data") if isinstance((result or {}).get("extra_data"), dict) else None
    if extra is None or "max_score" not in extra:
        return float(default)
    manual = extra.get("manual") if isinstance(extra.get("manual"), dict) else {}
    return round(float(extra["max_score"] or 0) - sum(float(v) for v in (manual.get("points") or {}).values()), 4)


def _read_json(path):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


_OUTPUT_LINE = re.compile(r"^((Your deadline was extended .*)?Late submission: .*|(Your deadline was extended .*)?Submitted on time .*)\n\n?",
                          re.MULTILINE)


def reapply(result, submitted_at, policy):
    """The grade command's ``result`` (results.json dict) with ``policy``'s penalty in place of the one taken.

    The penalty already taken is given back (``extra_data.raw_score`` is the score before
    it), the new one taken; ``score``, ``output`` and the ``extra_data`` late fields change,
    ``extra_data.extension`` holds the extended deadline (empty without one). Returns ``result``.
    """
    extra = result.setdefault("extra_data", {})
    extra["extension"] = policy.due.isoformat() if policy.extended_from is not None else ""
    if submitted_at is None or not extra.get("max_score"):
        return result
    raw = float(extra.get("raw_score", result.get("score", 0)) or 0)
    outcome = penalty(submitted_at, max_score=autograded_max(result), score=raw, policy=policy)
    manual = extra.get("manual") if isinstance(extra.get("manual"), dict) else {}
    written = sum(float(v) for v in (manual.get("scores") or {}).values())  # merged by hand, after the penalty
    result["score"] = round(raw - outcome.points + written, 4)
    output = result.get("output") or ""
    if extra.get("late_message") and extra["late_message"] in output:
        output = output.replace(extra["late_message"], outcome.message, 1)
    else:
        output = f"{outcome.message}\n\n{output}" if output else outcome.message
    result["output"] = re.sub(r"^Score: \S+ / \S+", f"Score: {_fmt_points(result['score'])} / {_fmt_points(extra.get('max_score') or 0)}",
                              output, count=1, flags=re.MULTILINE)
    extra.update(late_penalty=round(outcome.points, 4), late_message=outcome.message, days_late=outcome.days_late,
                 submitted_at=outcome.submitted_at.isoformat())
    return result


def _update_results_json(path, score, late):
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    data["score"] = round(score, 2)
    output = _OUTPUT_LINE.sub("", data.get("output") or "")
    data["output"] = f"{late.message}\n\n{output}" if output else late.message
    extra = data.get("extra_data") if isinstance(data.get("extra_data"), dict) else {}
    extra["late_penalty"] = late.points
    extra["late_message"] = late.message
    extra["days_late"] = late.days_late
    data["extra_data"] = extra
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def feedback_section(late):
    """The markdown the feedback shows about lateness (between markers, so it can be replaced)."""
    return f"{FEEDBACK_BEGIN}\n## Submission time\n\n{late.message}\n{FEEDBACK_END}\n"


_SCORE_LINE = re.compile(r"^\*\*Score: [^*\n]*\*\*", re.MULTILINE)
_PENALTY_LINE = re.compile(r"^Late penalty: .*\n?", re.MULTILINE)


def rewrite_score_line(text, score, max_score):
    """The feedback markdown with its ``**Score: x / y**`` line (the grade command's) set to the new totals."""
    return _SCORE_LINE.sub(lambda _: f"**Score: {_fmt_points(score)} / {_fmt_points(max_score)}**", text, count=1)


def _update_feedback(path, late, score=None, max_score=None):
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    if score is not None:
        text = rewrite_score_line(text, score, max_score)
        replacement = f"Late penalty: {_fmt_points(late.points)} points (already taken off the score).\n" if late.points else ""
        text = _PENALTY_LINE.sub(lambda _: replacement, text, count=1)
    pattern = re.compile(re.escape(FEEDBACK_BEGIN) + r".*?" + re.escape(FEEDBACK_END) + r"\n?", re.DOTALL)
    section = feedback_section(late)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")
