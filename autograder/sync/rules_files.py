"""The rules as the student bundle holds them: ``course/rules.json`` (for check.py) and the notebook's rules cell.

Both are generated from :func:`autograder.rules.assignment_rules` by ``python -m autograder sync``:
the hidden test files never ship, so their points and thresholds travel in these files.
"""

import json

import nbformat

from .. import COURSE_DIR
from ..course_helpers import sourcecheck
from ..rules import assignment_rules, deadline_sentence, render_markdown, summary_lines

#: The notebook's markdown cell that sync rewrites with the rendered rules (found by this first line).
RULES_HEADING = "## How this homework is graded"


def starter_answers(notebook_text=None):
    """``{exercise id: [lines]}`` of the starter notebook's answer cells (the question, "(write here)")."""
    text = notebook_text if notebook_text is not None else (COURSE_DIR / "homework.ipynb").read_text(encoding="utf-8")
    return sourcecheck.answer_cells(json.loads(text)["cells"])


def rules_json(rules=None, notebook_text=None):
    """The text of course/rules.json: per question its points and thresholds, the summary sentences, the
    deadline sentence, when hidden results show and the starter's answer cells (the packager and
    check.py tell an unwritten answer by them)."""
    rules = rules or assignment_rules()
    data = {
        "assignment": rules.name,
        "due": rules.due,
        "hidden_visibility": rules.hidden_visibility,
        "questions": [{"qid": q.qid, "title": q.title, "public_points": q.public_points, "hidden_points": q.hidden_points,
                       "written_points": q.written_points, "thresholds": [t.sentence for t in q.thresholds]}
                      for q in rules.questions],
        "summary": summary_lines(rules),
        "deadline": deadline_sentence(rules),
        "hidden_when": rules.hidden_when,
        "written_points": rules.written_points,
        "starter_answers": starter_answers(notebook_text),
    }
    return json.dumps(data, indent=1) + "\n"


def notebook_with_rules(text, rules=None):
    """The notebook's text with its rules cell (the markdown cell starting with RULES_HEADING) rendered anew.

    Only that cell's source changes; the notebook is written back in nbformat's layout.
    """
    rules = rules or assignment_rules()
    notebook = nbformat.reads(text, as_version=4)
    cells = [c for c in notebook.cells if c.cell_type == "markdown" and c.source.startswith(RULES_HEADING)]
    if len(cells) != 1:
        raise ValueError(f"course/homework.ipynb needs exactly one markdown cell starting with {RULES_HEADING!r} "
                         f"(found {len(cells)}): sync writes the rules there")
    cells[0].source = render_markdown(rules).rstrip("\n")
    return nbformat.writes(notebook) + "\n"
