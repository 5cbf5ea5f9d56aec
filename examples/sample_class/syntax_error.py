"""A student's deepnn.py that does not parse (a missing closing parenthesis)."""

import numpy as np


def initialize_parameters(layer_dims, method="random", scale=0.01, seed=1):
    rng = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(layer_dims):
        parameters[f"W{l}"] = rng.randn(layer_dims[l], layer_dims[l - 1]) * scale
        parameters[f"b{l}"] = rng.randn(layer_dims[l], 1)
    return parameters
