"""``python -m autograder report DIR [--out FILE]``: one offline HTML page about a graded class.

Reads ``DIR/grades.csv`` and ``DIR/results/<student>.json`` (the grade command's output)
and writes ``DIR/report.html``: the score distribution, each question's marks, the
diagnosed mistakes and the failing tests ranked by how many students, timeouts and
crashes, and the students who need attention. Plots are PNGs inlined in the page: it
opens offline, and can be mailed or archived as one file.
"""

from ..config import ConfigError, load
from ..exitcodes import BAD_INPUT, DONE


def add_arguments(parser):
    parser.add_argument("dir", help="the --out folder of `python -m autograder grade`")
    parser.add_argument("--out", default=None, help="the HTML file to write (default: DIR/report.html)")
    parser.add_argument("--title", default=None, help="the page title (default: the assignment's name)")
    parser.add_argument("--similarity", default=None, metavar="DIR",
                        help="the --out folder of `python -m autograder similarity` to link (default: DIR/similarity or ../similarity)")


def main(*, dir, out=None, title=None, similarity=None):
    import sys

    from .core import ReportError, write_report

    if title is None:
        try:
            title = f"{load().name}: class report"
        except ConfigError as error:  # the title only: a graded class is still worth reading; say what to fix
            print(f"report: warning: {error} (the report is titled \"Class report\"; fix the file or give --title)",
                  file=sys.stderr)
            title = "Class report"
    try:
        path = write_report(dir, out=out, title=title, similarity=similarity)
    except ReportError as error:
        print(f"report: {error}", file=sys.stderr)
        return BAD_INPUT
    print(f"wrote {path}")
    return DONE
