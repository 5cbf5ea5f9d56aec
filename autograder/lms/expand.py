"""The grade command's submissions with every LMS export among them replaced by one file per student.

:func:`expand` reads each Canvas or Gradescope export given (:func:`autograder.lms.load_export`),
writes the chosen files into a private folder (:func:`autograder.lms.materialize`) and
returns them with the times the export gives, the notes for each student and the problems
for the instructor (also written to ``<out>/lms_report.txt`` by :func:`write_report`).
"""

import dataclasses
import shutil
import sys
from pathlib import Path

from ..files import write_atomic
from ..plural import counted
from .exports import detect, load_export, materialize, read_roster
from .model import LmsError, Problem

#: What a student whose upload Canvas marked late, graded without a time, reads.
MARKED_LATE_NOTE = ("Canvas marked your upload late. The grader was given no submission time, so no late penalty "
                    "was computed here: your instructor applies the late policy.")
REPORT_NAME = "lms_report.txt"


@dataclasses.dataclass
class Expanded:
    paths: list  # what to grade: the plain submissions given and one file per student of each export
    times: dict  # {student: aware datetime} the exports give (Gradescope's created_at)
    notes: dict  # {student: [sentences]} for the feedback
    problems: list  # [(export, Problem)] for the instructor
    marked_late: list  # students Canvas marked late and graded without a time
    folder: Path = None  # the private folder the chosen files were written to (remove it with cleanup())
    exports: int = 0

    def cleanup(self):
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def expand(submissions, roster_path=None, times=None, prefer="code"):
    """An :class:`Expanded` for ``submissions`` (paths); ``times`` is ``{student: time}`` from ``--times`` or None.

    ``prefer``: which of a Canvas student's uploads is chosen (:func:`autograder.lms.load_export`).
    """
    roster = read_roster(roster_path) if roster_path else None
    expanded = Expanded([], {}, {}, [], [])
    try:
        for given in submissions:
            path = Path(given)
            kind = detect(path) if path.exists() and (path.is_dir() or path.suffix.lower() == ".zip") else None
            if kind is None:
                expanded.paths.append(given)
                continue
            expanded.exports += 1
            subs, problems = load_export(path, roster, prefer)
            if roster is None:
                problems.insert(0, _no_roster(kind))
            expanded.problems += [(str(path), problem) for problem in problems]
            for sub in subs:
                if sub.submitted_at is not None:
                    expanded.times[sub.student] = sub.submitted_at
                notes = list(sub.notes)
                if sub.marked_late and sub.student not in (times or {}) and sub.submitted_at is None:
                    notes.append(MARKED_LATE_NOTE)
                    expanded.marked_late.append(sub.student)
                expanded.notes[sub.student] = notes
            folder, paths = materialize(subs, expanded.folder)
            expanded.folder = folder
            expanded.paths += [str(p) for p in paths]
    except FileExistsError as error:
        expanded.cleanup()
        raise LmsError(f"two students of the exports share the id {Path(error.filename).stem!r}: grade the exports separately") from None
    except BaseException:
        expanded.cleanup()
        raise
    return expanded


def _no_roster(kind):
    ids = "canvas_<user id>" if kind == "canvas" else "the submitters' sid"
    return Problem("(all)", f"no --roster given: students are graded as {ids}; give --roster roster.csv to use the roster's ids")


def write_report(expanded, out_dir, stream=None):
    """Print the problems on ``stream`` (stderr) and write them to ``out_dir/lms_report.txt``; returns its path or None."""
    stream = stream or sys.stderr
    lines = [f"{export}: {problem.member}: {problem.what}" for export, problem in expanded.problems]
    if expanded.marked_late:
        lines.append(f"Canvas marked {counted(len(expanded.marked_late), 'upload')} late and no submission time was given: "
                     f"{', '.join(sorted(expanded.marked_late))}. Their feedback says so and no penalty was taken; "
                     "to apply the late policy, give --times times.csv (columns student,submitted_at) with their times.")
    if not lines:
        return None
    for line in lines:
        print(f"warning: {line}", file=stream)
    path = Path(out_dir) / REPORT_NAME
    return write_atomic(path, "\n".join(lines) + "\n")
