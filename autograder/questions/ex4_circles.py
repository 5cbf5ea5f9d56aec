"""ex4_circles: circles_settings generalizes on make_circles data (held-out accuracy)."""

import numpy as np
from otter.test_files import test_case

import gradecheck
import nndata

OK_FORMAT = False

name = "ex4_circles"

KEYS = {"layer_dims", "learning_rate", "num_iterations", "init", "init_scale", "hidden_activation"}
#: circles_settings()['num_iterations'] may be at most {value:,} (the grader's budget for one training run).
MAX_ITERATIONS = 20000
#: Trained with circles_settings() on 35 circles points, the network must classify at least {value:.0%} of 500 fresh
#: points correctly (hidden test: the mean over two data sets drawn for you).
MIN_ACCURACY = 0.85


def _settings(check, circles_settings):
    s = gradecheck.check_settings(check, check.call(circles_settings, "circles_settings"), "circles_settings()", KEYS)
    dims = s["layer_dims"]
    check.true(isinstance(dims, (list, tuple)) and len(dims) >= 2 and all(isinstance(n, (int, np.integer)) and n > 0
                                                                           for n in dims),
               f"circles_settings()['layer_dims'] must be a list of positive ints, got {dims!r}")
    check.true(dims[0] == 2 and dims[-1] == 1, f"circles_settings()['layer_dims'] must start with 2 (two input "
               f"features) and end with 1 (one output unit), got {list(dims)}")
    iterations = s["num_iterations"]
    check.true(isinstance(iterations, (int, np.integer)) and not isinstance(iterations, bool) and 1 <= iterations <= MAX_ITERATIONS,
               f"circles_settings()['num_iterations'] must be an int between 1 and {MAX_ITERATIONS}, got {iterations!r}")
    return s


@test_case(points=2, hidden=False, name="ex4_circles - the settings are valid and train runs with them")
def public_settings(circles_settings, train):
    check = gradecheck.Check()
    s = _settings(check, circles_settings)
    X, Y = nndata.load_lecture_data()  # any 2-feature data will do for a smoke run (and needs no scikit-learn)
    kwargs = dict(s, num_iterations=3, record_every=1)
    result = check.call(train, "train", X, Y, **kwargs)
    result = check.returns(result, ('parameters', 'costs'))
    check.true(len(result[1]) == 3 and np.all(np.isfinite(np.asarray(result[1], dtype=float))),
               f"{check.last_call} should record 3 finite costs, got {gradecheck.show(list(result[1]))}")


@test_case(points=3, hidden=True, name="ex4_circles - held-out accuracy >= 85 % (mean over two data sets)")
def hidden_accuracy(circles_settings, train, predict, seed):
    check = gradecheck.Check(hidden=True)
    s = _settings(check, circles_settings)
    rng = gradecheck.case_rng(seed, "ex4")
    accuracies = []
    for data_seed in rng.randint(0, 10 ** 6, size=2):
        X, Y = nndata.load_circles(35, noise=0.05, seed=int(data_seed))
        X_test, Y_test = nndata.load_circles(500, noise=0.05, seed=int(data_seed) + 1)
        result = check.call(train, "train", X, Y, **dict(s, record_every=max(1, int(s["num_iterations"]))))
        params, _ = check.returns(result, ("parameters", "costs"))
        predictions = np.asarray(check.call(predict, "predict", X_test, params, s["hidden_activation"]))
        check.true(predictions.shape == Y_test.shape, "predict must return shape (1, m)")
        accuracies.append(float(np.mean(predictions == Y_test)))
    mean = float(np.mean(accuracies))
    check.true(mean >= MIN_ACCURACY, f"trained with circles_settings() on 35 points, the network classifies {mean:.0%} "
               f"of 500 fresh points correctly (mean over two data sets); it must reach {MIN_ACCURACY:.0%}",
               "a hidden layer with a few tanh units, a scaled initialization (xavier) and enough iterations; "
               "check that it does not overfit 35 points")
