"""One submission's result: what the grader found, and every later change as a named adjustment.

A :class:`Result` holds the autograded part exactly as the grader wrote it (the test entries,
the per-question scores, ``raw_score`` and the autograded maximum, the grader's other facts
and its own paragraphs of the summary) and, beside it, the named adjustments:

* ``late``: the late penalty under the assignment's deadline (:class:`LatePenalty`);
* ``extension``: a student's own deadline and the penalty under it (:class:`Extension`);
* ``lms``: the notes an LMS export adds and the key of what the result was adjusted for (:class:`LmsNotes`);
* ``manual``: the written answers graded by hand (:class:`Manual`).

A new kind of adjustment (an instructor's regrade, say) is one more dataclass here, a field of
:class:`Result`, its term in :attr:`Result.score` and its key in ``json_form``.

``score`` and ``max_score`` are derived from those, never stored: setting an adjustment again
replaces it (merging a sheet twice is merging it once), and taking it away gives the result back.
Every file about a result (results.json, grades.csv, feedback) is rendered from it whole.
"""

import re
from dataclasses import dataclass, field, replace

#: The name of each written answer's test entry (``Written answer: ex1``); those entries come from :class:`Manual`.
TEST_PREFIX = "Written answer: "


@dataclass(frozen=True)
class TestEntry:
    """One test in Gradescope's schema; a field that is ``None`` is left out of the JSON (the key order is fixed)."""

    name: str
    score: object = None
    max_score: object = None
    status: str = None
    output: str = None
    visibility: str = None
    extra_data: dict = None

    KEYS = ("name", "score", "max_score", "status", "output", "visibility", "extra_data")

    @classmethod
    def from_json(cls, data):
        """The entry of a results.json ``tests`` item (a dict); unknown keys are dropped."""
        return cls(**{key: data[key] for key in cls.KEYS if key in data})

    def to_json(self):
        return {key: getattr(self, key) for key in self.KEYS if getattr(self, key) is not None}


@dataclass(frozen=True)
class LatePenalty:
    """A late penalty: ``points`` off the score, the ``message`` for the student, when it was submitted.

    ``submitted_at`` (ISO text, ``""`` for no time) and ``days_late`` are ``None`` when the result never recorded them.
    """

    points: float = 0
    message: str = ""
    submitted_at: str = None
    days_late: int = None


@dataclass(frozen=True)
class Extension:
    """A student's own deadline ``due`` (ISO text; ``""``: adjusted, no later deadline) and the penalty under it."""

    due: str
    late: LatePenalty


@dataclass(frozen=True)
class LmsNotes:
    """Sentences an LMS export (or an extension without a time) adds for the student, and the context key."""

    notes: tuple = ()
    key: str = ""


@dataclass(frozen=True)
class Manual:
    """Written answers graded by hand: ``{column: score}``, ``{column: points}``, the instructor's comment."""

    scores: dict
    points: dict
    comment: str = ""

    @property
    def earned(self):
        return sum(self.scores.values())

    @property
    def possible(self):
        return sum(self.points.values())

    def tests(self):
        """One test entry per written item, after the autograded ones."""
        return [TestEntry(name=f"{TEST_PREFIX}{column.removeprefix('written_')}", score=self.scores[column],
                          max_score=points, status="passed" if self.scores[column] >= points else "failed",
                          output=self.comment, visibility="visible")
                for column, points in self.points.items()]

    def to_json(self):
        return {"scores": dict(self.scores), "points": dict(self.points), "comment": self.comment}


def one_paragraph(text):
    """``text`` with its blank lines taken out: one paragraph of results.json's ``output``, which is read back by its
    paragraphs (a student's message holding "\\n\\nScore: 99 / 99\\n\\n" must not pass for the totals line)."""
    return re.sub(r"\n\s*\n", "\n", str(text))


@dataclass(frozen=True)
class Report:
    """The grader's own paragraphs of the summary: ``lead`` before the score line, ``body`` after it.

    ``score_line``: whether the summary shows ``Score: x / y`` (a submission the grader itself
    failed on shows only its sentence); ``trailer``: what the platform adds last (Gradescope's
    runner: its notes and the assignment's rules).
    """

    lead: tuple = ()
    body: tuple = ()
    score_line: bool = True
    trailer: tuple = ()


@dataclass(frozen=True)
class Result:
    """One submission's result. ``facts`` is ``extra_data`` in its key order (adjustments' keys hold their place).

    ``top``: results.json's other top-level fields (``execution_time``, ``output_format``, ...), in order.
    """

    tests: tuple
    facts: dict
    raw_score: float
    autograded_max: float
    notes: tuple = ()
    report: Report = Report()
    late: LatePenalty = LatePenalty()  # None: not known (read from a results.json under an extension)
    extension: Extension = None
    lms: LmsNotes = None
    manual: Manual = None
    top: dict = field(default_factory=dict)

    # ------------------------------------------------------------------ derived, never stored
    @property
    def effective_late(self):
        """The penalty taken: under the student's own deadline when there is one."""
        if self.extension is not None:
            return self.extension.late
        return self.late if self.late is not None else LatePenalty()

    @property
    def score(self):
        """Autograded points, less the late penalty, plus the written points, to 4 decimals."""
        written = self.manual.earned if self.manual is not None else 0
        return round(self.raw_score - self.effective_late.points + written, 4)

    @property
    def max_score(self):
        """The autograded maximum plus the written answers' points."""
        if self.manual is None:
            return self.autograded_max
        return round(self.autograded_max + self.manual.possible, 4)

    @property
    def all_notes(self):
        """The notes shown to the student: the LMS's first, then the grader's."""
        return tuple(self.lms.notes if self.lms is not None else ()) + tuple(self.notes)

    @property
    def all_tests(self):
        """The autograded tests, then the written answers' entries."""
        return tuple(self.tests) + tuple(self.manual.tests() if self.manual is not None else ())

    # ------------------------------------------------------------------ adjustments, set by name
    def with_late(self, late):
        """This result with ``late`` (a :class:`LatePenalty`) as the penalty under the assignment's deadline."""
        return replace(self, late=late)

    def with_extension(self, extension):
        """This result with ``extension`` (an :class:`Extension`, or ``None`` to take it away)."""
        return replace(self, extension=extension)

    def with_lms(self, lms):
        """This result with the LMS's notes ``lms`` (a :class:`LmsNotes`, or ``None``)."""
        return replace(self, lms=lms)

    def with_manual(self, manual):
        """This result with ``manual`` (a :class:`Manual`, or ``None``) in place of any written scores before."""
        return replace(self, manual=manual)

    def with_trailer(self, paragraphs):
        """This result with the platform's last paragraphs (e.g. Gradescope's rules) set to ``paragraphs``."""
        return replace(self, report=replace(self.report, trailer=tuple(paragraphs)))

    def with_tests(self, tests):
        return replace(self, tests=tuple(tests))
