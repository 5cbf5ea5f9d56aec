"""``python -m autograder demo``: the kit's main job on its bundled example.

1. Train the reference on the lecture data and write three plots (the data, the
   cost curve, the decision boundary) to ``OUT/plots/``.
2. Build the course site into ``OUT/site/``.
3. Grade the bundled sample class into ``OUT/class/`` and print the grade table.
"""

import time
from pathlib import Path

from .plots import write_plots


def add_arguments(parser):
    parser.add_argument("--out", type=Path, default=Path("out"), help="output folder (default: out)")
    parser.add_argument("--skip", action="append", default=[], choices=["plots", "site", "class"],
                        help="leave out a step (repeatable)")


def main(*, out, skip=()):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    steps = [("plots", "training the reference on the lecture data", lambda: write_plots(out / "plots"))]
    for name, title, run in steps:
        if name in skip:
            continue
        print(f"== {title}")
        started = time.perf_counter()
        run()
        print(f"   done in {time.perf_counter() - started:.1f} s")
    return 0
