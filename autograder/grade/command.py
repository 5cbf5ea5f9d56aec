"""``python -m autograder grade SUBMISSION... --out DIR``: the command's options, its checks and its table."""

import sys
from pathlib import Path

from .. import out_problem
from ..exitcodes import BAD_INPUT, DONE
from ..plural import counted
from ..result.out_dir import read_results
from ..secret import SecretError, resolve_secret
from .batch import grade_many
from .engine import UsageError, question_ids


def add_arguments(parser):
    parser.add_argument("submissions", nargs="+", metavar="SUBMISSION", help="a deepnn.py, a notebook, a folder or a zip per student")
    # required, but checked in main(): one line saying what to give rather than argparse's usage dump
    parser.add_argument("--out", default=None, metavar="DIR", help="output folder (grades.csv, results/, feedback/); required")
    parser.add_argument("--jobs", type=int, default=1, metavar="N", help="submissions graded in parallel (default 1)")
    # --- beyond one machine (autograder/grade/distributed.py) ---
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="grade on a Dask cluster: its scheduler's address, e.g. tcp://10.0.0.5:8786 (instead of --jobs)")
    parser.add_argument("--shared-fs", action="store_true",
                        help="with --scheduler: every worker mounts the submissions at the same path (send paths, not bytes)")
    parser.add_argument("--secret-file", default=None, metavar="F", help="file holding the instructor secret (AUTOGRADER_SECRET wins)")
    parser.add_argument("--timeout", type=float, default=None, metavar="S", help="seconds per test case (default 30)")
    parser.add_argument("--budget", type=float, default=None, metavar="S",
                        help="seconds of wall clock for grading one whole submission (default 120)")
    parser.add_argument("--memory-mb", type=int, default=None, metavar="M", help="memory cap of a worker in MB (default 2048)")
    parser.add_argument("--times", default=None, metavar="CSV", help="submission times (columns student,submitted_at) for the late policy")
    # --- LMS exports and extensions (autograder/lms/) ---
    parser.add_argument("--roster", default=None, metavar="CSV",
                        help="roster (student,name,id,sis_user_id,sis_login_id,section) to grade a Canvas or Gradescope export under its student ids")
    parser.add_argument("--extensions", default=None, metavar="CSV",
                        help="deadline extensions (columns student,due with an ISO 8601 time, or student,days) for the late policy")
    parser.add_argument("--force", action="store_true", help="regrade every submission, even unchanged ones")
    # --- manual grading (autograder/manual.py, owned by the instructor-workflow part) ---
    parser.add_argument("--manual", default=None, metavar="SHEET",
                        help="a filled score sheet (python -m autograder written) to merge into grades.csv and the totals")


def limits_from_options(timeout=None, memory_mb=None, *, timeout_name="--timeout", memory_name="--memory-mb", budget=None,
                        budget_name="--budget", max_budget=None):
    """The worker's :class:`~autograder.sandbox.Limits` from a timeout and a memory cap (None: the default).

    The one check of both values, for grade, check and the Gradescope runner; a bad value
    raises UsageError naming the option (``timeout_name``, ``memory_name``) and what it needs.
    """
    from ..sandbox import Limits

    kwargs = {}
    if timeout is not None:
        if not timeout > 0:
            raise UsageError(f"{timeout_name} must be a positive number of seconds, got {timeout}")
        kwargs["timeout"] = float(timeout)
    if memory_mb is not None:
        if memory_mb < 256:
            raise UsageError(f"{memory_name} must be at least 256 (numpy alone needs about 100 MB), got {memory_mb}")
        kwargs["memory_mb"] = int(memory_mb)
    if budget is not None:  # the whole submission's wall clock (``max_budget``: a platform's own limit, e.g. Gradescope's)
        if not budget > 0 or (max_budget is not None and budget > max_budget):
            below = f" and at most {max_budget:g}" if max_budget is not None else ""
            raise UsageError(f"{budget_name} must be a positive number of seconds{below}, got {budget}")
        kwargs["budget"] = float(budget)
    return Limits(**kwargs)


