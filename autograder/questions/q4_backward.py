"""q4_backward: activation_backward, layer_backward, model_backward (values and gradient check)."""

import numpy as np
from otter.test_files import test_case

import gradecheck

OK_FORMAT = False

name = "q4_backward"

Z23 = np.array([[-2.0, -0.5, 0.0], [0.25, 1.0, 3.0]])
DA23 = np.array([[1.0, -0.5, 2.0], [0.3, 1.5, -1.0]])
DZ_TANH = np.array([[0.07065082485316443, -0.3932238664829637, 2.0], [0.28200445464191337, 0.6299615124210391, -0.009866037165440211]])
DZ_SIGMOID = np.array([[0.10499358540350653, -0.11750185610079725, 0.5], [0.07384022482127951, 0.2949178998622228, -0.0451766597309121]])
# relu's derivative at exactly 0 is a convention: its test input has no zero
Z_RELU = np.array([[-2.0, -0.5, 0.75], [0.25, 1.0, -3.0]])
DZ_RELU = np.array([[0.0, -0.0, 2.0], [0.3, 1.5, -0.0]])
# known wrong answers for tanh, to turn into hints
DZ_TANH_A_1_MINUS_A = np.array([[-1.8933767552226526, 0.33783471214704114, 0.0], [0.055480053363026124, 0.2723527463546865, -0.00492079085217063]])
DZ_TANH_Z_SQUARED = np.array([[-3.0, -0.375, 2.0], [0.28125, 0.0, 8.0]])
TANH_HINTS = {
    "that is the sigmoid's derivative: for tanh, g'(Z) = 1 - tanh(Z)**2": DZ_SIGMOID,
    "A * (1 - A) is the sigmoid's derivative: for tanh, g'(Z) = 1 - A**2 with A = tanh(Z)": DZ_TANH_A_1_MINUS_A,
    "tanh's derivative is 1 - tanh(Z)**2, not 1 - Z**2": DZ_TANH_Z_SQUARED,
    "multiply dA by g'(Z): dZ = dA * (1 - np.tanh(Z)**2)": DA23,
}

A_PREV = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])
W = np.array([[0.2, -0.4], [1.0, 0.5], [-0.3, 0.1]])
B = np.array([[0.1], [-0.2], [0.0]])
DA33 = np.array([[0.5, -1.0, 0.25], [1.0, 0.2, -0.3], [-0.6, 0.4, 0.8]])
LB_DA_PREV = np.array([[0.8152935170437001, 0.03237650687396109, -0.47833757047400455], [0.04159197379119839, 0.15523330901363888, -0.14011303579912954]])
LB_DW = np.array([[0.30264299302800474, -0.24000478580591691], [0.053667628098114324, 0.22305221629310337], [-0.18753670883069984, -0.055903681889030866]])
LB_DB = np.array([[0.15158542754549065], [0.13256339694630023], [0.13256554880282054]])
# the same layer_backward when the tanh layer uses the sigmoid's derivative
LB_SIGMOID_DERIV = {'dA_prev': np.array([[0.28235802379370323, -0.010146752636516376, -0.12188793964774873], [0.04339568722055327, 0.0900498804511346, -0.04031518333343686]]), 'dW': np.array([[0.14970669668104028, -0.16821180544172099], [0.029365687098757254, 0.0690942319298078], [-0.07087386659773964, 0.016564367540212493]]), 'db': np.array([[0.010092921296401465], [0.061332433121786066], [0.044144134037512196]])}
TANH_LAYER = "this layer uses tanh: dZ = dA * (1 - tanh(Z)**2), not the sigmoid's derivative"

X4 = np.array([[0.5, -1.2, 2.0, 0.0], [1.5, 0.3, -0.7, -2.0]])
Y4 = np.array([[1, 0, 1, 0]])
P231 = {"W1": np.array([[0.4, -0.6], [-0.3, 0.8], [0.9, 0.2]]), "b1": np.array([[0.1], [-0.2], [0.05]]),
        "W2": np.array([[0.7, -0.5, 0.3]]), "b2": np.array([[-0.1]])}
