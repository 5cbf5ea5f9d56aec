# Student starter for the homework "Deep L-layer neural networks".
# Implement every function below that raises NotImplementedError; keep the names,
# parameters and return values exactly as the docstrings say (the tests call them so).
# Do not use global variables: each function gets what it needs as parameters.
# Check your work: `python check.py` in this folder (all questions) or `python check.py q1_init` (one),
# or grader.check("q1_init") in the notebook. The tests grade only this file; the notebook's
# written answers are graded by hand.
"""A deep L-layer neural network in numpy, in the lecture's notation.

Layer l (l = 1..L) computes, for all m examples at once (examples are columns):

    Z[l] = W[l] A[l-1] + b[l]        W[l]: (n[l], n[l-1]), b[l]: (n[l], 1), Z[l]: (n[l], m)
    A[l] = g[l](Z[l])                A[0] = X: (n[0], m)

Hidden layers use tanh (or relu), the output layer the sigmoid; the cost is the
binary cross-entropy averaged over the m examples. ``parameters`` is a dict with
keys ``"W1".."WL"`` and ``"b1".."bL"``; ``grads`` a dict with ``"dW1".."dWL"`` and
``"db1".."dbL"`` of the same shapes (a gradient has its parameter's shape).

No function here reads or writes global state: everything a function needs is a
parameter, everything it produces is returned.
"""

import numpy as np

from nndata import grid_over

__all__ = [
    "initialize_parameters",
    "activation_forward",
    "activation_backward",
    "linear_forward",
    "layer_forward",
    "layer_backward",
    "model_forward",
    "compute_cost",
    "model_backward",
    "update_parameters",
    "train",
    "predict",
    "plot_decision_boundary",
    "plot_costs",
    "learning_rate_sweep",
    "fast_settings",
    "circles_settings",
]

INIT_METHODS = ("random", "zeros", "xavier", "he")
ACTIVATIONS = ("tanh", "sigmoid", "relu")
#: AL is clipped to [EPSILON, 1 - EPSILON] inside the log so the cost stays finite.
EPSILON = 1e-15


def initialize_parameters(layer_dims, method="random", scale=0.01, seed=1):
    """Create W[l] and b[l] for every layer l = 1..L.

    Parameters
    ----------
    layer_dims : sequence of int, [n[0], n[1], ..., n[L]]
        Layer sizes, the input size first; at least two entries.
    method : {"random", "zeros", "xavier", "he"}
        "random": the lecture's scheme, W[l] = standard normal * scale, b[l] = standard normal.
        "zeros": every W[l] and b[l] is zero.
        "xavier": W[l] = standard normal * sqrt(1 / n[l-1]), b[l] = 0.
        "he": W[l] = standard normal * sqrt(2 / n[l-1]), b[l] = 0.
    scale : float
        Multiplier of the "random" weights (the other methods ignore it).
    seed : int
        The numbers come from ``np.random.RandomState(seed)``, drawn layer by layer
        (W[l] then b[l]); NumPy's global random state is not touched.

    Returns
    -------
    parameters : dict
        "W<l>": ndarray of shape (n[l], n[l-1]); "b<l>": ndarray of shape (n[l], 1); float64.

    Raises
    ------
    ValueError
        For a method not listed above, naming the ones there are.

    >>> p = initialize_parameters([2, 3, 1])
    >>> p["W1"].shape, p["b1"].shape, p["W2"].shape, p["b2"].shape
    ((3, 2), (3, 1), (1, 3), (1, 1))
    """
    raise NotImplementedError('initialize_parameters is not implemented yet: write its body in deepnn.py (see its docstring)')


def activation_forward(Z, activation):
    """Apply the activation g elementwise: A = g(Z).

    Parameters
    ----------
    Z : ndarray of shape (n[l], m)
    activation : {"tanh", "sigmoid", "relu"}

    Returns
    -------
    A : ndarray of shape (n[l], m)

    >>> activation_forward(np.array([[0.0]]), "sigmoid")
    array([[0.5]])
    """
    raise NotImplementedError('activation_forward is not implemented yet: write its body in deepnn.py (see its docstring)')


