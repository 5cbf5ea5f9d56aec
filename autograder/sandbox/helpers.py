"""The files a worker imports besides Python's own: the kit's worker code and the kit's public helpers.

Both ways of starting a worker copy them through here and nowhere else: the standalone worker into its
own folder (scratch.py), the warm pool into its read-only lib folder (pool.py).

The public helpers are ``autograder.public_helpers()``: paths relative to course/, each a module
(``"nndata.py"``) or a file of a package (``"gradecheck/__init__.py"``). They are copied as the tree
they form in course/. What a bubblewrap sandbox binds read-only into the worker's folder is the top of
that tree: a module's file, or a package's whole folder (so nothing can be added to the package inside).
"""

import shutil
from pathlib import Path, PurePosixPath

from .. import COURSE_DIR, public_helpers

HERE = Path(__file__).resolve().parent
#: The kit's code a worker runs, {name in the worker's folder: module of this package}.
WORKER_CODE = {"_ag_worker.py": "bootstrap.py", "_ag_wire.py": "wire.py"}
#: What the warm pool's lib folder holds on top of WORKER_CODE: the pool's main program and its SysV IPC sweep.
POOL_CODE = {"_ag_pool.py": "poolmain.py", "_ag_ipc.py": "ipc.py"}


def copy_worker_code(dest, code=WORKER_CODE):
    """Copy the kit's worker code (``code``: WORKER_CODE, or it and POOL_CODE) into ``dest``; {name: path in dest}."""
    copied = {}
    for name, own in code.items():
        copied[name] = Path(dest) / name
        shutil.copyfile(HERE / own, copied[name])
    return copied


def copy_public_helpers(dest):
    """Copy the public helpers into the folder ``dest`` as they sit in course/, making their folders.

    Returns {top entry: its path in ``dest``}: each module file (``"nndata.py"``) and each package
    folder (``"gradecheck"``) once, in the order of ``public_helpers()``. A helper that course/ does
    not hold (a kit being built) is left out.
    """
    dest = Path(dest)
    top = {}
    for name in public_helpers():
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise ValueError(f"public helper {name!r}: give a path relative to course/, without ..")
        source = COURSE_DIR.joinpath(*relative.parts)
        if not source.is_file():
            continue
        target = dest.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        top.setdefault(relative.parts[0], dest / relative.parts[0])
    return top


def module_names(entries):
    """The names a worker imports :func:`copy_public_helpers`'s ``entries`` by: nndata.py is nndata, gradecheck/ is gradecheck."""
    return {name[:-len(".py")] if name.endswith(".py") else name for name in entries}
