"""The lecture's own data (course/nndata.py) and the numbers the deck prints from it.

The deck shows the first 15 points, a label list and a printed run; these tests prove
that ``load_lecture_data`` keeps the deck's points, that its labels are the ones the
deck's printed costs imply, that the deck's setting reproduces the deck's run, and that
the data still needs a hidden layer. ``load_circles`` is checked against scikit-learn
with the deck's own call.
"""

import math

import numpy as np
import pytest

from autograder.reference import load_reference

ref = load_reference()  # also puts course/ (the public helpers) on sys.path

import nndata  # noqa: E402

DECK_X1 = [0.4, 1.2, 1.1, 1.9, 1.8, 1.5, 2.6, 2.2, 3.3, 3.0, 4.1, 4.2, 5.6, 0.7, 0.7]
DECK_X2 = [4.1, 1.5, 4.8, 0.7, 2.2, 3.8, 1.8, 4.8, 1.0, 4.3, 1.8, 3.1, 6.0, 5.9, 7.0]
DECK_FIRST_COST = 0.65971979  # what the deck prints at iteration 0
DIMS = [2, 3, 4, 1]


def entropy(n0, n1):
    p = n1 / (n0 + n1)
    return -(p * math.log(p) + (1 - p) * math.log(1 - p))


def deck_run(X, Y, num_iterations, record_every=1000):
    """The deck's setting: seed 1, W = randn * 0.01, b = randn, sizes 2-3-4-1, alpha = 0.01."""
    return ref.train(X, Y, DIMS, learning_rate=0.01, num_iterations=num_iterations, init="random", init_scale=0.01,
                     seed=1, record_every=record_every)


def test_the_first_15_points_are_the_decks():
    X, _ = nndata.load_lecture_data()
    assert X.shape == (2, 35) and X.dtype == np.float64
    np.testing.assert_array_equal(X[0, :15], DECK_X1)
    np.testing.assert_array_equal(X[1, :15], DECK_X2)
    for seed in (2, 7, 123):  # another seed turns only the completed ring
        other, _ = nndata.load_lecture_data(seed=seed)
        np.testing.assert_array_equal(other[:, :15], X[:, :15])
        assert not np.allclose(other[:, 15:], X[:, 15:])


def test_labels_are_13_of_class_0_then_22_of_class_1():
    _, Y = nndata.load_lecture_data()
    assert Y.shape == (1, 35) and Y.dtype == np.int64
    assert Y[0].tolist() == [0] * 13 + [1] * 22


def test_the_decks_printed_first_cost_settles_the_labels():
    """Every point gets the same output at iteration 0, so the first cost counts the zeros: 13, not 15."""
    X, Y = nndata.load_lecture_data()
    AL, _ = ref.model_forward(X, ref.initialize_parameters(DIMS, "random", scale=0.01, seed=1))
    p = float(AL.mean())
    assert p == pytest.approx(0.6266, abs=1e-4) and np.ptp(AL) < 1e-3
    assert round(ref.compute_cost(AL, Y), 4) == round(DECK_FIRST_COST, 4)
    fifteen = np.array([[0] * 15 + [1] * 20])
    assert round(ref.compute_cost(AL, fifteen), 4) == 0.6893 != round(DECK_FIRST_COST, 4)
    _, costs = deck_run(X, Y, 1)
    assert f"{costs[0]:.4f}" == f"{DECK_FIRST_COST:.4f}"


def test_the_decks_setting_stays_on_the_13_22_plateau_for_30000_iterations():
    X, Y = nndata.load_lecture_data()
    _, costs = deck_run(X, Y, 30000)
    assert len(costs) == 30 and min(costs) > 0.655, min(costs)
    assert costs[10] == pytest.approx(entropy(13, 22), abs=1e-4)  # the deck: 0.65971 after 10,000 iterations
    assert entropy(13, 22) == pytest.approx(0.65971, abs=1e-5)


def test_the_completed_points_surround_class_0_with_the_same_mean():
    X, Y = nndata.load_lecture_data()
    class0, class1 = X[:, Y[0] == 0], X[:, Y[0] == 1]
    np.testing.assert_allclose(class1.mean(axis=1), class0.mean(axis=1), atol=1e-12)
    ring = X[:, 15:]
    centre = ring.mean(axis=1, keepdims=True)
    np.testing.assert_allclose(np.linalg.norm(ring - centre, axis=0), nndata.LECTURE_RING_RADIUS, rtol=1e-12)
    assert np.linalg.norm(class0 - centre, axis=0).max() < nndata.LECTURE_RING_RADIUS - 1.5


