"""q2_forward: activation_forward, linear_forward, layer_forward, model_forward."""

import numpy as np
from otter.test_files import test_case

import gradecheck

OK_FORMAT = False

name = "q2_forward"

Z23 = np.array([[-2.0, -0.5, 0.0], [0.25, 1.0, 3.0]])
ACT_TANH = np.array([[-0.9640275800758169, -0.46211715726000974, 0.0], [0.24491866240370913, 0.7615941559557649, 0.9950547536867305]])
ACT_SIGMOID = np.array([[0.11920292202211757, 0.3775406687981454, 0.5], [0.5621765008857981, 0.7310585786300049, 0.9525741268224333]])
ACT_RELU = np.array([[0.0, 0.0, 0.0], [0.25, 1.0, 3.0]])

A_PREV = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])
W = np.array([[0.2, -0.4], [1.0, 0.5], [-0.3, 0.1]])
B = np.array([[0.1], [-0.2], [0.0]])
LINEAR = np.array([[0.30000000000000004, -1.5, 0.6], [0.8, -0.7, -0.2], [-0.3, 0.9, -0.25]])
LAYER_TANH = np.array([[0.29131261245159096, -0.9051482536448665, 0.5370495669980352], [0.664036770267849, -0.6043677771171634, -0.197375320224904], [-0.2913126124515909, 0.7162978701990245, -0.24491866240370913]])
LAYER_RELU = np.array([[0.30000000000000004, 0.0, 0.6], [0.8, 0.0, 0.0], [0.0, 0.9, 0.0]])

X4 = np.array([[0.5, -1.2, 2.0, 0.0], [1.5, 0.3, -0.7, -2.0]])
P231 = {"W1": np.array([[0.4, -0.6], [-0.3, 0.8], [0.9, 0.2]]), "b1": np.array([[0.1], [-0.2], [0.05]]),
        "W2": np.array([[0.7, -0.5, 0.3]]), "b2": np.array([[-0.1]])}
P21 = {"W1": np.array([[0.8, -0.4]]), "b1": np.array([[0.2]])}
AL_231 = np.array([[0.3492679878506134, 0.2952189359598951, 0.7731071099621298, 0.7059296484294235]])
AL_231_RELU = np.array([[0.42922838810550823, 0.425557483188341, 0.7919961596295932, 0.6921095043017882]])
AL_21 = np.array([[0.5, 0.2931777789064324, 0.8889440332885925, 0.7310585786300049]])


@test_case(points=2, hidden=False, name="q2_forward - activation_forward")
def public_activations(activation_forward):
    check = gradecheck.Check()
    for activation, expected in (("tanh", ACT_TANH), ("sigmoid", ACT_SIGMOID), ("relu", ACT_RELU)):
        A = check.call(activation_forward, "activation_forward", Z23.copy(), activation)
        check.array(A, expected, "A")
    big = np.array([[-1000.0, 0.0, 1000.0]])
    A = check.call(activation_forward, "activation_forward", big, "sigmoid")
    check.array(A, np.array([[0.0, 0.5, 1.0]]), "A", atol=1e-12)


@test_case(points=2, hidden=False, name="q2_forward - linear_forward and layer_forward")
def public_layer(linear_forward, layer_forward):
    check = gradecheck.Check()
    inputs = [gradecheck.snapshot(x) for x in (A_PREV, W, B)]
    Z = check.call(linear_forward, "linear_forward", A_PREV.copy(), W.copy(), B.copy())
    check.array(Z, LINEAR, "Z", hints={"Z = W A_prev + b: add b (shape (n[l], 1)) to every column": LINEAR - B})
    for activation, expected in (("tanh", LAYER_TANH), ("relu", LAYER_RELU)):
        args = [A_PREV.copy(), W.copy(), B.copy()]
        result = check.call(layer_forward, "layer_forward", *args, activation)
        result = check.returns(result, ('A', 'cache'))
        check.array(result[0], expected, "A")
        for arg, before, what in zip(args, inputs, ("A_prev", "W", "b")):
            check.unchanged(before, arg, what, "layer_forward")


def _probabilities(check, AL):
    """AL must be probabilities: the sigmoid's outputs lie in [0, 1]."""
    if isinstance(AL, np.ndarray) and AL.dtype.kind == "f" and AL.size and np.all(np.isfinite(AL)):
        check.true(AL.min() >= 0.0 and AL.max() <= 1.0, "AL holds values outside [0, 1]: it must be probabilities"
                   + ("" if check.hidden else f" (got {gradecheck.show(AL)} from {check.last_call})"),
                   "the output layer uses the sigmoid, whatever hidden_activation is")