P21 = {"W1": np.array([[0.8, -0.4]]), "b1": np.array([[0.2]])}
GRADS_231 = {'dW1': np.array([[-0.10626378055718458, -0.16674341232176182], [0.07229356239240145, 0.06794106907355701], [-0.02949382735657211, -0.13045471765826716]]), 'db1': np.array([[-0.020772741017614893], [0.00835951367113381], [0.027311507567447074]]), 'dW2': np.array([[0.15278990109181295, -0.2017659945436766, -0.27577945109797364]]), 'db2': np.array([[0.030880920550515473]])}
# the same network's dW1, db1 when the hidden (tanh) layer uses the sigmoid's derivative
GRADS_231_SIGMOID_DERIV = {'dW1': np.array([[-0.04058360273942773, -0.07245222545167117], [0.028390056264902916, 0.04119143147863491], [-0.014930183872015435, -0.03846867591500385]]), 'db1': np.array([[8.548326613784171e-05], [0.002065007191663897], [0.004605191992428285]])}
# the right AL of P231 and P21 on X4 (tanh): the caches for model_backward are made with your layer_forward
AL_231 = np.array([[0.3492679878506134, 0.2952189359598951, 0.7731071099621298, 0.7059296484294235]])
AL_21 = np.array([[0.5, 0.2931777789064324, 0.8889440332885925, 0.7310585786300049]])
GRADS_21 = {'dW1': np.array([[-0.20598131702763345, -0.5116061617225237]]), 'db1': np.array([[0.10329509770625744]])}
SIGMOID_IN_TANH = "the hidden layers use tanh: their derivative is 1 - tanh(Z)**2, not the sigmoid's s * (1 - s)"


@test_case(points=2, hidden=False, name="q4_backward - activation_backward")
def public_activation_backward(activation_backward):
    check = gradecheck.Check()
    for activation, Z_in, expected, hints in (("tanh", Z23, DZ_TANH, TANH_HINTS), ("sigmoid", Z23, DZ_SIGMOID, None),
                                              ("relu", Z_RELU, DZ_RELU, None)):
        dA, Z = DA23.copy(), Z_in.copy()
        dZ = check.call(activation_backward, "activation_backward", dA, Z, activation)
        check.array(dZ, expected, "dZ", hints=hints)
        check.unchanged(DA23, dA, "dA", "activation_backward")
        check.unchanged(Z_in, Z, "Z", "activation_backward")


@test_case(points=2, hidden=False, name="q4_backward - layer_backward")
def public_layer_backward(layer_forward, layer_backward):
    check = gradecheck.Check()
    result = check.call(layer_forward, "layer_forward", A_PREV.copy(), W.copy(), B.copy(), "tanh")
    result = check.returns(result, ('A', 'cache'))
    dA = DA33.copy()
    out = check.call(layer_backward, "layer_backward", dA, result[1], "tanh")
    out = check.returns(out, ('dA_prev', 'dW', 'db'))
    dA_prev, dW, db = out
    check.array(dW, LB_DW, "dW", m=3, hints={TANH_LAYER: LB_SIGMOID_DERIV["dW"]})
    check.array(db, LB_DB, "db", m=3, hints={TANH_LAYER: LB_SIGMOID_DERIV["db"]})
    check.array(dA_prev, LB_DA_PREV, "dA_prev", m=3,
                hints={"dA_prev = W^T dZ (no 1/m: only dW and db are averaged)": LB_DA_PREV / 3,
                       TANH_LAYER: LB_SIGMOID_DERIV["dA_prev"]})
    check.unchanged(DA33, dA, "dA", "layer_backward")


