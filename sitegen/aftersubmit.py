"""The homework page's "After you submit" section, from the one source of each fact.

The deadline, grace, late penalty, points per question (public and hidden), the
thresholds the tests apply and the written answers' points come from
``autograder.rules`` (which reads ``assignment.toml`` and the test files). The sample
feedback is real: one submission of the bundled sample class
(``autograder.sample_class``), graded by the kit's grader in its sandbox when the
site is built (cached like the figures), with the public demo secret.

The feedback prints the student's ``fast_settings()`` and ``circles_settings()``: the
sample class copies the reference's, which are answers to exercises 2 and 4. So the
submission shown here is the sample with its own untuned settings (:data:`SAMPLE_SETTINGS`,
the deck's), and ``tests/sitegen/test_site_settings.py`` runs the graded checks on every settings
dict any built page prints.
"""

import re

from autograder import public_helpers

from . import ROOT
from .jobs import Job

#: The sample student whose feedback the page shows: one common mistake, so the feedback has something to fix.
SAMPLE_STUDENT = "dw_not_divided_by_m"

#: What the shown submission's fast_settings() and circles_settings() return: the deck's untuned choices (random
#: * 0.01, alpha = 0.01; the circles network without a hidden layer), which earn no points of exercise 2 or 4.
SAMPLE_SETTINGS = {
    "fast_settings": {"init": "random", "init_scale": 0.01, "learning_rate": 0.01},
    "circles_settings": {"layer_dims": [2, 1], "learning_rate": 0.01, "num_iterations": 1000, "init": "random",
                         "init_scale": 0.01, "hidden_activation": "tanh"},
}


def sample_source():
    """The shown submission's source: :data:`SAMPLE_STUDENT` with :data:`SAMPLE_SETTINGS` in place of the reference's answers."""
    from autograder.mutants.engine import remove_function
    from autograder.sample_class import mutant_sources

    source = mutant_sources()[SAMPLE_STUDENT]
    for function, returned in SAMPLE_SETTINGS.items():
        source = remove_function(source, function).rstrip("\n")
        source += (f"\n\ndef {function}():\n    \"\"\"My settings (not tuned yet).\"\"\"\n"
                   f"    return {returned!r}\n")
    return source


def _indented(text, prefix="    "):
    return "\n".join(prefix + line if line.strip() else "" for line in text.splitlines())


#: The training settings a feedback message can print (in a dict or as train's keyword arguments).
REDACTED_KEYS = ("init", "init_scale", "learning_rate")
_SETTING_VALUE = re.compile(r"""(?P<key>(?P<q>['"]?)\b(?:%s)\b(?P=q)\s*(?::|=)\s*)(?:'[^']*'|"[^"]*"|[-+0-9.eE]+)"""
                            % "|".join(REDACTED_KEYS))


def redact_settings(text):
    """``text`` with the value of every init / init_scale / learning_rate shown as "…".

    The feedback quotes the student's settings and the public tests' train(...) calls; one of those, taken out of
    context, could pass exercise 2's check. The site shows every such value as "…", whatever it is, so no value
    stands out as an answer. (``'init': 'xavier'`` becomes ``'init': …``; ``learning_rate=0.1`` becomes ``learning_rate=…``.)
    """
    return _SETTING_VALUE.sub(lambda match: match.group("key") + "…", text)


def sample_feedback():
    """The feedback.md the grader writes for :data:`SAMPLE_STUDENT` (graded now, in the sandbox)."""
    import tempfile

    from autograder.grade import grade_submission
    from autograder.secret import DEMO_SECRET
    from autograder.result.feedback import feedback_markdown

    source = sample_source()
    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/{SAMPLE_STUDENT}.py"
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(source)
        result = grade_submission(path, secret=DEMO_SECRET, student_id=SAMPLE_STUDENT)
    return redact_settings(feedback_markdown(result))


def render_after_submit(results):
    from autograder.result.safe_markdown import fenced
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
        f"sample class (`{SAMPLE_STUDENT}`: `layer_backward` forgot to divide $dW$ by $m$, and its settings for "
        "exercises 2 and 4 are not tuned yet), graded by the same grader "
        "in its sandbox when this site was built (the values of training settings it quotes are shown as …):",
        "",
        '??? example "feedback.md of the sample submission"',
        _indented(fenced(sample_feedback(), "markdown")),
        "",
    ]
    return {"snippets/pages/after-submit.md": "\n".join(lines).encode()}


def job():
    from autograder.questions import QUESTION_IDS

    kit = ROOT / "autograder"
    # The sample feedback is the grader's own output: any module of the kit (the engine, the sandbox, the
    # results, the sample class and its mutations, the rules) can change it.
    deps = ([kit / "questions" / f"{qid}.py" for qid in QUESTION_IDS]
            + [kit / "assignment.toml", ROOT / "sitegen" / "aftersubmit.py",
               ROOT / "solutions" / "deepnn.py", *(ROOT / "course" / name for name in public_helpers())]
            + sorted(kit.rglob("*.py")))
    return Job("after-submit", render_after_submit, deps=deps)
