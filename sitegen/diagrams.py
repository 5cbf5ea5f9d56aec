"""Diagrams that need no training: network pictures, the building blocks, the parity tree."""

from pathlib import Path

from . import style
from .jobs import Job

HERE = Path(__file__).resolve()

#: The deck's example network (topic 1) and its 5-layer shapes example (topic 3).
DECK_NETWORK = [3, 5, 5, 3, 1]
SHAPES_NETWORK = [2, 3, 5, 4, 2, 1]
#: The four networks of "what is a deep network": logistic regression, 1, 2 and 5 hidden layers.
DEPTH_NETWORKS = [
    ("logistic regression", [3, 1]),
    ("1 hidden layer", [3, 4, 1]),
    ("2 hidden layers", [3, 4, 4, 1]),
    ("5 hidden layers", [3, 4, 4, 4, 4, 4, 1]),
]


def draw_network(ax, sizes, title=None, labels=True, node_radius=0.17):
    """Units as circles, layer by layer (layer 0 = the input x), every connection as a line."""
    from matplotlib.patches import Circle

    L = len(sizes) - 1
    top = max(sizes)
    positions = []
    for l, n in enumerate(sizes):
        ys = [(n - 1) / 2 - i for i in range(n)]
        positions.append([(l * 1.6, y) for y in ys])
    for l in range(1, L + 1):
        for x0, y0 in positions[l - 1]:
            for x1, y1 in positions[l]:
                ax.plot([x0, x1], [y0, y1], color="#9e9e9e", lw=0.7, zorder=1)
    for l, layer in enumerate(positions):
        colour = "#e3f2fd" if l == 0 else ("#ffe0b2" if l == L else "#c8e6c9")
        for x, y in layer:
            ax.add_patch(Circle((x, y), node_radius, facecolor=colour, edgecolor="#37474f", lw=1.0, zorder=2))
        if labels:
            x = layer[0][0]
            name = "input" if l == 0 else ("output" if l == L else "hidden")
            ax.text(x, -(top - 1) / 2 - 0.55, f"layer {l}\n$n^{{[{l}]}} = {sizes[l]}$\n({name})", ha="center", va="top", fontsize=9)
    ax.set_xlim(-0.5, L * 1.6 + 0.5)
    ax.set_ylim(-(top - 1) / 2 - (1.6 if labels else 0.4), (top - 1) / 2 + 0.5)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=11)


def render_network(results, sizes, title):
    fig, axes = style.figure(width=max(3.0, 1.1 * len(sizes)), height=max(2.6, 0.55 * max(sizes) + 1.4))
    draw_network(axes[0][0], sizes, title)
    return {f"figures/{_network_name(sizes)}.svg": style.svg_bytes(fig)}


def _network_name(sizes):
    return "network-" + "-".join(map(str, sizes))


def render_depths(results):
    widths = [len(sizes) for _, sizes in DEPTH_NETWORKS]
    fig, axes = style.figure(ncols=len(DEPTH_NETWORKS), width=1.0, height=3.0, gridspec_kw={"width_ratios": widths})
    fig.set_size_inches(sum(widths) * 0.95, 2.9)
    for ax, (title, sizes) in zip(axes[0], DEPTH_NETWORKS):
        draw_network(ax, sizes, f"{title}\n(L = {len(sizes) - 1})", labels=False)
    return {"figures/network-depths.svg": style.svg_bytes(fig)}


