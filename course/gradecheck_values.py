"""Values for the tests' messages: display, snapshots, relative error, seeded test data, and the hints of known gradient mistakes. (Imported through ``gradecheck``.)"""

import re

import numpy as np



GRADIENT_TOLERANCE = 1e-7
#: The values of train's ``init`` and ``hidden_activation`` (the starter's docstrings list them too).
INIT_METHODS = ("random", "zeros", "xavier", "he")
ACTIVATIONS = ("tanh", "sigmoid", "relu")

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


def case_rng(seed, salt):
    """A ``np.random.RandomState`` for one test case: from the test's seed and the case's own salt.

    Never touches NumPy's global random state. ``seed`` None (a notebook) gives a fixed public seed.
    """
    import zlib

    base = 0 if seed is None else int(seed) % (2 ** 32)
    return np.random.RandomState([base, zlib.crc32(str(salt).encode()) % (2 ** 32)])


def random_parameters(rng, layer_dims, scale=1.0, bias=0.1):
    """Random W[l] (standard normal * scale / sqrt(n[l-1])) and b[l] (standard normal * bias), float64."""
    parameters = {}
    for l in range(1, len(layer_dims)):
        n_prev, n = layer_dims[l - 1], layer_dims[l]
        parameters[f"W{l}"] = rng.randn(n, n_prev) * scale / np.sqrt(n_prev)
        parameters[f"b{l}"] = rng.randn(n, 1) * bias
    return parameters


def random_data(rng, n0, m):
    """X of shape (n0, m), standard normal; Y of shape (1, m), int64 labels 0/1 (both classes when m >= 2)."""
    X = rng.randn(n0, m)
    Y = (rng.rand(1, m) > 0.5).astype(np.int64)
    if m >= 2 and Y.min() == Y.max():
        Y[0, 0] = 1 - Y[0, 0]
    return X, Y


# ---------------------------------------------------------------------------
# Gradient mistakes -> hints
# ---------------------------------------------------------------------------


def gradient_hint(name, got, expected, m=None, candidates=None, reveal=True):
    """A hint naming a known mistake that explains ``got`` instead of ``expected``, or None.

    ``name`` is the gradient's name (``"dW2"``, ``"db1"``, ``"dA_prev"``, ``"dZ"`` ...),
    ``m`` the number of examples, ``candidates`` an optional ``{hint: wrong_value}`` of
    other known wrong answers (for instance the result of the sigmoid derivative used
    in a tanh layer). ``reveal=False`` (hidden tests) keeps shapes and m out of the hint.
    """
    try:
        got = np.asarray(got, dtype=np.float64)
        expected = np.asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return None

    def shape(a):
        return f" {a.shape}" if reveal else ""

    m_text = f"m = {m}" if reveal else "m"
    base = name.lstrip("d").rstrip("0123456789") if name.startswith("d") else name
    if base == "b" and expected.ndim == 2 and expected.shape[1] == 1:
        if got.ndim == 2 and got.shape[0] == 1 and m is not None and got.shape[1] == m and m != 1:
            return (f"{name} has shape (1, m): sum over axis=1 with keepdims=True "
                    f"(np.sum(dZ, axis=1, keepdims=True) / m), not over axis=0")
        if got.ndim == 2 and got.shape[0] == expected.shape[0] and got.shape[1] == m and m != 1:
            return (f"{name} has one column per example: sum dZ over the examples, "
                    f"np.sum(dZ, axis=1, keepdims=True) / m, to get one entry per unit, shape (n[l], 1)")
        if got.ndim == 1 and got.shape[0] == expected.shape[0]:
            return f"{name} lost its second axis: use np.sum(dZ, axis=1, keepdims=True) so it keeps shape (n[l], 1)"
        if got.size == 1 and expected.size > 1:
            return f"{name} was summed over everything: sum over axis=1 with keepdims=True (one entry per unit)"
    if got.shape != expected.shape:
        if got.ndim == 2 and got.shape == expected.shape[::-1] and not name.startswith("d"):
            shapes = f": expected shape {expected.shape}, got {got.shape}" if reveal else ""
            return f"{name} is transposed{shapes} (examples are columns: one column per example)"
        if got.ndim == 2 and got.shape == expected.shape[::-1]:
            if np.allclose(got, expected.T, rtol=1e-6, atol=1e-12):
                return (f"{name} is transposed: it must have the shape of its parameter{shape(expected)} "
                        f"(dW = dZ A_prev^T / m)")
            return (f"{name} has the transposed shape{shape(got)}; it must have the shape of its "
                    f"parameter{shape(expected)} (dW = dZ A_prev^T / m)")
        return None
    for hint, wrong in (candidates or {}).items():
        wrong = np.asarray(wrong, dtype=np.float64)
        if wrong.shape == got.shape and np.allclose(got, wrong, rtol=1e-6, atol=1e-12):
            return hint
    if not name.startswith("d") or np.allclose(expected, 0, atol=1e-14):
        return None  # the generic diagnoses below are about gradients

    def close(value):
        return np.allclose(got, value, rtol=1e-6, atol=1e-12)

    if m is not None and m > 1:
        if close(expected * m):
            return f"{name} is {m_text} times too large: divide by m (the cost is an average over the m examples)"
        if close(expected / m):
            return f"{name} is {m_text} times too small: divide by m only once"
    if close(-expected):
        return f"{name} has the wrong sign: check the sign of dA[L] = -(Y/AL - (1-Y)/(1-AL))"
    if got.ndim == 2 and got.shape[0] == got.shape[1] and close(expected.T):
        return f"{name} is transposed (dW = dZ A_prev^T / m)"
    return None