@test_case(points=3, hidden=False, name="q2_forward - model_forward (L = 2 and L = 1)")
def public_model(model_forward):
    check = gradecheck.Check()
    for params, activation, expected in ((P231, "tanh", AL_231), (P231, "relu", AL_231_RELU), (P21, "tanh", AL_21)):
        X = X4.copy()
        p = gradecheck.snapshot(params)
        result = check.call(model_forward, "model_forward", X, p, activation)
        result = check.returns(result, ('AL', 'caches'))
        AL, caches = result
        L = len(params) // 2
        _probabilities(check, AL)
        hints = None
        if L == 2:
            hints = {f"hidden layers must use hidden_activation ({activation!r} here)":
                     AL_231_RELU if activation == "tanh" else AL_231}
        check.array(AL, expected, "AL", hints=hints)
        check.true(hasattr(caches, "__len__") and len(caches) == L,
                   f"{check.last_call} must return one cache per layer: expected {L}, got "
                   f"{len(caches) if hasattr(caches, '__len__') else type(caches).__name__}")
        check.unchanged(X4, X, "X", "model_forward")
        check.unchanged(params, p, "parameters", "model_forward")


@test_case(points=2, hidden=True, name="q2_forward - activations and one layer match the reference")
def hidden_layers(activation_forward, linear_forward, layer_forward, ref, seed):
    check, rng = gradecheck.hidden_case(seed, "q2_layers")
    for n, n_prev, m in ((1, 1, 1), (4, 3, 5), (2, 6, 1)):
        Z = rng.randn(n, m) * 3
        for activation in gradecheck.ACTIVATIONS:
            check.array(check.call(activation_forward, "activation_forward", Z.copy(), activation),
                        ref.activation_forward(Z, activation), f"A ({activation})")
        A_prev, W, b = rng.randn(n_prev, m), rng.randn(n, n_prev), rng.randn(n, 1)
        check.array(check.call(linear_forward, "linear_forward", A_prev.copy(), W.copy(), b.copy()),
                    ref.linear_forward(A_prev, W, b), "Z (linear_forward)")
        for activation in gradecheck.ACTIVATIONS:
            result = check.call(layer_forward, "layer_forward", A_prev.copy(), W.copy(), b.copy(), activation)
            result = check.returns(result, ('A', 'cache'))
            check.array(result[0], ref.layer_forward(A_prev, W, b, activation)[0], f"A (layer_forward, {activation})")


@test_case(points=3, hidden=True, name="q2_forward - model_forward matches the reference (L = 1, 2, 4; m = 1)")
def hidden_model(model_forward, ref, seed):
    check, rng = gradecheck.hidden_case(seed, "q2_model")
    for depth, m, activation in ((1, 1, "tanh"), (2, 7, "tanh"), (4, 5, "relu"), (3, 1, "sigmoid"), (2, 3, "relu")):
        dims = gradecheck.random_layer_dims(rng, depth, high=6)
        params = gradecheck.random_parameters(rng, dims)
        X = rng.randn(dims[0], m)
        p, Xc = gradecheck.snapshot(params), X.copy()
        result = check.call(model_forward, "model_forward", Xc, p, activation)
        result = check.returns(result, ('AL', 'caches'))
        AL, caches = result
        _probabilities(check, AL)
        expected, ref_caches = ref.model_forward(X, params, activation)
        hints = {}
        if activation != "sigmoid":
            # the reference's cache is (A_prev, W, b, Z): the output layer's Z through the hidden activation
            hints["the output layer uses the sigmoid, whatever hidden_activation is"] = \
                ref.activation_forward(ref_caches[-1][3], activation)
            if depth > 1:
                hints[f"hidden layers must use hidden_activation ({activation!r} here)"] = \
                    ref.model_forward(X, params, "sigmoid")[0]
        check.array(AL, expected, f"AL (L = {depth}, m = {m}, {activation})", hints=hints)
        check.true(hasattr(caches, "__len__") and len(caches) == depth, f"model_forward must return one cache per layer (L = {depth})")
        check.unchanged(X, Xc, "X", "model_forward")
        check.unchanged(params, p, "parameters", "model_forward")
