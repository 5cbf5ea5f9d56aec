"""Turn the reference module's source into the student starter (stubs with the same docstrings)."""

import ast

STARTER_HEADER = '''# Student starter for the homework "Deep L-layer neural networks".
# Implement every function below that raises NotImplementedError; keep the names,
# parameters and return values exactly as the docstrings say (the tests call them so).
# Do not use global variables: each function gets what it needs as parameters.
# Check your work: `python check.py` in this folder (all questions) or `python check.py q1_init` (one),
# or grader.check("q1_init") in the notebook. The tests grade only this file; the notebook's
# written answers are graded by hand.
'''


def _stub_body(name, indent):
    message = f"{name} is not implemented yet: write its body in deepnn.py (see its docstring)"
    return f"{indent}raise NotImplementedError({message!r})\n"


def starter_source(reference_source):
    """The starter's source text, given the reference's.

    Public functions keep their signature and docstring, their body becomes
    ``raise NotImplementedError("<name> is not implemented yet ...")``. Private
    helpers (``_name``) and their uses disappear with the bodies.
    """
    tree = ast.parse(reference_source)
    lines = reference_source.splitlines(keepends=True)
    out = [STARTER_HEADER]
    cursor = 0  # next line index (0-based) of the reference not yet copied or skipped
    for node in tree.body:
        start = (node.decorator_list[0].lineno if getattr(node, "decorator_list", None) else node.lineno) - 1
        end = node.end_lineno
        # Comments and blank lines between top-level statements are kept.
        out.extend(lines[cursor:start])
        cursor = end
        if isinstance(node, ast.FunctionDef):
            if node.name.startswith("_"):
                continue
            body_start = node.body[0]
            keep_until = body_start.end_lineno if ast.get_docstring(node, clean=False) is not None else body_start.lineno - 1
            out.extend(lines[start:keep_until])
            indent = lines[node.body[0].lineno - 1][: len(lines[node.body[0].lineno - 1]) - len(lines[node.body[0].lineno - 1].lstrip())]
            out.append(_stub_body(node.name, indent))
        else:
            out.extend(lines[start:end])
    out.extend(lines[cursor:])
    text = "".join(out)
    # Collapse the blank lines left where private helpers were.
    while "\n\n\n\n" in text:
        text = text.replace("\n\n\n\n", "\n\n\n")
    ast.parse(text)  # the starter must itself be valid Python
    return text
