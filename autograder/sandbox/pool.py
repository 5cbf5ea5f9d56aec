"""A warm pool: one bubblewrap sandbox that imports numpy and matplotlib once and forks each worker.

A worker started from scratch pays for an interpreter, numpy and matplotlib before it runs a
line of the student's code: about 1 s of CPU here, twice per submission (the fresh-process
check of q9 needs a second worker). The pool pays it once per grading process. Inside its
sandbox (the same view as a standalone worker's: system folders, Python and the venv
read-only, no network, own PID namespace, no capabilities) the pool process
(poolmain.pool_main) imports numpy, matplotlib and the public helpers before any student code
exists, then forks one worker per request. A forked worker is as fresh as a new interpreter for
everything the student's code can change: it imports the student's ``deepnn`` itself, in its
own folder, session, limits and environment.

Between two students nothing survives:

* after each submission (``reset``) the pool kills every other process of its PID namespace and
  empties the writable places (the work folder, /tmp, /dev/shm) and removes every SysV IPC object
  (shared memory, semaphores, message queues: ipc.py); if it does not answer, or anything is left,
  the whole sandbox is killed and the next submission gets a new pool;
* the sandbox's memory is capped as a whole (a memory cgroup: the workers' files in /tmp and
  /dev/shm and their shared memory count), and /tmp and /dev/shm are size-capped tmpfs mounts;
* the pool process is not dumpable: the workers (same user, no capabilities) cannot ptrace it
  or read or write its memory; a worker can only kill or stop it, which ends its own grading
  (the pool's PID namespace dies with it) and makes the next request start a new pool;
* the student's working folder (its cwd, ``HOME`` and ``TMPDIR``) lives under the work folder, a
  tmpfs capped at ``Limits.tmpfs_mb`` that exists only inside the sandbox (like /tmp and /dev/shm):
  no number of files reaches the host's disk. Its ``deepnn.py`` sits in its folder of the inbox,
  a host folder the sandbox sees read-only, next to its output and trace files, which the grader
  opens and hands over as file descriptors (each capped by RLIMIT_FSIZE). The kit's worker code
  and the public helpers sit in another read-only folder (helpers.py copies them).

Used only under bubblewrap (``nobody`` and ``basic`` have no PID namespace to sweep).
``AUTOGRADER_WARM_POOL=0`` turns it off.
"""

import atexit
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from .cgroups import join_cgroups, make_memory_cgroup, make_pids_cgroup, oom_kills, remove_cgroup
from .errors import PoolBroken
from .helpers import POOL_CODE, WORKER_CODE, copy_public_helpers, copy_worker_code, module_names
from .isolation import bwrap_args, font_cache, python_paths, scrubbed_env
from .scratch import open_output, open_trace

#: What the pool imports before any student code exists (the workers inherit it); a public helper only where it is staged.
PREIMPORT = ["numpy", "numpy.random", "matplotlib", "matplotlib.pyplot", "gradecheck", "nndata"]
#: The public helpers among PREIMPORT.
PREIMPORT_HELPERS = ("gradecheck", "nndata")
#: Memory of the pool process on top of a student's cap, in MB (its imports: about 60 MB, most shared with its workers).
POOL_MEMORY_MB = 256
#: Seconds the pool has to answer one control request.
REQUEST_TIMEOUT = 10.0
POOL_MPLCONFIGDIR = "/tmp/.ag-matplotlib"


def warm_pool_enabled():
    """Whether grading uses the warm pool (bwrap only): ``AUTOGRADER_WARM_POOL=0`` turns it off."""
    return os.environ.get("AUTOGRADER_WARM_POOL", "1").strip() not in ("0", "no", "false", "off")


class PoolChild:
    """A worker forked by the pool, with the part of ``subprocess.Popen``'s interface the Worker uses."""

    def __init__(self, pool, pid):
        self.pool, self.pid, self.returncode = pool, pid, None

    def poll(self):
        if self.returncode is None:
            self.returncode = self.pool.status(self.pid)
        return self.returncode

    def wait(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"worker {self.pid}", timeout)
            time.sleep(0.005)
        return self.returncode

    def kill(self):
        """End this worker and every process of the sandbox that is not another live worker's."""
        code = self.pool.kill(self.pid)
        if self.returncode is None:
            self.returncode = code