def test_logistic_regression_cannot_fit_it_but_the_hidden_layers_can():
    X, Y = nndata.load_lecture_data()
    for rate in (0.01, 0.1, 1.0):
        params, _ = ref.train(X, Y, [2, 1], learning_rate=rate, num_iterations=5000, init="zeros", record_every=5000)
        assert np.mean(ref.predict(X, params) == Y) < 1.0
    params, costs = ref.train(X, Y, DIMS, num_iterations=20000, target_cost=0.05, record_every=1000, **ref.fast_settings())
    assert costs[-1] < 0.05
    assert np.mean(ref.predict(X, params) == Y) == 1.0


def test_fast_settings_reach_005_from_every_seed_tried():
    X, Y = nndata.load_lecture_data()
    needed = {}
    for seed in range(1, 11):
        _, costs = ref.train(X, Y, DIMS, num_iterations=20000, target_cost=0.05, record_every=1, seed=seed,
                             **ref.fast_settings())
        assert costs[-1] < 0.05, f"seed {seed}: cost {costs[-1]:.3f} after 20,000 iterations"
        needed[seed] = len(costs) - 1
    assert max(needed.values()) < 10000, needed


def test_from_zeros_only_the_output_bias_learns_the_log_odds():
    """All-zero weights: every hidden gradient stays exactly zero; b[L] learns log(n1 / n0)."""
    X, Y = nndata.load_lecture_data()
    params, costs = ref.train(X, Y, DIMS, learning_rate=0.5, num_iterations=3000, init="zeros", record_every=1000)
    for name, value in params.items():
        if name != "b3":
            assert not np.any(value), f"{name} moved from zero"
    assert params["b3"][0, 0] == pytest.approx(math.log(22 / 13), abs=1e-6)
    assert costs[-1] == pytest.approx(entropy(13, 22), abs=1e-9)


def test_load_circles_defaults_are_the_decks_make_circles():
    """The deck calls make_circles(n_samples=35, noise=.05): scikit-learn's default factor, 0.8."""
    import inspect

    from sklearn.datasets import make_circles

    assert inspect.signature(make_circles).parameters["factor"].default == 0.8
    for seed in (0, 1, 42):
        X, Y = nndata.load_circles(seed=seed)
        points, labels = make_circles(n_samples=35, noise=.05, random_state=seed)
        np.testing.assert_array_equal(X, points.T)
        np.testing.assert_array_equal(Y, labels.reshape(1, -1))


# Exercise 1's settings: the deck's initialization (train's defaults, seed 1), layer_dims (2, 6, 1), 2,000 iterations.
EX1_RATES = [0.01, 0.1, 1.0, 3.0, 10.0]
EX1_DIMS = [2, 6, 1]


def test_exercise_1_settings_show_the_effect_of_the_learning_rate():
    """Too small is slow, 0.1 converges smoothly, 1.0 faster with bumps, 3.0 and 10.0 jump around."""
    X, Y = nndata.load_lecture_data()
    runs = {rate: np.array(ref.train(X, Y, EX1_DIMS, learning_rate=rate, num_iterations=2000, record_every=100)[1])
            for rate in EX1_RATES}
    rises = {rate: int(np.sum(np.diff(costs) > 1e-4)) for rate, costs in runs.items()}
    assert runs[0.01][-1] > 0.5 and rises[0.01] == 0                      # slow: still high after 2,000
    assert runs[0.1][-1] < 0.1 and rises[0.1] == 0                        # converges, never going up
    assert runs[1.0][-1] < 0.1 and rises[1.0] > 0                         # fast, with bumps
    for rate in (3.0, 10.0):                                              # jumps around instead of settling
        assert rises[rate] >= 5 and runs[rate][-10:].mean() > 0.3 and np.ptp(runs[rate][-10:]) > 0.1
    sweep = ref.learning_rate_sweep(X, Y, EX1_RATES, layer_dims=EX1_DIMS, num_iterations=2000)
    assert sweep[0.1] < sweep[0.01] and sweep[1.0] < sweep[3.0] < sweep[10.0]


def test_exercise_1_settings_do_not_pass_the_graded_fast_settings_check():
    """Showing these rates gives nothing of exercise 2 away: from the deck's initialization none reaches 0.05."""
    X, Y = nndata.load_lecture_data()
    for rate in EX1_RATES:
        _, costs = ref.train(X, Y, DIMS, learning_rate=rate, num_iterations=20000, target_cost=0.05, record_every=1000,
                             init="random", init_scale=0.01)
        assert costs[-1] >= 0.05, rate