def render_building_blocks(results, L=3):
    """Forward boxes on top, backward boxes below, caches handed down, gradients out."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    fig, axes = style.figure(width=10.5, height=4.4)
    ax = axes[0][0]
    step = 3.0

    def box(x, y, text, colour):
        ax.add_patch(FancyBboxPatch((x - 0.75, y - 0.45), 1.5, 0.9, boxstyle="round,pad=0.05", facecolor=colour, edgecolor="#37474f"))
        ax.text(x, y, text, ha="center", va="center", fontsize=10)

    def arrow(start, end, text=None, offset=(0, 0.18), dashed=False, colour="#37474f"):
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, color=colour, lw=1.2, linestyle="--" if dashed else "-"))
        if text:
            ax.text((start[0] + end[0]) / 2 + offset[0], (start[1] + end[1]) / 2 + offset[1], text, ha="center", va="bottom", fontsize=10)

    y_f, y_b = 2.0, 0.0
    xs = [1.5 + step * (l - 1) for l in range(1, L + 1)]
    arrow((-0.4, y_f), (xs[0] - 0.8, y_f), "$A^{[0]} = X$")
    for i, x in enumerate(xs):
        l = i + 1
        box(x, y_f, f"forward\nlayer {l}", "#c8e6c9")
        box(x, y_b, f"backward\nlayer {l}", "#ffe0b2")
        arrow((x, y_f - 0.5), (x, y_b + 0.5), None, dashed=True, colour="#6a1b9a")
        ax.text(x + 0.1, (y_f + y_b) / 2, f"cache$^{{[{l}]}}$", ha="left", va="center", fontsize=9, color="#6a1b9a")
        arrow((x, y_b - 0.5), (x, y_b - 1.05), None)
        ax.text(x, y_b - 1.1, f"$dW^{{[{l}]}}, db^{{[{l}]}}$", ha="center", va="top", fontsize=10)
        if l < L:
            arrow((x + 0.8, y_f), (xs[i + 1] - 0.8, y_f), f"$A^{{[{l}]}}$")
            arrow((xs[i + 1] - 0.8, y_b), (x + 0.8, y_b), f"$dA^{{[{l}]}}$")
    x_cost = xs[-1] + step
    box(x_cost, y_f, "cost\n$J(A^{[L]}, Y)$", "#e3f2fd")
    arrow((xs[-1] + 0.8, y_f), (x_cost - 0.8, y_f), f"$A^{{[{L}]}} = \\hat{{Y}}$")
    arrow((x_cost, y_f - 0.5), (xs[-1] + 0.8, y_b + 0.1), None)
    ax.text(x_cost - 0.2, (y_f + y_b) / 2 - 0.2, f"$dA^{{[{L}]}}$", ha="left", va="center", fontsize=10)
    arrow((xs[0] - 0.8, y_b), (-0.4, y_b), "$dA^{[0]}$ (unused)")
    ax.text(
        (xs[0] + x_cost) / 2,
        -2.05,
        "cache$^{[l]}$ = ($A^{[l-1]}$, $W^{[l]}$, $b^{[l]}$, $Z^{[l]}$): what the backward step of layer $l$ needs.   "
        "Then: $W^{[l]} := W^{[l]} - \\alpha\\, dW^{[l]}$,  $b^{[l]} := b^{[l]} - \\alpha\\, db^{[l]}$",
        ha="center",
        va="center",
        fontsize=9.5,
    )
    ax.set_xlim(-1.0, x_cost + 1.0)
    ax.set_ylim(-2.4, 2.8)
    ax.axis("off")
    return {"figures/building-blocks.svg": style.svg_bytes(fig)}


def render_parity(results, n=8, table_sizes=(2, 4, 8, 16, 32, 64)):
    """Left: the tree of 2-input XORs computing the parity of n bits. Right: units needed, deep vs shallow."""
    import numpy as np
    from matplotlib.patches import Circle

    fig, axes = style.figure(ncols=2, width=5.0, height=3.8, gridspec_kw={"width_ratios": [1.35, 1]})
    ax = axes[0][0]
    level = [(i * 1.0, 0.0) for i in range(n)]
    for i, (x, y) in enumerate(level):
        ax.text(x, y - 0.25, f"$x_{{{i + 1}}}$", ha="center", va="top", fontsize=10)
        ax.add_patch(Circle((x, y), 0.12, facecolor="#e3f2fd", edgecolor="#37474f"))
    depth = 0
    while len(level) > 1:
        depth += 1
        nxt = []
        for j in range(0, len(level), 2):
            (x0, y0), (x1, y1) = level[j], level[j + 1]
            x, y = (x0 + x1) / 2, depth * 1.0
            ax.plot([x0, x], [y0, y], color="#9e9e9e", lw=1)
            ax.plot([x1, x], [y1, y], color="#9e9e9e", lw=1)
            ax.add_patch(Circle((x, y), 0.22, facecolor="#c8e6c9", edgecolor="#37474f", zorder=3))
            ax.text(x, y, "⊕", ha="center", va="center", fontsize=11, zorder=4)
            nxt.append((x, y))
        level = nxt
    ax.text(level[0][0], depth + 0.35, "$y = x_1 \\oplus x_2 \\oplus \\cdots \\oplus x_8$", ha="center", va="bottom", fontsize=10)
    ax.set_xlim(-0.6, n - 0.4)
    ax.set_ylim(-0.8, depth + 0.9)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"deep: {n - 1} XOR gates, depth $\\log_2 {n} = {depth}$", fontsize=10)
    ax = axes[0][1]
    sizes = np.arange(2, 33)
    ax.semilogy(sizes, sizes - 1, "o-", ms=3, label="deep tree: $n - 1$ XOR gates")
    ax.semilogy(sizes, 2.0 ** (sizes - 1), "s-", ms=3, label="one hidden layer of logic gates: $2^{n-1}$")
    ax.set_xlabel("number of inputs $n$")
    ax.set_ylabel("gates needed (log scale)")
    ax.set_title("parity of $n$ bits", fontsize=10)
    ax.legend(fontsize=8.5, loc="upper left")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    rows = [(k, k - 1, int(np.log2(k)), f"{2 ** (k - 1):,}") for k in table_sizes]
    table = style.markdown_table(
        ["inputs n", "XOR gates in the tree (n − 1)", "depth of the tree (log₂ n)", "hidden gates with one hidden layer of logic gates (2ⁿ⁻¹)"], rows
    )
    return {"figures/parity.svg": style.svg_bytes(fig), "snippets/numbers/parity.md": table.encode()}


def jobs():
    deps = [HERE]
    made = [
        Job(_network_name(DECK_NETWORK), render_network, params={"sizes": DECK_NETWORK, "title": "The deck's example: L = 4"}, deps=deps),
        Job(_network_name(SHAPES_NETWORK), render_network, params={"sizes": SHAPES_NETWORK, "title": "The shapes example: L = 5"}, deps=deps),
        Job("network-depths", render_depths, deps=deps),
        Job("building-blocks", render_building_blocks, deps=deps),
        Job("parity", render_parity, deps=deps),
    ]
    return made
