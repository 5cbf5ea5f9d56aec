"""Read deepnn.py's source (never run it) for what makes a submission score less than it should.

Standard library only: ``check.py``, ``package_submission.py``, ``gradecheck`` and the kit's grader use it.

* ``is_stub(function)``: the one rule for "this function is unfinished" (its body raises
  ``NotImplementedError`` unconditionally); ``stub_functions(source)``: the functions of a module it holds for;
* ``where_text(line, function, code)``: where an error happened, as every message says it
  (`` (deepnn.py, line 12, in f: `code`)``); ``last_frame(where)``: the innermost of a worker's frames;
* ``import_time_code(source)``: top-level statements that run when the module is imported
  (a loop, a call, a print): the grader imports deepnn.py for every question;
* ``print_calls(source, names)``: ``print`` calls inside the given functions (inside a loop,
  a print in ``train`` writes thousands of lines into the notebook);
* ``function_at(source, line)``: the top-level function holding a line (to tie a warning to it);
* ``cell_label(source)`` names a notebook cell as a student finds it (by its first line);
  ``ANSWER_HEADING``: the heading that makes a markdown cell an exercise's answer (``### Your answer: ex1_...``);
  ``unwritten_answers(cells)``: the exercises whose answer cell still holds only the starter's text;
* ``warning_notes(caught, source, path)``: numpy's warnings in plain words, each tied to the
  function of deepnn.py whose line raised it;
* ``resolve_question(name, qids)``: the question a student meant (``q4``, ``tests/q4_backward.py``).
"""

import ast
import json
import re

#: Top-level statements that only define things (they run no student code at import).
_DEFINITIONS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Pass)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)


def _is_not_implemented(exc):
    if isinstance(exc, ast.Call):
        exc = exc.func
    return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"


def is_stub(function):
    """Whether a function (its ``ast.FunctionDef``) is unfinished: a statement of its own body raises
    ``NotImplementedError`` (with or without a message), so it can never return. A raise inside a branch
    (``if mode == "weird": raise NotImplementedError``) is fine; ``pass`` or ``...`` bodies are not stubs here."""
    return any(isinstance(stmt, ast.Raise) and _is_not_implemented(stmt.exc) for stmt in function.body)


def stub_functions(source, filename="deepnn.py"):
    """Names of the functions (nested ones too) of ``source`` that :func:`is_stub` holds for, in source order."""
    return [node.name for node in ast.walk(ast.parse(source, filename=filename))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and is_stub(node)]


def last_frame(where):
    """``(line, function, code)`` of the innermost frame of ``where`` (a worker's ``[[line, function, code], ...]``,
    innermost last; missing parts are ``""``); ``("", "", "")`` when there is none."""
    return tuple((list(where[-1]) + ["", "", ""])[:3]) if where else ("", "", "")


def where_text(line, function="", code="", *, file=""):
    """Where an error happened, as every message of the kit says it: `` (deepnn.py, line 12, in f: `A = W @ X`)``.

    ``file`` (e.g. ``"deepnn.py"``), ``function`` and ``code`` (the line's text) are left out when empty."""
    return (f" ({file + ', ' if file else ''}line {line}" + (f", in {function}" if function else "")
            + (f": `{code}`" if code else "") + ")")


def defined_functions(source):
    """Names of the module's top-level functions."""
    return {n.name for n in ast.parse(source).body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}


def _main_guard(node):
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__"
            and any(isinstance(c, ast.Constant) and c.value == "__main__" for c in test.comparators))


def _has_call(node):
    return any(isinstance(sub, ast.Call) for sub in ast.walk(node))


