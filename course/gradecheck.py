"""Helpers the homework's tests use (public: you may read and use them too).

The tests in ``tests/`` call your functions through :class:`Check`, which turns every
problem into a message you can act on: the call, the shapes, what was expected and
what your code returned, and a hint when the mistake is a known one.

* :class:`Check` -- call a function and compare its results (arrays, floats, dicts of arrays).
* :func:`rel_error`, :func:`numerical_gradients`, :func:`check_gradients` -- the
  float64 centered-difference gradient check of *your own* ``model_forward`` and
  ``compute_cost`` against your ``model_backward``.
* :func:`gradient_hint` -- turns a wrong gradient into a hint ("divide by m", ...).
* :func:`describe_axes`, :func:`as_axes_description`, :func:`filled_region_values`,
  :func:`drawn_points` -- what a matplotlib Axes shows, as plain data (the tests look
  at what was drawn, never at pixels).
* :func:`global_reads` -- which functions read module-level variables.

Only numpy and matplotlib are needed.
"""

import ast
import builtins
import inspect
import os
import re
import symtable
import sys
import textwrap
import types

import numpy as np

__all__ = [
    "GradeFailure",
    "Check",
    "snapshot",
    "same_value",
    "rel_error",
    "numerical_gradients",
    "check_gradients",
    "forward_by_layers",
    "gradient_hint",
    "describe_axes",
    "as_axes_description",
    "filled_region_values",
    "drawn_points",
    "check_filled_regions",
    "check_points_drawn",
    "global_reads",
    "unimplemented",
    "not_implemented_message",
    "global_random_calls",
    "case_rng",
    "random_parameters",
    "random_data",
    "GRADIENT_TOLERANCE",
    "INIT_METHODS",
    "ACTIVATIONS",
    "check_settings",
    "check_costs",
]

#: Largest accepted relative error between an analytic and a numerical gradient.
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


# ---------------------------------------------------------------------------
# Check: call a function and compare what it returns
# ---------------------------------------------------------------------------


class Check:
    """Runs one test case's checks and writes its failure messages.

    ``Check()`` is for a public case: messages show the call, the shapes, what was
    expected and what came back. ``Check(hidden=True)`` is for a hidden case: messages
    say what was checked and give a hint, never the inputs or the expected values.
    """

    def __init__(self, hidden=False):
        self.hidden = hidden
        self._last = None

    @property
    def last_call(self):
        """The last call made through :meth:`call`, as text (``name(args...)``)."""
        return describe_call(*self._last) if self._last else None

    # -- failing ---------------------------------------------------------
    def fail(self, message, hint=None):
        text = message
        if self.hidden:
            text += " " + HIDDEN_NOTE
        if hint:
            text += "\nHint: " + hint
        raise GradeFailure(text)

    def _where(self, call):
        call = call or self.last_call
        if self.hidden or not call:
            return ""
        return f" of {call}"

    # -- calling ---------------------------------------------------------
    def call(self, func, name, /, *args, **kwargs):
        """``func(*args, **kwargs)``, turning a missing or unfinished function into a clear failure."""
        self._last = (name, args, kwargs)
        if func is None:
            raise GradeFailure(f"`{name}` is not defined: define it (run its cell, or keep it in deepnn.py) with exactly this name")
        if not callable(func):
            raise GradeFailure(f"`{name}` is not a function (got {type(func).__name__})")
        try:
            return func(*args, **kwargs)
        except NotImplementedError as error:
            raise GradeFailure(not_implemented_message(name, error)) from None
        except GradeFailure:
            raise
        except Exception as error:  # the student's code raised: say so plainly
            if self.hidden:  # only a builtin class name and a line number: the rest could carry the inputs
                kind = type(error).__name__ if type(error).__module__ == "builtins" else "an exception of its own class"
                failure = GradeFailure(
                    f"`{name}` raised {kind} on the hidden test's inputs{_where_raised(error, code=False)} {HIDDEN_NOTE}.\n"
                    f"Hint: make sure it works for any depth L >= 1 and any number of examples m >= 1 "
                    f"(including m = 1), with the shapes its docstring gives"
                )
                failure.ag_student_error = error  # the secure grader words it from what it can vouch for
                raise failure from None
            message = str(error).strip().splitlines()[0] if str(error).strip() else ""
            kind = getattr(error, "ag_type", None) or type(error).__name__
            raise GradeFailure(f"{self.last_call} raised {kind}: {message[:300]}{_where_raised(error)}") from None

    def raises(self, func, name, error_type, /, *args, **kwargs):
        """Check that the call raises ``error_type`` (for bad inputs)."""
        self._last = (name, args, kwargs)
        shown = self.last_call
        if func is None:
            raise GradeFailure(f"`{name}` is not defined")
        try:
            func(*args, **kwargs)
        except NotImplementedError as error:
            raise GradeFailure(not_implemented_message(name, error)) from None
        except error_type:
            return
        except Exception as error:
            self.fail(f"{shown if not self.hidden else name} raised {type(error).__name__}; expected {error_type.__name__}")
        self.fail(f"{shown if not self.hidden else name} returned normally; expected it to raise {error_type.__name__}",
                  f"check the argument and raise {error_type.__name__} with a message saying what is wrong "
                  "(see the Raises section of its docstring)")

    # -- comparing -------------------------------------------------------
    def array(self, got, expected, what, *, rtol=1e-7, atol=1e-10, kind="f", hints=None, m=None, call=None, hint=None):
        """Compare an array result: type, shape, dtype kind, values.

        ``kind``: "f" float64, "i" integer (bool is refused), None to skip the dtype check.
        ``hints``: {hint: known wrong value}; ``m``: the number of examples (for gradient hints);
        ``hint``: the hint when no known mistake matches.
        """
        where = self._where(call)
        fallback = hint
        expected = np.asarray(expected)
        if not isinstance(got, np.ndarray):
            self.fail(f"{what}{where} must be a numpy array of shape {expected.shape if not self.hidden else '(as documented)'}, "
                      f"got {type(got).__name__}" + ("" if self.hidden else f": {show(got)}"))
        hint = gradient_hint(what.split()[0], got, expected, m=m, candidates=hints, reveal=not self.hidden) or fallback
        if got.shape != expected.shape:
            if self.hidden:
                self.fail(f"{what} has the wrong shape", hint or "check the shapes in the docstring (examples are columns)")
            self.fail(f"{what}{where} has the wrong shape: expected {expected.shape}, got {got.shape}",
                      hint or "check the shapes in the docstring (examples are columns)")
        if kind == "f" and got.dtype.kind != "f":
            self.fail(f"{what}{where} must hold floats (float64), got dtype {got.dtype}",
                      "use float arithmetic (np.zeros, np.random..., / m) rather than integer arrays")
        if kind == "f" and got.dtype != np.float64:
            self.fail(f"{what}{where} must be float64, got dtype {got.dtype}", "keep numpy's default float64 precision")
        if kind == "i" and got.dtype.kind not in "iu":
            self.fail(f"{what}{where} must hold integers (0/1), got dtype {got.dtype}", "convert with .astype(int)")
        if got.dtype.kind == "f" and not np.all(np.isfinite(got)) and np.all(np.isfinite(expected)):
            self.fail(f"{what}{where} contains NaN or inf", hint or "look for an overflow (np.exp of a large number) or a division by zero")
        if not np.allclose(got, expected, rtol=rtol, atol=atol):
            if self.hidden:
                self.fail(f"{what} does not match the reference ({_how_far(rel_error(got, expected))})",
                          hint or "re-read the formula in the docstring; the public tests show a worked case")
            self.fail(f"{what}{where} is wrong:\n  expected {show(expected)}\n  got      {show(got)}", hint)
        return got

    def number(self, got, expected, what, *, rtol=1e-7, atol=1e-10, call=None, python_float=True, hint=None):
        """Compare a float result (a Python float when ``python_float``)."""
        where = self._where(call)
        if python_float and (isinstance(got, np.ndarray) or not isinstance(got, (float, int)) or isinstance(got, bool)):
            self.fail(f"{what}{where} must be a Python float, got {type(got).__name__}" + ("" if self.hidden else f": {show(got)}"),
                      "convert with float(...): an array, even with a single entry, is not a float")
        got = float(got)
        if not np.isfinite(got) and np.isfinite(expected):
            self.fail(f"{what}{where} is {got}", hint or "clip AL away from 0 and 1 before taking the log")
        if not np.isclose(got, expected, rtol=rtol, atol=atol):
            if self.hidden:
                self.fail(f"{what} does not match the reference", hint)
            self.fail(f"{what}{where} is wrong: expected {expected!r}, got {got!r}", hint)
        return got

    def params(self, got, expected, what="parameters", *, rtol=1e-7, atol=1e-10, prefix="", m=None, hints=None, call=None,
               hint=None):
        """Compare a dict of arrays (parameters or grads): keys, then each array (with gradient hints)."""
        where = self._where(call)
        if not isinstance(got, dict):
            self.fail(f"{what}{where} must be a dict, got {type(got).__name__}")
        missing = [k for k in expected if k not in got]
        extra = [k for k in got if k not in expected]
        if prefix == "d":  # grads may also keep the dA[l] of the backward pass (a common, harmless habit)
            extra = [k for k in extra if not (isinstance(k, str) and k.startswith("dA") and k[2:].isdigit())]
        if missing:
            self.fail(f"{what}{where} has no key{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))}"
                      + ("" if self.hidden else f" (it has {sorted(map(str, got))})"),
                      f"the keys are {prefix}W1..{prefix}WL and {prefix}b1..{prefix}bL, one of each per layer")
        if extra:
            self.fail(f"{what}{where} has unexpected key{'s' if len(extra) > 1 else ''}"
                      + ("" if self.hidden else f" {', '.join(map(repr, extra))}"),
                      f"return only {prefix}W1..{prefix}WL and {prefix}b1..{prefix}bL")
        for key in _layer_order(expected):
            extra_hints = (hints or {}).get(key)
            self.array(got[key], expected[key], f"{key} in {what}" if not key.startswith("d") else key,
                       rtol=rtol, atol=atol, m=m, hints=extra_hints, call=call, hint=hint)
        return got

    def shapes(self, got, shapes, what="parameters", call=None):
        """Check a dict of arrays has exactly these keys and shapes (float64)."""
        where = self._where(call)
        if not isinstance(got, dict):
            self.fail(f"{what}{where} must be a dict, got {type(got).__name__}")
        if set(got) != set(shapes):
            if self.hidden:
                self.fail(f"{what} does not have the right keys", "W1..WL and b1..bL, one of each per layer")
            self.fail(f"{what}{where} must have the keys {sorted(shapes)}, got {sorted(map(str, got))}")
        for key in _layer_order(shapes):
            value = got[key]
            if not isinstance(value, np.ndarray):
                self.fail(f"{what}[{key!r}]{where} must be a numpy array, got {type(value).__name__}")
            if value.shape != tuple(shapes[key]):
                if self.hidden:
                    self.fail(f"{what}[{key!r}] has the wrong shape", "W[l] is (n[l], n[l-1]) and b[l] is (n[l], 1)")
                self.fail(f"{what}[{key!r}]{where} has shape {value.shape}, expected {tuple(shapes[key])}",
                          "W[l] is (n[l], n[l-1]) and b[l] is (n[l], 1)")
            if value.dtype != np.float64:
                self.fail(f"{what}[{key!r}]{where} must be float64, got {value.dtype}")
        return got

    def returns(self, result, names):
        """Unpack what the last call returned: ``names`` like ("A", "cache") (a tuple or a list of that length)."""
        func = self._last[0] if self._last else "the function"
        if not isinstance(result, (tuple, list)) or len(result) != len(names):
            got = ("a different number of values" if self.hidden else f"{len(result)} values") \
                if isinstance(result, (tuple, list)) else f"a {type(result).__name__}"
            self.fail(f"`{func}` must return {len(names)} values ({', '.join(names)}), got {got}",
                      f"end it with `return {', '.join(names)}`")
        return tuple(result)

    def unchanged(self, before, after, what, name):
        """Fail when ``name`` modified its input ``what`` (compare a :func:`snapshot` to the object now)."""
        if not same_value(before, after):
            self.fail(f"`{name}` changed its input `{what}` in place",
                      "do not modify the arrays you are given: build new ones (W = W - learning_rate * dW, not W -= ...; "
                      "copy a dict with {k: v.copy() ...} before changing it)")

    def true(self, condition, message, hint=None):
        if not condition:
            self.fail(message, hint)


