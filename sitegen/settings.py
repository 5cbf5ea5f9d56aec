"""Every training setting the site shows, in one place.

The homework's exercises 2 and 4 are graded on settings the student chooses
(``fast_settings``, ``circles_settings``). The site shows experiments, never a setting
that earns those points: ``tests/sitegen/test_site_settings.py`` enumerates ``shown.shown_settings()``
and runs the graded checks on each (``sitegen.gradedcheck``). A figure or playground run
that trains the reference takes its setting from here, nowhere else.

A setting is a dict of ``train``'s keyword arguments plus ``layer_dims`` and ``data``:
``{"data", "layer_dims", "learning_rate", "num_iterations", "init", "init_scale",
"hidden_activation"}``.
"""

#: The deck's setting: layer sizes 2-3-4-1, tanh hidden layers, W = randn * 0.01, alpha = 0.01.
DECK = {"layer_dims": [2, 3, 4, 1], "learning_rate": 0.01, "init": "random", "init_scale": 0.01}

#: Exercise 1: several learning rates from one initialization. Not the deck's (W = randn * 0.01): from
#: there every rate up to about 0.3 sits on the same plateau for thousands of iterations, so the curves
#: hide each other. From W = randn (scale 1) the rates differ: slow, faster, fastest, and one too large.
#: (0.1 and 0.3 are left out: with them this setting earns exercise 4's or exercise 2's points.)
EX1_INIT = {"init": "random", "init_scale": 1.0}
LEARNING_RATES = [0.003, 0.01, 0.03, 1.0]
EX1_ITERATIONS = 5000
#: Exercise 2: the four initializations at the deck's learning rate. 5,000 iterations: He at alpha = 0.01
#: trained for 10,000 earns exercise 4's points (tests/sitegen/test_site_settings.py found it).
INITS = [("random", 0.01, "random × 0.01 (the deck)"), ("zeros", 1.0, "zeros"), ("xavier", 1.0, "Xavier"), ("he", 1.0, "He")]
EX2_ITERATIONS = 5000
#: Exercise 3: three, two and one layer(s), with one illustrative setting (one that earns no graded points).
DEPTHS = [[2, 3, 4, 1], [2, 3, 1], [2, 1]]
EX3_SETTING = {"learning_rate": 0.01, "init": "xavier", "init_scale": 1.0, "num_iterations": 8000}
#: Exercise 4: make_circles, 35 training points (noise 0.05) and 500 fresh points.
CIRCLES_TRAIN = {"n_samples": 35, "noise": 0.05, "seed": 0}
CIRCLES_FRESH = {"n_samples": 500, "noise": 0.05, "seed": 1}
CIRCLES_RUNS = [
    ("the deck's network and setting", dict(DECK, num_iterations=3000)),
    ("one layer (logistic regression)", {"layer_dims": [2, 1], "learning_rate": 0.5, "init": "he", "init_scale": 1.0, "num_iterations": 3000}),
    ("the deck's network from zeros, α = 1.0", {"layer_dims": [2, 3, 4, 1], "learning_rate": 1.0, "init": "zeros", "init_scale": 1.0, "num_iterations": 3000}),
]

#: The playground: data sets (none of them graded), depths, initializations and learning rates.
#: Every combination of these is offered and none earns graded points (tests/sitegen/test_site_settings.py). The rates stop
#: at a bound, the same for every initialization and depth, so no single combination stands out as missing:
#: a higher bound would offer settings that earn exercise 2's points (the build refuses those, sitegen/playground.py).
PLAYGROUND_DATA = [("xor", "XOR (the lecture's parity example)"), ("moons", "two moons"), ("spiral", "a spiral")]
PLAYGROUND_DEPTHS = [[2, 1], [2, 6, 1], [2, 6, 6, 1]]
PLAYGROUND_INITS = [("random", 0.01, "random × 0.01 (the deck)"), ("zeros", 1.0, "zeros"), ("he", 1.0, "He")]
PLAYGROUND_RATES = [0.001, 0.003, 0.01]
PLAYGROUND_ITERATIONS = 1500


def _setting(data, layer_dims, learning_rate, num_iterations, init, init_scale, hidden_activation="tanh"):
    return {"data": data, "layer_dims": list(layer_dims), "learning_rate": learning_rate, "num_iterations": num_iterations,
            "init": init, "init_scale": init_scale, "hidden_activation": hidden_activation}


def exercise_settings():
    """The settings of the homework page's figures, in page order."""
    found = []
    for alpha in LEARNING_RATES:
        found.append(_setting("lecture", DECK["layer_dims"], alpha, EX1_ITERATIONS, EX1_INIT["init"], EX1_INIT["init_scale"]))
    for init, scale, _ in INITS:
        found.append(_setting("lecture", DECK["layer_dims"], DECK["learning_rate"], EX2_ITERATIONS, init, scale))
    for dims in DEPTHS:
        found.append(_setting("lecture", dims, EX3_SETTING["learning_rate"], EX3_SETTING["num_iterations"], EX3_SETTING["init"], EX3_SETTING["init_scale"]))
    for _, run in CIRCLES_RUNS:
        found.append(_setting("circles", run["layer_dims"], run["learning_rate"], run["num_iterations"], run["init"], run["init_scale"]))
    return found


def playground_candidates():
    """Every combination the playground's controls can pick (all of them are offered)."""
    return [
        _setting(data, dims, alpha, PLAYGROUND_ITERATIONS, init, scale)
        for data, _ in PLAYGROUND_DATA
        for dims in PLAYGROUND_DEPTHS
        for init, scale, _ in PLAYGROUND_INITS
        for alpha in PLAYGROUND_RATES
    ]