def import_time_code(source):
    """``[(line, what)]`` of the top-level statements that run code when deepnn.py is imported.

    Definitions, imports, docstrings, ``if __name__ == "__main__":`` blocks and assignments
    of values (``EPSILON = 1e-15``, ``TABLE = np.array([...])``) are fine; loops, ``with``,
    ``try`` and bare calls (``print(...)``, ``train(...)``) are reported.
    """
    found = []
    for node in ast.parse(source).body:
        if isinstance(node, _DEFINITIONS) or _main_guard(node):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # a docstring or a bare constant
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            if not any(isinstance(s, ast.Call) and isinstance(s.func, ast.Name) and s.func.id == "print" for s in ast.walk(node)):
                continue  # a value computed once: fine
        if isinstance(node, _LOOPS):
            what = "a loop"
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            func = node.value.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "a function")
            what = f"a call of {name}()"
        elif isinstance(node, ast.If):
            what = "an if block" + (" that calls functions" if _has_call(node) else "")
        else:
            what = f"a {type(node).__name__.lower()} statement"
        found.append((node.lineno, what))
    return found


def print_calls(source, names):
    """``[(function, line, in_loop)]``: print calls inside the top-level functions named in ``names``."""
    found = []

    def visit(node, function, in_loop):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id == "print":
                found.append((function, child.lineno, in_loop))
            visit(child, function, in_loop or isinstance(child, _LOOPS + (ast.comprehension,)))

    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in names:
            visit(node, node.name, False)
    return found


def plural(count, singular, plural_form=None):
    """ "1 function", "2 functions" """
    shown = f"{int(count):,}" if float(count).is_integer() else f"{count:g}"
    return f"{shown} {singular if count == 1 else (plural_form or singular + 's')}"


def shorten(text, limit=120):
    """``text`` cut at a word boundary to at most ``limit`` characters, with "..." when cut (never mid-word)."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 3].rsplit(" ", 1)[0]
    depth, opened = 0, []
    for index, char in enumerate(cut):  # never leave a bracket open: cut before the first one left unclosed
        if char in "([{":
            opened.append(index)
        elif char in ")]}" and opened:
            opened.pop()
    if opened:
        cut = cut[: opened[0]]
    return cut.rstrip(" ,;:") + "..."


def function_at(source, line):
    """The name of the top-level function (or ``Class.method``) whose lines hold ``line``; None outside any."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.lineno <= line <= node.end_lineno:
            return node.name
        if isinstance(node, ast.ClassDef) and node.lineno <= line <= node.end_lineno:
            inner = [f"{node.name}.{n.name}" for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                     and n.lineno <= line <= n.end_lineno]
            return inner[0] if inner else node.name
    return None


def cell_label(source, limit=40):
    """A notebook cell as a student finds it in JupyterLab: "the cell starting `parameters, costs = train(`".

    Its first line that is neither blank nor a comment (else its first line), cut at a word or
    bracket (never inside a word), with "..." when cut.
    """
    lines = [line.strip() for line in str(source).splitlines() if line.strip()]
    code = [line for line in lines if not line.startswith("#")]
    first = (code or lines or [""])[0]
    if not first:
        return "an empty cell"
    if len(first) > limit:
        cut = re.match(r"^(.{1,%d}[\s(\[{,=])" % (limit - 1), first)
        first = (cut.group(1) if cut else first[:limit]).rstrip() + " ..."
    return f"the cell starting `{first}`"


#: An answer cell: a markdown cell whose first line is this heading (``### Your answer: ex1_learning_rate``).
ANSWER_HEADING = re.compile(r"^\s*###\s*Your answer:\s*([A-Za-z0-9_]+)", re.IGNORECASE)
#: Lines of the starter's answer cells that are not an answer: the italic question and the placeholder.
_STARTER_LINE = re.compile(r"^\s*(\*[^*].*\*|_[^_].*_|\(write here\))\s*$", re.IGNORECASE)


def cell_source(cell):
    """A notebook cell's source text (the .ipynb JSON holds a string or a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def has_code(text):
    """Whether a code cell's text has a line that is neither blank nor a comment."""
    return any(line.strip() and not line.strip().startswith("#") for line in text.splitlines())


def name_cells(labels, limit=3):
    """ "the cell starting `a`, the cell starting `b` and 4 more": at most ``limit`` named."""
    named = ", ".join(labels[:limit])
    return named + (f" and {len(labels) - limit} more" if len(labels) > limit else "")


