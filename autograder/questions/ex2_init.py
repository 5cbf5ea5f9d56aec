"""ex2_init: fast_settings converges on the lecture data; zero initialization keeps hidden units symmetric."""

import numpy as np
from otter.test_files import test_case

import gradecheck
import nndata

OK_FORMAT = False

name = "ex2_init"

FAST_KEYS = {"init", "init_scale", "learning_rate"}
#: Trained with fast_settings() on the lecture data (layer_dims [2, 3, 4, 1]), the cost must get below {value}.
MAX_FINAL_COST = 0.05
#: fast_settings() must reach that cost within {value:,} iterations.
FAST_ITERATIONS = 20000


def _settings(check, fast_settings):
    return gradecheck.check_settings(check, check.call(fast_settings, "fast_settings"), "fast_settings()", FAST_KEYS)


@test_case(points=3, hidden=False, name="ex2_init - fast_settings reaches cost < 0.05 within 20,000 iterations")
def public_fast(fast_settings, train):
    check = gradecheck.Check()
    settings = _settings(check, fast_settings)
    X, Y = nndata.load_lecture_data()
    result = check.call(train, "train", X, Y, [2, 3, 4, 1], num_iterations=FAST_ITERATIONS, target_cost=MAX_FINAL_COST,
                        record_every=1000, **settings)
    result = check.returns(result, ('parameters', 'costs'))
    costs = result[1]
    check.true(len(costs) > 0, f"{check.last_call} recorded no cost")
    final = float(costs[-1])
    check.true(final < MAX_FINAL_COST, f"with fast_settings() = {settings}, train(X, Y, [2, 3, 4, 1], "
               f"num_iterations={FAST_ITERATIONS}, target_cost={MAX_FINAL_COST}) on the lecture data ends at cost "
               f"{final:.4f}; it must get below {MAX_FINAL_COST}",
               "tiny weights (random * 0.01) shrink the signal at every layer on the way forward, and the gradients "
               "at every layer on the way back, so training sits on a plateau: try a scaled initialization (one whose "
               "scale depends on the layer's size) and experiment with the learning rate, comparing the cost curves")


def _symmetric(check, params, dims, what):
    L = len(dims) - 1
    for l in range(1, L):
        W, b = np.asarray(params[f"W{l}"]), np.asarray(params[f"b{l}"])
        check.true(np.allclose(W, W[:1], rtol=1e-9, atol=1e-12) and np.allclose(b, b[:1], rtol=1e-9, atol=1e-12),
                   f"{what}: the hidden units of layer {l} are not all identical (rows of W{l} / entries of b{l} differ)",
                   "with init='zeros' every unit of a layer gets the same gradient, so they must stay identical: "
                   "check that method='zeros' really gives zeros and that backward treats all units alike")


@test_case(points=1, hidden=False, name="ex2_init - zero initialization keeps hidden units symmetric")
def public_zeros(train):
    check = gradecheck.Check()
    X, Y = nndata.load_lecture_data()
    dims = [2, 3, 4, 1]
    for activation in ("tanh", "sigmoid"):
        result = check.call(train, "train", X, Y, dims, learning_rate=0.5, num_iterations=50, init="zeros",
                            hidden_activation=activation)
        result = check.returns(result, ('parameters', 'costs'))
        params = result[0]
        check.shapes(params, {k: v for l in range(1, 4) for k, v in ((f"W{l}", (dims[l], dims[l - 1])), (f"b{l}", (dims[l], 1)))})
        _symmetric(check, params, dims, f"after {check.last_call}")
        if activation == "sigmoid":
            check.true(not np.allclose(params["W2"], 0), f"after {check.last_call}, W2 is still all zeros",
                       "with sigmoid hidden units (A = 0.5 at Z = 0) the weights of layers 2 and 3 do move: "
                       "check that train updates every layer")


@test_case(points=1, hidden=True, name="ex2_init - zero initialization matches the reference")
def hidden_zeros(train, ref, seed):
    check, rng = gradecheck.hidden_case(seed, "ex2_zeros")
    dims = [3] + [int(n) for n in rng.randint(2, 5, size=2)] + [1]
    X, Y = gradecheck.random_data(rng, 3, 10)
    kwargs = dict(learning_rate=float(rng.uniform(0.1, 1.0)), num_iterations=int(rng.randint(10, 40)), init="zeros",
                  hidden_activation="sigmoid", record_every=5)
    params, costs = check.returns(check.call(train, "train", X.copy(), Y.copy(), dims, **kwargs), ("parameters", "costs"))
    ref_params, ref_costs = ref.train(X, Y, dims, **kwargs)
    _symmetric(check, params, dims, "after training from zeros")
    check.params(params, ref_params, what="the parameters trained from zeros", rtol=1e-6, atol=1e-9)
