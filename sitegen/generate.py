"""Make the site's generated files (figures and number tables), with a cache.

A *job* makes a few files (``figures/<name>.png|svg``, ``snippets/numbers/<name>.md``)
from optional training *runs* of the reference. Its cache key hashes everything the
output depends on: the job's name and run specs, the source files it names in
``deps`` (its figure code, the reference, course/nndata.py), and the library
versions. A job whose key is cached is not run; missing runs and renders go to a
process pool. The site takes its files straight from the cache folders (see hooks.py).
"""

import hashlib
import json
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import CACHE_DIR, ROOT

REFERENCE_SOURCE = ROOT / "solutions" / "deepnn.py"
NNDATA_SOURCE = ROOT / "course" / "nndata.py"
STARTER_SOURCE = ROOT / "course" / "deepnn.py"
SITEGEN_DIR = Path(__file__).resolve().parent
#: Bump to invalidate every cached figure (e.g. after a change of the cache layout).
CACHE_VERSION = "1"


@dataclass
class Job:
    """One cached unit of generated output."""

    name: str
    #: module-level function(results: list, **params) -> {relative path: bytes}; runs in a worker.
    render: object
    #: training runs (dicts for ``experiments.train_run``); their results are passed to ``render``.
    runs: list = field(default_factory=list)
    #: keyword parameters of ``render`` (part of the key).
    params: dict = field(default_factory=dict)
    #: files whose content the output depends on (part of the key).
    deps: list = field(default_factory=list)

    def key(self):
        digest = hashlib.sha256()
        digest.update(json.dumps([CACHE_VERSION, self.name, self.runs, self.params, _versions()], sort_keys=True, default=str).encode())
        for path in sorted(set(map(Path, self.deps + [SITEGEN_DIR / "style.py", SITEGEN_DIR / "generate.py"]))):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()[:20]


_VERSIONS = None


def _versions():
    """Library versions that change the pixels (read from metadata: no heavy imports)."""
    global _VERSIONS
    if _VERSIONS is None:
        from importlib.metadata import PackageNotFoundError, version

        found = {}
        for name in ("numpy", "matplotlib"):
            try:
                found[name] = version(name)
            except PackageNotFoundError:
                found[name] = None
        _VERSIONS = found
    return _VERSIONS


def all_jobs():
    from . import diagrams, experiments, pages, playground

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
    import inspect

    from .experiments import RECORD_EVERY, train_run

    digest = hashlib.sha256()
    # RECORD_EVERY: train_run reads it, and it spaces the recorded costs
    digest.update(json.dumps([CACHE_VERSION, spec, RECORD_EVERY, _versions()], sort_keys=True).encode())
    digest.update(REFERENCE_SOURCE.read_bytes())
    digest.update(NNDATA_SOURCE.read_bytes())
    digest.update((SITEGEN_DIR / "toydata.py").read_bytes())
    digest.update(inspect.getsource(train_run).encode())
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

    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    arrays = {f"param_{name}": value for name, value in result["parameters"].items()}
    arrays.update({f"array_{name}": value for name, value in result.get("arrays", {}).items()})
    if "fresh_accuracy" in result:
        arrays["fresh_accuracy"] = np.asarray(result["fresh_accuracy"])
    with open(temporary, "wb") as handle:
        np.savez(handle, costs=np.asarray(result["costs"], dtype=float), accuracy=np.asarray(result["accuracy"]), **arrays)
    temporary.replace(path)


def _do_run(spec):
    from .experiments import train_run

    return train_run(spec)


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


def api_snippets_job():
    """The signature and docstring of each function of the student starter, as snippet files."""
    return Job("api-snippets", render_api_snippets, deps=[STARTER_SOURCE])


def render_api_snippets(results):
    return {f"snippets/api/{name}.py": text.encode() for name, text in starter_signatures(STARTER_SOURCE.read_text()).items()}


def starter_signatures(source):
    """{function name: its ``def`` line(s) and docstring} for the public functions of the starter's source.

    The pages include these with pymdownx.snippets, so the API shown on the site is
    always the starter's own text (never anything from solutions/).
    """
    import ast

    lines = source.splitlines(keepends=True)
    found = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        first = node.body[0]
        has_doc = isinstance(first, ast.Expr) and isinstance(getattr(first, "value", None), ast.Constant) and isinstance(first.value.value, str)
        end = first.end_lineno if has_doc else node.body[0].lineno - 1
        found[node.name] = "".join(lines[node.lineno - 1 : end])
    return found
