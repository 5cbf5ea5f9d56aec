"""The worker's main program (copied into the sandbox as ``_ag_worker.py``).

Run as ``python -I -S _ag_worker.py CONFIG_JSON``. Two roles:

* a worker (the default): it sets its own resource limits, builds ``sys.path`` from the config
  (scratch dir, standard library, site-packages: never the kit), imports the student's
  ``deepnn`` and answers the grader's calls over the pipe whose file descriptors the config names;
* a warm pool (``"pool": true``, see autograder/sandbox/pool.py): it imports numpy and
  matplotlib once, before any student code exists, and then forks one fresh worker per request
  (the same worker as above, minus the imports), kills whatever a worker left behind, and wipes
  the sandbox's writable places between students.

Self-contained: standard library, numpy and ``_ag_wire``.
"""

import json
import os
import sys
import time

#: faulthandler's dump of a running call (the grader's autograder/sandbox/breaker.py reads it) and its period in s
TRACE_FILE, TRACE_EVERY = "_ag_trace.txt", 1.0


def _set_limits(limits):
    import resource

    def cap(which, value):
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            soft, hard = resource.getrlimit(which)
            if hard == resource.RLIM_INFINITY or value <= hard:
                resource.setrlimit(which, (value, hard))

    import signal

    # Python ignores SIGXFSZ; restore the default so a flood of output ends the worker.
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
    cap(resource.RLIMIT_CORE, 0)
    cap(resource.RLIMIT_MSGQUEUE, 0)  # no POSIX message queue (the pool could not list it to remove it)
    if limits.get("cpu_seconds"):
        seconds = int(limits["cpu_seconds"])
        try:
            resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 2))
        except (ValueError, OSError):
            pass
    if limits.get("memory_bytes"):
        cap(resource.RLIMIT_AS, int(limits["memory_bytes"]))
    if limits.get("output_bytes"):
        cap(resource.RLIMIT_FSIZE, int(limits["output_bytes"]))
    if limits.get("max_processes"):
        cap(resource.RLIMIT_NPROC, int(limits["max_processes"]))


def main():
    config = json.loads(sys.argv[1])
    if config.get("pool"):
        return pool_main(config)
    _set_limits(config.get("limits", {}))
    sys.path[:] = config["sys_path"]
    sys.dont_write_bytecode = True
    serve(config)


