"""The private reference (solutions/deepnn.py): shapes, values, gradients, training, errors.

Every other part of the kit (tests, site, grader) trusts the reference, so this file
checks it against independent computations: numerical gradients, hand-computed
values and properties of training.
"""

import math

import numpy as np
import pytest

from autograder.reference import load_reference

ref = load_reference()  # also puts course/ (the public helpers) on sys.path

import nndata  # noqa: E402

DEPTHS = {1: [3, 1], 2: [3, 4, 1], 3: [2, 3, 4, 1], 4: [4, 5, 3, 2, 1]}


def random_problem(dims, m, seed):
    rng = np.random.RandomState(seed)
    X = rng.randn(dims[0], m)
    Y = (rng.rand(1, m) > 0.5).astype(np.int64)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = rng.randn(dims[l], dims[l - 1]) * 0.8
        parameters[f"b{l}"] = rng.randn(dims[l], 1) * 0.3
    return X, Y, parameters


def rel_error(x, y):
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))


# ---------------------------------------------------------------- initialization

@pytest.mark.parametrize("method", ["random", "zeros", "xavier", "he"])
@pytest.mark.parametrize("L", [1, 4])
def test_initialize_shapes_and_dtype(method, L):
    dims = DEPTHS[L]
    p = ref.initialize_parameters(dims, method=method)
    assert sorted(p) == sorted([f"W{l}" for l in range(1, L + 1)] + [f"b{l}" for l in range(1, L + 1)])
    for l in range(1, L + 1):
        assert p[f"W{l}"].shape == (dims[l], dims[l - 1])
        assert p[f"b{l}"].shape == (dims[l], 1)
        assert p[f"W{l}"].dtype == np.float64


def test_initialize_values_follow_each_scheme():
    dims = [2, 3, 4, 1]
    rng = np.random.RandomState(7)
    W1, b1 = rng.randn(3, 2) * 0.05, rng.randn(3, 1)
    random = ref.initialize_parameters(dims, "random", scale=0.05, seed=7)
    np.testing.assert_array_equal(random["W1"], W1)
    np.testing.assert_array_equal(random["b1"], b1)
    zeros = ref.initialize_parameters(dims, "zeros")
    assert all(not v.any() for v in zeros.values())
    rng = np.random.RandomState(7)
    xavier = ref.initialize_parameters(dims, "xavier", seed=7)
    np.testing.assert_allclose(xavier["W1"], rng.randn(3, 2) * np.sqrt(1 / 2))
    assert not xavier["b1"].any()
    rng = np.random.RandomState(7)
    he = ref.initialize_parameters(dims, "he", seed=7)
    np.testing.assert_allclose(he["W1"], rng.randn(3, 2) * np.sqrt(2 / 2))


def test_initialize_is_reproducible_and_leaves_global_state_alone():
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    a = ref.initialize_parameters([2, 3, 1], seed=5)
    b = ref.initialize_parameters([2, 3, 1], seed=5)
    c = ref.initialize_parameters([2, 3, 1], seed=6)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not np.array_equal(a["W1"], c["W1"])
    np.testing.assert_array_equal(np.random.get_state()[1], before)


# ---------------------------------------------------------------- forward

def test_activations_values():
    Z = np.array([[-2.0, 0.0, 3.0]])
    np.testing.assert_allclose(ref.activation_forward(Z, "tanh"), np.tanh(Z))
    np.testing.assert_allclose(ref.activation_forward(Z, "sigmoid"), 1 / (1 + np.exp(-Z)))
    np.testing.assert_allclose(ref.activation_forward(Z, "relu"), [[0.0, 0.0, 3.0]])
    # The sigmoid never overflows and stays in [0, 1].
    extreme = ref.activation_forward(np.array([[-1000.0, 1000.0]]), "sigmoid")
    np.testing.assert_array_equal(extreme, [[0.0, 1.0]])


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
def test_activation_backward_matches_numerical_derivative(activation):
    rng = np.random.RandomState(0)
    Z = rng.randn(3, 4) + 0.05  # away from relu's kink
    dA = rng.randn(3, 4)
    h = 1e-6
    numerical = dA * (ref.activation_forward(Z + h, activation) - ref.activation_forward(Z - h, activation)) / (2 * h)
    assert rel_error(ref.activation_backward(dA, Z, activation), numerical) < 1e-7


def test_linear_forward_broadcasts_b_over_columns():
    A_prev = np.array([[1.0, 2.0], [3.0, 4.0]])
    W = np.array([[1.0, -1.0]])
    b = np.array([[0.5]])
    np.testing.assert_allclose(ref.linear_forward(A_prev, W, b), [[-1.5, -1.5]])


