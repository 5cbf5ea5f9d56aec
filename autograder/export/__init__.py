"""``python -m autograder export grades.csv --format canvas|csv --roster ROSTER.csv --out FILE``.

Maps each graded student (the ``student`` column of grades.csv: the submission's
name) to the LMS's ids through a roster CSV, and writes:

* ``--format canvas``: Canvas's gradebook CSV layout: ``Student, ID, SIS User ID,
  SIS Login ID, Section``, then one column titled with the assignment's name
  (``autograder/assignment.toml``, or ``--assignment``), a ``Points Possible`` row
  after the header, one row per roster student (a roster student with no grade
  gets an empty cell, which Canvas leaves unchanged).
* ``--format csv``: every roster and every graded student, with the roster's
  columns, the grades' columns and a ``match`` column (``ok``, ``not_in_roster``,
  ``not_graded``).

Mismatches are never dropped silently: they are printed on stderr and written to
``FILE.report.txt`` (``--strict`` makes them an error, exit status 1: a problem found).

The roster: a CSV with a ``student`` column (the name grades.csv uses) and the
Canvas columns ``name``/``Student``, ``id``/``ID``, ``sis_user_id``/``SIS User ID``,
``sis_login_id``/``SIS Login ID``, ``section``/``Section``. A Canvas gradebook
export works as a roster too: without a ``student`` column the key is
``SIS Login ID`` (or ``--key COLUMN``).
"""


def add_arguments(parser):
    parser.add_argument("grades", help="grades.csv written by the grade command")
    parser.add_argument("--format", choices=("canvas", "csv"), default="canvas", dest="fmt", help="output layout (default: canvas)")
    parser.add_argument("--roster", required=True, help="roster CSV mapping each student to the LMS's ids")
    parser.add_argument("--out", required=True, help="the file to write")
    parser.add_argument("--assignment", default=None, help="the assignment column's title (default: [assignment] name in autograder/assignment.toml)")
    parser.add_argument("--key", default=None, help="the roster column holding the name grades.csv uses (default: student, else SIS Login ID)")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when the roster and the grades do not match")


def main(*, grades, fmt="canvas", roster, out, assignment=None, key=None, strict=False):
    from .core import ExportError, export

    from .. import out_problem
    from ..exitcodes import BAD_INPUT, DONE, PROBLEM

    try:
        if out_problem(out, "file"):
            raise ExportError(out_problem(out, "file").replace("name.ext", "canvas.csv"))
        report = export(grades, roster=roster, out=out, fmt=fmt, assignment=assignment, key=key)
    except ExportError as error:
        import sys

        print(f"export: {error}", file=sys.stderr)
        return BAD_INPUT
    if strict and report.mismatched:
        import sys

        print("export: --strict: the roster and the grades do not match (see above); the file is written, the exit "
              "status says so", file=sys.stderr)
        return PROBLEM
    return DONE
