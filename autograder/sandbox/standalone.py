"""Start a standalone worker: a new interpreter in a folder of its own, isolated by isolation.py's mode.

One of the two ways to start a worker (the other is the warm pool, pool.py); the Worker (launcher.py)
then talks to either the same way. The worker's folder is staged by scratch.py; under bubblewrap it
runs in its own pids cgroup, and in every mode in a memory cgroup where the machine has one (cgroups.py).
"""

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .cgroups import join_cgroups, make_memory_cgroup, make_pids_cgroup, remove_cgroup
from .isolation import NOBODY_UID, bwrap_args, hide_private_paths, python_paths, scrubbed_env
from .reaper import become_subreaper
from .scratch import DIRS, open_output, open_trace, stage


@dataclasses.dataclass
class Started:
    """A running standalone worker: its process, its host folder, the grader's ends of its pipes, its cgroups."""

    proc: subprocess.Popen
    scratch: Path
    to_worker: int
    from_worker: int
    cgroup: Path = None  # its pids cgroup (bwrap only), or None
    memcg: Path = None  # its memory cgroup, or None


def start_standalone(source, *, api, limits, mode, token, scratch_base=None):
    """Stage a folder for the module ``source`` and start a worker in it; a :class:`Started`.

    ``api``: the names it may call; ``limits``: a ``Limits``; ``mode``: "bwrap", "nobody" or "basic";
    ``token``: its AG_WORKER_TOKEN. When it cannot start, its folder and cgroups are removed and the error raised.
    """
    become_subreaper()
    scratch, files = stage(source, scratch_base, mode)
    cgroup = memcg = None
    theirs, ours = [], []  # the worker's ends of its pipes and files (closed here once it has them), the grader's
    try:
        to_r, to_w = os.pipe()
        theirs.append(to_r), ours.append(to_w)
        from_r, from_w = os.pipe()
        ours.append(from_r), theirs.append(from_w)
        trace = open_trace(scratch)
        theirs.append(trace)
        config = {
            "sys_path": [str(scratch)] + python_paths(),
            "in_fd": to_r,
            "out_fd": from_w,
            "trace_fd": trace,
            "limits": limits.for_new_worker(),
            "api": list(api),
        }
        kwargs = {}
        cmd = [sys.executable, "-I", "-S", str(scratch / "_ag_worker.py"), json.dumps(config)]
        # All the worker's memory (its tmpfs files and shared memory included) in one cap, where the machine allows.
        memcg = make_memory_cgroup(token, limits.memory_mb * 1024 * 1024)
        if mode == "bwrap":
            cmd = bwrap_args(scratch, tmpfs_mb=limits.tmpfs_mb, files=files, dirs=DIRS) + ["--"] + cmd
            cgroup = make_pids_cgroup(token, limits.max_processes)
        elif mode == "nobody":
            hide_private_paths()
            for path in [scratch, *scratch.rglob("*")]:
                os.chown(path, NOBODY_UID, NOBODY_UID)
            if memcg is not None:  # the join runs after the switch to nobody
                os.chown(memcg / "cgroup.procs", NOBODY_UID, NOBODY_UID)
            kwargs.update(user=NOBODY_UID, group=NOBODY_UID, extra_groups=[])
        kwargs["preexec_fn"] = join_cgroups(cgroup, memcg)  # and die with this process (lifeline.py)
        output = open_output(scratch)
        theirs.append(output)
        proc = subprocess.Popen(
            cmd, cwd=scratch, stdin=subprocess.DEVNULL, stdout=output, stderr=output,
            env=scrubbed_env(scratch, token), pass_fds=(to_r, from_w, trace), start_new_session=True,
            close_fds=True, **kwargs,
        )
    except BaseException:
        for fd in ours:
            os.close(fd)
        for path in (cgroup, memcg):
            remove_cgroup(path)
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    finally:
        for fd in theirs:
            os.close(fd)
    return Started(proc, scratch, to_w, from_r, cgroup, memcg)
