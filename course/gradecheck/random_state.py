"""Source analysis: calls that use NumPy's global random state. (Imported through ``gradecheck``.)"""

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