def check_settings(check, settings, what, keys):
    """Check a settings dict an exercise returns (``fast_settings()``, ...): a dict with exactly ``keys``, each
    value of a kind ``train`` accepts for that keyword. Returns it."""
    check.true(isinstance(settings, dict), f"{what} must return a dict, got {type(settings).__name__}")
    check.true(set(settings) == set(keys), f"{what} must have exactly the keys {sorted(keys)}, got {sorted(map(str, settings))}",
               "they are passed to train as keyword arguments")
    for key, choices in (("init", INIT_METHODS), ("hidden_activation", ACTIVATIONS)):
        if key in keys:
            check.true(settings[key] in choices, f"{what}[{key!r}] must be one of {', '.join(map(repr, choices))}, "
                       f"got {settings[key]!r}")
    for key in ("init_scale", "learning_rate"):
        if key in keys:
            value = settings[key]
            check.true(isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool) and value > 0,
                       f"{what}[{key!r}] must be a positive number, got {value!r}")
    return settings


def check_costs(check, costs, expected, what="costs", *, candidates=None, start_hint=None, advice=""):
    """Compare the costs ``train`` recorded with ``expected``: a list of floats, as many, the same values.

    ``candidates``: {hint: costs a known mistake gives}; ``start_hint``: the hint when the first
    cost already differs; ``advice``: appended to the hints about the recording (e.g. which
    question to fix first).
    """
    if not isinstance(costs, (list, tuple, np.ndarray)):
        check.fail(f"{what} must be a list of floats, got {type(costs).__name__}")
    got = np.asarray(costs, dtype=float).ravel() if len(costs) else np.zeros(0)
    expected = np.asarray(expected, dtype=float)
    if len(got) != len(expected):
        hint = ("record the cost before the update at iterations 0, record_every, 2*record_every, ... "
                "(i % record_every == 0); when the cost drops below target_cost, stop before updating and "
                "append that cost even off the grid" + advice)
        if check.hidden:
            check.fail(f"{what} has too {'many' if len(got) > len(expected) else 'few'} entries", hint)
        check.fail(f"{what}{check._where(None)} has {len(got)} entries, expected {len(expected)}:\n"
                   f"  expected {show(list(expected))}\n  got      {show(list(got))}", hint)
    hint = None
    if len(got) and not np.isclose(got[0], expected[0], rtol=1e-6) and start_hint:
        hint = start_hint
    elif len(got) > 1 and np.isclose(got[0], expected[0], rtol=1e-6):
        hint = ("the first cost is right but later ones are not: each iteration does forward, cost, backward, "
                "update (with this learning_rate), and records the cost computed before the update" + advice)
    check.array(got, expected, what, rtol=1e-6, atol=1e-9, hint=hint, kind=None, hints=candidates)


