"""How a result comes to be: graded by the engine, or a row for a submission the grader could not grade.

Each returns a :class:`~autograder.result.model.Result`; :func:`~autograder.result.json_form.to_json`
gives its results.json dict.
"""

from ..sandbox import MISSING_DEEPNN
from .model import LatePenalty, Report, Result, TestEntry, one_paragraph

#: results.json's top-level fields besides score, output, tests and extra_data, in Gradescope's order.
_TOP = ("score", "execution_time", "output", "output_format", "visibility", "stdout_visibility", "tests", "extra_data")


def _top(execution_time):
    top = dict.fromkeys(_TOP)
    top.update(execution_time=execution_time, output_format="text", visibility="visible", stdout_visibility="hidden")
    return top


def lead_and_body(paragraphs, load_error, notes):
    """The grader's paragraphs after the totals split into ``(lead, body)``: the one thing to fix comes first.

    With a load error the lead is that error and a sentence saying the submission could not be
    graded (the body's own sentence about it goes); else a note that the upload had no deepnn.py, if any.
    """
    body = [p for p in paragraphs if p]
    if load_error:
        body = [p for p in body if p != f"Your submission could not be graded: {load_error}"]
        lead = (one_paragraph(load_error), "Your submission could not be graded: fix that and submit again.")
        return lead, tuple(one_paragraph(p) for p in body)
    lead = tuple(str(note) for note in notes if str(note).startswith(MISSING_DEEPNN))[:1]
    return tuple(one_paragraph(p) for p in lead), tuple(one_paragraph(p) for p in body if p not in lead)


def graded(*, tests, facts, questions, late, paragraphs, execution_time, clean=str):
    """The engine's result: ``tests`` (dicts), ``facts`` (``extra_data`` without the totals), ``questions``
    ``{qid: {"score", "max_score"}}``, the :class:`LatePenalty` ``late`` and the grader's ``paragraphs``
    after the totals (status, notes, isolation warning), which ``clean`` (text in, text out: the secret
    redacted, the length capped) sees joined. ``raw_score`` and the maximum are the questions' sums.
    """
    raw = round(sum(q["score"] for q in questions.values()), 4)
    maximum = round(sum(q["max_score"] for q in questions.values()), 4)
    order = ("student", "status", "raw_score", "max_score", "late_penalty", "submitted_at", "late_message", "questions")
    extra = dict.fromkeys(order)
    extra.update(facts, questions=questions)
    notes = tuple(facts.get("notes") or ())
    lead, body = lead_and_body(paragraphs, facts.get("load_error"), notes)
    body = (clean("\n\n".join(body)),) if body else ()
    return Result(tests=tuple(TestEntry.from_json(t) for t in tests), facts=extra, raw_score=raw, autograded_max=maximum,
                  notes=notes, report=Report(lead=lead, body=body), late=late, top=_top(execution_time))


def failed(student, message, question_ids, content_hash="", tests_digest=""):
    """The row of a submission the grader itself failed on (the batch goes on): score 0, the reason said."""
    facts = {"student": student, "status": "error", "raw_score": 0, "max_score": 0, "late_penalty": 0, "late_message": "",
             "questions": {q: {"score": 0, "max_score": 0} for q in question_ids}, "load_error": message, "notes": [],
             "isolation": "", "demo_secret": False, "public_only": False, "content_hash": content_hash, "tests_hash": tests_digest}
    return Result(tests=(), facts=facts, raw_score=0, autograded_max=0, notes=(),
                  report=Report(lead=(one_paragraph(f"Grading failed: {message}"),), score_line=False), late=LatePenalty(0, ""), top=_top(0))


def platform_failure(message, execution_time):
    """A Gradescope results.json for a submission the autograder could not grade: score 0, ``message`` shown."""
    return Result(tests=(), facts={"status": "error"}, raw_score=0, autograded_max=0,
                  report=Report(lead=(one_paragraph(message),), score_line=False), top=_top(execution_time))
