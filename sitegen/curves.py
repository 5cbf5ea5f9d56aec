"""Plain sentences about cost curves, computed from the recorded costs (so the text follows the runs)."""


def describe(costs, record_every, plateau, label):
    """One sentence on a recorded cost curve: when it left the plateau, whether it ever rose, where it ended.

    ``costs``: the recorded costs (one every ``record_every`` iterations, the first at iteration 0);
    ``plateau``: the cost of predicting the class ratio for every point.
    """
    left = next((i for i, c in enumerate(costs) if c < plateau - 0.01), None)
    rises = [(i, costs[i] - costs[i - 1]) for i in range(1, len(costs)) if costs[i] > costs[i - 1] + 1e-6]
    last = len(costs) - 1
    tail = costs[max(0, last - 5):]
    parts = [f"**{label}**:"]
    start = f"it starts at {costs[0]:.3f}" + (", above the plateau," if costs[0] > plateau + 0.01 else "")
    if left is None:
        parts.append(f"{start} and never gets below the plateau ({plateau:.3f}) in {last * record_every:,} iterations;")
    else:
        parts.append(f"{start} and is below the plateau ({plateau:.3f}) by iteration {left * record_every:,};")
    if rises:
        biggest = max(rises, key=lambda item: item[1])
        parts.append(f"it rises between {len(rises)} pair{'s' if len(rises) > 1 else ''} of recorded points (at most by {biggest[1]:.3f}, near iteration "
                     f"{biggest[0] * record_every:,}), so the steps overshoot;")
    else:
        parts.append("it never rises between recorded points;")
    spread = max(tail) - min(tail)
    settled = "it has settled" if spread < 1e-3 else "it is still moving"
    parts.append(f"over the last {(len(tail) - 1) * record_every:,} iterations it changes by {spread:.4f} ({settled}) and ends at {costs[-1]:.3f}.")
    return " ".join(parts)
