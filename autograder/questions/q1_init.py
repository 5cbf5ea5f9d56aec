"""q1_init: initialize_parameters (shapes, dtypes, the four methods, reproducible seeds)."""

import numpy as np
from otter.test_files import test_case

import gradecheck

OK_FORMAT = False

name = "q1_init"

# initialize_parameters([2, 3, 1], "random", 0.01, seed=1)
RANDOM_231 = {'W1': np.array([[0.01624345363663242, -0.006117564136500754], [-0.005281717522634557, -0.010729686221561705], [0.008654076293246785, -0.02301538696880283]]), 'b1': np.array([[1.74481176421648], [-0.7612069008951028], [0.31903909605709857]]), 'W2': np.array([[-0.0024937037547741008, 0.01462107937044974, -0.02060140709497654]]), 'b2': np.array([[-0.3224172040135075]])}
# initialize_parameters([3, 2, 1], "xavier", seed=2)
XAVIER_321 = {'W1': np.array([[-0.2406152553864374, -0.03248566784556749, -1.2333333908760094], [0.9470107927765052, -1.0354405178865083, -0.4859830681512677]]), 'b1': np.array([[0.0], [0.0]]), 'W2': np.array([[0.3555908602051531, -0.8805516505707942]]), 'b2': np.array([[0.0]])}
# initialize_parameters([3, 2, 1], "he", seed=2)
HE_321 = {'W1': np.array([[-0.34028135748136573, -0.0459416720499491, -1.7441968083044503], [1.3392755068582305, -1.4643340234257212, -0.687283846063211]]), 'b1': np.array([[0.0], [0.0]]), 'W2': np.array([[0.5028814171580428, -1.2452880866072316]]), 'b2': np.array([[0.0]])}

# xavier scaled by sqrt(1 / n[l]) instead of sqrt(1 / n[l-1]), same seed
XAVIER_321_WRONG_N = {'W1': np.array([[-0.2946923000131167, -0.03978665508758943, -1.5105187451913908], [1.1598466116055077, -1.268150463912552, -0.5952052703014143]]), 'W2': np.array([[0.5028814171580428, -1.2452880866072316]])}
DRAW_ORDER = ("create rng = np.random.RandomState(seed) once, then for l = 1..L draw W[l] = rng.randn(n[l], n[l-1]) "
              "and then b[l] (for 'random') from it, in that order")

METHODS = gradecheck.INIT_METHODS


def _shapes(dims):
    shapes = {}
    for l in range(1, len(dims)):
        shapes[f"W{l}"] = (dims[l], dims[l - 1])
        shapes[f"b{l}"] = (dims[l], 1)
    return shapes


@test_case(points=2, hidden=False, name="q1_init - shapes and dtypes")
def public_shapes(initialize_parameters):
    check = gradecheck.Check()
    for dims in ([2, 3, 4, 1], [5, 1]):
        for method in METHODS:
            p = check.call(initialize_parameters, "initialize_parameters", dims, method=method)
            check.shapes(p, _shapes(dims))


@test_case(points=2, hidden=False, name="q1_init - values of the four methods")
def public_values(initialize_parameters):
    check = gradecheck.Check()
    random_hints = {
        "W1": {"W must be multiplied by scale (0.01 here): W = rng.randn(n[l], n[l-1]) * scale": RANDOM_231["W1"] / 0.01},
        "b1": {"with method 'random', b is standard normal too (the lecture's scheme): b = rng.randn(n[l], 1)": np.zeros((3, 1))},
    }
    p = check.call(initialize_parameters, "initialize_parameters", [2, 3, 1], method="random", scale=0.01, seed=1)
    check.params(p, RANDOM_231, hints=random_hints, hint=DRAW_ORDER)
    p = check.call(initialize_parameters, "initialize_parameters", [3, 2, 1], method="zeros")
    check.params(p, {k: np.zeros_like(v) for k, v in XAVIER_321.items()})
    p = check.call(initialize_parameters, "initialize_parameters", [3, 2, 1], method="xavier", seed=2)
    wrong_n = "the scale uses the previous layer's size: sqrt(1 / n[l-1]), not sqrt(1 / n[l])"
    check.params(p, XAVIER_321, hints={"W1": {"xavier multiplies by sqrt(1 / n[l-1]), not sqrt(2 / n[l-1])": HE_321["W1"],
                                              wrong_n: XAVIER_321_WRONG_N["W1"]},
                                       "W2": {wrong_n: XAVIER_321_WRONG_N["W2"]}})
    p = check.call(initialize_parameters, "initialize_parameters", [3, 2, 1], method="he", seed=2)
    check.params(p, HE_321, hints={"W1": {"he multiplies by sqrt(2 / n[l-1]), not sqrt(1 / n[l-1])": XAVIER_321["W1"]}})


@test_case(points=1, hidden=False, name="q1_init - seeds and bad methods")
def public_seeds(initialize_parameters, submission_source):
    check = gradecheck.Check()
    _, key, position, has_gauss, gauss = np.random.get_state()
    state = (key.copy(), position, has_gauss, gauss)
    a = check.call(initialize_parameters, "initialize_parameters", [4, 3, 2, 1], method="he", seed=7)
    b = check.call(initialize_parameters, "initialize_parameters", [4, 3, 2, 1], method="he", seed=7)
    c = check.call(initialize_parameters, "initialize_parameters", [4, 3, 2, 1], method="he", seed=8)
    check.true(gradecheck.same_value(a, b), "initialize_parameters with the same seed gave different numbers",
               "draw from rng = np.random.RandomState(seed), created inside the function")
    check.true(not np.allclose(a["W1"], c["W1"]), "initialize_parameters with seeds 7 and 8 gave the same W1",
               "pass seed to np.random.RandomState(seed)")
    _, key, position, has_gauss, gauss = np.random.get_state()
    check.true(np.array_equal(state[0], key) and state[1:] == (position, has_gauss, gauss),
               "initialize_parameters changed NumPy's global random state",
               "use rng = np.random.RandomState(seed) and rng.randn(...), not np.random.seed / np.random.randn")
    check.raises(initialize_parameters, "initialize_parameters", ValueError, [2, 3, 1], method="uniform")
    calls = gradecheck.global_random_calls(submission_source, initialize_parameters, "initialize_parameters")
    check.true(not calls, f"initialize_parameters uses NumPy's global random state ({', '.join(calls)})",
               "use rng = np.random.RandomState(seed) and rng.randn(...), not np.random.seed / np.random.randn")


@test_case(points=3, hidden=True, name="q1_init - matches the reference (random sizes, methods, seeds)")
def hidden_reference(initialize_parameters, ref, seed):
    check, rng = gradecheck.hidden_case(seed, "q1_init")
    for depth in (1, 2, 4):
        for method in METHODS:
            dims = [int(n) for n in rng.randint(1, 7, size=depth + 1)]
            scale = float(rng.choice([0.01, 0.1, 1.0]))
            init_seed = int(rng.randint(0, 10000))
            got = check.call(initialize_parameters, "initialize_parameters", dims, method=method, scale=scale, seed=init_seed)
            expected = ref.initialize_parameters(dims, method=method, scale=scale, seed=init_seed)
            check.shapes(got, {k: v.shape for k, v in expected.items()}, what=f"parameters ({method!r}, L = {depth})")
            check.params(got, expected, what=f"parameters ({method!r}, L = {depth})", rtol=1e-10, atol=1e-12)
