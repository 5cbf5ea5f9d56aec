"""q5_update: update_parameters (one gradient-descent step, a new dict, inputs untouched)."""

import numpy as np
from otter.test_files import test_case

import gradecheck

OK_FORMAT = False

name = "q5_update"

P231 = {"W1": np.array([[0.4, -0.6], [-0.3, 0.8], [0.9, 0.2]]), "b1": np.array([[0.1], [-0.2], [0.05]]),
        "W2": np.array([[0.7, -0.5, 0.3]]), "b2": np.array([[-0.1]])}
G231 = {"dW1": np.array([[0.1, -0.2], [0.3, 0.0], [-0.5, 0.25]]), "db1": np.array([[0.01], [-0.02], [0.03]]),
        "dW2": np.array([[0.2, 0.4, -0.1]]), "db2": np.array([[-0.05]])}
UPDATED_231 = {'W1': np.array([[0.35000000000000003, -0.5], [-0.44999999999999996, 0.8], [1.15, 0.07500000000000001]]), 'b1': np.array([[0.095], [-0.19], [0.035]]), 'W2': np.array([[0.6, -0.7, 0.35]]), 'b2': np.array([[-0.07500000000000001]])}
SIGN_HINT = "gradient descent steps against the gradient: W = W - learning_rate * dW"


STILL_HINT = "update every parameter, b[l] as well as W[l]: b = b - learning_rate * db"
RATE_HINT = "multiply the gradient by learning_rate: W = W - learning_rate * dW"


def _sign_hints(params, grads, rate):
    """Known wrong values of each new parameter: climbing the gradient, left as it was, the rate forgotten."""
    hints = {}
    for k in params:
        hints[k] = {SIGN_HINT: params[k] + rate * grads["d" + k], RATE_HINT: params[k] - grads["d" + k]}
        if k.startswith("b"):
            hints[k][STILL_HINT] = params[k]
    return hints


@test_case(points=3, hidden=False, name="q5_update - one step, a new dict, inputs unchanged")
def public_update(update_parameters):
    check = gradecheck.Check()
    params, grads = gradecheck.snapshot(P231), gradecheck.snapshot(G231)
    new = check.call(update_parameters, "update_parameters", params, grads, 0.5)
    check.unchanged(P231, params, "parameters", "update_parameters")
    check.unchanged(G231, grads, "grads", "update_parameters")
    check.true(new is not params, f"{check.last_call} returned the dict it was given",
               "return a new dict: new_parameters = {} and fill it")
    check.params(new, UPDATED_231, what="the new parameters", hints=_sign_hints(P231, G231, 0.5))
    one = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[0.5]])}
    new = check.call(update_parameters, "update_parameters", one, {"dW1": np.array([[1.0, -1.0]]), "db1": np.array([[2.0]])}, 0.1)
    check.params(new, {"W1": np.array([[0.9, 2.1]]), "b1": np.array([[0.3]])}, what="the new parameters (L = 1)")


@test_case(points=3, hidden=True, name="q5_update - matches the reference (L = 1 to 4), inputs unchanged")
def hidden_reference(update_parameters, ref, seed):
    check, rng = gradecheck.hidden_case(seed, "q5_update")
    for depth in (1, 2, 4):
        dims = [int(n) for n in rng.randint(1, 6, size=depth + 1)]
        params = gradecheck.random_parameters(rng, dims)
        grads = {"d" + k: rng.randn(*v.shape) for k, v in params.items()}
        rate = float(rng.uniform(0.01, 2.0))
        p, g = gradecheck.snapshot(params), gradecheck.snapshot(grads)
        new = check.call(update_parameters, "update_parameters", p, g, rate)
        check.unchanged(params, p, "parameters", "update_parameters")
        check.unchanged(grads, g, "grads", "update_parameters")
        check.params(new, ref.update_parameters(params, grads, rate), what=f"the new parameters (L = {depth})",
                     hints=_sign_hints(params, grads, rate), rtol=1e-10, atol=1e-12)