def _where_raised(error, code=True):
    """`` (line N, in f: `code`)`` for the innermost frame of the code that raised, when known (``code=False``:
    `` (line N)`` only)."""
    where = getattr(error, "ag_where", None)  # an error sent back by the secure grader's worker
    if where:
        lineno, function, text = (list(where[-1]) + ["", "", ""])[:3]
    else:
        import traceback

        frames = [f for f in traceback.extract_tb(error.__traceback__) if not f.filename.endswith("gradecheck.py")]
        # the innermost line of the student's code, not of numpy or the standard library it called
        installed = tuple(os.path.realpath(p) + os.sep for p in {sys.prefix, sys.base_prefix, sys.exec_prefix})
        own = [f for f in frames if not os.path.realpath(f.filename).startswith(installed) and not f.filename.startswith("<frozen")]
        frames = own or frames
        if not frames:
            return ""
        lineno, function, text = frames[-1].lineno, frames[-1].name, frames[-1].line
    if not code:
        return f" (line {int(lineno)})" if isinstance(lineno, int) else ""
    return f" (line {lineno}, in {function}" + (f": `{text.strip()}`" if text else "") + ")"


def _layer_order(keys):
    def key(name):
        digits = "".join(ch for ch in name if ch.isdigit())
        return (int(digits) if digits else 0, name)
    return sorted(keys, key=key)


# ---------------------------------------------------------------------------
# Numerical gradient check
# ---------------------------------------------------------------------------


def numerical_gradients(cost_of, parameters, eps=1e-5):
    """Centered differences (float64) of ``cost_of(parameters)`` for every entry of every parameter.

    Returns {"dW1": ..., "db1": ...}: the same keys with a "d" in front, same shapes.
    """
    base = {k: np.array(v, dtype=np.float64) for k, v in parameters.items()}
    grads = {}
    for key in _layer_order(base):
        grad = np.zeros_like(base[key])
        for index in np.ndindex(*base[key].shape):
            values = []
            for step in (eps, -eps):
                trial = {k: v.copy() for k, v in base.items()}
                trial[key][index] += step
                values.append(float(cost_of(trial)))
            grad[index] = (values[0] - values[1]) / (2 * eps)
        grads["d" + key] = grad
    return grads


def check_gradients(check, model_forward, compute_cost, model_backward, X, Y, parameters, hidden_activation="tanh",
                    tolerance=GRADIENT_TOLERANCE, eps=1e-5):
    """Your ``model_backward`` against a numerical gradient of your own ``model_forward`` + ``compute_cost``.

    The relative error is taken over all gradients together (every dW and db as one
    vector), as in the lecture's gradient check. Raises a :class:`GradeFailure` (through
    ``check``) when it is above ``tolerance``, naming the gradient that differs most and
    a hint when the mistake is a known one. Returns {gradient name: relative error}.
    """
    m = np.asarray(X).shape[1]

    def cost_of(p):
        AL, _ = check.returns(check.call(model_forward, "model_forward", X, p, hidden_activation), ("AL", "caches"))
        return check.call(compute_cost, "compute_cost", AL, Y)

    result = check.call(model_forward, "model_forward", X, {k: v.copy() for k, v in parameters.items()}, hidden_activation)
    AL, caches = check.returns(result, ("AL", "caches"))
    L = len(parameters) // 2
    if not isinstance(caches, (list, tuple)) or len(caches) != L:
        count = "" if check.hidden else f" (it returned {len(caches) if hasattr(caches, '__len__') else type(caches).__name__}" \
            f" for L = {L} layers)"
        check.fail(f"your model_forward did not return one cache per layer{count}, so model_backward cannot be "
                   "checked on its caches", "fix model_forward first (q2_forward): this check runs your own "
                   "model_forward, compute_cost and model_backward together")
    grads = check.call(model_backward, "model_backward", AL, Y, caches, hidden_activation)
    if not isinstance(grads, dict):
        check.fail(f"model_backward must return a dict of gradients, got {type(grads).__name__}")
    numeric = numerical_gradients(cost_of, parameters, eps=eps)
    errors = {}
    for key in _layer_order(numeric):
        if key not in grads:
            check.fail(f"model_backward's grads have no {key!r}", "grads holds dW1..dWL and db1..dbL")
        got, expected = grads[key], numeric[key]
        if not isinstance(got, np.ndarray) or got.shape != expected.shape:
            hint = gradient_hint(key, got, expected, m=m, reveal=not check.hidden)
            if check.hidden:
                check.fail(f"{key} from model_backward has the wrong shape (it must have the shape of {key[1:]})", hint)
            check.fail(f"{key} from model_backward has shape {getattr(got, 'shape', type(got).__name__)}, "
                       f"expected {expected.shape} (the shape of {key[1:]})", hint)
        errors[key] = rel_error(got, expected)
    keys = _layer_order(numeric)
    analytic = np.concatenate([np.asarray(grads[k], dtype=np.float64).ravel() for k in keys])
    approx = np.concatenate([numeric[k].ravel() for k in keys])
    overall = rel_error(analytic, approx)
    if not overall <= tolerance:
        worst = max(keys, key=lambda k: float(np.linalg.norm(np.asarray(grads[k], dtype=np.float64) - numeric[k])))
        got, expected = np.asarray(grads[worst], dtype=np.float64), numeric[worst]
        hint = None
        m_text = "m" if check.hidden else f"m = {m}"
        if m > 1 and np.allclose(got, expected * m, rtol=1e-5, atol=1e-10):
            hint = (f"{worst} is {m_text} times the numerical gradient of your cost: model_backward must divide "
                    f"by m (or, if it does, compute_cost is averaging twice)")
        elif m > 1 and np.allclose(got * m, expected, rtol=1e-5, atol=1e-10):
            hint = (f"{worst} is 1/m of the numerical gradient of your cost: either compute_cost does not divide "
                    f"the sum by m, or model_backward divides by m twice")
        else:
            hint = _fixed_divisor_hint(analytic, approx, m)
        hint = hint or gradient_hint(worst, got, expected, m=m, reveal=not check.hidden) or (
            "backward must differentiate exactly what forward and compute_cost compute: check dZ = dA * g'(Z) "
            "for each layer's own activation, the 1/m, and dA_prev = W^T dZ")
        where = "" if check.hidden else (f" (network with layer sizes {_dims_of(parameters)}, m = {m}, "
                                         f"hidden_activation={hidden_activation!r})")
        error_text = _how_far(overall) if check.hidden else f"relative error {overall:.2e}"  # hidden: no number of theirs
        worst_text = "" if check.hidden else f" (relative error {errors[worst]:.2e})"
        check.fail(f"gradient check failed{where}: {error_text} between your model_backward and "
                   f"centered differences of your model_forward + compute_cost (must be <= {tolerance:g}); "
                   f"{worst} differs most{worst_text}", hint)
    errors["overall"] = overall
    return errors


