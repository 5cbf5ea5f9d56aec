"""Hints from known wrong answers: which mistake explains a wrong gradient (or array). (Imported through
``gradecheck``.)"""

import numpy as np


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
