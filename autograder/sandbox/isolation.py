"""How a worker is isolated, for both ways of starting one: the standalone worker (standalone.py) and the warm pool
(pool.py, poolmain.py) use these public names and nothing else of it.

* :func:`isolation_mode`: the mode, chosen once per process by a probe, or forced with the environment
  variable ``AUTOGRADER_SANDBOX=bwrap|nobody|basic``; :data:`WARNINGS`: what a result says of it.
* :func:`bwrap_args`: bubblewrap's arguments; :func:`scrubbed_env`: the worker's environment;
  :func:`python_paths`: its ``sys.path`` after its own folder; :func:`font_cache`: matplotlib's font list
  to copy in; :func:`hide_private_paths` and :data:`NOBODY_UID`: the ``nobody`` mode.
* The sandbox's cgroups (a pids cap and a memory cap) are cgroups.py's: the kernel's cgroup file system.

Modes, best first (see autograder/DESIGN.md, "How the sandbox implements this"):

* ``bwrap``: bubblewrap with only the system folders, the Python installation, the
  virtualenv (all read-only) and the worker's folder mounted; no network, own PID namespace,
  all capabilities dropped. The kit, the host's /tmp, $HOME, the submissions and the output
  folder simply do not exist inside. The worker's folder (its cwd, HOME and TMPDIR), /tmp and
  /dev/shm are size-capped tmpfs mounts: files it writes never reach the host's disk (scratch.py).
* ``nobody``: as root without bubblewrap: the worker runs as user ``nobody``; the kit's
  private folders are made unreadable to others. It works in a host folder (files capped one
  by one by RLIMIT_FSIZE, not in number).
* ``basic``: same user, only a scratch dir, a scrubbed environment and limits; every result
  says that the isolation is weaker. As ``nobody``, a host folder.
"""

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from functools import lru_cache
from pathlib import Path

from .. import KIT_ROOT

NOBODY_UID = 65534
WARNINGS = {
    "bwrap": "",
    "nobody": "Weaker isolation: bubblewrap is not available, the student code ran as user nobody without a private file system view.",
    "basic": "Weak isolation: neither bubblewrap nor a separate user is available, the student code ran as the grader's user "
    "(only a scratch directory, a scrubbed environment and resource limits).",
}


def python_paths():
    """The worker's sys.path after its scratch dir: the standard library and site-packages."""
    paths = sysconfig.get_paths()
    stdlib = paths["stdlib"]
    candidates = [
        os.path.join(sys.base_prefix, "lib", f"python{sys.version_info[0]}{sys.version_info[1]}.zip"),
        stdlib,
        os.path.join(stdlib, "lib-dynload"),
        paths["purelib"],
        paths["platlib"],
    ]
    out = []
    for path in candidates:
        if path not in out and os.path.exists(path):
            out.append(path)
    return out