def _fixed_divisor_hint(analytic, numeric, m):
    """The hint when all gradients are off by one factor that dividing by a fixed number instead of this call's m
    explains: analytic = numeric * k / m (compute_cost divides by k) or numeric * m / k (model_backward does)."""
    scale = float(np.dot(analytic, numeric) / max(np.dot(numeric, numeric), 1e-300))
    if not (scale > 0 and np.allclose(analytic, numeric * scale, rtol=1e-5, atol=1e-10)):
        return None
    fixed = lambda k: 2 <= k <= 1e6 and k != m and np.isclose(k, round(k), rtol=1e-6, atol=0)  # noqa: E731
    if fixed(scale * m):
        return ("every gradient is off by one factor: compute_cost divides the sum by a fixed number, not by its own "
                "m = Y.shape[1] (a module-level m is right for one data set only)")
    if fixed(m / scale):
        return ("every gradient is off by one factor: model_backward divides by a fixed number, not by the m of its "
                "own input (m = A_prev.shape[1] in layer_backward; a module-level m is right for one data set only)")
    return None


def forward_by_layers(check, layer_forward, X, parameters, activations, expected_AL=None):
    """(AL, caches) made with the student's ``layer_forward`` called once per activation of ``activations``,
    so that a test of ``model_backward`` does not depend on their ``model_forward``.

    ``X`` (n[0], m); ``parameters`` {"W1".."WL", "b1".."bL"}; ``activations``: the test's own list, one
    per layer (e.g. ``["tanh", "sigmoid"]``); ``expected_AL`` (n[L], m), when given, is the right output:
    a wrong one fails naming ``layer_forward`` (q2_forward), not the function under test.
    """
    A, caches = np.array(X, dtype=float), []
    for number, activation in enumerate(activations, start=1):
        result = check.call(layer_forward, "layer_forward", A, np.array(parameters[f"W{number}"]),
                            np.array(parameters[f"b{number}"]), activation)
        A, cache = check.returns(result, ("A", "cache"))
        caches.append(cache)
    if expected_AL is not None and not (isinstance(A, np.ndarray) and A.shape == np.shape(expected_AL)
                                        and np.allclose(A, expected_AL, rtol=1e-6, atol=1e-9)):
        check.fail("the caches model_backward is tested on come from your layer_forward (called layer by layer), and "
                   "its output A is wrong", "fix layer_forward first (q2_forward); then this test checks model_backward")
    return A, caches


def _dims_of(parameters):
    L = sum(1 for k in parameters if k.startswith("W"))
    try:
        return [parameters["W1"].shape[1]] + [parameters[f"W{l}"].shape[0] for l in range(1, L + 1)]
    except (KeyError, AttributeError, IndexError):
        return "?"


# ---------------------------------------------------------------------------
# Plots as plain data
# ---------------------------------------------------------------------------


def _rgba(colour):
    from matplotlib.colors import to_rgba_array

    return np.asarray(to_rgba_array(colour), dtype=np.float64)


def _path(path):
    codes = None if path.codes is None else np.asarray(path.codes, dtype=np.int64)
    return {"vertices": np.asarray(path.vertices, dtype=np.float64), "codes": codes}


def describe_axes(ax):
    """A matplotlib Axes as plain data (str, numbers, lists, dicts, None and numpy arrays only).

    Keys: "title", "xlabel", "ylabel", "xlim", "ylim", "legend" (list of texts) and
    "artists", a list of dicts with a "type":

    * "scatter": "offsets" (k, 2), "facecolors" (k, 4) one RGBA per point, "edgecolors",
      "paths" (the marker shapes: vertices + codes), "sizes";
    * "line": "xdata", "ydata", "marker", "linestyle", "color" (RGBA);
    * "contour": "filled", "levels", "paths" (one compound path per level interval: vertices + codes);
    * "quadmesh": "coordinates" (rows+1, cols+1, 2), "array" (rows, cols);
    * "image": "array", "extent" [left, right, bottom, top], "origin";
    * anything else: "other" with its class name.
    """
    from matplotlib.collections import PathCollection, QuadMesh
    from matplotlib.contour import ContourSet
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D

    artists = []
    for artist in list(ax.collections) + list(ax.lines) + list(ax.images):
        if isinstance(artist, ContourSet):
            artists.append({
                "type": "contour",
                "filled": bool(artist.filled),
                "levels": np.asarray(artist.levels, dtype=np.float64),
                "paths": [_path(p) for p in artist.get_paths()],
            })
        elif isinstance(artist, QuadMesh):
            coordinates = np.asarray(artist.get_coordinates(), dtype=np.float64)
            array = np.ma.filled(np.ma.asarray(artist.get_array(), dtype=np.float64), np.nan)
            rows, cols = coordinates.shape[0] - 1, coordinates.shape[1] - 1
            if array.size == rows * cols:
                array = array.reshape(rows, cols)
            artists.append({"type": "quadmesh", "coordinates": coordinates, "array": array})
        elif isinstance(artist, PathCollection):
            artist.update_scalarmappable()
            offsets = np.asarray(np.ma.filled(artist.get_offsets(), np.nan), dtype=np.float64).reshape(-1, 2)
            n = len(offsets)
            faces = _rgba(artist.get_facecolors()) if len(artist.get_facecolors()) else np.zeros((0, 4))
            edges = _rgba(artist.get_edgecolors()) if len(artist.get_edgecolors()) else np.zeros((0, 4))
            if len(faces) == 1 and n > 1:
                faces = np.repeat(faces, n, axis=0)
            if len(edges) == 1 and n > 1:
                edges = np.repeat(edges, n, axis=0)
            artists.append({
                "type": "scatter",
                "offsets": offsets,
                "facecolors": faces,
                "edgecolors": edges,
                "paths": [_path(p) for p in artist.get_paths()],
                "sizes": np.asarray(artist.get_sizes(), dtype=np.float64),
                "label": str(artist.get_label()),
            })
        elif isinstance(artist, Line2D):
            artists.append({
                "type": "line",
                "xdata": np.asarray(artist.get_xdata(), dtype=np.float64),
                "ydata": np.asarray(artist.get_ydata(), dtype=np.float64),
                "marker": str(artist.get_marker()),
                "linestyle": str(artist.get_linestyle()),
                "color": _rgba(artist.get_color())[0],
                "markerfacecolor": _rgba(artist.get_markerfacecolor())[0],
                "label": str(artist.get_label()),
            })
        elif isinstance(artist, AxesImage):
            array = np.ma.filled(np.ma.asarray(artist.get_array(), dtype=np.float64), np.nan)
            artists.append({
                "type": "image",
                "array": array,
                "extent": [float(v) for v in artist.get_extent()],
                "origin": str(artist.origin),
            })
        else:
            artists.append({"type": "other", "class": type(artist).__name__})
    legend = ax.get_legend()
    return {
        "title": ax.get_title(),
        "xlabel": ax.get_xlabel(),
        "ylabel": ax.get_ylabel(),
        "xlim": [float(v) for v in ax.get_xlim()],
        "ylim": [float(v) for v in ax.get_ylim()],
        "legend": [t.get_text() for t in legend.get_texts()] if legend is not None else [],
        "artists": artists,
    }


def as_axes_description(x, close=True):
    """What a plot function drew, from the matplotlib Axes it returned (described here, its figure closed when
    ``close``) or from the description the secure grader made of a real Axes in its sandbox. Anything else fails,
    a dict shaped like a description included: only an Axes shows what was drawn."""
    if isinstance(x, dict) and getattr(type(x), "made_from_axes", False) is True:  # autograder/sandbox/wire.py
        return x
    axes_module = sys.modules.get("matplotlib.axes")
    if axes_module is not None and isinstance(x, axes_module.Axes):
        description = describe_axes(x)
        if close:
            try:
                import matplotlib.pyplot as plt

                plt.close(x.figure)
            except Exception:  # closing is a courtesy, never a failure
                pass
        return description
    raise GradeFailure(f"expected a matplotlib Axes (return the `ax` you drew on), got {type(x).__name__}")


