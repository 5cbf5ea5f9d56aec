"""Seeded test data: one random generator per test case, random networks and data sets. (Imported through
``gradecheck``.)"""

import numpy as np


def case_rng(seed, salt):
    """A ``np.random.RandomState`` for one test case: from the test's seed and the case's own salt.

    Never touches NumPy's global random state. ``seed`` None (a notebook) gives a fixed public seed.
    """
    import zlib

    base = 0 if seed is None else int(seed) % (2 ** 32)
    return np.random.RandomState([base, zlib.crc32(str(salt).encode()) % (2 ** 32)])


def random_parameters(rng, layer_dims, scale=1.0, bias=0.1):
    """Random W[l] (standard normal * scale / sqrt(n[l-1])) and b[l] (standard normal * bias), float64."""
    parameters = {}
    for l in range(1, len(layer_dims)):
        n_prev, n = layer_dims[l - 1], layer_dims[l]
        parameters[f"W{l}"] = rng.randn(n, n_prev) * scale / np.sqrt(n_prev)
        parameters[f"b{l}"] = rng.randn(n, 1) * bias
    return parameters


def random_data(rng, n0, m):
    """X of shape (n0, m), standard normal; Y of shape (1, m), int64 labels 0/1 (both classes when m >= 2)."""
    X = rng.randn(n0, m)
    Y = (rng.rand(1, m) > 0.5).astype(np.int64)
    if m >= 2 and Y.min() == Y.max():
        Y[0, 0] = 1 - Y[0, 0]
    return X, Y


def random_layer_dims(rng, depth, low=1, high=6):
    """Layer sizes ``[n0, n1, ..., n(depth-1), 1]`` of a random network of ``depth`` layers with one output unit.

    One ``rng.randint(low, high, size=depth + 1)`` call (every size in ``[low, high)``), whose last size is
    replaced by 1 (the binary output): the same draws whatever the sizes are used for.

    >>> dims = random_layer_dims(case_rng(None, "example"), 3, low=2, high=5)
    >>> len(dims), dims[-1], all(2 <= n < 5 for n in dims[:-1])
    (4, 1, True)
    """
    dims = [int(n) for n in rng.randint(low, high, size=depth + 1)]
    dims[-1] = 1
    return dims
