"""q8_plots: plot_decision_boundary and plot_costs (what is drawn, never pixels)."""

import numpy as np
from otter.test_files import test_case

import gradecheck
import nndata

OK_FORMAT = False

name = "q8_plots"

# a [2, 3, 1] network trained on the lecture data (rounded)
P231 = {"W1": np.array([[1.48, 0.08], [-0.19, -1.21], [-1.04, 0.9]]), "b1": np.array([[-3.2], [2.4], [2.43]]),
        "W2": np.array([[-3.99, -2.88, -2.86]]), "b2": np.array([[0.59]])}
COSTS = [0.69, 0.52, 0.31, 0.2, 0.15]


def _labels(check, description, what):
    for key, hint in (("title", "ax.set_title(...)"), ("xlabel", "ax.set_xlabel(...)"), ("ylabel", "ax.set_ylabel(...)")):
        check.true(bool(str(description.get(key, "")).strip()), f"{what} has no {key}", f"add one with {hint}")


@test_case(points=3, hidden=False, name="q8_plots - decision boundary: regions, points, labels")
def public_decision_boundary(plot_decision_boundary, predict):
    check = gradecheck.Check()
    X, Y = nndata.load_lecture_data()
    ax = check.call(plot_decision_boundary, "plot_decision_boundary", gradecheck.snapshot(P231), X.copy(), Y.copy())
    description = gradecheck.as_axes_description(ax)
    _labels(check, description, "the decision-boundary plot")
    gradecheck.check_filled_regions(check, description,
                                    lambda points: check.call(predict, "predict", points, gradecheck.snapshot(P231)), X=X)
    gradecheck.check_points_drawn(check, description, X, Y)


@test_case(points=2, hidden=False, name="q8_plots - cost curve")
def public_costs(plot_costs):
    check = gradecheck.Check()
    ax = check.call(plot_costs, "plot_costs", list(COSTS), record_every=50)
    description = gradecheck.as_axes_description(ax)
    _labels(check, description, "the cost plot")
    lines = [a for a in description["artists"] if a["type"] == "line"]
    check.true(len(lines) >= 1, f"{check.last_call} drew no line", "draw the costs with ax.plot(iterations, costs)")
    matching = [a for a in lines if len(a["ydata"]) == len(COSTS) and np.allclose(a["ydata"], COSTS)]
    check.true(bool(matching), f"no line of {check.last_call} has the costs as its y-data "
               f"(got y-data {[gradecheck.show(np.asarray(a['ydata'])) for a in lines]})", "plot the costs list itself on the y-axis")
    # x: the iteration numbers (k * record_every) or the index of the recorded cost, in order
    check.true(any(len(a["xdata"]) == len(COSTS) and np.all(np.diff(a["xdata"]) > 0) for a in matching),
               f"the cost line of {check.last_call} has x-data {gradecheck.show(np.asarray(matching[0]['xdata']))}: "
               f"the costs must be drawn against the iteration, in order",
               "ax.plot(np.arange(len(costs)) * record_every, costs): the k-th recorded cost belongs to "
               "iteration k * record_every")


@test_case(points=3, hidden=True, name="q8_plots - decision boundary of random networks matches the reference's predictions")
def hidden_decision_boundary(plot_decision_boundary, ref, seed):
    check, rng = gradecheck.hidden_case(seed, "q8_boundary")
    for dims, activation in (([2, int(rng.randint(2, 6)), 1], "tanh"), ([2, 4, 3, 1], "relu")):
        params = gradecheck.random_parameters(rng, dims, scale=3.0, bias=1.0)
        m = int(rng.randint(10, 30))
        X, Y = gradecheck.random_data(rng, 2, m)
        X = X * float(rng.uniform(0.5, 4.0)) + rng.uniform(-3, 3, size=(2, 1))
        ax = check.call(plot_decision_boundary, "plot_decision_boundary", gradecheck.snapshot(params), X.copy(), Y.copy(),
                        activation)
        description = gradecheck.as_axes_description(ax)
        _labels(check, description, "the decision-boundary plot")
        gradecheck.check_filled_regions(check, description, lambda points: ref.predict(points, params, activation), X=X)
        gradecheck.check_points_drawn(check, description, X, Y)
