"""Figures and numbers made by training the reference (the homework's four exercises, the shapes).

Only images and numbers leave this module: the reference is called through
``training.reference()``, never shown.
"""

from pathlib import Path

from . import style
from .curves import describe
from .datastory import least_constant_cost
from .jobs import NNDATA_SOURCE, REFERENCE_SOURCE, Job

# The settings the figures show live in settings.py (the one list tests/sitegen/test_site_settings.py checks).
from .settings import (
    CIRCLES_FRESH,
    CIRCLES_RUNS,
    CIRCLES_TRAIN,
    DECK,
    DEPTHS,
    EX1_INIT,
    EX1_ITERATIONS,
    EX2_ITERATIONS,
    EX3_SETTING,
    INITS,
    LEARNING_RATES,
)
from .training import RECORD_EVERY, load_data, reference

HERE = Path(__file__).resolve()


def _lecture_run(**kwargs):
    spec = {"data": "lecture"}
    spec.update(kwargs)
    return spec


def _costs_axes(ax, results, labels, title):
    ref = reference()
    for result, label, colour in zip(results, labels, style.LINE_COLOURS):
        ref.plot_costs(result["costs"], record_every=RECORD_EVERY, ax=ax)
        line = ax.get_lines()[-1]
        line.set_label(label)
        line.set_color(colour)
    ax.set_title(title, fontsize=10)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)


def _boundary(ax, parameters, X, Y, title):
    reference().plot_decision_boundary(parameters, X, Y, ax=ax)
    ax.set_title(title, fontsize=10)
    legend = ax.get_legend()
    if legend is not None:
        legend.remove()