@pytest.mark.parametrize("L", [1, 2, 3, 4])
@pytest.mark.parametrize("m", [1, 7])
def test_model_forward_shapes_and_values(L, m):
    dims = DEPTHS[L]
    X, _, p = random_problem(dims, m, seed=L * 10 + m)
    AL, caches = ref.model_forward(X, p)
    assert AL.shape == (1, m) and len(caches) == L
    A = X
    for l in range(1, L + 1):
        Z = p[f"W{l}"] @ A + p[f"b{l}"]
        A = 1 / (1 + np.exp(-Z)) if l == L else np.tanh(Z)
    np.testing.assert_allclose(AL, A, rtol=1e-12)


def test_compute_cost_value_and_type():
    AL = np.array([[0.8, 0.1, 0.6]])
    Y = np.array([[1, 0, 0]])
    expected = -(math.log(0.8) + math.log(0.9) + math.log(0.4)) / 3
    cost = ref.compute_cost(AL, Y)
    assert type(cost) is float
    assert cost == pytest.approx(expected, rel=1e-12)


def test_compute_cost_is_finite_at_zero_and_one():
    cost = ref.compute_cost(np.array([[0.0, 1.0, 1.0]]), np.array([[1, 0, 1]]))
    assert math.isfinite(cost) and cost > 10


# ---------------------------------------------------------------- backward: gradient check

def numerical_grads(X, Y, parameters, hidden_activation, h=1e-6):
    grads = {}
    for name, value in parameters.items():
        g = np.zeros_like(value)
        for idx in np.ndindex(value.shape):
            plus = {k: v.copy() for k, v in parameters.items()}
            minus = {k: v.copy() for k, v in parameters.items()}
            plus[name][idx] += h
            minus[name][idx] -= h
            J_plus = ref.compute_cost(ref.model_forward(X, plus, hidden_activation)[0], Y)
            J_minus = ref.compute_cost(ref.model_forward(X, minus, hidden_activation)[0], Y)
            g[idx] = (J_plus - J_minus) / (2 * h)
        grads["d" + name] = g
    return grads


@pytest.mark.parametrize("L", [1, 2, 3, 4])
@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
def test_gradient_check(L, activation):
    """Centered differences in float64: relative error below 1e-7 (the issue's bar)."""
    X, Y, p = random_problem(DEPTHS[L], 5, seed=100 + L)
    AL, caches = ref.model_forward(X, p, activation)
    grads = ref.model_backward(AL, Y, caches, activation)
    numerical = numerical_grads(X, Y, p, activation)
    assert sorted(grads) == sorted(numerical)
    flat = np.concatenate([grads[k].ravel() for k in sorted(grads)])
    flat_num = np.concatenate([numerical[k].ravel() for k in sorted(grads)])
    # The measure: the norm-based relative error of the whole gradient vector.
    error = np.linalg.norm(flat - flat_num) / (np.linalg.norm(flat) + np.linalg.norm(flat_num))
    assert error < 1e-7, f"L={L} {activation}: relative error {error:.2e}"
    for k in grads:
        assert grads[k].shape == p[k[1:]].shape


def test_layer_backward_m_equals_one():
    X, Y, p = random_problem([3, 2], 1, seed=3)
    A, cache = ref.layer_forward(X, p["W1"], p["b1"], "tanh")
    dA_prev, dW, db = ref.layer_backward(np.ones_like(A), cache, "tanh")
    assert dA_prev.shape == (3, 1) and dW.shape == (2, 3) and db.shape == (2, 1)


# ---------------------------------------------------------------- update, train, predict

def test_update_parameters_returns_new_dict_and_leaves_inputs():
    p = {"W1": np.ones((2, 2)), "b1": np.ones((2, 1))}
    g = {"dW1": np.full((2, 2), 2.0), "db1": np.full((2, 1), -1.0)}
    p_copy = {k: v.copy() for k, v in p.items()}
    g_copy = {k: v.copy() for k, v in g.items()}
    new = ref.update_parameters(p, g, 0.1)
    np.testing.assert_allclose(new["W1"], 0.8)
    np.testing.assert_allclose(new["b1"], 1.1)
    assert new is not p
    for k in p:
        np.testing.assert_array_equal(p[k], p_copy[k])
    for k in g:
        np.testing.assert_array_equal(g[k], g_copy[k])


