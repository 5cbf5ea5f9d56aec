"""ex3_depth: train and the plots with two layers (2, 3, 1) and one layer (2, 1)."""

import numpy as np
from otter.test_files import test_case

import gradecheck
import nndata

OK_FORMAT = False

name = "ex3_depth"

# train(X, Y, dims, learning_rate=0.01, num_iterations=60, init="he", seed=1, record_every=20), lecture data
# (a setting that earns no exercise's points: this public test ships to students)
COSTS = {(2, 3, 1): [1.095057657588598, 1.0496829151054268, 1.0122900922837013],
         (2, 1): [2.350987544829246, 2.04380666187911, 1.7492422504398597]}


def _draws(check, plot_decision_boundary, plot_costs, params, X, Y, costs, predict_at):
    ax = check.call(plot_decision_boundary, "plot_decision_boundary", gradecheck.snapshot(params), X.copy(), Y.copy())
    description = gradecheck.as_axes_description(ax)
    gradecheck.check_filled_regions(check, description, predict_at, X=X)
    gradecheck.check_points_drawn(check, description, X, Y)
    if costs is None:
        return
    ax = check.call(plot_costs, "plot_costs", list(costs), record_every=20)
    description = gradecheck.as_axes_description(ax)
    lines = [a for a in description["artists"] if a["type"] == "line"]
    check.true(any(len(a["ydata"]) == len(costs) and np.allclose(a["ydata"], costs) for a in lines),
               f"{check.last_call} has no line showing the costs", "plot the costs against the iteration number")


@test_case(points=2, hidden=False, name="ex3_depth - two layers and one layer: train and plots")
def public_depths(train, predict, plot_decision_boundary, plot_costs):
    check = gradecheck.Check()
    X, Y = nndata.load_lecture_data()
    for dims, expected in COSTS.items():
        result = check.call(train, "train", X, Y, list(dims), learning_rate=0.01, num_iterations=60, init="he", seed=1,
                            record_every=20)
        result = check.returns(result, ('parameters', 'costs'))
        params, costs = result
        gradecheck.check_costs(check, costs, expected, f"costs (L = {len(dims) - 1})",
                               start_hint="train must work for any depth, including L = 1 (logistic regression: only W1, b1)"
                               if len(dims) == 2 else None)
        _draws(check, plot_decision_boundary, plot_costs, params, X, Y, costs,
               lambda points: check.call(predict, "predict", points, gradecheck.snapshot(params)))


@test_case(points=2, hidden=True, name="ex3_depth - two layers and one layer match the reference")
def hidden_depths(train, plot_decision_boundary, plot_costs, ref, seed):
    check, rng = gradecheck.hidden_case(seed, "ex3")
    X, Y = nndata.load_lecture_data(seed=int(rng.randint(1, 1000)))
    for dims in ([2, 3, 1], [2, 1]):
        kwargs = dict(learning_rate=float(rng.uniform(0.02, 0.1)), num_iterations=int(rng.randint(20, 60)),
                      init=str(rng.choice(["xavier", "he"])), seed=int(rng.randint(1000)), record_every=20)
        params, costs = check.returns(check.call(train, "train", X.copy(), Y.copy(), dims, **kwargs),
                                      ("parameters", "costs"))
        ref_params, ref_costs = ref.train(X, Y, dims, **kwargs)
        check.params(params, ref_params, what=f"the trained parameters (L = {len(dims) - 1})", rtol=1e-6, atol=1e-9)
        if len(dims) == 2:  # the one-layer network's boundary (q8 covers the deeper ones; the public case the cost plot)
            _draws(check, plot_decision_boundary, plot_costs, ref_params, X, Y, None,
                   lambda points: ref.predict(points, ref_params))