def starter_answers(folder):
    """The starter's answer cells ``{exercise: [lines]}`` from ``folder/rules.json`` (written by the kit), or None."""
    try:
        with open(f"{folder}/rules.json", encoding="utf-8") as handle:
            return dict(json.load(handle)["starter_answers"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def answer_cells(cells):
    """``{exercise id: [its lines after the heading, stripped, blank ones left out]}`` of a notebook's answer cells."""
    found = {}
    for cell in cells:
        lines = cell_source(cell).splitlines()
        match = ANSWER_HEADING.match(lines[0]) if cell.get("cell_type") == "markdown" and lines else None
        if match and match.group(1) not in found:
            found[match.group(1)] = [line.strip() for line in lines[1:] if line.strip()]
    return found


def unwritten_answers(cells, starter=None):
    """The exercise ids whose answer cell holds nothing but the starter's text (or nothing).

    ``cells``: the notebook's cells (dicts as in the .ipynb JSON). ``starter``: the starter's
    :func:`answer_cells` (``rules.json`` carries them); a line found there is not an answer.
    Without it, an italic line (the question) and "(write here)" are taken for the starter's.
    """
    def untouched(qid, line):
        if starter is not None and qid in starter:
            return line in starter[qid] or line.lower() == "(write here)"
        return bool(_STARTER_LINE.match(line))

    return [qid for qid, lines in answer_cells(cells).items() if all(untouched(qid, line) for line in lines)]


def resolve_question(name, qids):
    """(question id, None) for what a student typed, or (None, a sentence saying what to type).

    Accepted: the id itself, a path to its test file (``tests/q4_backward.py``) and a prefix
    that only one question has (``q4``); the sentence offers the closest ids otherwise."""
    import difflib

    stem = re.sub(r"\.py$", "", str(name).replace("\\", "/").rsplit("/", 1)[-1])
    if stem in qids:
        return stem, None
    starting = [q for q in qids if q.startswith(stem)] if stem else []
    if len(starting) == 1:
        return starting[0], None
    close = starting or difflib.get_close_matches(stem, qids, n=3, cutoff=0.75)
    if close:
        return None, f"there is no question {name!r}: did you mean {close[0] if len(close) == 1 else 'one of ' + ', '.join(close)}?"
    return None, f"there is no question {name!r}: the questions are {', '.join(qids)}."


def explain_warning(text):
    """A numpy RuntimeWarning put in plain words."""
    if "overflow" in text:
        return (f"numpy warned \"{text}\": a value grew too large for a float (e.g. np.exp of a large number, as in the "
                "sigmoid of -1000). Even when the result comes out right, write the formula so it cannot overflow "
                "(e.g. use np.exp only of values <= 0, which covers both signs of Z).")
    if "divide by zero" in text or "log" in text:
        return (f"numpy warned \"{text}\": a division by zero or the log of 0. Keep the values away from 0 "
                "(e.g. np.clip AL into [epsilon, 1 - epsilon] before taking logs).")
    if "invalid value" in text:
        return f"numpy warned \"{text}\": a result is NaN (e.g. 0/0, inf - inf): find where it first appears."
    return f"Python warned: {text}"


def warning_notes(caught, source, module_path):
    """The RuntimeWarnings of ``caught`` (``warnings.catch_warnings(record=True)``), explained, once each, with
    "deepnn.py line 57, in activation_forward: " when the line that raised it is in ``module_path``."""
    from pathlib import Path

    mine, notes = str(Path(module_path).resolve()), {}
    for warning in caught:
        if not issubclass(warning.category, RuntimeWarning):
            continue
        text, where = explain_warning(str(warning.message)), ""
        if source and warning.filename and str(Path(warning.filename).resolve()) == mine:
            function = function_at(source, warning.lineno)
            where = f"deepnn.py line {warning.lineno}" + (f", in {function}" if function else "")
        notes.setdefault(f"{where}: {text}" if where else text, None)
    return list(notes)
