"""``python -m sitegen``: make the figures, then ``mkdocs build --strict`` into build/site/."""

import argparse
import logging
import sys
import time
from pathlib import Path

from . import ROOT, SITE_OUT
from .generate import generate


def build_site(out_dir=SITE_OUT, strict=True, config_file=None, workers=None, log=print):
    """Build the whole site into ``out_dir``; return the timings (seconds).

    Raises ``mkdocs.exceptions.Abort`` when the build fails (in strict mode: on any warning).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    started = time.perf_counter()
    summary = generate(workers=workers, log=log)
    figures_done = time.perf_counter()
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    config = load_config(str(config_file or ROOT / "mkdocs.yml"), strict=strict, site_dir=str(Path(out_dir).resolve()))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config, dirty=False)
    finally:
        config.plugins.on_shutdown()
    finished = time.perf_counter()
    return {
        "figures": figures_done - started,
        "mkdocs": finished - figures_done,
        "total": finished - started,
        "made": summary["made"],
        "out_dir": str(out_dir),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m sitegen", description=__doc__)
    parser.add_argument("--out", default=str(SITE_OUT), help="output folder (default: build/site)")
    parser.add_argument("--no-strict", dest="strict", action="store_false", help="do not fail on warnings")
    parser.add_argument("--jobs", type=int, default=None, help="processes for the figures (default: CPU count)")
    args = parser.parse_args(argv)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)
    from mkdocs.exceptions import Abort

    try:
        timings = build_site(out_dir=args.out, strict=args.strict, workers=args.jobs)
    except Abort as error:
        print(f"site build failed: {error}", file=sys.stderr)
        return 1
    print(
        f"site built in {timings['total']:.1f} s (figures {timings['figures']:.1f} s, "
        f"{len(timings['made'])} made; mkdocs {timings['mkdocs']:.1f} s): {timings['out_dir']}/index.html"
    )
    return 0