def test_train_records_every_and_matches_manual_loop():
    X, Y = nndata.load_lecture_data()
    p0 = ref.initialize_parameters([2, 3, 1], "xavier", seed=3)
    params, costs = ref.train(X, Y, [2, 3, 1], learning_rate=0.2, num_iterations=25, record_every=10, parameters=p0)
    manual, manual_costs = {k: v.copy() for k, v in p0.items()}, []
    for i in range(25):
        AL, caches = ref.model_forward(X, manual)
        if i % 10 == 0:
            manual_costs.append(ref.compute_cost(AL, Y))
        manual = ref.update_parameters(manual, ref.model_backward(AL, Y, caches), 0.2)
    assert costs == manual_costs and len(costs) == 3
    for k in manual:
        np.testing.assert_allclose(params[k], manual[k], rtol=1e-12)
    # the given starting point was not modified
    np.testing.assert_array_equal(p0["W1"], ref.initialize_parameters([2, 3, 1], "xavier", seed=3)["W1"])


def test_train_stops_at_target_cost_off_the_grid():
    X, Y = nndata.load_lecture_data()
    settings = ref.fast_settings()
    _, full = ref.train(X, Y, [2, 3, 4, 1], num_iterations=1300, record_every=1, **settings)
    # A target first crossed at iteration 1234, between two recorded iterations (every 100).
    target = full[1234] + 1e-12
    first_below = next(i for i, c in enumerate(full) if c < target)
    assert first_below % 100 != 0
    _, costs = ref.train(X, Y, [2, 3, 4, 1], num_iterations=20000, record_every=100, target_cost=target, **settings)
    assert costs[-1] == full[first_below] < target
    assert costs[:-1] == full[0:first_below:100]


def test_predict_is_int_zero_one_row():
    X, _, p = random_problem([3, 4, 1], 6, seed=9)
    pred = ref.predict(X, p)
    assert pred.shape == (1, 6) and pred.dtype.kind == "i"
    AL, _ = ref.model_forward(X, p)
    np.testing.assert_array_equal(pred, (AL > 0.5).astype(int))


# ---------------------------------------------------------------- the exercises

def test_zero_initialization_keeps_hidden_units_symmetric():
    X, Y = nndata.load_lecture_data()
    params, costs = ref.train(X, Y, [2, 3, 4, 1], learning_rate=0.5, num_iterations=500, init="zeros")
    for l in (1, 2):
        W = params[f"W{l}"]
        assert np.allclose(W, W[0]), f"rows of W{l} differ after zero initialization"
        assert np.allclose(params[f"b{l}"], params[f"b{l}"][0])
    # it learns nothing but the base rate: the cost sits at the entropy of the 13/22 split
    p1 = 22 / 35
    assert costs[-1] == pytest.approx(-(p1 * math.log(p1) + (1 - p1) * math.log(1 - p1)), abs=1e-3)


def test_fast_settings_beat_the_decks_setting_tenfold():
    X, Y = nndata.load_lecture_data()
    settings = ref.fast_settings()
    assert sorted(settings) == ["init", "init_scale", "learning_rate"]
    _, fast = ref.train(X, Y, [2, 3, 4, 1], num_iterations=20000, target_cost=0.05, record_every=100, **settings)
    assert fast[-1] < 0.05
    iterations_needed = (len(fast) - 1) * 100
    # The deck's setting (random * 0.01, alpha = 0.01) given ten times as many iterations is still on its plateau.
    _, deck = ref.train(X, Y, [2, 3, 4, 1], learning_rate=0.01, num_iterations=10 * iterations_needed, record_every=1000)
    assert min(deck) > 0.6


def test_fast_settings_converge_for_every_seed():
    """Not a lucky seed: the cost gets below 0.05 from five initializations, each well within the 20,000 allowed."""
    X, Y = nndata.load_lecture_data()
    needed = []
    for seed in range(1, 6):
        _, costs = ref.train(X, Y, [2, 3, 4, 1], num_iterations=20000, target_cost=0.05, record_every=1, seed=seed,
                             **ref.fast_settings())
        assert costs[-1] < 0.05, f"seed {seed}: cost {costs[-1]:.3f} after 20,000 iterations"
        needed.append(len(costs) - 1)
    assert max(needed) < 10000, needed


def test_circles_settings_generalize():
    settings = dict(ref.circles_settings())
    dims = settings.pop("layer_dims")
    accuracies = []
    for data_seed in range(5):
        X, Y = nndata.load_circles(35, noise=0.05, seed=data_seed)
        X_test, Y_test = nndata.load_circles(500, noise=0.05, seed=1000 + data_seed)
        params, _ = ref.train(X, Y, dims, **settings)
        accuracies.append(np.mean(ref.predict(X_test, params, settings["hidden_activation"]) == Y_test))
    # ex4's bar is 85 % on the mean of two data sets (the deck's factor 0.8); a margin on every one, not only on average
    assert np.mean(accuracies) >= 0.9, accuracies
    assert min(accuracies) >= 0.87, accuracies