def _panels(count):
    """Side-by-side panels: one row of up to three, else rows of two (readable in the text column)."""
    ncols = count if count <= 3 else 2
    nrows = -(-count // ncols)
    fig, axes = style.figure(ncols=ncols, nrows=nrows, width=3.6, height=3.4)
    return fig, list(axes.flat)


def _costs_and_boundaries(results, labels, title, X, Y):
    """(PNG of every run's cost curve on one axes, PNG of one decision-boundary panel per run on X (2, m), Y (1, m))."""
    fig, axes = style.figure(width=5.6, height=3.6)
    _costs_axes(axes[0][0], results, labels, title)
    costs_png = style.png_bytes(fig)
    fig, axes = _panels(len(results))
    for ax, result, label in zip(axes, results, labels):
        _boundary(ax, result["parameters"], X, Y, label)
    return costs_png, style.png_bytes(fig)


def _final(result):
    return f"{result['costs'][-1]:.3f}"


def _percent(value):
    return f"{100 * value:.0f} %"


# ---------------------------------------------------------------- the lecture data


def render_lecture_data(results):
    X, Y = load_data("lecture")
    fig, axes = style.figure(width=4.6, height=4.2)
    ax = axes[0][0]
    for cls, marker in ((0, "o"), (1, "^")):
        mask = Y.ravel() == cls
        ax.scatter(X[0, mask], X[1, mask], c=style.CLASS_COLOURS[cls], marker=marker, edgecolors="k", label=f"y = {cls} ({int(mask.sum())} points)")
    # Limits from the data (every point visible), the same range on both axes.
    lo, hi = float(min(0.0, X.min())) - 0.5, float(X.max()) + 0.5
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(f"The lecture data: m = {X.shape[1]} points", fontsize=10)
    ax.legend(fontsize=8, loc="upper right")
    return {"figures/lecture-data.png": style.png_bytes(fig)}


# ---------------------------------------------------------------- exercise 1


def ex1_runs():
    return [_lecture_run(**dict(DECK, **EX1_INIT, learning_rate=alpha, num_iterations=EX1_ITERATIONS)) for alpha in LEARNING_RATES]


def render_ex1(results):
    X, Y = load_data("lecture")
    labels = [f"α = {alpha}" for alpha in LEARNING_RATES]
    title = f"Cost, deck's network, W = randn × {EX1_INIT['init_scale']:g}, {EX1_ITERATIONS:,} iterations"
    costs_png, boundaries_png = _costs_and_boundaries(results, labels, title, X, Y)
    rows = [(alpha, _final(r), _percent(r["accuracy"])) for alpha, r in zip(LEARNING_RATES, results)]
    table = style.markdown_table(["learning rate α", f"cost after {EX1_ITERATIONS:,} iterations", "training accuracy"], rows)
    plateau = least_constant_cost(int((Y == 0).sum()), Y.shape[1])
    notes = "What the curves do (read from the recorded costs):\n\n" + "\n".join(
        f"- {describe(r['costs'], RECORD_EVERY, plateau, label)}" for label, r in zip(labels, results)) + "\n"
    return {"figures/ex1-costs.png": costs_png, "figures/ex1-boundaries.png": boundaries_png, "snippets/numbers/ex1.md": table.encode(),
            "snippets/numbers/ex1-notes.md": notes.encode()}


# ---------------------------------------------------------------- exercise 2


def ex2_runs():
    return [_lecture_run(**dict(DECK, init=init, init_scale=scale, num_iterations=EX2_ITERATIONS)) for init, scale, _ in INITS]


def render_ex2(results):
    import numpy as np

    ref = reference()
    X, Y = load_data("lecture")
    labels = [label for _, _, label in INITS]
    costs_png, boundaries_png = _costs_and_boundaries(results, labels, f"Cost, α = {DECK['learning_rate']}, {EX2_ITERATIONS:,} iterations", X, Y)
    rows = []
    for (init, scale, label), result in zip(INITS, results):
        # The gradient that reaches the first layer at iteration 0.
        start = ref.initialize_parameters(DECK["layer_dims"], method=init, scale=scale, seed=1)
        AL, caches = ref.model_forward(X, start)
        grads = ref.model_backward(AL, Y, caches)
        W1 = result["parameters"]["W1"]
        spread = float(np.max(W1.max(axis=0) - W1.min(axis=0)))
        rows.append((label, f"{np.linalg.norm(grads['dW1']):.1e}", _final(result), _percent(result["accuracy"]), f"{spread:.2g}"))
    table = style.markdown_table(
        ["initialization", "‖dW[1]‖ at the start", f"cost after {EX2_ITERATIONS:,} iterations", "training accuracy", "largest difference between rows of W[1] after training"],
        rows,
    )
    return {"figures/ex2-costs.png": costs_png, "figures/ex2-boundaries.png": boundaries_png, "snippets/numbers/ex2.md": table.encode()}


# ---------------------------------------------------------------- exercise 3


def ex3_runs():
    return [_lecture_run(layer_dims=dims, **EX3_SETTING) for dims in DEPTHS]


def _layers_label(dims):
    L = len(dims) - 1
    return f"{L} layer{'s' if L > 1 else ''} ({'-'.join(map(str, dims))})"


def render_ex3(results):
    X, Y = load_data("lecture")
    labels = [_layers_label(dims) for dims in DEPTHS]
    title = f"Cost, {EX3_SETTING['init']} init, α = {EX3_SETTING['learning_rate']}"
    costs_png, boundaries_png = _costs_and_boundaries(results, labels, title, X, Y)
    rows = [(label, _final(r), _percent(r["accuracy"])) for label, r in zip(labels, results)]
    table = style.markdown_table(["network", f"cost after {EX3_SETTING['num_iterations']:,} iterations", "training accuracy"], rows)
    return {"figures/ex3-costs.png": costs_png, "figures/ex3-boundaries.png": boundaries_png, "snippets/numbers/ex3.md": table.encode()}


# ---------------------------------------------------------------- exercise 4


def ex4_runs():
    return [dict(setting, data="circles", data_args=CIRCLES_TRAIN, fresh_args=CIRCLES_FRESH) for _, setting in CIRCLES_RUNS]


def render_ex4(results):
    arrays = results[0]["arrays"]
    X, Y, Xf, Yf = arrays["X"], arrays["Y"], arrays["fresh_X"], arrays["fresh_Y"]
    fig, axes = _panels(len(results) + 1)
    ax = axes[0]
    for cls, marker in ((0, "o"), (1, "^")):
        mask = Yf.ravel() == cls
        ax.scatter(Xf[0, mask], Xf[1, mask], s=6, c=style.CLASS_COLOURS[cls], marker=marker, alpha=0.35)
        mask = Y.ravel() == cls
        ax.scatter(X[0, mask], X[1, mask], c=style.CLASS_COLOURS[cls], marker=marker, edgecolors="k", label=f"y = {cls}")
    ax.set_title(f"make_circles: {X.shape[1]} training points\n(faint: {Xf.shape[1]} fresh points)", fontsize=10)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_aspect("equal")
    rows = []
    for ax, result, (label, setting) in zip(axes[1:], results, CIRCLES_RUNS):
        _boundary(ax, result["parameters"], X, Y, label)
        ax.scatter(Xf[0], Xf[1], s=3, c="k", alpha=0.15)
        rows.append((label, "-".join(map(str, setting["layer_dims"])), _final(result), _percent(result["accuracy"]), _percent(result["fresh_accuracy"])))
    table = style.markdown_table(["setting", "layer sizes", "final training cost", "training accuracy", f"accuracy on {Xf.shape[1]} fresh points"], rows)
    return {"figures/ex4-circles.png": style.png_bytes(fig), "snippets/numbers/ex4.md": table.encode()}


# ---------------------------------------------------------------- shapes


def render_shapes(results, sizes, m):
    """The shapes of every array of the reference, for a network of the given sizes and m examples."""
    import numpy as np

    ref = reference()
    rng = np.random.RandomState(0)
    parameters = ref.initialize_parameters(sizes, method="he")
    X = rng.randn(sizes[0], m)
    Y = (rng.rand(1, m) > 0.5).astype(int)
    AL, caches = ref.model_forward(X, parameters)
    grads = ref.model_backward(AL, Y, caches)
    one, _ = ref.model_forward(X[:, :1], parameters)

    def shape(array):
        return "(" + ", ".join(map(str, np.shape(array))) + ")"

    rows = [(0, sizes[0], "", "", f"x = a[0]: {shape(X[:, :1])}", f"X = A[0]: {shape(X)}")]
    A_prev = X
    for l in range(1, len(sizes)):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        dW, db = grads[f"dW{l}"], grads[f"db{l}"]
        assert np.shape(dW) == np.shape(W) and np.shape(db) == np.shape(b)
        Z = ref.linear_forward(A_prev, W, b)
        A_prev = ref.activation_forward(Z, "sigmoid" if l == len(sizes) - 1 else "tanh")
        rows.append((l, sizes[l], f"{shape(W)}", f"{shape(b)}", f"{shape(Z[:, :1])}", f"{shape(Z)}"))
    assert np.shape(AL) == np.shape(A_prev) and np.shape(one) == (1, 1)
    table = style.markdown_table(
        ["l", "n[l]", "W[l] and dW[l]: (n[l], n[l−1])", "b[l] and db[l]: (n[l], 1)", "z[l], a[l] (one example): (n[l], 1)", f"Z[l], A[l], dZ[l] (m = {m}): (n[l], m)"],
        rows,
    )
    name = "-".join(map(str, sizes))
    return {f"snippets/numbers/shapes-{name}.md": table.encode()}


def jobs():
    deps = [HERE, REFERENCE_SOURCE, NNDATA_SOURCE, HERE.parent / "settings.py", HERE.parent / "curves.py", HERE.parent / "datastory.py"]
    return [
        Job("lecture-data", render_lecture_data, deps=deps),
        Job("ex1", render_ex1, runs=ex1_runs(), deps=deps),
        Job("ex2", render_ex2, runs=ex2_runs(), deps=deps),
        Job("ex3", render_ex3, runs=ex3_runs(), deps=deps),
        Job("ex4", render_ex4, runs=ex4_runs(), deps=deps),
        Job("shapes-deck", render_shapes, params={"sizes": [3, 5, 5, 3, 1], "m": 10}, deps=deps),
        Job("shapes-5layer", render_shapes, params={"sizes": [2, 3, 5, 4, 2, 1], "m": 10}, deps=deps),
    ]
