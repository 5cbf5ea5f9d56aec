"""The "Common mistakes" page, built from the hints the test files already carry.

Each test file (``autograder/questions/<qid>.py``) names its known mistakes where it checks
for them: ``check.true(condition, message, hint)``, ``hint=...``, or ``hints={hint: the
wrong value that mistake gives}``; ``course/gradecheck/hints.py``'s ``gradient_hint`` names the
gradient mistakes it recognizes. This module reads them with ``ast`` (never importing a
test file) and writes one table per question: what the grader says, and the fix. A
formatted part of a message (a value, a shape) is shown as "…". Hidden cases' hints are
listed too (they name mistakes, never inputs).
"""

import ast

from . import ROOT, style
from .jobs import Job

QUESTIONS_DIR = ROOT / "autograder" / "questions"
GRADECHECK = ROOT / "course" / "gradecheck" / "hints.py"  # where gradient_hint lives


def _constants(tree):
    """Module-level ``NAME = "text"`` (and dicts whose keys are texts) of a test file."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            found[node.targets[0].id] = node.value
    return found


def _text(node, constants, depth=0):
    """The text of a string expression: constants kept, formatted parts as "…"; None when it is not text."""
    if depth > 4 or node is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "…" for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left, constants, depth + 1), _text(node.right, constants, depth + 1)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.Name) and node.id in constants:
        return _text(constants[node.id], constants, depth + 1)
    return None


def _hint_keys(node, constants):
    """The hint texts of a ``hints=`` argument (a dict of hint: wrong value, or a name of one)."""
    if isinstance(node, ast.Name) and node.id in constants:
        node = constants[node.id]
    if not isinstance(node, ast.Dict):
        return []
    found = []
    for key, value in zip(node.keys, node.values):
        text = _text(key, constants)
        if text and " " in text.strip():  # a hint is a sentence; a bare name ("W1") keys a nested dict of hints
            found.append(text)
        found += _hint_keys(value, constants)
    return found


def _clean(text):
    return " ".join(text.split()).replace("|", "\\|")


def question_hints(path):
    """[(symptom, fix)] of one test file, in file order, without repeats."""
    tree = ast.parse(path.read_text())
    constants = _constants(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        keywords = {k.arg: k.value for k in node.keywords}
        message = _text(node.args[1], constants) if name == "true" and len(node.args) > 1 else None
        hint = _text(node.args[2], constants) if name == "true" and len(node.args) > 2 else _text(keywords.get("hint"), constants)
        if hint:
            found.append((message or _what(node, constants), hint))
        if "hints" in keywords:
            for text in _hint_keys(keywords["hints"], constants):
                found.append((_what(node, constants), text))
    unique = []
    for symptom, fix in found:
        if fix not in [f for _, f in unique]:
            unique.append((symptom, fix))
    return unique


def _what(node, constants):
    """The symptom of a value check without a message: "`dW` does not match ..."."""
    for arg in node.args[2:3]:
        text = _text(arg, constants)
        if text and " " not in text.strip():
            return f"`{text}` does not have the expected values"
    what = next((k.value for k in node.keywords if k.arg == "what"), None)
    text = _text(what, constants) if what is not None else None
    return f"{text} do not have the expected values" if text else "a value differs from the expected one"


def gradient_hints():
    """The texts ``gradecheck.gradient_hint`` can return (formatted parts as "…")."""
    tree = ast.parse(GRADECHECK.read_text())
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "gradient_hint":
            texts = [_text(ret.value, {}) for ret in ast.walk(node) if isinstance(ret, ast.Return) and ret.value is not None]
            return [text for text in texts if text]
    return []


def render_mistakes(results, qids):
    lines = []
    for qid in qids:
        hints = question_hints(QUESTIONS_DIR / f"{qid}.py")
        if not hints:
            continue
        lines += [f"## `{qid}` {{#{qid}}}", ""]
        lines.append(style.markdown_table(["what the grader says", "the fix (the grader's hint)"], [(_clean(s), _clean(f)) for s, f in hints]))
        if qid == "q4_backward":
            lines += ["", "When a gradient is wrong, the grader compares it with the known wrong answers and names the one it matches:", ""]
            lines += [f"- {_clean(text)}" for text in gradient_hints()]
        lines.append("")
    return {"snippets/pages/mistakes.md": "\n".join(lines).encode()}


def job():
    from autograder.questions import QUESTION_IDS

    deps = [QUESTIONS_DIR / f"{qid}.py" for qid in QUESTION_IDS] + [GRADECHECK, ROOT / "sitegen" / "mistakes.py"]
    return Job("mistakes", render_mistakes, params={"qids": list(QUESTION_IDS)}, deps=deps)