def _read_manual_sheet(manual, out, submissions):
    """The ``--manual`` sheet, read and checked against the students grades.csv will list, before any grading.

    Those are the students given now and those graded earlier into ``out`` (their results);
    a bad sheet raises UsageError saying what to fix.
    """
    from .. import manual as manual_grading
    from ..sandbox import student_id_of

    given = [student_id_of(Path(p)) for p in submissions]
    earlier = sorted(p.stem for p in (Path(out) / "results").glob("*.json") if not p.name.startswith("."))
    try:
        sheet = manual_grading.read_sheet(manual)
        manual_grading.check_students(sheet, list(dict.fromkeys(given + earlier)), manual,
                                      f"the students graded into {Path(out)} (given now or graded there before)")
    except manual_grading.ManualError as error:
        raise UsageError(f"--manual: {error}") from None
    return sheet


def _score_cell(result):
    """``64/100``, with the late penalty when one was taken: ``64/100 (late: -30)``."""
    extra = result["extra_data"]
    cell = f"{result['score']:g}/{extra.get('max_score', 0):g}"
    return cell + (f" (late: -{float(extra['late_penalty']):g})" if extra.get("late_penalty") else "")


def _print_table(results, qids, stream=None):
    stream = stream or sys.stdout
    rows = [("student", "score", "status")] + [(r["extra_data"]["student"], _score_cell(r), r["extra_data"]["status"]) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        stream.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() + "\n")


def _warn_times_mismatch(times_path, times, submissions, out=None):
    """A time nobody was graded for (a typo?) or a student without a time (graded as on time): say so.

    A student graded earlier into ``out`` (regrading a few of a class) is no typo: not named.
    """
    from ..sandbox import student_id_of

    graded = {student_id_of(p) for p in submissions}
    earlier = {p.stem for p in (Path(out) / "results").glob("*.json")} if out else set()
    unknown, missing = sorted(set(times) - graded - earlier), sorted(graded - set(times))
    if unknown:
        print(f"warning: {times_path} has times for students not graded here: {', '.join(unknown)} "
              "(check the spelling: the id is the submission's name without extension)", file=sys.stderr)
    if missing:
        print(f"warning: no submission time in {times_path} for: {', '.join(missing)} (graded as on time)", file=sys.stderr)


def main(*, submissions, out=None, jobs=1, secret_file=None, timeout=None, memory_mb=None, times=None, force=False, manual=None,
         budget=None, roster=None, extensions=None, scheduler=None, shared_fs=False):
    try:
        if not out:
            raise UsageError("give --out DIR, the folder for grades.csv, results/ and feedback/ (e.g. --out class/)")
        if out_problem(out, "folder"):
            raise UsageError(out_problem(out, "folder"))
        limits = limits_from_options(timeout, memory_mb, budget=budget)
        secret, source = resolve_secret(secret_file)
        from ..config import ConfigError, load
        from ..lms import LmsError
        from ..lms.options import prepare

        try:  # LMS exports become one file per student; --times and --extensions are read (autograder/lms/)
            assignment = load()  # assignment.toml, read and checked once for the command
            lms, submission_times, extension_dues = prepare(submissions, out=out, roster=roster, times_path=times,
                                                            extensions_path=extensions, policy=assignment.late,
                                                            warn_times=lambda *args: _warn_times_mismatch(*args, out=out))
        except (LmsError, ConfigError) as error:
            raise UsageError(str(error)) from None
        submissions = lms.paths
        sheet = _read_manual_sheet(manual, out, submissions) if manual is not None else None  # before minutes of grading
        results = grade_many(submissions, out, jobs=jobs, secret=secret, secret_source=source, limits=limits,
                             times=submission_times, force=force, extensions=extension_dues, lms_notes=lms.notes, scheduler=scheduler, shared_fs=shared_fs,
                             policy=assignment.late)
        lms.cleanup()  # the private copies of the exports' files
        # --- manual grading: merge the filled score sheet (autograder/manual.py) ---
        if manual is not None:
            from .. import manual as manual_grading

            try:
                manual_grading.merge_into_out_dir(out, manual, sheet=sheet)
            except manual_grading.ManualError as error:
                raise UsageError(f"--manual: {error}") from None
            print(f"merged the manual scores of {manual} into {Path(out) / 'grades.csv'}", file=sys.stderr)
            results = [read_results(out, r["extra_data"]["student"]) or r for r in results]  # the table shows the merged totals
    except (UsageError, SecretError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return BAD_INPUT
    qids = question_ids()
    _print_table(results, qids)
    if source == "demo":
        print("note: graded with the built-in demo secret; set AUTOGRADER_SECRET or --secret-file for a real class", file=sys.stderr)
    print(f"wrote {Path(out) / 'grades.csv'}, results/ and feedback/ for {counted(len(results), 'submission')}", file=sys.stderr)
    return DONE