@lru_cache(maxsize=1)
def _bwrap_has_size():
    """Whether this bubblewrap can cap a tmpfs (``--size``, bubblewrap 0.8 and later)."""
    try:
        return "--size" in subprocess.run(["bwrap", "--help"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return False


def _tmpfs(path, size_mb):
    """A fresh tmpfs at ``path``, capped at ``size_mb`` where bubblewrap can (else uncapped: the memory cgroup still counts it)."""
    if size_mb and _bwrap_has_size():
        return ["--size", str(int(size_mb) * 1024 * 1024), "--tmpfs", path]
    return ["--tmpfs", path]


def bwrap_args(scratch, readonly=(), tmpfs_mb=None, files=None, dirs=()):
    """bubblewrap's arguments: system, Python and venv read-only, ``readonly`` folders too, ``scratch`` writable.

    /tmp and /dev/shm are fresh tmpfs mounts of at most ``tmpfs_mb`` MB each (``Limits.tmpfs_mb``; None: uncapped,
    for the probe). tmpfs pages are not counted by RLIMIT_AS: without the cap, files there are memory without a limit.

    ``files`` None: ``scratch`` is the host folder, bound writable (the probe only). Otherwise ``scratch`` (the
    worker's cwd, ``HOME`` and ``TMPDIR``) is a fresh tmpfs of at most ``tmpfs_mb`` MB too, so no number of files
    fills the host's disk; it holds the folders ``dirs`` (relative) and ``files`` ({relative name: host path},
    e.g. the student's deepnn.py) bound read-only. The host's copy of the folder is not visible inside.
    """
    args = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
    for top in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    for path in ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime", "/etc/alternatives"):
        if os.path.exists(path):
            args += ["--ro-bind", path, path]
    args += ["--proc", "/proc", "--dev", "/dev", *_tmpfs("/tmp", tmpfs_mb), *_tmpfs("/dev/shm", tmpfs_mb)]
    mounted = []
    executable_dir = os.path.dirname(os.path.realpath(sys.executable))
    for path in (sys.base_prefix, sys.prefix, os.path.dirname(sys.executable), executable_dir):
        path = os.path.realpath(path)
        if path.startswith("/usr/") or any(path == m or path.startswith(m + "/") for m in mounted):
            continue
        mounted.append(path)
        args += ["--ro-bind", path, path]
    for path in readonly:
        args += ["--ro-bind", str(path), str(path)]
    if files is None:
        args += ["--bind", str(scratch), str(scratch)]
    else:
        args += _tmpfs(str(scratch), tmpfs_mb)
        args += [arg for name in dirs for arg in ("--dir", os.path.join(str(scratch), name))]
        for name, host in files.items():
            args += ["--ro-bind", str(host), os.path.join(str(scratch), name)]
    args += ["--chdir", str(scratch)]
    return args


def hide_private_paths():
    """``nobody`` mode: make the kit's private folders (solutions/, autograder/) unreadable to other users."""
    for path in (KIT_ROOT / "solutions", KIT_ROOT / "autograder"):
        try:
            mode = path.stat().st_mode
            if mode & 0o007:
                os.chmod(path, mode & ~0o007)
        except OSError:
            pass


def _probe(mode):
    scratch = Path(tempfile.mkdtemp(prefix="ag-probe-"))
    try:
        code = "import sys; sys.path[:] = %r; import numpy" % (python_paths(),)
        kwargs = {}
        cmd = [sys.executable, "-I", "-S", "-c", code]
        if mode == "bwrap":
            if not shutil.which("bwrap"):
                return False
            cmd = bwrap_args(scratch) + ["--"] + cmd
        elif mode == "nobody":
            if os.geteuid() != 0:
                return False
            os.chown(scratch, NOBODY_UID, NOBODY_UID)
            kwargs = {"user": NOBODY_UID, "group": NOBODY_UID, "extra_groups": []}
        result = subprocess.run(cmd, cwd=scratch, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=scrubbed_env(scratch), timeout=60, **kwargs)
        return result.returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@lru_cache(maxsize=None)
def isolation_mode():
    """The strongest isolation that works here: "bwrap", "nobody" or "basic"."""
    forced = os.environ.get("AUTOGRADER_SANDBOX", "").strip()
    if forced:
        if forced not in WARNINGS:
            raise ValueError(f"AUTOGRADER_SANDBOX={forced!r}: use bwrap, nobody or basic")
        return forced
    for mode in ("bwrap", "nobody"):
        if _probe(mode):
            return mode
    return "basic"


def scrubbed_env(scratch, token=""):
    """The worker's whole environment: ``scratch`` as its HOME (TMPDIR and MPLCONFIGDIR inside it), one thread per
    numerical library, UTF-8, and ``token`` (AG_WORKER_TOKEN: the clean-up sweep finds its processes by it)."""
    scratch = str(scratch)
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": scratch,
        "TMPDIR": os.path.join(scratch, "tmp"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONIOENCODING": "utf-8",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "NUMEXPR_NUM_THREADS": "1",
        "VECLIB_MAXIMUM_THREADS": "1",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": os.path.join(scratch, ".matplotlib"),
        "AG_WORKER_TOKEN": token,
    }


@lru_cache(maxsize=1)
def font_cache():
    """matplotlib's font list of this environment, copied into each scratch dir (saves seconds per worker)."""
    try:
        import matplotlib

        cache = Path(matplotlib.get_cachedir())
        found = sorted(cache.glob("fontlist-*.json"))
        return found[-1] if found else None
    except Exception:
        return None
