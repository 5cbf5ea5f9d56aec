"""Data helpers for the "Deep L-layer neural networks" homework (complete: nothing to implement here).

Every array follows the lecture's convention: examples are columns.
X has shape (n[0], m) and Y has shape (1, m).

>>> X, Y = load_lecture_data()
>>> X.shape, Y.shape
((2, 35), (1, 35))
"""

import numpy as np

#: The first 15 points of the lecture data, as the deck's (cut-off) listing shows them.
DECK_X1 = (0.4, 1.2, 1.1, 1.9, 1.8, 1.5, 2.6, 2.2, 3.3, 3.0, 4.1, 4.2, 5.6, 0.7, 0.7)
DECK_X2 = (4.1, 1.5, 4.8, 0.7, 2.2, 3.8, 1.8, 4.8, 1.0, 4.3, 1.8, 3.1, 6.0, 5.9, 7.0)
#: Number of points of each class in the lecture data (class 0 first).
LECTURE_CLASS0 = 13
LECTURE_CLASS1 = 22
#: Radius of the ring of the 20 class-1 points the deck does not show.
LECTURE_RING_RADIUS = 6.0


def load_lecture_data(seed=1):
    """The lecture's data set: 35 points on the plane with labels 0/1.

    Parameters
    ----------
    seed : int
        Turns the ring of the 20 completed points (see below); the default, 1, is the lecture's data.
        The deck's 15 points and the labels never change.

    Returns
    -------
    X : ndarray of shape (2, 35), float64
        Column i is the i-th point (x1, x2).
    Y : ndarray of shape (1, 35), int64
        Labels: the first 13 points are class 0, the remaining 22 are class 1.

    Where the data comes from
    -------------------------
    The deck's listing is cut off after 15 points; they are the first 15 columns,
    as printed (``DECK_X1``, ``DECK_X2``). The deck's label list shows 15 zeros but
    its plot marks 13 points as class 0, and its printed run settles it: with the
    deck's initialization (seed 1, W = randn * 0.01, b = randn, sizes 2-3-4-1) every
    point gets the same output p = 0.6266 at iteration 0, so the first cost is
    -(k ln(1 - p) + (35 - k) ln p) / 35 for k points of class 0: k = 13 gives
    0.65972, the deck's 0.65971979 (k = 15 would give 0.68931). So class 0 is the
    first 13 points, class 1 the other 22: points 14 and 15 and 20 more.

    The 20 missing class-1 points are completed deterministically: they sit evenly
    spaced (every 18 degrees) on a circle of radius 6 (``LECTURE_RING_RADIUS``)
    around class 0, starting at the angle 2 pi u, u = ``RandomState(seed).uniform()``.
    The circle's centre is chosen so that the 22 class-1 points have exactly the
    mean of the 13 class-0 points: c = (22 * mean(class 0) - point 14 - point 15) / 20,
    about (2.71, 2.73). So the points span about [-3.3, 8.7] on each axis.

    Class 1 surrounds class 0 and both have the same mean, so no straight line
    helps: logistic regression (L = 1) does no better than "always class 1"
    (22/35 = 63 % of the training points), while a hidden layer separates them
    (the reference's 2-3-4-1 network with ``fast_settings`` reaches 100 %).
    With the deck's setting (alpha = 0.01) the cost stays on the plateau 0.65971,
    the entropy of a 13/22 split, for more than 30,000 iterations, as the deck's
    printed run shows.

    >>> X, Y = load_lecture_data()
    >>> int(Y.sum()), X[:, 12].tolist()
    (22, [5.6, 6.0])
    """
    deck = np.array([DECK_X1, DECK_X2], dtype=np.float64)
    n_ring = LECTURE_CLASS0 + LECTURE_CLASS1 - deck.shape[1]
    centre = (LECTURE_CLASS1 * deck[:, :LECTURE_CLASS0].mean(axis=1) - deck[:, LECTURE_CLASS0:].sum(axis=1)) / n_ring
    start = 2 * np.pi * np.random.RandomState(seed).uniform()
    angles = start + 2 * np.pi * np.arange(n_ring) / n_ring
    ring = centre[:, None] + LECTURE_RING_RADIUS * np.vstack([np.cos(angles), np.sin(angles)])
    X = np.hstack([deck, ring])
    Y = np.hstack([np.zeros(LECTURE_CLASS0, dtype=np.int64), np.ones(LECTURE_CLASS1, dtype=np.int64)])
    return X, Y.reshape(1, -1)


def load_circles(n_samples=35, noise=0.05, seed=0, factor=0.8):
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
        Radius of the inner circle relative to the outer one (0 < factor < 1). The default,
        0.8, is scikit-learn's and the deck's (``make_circles(n_samples=35, noise=.05)``).

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