def _finite(value, shape_ok=lambda shape: True):
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return array if shape_ok(array.shape) and np.all(np.isfinite(array)) else None


def _monotone(values):
    steps = np.diff(values)
    return len(values) >= 2 and (np.all(steps > 0) or np.all(steps < 0))


def filled_artist_problem(artist):
    """What makes a filled artist unreadable (non-finite or mismatched coordinates, extent or values), else None."""
    kind = artist.get("type")
    if kind == "contour":
        levels = np.asarray(artist.get("levels", []), dtype=np.float64)
        if levels.ndim != 1 or np.any(np.isnan(levels)):
            return "contour levels that are not numbers"
        for path in artist.get("paths", []):
            vertices = _finite(path.get("vertices"), lambda shape: len(shape) == 2 and shape[1] == 2)
            codes = path.get("codes")
            if vertices is None or (codes is not None and np.shape(codes) != (len(vertices),)):
                return "region outlines with NaN or infinite coordinates"
    elif kind == "quadmesh":
        coordinates = _finite(artist.get("coordinates"), lambda shape: len(shape) == 3 and shape[0] >= 2 and shape[1] >= 2
                              and shape[2] == 2)
        if coordinates is None:
            return "a mesh whose coordinates are NaN, infinite or not a grid"
        rows, cols = coordinates.shape[0] - 1, coordinates.shape[1] - 1
        if _finite(artist.get("array"), lambda shape: shape == (rows, cols)) is None:
            return f"a mesh whose values are NaN, infinite or not one per cell ({rows} x {cols})"
        xs, ys = coordinates[:, :, 0], coordinates[:, :, 1]
        if not (np.allclose(xs, xs[:1]) and np.allclose(ys, ys[:, :1]) and _monotone(xs[0]) and _monotone(ys[:, 0])):
            return "a mesh that is not a regular grid (x along the columns, y along the rows)"
    elif kind == "image":
        extent = _finite(artist.get("extent"), lambda shape: shape == (4,))
        if extent is None or extent[0] == extent[1] or extent[2] == extent[3]:
            return "an image whose extent is NaN, infinite or empty"
        if _finite(artist.get("array"), lambda shape: len(shape) in (2, 3) and min(shape[:2]) >= 1) is None:
            return "an image whose values are NaN or infinite"
    return None


def data_grid(X, steps=40):
    """A regular grid of points (steps*steps, 2) over the data's range (X's bounding box, 1 % inside it), and its
    shape (steps, steps). The test grid never comes from what the student drew."""
    X = np.asarray(X, dtype=np.float64)
    low, high = X.min(axis=1), X.max(axis=1)
    pad = (high - low) * 0.01
    xx, yy = np.meshgrid(np.linspace(low[0] + pad[0], high[0] - pad[0], steps), np.linspace(low[1] + pad[1], high[1] - pad[1], steps))
    return np.column_stack([xx.ravel(), yy.ravel()]), xx.shape


def _inside_compound(vertices, codes, points):
    """Even-odd containment of points in a compound path (holes are subpaths)."""
    from matplotlib.path import Path

    vertices = np.asarray(vertices, dtype=np.float64)
    inside = np.zeros(len(points), dtype=bool)
    if len(vertices) == 0:
        return inside
    if codes is None:
        starts = [0]
    else:
        codes = np.asarray(codes)
        starts = list(np.flatnonzero(codes == Path.MOVETO)) or [0]
    bounds = starts + [len(vertices)]
    for start, end in zip(bounds[:-1], bounds[1:]):
        ring = vertices[start:end]
        if codes is not None:
            ring = ring[np.asarray(codes[start:end]) != Path.CLOSEPOLY]
        if len(ring) >= 3:
            inside ^= Path(ring).contains_points(points)
    return inside


def filled_region_values(artist, points, bounds=False):
    """The value a filled artist shows at each point ((k, 2) array); NaN where it shows nothing.

    For a filled contour set: the midpoint of the level interval whose region holds the
    point (with ``bounds=True``: the pair (low, high) of arrays of the interval's ends);
    for a quadmesh: the value of the cell holding the point; for an image: the value of
    the pixel holding it (low = high = value).
    """
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    values = np.full(len(points), np.nan)
    lows, highs = np.full(len(points), np.nan), np.full(len(points), np.nan)
    kind = artist.get("type")
    if kind == "contour" and artist.get("filled"):
        levels = np.asarray(artist["levels"], dtype=np.float64)
        for i, path in enumerate(artist["paths"]):
            if i + 1 >= len(levels):
                break
            low, high = levels[i], levels[i + 1]
            low = high - 1.0 if not np.isfinite(low) else low
            high = low + 1.0 if not np.isfinite(high) else high
            inside = _inside_compound(path["vertices"], path.get("codes"), points) & np.isnan(values)
            values[inside] = 0.5 * (low + high)
            lows[inside], highs[inside] = low, high
        if bounds:
            return lows, highs
    elif kind == "quadmesh":
        coordinates = np.asarray(artist["coordinates"], dtype=np.float64)
        array = np.asarray(artist["array"], dtype=np.float64)
        xs, ys = coordinates[0, :, 0], coordinates[:, 0, 1]
        values = _cell_lookup(xs, ys, array, points)
    elif kind == "image":
        array = np.asarray(artist["array"], dtype=np.float64)
        if array.ndim != 2:  # an RGB(A) picture shows colours, not values
            return (values, values.copy()) if bounds else values
        left, right, bottom, top = artist["extent"]
        rows, cols = array.shape
        xs = np.linspace(left, right, cols + 1)
        if artist.get("origin") == "upper":
            ys = np.linspace(top, bottom, rows + 1)
        else:
            ys = np.linspace(bottom, top, rows + 1)
        values = _cell_lookup(xs, ys, array, points)
    if bounds:
        return values, values.copy()
    return values


def _cell_lookup(xs, ys, array, points):
    values = np.full(len(points), np.nan)
    if xs[0] > xs[-1]:
        xs, array = xs[::-1], array[:, ::-1]
    if ys[0] > ys[-1]:
        ys, array = ys[::-1], array[::-1, :]
    col = np.searchsorted(xs, points[:, 0], side="right") - 1
    row = np.searchsorted(ys, points[:, 1], side="right") - 1
    ok = (col >= 0) & (col < array.shape[1]) & (row >= 0) & (row < array.shape[0])
    values[ok] = array[row[ok], col[ok]]
    return values


def filled_artists(description):
    """The artists of a description that fill regions (filled contours, quadmeshes, images)."""
    return [a for a in description["artists"]
            if (a["type"] == "contour" and a.get("filled")) or a["type"] in ("quadmesh", "image")]


