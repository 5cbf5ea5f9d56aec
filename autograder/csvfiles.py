"""The CSV files of the kit: reading what instructors hand it, writing what they open in a spreadsheet.

Every text cell the kit writes that a spreadsheet would take for a formula (it starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading ``'`` (OWASP's
"CSV injection" advice), and so does a cell that starts with ``'`` itself, so reading it
back is exact: :func:`read_csv` takes that one ``'`` off again. Numbers (``-2.5``,
``+1e-3``) are left alone.
"""

import csv
import io
import re
from pathlib import Path

from .files import write_atomic

#: A cell starting with one of these is a formula to a spreadsheet (or would read back wrong, for ``'``).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value):
    """``value`` as a CSV cell a spreadsheet shows as text: ``'=HYPERLINK(...)`` for ``=HYPERLINK(...)``; numbers kept."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def unsafe_cell(text):
    """The cell :func:`safe_cell` was given: one leading ``'`` before a formula character is taken off."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def safe_row(values):
    """A list of cells for ``csv.writer``, each through :func:`safe_cell`."""
    return [safe_cell(value) for value in values]


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
    fields = [unsafe_cell(name.strip()) for name in reader.fieldnames]
    rows = [{unsafe_cell((k or "").strip()): unsafe_cell((v or "").strip()) for k, v in row.items() if k} for row in reader]
    return fields, rows


def require_columns(path, fields, needed, error, advice):
    """Raise ``error`` naming the first of ``needed`` missing from ``fields``, with ``advice``."""
    for column in needed:
        if column not in fields:
            raise error(f"{path} has no {column!r} column: {advice}")


def write_csv(path, fields, rows):
    """Write ``rows`` (dicts) under the header ``fields`` atomically: a reader never sees half a file.

    Every cell goes through :func:`safe_cell` (no formula reaches a spreadsheet).
    """
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(safe_row(fields))
    writer.writerows(safe_row(row.get(name, "") for name in fields) for row in rows)
    return write_atomic(path, text.getvalue(), newline="")
