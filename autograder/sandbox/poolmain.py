"""The warm pool's main program (copied into the pool's sandbox as ``_ag_pool.py``; see autograder/sandbox/pool.py).

Run as ``python -I -S _ag_pool.py CONFIG_JSON`` inside the pool's bubblewrap sandbox: it imports numpy
and matplotlib once, before any student code exists, then forks one fresh worker per request over the
control socket (the worker of ``_ag_worker.py``, minus the imports), kills whatever a worker left
behind, and wipes the sandbox's writable places between students.

A forked worker's files: its ``deepnn.py`` sits in its folder of the read-only inbox (``dir``), which
the grader also sees; its output file and its trace file are opened by the grader there and arrive as
file descriptors; its working folder, ``HOME`` and ``TMPDIR`` are ``home``, a fresh folder in the
sandbox's work folder, a size-capped tmpfs the grader cannot see and the reset empties.

Self-contained: standard library and ``_ag_worker``.
"""

import json
import os
import sys
import time

PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_CHILD_SUBREAPER = 1, 4, 36


def _prctl(option, value):
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0) == 0
    except Exception:
        return False


def _processes():
    """{pid: (state, session id)} of every process of this PID namespace but 1 and this one."""
    me, found = os.getpid(), {}
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) in (1, me):
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            found[int(name)] = (fields[0].decode(), int(fields[4]))
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
    return found


def _sweep(keep_sessions, reap):
    """Kill every process of the sandbox outside ``keep_sessions`` (all of them when empty) until none is left.

    A worker leads its own session (its id is its pid, also while it has not called setsid yet).
    """
    import signal

    for _ in range(200):
        if not keep_sessions:
            try:
                os.kill(-1, signal.SIGKILL)  # every process this one may signal, but itself and the sandbox's init
            except OSError:
                pass
        victims = [pid for pid, (state, sid) in _processes().items() if sid not in keep_sessions and pid not in keep_sessions]
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        reap()
        if not [pid for pid, (state, sid) in _processes().items()
                if sid not in keep_sessions and pid not in keep_sessions and state != "Z"]:
            reap()
            return True
        time.sleep(0.005)
    return False


def _wipe(folders):
    """Empty the sandbox's writable folders (what one student's code left there never meets the next)."""
    import shutil

    for folder in folders:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            path = os.path.join(folder, name)
            try:
                if os.path.isdir(path) and not os.path.islink(path):
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    os.unlink(path)
            except OSError:
                pass


def _child(request, fds):
    """A forked worker: its own session, output file, folders, environment and limits; then serve().

    ``fds``: its pipe ends (read, write), then its output file and its trace file, opened by the grader.
    """
    import signal

    from _ag_worker import serve, set_limits

    try:
        os.setsid()
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        folder, home = request["dir"], request["home"]
        os.dup2(fds[2], 1)
        os.dup2(fds[2], 2)
        os.close(fds[2])
        for path in (home, os.path.join(home, "tmp"), os.path.join(home, ".matplotlib")):
            os.mkdir(path, 0o700)
        os.chdir(home)
        os.environ.update(request.get("env", {}))
        numpy_random = sys.modules.get("numpy.random")
        if numpy_random is not None:  # as in a new interpreter: the global random state from fresh entropy
            numpy_random.seed()  # (Python's random module reseeds itself after a fork)
        set_limits(request.get("limits", {}))
        sys.path.insert(0, folder)
        serve({"in_fd": fds[0], "out_fd": fds[1], "trace_fd": fds[3], "api": request.get("api", [])})
    except BaseException:
        pass
    os._exit(70)


def pool_main(config):
    """Import once, then fork one worker per request over the control socket (SOCK_SEQPACKET)."""
    import socket

    # No other process of the sandbox (same user) may ptrace this one or read or write its memory;
    # orphans of the workers become its children, so it can reap them.
    _prctl(PR_SET_DUMPABLE, 0)
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    sys.path[:] = config["sys_path"]
    sys.dont_write_bytecode = True
    import _ag_worker  # noqa: F401  (once, before the forks)
    ctrl = socket.socket(fileno=config["ctrl_fd"])
    mpl_dir = os.environ.get("MPLCONFIGDIR")
    if config.get("fonts") and mpl_dir:  # matplotlib's font list of the grader's environment: no rebuild
        import shutil

        os.makedirs(mpl_dir, exist_ok=True)
        shutil.copyfile(config["fonts"], os.path.join(mpl_dir, os.path.basename(config["fonts"])))
    for name in config.get("preimport", []):
        __import__(name)
    if "matplotlib.pyplot" in sys.modules:  # the first figure loads fonts and the Axes machinery
        plt = sys.modules["matplotlib.pyplot"]
        figure, ax = plt.subplots()
        ax.plot([0, 1], [0, 1])
        ax.contourf([[0, 1], [1, 0]])
        ax.scatter([0], [0], c=[0])
        ax.set_title("warm-up")
        plt.close(figure)
    import gc

    gc.collect()
    gc.freeze()  # the forked workers share these pages instead of copying them on the first collection
    children = {}

    def reap():
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if pid in children:
                children[pid] = os.waitstatus_to_exitcode(status)

    def reply(message):
        ctrl.send(json.dumps(message).encode())

    reply({"ready": True, "pid": os.getpid()})
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(ctrl, 1 << 16, 4)
        except OSError:
            os._exit(0)
        if not data:
            os._exit(0)  # the grader is gone
        try:
            request = json.loads(data)
        except ValueError:
            request = {}
        op = request.get("op")
        if op == "spawn" and len(fds) == 4:
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                ctrl.close()
                _child(request, fds)
            for fd in fds:
                os.close(fd)
            children[pid] = None
            reply({"pid": pid})
            continue
        for fd in fds:
            os.close(fd)
        if op == "status":
            reap()
            pid = request.get("pid")
            reply({"returncode": children.get(pid), "known": pid in children})
        elif op == "kill":
            import signal

            pid = request.get("pid")
            for kill in (os.killpg, os.kill):
                try:
                    kill(pid, signal.SIGKILL)
                except (OSError, TypeError):
                    pass
            reap()
            keep = {p for p, code in children.items() if code is None and p != pid}
            swept = _sweep(keep, reap)
            reply({"returncode": children.get(pid), "swept": swept})
        elif op == "reset":
            swept = _sweep(set(), reap)
            for _ in range(200):  # a killed process can stay a zombie a moment (its memory is still being freed)
                if not _processes():
                    break
                time.sleep(0.005)
                reap()
            children.clear()
            _wipe(config.get("wipe", []))
            import _ag_ipc  # SysV shared memory, semaphores and message queues: the next student sees none

            reply({"ok": swept, "left": len(_processes()), "ipc_left": _ag_ipc.remove_all()})
        elif op == "exit":
            os._exit(0)
        else:
            reply({"error": f"unknown op {op!r}"})




if __name__ == "__main__":
    pool_main(json.loads(sys.argv[1]))