@test_case(points=2, hidden=False, name="q4_backward - model_backward values (L = 2 and L = 1)")
def public_model_backward(layer_forward, model_backward):
    check = gradecheck.Check()
    for params, expected, extra, right_AL in ((P231, GRADS_231, GRADS_231_SIGMOID_DERIV, AL_231), (P21, GRADS_21, {}, AL_21)):
        # the caches come from layer_forward, one layer at a time: a mistake in model_forward costs q2, not this test
        AL, caches = gradecheck.forward_by_layers(check, layer_forward, X4, params,
                                                  ["tanh"] * (len(params) // 2 - 1) + ["sigmoid"], expected_AL=right_AL)
        Y = Y4.copy()
        before = gradecheck.snapshot((AL, caches))
        grads = check.call(model_backward, "model_backward", AL, Y, caches, "tanh")
        check.unchanged(Y4, Y, "Y", "model_backward")
        check.unchanged(before[0], AL, "AL", "model_backward")
        check.unchanged(before[1], caches, "caches", "model_backward")
        hints = {key: {SIGMOID_IN_TANH: value} for key, value in extra.items()}
        check.params(grads, expected, what="grads", prefix="d", m=4, hints=hints)


@test_case(points=3, hidden=False, name="q4_backward - gradient check of your own forward and cost")
def public_gradient_check(model_forward, compute_cost, model_backward):
    check = gradecheck.Check()
    rng = np.random.RandomState(2024)  # fixed public inputs
    for dims, m, activation in (([3, 3, 1], 4, "tanh"), ([2, 1], 3, "tanh"), ([2, 2, 2, 1], 1, "sigmoid")):
        params = gradecheck.random_parameters(rng, dims)
        X, Y = gradecheck.random_data(rng, dims[0], m)
        gradecheck.check_gradients(check, model_forward, compute_cost, model_backward, X, Y, params, activation)


@test_case(points=4, hidden=True, name="q4_backward - gradients match the reference (L = 1, 2, 3; m = 1)")
def hidden_reference(layer_forward, model_backward, ref, seed):
    check, rng = gradecheck.hidden_case(seed, "q4_reference")
    for depth, m, activation in ((1, 1, "tanh"), (2, 6, "tanh"), (3, 4, "relu"), (3, 1, "tanh"), (2, 5, "sigmoid")):
        dims = gradecheck.random_layer_dims(rng, depth, high=6)
        params = gradecheck.random_parameters(rng, dims)
        X, Y = gradecheck.random_data(rng, dims[0], m)
        ref_AL, ref_caches = ref.model_forward(X, params, activation)
        AL, caches = gradecheck.forward_by_layers(check, layer_forward, X, params, [activation] * (depth - 1) + ["sigmoid"],
                                                  expected_AL=ref_AL)
        grads = check.call(model_backward, "model_backward", AL, Y.copy(), caches, activation)
        expected = ref.model_backward(ref_AL, Y, ref_caches, activation)
        hints = {}
        if activation == "tanh" and depth > 1:
            wrong = ref.model_backward(ref_AL, Y, ref_caches, "sigmoid")
            hints = {k: {SIGMOID_IN_TANH: v} for k, v in wrong.items() if k not in (f"dW{depth}", f"db{depth}")}
        check.params(grads, expected, what=f"grads (L = {depth}, {activation})", prefix="d", m=m, hints=hints,
                     rtol=1e-6, atol=1e-9)


@test_case(points=3, hidden=True, name="q4_backward - gradient check on random networks")
def hidden_gradient_check(model_forward, compute_cost, model_backward, seed):
    check, rng = gradecheck.hidden_case(seed, "q4_gradcheck")
    for depth, m, activation in ((1, 4, "tanh"), (3, 3, "tanh"), (2, 1, "sigmoid")):
        dims = gradecheck.random_layer_dims(rng, depth, high=4)
        params = gradecheck.random_parameters(rng, dims)
        X, Y = gradecheck.random_data(rng, dims[0], m)
        gradecheck.check_gradients(check, model_forward, compute_cost, model_backward, X, Y, params, activation)
