"""The playground page's data: every run its controls can show, trained by the reference at build time.

The browser gets one JSON file (``figures/playground.json``): per data set its points,
per run the recorded costs, the training accuracy and the predicted class on a
GRID x GRID grid (a string of 0/1), which ``site/assets/javascripts/playground.js``
draws on a canvas. No Python runs in the browser.

A combination that would earn exercise 2's or exercise 4's points (asked of the graded
checks, ``sitegen.gradedcheck``) is left out, and the page says so; which ones are left
out is cached under build/ (keyed on the test files, the reference and the data helpers).
"""

import hashlib
import json
from functools import lru_cache

from . import CACHE_DIR, ROOT, settings
from .generate import NNDATA_SOURCE, REFERENCE_SOURCE, Job

GRID = 48
QUESTIONS = [ROOT / "autograder" / "questions" / "ex2_init.py", ROOT / "autograder" / "questions" / "ex4_circles.py"]


def run_id(setting):
    """The key the page's controls build: data, depth, init, rate (e.g. ``moons|2-6-1|he|0.1``)."""
    return "|".join([setting["data"], "-".join(map(str, setting["layer_dims"])), setting["init"], repr(setting["learning_rate"])])


def _graded_part(setting):
    return {key: setting[key] for key in ("layer_dims", "learning_rate", "num_iterations", "init", "init_scale", "hidden_activation")}


def _excluded_key():
    digest = hashlib.sha256()
    candidates = sorted({json.dumps(_graded_part(s), sort_keys=True) for s in settings.playground_candidates()})
    from .gradedcheck import BUILD_SEEDS

    digest.update(json.dumps([candidates, BUILD_SEEDS]).encode())
    for path in QUESTIONS + [REFERENCE_SOURCE, NNDATA_SOURCE, ROOT / "course" / "gradecheck.py", ROOT / "sitegen" / "gradedcheck.py"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


@lru_cache(maxsize=1)
def excluded():
    """{graded part as JSON: [names of the checks it passes]} for the candidates that earn points (cached on disk)."""
    path = CACHE_DIR / f"playground-excluded-{_excluded_key()}.json"
    if path.is_file():
        return json.loads(path.read_text())
    from .gradedcheck import earns_points

    found = {}
    for part in sorted({json.dumps(_graded_part(s), sort_keys=True) for s in settings.playground_candidates()}):
        earned = earns_points(json.loads(part))
        if earned:
            found[part] = earned
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(found, indent=1, sort_keys=True))
    return found


def is_excluded(setting):
    return json.dumps(_graded_part(setting), sort_keys=True) in excluded()


def playground_settings():
    """The runs the playground shows: every candidate that earns no graded points."""
    return [s for s in settings.playground_candidates() if not is_excluded(s)]


def playground_runs():
    return [dict(s) for s in playground_settings()]


def render_playground(results, runs):
    import numpy as np

    from . import toydata
    from .experiments import RECORD_EVERY, reference

    ref = reference()
    data = {}
    for name, label in settings.PLAYGROUND_DATA:
        X, Y = toydata.load(name)
        lo, hi = X.min(axis=1) - 0.3, X.max(axis=1) + 0.3
        xs, ys = np.linspace(lo[0], hi[0], GRID), np.linspace(lo[1], hi[1], GRID)
        xx, yy = np.meshgrid(xs, ys)
        data[name] = {"label": label, "points": np.round(X, 3).T.tolist(), "labels": Y.ravel().tolist(),
                      "box": [float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])],
                      "grid": np.vstack([xx.ravel(), yy.ravel()])}
    shown = {}
    for setting, result in zip(runs, results):
        grid = data[setting["data"]]["grid"]
        predicted = ref.predict(grid, result["parameters"], setting["hidden_activation"]).ravel()
        shown[run_id(setting)] = {
            "costs": [round(float(c), 4) for c in result["costs"]],
            "accuracy": round(result["accuracy"], 4),
            "regions": "".join("1" if p else "0" for p in predicted),
        }
    left_out = {}
    for setting in settings.playground_candidates():
        if is_excluded(setting):
            left_out[run_id(setting)] = excluded()[json.dumps(_graded_part(setting), sort_keys=True)]
    for entry in data.values():
        del entry["grid"]
    page = {
        "grid": GRID,
        "record_every": RECORD_EVERY,
        "iterations": settings.PLAYGROUND_ITERATIONS,
        "data": data,
        "depths": ["-".join(map(str, d)) for d in settings.PLAYGROUND_DEPTHS],
        "inits": [[init, label] for init, _, label in settings.PLAYGROUND_INITS],
        "rates": [repr(a) for a in settings.PLAYGROUND_RATES],
        "runs": shown,
        "left_out": left_out,
    }
    return {"figures/playground.json": json.dumps(page, separators=(",", ":"), sort_keys=True).encode()}


def jobs():
    from pathlib import Path

    deps = [Path(__file__).resolve(), Path(settings.__file__).resolve(), Path(__file__).resolve().parent / "toydata.py", REFERENCE_SOURCE]
    runs = playground_runs()
    return [Job("playground", render_playground, runs=[dict(r, data_args={}) for r in runs], params={"runs": runs}, deps=deps)]
