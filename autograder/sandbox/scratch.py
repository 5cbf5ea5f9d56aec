"""A standalone worker's folder: what the grader stages on the host, and what the worker sees of it.

The grader writes into a fresh host folder (``Limits``' scratch base): the student's module as
``deepnn.py``, the kit's public helpers and the worker's own code (``_ag_worker.py``, ``_ag_wire.py``),
both copied by helpers.py, and matplotlib's font list; it keeps the worker's output
file (``output.txt``) and its trace file (``_ag_trace.txt``, read by the circuit breaker) there
too, both opened by the grader and handed to the worker as file descriptors, each capped by
RLIMIT_FSIZE.

* ``bwrap``: inside the sandbox the folder's path is a fresh tmpfs capped at ``Limits.tmpfs_mb``
  (the worker's cwd, ``HOME``, ``TMPDIR`` and ``MPLCONFIGDIR``) with the staged files (and the
  public helpers' package folders) bound in read-only. However many files the student's code writes,
  none reaches the host's disk: a full tmpfs ends the call with reason ``output`` (launcher.py). The
  output and trace files are not visible inside; only their descriptors are.
* ``nobody`` and ``basic`` (no bubblewrap): the worker works in the host folder itself, as before:
  each file is capped by RLIMIT_FSIZE but not their number, so the host's disk bounds them.
"""

import os
import shutil
import tempfile
from pathlib import Path

from .bootstrap import TRACE_FILE as TRACE  # the one name of the trace file (breaker.py reads it)
from .helpers import copy_public_helpers, copy_worker_code
from .isolation import font_cache

#: the folders a worker finds in its own folder: its TMPDIR and its MPLCONFIGDIR
DIRS = ("tmp", ".matplotlib")
OUTPUT = "output.txt"


def stage(source, scratch_base, mode):
    """A new host folder holding the worker's files; returns (folder, {name inside: host path} to bind under bwrap).

    A name to bind is a file, or a public helper's package folder (``"gradecheck"``: bound whole).
    """
    folder = Path(tempfile.mkdtemp(prefix="ag-worker-", dir=scratch_base))
    (folder / "deepnn.py").write_text(source, encoding="utf-8")
    files = {"deepnn.py": folder / "deepnn.py", **copy_public_helpers(folder), **copy_worker_code(folder)}
    fonts = font_cache()
    if mode == "bwrap":
        if fonts is not None:
            shutil.copyfile(fonts, folder / fonts.name)
            files[f".matplotlib/{fonts.name}"] = folder / fonts.name
    else:  # the worker works here: its folders are real ones
        for name in DIRS:
            (folder / name).mkdir()
        if fonts is not None:
            shutil.copyfile(fonts, folder / ".matplotlib" / fonts.name)
    return folder, files


def open_output(folder):
    """The worker's stdout and stderr (appended; never a link the student left)."""
    return os.open(Path(folder) / OUTPUT, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)


def open_trace(folder):
    """The file the worker's sampler writes its call's stacks to (session.py reads it back from the host)."""
    return os.open(Path(folder) / TRACE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