def activation_backward(dA, Z, activation):
    """Backward step of the activation: dZ = dA * g'(Z).

    Parameters
    ----------
    dA : ndarray of shape (n[l], m)
        Gradient of the cost with respect to A = g(Z).
    Z : ndarray of shape (n[l], m)
        The activation's input, saved in the forward pass.
    activation : {"tanh", "sigmoid", "relu"}

    Returns
    -------
    dZ : ndarray of shape (n[l], m)

    >>> activation_backward(np.array([[1.0]]), np.array([[0.0]]), "tanh")
    array([[1.]])
    """
    raise NotImplementedError('activation_backward is not implemented yet: write its body in deepnn.py (see its docstring)')


def linear_forward(A_prev, W, b):
    """Linear part of a layer: Z = W A_prev + b (b is broadcast over the m columns).

    Parameters
    ----------
    A_prev : ndarray of shape (n[l-1], m)
    W : ndarray of shape (n[l], n[l-1])
    b : ndarray of shape (n[l], 1)

    Returns
    -------
    Z : ndarray of shape (n[l], m)

    >>> linear_forward(np.ones((2, 3)), np.ones((1, 2)), np.zeros((1, 1)))
    array([[2., 2., 2.]])
    """
    raise NotImplementedError('linear_forward is not implemented yet: write its body in deepnn.py (see its docstring)')


def layer_forward(A_prev, W, b, activation):
    """One layer forward: Z = W A_prev + b, A = g(Z).

    Parameters
    ----------
    A_prev : ndarray of shape (n[l-1], m)
    W : ndarray of shape (n[l], n[l-1])
    b : ndarray of shape (n[l], 1)
    activation : {"tanh", "sigmoid", "relu"}

    Returns
    -------
    A : ndarray of shape (n[l], m)
    cache : whatever ``layer_backward`` needs later (here: the tuple (A_prev, W, b, Z)).

    >>> A, cache = layer_forward(np.zeros((2, 4)), np.ones((3, 2)), np.zeros((3, 1)), "tanh")
    >>> A.shape
    (3, 4)
    """
    raise NotImplementedError('layer_forward is not implemented yet: write its body in deepnn.py (see its docstring)')


def layer_backward(dA, cache, activation):
    """One layer backward, from dA[l] to the gradients of W[l], b[l] and A[l-1].

        dZ = dA * g'(Z)
        dW = (1/m) dZ A_prev^T          (n[l], n[l-1])
        db = (1/m) sum of dZ over the m columns, kept as a column   (n[l], 1)
        dA_prev = W^T dZ                (n[l-1], m)

    Parameters
    ----------
    dA : ndarray of shape (n[l], m)
    cache : what ``layer_forward`` returned for this layer
    activation : {"tanh", "sigmoid", "relu"}, the one used in the forward step

    Returns
    -------
    dA_prev : ndarray of shape (n[l-1], m)
    dW : ndarray of shape (n[l], n[l-1])
    db : ndarray of shape (n[l], 1)

    >>> A, cache = layer_forward(np.ones((2, 4)), np.ones((3, 2)), np.zeros((3, 1)), "relu")
    >>> [g.shape for g in layer_backward(np.ones((3, 4)), cache, "relu")]
    [(2, 4), (3, 2), (3, 1)]
    """
    raise NotImplementedError('layer_backward is not implemented yet: write its body in deepnn.py (see its docstring)')


def model_forward(X, parameters, hidden_activation="tanh"):
    """Forward propagation through all L layers.

    Layers 1..L-1 use ``hidden_activation``; layer L uses the sigmoid. Works for any
    depth L >= 1 (L = 1 is logistic regression).

    Parameters
    ----------
    X : ndarray of shape (n[0], m)
    parameters : dict with "W1".."WL", "b1".."bL"
    hidden_activation : {"tanh", "sigmoid", "relu"}

    Returns
    -------
    AL : ndarray of shape (n[L], m), the output probabilities
    caches : list of L caches, caches[l-1] from layer l

    >>> p = initialize_parameters([2, 3, 1])
    >>> AL, caches = model_forward(np.zeros((2, 5)), p)
    >>> AL.shape, len(caches)
    ((1, 5), 2)
    """
    raise NotImplementedError('model_forward is not implemented yet: write its body in deepnn.py (see its docstring)')


def compute_cost(AL, Y):
    """Binary cross-entropy averaged over the m examples.

        J = -(1/m) * sum( Y log(AL) + (1 - Y) log(1 - AL) )

    AL is clipped to [1e-15, 1 - 1e-15] inside the logarithms, so the cost is
    finite even where AL is exactly 0 or 1.

    Parameters
    ----------
    AL : ndarray of shape (1, m), probabilities
    Y : ndarray of shape (1, m), labels 0/1

    Returns
    -------
    cost : float (a Python float, not an array)

    >>> compute_cost(np.array([[0.5, 0.5]]), np.array([[0, 1]]))  # doctest: +ELLIPSIS
    0.693147...
    """
    raise NotImplementedError('compute_cost is not implemented yet: write its body in deepnn.py (see its docstring)')


