"""``python -m autograder written SUBMISSION... --out DIR``: the class's written answers, one page per exercise.

Writes ``DIR/index.html``, ``DIR/<exercise>.html`` (every student's answer side by side,
with the plots the student's notebook saved for that exercise) and ``DIR/scores.csv``,
the score sheet to fill in (its ``Points Possible`` row holds each exercise's points; an
answer that is missing is left blank like the others, for the instructor to decide; the
``comments`` column is shown to the student, the ``notes`` column holds the kit's notes for
the instructor only).
Then ``python -m autograder grade ... --manual DIR/scores.csv`` (or
:func:`autograder.manual.merge_into_out_dir`) adds the scores to grades.csv.
Re-running keeps the scores already in the sheet.

A Canvas "Download Submissions" zip or a Gradescope export among the submissions is read
as one submission per student (a Canvas student's notebook first), with the grade
command's ids: give the same ``--roster`` as to grade, so the sheet's students match grades.csv.
"""


def add_arguments(parser):
    parser.add_argument("submissions", nargs="+", metavar="SUBMISSION", help="notebooks, folders or zips (one per student, named by student id)")
    parser.add_argument("--out", required=True, help="folder for the pages and the score sheet")
    parser.add_argument("--points", type=float, default=None,
                        help="points per exercise written in a new sheet's Points Possible row "
                             "(default: [written] points_per_exercise in autograder/assignment.toml)")
    parser.add_argument("--graded", default=None, metavar="DIR", help="the grade command's --out folder: show each student's autograded score of the exercise")
    parser.add_argument("--roster", default=None, metavar="CSV",
                        help="roster (student,name,id,sis_user_id,sis_login_id,section) to read a Canvas or Gradescope "
                             "export under the ids the grade command gives")


def main(*, submissions, out, points=None, graded=None, roster=None):
    import sys
    from pathlib import Path

    from .core import SHEET_NAME, WrittenError, attach_autograded, gather, starter_template, write_pages

    from .. import out_problem
    from ..exitcodes import BAD_INPUT, DONE

    try:
        if out_problem(out, "folder"):
            raise WrittenError(out_problem(out, "folder"))
        if points is None:
            from ..config import ConfigError, load

            try:
                points = load().written.points_per_exercise
            except ConfigError as error:
                raise WrittenError(str(error)) from None
            if not points > 0:
                raise WrittenError("autograder/assignment.toml gives the written answers no points ([written] "
                                   "points_per_exercise = 0): set it there, or pass --points")
        if not points > 0:
            raise WrittenError(f"--points must be a positive number (each exercise's points), got {points:g}")
        template = starter_template()
        works = _gather_expanded(submissions, out, roster, lambda paths: _gather_with_progress(paths, gather, template, WrittenError))
        if graded is not None:
            if not (Path(graded) / "results").is_dir():
                raise WrittenError(f"--graded {graded}: no results/ folder there (pass the --out folder of the grade command)")
            attach_autograded(works, graded)
        exercises = write_pages(works, out, points=points)
    except WrittenError as error:
        print(f"written: {error}", file=sys.stderr)
        return BAD_INPUT
    for work in works:
        if work.problem:
            print(f"written: {work.student}: {work.problem}", file=sys.stderr)
    unanswered = sum(w.answers[q].status != "answered" for w in works for q in exercises)
    missing = (f"{unanswered} answers missing, left blank in the sheet for you to decide: see its notes column"
               if unanswered else "no answer missing")
    print(f"{len(works)} students, {len(exercises)} exercises ({missing}). Open {Path(out) / 'index.html'}; "
          f"fill in {Path(out) / SHEET_NAME}")
    return DONE


def _gather_expanded(submissions, out, roster, read):
    """``read(paths)`` with each LMS export among ``submissions`` expanded as grade does (autograder/lms/reading.py)."""
    from ..lms import LmsError
    from ..lms.reading import expand_for_reading
    from .core import WrittenError

    try:
        expanded = expand_for_reading("written", submissions, out=out, roster=roster, prefer="notebook")
    except LmsError as error:
        raise WrittenError(str(error)) from None
    try:
        return read(expanded.paths)
    finally:
        expanded.cleanup()


def _gather_with_progress(submissions, gather, template, error):
    """``gather(submissions)`` one submission at a time under the shared progress display (autograder/progress.py)."""
    from ..progress import Progress
    from ..sandbox import student_id_of

    seen = {}
    for path in submissions:  # the same refusal as gather's, before any reading
        student = student_id_of(path)
        if student in seen:
            raise error(f"two submissions are named {student!r} ({seen[student]} and {path}): student ids must be unique")
        seen[student] = path
    works = []
    with Progress(len(submissions), "read", "submissions") as bar:
        for path in submissions:
            works += gather([path], template)
            bar.advance()
    return works
