"""Training the reference for the figures: the reference itself, the data sets, and one training run.

Only numbers and arrays leave this module: the reference is imported through
``autograder.reference.load_reference()`` and called, never shown. A run's *spec* is a
dict of ``train``'s keyword arguments plus ``data`` (``"lecture"``, ``"circles"`` or a
playground set of ``toydata``), ``layer_dims`` and optionally ``data_args`` /
``fresh_args`` (the data's keyword arguments, for training and for held-out points).
"""

import sys

from . import ROOT

#: Iterations between two recorded costs of every run (a run's ``costs`` has one entry per RECORD_EVERY).
RECORD_EVERY = 100


def reference():
    """The reference module (``solutions/deepnn.py``), loaded once per process; puts course/ on sys.path."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from autograder.reference import load_reference

    return load_reference()


def load_data(name, **kwargs):
    """``(X, Y)`` of a data set, X of shape (2, m) and Y of shape (1, m); ``kwargs`` go to its loader."""
    reference()  # puts course/ on sys.path, where nndata lives
    import nndata

    if name == "lecture":
        return nndata.load_lecture_data(**kwargs)
    if name == "circles":
        return nndata.load_circles(**kwargs)
    from . import toydata

    if name in toydata.DATA_SETS:
        return toydata.load(name)
    raise ValueError(f"unknown data set {name!r}")


def train_run(spec):
    """Train the reference with ``spec`` (data + train's keyword arguments); runs in a worker process."""
    ref = reference()
    spec = dict(spec)
    data = spec.pop("data")
    data_args = spec.pop("data_args", {})
    fresh_args = spec.pop("fresh_args", None)
    X, Y = load_data(data, **data_args)
    dims = spec.pop("layer_dims")
    parameters, costs = ref.train(X, Y, dims, record_every=RECORD_EVERY, **spec)
    activation = spec.get("hidden_activation", "tanh")
    result = {"parameters": parameters, "costs": costs, "accuracy": float((ref.predict(X, parameters, activation) == Y).mean())}
    if fresh_args is not None:
        # Held-out points, and the data itself: the render then needs no second load.
        Xf, Yf = load_data(data, **fresh_args)
        result["arrays"] = {"X": X, "Y": Y, "fresh_X": Xf, "fresh_Y": Yf}
        result["fresh_accuracy"] = float((ref.predict(Xf, parameters, activation) == Yf).mean())
    return result