class WarmPool:
    def __init__(self, limits, scratch_base=None):
        self.limits = limits
        self.scratch_base = scratch_base
        self.owner = os.getpid()
        self.token = uuid.uuid4().hex
        self.proc = self.sock = self.cgroup = self.memcg = self.root = None
        self.broken = False
        self.spawned = 0
        self._oom_kills = 0

    def oom_kills(self):
        """How many processes of this sandbox the kernel's OOM killer ended (still known once the pool is closed)."""
        if self.memcg is not None:
            self._oom_kills = max(self._oom_kills, oom_kills(self.memcg))
        return self._oom_kills

    @property
    def alive(self):
        return not self.broken and self.proc is not None and self.proc.poll() is None

    # -- life cycle
    def start(self):
        self.root = Path(tempfile.mkdtemp(prefix="ag-pool-", dir=self.scratch_base))
        # lib and inbox: host folders, read-only inside; work: only inside the sandbox (a capped tmpfs)
        self.lib, self.inbox, self.work = self.root / "lib", self.root / "inbox", self.root / "work"
        self.lib.mkdir()
        self.inbox.mkdir()
        copy_worker_code(self.lib, {**WORKER_CODE, **POOL_CODE})
        helpers = module_names(copy_public_helpers(self.lib))
        fonts = font_cache()
        if fonts is not None:
            shutil.copyfile(fonts, self.lib / fonts.name)
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        config = {
            "ctrl_fd": child.fileno(),
            "sys_path": [str(self.lib)] + python_paths(),
            "preimport": [name for name in PREIMPORT if name not in PREIMPORT_HELPERS or name in helpers],
            "fonts": str(self.lib / fonts.name) if fonts is not None else "",
            "wipe": ["/tmp", "/dev/shm", str(self.work)],
        }
        env = scrubbed_env("/tmp", self.token)
        env["MPLCONFIGDIR"] = POOL_MPLCONFIGDIR
        cmd = bwrap_args(self.work, readonly=[self.lib, self.inbox], tmpfs_mb=self.limits.tmpfs_mb, files={})
        cmd += ["--", sys.executable, "-I", "-S", str(self.lib / "_ag_pool.py"), json.dumps(config)]
        # One cap for the sandbox: what a standalone worker's sandbox allows, plus the pool process and a
        # second worker (q9's fresh process). A worker's fork bomb stops there; the sweep ends it.
        self.cgroup = make_pids_cgroup(self.token, self.limits.max_processes + 2)
        # One memory cap for all of it (the workers' tmpfs files and shared memory included): a student's memory, plus the pool's.
        self.memcg = make_memory_cgroup(self.token, (self.limits.memory_mb + POOL_MEMORY_MB) * 1024 * 1024)
        kwargs = {"preexec_fn": join_cgroups(self.cgroup, self.memcg)}  # and die with this process (lifeline.py)
        log = open(self.root / "pool.log", "ab")
        try:
            self.proc = subprocess.Popen(cmd, cwd=self.root, stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env,
                                         pass_fds=(child.fileno(),), start_new_session=True, close_fds=True, **kwargs)
        except OSError as error:
            self.close()
            raise PoolBroken(f"the warm pool could not start: {error}") from None
        finally:
            log.close()
            child.close()
        self.sock = parent
        self.ready = False  # its imports run while the grader loads the tests; the first request waits for them
        return self

    def close(self):
        """End the sandbox (the pool and every worker in it) and remove its folders."""
        if os.getpid() != self.owner:
            return  # a forked copy of the grader: the pool is its parent's
        self.broken = True
        if self.sock is not None:
            try:
                self.sock.send(json.dumps({"op": "exit"}).encode())
            except OSError:
                pass
            self.sock.close()
            self.sock = None
        if self.proc is not None:
            for end in (lambda: os.killpg(self.proc.pid, signal.SIGKILL), self.proc.kill):
                try:
                    end()
                except OSError:
                    pass
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            self.proc = None
        self.oom_kills()
        for name in ("cgroup", "memcg"):
            remove_cgroup(getattr(self, name))
            setattr(self, name, None)
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    # -- talking
    def _receive(self, timeout):
        ready, _, _ = select.select([self.sock], [], [], timeout)
        if not ready:
            raise PoolBroken("the warm pool did not answer in time")
        try:
            data = self.sock.recv(1 << 16)
            message = json.loads(data) if data else None
        except (OSError, ValueError):
            message = None
        if not isinstance(message, dict):
            raise PoolBroken("the warm pool is gone")
        return message

    def request(self, message, fds=(), timeout=REQUEST_TIMEOUT):
        if self.broken or self.sock is None:
            raise PoolBroken("the warm pool was closed")
        try:
            if not self.ready:
                self._receive(self.limits.startup_timeout)
                self.ready = True
            data = json.dumps(message).encode()
            if fds:
                socket.send_fds(self.sock, [data], list(fds))
            else:
                self.sock.send(data)
            return self._receive(timeout)
        except (OSError, PoolBroken) as error:
            self.close()
            raise PoolBroken(str(error)) from None

    def new_folder(self):
        """A new host folder of the inbox, for one worker's deepnn.py (and its output and trace files)."""
        return Path(tempfile.mkdtemp(prefix="ag-worker-", dir=self.inbox))

    def spawn(self, folder, *, api, limits, token, fds):
        """Fork a worker for the student module in ``folder`` (of the inbox); ``fds``: its (read, write) pipe ends.

        Its working folder (cwd, HOME, TMPDIR, MPLCONFIGDIR) is made by the pool in the work tmpfs.
        """
        home = self.work / folder.name
        env = {"HOME": str(home), "TMPDIR": str(home / "tmp"), "MPLCONFIGDIR": str(home / ".matplotlib"), "AG_WORKER_TOKEN": token}
        files = (open_output(folder), open_trace(folder))
        try:
            reply = self.request({"op": "spawn", "dir": str(folder), "home": str(home), "api": list(api), "limits": limits,
                                  "env": env}, fds=(*fds, *files))
        finally:
            for fd in files:
                os.close(fd)
        if type(reply.get("pid")) is not int:
            self.close()
            raise PoolBroken(f"the warm pool could not start a worker: {reply.get('error', reply)}")
        self.spawned += 1
        return PoolChild(self, reply["pid"])

    def status(self, pid):
        """The worker's exit code (Popen style: -signal when killed), None while it runs."""
        try:
            return self.request({"op": "status", "pid": pid}).get("returncode")
        except PoolBroken:
            return -signal.SIGKILL  # the pool's sandbox ended, and every worker with it

    def kill(self, pid):
        try:
            reply = self.request({"op": "kill", "pid": pid})
        except PoolBroken:
            return -signal.SIGKILL
        if not reply.get("swept"):
            self.close()  # something outlived SIGKILL: do not hand this sandbox to anyone else
        return reply.get("returncode")

    def reset(self):
        """Between two submissions: no process and no file of the last one may remain."""
        if self.broken:
            return False
        try:
            reply = self.request({"op": "reset"})
        except PoolBroken:
            return False
        if not reply.get("ok") or reply.get("left") or reply.get("ipc_left", 1):
            self.close()
            return False
        for leftover in self.inbox.iterdir():
            shutil.rmtree(leftover, ignore_errors=True)
        return True


