"""ex1_learning_rate: learning_rate_sweep (exercise 1)."""

import numpy as np
from otter.test_files import test_case

import gradecheck
import nndata

OK_FORMAT = False

name = "ex1_learning_rate"

# learning_rate_sweep(X, Y, [0.01, 0.5], num_iterations=30) on nndata.load_lecture_data()
SWEEP = {0.01: 0.6597170838799141, 0.5: 0.6597116755155827}


def _check_sweep(check, got, expected, rtol=1e-6):
    check.true(isinstance(got, dict), f"learning_rate_sweep must return a dict {{learning_rate: final cost}}, "
               f"got {type(got).__name__}")
    keys = sorted(map(float, got)) if all(isinstance(k, (int, float)) for k in got) else None
    check.true(keys == sorted(expected), "the dict's keys must be exactly the learning rates given"
               + ("" if check.hidden else f": expected {sorted(expected)}, got {list(got)}"),
               "one entry per learning rate: results[learning_rate] = final cost")
    for rate, cost in expected.items():
        check.number(got[rate], cost, f"the final cost for learning rate {rate}" if not check.hidden else "a final cost",
                     rtol=rtol, atol=1e-9,
                     hint="train once per learning rate from the same initialization (train's defaults with this seed), "
                          "then report compute_cost of the trained network's AL on X, Y")


@test_case(points=2, hidden=False, name="ex1_learning_rate - the sweep's dict on the lecture data")
def public_sweep(learning_rate_sweep):
    check = gradecheck.Check()
    X, Y = nndata.load_lecture_data()
    got = check.call(learning_rate_sweep, "learning_rate_sweep", X, Y, [0.01, 0.5], num_iterations=30)
    _check_sweep(check, got, SWEEP)


@test_case(points=2, hidden=True, name="ex1_learning_rate - matches the reference (random rates, sizes, seeds)")
def hidden_sweep(learning_rate_sweep, ref, seed):
    check, rng = gradecheck.hidden_case(seed, "ex1")
    X, Y = gradecheck.random_data(rng, 2, 12)
    for layer_dims in ((2, 1), (2, 3, 1), (2, int(rng.randint(2, 5)), 3, 1)):
        rates = sorted({float(np.round(rng.uniform(0.01, 1.0), 3)) for _ in range(3)})
        kwargs = dict(layer_dims=layer_dims, num_iterations=int(rng.randint(10, 40)), seed=int(rng.randint(1000)))
        got = check.call(learning_rate_sweep, "learning_rate_sweep", X.copy(), Y.copy(), list(rates), **kwargs)
        _check_sweep(check, got, ref.learning_rate_sweep(X, Y, rates, **kwargs))