def test_learning_rate_sweep_reports_final_costs():
    X, Y = nndata.load_lecture_data()
    sweep = ref.learning_rate_sweep(X, Y, [0.01, 0.3], num_iterations=50)
    assert list(sweep) == [0.01, 0.3]
    params, _ = ref.train(X, Y, [2, 3, 4, 1], learning_rate=0.3, num_iterations=50)
    assert sweep[0.3] == ref.compute_cost(ref.model_forward(X, params)[0], Y)


# ---------------------------------------------------------------- plots

def test_plot_decision_boundary_is_one_filled_grid_and_class_markers():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import PathCollection

    X, Y = nndata.load_lecture_data()
    params = ref.initialize_parameters([2, 3, 1], "xavier")
    ax = ref.plot_decision_boundary(params, X, Y)
    scatters = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(scatters) == 2, "one scatter per class, not one per grid point"
    assert sum(len(s.get_offsets()) for s in scatters) == X.shape[1]
    assert len(ax.collections) <= 3
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    plt.close(ax.figure)


def test_plot_costs_line_is_the_costs():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = ref.plot_costs([0.7, 0.6, 0.5], record_every=50)
    line = ax.get_lines()[0]
    assert list(line.get_ydata()) == [0.7, 0.6, 0.5]
    assert list(line.get_xdata()) == [0, 50, 100]
    assert ax.get_xlabel() and ax.get_ylabel()
    plt.close(ax.figure)


# ---------------------------------------------------------------- bad input gets a clear error

@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: ref.model_forward(np.ones((3, 4)), ref.initialize_parameters([2, 1])), "rows"),
        (lambda: ref.compute_cost(np.full((1, 4), 0.5), np.ones(4)), "shape (1, m)"),
        (lambda: ref.compute_cost(np.full((1, 4), 0.5), np.ones((4, 1))), "shape (1, m)"),
        (lambda: ref.train(np.ones((2, 4)), np.ones((1, 3)), [2, 1]), "(1, 4)"),
        (lambda: ref.activation_forward(np.ones((1, 1)), "softmax"), "'tanh', 'sigmoid', 'relu'"),
        (lambda: ref.model_forward(np.ones((2, 1)), ref.initialize_parameters([2, 1]), "elu"), "choose one of"),
        (lambda: ref.initialize_parameters([2, 1], method="glorot"), "'random', 'zeros', 'xavier', 'he'"),
        (lambda: ref.initialize_parameters([]), "at least two"),
        (lambda: ref.train(np.ones((2, 4)), np.ones((1, 4)), []), "at least two"),
        (lambda: ref.train(np.ones((2, 4)), np.ones((1, 4)), [3, 1]), "must match"),
    ],
)
def test_bad_input_gets_a_clear_error(call, words):
    with pytest.raises(ValueError) as error:
        call()
    assert words in str(error.value)


# ---------------------------------------------------------------- data

def test_lecture_data_shape_labels_and_determinism():
    X, Y = nndata.load_lecture_data()
    assert X.shape == (2, 35) and Y.shape == (1, 35)
    assert Y[0, :13].sum() == 0 and Y[0, 13:].sum() == 22
    assert np.all(np.isfinite(X)) and X.dtype == np.float64
    X2, Y2 = nndata.load_lecture_data()
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(Y, Y2)


def test_circles_data_is_seeded():
    a = nndata.load_circles(20, noise=0.05, seed=4)
    b = nndata.load_circles(20, noise=0.05, seed=4)
    c = nndata.load_circles(20, noise=0.05, seed=5)
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[0], c[0])
    assert a[0].shape == (2, 20) and a[1].shape == (1, 20)


@pytest.mark.parametrize("n_samples", [2, 3, 35, 500, 1001])
def test_circles_are_scikit_learns_make_circles_point_for_point(n_samples):
    """load_circles reimplements make_circles in numpy (no 2 s scikit-learn import when grading): same points, same labels."""
    from sklearn.datasets import make_circles

    for seed in (0, 1, 12345):
        for noise in (None, 0.05, 0.3):
            for factor in (0.5, 0.8):
                X, Y = nndata.load_circles(n_samples, noise=noise, seed=seed, factor=factor)
                points, labels = make_circles(n_samples=n_samples, noise=noise, random_state=seed, factor=factor)
                np.testing.assert_array_equal(X, points.T)
                np.testing.assert_array_equal(Y, labels.reshape(1, -1))
                assert X.dtype == np.float64 and Y.dtype == np.int64


def test_circles_refuse_bad_sizes_with_a_clear_message():
    for bad in (1, 0, 2.5, True):
        with pytest.raises(ValueError, match="n_samples >= 2"):
            nndata.load_circles(bad)
    with pytest.raises(ValueError, match="0 < factor < 1"):
        nndata.load_circles(10, factor=1.5)
