"""The playground's data sets (none of them graded): XOR, two moons and a spiral, drawn with numpy.

Each returns ``X`` of shape (2, m) and ``Y`` of shape (1, m) with labels 0/1, seeded, so
a build always trains on the same points.
"""

import numpy as np

M = 120


def xor(m=M, seed=0):
    """The lecture's parity example in two dimensions: y = 1 when x1 and x2 have different signs."""
    rng = np.random.RandomState(seed)
    X = rng.uniform(-1.0, 1.0, size=(2, m))
    X += 0.15 * np.sign(X)  # a gap along both axes, so the four quadrants are clear
    Y = ((X[0] > 0) != (X[1] > 0)).astype(int).reshape(1, m)
    return X, Y


def moons(m=M, noise=0.12, seed=0):
    """Two interleaved half circles (as scikit-learn's make_moons draws them), with Gaussian noise."""
    rng = np.random.RandomState(seed)
    half = m // 2
    t_outer = np.linspace(0, np.pi, half)
    t_inner = np.linspace(0, np.pi, m - half)
    X = np.vstack([np.concatenate([np.cos(t_outer), 1 - np.cos(t_inner)]),
                   np.concatenate([np.sin(t_outer), 1 - np.sin(t_inner) - 0.5])])
    X += noise * rng.randn(2, m)
    Y = np.concatenate([np.zeros(half, int), np.ones(m - half, int)]).reshape(1, m)
    return X, Y


def spiral(m=M, turns=1.25, noise=0.06, seed=0):
    """Two interleaved spiral arms, one per class."""
    rng = np.random.RandomState(seed)
    half = m // 2
    r = np.linspace(0.15, 1.0, half)
    t = 2 * np.pi * turns * r
    arm = np.vstack([r * np.cos(t), r * np.sin(t)])
    X = np.hstack([arm, -arm[:, : m - half]]) + noise * rng.randn(2, m)
    Y = np.concatenate([np.zeros(half, int), np.ones(m - half, int)]).reshape(1, m)
    return X, Y


DATA_SETS = {"xor": xor, "moons": moons, "spiral": spiral}


def load(name):
    return DATA_SETS[name]()
