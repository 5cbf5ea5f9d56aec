"""Make the site's generated files (figures and number tables), with a cache.

The figure modules describe *jobs* (``jobs.Job``: a few files made from optional
training runs of the reference); :func:`all_jobs` collects them. A job whose key
(``Job.key``: everything its output depends on) is cached is not run; the missing
training runs, themselves cached in ``runs/`` under a key of their own, and the missing
renders go to a process pool. The site takes its files straight from the cache folders
(see hooks.py).
"""

import hashlib
import inspect
import io
import json
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor

from autograder.files import write_atomic

from . import CACHE_DIR, diagrams, experiments, pages, playground, training
from .apisnippets import api_snippets_job
from .jobs import CACHE_VERSION, NNDATA_SOURCE, REFERENCE_SOURCE, SITEGEN_DIR, versions


def all_jobs():
    """Every job of the site, in build order (each module says what its pages need)."""
    return [api_snippets_job()] + diagrams.jobs() + experiments.jobs() + playground.jobs() + pages.jobs()


def _worker_init():
    import matplotlib

    matplotlib.use("Agg")


RUNS_DIR = CACHE_DIR / "runs"


def _run_key(spec):
    """A training run's key: its spec, the reference, the data helpers, the training code, the versions.

    Runs are cached on their own (not only the figures), so a change of figure code
    redraws without retraining.
    """
    digest = hashlib.sha256()
    # RECORD_EVERY: train_run reads it, and it spaces the recorded costs
    digest.update(json.dumps([CACHE_VERSION, spec, training.RECORD_EVERY, versions()], sort_keys=True).encode())
    digest.update(REFERENCE_SOURCE.read_bytes())
    digest.update(NNDATA_SOURCE.read_bytes())
    digest.update((SITEGEN_DIR / "toydata.py").read_bytes())
    digest.update(inspect.getsource(training.train_run).encode())
    return digest.hexdigest()[:20]


def _load_run(path):
    import numpy as np

    with np.load(path, allow_pickle=False) as data:
        result = {
            "parameters": {name[len("param_"):]: data[name] for name in data.files if name.startswith("param_")},
            "costs": [float(c) for c in data["costs"]],
            "accuracy": float(data["accuracy"]),
        }
        arrays = {name[len("array_"):]: data[name] for name in data.files if name.startswith("array_")}
        if arrays:
            result["arrays"] = arrays
        if "fresh_accuracy" in data.files:
            result["fresh_accuracy"] = float(data["fresh_accuracy"])
        return result


def _save_run(path, result):
    import numpy as np

    arrays = {f"param_{name}": value for name, value in result["parameters"].items()}
    arrays.update({f"array_{name}": value for name, value in result.get("arrays", {}).items()})
    if "fresh_accuracy" in result:
        arrays["fresh_accuracy"] = np.asarray(result["fresh_accuracy"])
    buffer = io.BytesIO()
    np.savez(buffer, costs=np.asarray(result["costs"], dtype=float), accuracy=np.asarray(result["accuracy"]), **arrays)
    write_atomic(path, buffer.getvalue())


def _do_run(spec):
    return training.train_run(spec)


def _do_render(job_name, render, results, params):
    return job_name, render(results, **params)


def generate(jobs=None, workers=None, log=print):
    """Make the generated files not in the cache; return a summary dict.

    The summary's ``folders`` are this build's cache folders, each holding ``figures/``
    and/or ``snippets/``. A cache folder never changes once written (it is written
    under a temporary name and renamed), so builds running at the same time cannot
    disturb each other. ``workers``: size of the process pool (default: CPU count).
    """
    started = time.perf_counter()
    if not REFERENCE_SOURCE.is_file():
        raise FileNotFoundError(f"the site's figures are made from the reference implementation, which is missing: {REFERENCE_SOURCE}")
    jobs = all_jobs() if jobs is None else jobs
    keyed = [(job, job.key()) for job in jobs]
    missing = [(job, key) for job, key in keyed if not (CACHE_DIR / f"{job.name}-{key}" / ".done").is_file()]
    if missing:
        workers = workers or min(len(missing), os.cpu_count() or 1)
        log(f"sitegen: making {len(missing)} of {len(jobs)} figure jobs with {workers} process(es): {', '.join(j.name for j, _ in missing)}")
        with ProcessPoolExecutor(max_workers=workers, initializer=_worker_init) as pool:
            # Phase 1: every training run of every missing job not in the run cache, longest first.
            results = {job.name: [None] * len(job.runs) for job, _ in missing}
            specs = []
            for job, _ in missing:
                for i, spec in enumerate(job.runs):
                    path = RUNS_DIR / f"{_run_key(spec)}.npz"
                    if path.is_file():
                        results[job.name][i] = _load_run(path)
                    else:
                        specs.append((job.name, i, spec, path))
            specs.sort(key=lambda item: -item[2].get("num_iterations", 0))
            futures = {(name, i, path): pool.submit(_do_run, spec) for name, i, spec, path in specs}
            for (name, i, path), future in futures.items():
                results[name][i] = future.result()
                _save_run(path, results[name][i])
            # Phase 2: the renders.
            renders = [pool.submit(_do_render, job.name, job.render, results[job.name], job.params) for job, _ in missing]
            outputs = dict(future.result() for future in renders)
        for job, key in missing:
            _store(CACHE_DIR / f"{job.name}-{key}", outputs[job.name], key)
        _prune_cache({f"{job.name}-{key}" for job, key in keyed} | {RUNS_DIR.name})
    folders = [CACHE_DIR / f"{job.name}-{key}" for job, key in keyed]
    files = sorted(path.relative_to(folder).as_posix() for folder in folders for path in folder.rglob("*") if path.is_file() and path.name != ".done")
    duplicates = {name for name in files if files.count(name) > 1}
    if duplicates:
        raise RuntimeError(f"two figure jobs write the same files: {sorted(duplicates)}")
    return {"jobs": len(jobs), "made": [job.name for job, _ in missing], "folders": folders, "files": files, "seconds": time.perf_counter() - started}


def _store(folder, outputs, key):
    """Write a job's outputs to ``folder`` atomically (a temporary folder, then a rename)."""
    if (folder / ".done").is_file():
        return  # another build made it meanwhile
    temporary = folder.parent / f".tmp-{folder.name}-{os.getpid()}"
    if temporary.exists():
        shutil.rmtree(temporary)
    for relative, content in outputs.items():
        target = temporary / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    (temporary / ".done").write_text(key + "\n")
    if folder.exists():  # an unfinished folder (no .done) from an interrupted build
        shutil.rmtree(folder, ignore_errors=True)
    try:
        temporary.rename(folder)
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)  # another build won the race: same content


def _prune_cache(keep):
    """Remove cached outputs of jobs whose key changed (older than a minute: never another build's fresh output)."""
    if not CACHE_DIR.is_dir():
        return
    now = time.time()
    for folder in CACHE_DIR.iterdir():
        if folder.is_dir() and folder.name not in keep and now - folder.stat().st_mtime > 60:
            shutil.rmtree(folder, ignore_errors=True)
