"""The demo's first step: train the reference on the lecture data and draw its three plots."""

from pathlib import Path

from ..reference import load_reference


def write_plots(folder):
    """Train the lecture network (fast settings) and write data.png, costs.png, decision_boundary.png.

    Returns the list of written paths.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ref = load_reference()
    import nndata  # put on sys.path by load_reference

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    X, Y = nndata.load_lecture_data()
    parameters, costs = ref.train(X, Y, [2, 3, 4, 1], num_iterations=20000, target_cost=0.05, record_every=100, **ref.fast_settings())
    accuracy = float((ref.predict(X, parameters) == Y).mean())
    print(f"   layer_dims [2, 3, 4, 1], {ref.fast_settings()}: cost {costs[-1]:.4f} "
          f"after about {(len(costs) - 1) * 100} iterations, training accuracy {accuracy:.0%}")

    written = []
    fig, ax = plt.subplots(figsize=(5, 4.5))
    for cls, marker, colour in ((0, "o", "#1f77b4"), (1, "^", "#ff7f0e")):
        mask = Y[0] == cls
        ax.scatter(X[0, mask], X[1, mask], marker=marker, c=colour, edgecolors="k", label=f"y = {cls}")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title("The lecture data (m = 35)")
    ax.legend()
    written.append(_save(fig, folder / "data.png"))

    ax = ref.plot_costs(costs, record_every=100)
    written.append(_save(ax.figure, folder / "costs.png"))
    ax = ref.plot_decision_boundary(parameters, X, Y)
    written.append(_save(ax.figure, folder / "decision_boundary.png"))
    for path in written:
        print(f"   wrote {path}")
    return written


def _save(fig, path):
    import matplotlib.pyplot as plt

    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