_POOLS = {}


def shared_pool(limits, scratch_base=None):
    """This grading process's pool (started on first use, replaced when broken); None when it cannot start.

    Starting returns at once: the pool imports numpy and matplotlib while the caller goes on.
    """
    key = (os.getpid(), limits.max_processes, limits.startup_timeout, limits.memory_mb, limits.tmpfs_mb, str(scratch_base))
    pool = _POOLS.get(key)
    if pool is not None and pool.alive:
        return pool
    try:
        pool = WarmPool(limits, scratch_base).start()
    except PoolBroken:
        return None
    if not any(k[0] == key[0] for k in _POOLS):
        import multiprocessing.util

        # multiprocessing's pool processes (--jobs) leave through os._exit after running these finalizers
        multiprocessing.util.Finalize(None, close_pools, exitpriority=100)
    _POOLS[key] = pool
    return pool


def close_pools():
    for key, pool in list(_POOLS.items()):
        if key[0] == os.getpid():
            pool.close()
            del _POOLS[key]


def _forget_after_fork():
    """A forked grading process (--jobs) starts its own pool; its parent's stays its parent's."""
    for pool in _POOLS.values():
        pool.broken = True
        if pool.sock is not None:
            pool.sock.close()  # this process's copy of the descriptor only
            pool.sock = None
    _POOLS.clear()


os.register_at_fork(after_in_child=_forget_after_fork)
atexit.register(close_pools)
