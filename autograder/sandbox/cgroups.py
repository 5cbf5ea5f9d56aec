"""The cgroups of one sandbox: a pids cap (fork bombs) and a memory cap (all of its memory).

RLIMIT_NPROC does not bind a worker that runs as root inside bubblewrap, and RLIMIT_AS binds
one process's address space only: neither counts the files a sandbox leaves in its tmpfs
mounts, its SysV/POSIX shared memory or the processes it forks. A memory cgroup counts all of
it (anonymous memory, page cache, tmpfs and shared memory pages) and, with swap set to 0, the
kernel's OOM killer ends the sandbox's largest process when the total passes the cap.

Best effort: where the machine has no writable cgroup file system these return None, and the
per-process limits, the tmpfs size caps and the clean-up sweep still bound a worker.
Both cgroup v1 (one hierarchy per controller) and v2 (the unified hierarchy) are handled.
"""

import os
import time
from pathlib import Path

from .lifeline import preexec_die_with_parent

CGROUP_FS = Path("/sys/fs/cgroup")
#: Where a pids cgroup can be made: cgroup v1's pids hierarchy, or the v2 unified root.
CGROUP_ROOTS = (CGROUP_FS / "pids", CGROUP_FS)


def _usable(root, controller):
    try:
        if root.name == controller:  # v1: its own hierarchy
            return (root / "cgroup.procs").exists()
        # v2: only where the controller is enabled for children
        return controller in (root / "cgroup.subtree_control").read_text(errors="replace").split()
    except OSError:
        return False


#: An empty cgroup of ours older than this (seconds) was left by a grading process that was killed: removed.
STALE_AFTER = 120


def _remove_stale(root):
    """Remove the empty ``autograder-*`` cgroups a SIGKILLed grading process left under ``root``."""
    try:
        candidates = [path for path in root.iterdir() if path.name.startswith("autograder-")]
    except OSError:
        return
    for path in candidates:
        try:
            if time.time() - path.stat().st_mtime > STALE_AFTER and not (path / "cgroup.procs").read_text().strip():
                path.rmdir()
        except OSError:
            continue


def _make(root, name, settings):
    """mkdir ``root/name`` and write ``settings`` ({file: value}, in order); the path, or None."""
    _remove_stale(root)
    path = root / name
    try:
        path.mkdir()
    except OSError:
        return None
    try:
        for file, value in settings.items():
            (path / file).write_text(str(value))
        return path
    except OSError:
        remove_cgroup(path)
        return None


def make_pids_cgroup(token, max_pids):
    """A fresh cgroup allowing at most ``max_pids`` processes, or None where none can be made.

    This is what stops a fork bomb under bubblewrap (the worker is root in its user namespace).
    """
    for root in CGROUP_ROOTS:
        if _usable(root, "pids"):
            path = _make(root, f"autograder-{token}", {"pids.max": int(max_pids)})
            if path is not None:
                return path
    return None


def _own_cgroup(controller):
    """This process's cgroup for ``controller`` (v1) or its unified cgroup (v2), as a path; None if unknown."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if controller in controllers.split(","):
            return CGROUP_FS / controller / path.lstrip("/")
    for line in lines:
        if line.startswith("0::"):
            return CGROUP_FS / line[3:].lstrip("/")
    return None


def make_memory_cgroup(token, max_bytes):
    """A fresh cgroup capping its processes' memory (page cache, tmpfs and shared memory included) at ``max_bytes``.

    Made under this process's own memory cgroup where possible (a container's own limits keep
    counting the sandbox), else at the hierarchy's root; swap is capped at 0 so the cap is all
    the memory. None where no memory cgroup can be made.
    """
    max_bytes = int(max_bytes)
    candidates = []
    own = _own_cgroup("memory")
    for root in (own, CGROUP_FS / "memory", CGROUP_FS):
        if root is not None and root not in candidates:
            candidates.append(root)
    for root in candidates:
        v1 = (root / "memory.limit_in_bytes").exists()
        if v1:
            # memsw (memory + swap) must be set after, and not below, the memory limit
            settings = {"memory.limit_in_bytes": max_bytes}
            if (root / "memory.memsw.limit_in_bytes").exists():
                settings["memory.memsw.limit_in_bytes"] = max_bytes
        elif _usable(root, "memory"):
            settings = {"memory.max": max_bytes, "memory.swap.max": 0}
        else:
            continue
        path = _make(root, f"autograder-mem-{token}", settings)
        if path is not None:
            return path
    return None


def oom_kills(path):
    """How many processes the kernel's OOM killer ended in the memory cgroup ``path`` (0 if unknown)."""
    if path is None:
        return 0
    for name in ("memory.events", "memory.oom_control"):  # v2, v1 (kernel 4.13+)
        try:
            for line in (path / name).read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    return int(value)
        except (OSError, ValueError):
            continue
    return 0


def join_cgroups(*paths):
    """A ``preexec_fn`` moving the new process (and so all it starts) into ``paths`` before it runs anything.

    It also makes the new process die with this one (lifeline.py), so that no sandbox outlives
    its grading process, however that ends.
    """
    procs = [os.fsencode(str(path / "cgroup.procs")) for path in paths if path is not None]
    lifeline = preexec_die_with_parent()

    def join():
        for file in procs:
            try:
                fd = os.open(file, os.O_WRONLY)
                try:
                    os.write(fd, str(os.getpid()).encode())
                finally:
                    os.close(fd)
            except OSError:
                pass
        if lifeline is not None:
            lifeline()

    return join


def remove_cgroup(path):
    if path is None:
        return
    for _ in range(50):
        try:
            path.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:  # processes still leaving it
            time.sleep(0.02)