def model_backward(AL, Y, caches, hidden_activation="tanh"):
    """Backward propagation through all L layers.

    Starts from dA[L] = -(Y / AL - (1 - Y) / (1 - AL)), the derivative of the
    cross-entropy (with AL clipped as in ``compute_cost``); through the sigmoid this
    gives dZ[L] = AL - Y. Then ``layer_backward`` from layer L down to layer 1.

    Parameters
    ----------
    AL : ndarray of shape (1, m), from ``model_forward``
    Y : ndarray of shape (1, m)
    caches : list of L caches, from ``model_forward``
    hidden_activation : the one used in ``model_forward``

    Returns
    -------
    grads : dict with "dW<l>" of shape (n[l], n[l-1]) and "db<l>" of shape (n[l], 1), l = 1..L

    >>> p = initialize_parameters([2, 3, 1])
    >>> AL, caches = model_forward(np.ones((2, 4)), p)
    >>> sorted(model_backward(AL, np.ones((1, 4)), caches))
    ['dW1', 'dW2', 'db1', 'db2']
    """
    raise NotImplementedError('model_backward is not implemented yet: write its body in deepnn.py (see its docstring)')


def update_parameters(parameters, grads, learning_rate):
    """One step of gradient descent: W[l] - alpha dW[l], b[l] - alpha db[l].

    Parameters
    ----------
    parameters : dict with "W1".."WL", "b1".."bL"
    grads : dict with "dW1".."dWL", "db1".."dbL" of the same shapes
    learning_rate : float, alpha

    Returns
    -------
    new_parameters : a new dict (the inputs are not modified)

    >>> p = {"W1": np.ones((1, 1)), "b1": np.zeros((1, 1))}
    >>> g = {"dW1": np.ones((1, 1)), "db1": np.ones((1, 1))}
    >>> update_parameters(p, g, 0.5)["W1"]
    array([[0.5]])
    """
    raise NotImplementedError('update_parameters is not implemented yet: write its body in deepnn.py (see its docstring)')


def train(
    X,
    Y,
    layer_dims,
    learning_rate=0.01,
    num_iterations=10000,
    init="random",
    init_scale=0.01,
    seed=1,
    hidden_activation="tanh",
    target_cost=None,
    record_every=100,
    parameters=None,
):
    """Train the L-layer network with batch gradient descent.

    Each iteration: forward, cost, backward, update. The cost *before* the update
    is recorded at iterations 0, record_every, 2*record_every, ...; if
    ``target_cost`` is given, training stops (before updating) as soon as the
    cost is below it, and that cost is then the last entry of ``costs`` even off
    the record_every grid.

    Parameters
    ----------
    X : ndarray of shape (n[0], m)
    Y : ndarray of shape (1, m)
    layer_dims : [n[0], ..., n[L]], with n[0] = X.shape[0] and n[L] = 1
    learning_rate : float, alpha
    num_iterations : int, at most this many gradient steps
    init, init_scale, seed : passed to ``initialize_parameters`` as method, scale, seed
    hidden_activation : {"tanh", "sigmoid", "relu"}
    target_cost : float or None
    record_every : int >= 1
    parameters : dict or None; when given, the starting point instead of a fresh initialization

    Returns
    -------
    parameters : dict, the trained W[l], b[l]
    costs : list of float

    >>> X, Y = np.array([[0.0, 1.0]]), np.array([[0, 1]])
    >>> p, costs = train(X, Y, [1, 1], learning_rate=1.0, num_iterations=300, init="zeros")
    >>> len(costs), costs[-1] < costs[0]
    (3, True)
    """
    raise NotImplementedError('train is not implemented yet: write its body in deepnn.py (see its docstring)')


def predict(X, parameters, hidden_activation="tanh", threshold=0.5):
    """Predicted class of each example: 1 where AL > threshold, else 0.

    Parameters
    ----------
    X : ndarray of shape (n[0], m)
    parameters : dict with "W1".."WL", "b1".."bL"
    hidden_activation : the one used in training
    threshold : float

    Returns
    -------
    predictions : int ndarray of shape (1, m), values 0 or 1

    >>> p = {"W1": np.array([[1.0]]), "b1": np.zeros((1, 1))}
    >>> predict(np.array([[-1.0, 2.0]]), p)
    array([[0, 1]])
    """
    raise NotImplementedError('predict is not implemented yet: write its body in deepnn.py (see its docstring)')