def check_filled_regions(check, description, predict_at, *, X, max_band=0.08, steps=40):
    """The filled regions must show the predicted class (``predict_at(points (2, k)) -> (1, k) of 0/1``).

    A test grid of ``steps`` x ``steps`` points over the data's range (``X`` (2, m)): each point's shown
    value (> 0.5 means class 1) must equal the prediction, except in a thin band next to the decision
    boundary (a point whose grid neighbour has the other prediction). Filled artists must be readable:
    finite coordinates, extents and values, one value per cell.
    """
    hint = ("fill the predicted class (0/1) over a grid: xx, yy, points = nndata.grid_over(X), one predict over the "
            "points, reshape to xx.shape, then ax.contourf(xx, yy, Z) (or pcolormesh / imshow)")
    if not filled_artists(description):
        check.fail("the decision-boundary plot has no filled regions",
                   "draw the predicted class over a grid with ax.contourf(xx, yy, predictions.reshape(xx.shape)) "
                   "(or pcolormesh / imshow)")
    for artist in filled_artists(description):
        problem = filled_artist_problem(artist)
        if problem:
            check.fail(f"the decision-boundary plot's filled regions cannot be read: {problem}", hint)
    points, shape = data_grid(X, steps)
    low, high = np.full(len(points), np.nan), np.full(len(points), np.nan)
    for artist in filled_artists(description):
        artist_low, artist_high = filled_region_values(artist, points, bounds=True)
        fill = np.isnan(low) & ~np.isnan(artist_low)
        low[fill], high[fill] = artist_low[fill], artist_high[fill]
    covered = ~np.isnan(low)
    if covered.mean() < 0.9:
        part = "part of the data's range is not filled" if check.hidden else f"they fill only {covered.mean():.0%} of the data's range"
        check.fail(f"the filled regions do not cover the data: {part}",
                   "build the grid over the data's range (nndata.grid_over(X) does it, with a margin)")
    # class 1 where the region's values are all >= 0.5, class 0 where all <= 0.5; a region
    # whose interval straddles 0.5 (contourf of probabilities with levels not split at 0.5)
    # shows no class: it counts as a wrong point
    shown = np.where(low >= 0.5, 1.0, np.where(high <= 0.5, 0.0, np.nan))
    expected = np.asarray(predict_at(points.T)).reshape(shape)
    shown = shown.reshape(shape)
    wrong = covered.reshape(shape) & (np.isnan(shown) | ((shown > 0.5) != (expected > 0.5)))
    if not wrong.any():
        return 0.0
    # a point next to the boundary may fall on either side of the interpolated contour: it is
    # forgiven when the model predicts the other class somewhere within 4 % of the plot's span
    # (a grid of 25 steps or more draws the boundary at least that precisely)
    e = expected > 0.5
    near = np.zeros_like(e)
    rows, cols = np.nonzero(wrong)
    if len(rows):
        span = points.max(axis=0) - points.min(axis=0)
        flat = points.reshape(shape + (2,))[rows, cols]
        offsets = np.array([(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1) if dx or dy], dtype=np.float64)
        probes = np.concatenate([flat[:, None, :] + scale * span * offsets[None, :, :] for scale in (0.01, 0.02, 0.04)], axis=1)
        around = np.asarray(predict_at(probes.reshape(-1, 2).T)).reshape(len(rows), -1) > 0.5
        near[rows, cols] = np.any(around != e[rows, cols][:, None], axis=1)
    far_wrong = wrong & ~near
    fraction = wrong.mean()
    if far_wrong.any() or fraction > max_band:
        some = "some" if check.hidden else None  # a count of the student's drawing could carry the hidden inputs
        if far_wrong.any():
            what = (f"{some or int(far_wrong.sum())} of {wrong.size} test points away from the boundary show the other class "
                    f"(or a region that mixes both classes)")
        else:
            what = (f"{some or int(wrong.sum())} of {wrong.size} test points show the other class, more than a thin band along "
                    "the boundary")
        check.fail(f"the filled regions do not show the model's predictions: {what}",
                   "fill with the predicted class (0/1) of each point of a fine grid (nndata.grid_over(X): one "
                   "predict over its points, reshape to xx.shape) and pass the same xx, yy to contourf; x1 is the "
                   "horizontal axis; if you fill probabilities instead, split the levels at 0.5 (levels=[0, 0.5, 1])")
    return float(fraction)


def _style_key(colour, path):
    vertices = np.round(np.asarray(path["vertices"], dtype=np.float64), 3) if path is not None else np.zeros((0, 2))
    codes = tuple(np.asarray(path["codes"]).tolist()) if path is not None and path.get("codes") is not None else ()
    return (tuple(np.round(np.asarray(colour, dtype=np.float64), 3).tolist()), vertices.tobytes(), codes)


def drawn_points(description):
    """Every marker drawn (scatter points and line markers): list of (x, y, style key)."""
    points = []
    for artist in description["artists"]:
        if artist["type"] == "scatter":
            offsets = np.asarray(artist["offsets"], dtype=np.float64).reshape(-1, 2)
            faces = np.asarray(artist["facecolors"], dtype=np.float64).reshape(-1, 4)
            edges = np.asarray(artist.get("edgecolors", np.zeros((0, 4))), dtype=np.float64).reshape(-1, 4)
            paths = artist["paths"] or [None]
            for i, (x, y) in enumerate(offsets):
                face = faces[i] if i < len(faces) else (faces[0] if len(faces) else np.zeros(4))
                edge = edges[i] if i < len(edges) else (edges[0] if len(edges) else np.zeros(4))
                path = paths[i] if i < len(paths) else paths[0]
                colour = face if face[3] > 0 else edge
                points.append((x, y, _style_key(colour, path)))
        elif artist["type"] == "line" and artist["marker"] not in ("None", "none", "", " ", "nothing"):
            colour = artist.get("markerfacecolor", artist["color"])
            key = _style_key(colour, None) + (artist["marker"],)
            for x, y in zip(artist["xdata"], artist["ydata"]):
                points.append((float(x), float(y), key))
    return points


def check_points_drawn(check, description, X, Y):
    """Every training point is drawn, and the two classes never share a colour+marker style."""
    X = np.asarray(X, dtype=np.float64)
    labels = np.asarray(Y).ravel()
    drawn = drawn_points(description)
    if not drawn:
        check.fail("the plot shows no training points", "draw them on top with ax.scatter(X[0, ...], X[1, ...], c=..., marker=...)")
    coords = np.array([(x, y) for x, y, _ in drawn])
    scale = max(1.0, float(np.abs(X).max()))
    styles = {0: set(), 1: set()}
    missing = 0
    for j in range(X.shape[1]):
        distance = np.abs(coords - X[:, j]).max(axis=1)
        matches = np.flatnonzero(distance <= 1e-6 * scale)
        if len(matches) == 0:
            missing += 1
            continue
        for k in matches:
            styles[int(labels[j] > 0.5)].add(drawn[k][2])
    if missing:
        count = "some" if check.hidden else f"{missing} of the {X.shape[1]}"
        check.fail(f"{count} training points are not drawn (no marker at their coordinates)",
                   "scatter X[0] against X[1] (the first row horizontally) for every example")
    if styles[0] & styles[1]:
        check.fail("points of class 0 and class 1 are drawn with the same colour and marker",
                   "give each class its own colour or marker, e.g. scatter with c=Y.ravel() or one scatter per class")


# ---------------------------------------------------------------------------
# Global variables
# ---------------------------------------------------------------------------

_CONSTANT_TYPES = (int, float, complex, str, bytes, bool, type(None), frozenset)


def _is_constant_value(value):
    if isinstance(value, tuple):
        return all(_is_constant_value(v) for v in value)
    return isinstance(value, _CONSTANT_TYPES) and not isinstance(value, np.ndarray)


