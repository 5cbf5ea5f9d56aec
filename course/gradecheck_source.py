"""Source analysis: unfinished functions and global random state. (Imported through ``gradecheck``.)"""

import ast
import inspect
import textwrap




_OWN_GENERATORS = {"RandomState", "default_rng", "Generator", "SeedSequence", "PCG64", "MT19937", "Philox", "SFC64",
                   "BitGenerator"}


def global_random_calls(source=None, function=None, name=None):
    """Calls that use NumPy's global random state (``np.random.seed``, ``np.random.randn`` ...) in a function.

    From the module's ``source`` (the function called ``name`` in it) or from ``function``'s
    own source. Creating a generator (``np.random.RandomState(seed)``, ``default_rng``) is fine.
    Returns the calls found, as text (empty when the source cannot be read).
    """
    node = None
    try:
        if source is not None:
            node = next((n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef) and n.name == name), None)
        elif function is not None:
            node = ast.parse(textwrap.dedent(inspect.getsource(inspect.unwrap(function))))
    except (OSError, TypeError, SyntaxError):
        return []
    found = []
    for sub in ast.walk(node) if node is not None else []:
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr not in _OWN_GENERATORS:
            owner = sub.func.value
            if isinstance(owner, ast.Attribute) and owner.attr == "random" and isinstance(owner.value, ast.Name) \
                    and owner.value.id in ("np", "numpy"):
                found.append(f"{owner.value.id}.random.{sub.func.attr}")
    return sorted(set(found))


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
