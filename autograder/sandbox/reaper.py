"""Ending a standalone worker and everything it started (see autograder/DESIGN.md, "Clean-up").

The worker runs in its own session; its descendants, any process carrying its random
``AG_WORKER_TOKEN`` and orphans re-parented to the grader (a child subreaper) are killed with it.
"""

import os
import signal
import subprocess
from functools import lru_cache


@lru_cache(maxsize=1)
def become_subreaper():
    """Orphaned grandchildren of a worker are re-parented to this process, so the sweep finds them."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except Exception:
        pass
    return True


def kill_tree(proc, token):
    """SIGKILL the worker ``proc`` (a Popen), its process group, its descendants and its token's processes; reap them."""
    import psutil

    victims = set()
    try:
        victims.update(psutil.Process(proc.pid).children(recursive=True))
    except psutil.Error:
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    try:
        proc.kill()
    except OSError:
        pass
    me = os.getpid()
    for other in psutil.process_iter(["ppid"]):
        try:
            if other.info["ppid"] in (me, 1) or other.pid in {v.pid for v in victims}:
                if other.pid != me and other.environ().get("AG_WORKER_TOKEN") == token:
                    victims.add(other)
        except psutil.Error:
            continue
    for victim in victims:
        try:
            victim.kill()
        except psutil.Error:
            pass
    for victim in victims:  # reap the ones that were re-parented to us
        try:
            if victim.ppid() == me:
                os.waitpid(victim.pid, 0)
        except (psutil.Error, ChildProcessError, OSError):
            pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
