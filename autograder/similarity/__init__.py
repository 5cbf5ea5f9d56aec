"""``python -m autograder similarity SUBMISSION... --out DIR``: pairs of submissions that share code, for a person to read.

Every pair of submissions is compared with document fingerprinting (winnowing, copydetect
0.5.0): the code is tokenized and normalised first (names, comments, blank lines and the
order of functions do not matter) and what the starter ``course/deepnn.py`` already
contains is not counted. Writes ``DIR/similarity.csv`` (every pair, the most similar first:
``student_a,student_b,score,share_a,share_b,lines_a,lines_b``, scores 0..1; the shared lines,
like ``12-30;41``, for the flagged pairs and those on the page), ``DIR/similarity.html`` (one offline page, the most similar pairs side by
side with the shared passages highlighted) and, when some submission could not be read,
``DIR/skipped.csv`` (``student,path,reason``). Student code is read, never run. The tool
flags pairs for a person to read and never changes a grade.

A Canvas "Download Submissions" zip or a Gradescope export among the submissions is read
as one submission per student, with the grade command's ids (give the same ``--roster``).
A path that does not exist is a usage error (exit 2); a submission that cannot be read is
skipped and listed. Fewer than two submissions leave nothing to compare (exit 1).
"""

#: From this score (0..1) a pair is flagged. Independently written correct solutions of this
#: homework score up to about 0.25 (the kit's three in tests/autograder/similarity/test_similarity.py), a disguised copy 0.9+.
FLAG_AT = 0.5
#: How many of the most similar pairs the page shows side by side.
TOP = 20


def add_arguments(parser):
    parser.add_argument("submissions", nargs="+", metavar="SUBMISSION",
                        help="one .py, notebook, folder or zip per student (the student id is its name without extension)")
    parser.add_argument("--out", required=True, help="the folder to write similarity.csv and similarity.html into (made if missing)")
    parser.add_argument("--top", type=int, default=TOP, help=f"how many of the most similar pairs the page shows side by side (default {TOP})")
    parser.add_argument("--flag-at", type=float, default=FLAG_AT, help=f"the score (0..1) from which a pair is flagged (default {FLAG_AT})")
    parser.add_argument("--starter", default=None, help="the file students started from; its code is not counted (default: course/deepnn.py)")
    parser.add_argument("--quiet", action="store_true", help="no progress output")
    parser.add_argument("--roster", default=None, metavar="CSV",
                        help="roster (student,name,id,sis_user_id,sis_login_id,section) to read a Canvas or Gradescope "
                             "export under the ids the grade command gives")


def main(*, submissions, out, top=TOP, flag_at=FLAG_AT, starter=None, quiet=False, roster=None):
    import sys
    from pathlib import Path

    from .. import out_problem
    from ..exitcodes import BAD_INPUT, DONE, PROBLEM
    from .compare import SimilarityError
    from .outputs import write_outputs

    problem = out_problem(out, "folder")
    if problem is None and top < 1:
        problem = f"--top must be at least 1, got {top}"
    if problem is None and not 0 < flag_at <= 1:
        problem = f"--flag-at must be a score between 0 and 1 (e.g. 0.5), got {flag_at}"
    missing = [str(p) for p in submissions if not Path(p).exists()]
    if problem is None and missing:
        problem = (f"{', '.join(missing)} {'does' if len(missing) == 1 else 'do'} not exist: give one .py, notebook, "
                   "folder or zip per student, or a Canvas or Gradescope export")
    if problem:
        print(f"similarity: {problem}", file=sys.stderr)
        return BAD_INPUT
    from ..lms import LmsError
    from ..lms.reading import expand_for_reading

    try:
        expanded = expand_for_reading("similarity", submissions, out=out, roster=roster)
    except LmsError as error:
        print(f"similarity: {error}", file=sys.stderr)
        return BAD_INPUT
    try:
        if len(expanded.paths) < 2:
            print(f"similarity: there is nothing to compare: {_one(expanded.paths)} given; give the whole class "
                  "(one file, folder or zip per student, or the class's Canvas or Gradescope export)", file=sys.stderr)
            return BAD_INPUT
        result = write_outputs(expanded.paths, out, top=top, flag_at=flag_at, starter=starter, progress=not quiet)
    except SimilarityError as error:
        print(f"similarity: {error}", file=sys.stderr)
        return BAD_INPUT
    finally:
        expanded.cleanup()
    for skipped in result.skipped:
        print(f"skipped {skipped.student}: {skipped.reason}", file=sys.stderr)
    if len(result.students) < 2:
        print(f"similarity: there is nothing to compare: only {len(result.students)} of {len(expanded.paths)} submissions "
              f"could be read (see {Path(out) / 'skipped.csv'})", file=sys.stderr)
        return PROBLEM
    print(f"compared {len(result.students)} submissions ({len(result.pairs)} pairs), "
          f"{result.flagged} flagged at {flag_at:g} or more, {len(result.skipped)} skipped")
    for path in result.written:
        print(f"wrote {path}")
    return DONE


def _one(paths):
    """``"only one submission was"`` / ``"no submission was"``: how many (fewer than two) submissions a run got."""
    return "only one submission was" if paths else "no submission was"