def plot_decision_boundary(parameters, X, Y, hidden_activation="tanh", ax=None):
    """Draw the model's predicted class over the plane, with the training points on top.

    One vectorized ``predict`` call over a grid covering the data (``grid_over``),
    drawn as filled regions with ``contourf``; class 0 points as blue circles,
    class 1 as orange triangles; labelled axes and a title.

    Parameters
    ----------
    parameters : dict, a trained 2-input network
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
    hidden_activation : the one used in training
    ax : matplotlib Axes or None (a new figure is made)

    Returns
    -------
    ax : matplotlib Axes

    >>> ax = plot_decision_boundary(initialize_parameters([2, 1]), np.eye(2), np.array([[0, 1]]))
    >>> ax.get_title() != ""
    True
    """
    raise NotImplementedError('plot_decision_boundary is not implemented yet: write its body in deepnn.py (see its docstring)')


def plot_costs(costs, record_every=100, ax=None):
    """Draw the recorded costs against the iteration number.

    Parameters
    ----------
    costs : list of float, as returned by ``train``
    record_every : int, the spacing of the recorded iterations
    ax : matplotlib Axes or None (a new figure is made)

    Returns
    -------
    ax : matplotlib Axes (x: iteration, y: cost)

    >>> ax = plot_costs([0.7, 0.5, 0.2])
    >>> [float(y) for y in ax.get_lines()[0].get_ydata()]
    [0.7, 0.5, 0.2]
    """
    raise NotImplementedError('plot_costs is not implemented yet: write its body in deepnn.py (see its docstring)')


def learning_rate_sweep(X, Y, learning_rates, layer_dims=(2, 3, 4, 1), num_iterations=2000, seed=1):
    """Exercise 1: train once per learning rate and report the final cost.

    Every run starts from the same initialization (``train``'s defaults with this
    ``seed``), so only alpha changes.

    Parameters
    ----------
    X : ndarray of shape (n[0], m)
    Y : ndarray of shape (1, m)
    learning_rates : iterable of float
    layer_dims, num_iterations, seed : passed to ``train``

    Returns
    -------
    dict {learning_rate: final cost}, the cost of the trained parameters on X, Y (a float)

    >>> X, Y = np.array([[0.0, 1.0]]), np.array([[0, 1]])
    >>> sorted(learning_rate_sweep(X, Y, [0.1, 1.0], layer_dims=(1, 1), num_iterations=10))
    [0.1, 1.0]
    """
    raise NotImplementedError('learning_rate_sweep is not implemented yet: write its body in deepnn.py (see its docstring)')


def fast_settings():
    """Exercise 2: hyperparameters that train the lecture network fast.

    With layer_dims (2, 3, 4, 1) on the lecture data, these reach a cost below 0.05
    within 20,000 iterations (the deck's random * 0.01 with alpha = 0.01 is still on the
    plateau 0.6597, the entropy of the 13/22 split, after 30,000).

    Returns
    -------
    dict with "init", "init_scale" and "learning_rate", to pass to ``train``
    as init=..., init_scale=..., learning_rate=...

    >>> sorted(fast_settings())
    ['init', 'init_scale', 'learning_rate']
    """
    raise NotImplementedError('fast_settings is not implemented yet: write its body in deepnn.py (see its docstring)')


def circles_settings():
    """Exercise 4: settings that generalize on ``make_circles`` data.

    Trained on 35 points (noise 0.05, factor 0.8: the deck's ``make_circles(n_samples=35,
    noise=.05)``), the network classifies at least 85 % of 500 fresh points from the same
    distribution correctly (the grader's hidden test: the mean over two data sets), with
    num_iterations at most 20,000.

    Returns
    -------
    dict with "layer_dims", "learning_rate", "num_iterations", "init", "init_scale"
    and "hidden_activation", to pass to ``train``

    >>> sorted(circles_settings())
    ['hidden_activation', 'init', 'init_scale', 'layer_dims', 'learning_rate', 'num_iterations']
    """
    raise NotImplementedError('circles_settings is not implemented yet: write its body in deepnn.py (see its docstring)')
