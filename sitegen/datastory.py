"""The story of the lecture data, in numbers computed at build time (snippets the homework page includes).

* Why the cost sits on a plateau: a network that predicts the class ratio p = n1/m for
  every point has cost H = -(n0 ln(1 - p) + n1 ln p) / m, the least a constant prediction
  can get; the deck's initialization starts there.
* How the deck's printed first cost pins down its labels: the network's first output p is
  the same for every point, and only one count k of zeros gives the printed cost.
* Why zero initialization learns nothing but the output bias, which goes to log(n1/n0).
"""

import math

from . import style
from .settings import DECK, EX2_ITERATIONS
from .training import load_data, reference

#: The first cost the deck prints for its run (a fact of the deck, not of the kit's data).
DECK_FIRST_COST = 0.65972
DECK_M = 35


def constant_cost(k, p, m):
    """Cross-entropy of predicting p for every one of m points, k of which are class 0 (the rest class 1)."""
    return -(k * math.log(1 - p) + (m - k) * math.log(p)) / m


def least_constant_cost(k, m):
    """The least cost of a constant prediction: at p = (m - k) / m it is the entropy of the class ratio."""
    if k in (0, m):
        return 0.0
    return constant_cost(k, (m - k) / m, m)


def _range(AL):
    lo, hi = float(AL.min()), float(AL.max())
    if round(lo, 4) == round(hi, 4):
        return f"is {lo:.4f} for every one of the {AL.shape[1]} points"
    return f"lies between {lo:.4f} and {hi:.4f} for all {AL.shape[1]} points"


def _plateau_story(first, last, plateau, ratio):
    """What the deck's run does, in words that follow its costs: starts on the plateau, or drops to it (or below)."""
    run = f"after {EX2_ITERATIONS:,} iterations at α = {DECK['learning_rate']} it is {last:.5f}"
    if round(first, 4) == round(plateau, 4):
        start = (f"That is already the plateau ({plateau:.4f}, to four places): the output is already almost the class ratio "
                 f"n1/m = {ratio:.4f}, so there is nothing to drop. ")
        if round(last, 4) == round(plateau, 4):
            return (start + f"The cost stays there: {run}. The signals through the hidden layers are so small that the "
                    "gradient that would bend the boundary is tiny: the network sits on the plateau.")
        return start + f"The cost then leaves it slowly: {run}."
    if round(last, 4) == round(plateau, 4):
        return (f"Gradient descent first learns the only thing an almost constant output can learn, the class ratio, and "
                f"the cost drops to the plateau ({plateau:.5f}); {run}: the network sits on the plateau.")
    return f"The cost moves from there: {run}, against the plateau of {plateau:.5f}."


def _hidden_story(L, moved):
    """What zero initialization leaves of the weights and hidden biases, e.g. 'every entry of W[1], …, b[2] stays 0'."""
    names = [f"$W^{{[{l}]}}$" for l in range(1, L + 1)] + [f"$b^{{[{l}]}}$" for l in range(1, L)]
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    if moved == 0:
        return f"every entry of {listed} stays **0**"
    return f"the largest entry of {listed} is **{moved:g}**"


def render_story(results):
    import numpy as np

    X, Y = load_data("lecture")
    m = Y.shape[1]
    n1 = int(Y.sum())
    n0 = m - n1
    plateau = least_constant_cost(n0, m)
    deck_run, zeros_run = results
    first = deck_run["costs"][0]
    last = deck_run["costs"][-1]
    ref = reference()
    start = ref.initialize_parameters(DECK["layer_dims"], method="random", scale=0.01, seed=1)
    AL, _ = ref.model_forward(X, start)
    p0 = float(AL.mean())  # the network's output at the start: the same for every point (to 4 places)
    possible = [k for k in range(DECK_M + 1) if round(constant_cost(k, p0, DECK_M), 5) == DECK_FIRST_COST]
    story = [
        f"The kit's lecture data has m = {m} points: n0 = {n0} of class 0 and n1 = {n1} of class 1. "
        f"A network that predicts the same probability p = n1/m = {n1 / m:.4f} for every point has the cost "
        f"$-\\big(n_0 \\ln(1-p) + n_1 \\ln p\\big)/m$ = **{plateau:.4f}**: the least cost any constant prediction can get "
        f"(the entropy of the class ratio).",
        "",
        f"From the deck's initialization (random × 0.01, seed 1) the network's output is almost constant: at the start "
        f"$A^{{[L]}}$ {_range(AL)}, so the first recorded cost is {first:.5f}. {_plateau_story(first, last, plateau, n1 / m)}",
        "",
        f"**The deck's printed numbers pin down its data.** The deck's network starts from the same initialization, so "
        f"its first cost is that of predicting p = {p0:.4f} for every point: $-\\big(k \\ln(1-p) + ({DECK_M}-k) \\ln p\\big)/{DECK_M}$ "
        f"for its k zeros. The deck prints {DECK_FIRST_COST}. Of k = 0, …, {DECK_M}, only k = "
        f"{' and '.join(map(str, possible)) or 'none'} gives {DECK_FIRST_COST} (to 5 places): the deck's data had "
        f"{possible[0] if possible else '?'} zeros. Its label list, with 15 zeros, would have printed "
        f"{constant_cost(15, p0, DECK_M):.5f}; its plotting code, which colours 13 points as class 0, agrees with the "
        f"printed cost. On that data the plateau is the entropy of 13/35, {least_constant_cost(13, DECK_M):.4f}.",
        "",
    ]
    W = {name: value for name, value in zeros_run["parameters"].items()}
    L = len(DECK["layer_dims"]) - 1
    moved = max(float(np.abs(value).max()) for name, value in W.items() if name != f"b{L}")
    zeros = [
        f"After {EX2_ITERATIONS:,} iterations from all-zero weights at α = {DECK['learning_rate']}: {_hidden_story(L, moved)}, and the output bias is "
        f"$b^{{[{L}]}}$ = **{float(W[f'b{L}'][0, 0]):.4f}**, against $\\log(n_1/n_0) = \\log({n1}/{n0})$ = "
        f"**{math.log(n1 / n0):.4f}**. Every point gets $\\sigma(b^{{[{L}]}})$ = {1 / (1 + math.exp(-float(W[f'b{L}'][0, 0]))):.4f} "
        f"≈ n1/m = {n1 / m:.4f}, and the cost is {zeros_run['costs'][-1]:.4f}, the plateau of {plateau:.4f}.",
        "",
    ]
    rows = [(k, f"{constant_cost(k, p0, DECK_M):.5f}", f"{least_constant_cost(k, DECK_M):.4f}") for k in range(10, 18)]
    table = style.markdown_table(["zeros k of 35", f"first cost, predicting p = {p0:.4f} for every point", "plateau: the entropy H(k/35)"], rows)
    return {"snippets/numbers/data-story.md": ("\n".join(story) + "\n" + table).encode(), "snippets/numbers/zeros-story.md": "\n".join(zeros).encode()}
