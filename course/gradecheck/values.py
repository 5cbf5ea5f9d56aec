"""Values in the tests' messages: the failure type, the hidden note, display of values and calls, snapshots of
inputs, relative error. (Imported through ``gradecheck``.)"""

import re

import numpy as np

HIDDEN_NOTE = "(hidden test: its inputs and expected values are not shown)"

#: The starter's stubs raise NotImplementedError("<name> is not implemented yet: ...").
_STUB_MESSAGE = re.compile(r"^`?([A-Za-z_][A-Za-z0-9_]*)`? is not implemented yet")


def not_implemented_message(name, error):
    """What to say when calling ``name`` hit an unfinished function: ``name`` itself or one it calls."""
    text = str(getattr(error, "ag_message", None) or error).strip()
    found = _STUB_MESSAGE.match(text)
    inner = found.group(1) if found else name
    if inner != name:
        return f"`{inner}` (called by `{name}`) is not implemented yet: write its body (see its docstring)"
    return f"`{name}` is not implemented yet: write its body (see its docstring)"


class GradeFailure(AssertionError):
    """A failed check; its message is written for the student."""


# ---------------------------------------------------------------------------
# Showing values in messages
# ---------------------------------------------------------------------------


def _fmt_array(a, limit=12, shape=True):
    a = np.asarray(a)
    if a.size <= limit and a.dtype.kind in "biuf":
        text = np.array2string(a, precision=6, separator=", ", suppress_small=False)
        text = " ".join(text.split())
        return f"{text} (shape {a.shape})" if shape else text
    kind = {"f": "float", "i": "int", "u": "int", "b": "bool"}.get(a.dtype.kind, str(a.dtype))
    return f"<{kind} array of shape {a.shape}>"


def show(value, limit=12, depth=0):
    """A short, readable description of a value for a failure message."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, np.ndarray):
        return _fmt_array(value, limit, shape=depth == 0)
    if isinstance(value, dict):
        if depth >= 1:
            if value and len(value) <= 12 and all(isinstance(v, np.ndarray) for v in value.values()):
                return "{" + ", ".join(f"{k}: {v.shape} array" for k, v in value.items()) + "}"
            return f"<dict with keys {', '.join(map(str, list(value)[:8]))}>"
        inner = ", ".join(f"{k!r}: {show(v, 4, depth + 1)}" for k, v in list(value.items())[:8])
        more = ", ..." if len(value) > 8 else ""
        return "{" + inner + more + "}"
    if isinstance(value, (list, tuple)):
        kind = type(value).__name__
        if depth >= 1 and any(isinstance(v, (np.ndarray, list, tuple, dict)) for v in value):
            return f"<{kind} of {len(value)}>"
        if len(value) > 8:
            return f"<{kind} of length {len(value)}>"
        inner = ", ".join(show(v, 4, depth + 1) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner}{',' if len(value) == 1 else ''})"
    if isinstance(value, float):
        return repr(value)
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def describe_call(name, args=(), kwargs=None):
    """``name(arg, ..., key=value)`` with arrays shown by shape (and values when tiny)."""
    parts = [show(a, 4, 1) for a in args]
    parts += [f"{k}={show(v, 4, 1)}" for k, v in (kwargs or {}).items()]
    return f"{name}({', '.join(parts)})"


def snapshot(value):
    """A deep copy of arrays / dicts / lists / tuples, to check later that an input was not modified."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        return {k: snapshot(v) for k, v in value.items()}
    if isinstance(value, list):
        return [snapshot(v) for v in value]
    if isinstance(value, tuple):
        return tuple(snapshot(v) for v in value)
    return value


def same_value(a, b):
    """True when two snapshots hold exactly the same data (arrays compared bit for bit, NaN equal)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def _how_far(error):
    """A hidden case's word for a relative error: close or not (a number computed from what the student's code
    returned could carry the hidden inputs)."""
    return "relative error below 1e-3" if error < 1e-3 else "relative error above 1e-3"


def rel_error(a, b):
    """Relative error ``||a - b|| / (||a|| + ||b||)`` (0 when both are zero)."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    if denominator == 0:
        return 0.0
    return float(np.linalg.norm(a - b) / denominator)
