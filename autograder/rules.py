"""The assignment's rules in one plain model, read from the one source of each fact.

``assignment_rules()`` gives a :class:`Rules`: the deadline, grace and late penalty and the
written answers' points (``autograder/assignment.toml``); per question its title, public and
hidden points and every threshold its tests apply (the test files in
``autograder/questions/``, read with ``ast``, never imported); and when hidden results are
shown. ``render_markdown(rules)`` turns it into the text students read (the bundle's
README, the notebook's intro, the checker's summary, the site, the Gradescope output).

A test file declares a threshold once, as a module-level constant with a ``#:`` comment
directly above it that says, in a sentence, what must hold::

    #: The final cost fast_settings() must get below on the lecture data.
    MAX_FINAL_COST = 0.05

The test code uses the constant; the reference's docstrings state the same number (a kit
test checks it). Every number here is read, never written twice.
"""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import QUESTIONS_DIR
from .config import load
from .questions import QUESTION_IDS

#: Gradescope's visibility of hidden tests (the results' ``visibility`` of every hidden case).
HIDDEN_VISIBILITY = "after_published"
HIDDEN_WHEN = "after the instructor publishes the grades, after the deadline"
#: Gradescope's visibility of public tests.
PUBLIC_VISIBILITY = "visible"
WRITTEN_WHEN = "graded by hand after the deadline"

_CONSTANT = re.compile(r"^[A-Z][A-Z0-9_]*$")


@dataclass(frozen=True)
class Threshold:
    """A number a test applies: ``name`` (the test file's constant), ``value``, ``text`` (what must hold)."""

    name: str
    value: float
    text: str  # the comment, with ``{value}`` (format spec allowed) where the number goes

    @property
    def sentence(self):
        """The text with the value in place: "... at least 90 % of 500 fresh points ..."."""
        try:
            text = self.text.format(value=self.value)
        except (KeyError, IndexError, ValueError):
            text = self.text
        text = re.sub(r"(\d)%", r"\1 %", text)
        return text if "{value" in self.text else f"{text} ({self.name} = {fmt(self.value)})"


@dataclass(frozen=True)
class Question:
    """One question: id, title (its test file's docstring), points of its public and hidden tests, thresholds."""

    qid: str
    title: str
    public_points: float
    hidden_points: float
    thresholds: tuple = ()
    #: Points of the written answer of this question (exercises only; 0 for the others).
    written_points: float = 0.0

    @property
    def points(self):
        return self.public_points + self.hidden_points


@dataclass(frozen=True)
class Rules:
    """The whole assignment's rules (see the module docstring)."""

    name: str
    due: str  # ISO 8601 with its UTC offset, as in assignment.toml
    grace_minutes: float
    penalty_per_day: float  # percent of the autograded maximum (not the written points) per started day late
    penalty_cap: float  # percent
    max_file_mb: float
    questions: tuple = field(default_factory=tuple)
    hidden_visibility: str = HIDDEN_VISIBILITY
    hidden_when: str = HIDDEN_WHEN
    written_when: str = WRITTEN_WHEN

    @property
    def public_points(self):
        return sum(q.public_points for q in self.questions)

    @property
    def hidden_points(self):
        return sum(q.hidden_points for q in self.questions)

    @property
    def autograded_points(self):
        return self.public_points + self.hidden_points

    @property
    def written_points(self):
        return sum(q.written_points for q in self.questions)

    def question(self, qid):
        return next(q for q in self.questions if q.qid == qid)


class RulesError(ValueError):
    """A test file does not say its rules in a form the model can read (assignment.toml's errors are ConfigError)."""


def _literal(node, where):
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise RulesError(f"{where}: points= and hidden= of a test case must be literals") from None


def _cases(tree, where):
    """[(points, hidden)] of every @test_case function of a parsed test file."""
    cases = []
    for node in tree.body:
        for decorator in getattr(node, "decorator_list", []):
            func = decorator.func if isinstance(decorator, ast.Call) else decorator
            if getattr(func, "id", getattr(func, "attr", None)) != "test_case":
                continue
            keywords = {k.arg: k.value for k in getattr(decorator, "keywords", [])}
            points = _literal(keywords["points"], f"{where} line {node.lineno}") if "points" in keywords else 0
            hidden = _literal(keywords["hidden"], f"{where} line {node.lineno}") if "hidden" in keywords else False
            cases.append((float(points), bool(hidden)))
    return cases


def declared_thresholds(source, where="test file"):
    """The thresholds a test file's source declares: module-level UPPER_CASE numbers with a ``#:`` comment above."""
    lines = source.splitlines()
    found = []
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
            continue
        name = node.targets[0].id
        comment, row = [], node.lineno - 2
        while row >= 0 and lines[row].lstrip().startswith("#:"):
            comment.insert(0, lines[row].lstrip()[2:].strip())
            row -= 1
        if not comment or not _CONSTANT.match(name):
            continue
        value = node.value.value if isinstance(node.value, ast.Constant) else None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise RulesError(f"{where} line {node.lineno}: the threshold {name} must be a plain number")
        found.append(Threshold(name=name, value=value, text=" ".join(comment)))
    return tuple(found)


