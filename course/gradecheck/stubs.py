"""Source analysis: functions still unfinished (``sourcecheck.is_stub``: their body raises NotImplementedError
unconditionally, the rule check.py and package_submission.py apply too). (Imported through ``gradecheck``.)"""

import ast
import inspect
import textwrap

from sourcecheck import is_stub


def unimplemented(source=None, functions=None, names=()):
    """The names (of ``names``) that are missing or still stubs (:func:`sourcecheck.is_stub`: their body raises
    ``NotImplementedError`` unconditionally). From the module's ``source`` or, without it, from each function's own
    source."""
    bodies = {}
    if source is not None:
        for node in ast.parse(source).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                bodies[node.name] = node
    else:
        for name, func in (functions or {}).items():
            try:
                node = ast.parse(textwrap.dedent(inspect.getsource(inspect.unwrap(func)))).body[0]
            except (OSError, TypeError, SyntaxError, IndexError):
                continue
            bodies[name] = node
    missing = []
    for name in names:
        node = bodies.get(name)
        if node is None:
            if source is not None or name not in (functions or {}) or (functions or {}).get(name) is None:
                missing.append(name)
            continue
        if is_stub(node):
            missing.append(name)
    return missing
