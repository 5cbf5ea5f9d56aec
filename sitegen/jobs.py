"""What a figure job is, the sources figures are made from, and a job's cache key.

A *job* makes a few files (``figures/<name>.png|svg|json``, ``snippets/...md``) from
optional training *runs* of the reference. The figure modules (``diagrams``,
``experiments``, ``playground``, ``pages``, ``apisnippets``) describe their jobs with
:class:`Job`; the generator (``generate.py``) imports them and runs the jobs whose key
it has not cached. This module imports neither side, so nothing imports back.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import ROOT

#: The private reference implementation every figure trains or calls (never shown).
REFERENCE_SOURCE = ROOT / "solutions" / "deepnn.py"
#: The public data helpers (the lecture data, make_circles).
NNDATA_SOURCE = ROOT / "course" / "nndata.py"
#: The student starter, whose signatures and docstrings the API snippets show.
STARTER_SOURCE = ROOT / "course" / "deepnn.py"
SITEGEN_DIR = Path(__file__).resolve().parent
#: Bump to invalidate every cached figure (e.g. after a change of the cache layout).
CACHE_VERSION = "1"
#: sitegen's own files that every job's output depends on: the figures' look, this key, the
#: generator that stores the outputs and loads the cached runs, and the training runs.
COMMON_DEPS = [SITEGEN_DIR / name for name in ("style.py", "jobs.py", "generate.py", "training.py")]


@dataclass
class Job:
    """One cached unit of generated output."""

    name: str
    #: module-level function(results: list, **params) -> {relative path: bytes}; runs in a worker.
    render: object
    #: training runs (dicts for ``training.train_run``); their results are passed to ``render``.
    runs: list = field(default_factory=list)
    #: keyword parameters of ``render`` (part of the key).
    params: dict = field(default_factory=dict)
    #: files whose content the output depends on (part of the key).
    deps: list = field(default_factory=list)

    def key(self):
        """20 hex digits of a hash of the name, runs, params, library versions and the bytes of every dependency."""
        digest = hashlib.sha256()
        digest.update(json.dumps([CACHE_VERSION, self.name, self.runs, self.params, versions()], sort_keys=True, default=str).encode())
        for path in sorted(set(map(Path, self.deps + COMMON_DEPS))):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()[:20]


_VERSIONS = None


def versions():
    """{"numpy": ..., "matplotlib": ...}: library versions that change the pixels (read from metadata: no heavy imports)."""
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