def serve(config):
    """Import the student's ``deepnn`` and answer calls until told to exit (never returns)."""
    in_fd, out_fd = config["in_fd"], config["out_fd"]
    # Keep private references: the student's code may replace os.read/os.write later.
    read, write = os.read, os.write
    os.set_inheritable(in_fd, False)
    os.set_inheritable(out_fd, False)

    import _ag_wire as wire
    import numpy as np  # noqa: F401  (imported before the student's code, as in the notebook)

    def send(message):
        wire.send_message(out_fd, message, write)

    handles = {}

    def handle_for(obj):
        key = len(handles) + 1
        handles[key] = obj
        try:
            text = repr(obj)[:200]
        except BaseException:
            text = "?"
        return {"__handle__": key, "type": type(obj).__name__, "repr": text}

    def lookup(data):
        key = data.get("__handle__")
        if key not in handles:
            raise wire.ProtocolError("unknown handle")
        return handles[key]

    def describe_axes(ax):
        try:
            from gradecheck import describe_axes as describe
        except ImportError:
            describe = _minimal_describe_axes
        description = describe(ax)
        try:  # the grader has its description: free the figure (pyplot keeps every open figure alive)
            import matplotlib.pyplot as plt

            plt.close(ax.figure)
        except Exception:
            pass
        return description

    def error_payload(error):
        import traceback

        frames = [f for f in traceback.extract_tb(error.__traceback__) if os.path.basename(f.filename) == "deepnn.py"]
        where = [[f.lineno, f.name, (f.line or "")[:200]] for f in frames][-5:]
        try:
            message = str(error)[:4000]
        except BaseException:
            message = "(the exception's message could not be read)"
        return {"type": type(error).__name__, "builtin": type(error).__module__ == "builtins", "message": message, "where": where}

    # ---- where a call spends its time: a sampler thread writes the running call's stack every TRACE_EVERY
    # seconds into a file of this folder, emptied at each call, in faulthandler's text format; after a
    # timeout the grader reads its end (untrusted text: autograder/sandbox/breaker.py believes only function
    # names and line numbers). Not faulthandler.dump_traceback_later: its C watchdog reads the running
    # thread's frames without the GIL and crashed busy workers with SIGSEGV now and then. This thread holds
    # the GIL while it reads sys._current_frames(), so sampling can never crash the student's call.
    import threading

    try:
        trace_fd = os.open(TRACE_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError:
        trace_fd = None
    main_ident = threading.get_ident()
    sampling = threading.Event()
    generation = [0]  # bumped at every call: a sample taken for an earlier call is dropped
    current_frames = sys._current_frames  # taken before the student's code can replace it

    def sample_forever():
        while True:
            sampling.wait()
            taken_for = generation[0]
            time.sleep(TRACE_EVERY)
            if not sampling.is_set() or generation[0] != taken_for:
                continue
            frame = current_frames().get(main_ident)
            lines = ["Timeout (sample)!", "Thread (most recent call first):"]
            while frame is not None and len(lines) < 200:
                code = frame.f_code
                lines.append(f'  File "{code.co_filename}", line {frame.f_lineno} in {code.co_name}')
                frame = frame.f_back
            try:
                if sampling.is_set() and generation[0] == taken_for:
                    os.write(trace_fd, ("\n".join(lines) + "\n").encode("utf-8", "replace"))
            except OSError:
                pass

    if trace_fd is not None:
        try:
            threading.Thread(target=sample_forever, name="ag-sampler", daemon=True).start()
        except RuntimeError:  # no thread to be had (a process cap): no trace, the breaker falls back to the call
            trace_fd = None

    def trace_calls(start):
        if trace_fd is None:
            return
        try:
            if start:
                sampling.clear()
                generation[0] += 1
                os.ftruncate(trace_fd, 0)
                os.lseek(trace_fd, 0, os.SEEK_SET)
                sampling.set()
            else:
                sampling.clear()
        except (OSError, ValueError, RuntimeError):
            pass

    # ---- load the student's module
    load_error = None
    module = None
    try:
        import deepnn as module
    except SystemExit as error:
        load_error = {"type": "SystemExit", "builtin": True, "message": f"sys.exit({error.code!r}) at import", "where": error_payload(error)["where"], "fatal": "exit"}
    except MemoryError as error:
        load_error = dict(error_payload(error), fatal="memory")
    except BaseException as error:  # a syntax error, an exception at import, ...
        load_error = error_payload(error)
        if isinstance(error, SyntaxError):
            load_error["where"] = [[error.lineno, "<module>", (error.text or "").strip()[:200]]]
            load_error["message"] = error.msg
    names = []
    if module is not None:
        names = [name for name in config.get("api", []) if callable(getattr(module, name, None))]
    send({"ready": True, "load_error": load_error, "defined": names, "pid": os.getpid()})
    if load_error is not None and load_error.get("fatal"):
        os._exit(3)
    # ---- answer calls
    while True:
        try:
            request = wire.recv_message(in_fd, read)
        except EOFError:
            os._exit(0)
        op = request.get("op")
        if op == "exit":
            os._exit(0)
        if op == "stats":
            import resource

            own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
            send({"ok": {"maxrss_kb": own.ru_maxrss, "cpu_s": cpu}})
            continue
        if op == "release":
            for key in request.get("handles", []):
                handles.pop(key, None)
            send({"ok": None})
            continue
        if op != "call":
            send({"error": {"type": "ValueError", "builtin": True, "message": f"unknown op {op!r}", "where": []}})
            continue
        arg_objects = []
        try:
            decoder = wire.Decoder(handle=lookup, register=arg_objects)
            args = decoder.decode(request.get("args", []))
            kwargs = decoder.decode(request.get("kwargs", {}))
        except wire.ProtocolError as error:
            send({"error": {"type": "ValueError", "builtin": True, "message": f"bad arguments: {error}", "where": []}})
            continue
        function = getattr(module, request["name"], None) if module is not None else None
        if not callable(function):
            send({"error": {"type": "AttributeError", "builtin": True, "message": f"deepnn has no function {request['name']!r}", "where": [], "missing": True}})
            continue
        before = [wire.snapshot(a) for a in args]
        before_kw = {k: wire.snapshot(v) for k, v in kwargs.items()}
        cpu_start = time.process_time()
        trace_calls(True)
        try:
            result = function(*args, **kwargs)
        except SystemExit as error:
            send({"fatal": "exit", "message": f"sys.exit({error.code!r}) was called", "where": error_payload(error)["where"]})
            os._exit(3)
        except MemoryError as error:
            result = None
            send({"fatal": "memory", "message": "MemoryError", "where": error_payload(error)["where"]})
            os._exit(4)
        except BaseException as error:
            trace_calls(False)
            send({"error": error_payload(error)})
            continue
        trace_calls(False)
        refs = {id(obj): k for k, obj in enumerate(arg_objects)}
        try:
            mutated = []
            for i, (old, new) in enumerate(zip(before, args)):
                if not wire.same(old, new):
                    mutated.append([i, wire.Encoder(handle_for=handle_for).encode(new)])
            for key, old in before_kw.items():
                if not wire.same(old, kwargs[key]):
                    mutated.append([key, wire.Encoder(handle_for=handle_for).encode(kwargs[key])])
            try:
                value = wire.Encoder(handle_for=handle_for, describe_axes=describe_axes, refs=refs).encode(result)
            except wire.Unencodable:
                value = handle_for(result)
            send({"ok": value, "mutated": mutated, "cpu_s": time.process_time() - cpu_start})
        except MemoryError:
            send({"fatal": "memory", "message": "MemoryError", "where": []})
            os._exit(4)
        except BaseException as error:
            send({"error": dict(error_payload(error), message=f"the result could not be sent back: {error_payload(error)['message']}")})


# --------------------------------------------------------------------------- the warm pool

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
    """A forked worker: its own session, output file, folder, environment and limits; then serve()."""
    import signal

    try:
        os.setsid()
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        folder = request["dir"]
        output = os.open(os.path.join(folder, "output.txt"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(output, 1)
        os.dup2(output, 2)
        os.close(output)
        os.chdir(folder)
        os.environ.update(request.get("env", {}))
        numpy_random = sys.modules.get("numpy.random")
        if numpy_random is not None:  # as in a new interpreter: the global random state from fresh entropy
            numpy_random.seed()  # (Python's random module reseeds itself after a fork)
        _set_limits(request.get("limits", {}))
        sys.path.insert(0, folder)
        serve({"in_fd": fds[0], "out_fd": fds[1], "api": request.get("api", [])})
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
        if op == "spawn" and len(fds) == 2:
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


def _minimal_describe_axes(ax):
    """What was drawn on an Axes, as plain data (used until course/gradecheck.py provides describe_axes)."""
    import numpy as np

    lines = [{"xdata": np.asarray(l.get_xdata(), dtype=float), "ydata": np.asarray(l.get_ydata(), dtype=float)} for l in ax.get_lines()]
    collections = []
    for c in ax.collections:
        entry = {"type": type(c).__name__}
        try:
            entry["offsets"] = np.asarray(c.get_offsets(), dtype=float)
        except Exception:
            pass
        collections.append(entry)
    return {
        "title": ax.get_title(),
        "xlabel": ax.get_xlabel(),
        "ylabel": ax.get_ylabel(),
        "lines": lines,
        "collections": collections,
    }


if __name__ == "__main__":
    main()
