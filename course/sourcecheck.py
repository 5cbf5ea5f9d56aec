"""Read deepnn.py's source (never run it) for what makes a submission score less than it should.

Standard library only: ``check.py`` and ``package_submission.py`` use it.

* ``stub_functions(source)``: functions whose body still raises ``NotImplementedError``;
* ``import_time_code(source)``: top-level statements that run when the module is imported
  (a loop, a call, a print): the grader imports deepnn.py for every question;
* ``print_calls(source, names)``: ``print`` calls inside the given functions (inside a loop,
  a print in ``train`` writes thousands of lines into the notebook).
"""

import ast

#: Top-level statements that only define things (they run no student code at import).
_DEFINITIONS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Pass)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)


def _is_not_implemented(exc):
    if isinstance(exc, ast.Call):
        exc = exc.func
    return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"


def stub_functions(source, filename="deepnn.py"):
    """Names of the functions whose body raises NotImplementedError unconditionally (a top-level statement of it)."""
    names = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if any(isinstance(stmt, ast.Raise) and _is_not_implemented(stmt.exc) for stmt in node.body):
                names.append(node.name)
    return names


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
    cut = text[: limit - 3].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "..."
