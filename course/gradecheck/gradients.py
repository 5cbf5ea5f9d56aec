"""The float64 centered-difference gradient check of the student's own forward and cost against their backward. (Imported through ``gradecheck``.)"""

import numpy as np

from .checks import _layer_order
from .hints import gradient_hint
from .values import _how_far, rel_error

#: Largest accepted relative error between an analytic and a numerical gradient.
GRADIENT_TOLERANCE = 1e-7


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
