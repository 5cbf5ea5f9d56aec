"""q7_predict: predict ((1, m) int array of 0/1, 1 where AL > threshold)."""

import numpy as np
from otter.test_files import test_case

import gradecheck

OK_FORMAT = False

name = "q7_predict"

X5 = np.array([[0.5, -1.2, 2.0, 0.0, 3.0], [1.5, 0.3, -0.7, -2.0, -3.0]])
P231 = {"W1": np.array([[0.4, -0.6], [-0.3, 0.8], [0.9, 0.2]]), "b1": np.array([[0.1], [-0.2], [0.05]]),
        "W2": np.array([[0.7, -0.5, 0.3]]), "b2": np.array([[-0.1]])}
P21 = {"W1": np.array([[0.8, -0.4]]), "b1": np.array([[0.2]])}
# AL of P231 on X5: [[0.349, 0.295, 0.773, 0.706, 0.800]]; AL of P21 on X5: [[0.5 (exactly), 0.293, 0.889, 0.731, 0.978]]
PRED_231 = np.array([[0, 0, 1, 1, 1]])
PRED_231_T03 = np.array([[1, 0, 1, 1, 1]])
PRED_21 = np.array([[0, 0, 1, 1, 1]])
STRICT = "predict 1 only where AL > threshold (strictly greater): AL = 0.5 exactly is class 0"


@test_case(points=3, hidden=False, name="q7_predict - values, dtype and threshold")
def public_predict(predict):
    check = gradecheck.Check()
    for params, kwargs, expected, hints in (
        (P231, {}, PRED_231, None),
        (P231, {"threshold": 0.3}, PRED_231_T03, {"use the threshold argument instead of 0.5": PRED_231}),
        (P21, {}, PRED_21, {STRICT: np.array([[1, 0, 1, 1, 1]])}),
    ):
        X, p = X5.copy(), gradecheck.snapshot(params)
        got = check.call(predict, "predict", X, p, **kwargs)
        check.array(got, expected, "the predictions", kind="i", hints=hints)
        check.unchanged(X5, X, "X", "predict")
        check.unchanged(params, p, "parameters", "predict")


@test_case(points=3, hidden=True, name="q7_predict - matches the reference (L = 1 to 3, thresholds, m = 1)")
def hidden_reference(predict, ref, seed):
    check, rng = gradecheck.hidden_case(seed, "q7_predict")
    for depth, m, activation in ((1, 1, "tanh"), (2, 20, "tanh"), (3, 15, "relu")):
        dims = gradecheck.random_layer_dims(rng, depth, high=6)
        params = gradecheck.random_parameters(rng, dims, scale=2.0)
        X = rng.randn(dims[0], m)
        for threshold in (0.5, float(rng.uniform(0.1, 0.9))):
            got = check.call(predict, "predict", X.copy(), gradecheck.snapshot(params), activation, threshold=threshold)
            hints = {}
            if threshold != 0.5:
                hints["use the threshold argument instead of 0.5"] = ref.predict(X, params, activation)
            if activation != "tanh":
                hints["pass hidden_activation on to model_forward"] = ref.predict(X, params, "tanh", threshold=threshold)
            check.array(got, ref.predict(X, params, activation, threshold=threshold),
                        f"the predictions (L = {depth}, {activation})", kind="i", hints=hints)