def _is_table_value(value, depth=0):
    """A container of constants, functions, classes and modules (an UPPER_CASE name holding a non-empty dict or
    tuple of them is a lookup table; a list or an empty dict is state)."""
    if depth > 3:
        return False
    if isinstance(value, dict):
        return all(_is_table_value(k, depth + 1) and _is_table_value(v, depth + 1) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(_is_table_value(v, depth + 1) for v in value)
    return _is_allowed_value(value)


def _is_allowed_value(value):
    """Modules, functions, classes and immutable constants may be read from module level."""
    return (
        isinstance(value, (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type))
        or callable(value) and not isinstance(value, (np.ndarray, list, dict, set))
        or _is_constant_value(value)
    )


def _constant_expression(node, constants):
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Tuple):
        return all(_constant_expression(e, constants) for e in node.elts)
    if isinstance(node, ast.UnaryOp):
        return _constant_expression(node.operand, constants)
    if isinstance(node, ast.BinOp):
        return _constant_expression(node.left, constants) and _constant_expression(node.right, constants)
    if isinstance(node, ast.Name):
        return node.id in constants
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "frozenset":
        return all(isinstance(a, (ast.Set, ast.List, ast.Tuple)) and all(_constant_expression(e, constants) for e in a.elts)
                   for a in node.args)
    return False


_MUTATORS = {"append", "extend", "insert", "update", "pop", "popitem", "clear", "setdefault", "add", "remove",
             "discard", "sort", "reverse", "fill", "resize", "put", "itemset", "__setitem__"}


def _root_name(node):
    while isinstance(node, (ast.Subscript, ast.Attribute)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _mutated_names(tree):
    """Names whose object some code changes: x[...] = / del x[...] / x += / x.attr = / x.append(...) and the like."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Subscript, ast.Attribute)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(_root_name(node))
        elif isinstance(node, ast.AugAssign):
            names.add(_root_name(node.target))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _MUTATORS:
            names.add(_root_name(node.func.value))
    names.discard(None)
    return names


def _table_expression(node, usable):
    """A literal dict/list/set/tuple of constants and references to usable names (functions, modules ...)."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return all(_table_expression(e, usable) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is not None and _table_expression(k, usable) for k in node.keys) and \
            all(_table_expression(v, usable) for v in node.values)
    if isinstance(node, (ast.Name, ast.Attribute)):
        return _root_name(node) in usable
    return _constant_expression(node, usable)


def _is_constant_name(name):
    letters = name.strip("_")
    return bool(letters) and letters.upper() == letters and any(c.isalpha() for c in letters)


def _module_bindings(tree):
    """{name: (kind, line)} of names bound at module level: import, def, class, constant, variable."""
    bindings = {}
    counts = {}
    constants = set()

    def bind(name, kind, line):
        if kind == "constant" and not _is_constant_name(name):
            kind = "variable"  # a lowercase name is a variable, even bound to a literal (PEP 8: constants are UPPER_CASE)
        if kind == "constant" and _names_a_setting(name):
            kind = "setting"  # M = 35, LEARNING_RATE = 0.01: renamed, still the data's size or a hyperparameter
        counts[name] = counts.get(name, 0) + 1
        if counts[name] > 1 and kind == "constant":
            kind = "variable"
        previous = bindings.get(name)
        if previous and previous[0] == "constant" and kind == "constant":
            kind = "variable"  # reassigned: not a constant
        bindings[name] = (kind, line)

    def targets(node):
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                yield sub.id

    def visit(statements):
        for node in statements:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                bind(node.name, "function", node.lineno)
            elif isinstance(node, ast.ClassDef):
                bind(node.name, "class", node.lineno)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    name = alias.asname or alias.name.split(".")[0]
                    if name != "*":
                        bind(name, "import", node.lineno)
            elif isinstance(node, ast.Assign):
                simple = all(isinstance(t, ast.Name) for t in node.targets)
                usable = constants | {n for n, (k, _) in bindings.items() if k in ("function", "class", "import")}
                is_table = isinstance(node.value, (ast.Dict, ast.Tuple)) and (
                    node.value.keys if isinstance(node.value, ast.Dict) else node.value.elts)
                is_const = simple and (_constant_expression(node.value, constants) or (
                    is_table and all(_is_constant_name(t.id) for t in node.targets) and _table_expression(node.value, usable)))
                for target in node.targets:
                    for name in targets(target):
                        bind(name, "constant" if is_const else "variable", node.lineno)
                        if is_const and bindings[name][0] == "constant":
                            constants.add(name)
                        else:
                            constants.discard(name)
            elif isinstance(node, ast.AnnAssign):
                is_const = node.value is not None and _constant_expression(node.value, constants)
                for name in targets(node.target):
                    bind(name, "constant" if is_const else "variable", node.lineno)
                    (constants.add if is_const and bindings[name][0] == "constant" else constants.discard)(name)
            elif isinstance(node, (ast.For, ast.AsyncFor)):
                for name in targets(node.target):
                    bind(name, "variable", node.lineno)
                    constants.discard(name)
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    if item.optional_vars is not None:
                        for name in targets(item.optional_vars):
                            bind(name, "variable", node.lineno)
                            constants.discard(name)
                visit(node.body)
            elif isinstance(node, (ast.If, ast.While)):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, (ast.Try, getattr(ast, "TryStar", ast.Try))):
                visit(node.body)
                for handler in node.handlers:
                    if handler.name:
                        bind(handler.name, "variable", handler.lineno)
                    visit(handler.body)
                visit(node.orelse)
                visit(node.finalbody)
            else:
                for name in targets(node):
                    bind(name, "variable", node.lineno)
                    constants.discard(name)
    visit(tree.body)
    # an UPPER_CASE table is a constant only if no code ever changes it
    for name in _mutated_names(tree):
        if name in bindings and bindings[name][0] == "constant":
            bindings[name] = ("variable", bindings[name][1])
    return bindings


#: UPPER_CASE names of the lecture's globals (M, ALPHA, N1, LEARNING_RATE, NUM_ITERATIONS ...): a data size or a
#: hyperparameter, which an UPPER_CASE name does not make a constant of the algorithm (EPSILON is one).
_SETTING_NAME = re.compile(
    r"(M|M_?(TRAIN|TEST|EXAMPLES|SAMPLES)|N_?(EXAMPLES|SAMPLES)|NUM_?(EXAMPLES|SAMPLES)|N_?\d+|N_?[XHY]|L|N_?L|"
    r"NUM_?LAYERS|N_?LAYERS|LAYER_?(DIMS|SIZES)|HIDDEN_?(SIZE|UNITS|DIM)|N_?HIDDEN|ALPHA|LR|LEARNING_?RATE|"
    r"(NUM_?|N_?)?ITER(ATION)?S?|(NUM_?|N_?)?EPOCHS|BATCH_?SIZE|LAMBDA?)")


def _names_a_setting(name):
    return bool(_SETTING_NAME.fullmatch(name.strip("_").upper()))


_M_NAMES = {"m", "m_train", "m_examples", "n_examples", "num_examples", "n_samples", "num_samples"}
_LIKE = {"learning_rate": {"alpha", "lr", "learning_rate"}, "num_iterations": {"num_iterations", "iterations", "n_iter",
         "num_iters", "n_iterations", "epochs", "num_epochs"}, "layer_dims": {"layer_dims", "dims", "layer_sizes"}}


