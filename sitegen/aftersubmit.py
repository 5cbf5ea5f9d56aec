"""The homework page's "After you submit" section, from the one source of each fact.

The deadline, grace, late penalty, points per question (public and hidden), the
thresholds the tests apply and the written answers' points come from
``autograder.rules`` (which reads ``assignment.toml`` and the test files). The sample
feedback is real: one submission of the bundled sample class
(``autograder.grade.sample_class``), graded by the kit's grader in its sandbox when the
site is built (cached like the figures), with the public demo secret.
"""

from . import ROOT

#: The sample student whose feedback the page shows: one common mistake, so the feedback has something to fix.
SAMPLE_STUDENT = "dw_not_divided_by_m"


def _indented(text, prefix="    "):
    return "\n".join(prefix + line if line.strip() else "" for line in text.splitlines())


def sample_feedback():
    """The feedback.md the grader writes for :data:`SAMPLE_STUDENT` (graded now, in the sandbox)."""
    import tempfile

    from autograder.grade import grade_submission
    from autograder.grade.engine import DEMO_SECRET
    from autograder.grade.output import feedback_markdown
    from autograder.grade.sample_class import mutant_sources

    source = mutant_sources()[SAMPLE_STUDENT]
    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/{SAMPLE_STUDENT}.py"
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(source)
        result = grade_submission(path, secret=DEMO_SECRET, student_id=SAMPLE_STUDENT)
    return feedback_markdown(result)


def render_after_submit(results):
    from autograder.grade.safe_markdown import fenced
    from autograder.rules import assignment_rules, render_markdown

    rules = assignment_rules()
    text = render_markdown(rules, heading="###")
    exercises = [q for q in rules.questions if q.written_points]
    lines = [
        text,
        "### The written answers",
        "",
        f"Each of the {len(exercises)} exercises ({', '.join(f'`{q.qid}`' for q in exercises)}) also has a written answer "
        f"in the notebook's answer cell (`### Your answer: <exercise>`), worth the points in the table's last column and "
        f"{rules.written_when}: your instructor reads every answer next to the plots your notebook saved for that "
        "exercise. What counts is what you observed in your own runs and why it happens (the lecture's reasons: "
        "symmetry, vanishing gradients, the learning rate, what depth buys), not a copy of this page's numbers. "
        "Keep the outputs in the notebook you submit: an answer whose plots are missing cannot be checked.",
        "",
        "### What a feedback file looks like",
        "",
        "After grading you get a file like this one. It is the real feedback of one submission of the course's "
        f"sample class (`{SAMPLE_STUDENT}`: `layer_backward` forgot to divide $dW$ by $m$), graded by the same grader "
        "in its sandbox when this site was built:",
        "",
        '??? example "feedback.md of the sample submission"',
        _indented(fenced(sample_feedback(), "markdown")),
        "",
    ]
    return {"snippets/pages/after-submit.md": "\n".join(lines).encode()}


def job():
    from autograder.questions import QUESTION_IDS

    from .generate import Job

    grade = ROOT / "autograder" / "grade"
    deps = ([ROOT / "autograder" / "questions" / f"{qid}.py" for qid in QUESTION_IDS]
            + [ROOT / "autograder" / "assignment.toml", ROOT / "autograder" / "rules.py", ROOT / "sitegen" / "aftersubmit.py",
               ROOT / "solutions" / "deepnn.py", ROOT / "course" / "gradecheck.py", ROOT / "course" / "nndata.py"]
            + sorted(grade.glob("*.py")))
    return Job("after-submit", render_after_submit, deps=deps)
