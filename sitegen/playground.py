"""The playground page's data: every run its controls can show, trained by the reference at build time.

The browser gets one JSON file (``figures/playground.json``): per data set its points,
per run the recorded costs, the training accuracy and the predicted class on a
GRID x GRID grid (a string of 0/1), which ``site/assets/javascripts/playground.js``
draws on a canvas. No Python runs in the browser.

No combination the controls offer may earn exercise 2's or exercise 4's points (asked of
the graded checks, ``sitegen.gradedcheck``). Nothing is left out one combination at a
time: that would tell a student which settings pass. Instead the offered grid is coarse
and bounded (``sitegen.settings``: no learning rate above a bound), the page says once, in
general terms, that some settings are not offered, and the build stops with a clear
message if any offered combination earns points. The answer is cached under build/ (keyed
on the test files, the reference and the data helpers).
"""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from autograder import public_helpers
from autograder.files import write_atomic

from . import CACHE_DIR, ROOT, settings
from .gradedcheck import BUILD_SEEDS, earns_points
from .jobs import REFERENCE_SOURCE, Job
from .training import RECORD_EVERY, reference

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
    digest.update(json.dumps([candidates, BUILD_SEEDS]).encode())
    for path in QUESTIONS + [REFERENCE_SOURCE, *(ROOT / "course" / name for name in public_helpers()), ROOT / "sitegen" / "gradedcheck.py"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


@lru_cache(maxsize=1)
def excluded():
    """{graded part as JSON: [names of the checks it passes]} for the candidates that earn points (cached on disk).

    Empty when the offered grid is sound; :func:`playground_settings` refuses to build otherwise.
    """
    path = CACHE_DIR / f"playground-excluded-{_excluded_key()}.json"
    if path.is_file():
        return json.loads(path.read_text())
    found = {}
    for part in sorted({json.dumps(_graded_part(s), sort_keys=True) for s in settings.playground_candidates()}):
        earned = earns_points(json.loads(part))
        if earned:
            found[part] = earned
    write_atomic(path, json.dumps(found, indent=1, sort_keys=True))
    return found


def is_excluded(setting):
    return json.dumps(_graded_part(setting), sort_keys=True) in excluded()


class EarningSettingError(RuntimeError):
    """An offered playground combination would earn graded points: the grid in sitegen/settings.py must change."""


def playground_settings():
    """The runs the playground shows: every candidate, once the graded checks confirm none earns points."""
    candidates = settings.playground_candidates()
    earning = sorted({run_id(s) for s in candidates if is_excluded(s)})
    if earning:
        raise EarningSettingError(
            "The playground would offer combinations that earn homework points (" + ", ".join(earning) + "). Do not leave "
            "them out one by one (the gap tells students the answer): change the coarse grid in sitegen/settings.py, e.g. "
            "lower PLAYGROUND_RATES' bound or drop an initialization, and build again.")
    return candidates


def playground_runs():
    return [dict(s) for s in playground_settings()]


def render_playground(results, runs):
    import numpy as np

    from . import toydata

    ref = reference()
    data, X_of, Y_of = {}, {}, {}
    for name, label in settings.PLAYGROUND_DATA:
        X, Y = toydata.load(name)
        X_of[name], Y_of[name] = X, Y
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
            "final_cost": round(float(ref.compute_cost(ref.model_forward(X_of[setting["data"]], result["parameters"],
                                                                         setting["hidden_activation"])[0],
                                                       Y_of[setting["data"]])), 4),
            "accuracy": round(result["accuracy"], 4),
            "regions": "".join("1" if p else "0" for p in predicted),
        }
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
    }
    return {"figures/playground.json": json.dumps(page, separators=(",", ":"), sort_keys=True).encode()}


def jobs():
    deps = [Path(__file__).resolve(), Path(settings.__file__).resolve(), Path(__file__).resolve().parent / "toydata.py", REFERENCE_SOURCE]
    runs = playground_runs()
    return [Job("playground", render_playground, runs=[dict(r, data_args={}) for r in runs], params={"runs": runs}, deps=deps)]
