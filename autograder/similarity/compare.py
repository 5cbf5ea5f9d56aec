"""Read a class's submissions and compare every pair (the work behind ``python -m autograder similarity``).

Submissions are read the way the grader reads them (``autograder.sandbox.submission``):
a ``.py``, a notebook (its definitions), a folder or a zip, one per student, the student id
being the name without extension. Their code is only read as text and tokenized, never run.
One that cannot be read is listed in ``skipped`` with the reason, and the rest go on.
"""

import dataclasses
import functools
from pathlib import Path

from .. import COURSE_DIR
from ..progress import Progress
from ..sandbox import load_submission, student_id_of
from .fingerprint import boilerplate_hashes, fingerprint, overlap, share_matrix
from .lines import LineMap, ranges

#: The starter students fill in: what it already contains is not counted as shared.
STARTER = COURSE_DIR / "deepnn.py"
#: A longer source is not compared (tokenizing takes about 3 s a megabyte; a finished deepnn.py is about 25 kB).
MAX_SOURCE_CHARS = 1_000_000


class SimilarityError(ValueError):
    """The command cannot run as asked; the message says what to fix."""


@dataclasses.dataclass
class Student:
    """A submission that was read: its id, file, source text (the grader's module), fingerprint and line map."""

    student: str
    path: Path
    source: str
    fingerprint: object
    line_map: LineMap
    note: str = ""


@dataclasses.dataclass
class Skipped:
    """A submission left out of the comparison, and why (a whole sentence)."""

    student: str
    path: Path
    reason: str


@dataclasses.dataclass
class Pair:
    """Two students and how much of each one's own code is found in the other (``share_a``, ``share_b``, 0..1).

    ``score`` is the larger share. Where the shared code is (``overlap``, ``shared_lines``) is
    worked out when asked for, for the pairs someone reads.
    """

    a: Student
    b: Student
    share_a: float
    share_b: float

    @property
    def score(self):
        return max(self.share_a, self.share_b)

    @functools.cached_property
    def overlap(self):
        """The :class:`~.fingerprint.Overlap`: the shared passages of both sources."""
        return overlap(self.a.fingerprint, self.b.fingerprint)

    def shared_lines(self):
        """(lines of a, lines of b): the shared (first, last) 0-based line ranges of each source, docstrings left out."""
        return self.a.line_map.shared(self.overlap.slices_a), self.b.line_map.shared(self.overlap.slices_b)


def read_class(paths, *, starter=STARTER, progress=True, stream=None):
    """(students, skipped) for the submission ``paths``, in the order given.

    Two paths with the same student id raise :class:`SimilarityError` (rename one).
    """
    paths = [Path(p) for p in paths]
    seen = {}
    for path in paths:
        sid = student_id_of(path)
        if sid in seen:
            raise SimilarityError(f"two submissions have the same student id {sid!r}: {seen[sid]} and {path} "
                                  "(rename one: the id is the file name without extension)")
        seen[sid] = path
    try:
        starter_text = Path(starter).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise SimilarityError(f"cannot read the starter {starter} ({error}): give the file students started from with --starter") from None
    boilerplate = boilerplate_hashes(starter_text)
    students, skipped = [], []
    with Progress(len(paths), "read", "submissions", stream=stream, enabled=progress) as bar:
        for path, sid in zip(paths, seen):
            student = _read_one(path, sid, boilerplate)
            (students if isinstance(student, Student) else skipped).append(student)
            bar.advance()
    return students, skipped


def _read_one(path, sid, boilerplate):
    """A :class:`Student`, or a :class:`Skipped` saying why the submission cannot be compared."""
    try:
        submission = load_submission(path, student_id=sid)
    except FileNotFoundError:
        return Skipped(sid, path, f"{path} does not exist: give a .py, .ipynb or .zip file or a folder per student.")
    except Exception as error:  # noqa: BLE001 - one unreadable submission never stops the class
        return Skipped(sid, path, f"{path} could not be read ({type(error).__name__}: {error}).")
    if submission.error:
        return Skipped(sid, path, _sentence(submission.error))
    if not submission.source.strip():
        return Skipped(sid, path, f"{path.name} holds no code to compare.")
    if len(submission.source) > MAX_SOURCE_CHARS:
        return Skipped(sid, path, f"{path.name} holds {len(submission.source):,} characters of code, more than the "
                                  f"{MAX_SOURCE_CHARS:,} compared: read it by hand.")
    try:
        print_ = fingerprint(submission.source, boilerplate)
        line_map = LineMap(submission.source)
    except Exception as error:  # noqa: BLE001
        return Skipped(sid, path, f"{path} could not be tokenized ({type(error).__name__}: {error}).")
    note = "" if print_.hashes else "nothing beyond the starter's code"
    return Student(sid, path, submission.source, print_, line_map, note)


def _sentence(text):
    """``text`` on one line, ending with a full stop."""
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def compare_class(students, *, progress=True, stream=None):
    """Every pair of ``students`` compared, the most similar first (ties by the two ids)."""
    count = len(students)
    with Progress(count * (count - 1) // 2, "compared", "pairs", stream=stream, enabled=progress) as bar:
        shares = share_matrix([s.fingerprint for s in students], done=lambda row: bar.advance(count - row - 1))
    pairs = [Pair(a, students[j], float(shares[i, j]), float(shares[j, i]))
             for i, a in enumerate(students) for j in range(i + 1, count)]
    pairs.sort(key=lambda p: (-round(p.score, 6), p.a.student, p.b.student))
    return pairs


def csv_rows(pairs, with_lines):
    """The rows of similarity.csv: ``student_a,student_b,score,share_a,share_b,lines_a,lines_b`` (shares 0..1).

    The shared lines (e.g. ``12-30;41``) are given for the pairs in ``with_lines`` (the ones
    flagged or shown on the page), left empty for the others.
    """
    rows = []
    for pair in pairs:
        lines_a, lines_b = pair.shared_lines() if pair.score > 0 and id(pair) in with_lines else ([], [])
        rows.append({"student_a": pair.a.student, "student_b": pair.b.student, "score": f"{pair.score:.3f}",
                     "share_a": f"{pair.share_a:.3f}", "share_b": f"{pair.share_b:.3f}",
                     "lines_a": ranges(lines_a), "lines_b": ranges(lines_b)})
    return rows


CSV_FIELDS = ["student_a", "student_b", "score", "share_a", "share_b", "lines_a", "lines_b"]
