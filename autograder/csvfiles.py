"""Reading the CSV files instructors hand the kit (grades, rosters, times, score sheets)."""

import csv
import io
import os
from pathlib import Path


def read_csv(path, what, error=ValueError):
    """``(fields, rows)`` of a CSV file with a header row; names and cells are stripped.

    ``what`` names the file in messages ("roster", "score sheet", ...); an unreadable
    file or one without a header row raises ``error`` saying which file and why.
    A byte-order mark (Excel's UTF-8 export) is ignored.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as problem:
        raise error(f"cannot read the {what} {path}: {problem.strerror or problem}") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        raise error(f"the {what} {path} is empty: it needs a header row")
    fields = [name.strip() for name in reader.fieldnames]
    rows = [{(k or "").strip(): (v or "").strip() for k, v in row.items() if k} for row in reader]
    return fields, rows


def require_columns(path, fields, needed, error, advice):
    """Raise ``error`` naming the first of ``needed`` missing from ``fields``, with ``advice``."""
    for column in needed:
        if column not in fields:
            raise error(f"{path} has no {column!r} column: {advice}")


def write_csv(path, fields, rows):
    """Write ``rows`` (dicts) under the header ``fields`` atomically: a reader never sees half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(path)
    return path
