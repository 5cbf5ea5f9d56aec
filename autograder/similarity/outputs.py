"""Run a class's comparison and write its files: similarity.csv, similarity.html, skipped.csv."""

import dataclasses
from pathlib import Path

from ..csvfiles import write_csv
from ..files import write_atomic
from .compare import CSV_FIELDS, STARTER, compare_class, csv_rows, read_class
from .page import render

#: similarity.csv names the shared lines of the flagged pairs and of the pairs on the page, at most this many
#: (the most similar): finding the lines costs about a millisecond a pair, and nobody reads thousands.
LINES_LIMIT = 1000


@dataclasses.dataclass
class Result:
    """What a run compared and wrote: students read, pairs (most similar first), skipped, flagged count, files."""

    students: list
    pairs: list
    skipped: list
    flagged: int
    written: list


def write_outputs(submissions, out_dir, *, top, flag_at, starter=None, progress=True, stream=None):
    """Compare every pair of ``submissions`` and write the files into ``out_dir``; returns a :class:`Result`.

    A stale ``skipped.csv`` from an earlier run is removed when nothing is skipped now.
    """
    out_dir = Path(out_dir)
    students, skipped = read_class(submissions, starter=starter or STARTER, progress=progress, stream=stream)
    pairs = compare_class(students, progress=progress, stream=stream)
    out_dir.mkdir(parents=True, exist_ok=True)
    worth_reading = {id(p) for n, p in enumerate(pairs[:LINES_LIMIT]) if p.score > 0 and (n < top or p.score >= flag_at)}
    written = [write_csv(out_dir / "similarity.csv", CSV_FIELDS, csv_rows(pairs, worth_reading))]
    page = out_dir / "similarity.html"
    write_atomic(page, render(pairs, students, skipped, flag_at=flag_at, top=top))
    written.append(page)
    skipped_csv = out_dir / "skipped.csv"
    if skipped:
        written.append(write_csv(skipped_csv, ["student", "path", "reason"],
                                 [{"student": s.student, "path": str(s.path), "reason": s.reason} for s in skipped]))
    elif skipped_csv.exists():
        skipped_csv.unlink()
    flagged = sum(1 for p in pairs if p.score >= flag_at)
    return Result(students, pairs, skipped, flagged, written)
