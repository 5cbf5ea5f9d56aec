"""Deadline extensions: ``--extensions CSV`` for local grading, the metadata's due date on Gradescope.

The CSV has a ``student`` column and either ``due`` (ISO 8601 with its UTC offset, e.g.
``2026-12-14T23:59:00-05:00``) or ``days`` (a number of days added to the assignment's
deadline); a row may fill either. :func:`read_extensions` gives ``{student: due}`` and
:func:`autograder.late.extended` turns a due date into that student's policy.
"""

import math
from datetime import timedelta

from ..csvfiles import read_csv
from ..config import ConfigError, parse_time


def read_extensions(path, policy):
    """``{student: new due datetime}`` from the CSV at ``path``; ``policy`` gives the deadline ``days`` count from."""
    fields, rows = read_csv(path, "extensions", ConfigError)
    if "student" not in fields or not ({"due", "days"} & set(fields)):
        raise ConfigError(f"{path}: the extensions need a header row with the columns student,due "
                          f"(ISO 8601 with offset) or student,days (got {fields})")
    extensions = {}
    for line, row in enumerate(rows, start=2):
        where = f"{path}, line {line}"
        student = (row.get("student") or "").strip()
        if not student:
            raise ConfigError(f"{where}: the student column is empty")
        if student in extensions:
            raise ConfigError(f"{where}: {student!r} appears twice: keep one extension per student")
        due, days = (row.get("due") or "").strip(), (row.get("days") or "").strip()
        if due and days:
            raise ConfigError(f"{where}: give due or days for {student!r}, not both")
        if due:
            extensions[student] = parse_time(due, what=f"{where} (due)")
        elif days:
            try:
                number = float(days)
            except ValueError:
                number = math.nan
            if not math.isfinite(number) or number <= 0:
                raise ConfigError(f"{where}: days must be a positive number of days, got {days!r}")
            extensions[student] = policy.due + timedelta(days=number)
        else:
            raise ConfigError(f"{where}: {student!r} has neither a due time nor a number of days")
        if extensions[student] <= policy.due:
            raise ConfigError(f"{where}: {student!r}'s extended deadline {extensions[student].isoformat()} is not after the "
                              f"assignment's ({policy.due.isoformat()}): an extension must move the deadline later")
    return extensions


def metadata_due(metadata):
    """The latest due date Gradescope's ``submission_metadata.json`` gives this submission (the assignment's or a
    submitter's own, where Gradescope records an extension), or None. Unreadable dates are skipped."""
    candidates = [(metadata.get("assignment") or {}).get("due_date")]
    for user in metadata.get("users") or []:
        if isinstance(user, dict):
            candidates.append((user.get("assignment") or {}).get("due_date"))
    dues = []
    for value in candidates:
        if value:
            try:
                dues.append(parse_time(value, what="submission_metadata.json due_date"))
            except ConfigError:
                continue
    return max(dues) if dues else None
