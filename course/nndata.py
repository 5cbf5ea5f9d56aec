"""Data helpers for the "Deep L-layer neural networks" homework (complete: nothing to implement here).

Every array follows the lecture's convention: examples are columns.
X has shape (n[0], m) and Y has shape (1, m).

>>> X, Y = load_lecture_data()
>>> X.shape, Y.shape
((2, 35), (1, 35))
"""

import numpy as np

#: Number of points of each class in the lecture data.
LECTURE_CLASS0 = 15
LECTURE_CLASS1 = 20
#: Side of the square the lecture data lives on: [0, LECTURE_SIDE]^2.
LECTURE_SIDE = 8.0


def load_lecture_data(seed=1):
    """The lecture's data set: 35 points on the plane [0, 8]^2 with labels 0/1.

    Returns
    -------
    X : ndarray of shape (2, 35), float64
        Column i is the i-th point (x1, x2).
    Y : ndarray of shape (1, 35), int64
        Labels: the first 15 points are class 0, the remaining 20 are class 1.

    How the data was reconstructed
    ------------------------------
    The lecture deck's listing is cut off: it shows a label list of 15 zeros
    followed by ones (its plotting code colours only the first 13 points as
    class 0 -- an inconsistency of the deck; we follow the labels: 15 of
    class 0). The deck's own coordinates were not available when the kit was
    written, so the whole set is generated deterministically from
    ``np.random.RandomState(seed)`` (the numbers the deck's ``np.random.seed(1)``
    gives, without touching NumPy's global random state):

    * class 0: 15 points in the vertical band 2.5 <= x1 <= 5.5 (x2 anywhere in [0, 8]);
    * class 1: 20 points of [0, 8]^2 with x1 < 1.7 or x1 > 6.3 (rejection sampling),
      so a margin of 0.8 separates the classes on each side.

    The classes are separable, but not by one straight line: a hidden layer is
    needed. Both classes have about the same mean, so there is almost no linear
    signal for a network whose weights start tiny: with the deck's setting
    (layer sizes 2-3-4-1, W = randn * 0.01, b = randn, alpha = 0.01) the cost stays
    on the plateau near 0.68 (the entropy of a 15/20 split) for more than 30,000
    iterations, as the deck's printed run shows, while a better initialization
    and learning rate (exercise 2) reach 0.05 in about 600 to 2,000.

    >>> X, Y = load_lecture_data()
    >>> int(Y.sum())
    20
    """
    rng = np.random.RandomState(seed)
    band_low, band_high, margin = 2.5, 5.5, 0.8
    class0 = np.vstack([rng.uniform(band_low, band_high, LECTURE_CLASS0), rng.uniform(0.0, LECTURE_SIDE, LECTURE_CLASS0)])
    class1 = []
    while len(class1) < LECTURE_CLASS1:
        point = rng.uniform(0.0, LECTURE_SIDE, 2)
        if point[0] < band_low - margin or point[0] > band_high + margin:
            class1.append(point)
    X = np.hstack([class0, np.array(class1).T])
    Y = np.hstack([np.zeros(LECTURE_CLASS0, dtype=np.int64), np.ones(LECTURE_CLASS1, dtype=np.int64)])
    return X, Y.reshape(1, -1)


def load_circles(n_samples=35, noise=0.05, seed=0, factor=0.5):
    """scikit-learn's ``make_circles`` in the lecture's layout (examples are columns).

    The points are those of ``sklearn.datasets.make_circles(n_samples, noise=noise,
    random_state=seed, factor=factor)``, transposed: the same steps (points evenly spaced on
    the outer circle, class 0, and on the inner one, class 1; shuffled; Gaussian noise), written
    here in numpy so that loading data does not import scikit-learn (2 s). The kit's tests check
    point for point that both agree.

    Parameters
    ----------
    n_samples : int
        Number of points m (split between the outer circle, class 0, and the inner one, class 1).
    noise : float
        Standard deviation of the Gaussian noise added to each point.
    seed : int
        Seed of the data (``random_state`` of ``make_circles``): the same seed gives the same points.
    factor : float
        Radius of the inner circle relative to the outer one (0 < factor < 1).

    Returns
    -------
    X : ndarray of shape (2, n_samples), float64
    Y : ndarray of shape (1, n_samples), int64

    >>> X, Y = load_circles(n_samples=10, seed=3)
    >>> X.shape, Y.shape
    ((2, 10), (1, 10))
    """
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) or n_samples < 2:
        raise ValueError(f"load_circles needs an int n_samples >= 2, got {n_samples!r}")
    if not 0 < factor < 1:
        raise ValueError(f"load_circles needs 0 < factor < 1, got {factor!r}")
    rng = np.random.RandomState(seed)
    n_out = int(n_samples) // 2
    n_in = int(n_samples) - n_out
    angles_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    angles_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    points = np.vstack([np.append(np.cos(angles_out), np.cos(angles_in) * factor),
                        np.append(np.sin(angles_out), np.sin(angles_in) * factor)]).T
    labels = np.hstack([np.zeros(n_out, dtype=np.int64), np.ones(n_in, dtype=np.int64)])
    order = np.arange(int(n_samples))
    rng.shuffle(order)
    points, labels = points[order], labels[order]
    if noise is not None:
        points = points + rng.normal(scale=noise, size=points.shape)
    return points.T.astype(np.float64), labels.reshape(1, -1)


def grid_over(X, steps=200, margin=0.5):
    """A regular grid covering the data, for drawing decision boundaries.

    Parameters
    ----------
    X : ndarray of shape (2, m)
        The data points (examples are columns).
    steps : int
        Number of grid points along each axis.
    margin : float
        How far the grid extends beyond the data on each side.

    Returns
    -------
    xx, yy : ndarrays of shape (steps, steps)
        The grid coordinates, as from ``np.meshgrid``.
    points : ndarray of shape (2, steps * steps)
        The grid points as columns, ready for one vectorized ``predict`` call;
        ``predictions.reshape(xx.shape)`` puts the results back on the grid.

    >>> xx, yy, points = grid_over(np.array([[0.0, 1.0], [0.0, 2.0]]), steps=4)
    >>> xx.shape, points.shape
    ((4, 4), (2, 16))
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] != 2:
        raise ValueError(f"grid_over draws 2-D data: X must have shape (2, m), got {X.shape}")
    x1 = np.linspace(X[0].min() - margin, X[0].max() + margin, steps)
    x2 = np.linspace(X[1].min() - margin, X[1].max() + margin, steps)
    xx, yy = np.meshgrid(x1, x2)
    return xx, yy, np.vstack([xx.ravel(), yy.ravel()])