def _from_arguments(name, params):
    """How ``name``'s value follows from a function's own parameters ``params`` (a clause)."""
    low = name.lower()
    if low in _M_NAMES:
        array = next((p for p in ("Y", "X", "AL", "A_prev") if p in params), None)
        if array is None and "cache" in params:
            return "m is the number of columns (examples) of its input: m = A_prev.shape[1], with A_prev from `cache`"
        array = array or next((p for p in ("dA", "Z", "A") if p in params), None)
        if array is not None:
            return f"m is the number of columns (examples) of its own input: m = {array}.shape[1]"
        return "m is the number of columns (examples) of the data it is given: compute it inside from that array"
    own = next((p for p, alike in _LIKE.items() if low in alike and p in params), low if low in params else None)
    if own is not None:
        return f"use its own parameter `{own}`"
    if re.fullmatch(r"n_?(\d+|[xhy]|l)|l|num_layers|n_layers|n_hidden|hidden_(size|units|dim)", low):
        return "take the layer sizes from its arguments (a W[l] has shape (n[l], n[l-1]); L is len(parameters) // 2)"
    return "compute the value inside from its arguments"


def _pass_it_in(owner, name, params=None, fixed=()):
    """What to do about ``owner`` reading the module-level ``name``; ``params`` its parameters, ``fixed`` the
    functions whose signature the homework fixes (the API)."""
    path = owner.split(".")
    function = path[-1]
    constant = ("; an UPPER_CASE name is only for a true constant of the algorithm (the clipping eps of the cost, say), "
                "never for a data size or a hyperparameter")
    if len(path) == 1 and function in fixed and params is not None:
        return (f"the parameters of `{function}` are fixed (def {function}({', '.join(params)}), as in the starter: "
                f"the tests call it that way), so do not add one: {_from_arguments(name, params)}{constant}")
    inside = _from_arguments(name, params or ())
    return (f"add a parameter `{name}` to `{function}` (def {function}(..., {name})) and pass the value in where you "
            f"call it{'' if inside.startswith('compute the value') else ' (or ' + inside + ')'}{constant}")


def _enclosing_function_name(table_path):
    return ".".join(t.get_name() for t in table_path if t.get_type() in ("function", "class"))


def global_reads(source=None, functions=None, filename="<submission>", kinds=("statement", "read"), ignore=(), fixed=()):
    """Problems with module-level state, as a list of plain sentences (empty when all is well).

    ``kinds`` selects which problems to report: "statement" (``global``/``nonlocal``/
    ``globals()``) and/or "read" (a function reading a module-level variable). Names in
    ``ignore`` are not reported when they are simply undefined (a missing function of the
    API costs marks in its own tests, not here). Functions named in ``fixed`` keep the
    starter's signature: the advice is to compute the value inside, not to add a parameter.
    An UPPER_CASE name of the lecture's globals (M, ALPHA, N1, LEARNING_RATE ...) is read as a
    variable: renaming m = 35 to M = 35 does not make the data's size a constant.

    With ``source`` (the module's text): every ``global``/``nonlocal`` statement, and every
    function that reads a module-level name bound to anything but an import, a function,
    a class or a constant (an immutable literal assigned once).
    With ``functions`` ({name: function}) instead: the same, from each function's own
    source and the values its names have in the function's globals.
    """
    problems = []
    if source is not None:
        tree = ast.parse(source, filename)
        if "statement" in kinds:
            _statement_problems(tree, problems, offset=0)
        if "read" in kinds:
            bindings = _module_bindings(tree)
            top = symtable.symtable(source, filename, "exec")
            _walk_reads(top, [], bindings, problems, lookup=None, ignore=frozenset(ignore), fixed=frozenset(fixed))
        return problems
    parsed = []
    for name, func in (functions or {}).items():
        func = inspect.unwrap(func)
        if not isinstance(func, types.FunctionType):
            continue
        try:
            text = textwrap.dedent(inspect.getsource(func))
            first_line = func.__code__.co_firstlineno - 1
        except (OSError, TypeError):
            problems.append(f"could not read the source of `{name}` to check it for global variables")
            continue
        parsed.append((name, func, text, ast.parse(text), first_line))
    # a table any of the functions changes is state, not a constant
    mutated = set().union(*(_mutated_names(tree) for _, _, _, tree, _ in parsed)) if parsed else set()
    for name, func, text, tree, first_line in parsed:
        if "statement" in kinds:
            _statement_problems(tree, problems, offset=first_line)
        if "read" in kinds:
            table = symtable.symtable(text, f"<{name}>", "exec")
            _walk_reads(table, [], None, problems, lookup=func.__globals__, offset=first_line, mutated=mutated,
                        ignore=frozenset(ignore), fixed=frozenset(fixed))
    return sorted(set(problems), key=problems.index)


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


def _statement_problems(tree, problems, offset):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            keyword = "global" if isinstance(node, ast.Global) else "nonlocal"
            problems.append(f"line {node.lineno + offset}: `{keyword} {', '.join(node.names)}` — do not use {keyword} "
                            f"statements: pass values in as parameters and return results")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "globals":
            problems.append(f"line {node.lineno + offset}: globals() — do not reach module-level variables through globals()")


def _walk_reads(table, path, bindings, problems, lookup, offset=0, mutated=frozenset(), ignore=frozenset(),
                fixed=frozenset()):
    for child in table.get_children():
        child_path = path + [child]
        if child.get_type() == "function":
            owner = _enclosing_function_name(child_path)
            params = child.get_parameters()
            for symbol in child.get_symbols():
                if not symbol.is_referenced():
                    continue
                if not (symbol.is_global() or symbol.is_declared_global()):
                    continue
                name = symbol.get_name()
                line = child.get_lineno() + offset
                if bindings is not None:
                    kind, where = bindings.get(name, (None, None))
                    if kind is None:
                        if hasattr(builtins, name) or name in ignore:
                            continue
                        problems.append(f"`{owner}` (line {line}) uses `{name}`, which the module never defines: "
                                        f"pass the value in as a parameter (or define the function)")
                    elif kind == "variable":
                        problems.append(f"`{owner}` (line {line}) reads the module-level variable `{name}` (set on line "
                                        f"{where}): {_pass_it_in(owner, name, params, fixed)}")
                    elif kind == "setting":
                        problems.append(f"`{owner}` (line {line}) reads the module-level `{name}` (set on line {where}), "
                                        f"a data size or hyperparameter even in UPPER_CASE: "
                                        f"{_pass_it_in(owner, name, params, fixed)}")
                else:
                    if name in lookup:
                        value = lookup[name]
                        table_ok = (_is_constant_name(name) and isinstance(value, (dict, tuple)) and len(value) > 0
                                    and _is_table_value(value) and name not in mutated)
                        named_constant = _is_constant_name(name) or (name.startswith("__") and name.endswith("__"))
                        allowed = _is_allowed_value(value) and (named_constant or not _is_constant_value(value))
                        setting = (_is_constant_name(name) and _names_a_setting(name) and _is_constant_value(value)
                                   and not isinstance(value, str))
                        if setting or not (allowed or table_ok):
                            kind = "a data size or hyperparameter even in UPPER_CASE" if setting else type(value).__name__
                            problems.append(f"`{owner}` reads the global variable `{name}` "
                                            f"({kind}): {_pass_it_in(owner, name, params, fixed)}")
                    elif not hasattr(builtins, name) and name not in ignore:
                        problems.append(f"`{owner}` uses `{name}`, which is not defined: pass the value in as a "
                                        f"parameter (or define the function)")
        _walk_reads(child, child_path, bindings, problems, lookup, offset, mutated, ignore, fixed)