def _title(tree, qid):
    doc = ast.get_docstring(tree) or qid
    first = " ".join(doc.strip().split("\n\n")[0].split())
    title = first.split(":", 1)[1].strip() if first.startswith(f"{qid}:") else first
    return title.rstrip(".")


def assignment_rules(questions_dir=None, config_path=None, question_ids=None, *, assignment=None):
    """The :class:`Rules` read from ``assignment.toml`` and the test files (which are parsed, never run).

    ``assignment``: the command's :class:`autograder.config.Assignment` (default: loaded from ``config_path``).
    """
    questions_dir = Path(questions_dir or QUESTIONS_DIR)
    assignment = assignment if assignment is not None else load(config_path)
    policy = assignment.late
    written = assignment.written.points_per_exercise
    questions = []
    for qid in question_ids or QUESTION_IDS:
        path = questions_dir / f"{qid}.py"
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        cases = _cases(tree, path.name)
        questions.append(Question(
            qid=qid, title=_title(tree, qid),
            public_points=sum(p for p, hidden in cases if not hidden),
            hidden_points=sum(p for p, hidden in cases if hidden),
            thresholds=declared_thresholds(source, path.name),
            written_points=written if qid.startswith("ex") else 0.0,
        ))
    return Rules(
        name=assignment.name, due=policy.due.isoformat(), grace_minutes=policy.grace.total_seconds() / 60,
        penalty_per_day=policy.penalty_per_day, penalty_cap=policy.cap,
        max_file_mb=assignment.submission.max_file_mb, questions=tuple(questions),
    )


def fmt(value):
    """A number as people write it: 20000 -> "20,000", 0.9 -> "0.9", 5.0 -> "5"."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:g}"


def _due_text(rules):
    from datetime import datetime

    due = datetime.fromisoformat(rules.due)
    return due.strftime("%A %d %B %Y, %H:%M") + f" (UTC{due.strftime('%z')[:3]}:{due.strftime('%z')[3:]})"


def summary_lines(rules):
    """Short plain sentences on the points: for the checker's summary and the Gradescope output."""
    total = rules.autograded_points + rules.written_points
    lines = [
        f"Autograded: {fmt(rules.autograded_points)} points, {fmt(rules.public_points)} from public tests (you can run "
        f"them: python check.py) and {fmt(rules.hidden_points)} from hidden tests on other inputs (shown {rules.hidden_when}).",
    ]
    if rules.written_points:
        lines.append(f"Written answers: {fmt(rules.written_points)} points ({fmt(rules.written_points / max(1, sum(1 for q in rules.questions if q.written_points)))} "
                     f"per exercise), the answer cells of homework.ipynb, read and {rules.written_when}. Total: {fmt(total)} points.")
    return lines


def late_sentence(rules):
    """The late rule in one sentence; the penalty is a percent of the autograded maximum (what ``late.penalty`` gets)."""
    per_day = rules.penalty_per_day / 100 * rules.autograded_points
    text = (f"A submission up to {fmt(rules.grace_minutes)} minutes later counts as on time; after that, "
            f"{fmt(rules.penalty_per_day)} % of the autograded maximum ({fmt(rules.autograded_points)} points, so "
            f"{fmt(round(per_day, 2))} points) is taken off per started day late, at most {fmt(rules.penalty_cap)} %")
    if rules.written_points:
        text += " (the written answers' points do not count in that maximum)"
    return text + "."


def deadline_sentence(rules):
    """ "Deadline: Friday 11 December 2026, 23:59 (UTC+00:00). A submission up to ..." """
    return f"Deadline: {_due_text(rules)}. {late_sentence(rules)}"


def graded_files_sentence(rules):
    """What is graded how: the tests read only deepnn.py; the notebook's written answers are graded by hand."""
    text = "The tests grade only `deepnn.py` (functions defined in the notebook do not count)"
    if rules.written_points:
        text += (f"; the notebook's written answers are read and graded by hand ({fmt(rules.written_points)} points), "
                 "so submit homework.ipynb with them")
    return text + f". No file of the upload may be larger than {fmt(rules.max_file_mb)} MB."


def render_markdown(rules, heading="##"):
    """The rules as Markdown (the bundle's README, the notebook's intro, the site)."""
    out = [f"{heading} How this homework is graded", ""]
    out += [f"- {line}" for line in summary_lines(rules)]
    out += [
        f"- {deadline_sentence(rules)}",
        f"- Public test results are shown as soon as you submit; the hidden tests run when the grader grades your "
        f"submission, and their results are shown {rules.hidden_when}. "
        "Passing every public test does not guarantee the hidden ones: they call your functions on other inputs.",
        f"- {graded_files_sentence(rules)}",
        "",
        "| question | what | public points | hidden points | written points |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for q in rules.questions:
        out.append(f"| `{q.qid}` | {q.title} | {fmt(q.public_points)} | {fmt(q.hidden_points)} | "
                   f"{fmt(q.written_points) if q.written_points else '-'} |")
    out.append(f"| total | | {fmt(rules.public_points)} | {fmt(rules.hidden_points)} | {fmt(rules.written_points)} |")
    bars = [(q, t) for q in rules.questions for t in q.thresholds]
    if bars:
        out += ["", "Thresholds the tests apply:", ""]
        out += [f"- `{q.qid}`: {t.sentence}" for q, t in bars]
    return "\n".join(out) + "\n"
