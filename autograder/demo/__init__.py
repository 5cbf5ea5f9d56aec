"""``python -m autograder demo``: the kit's main job on its bundled example.

1. ``plots``: train the reference on the lecture data and write three plots (the data,
   the cost curve, the decision boundary) to ``OUT/plots/``.
2. ``site``: build the course site (figures made from the reference) into ``OUT/site/``.
3. ``class``: write the bundled sample class to ``OUT/class_submissions/``, grade it
   securely into ``OUT/class/`` with the sample submission times (late policy), print
   the grade table, write the class report ``OUT/class/report.html`` and a Canvas
   export through the sample roster ``OUT/class/canvas.csv``.
"""

import os
import time
from pathlib import Path

from .. import KIT_ROOT
from ..exitcodes import DONE

EXAMPLES = KIT_ROOT / "examples"
STEPS = ("plots", "site", "class")


def add_arguments(parser):
    parser.add_argument("--out", type=Path, default=Path("out"), help="output folder (default: out)")
    parser.add_argument("--skip", action="append", default=[], choices=STEPS, help="leave out a step (repeatable)")


def _plots(out):
    from .plots import write_plots

    write_plots(out / "plots")
    return DONE


def _site(out):
    from sitegen.build import build_site

    timings = build_site(out_dir=out / "site", log=lambda message: print(f"   {message}"))
    print(f"   site in {out / 'site'} (figures {timings['figures']:.1f} s, mkdocs {timings['mkdocs']:.1f} s); "
          f"open {out / 'site' / 'index.html'}")
    return DONE


def _class(out):
    from .. import export, grade, report
    from ..sample_class import write_sample_class

    submissions = write_sample_class(out / "class_submissions")
    status = grade.main(submissions=[str(p) for p in submissions], out=str(out / "class"), jobs=os.cpu_count() or 1,
                        times=str(EXAMPLES / "submission_times.csv"))
    if status:
        return status
    status = report.main(dir=str(out / "class"))
    if status:
        return status
    return export.main(grades=str(out / "class" / "grades.csv"), fmt="canvas", roster=str(EXAMPLES / "roster.csv"),
                       out=str(out / "class" / "canvas.csv"))


RUNNERS = {"plots": ("training the reference on the lecture data", _plots),
           "site": ("building the course site", _site),
           "class": ("grading the sample class", _class)}


def main(*, out, skip=()):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name in STEPS:
        if name in skip:
            continue
        title, run = RUNNERS[name]
        print(f"== {title}", flush=True)
        started = time.perf_counter()
        status = run(out)
        if status:
            print(f"   the {name} step failed (exit status {status}): see the messages above")
            return status
        print(f"   done in {time.perf_counter() - started:.1f} s", flush=True)
    return DONE
