"""Source analysis: functions still unfinished (their body only raises NotImplementedError). (Imported through
``gradecheck``.)"""

import ast
import inspect
import textwrap


def unimplemented(source=None, functions=None, names=()):
    """The names (of ``names``) whose body is still only ``raise NotImplementedError(...)`` (after a docstring),
    or that are missing. From the module's ``source`` or, without it, from each function's own source."""
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
        body = list(node.body)
        if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
                and isinstance(body[0].value.value, str):
            body = body[1:]
        if len(body) == 1 and isinstance(body[0], ast.Raise) and body[0].exc is not None:
            exc = body[0].exc.func if isinstance(body[0].exc, ast.Call) else body[0].exc
            if isinstance(exc, ast.Name) and exc.id == "NotImplementedError":
                missing.append(name)
    return missing
