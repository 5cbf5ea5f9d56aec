"""``Check``: call a student's function and compare what it returns, turning every problem into a message to act on;
the checks of an exercise's settings and of recorded costs. (Imported through ``gradecheck``.)"""

import os
import sys

import numpy as np
from sourcecheck import last_frame, where_text

from .api import ACTIVATIONS, INIT_METHODS
from .data import case_rng
from .hints import gradient_hint
from .values import (
    GradeFailure, HIDDEN_NOTE, _how_far, describe_call, not_implemented_message, rel_error, same_value, show,
)

#: This package's folder: a traceback's frames in it are the checks', never the student's code.
_OWN_FOLDER = os.path.dirname(os.path.realpath(__file__)) + os.sep


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


def hidden_case(seed, salt):
    """``(Check(hidden=True), case_rng(seed, salt))``: what a hidden case starts with, its messages free of its
    inputs and its generator drawn from the student's ``seed`` and the case's own ``salt`` (a name unique to it)."""
    return Check(hidden=True), case_rng(seed, salt)


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
        lineno, function, text = last_frame(where)
    else:
        import traceback

        frames = [f for f in traceback.extract_tb(error.__traceback__) if not os.path.realpath(f.filename).startswith(_OWN_FOLDER)]
        # the innermost line of the student's code, not of numpy or the standard library it called
        installed = tuple(os.path.realpath(p) + os.sep for p in {sys.prefix, sys.base_prefix, sys.exec_prefix})
        own = [f for f in frames if not os.path.realpath(f.filename).startswith(installed) and not f.filename.startswith("<frozen")]
        frames = own or frames
        if not frames:
            return ""
        lineno, function, text = frames[-1].lineno, frames[-1].name, frames[-1].line
    if not code:
        return where_text(int(lineno)) if isinstance(lineno, int) else ""
    return where_text(lineno, function, (text or "").strip())


def _layer_order(keys):
    def key(name):
        digits = "".join(ch for ch in name if ch.isdigit())
        return (int(digits) if digits else 0, name)
    return sorted(keys, key=key)
