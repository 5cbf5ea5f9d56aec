"""The worker's main program (copied into the sandbox as ``_ag_worker.py``).

Run as ``python -I -S _ag_worker.py CONFIG_JSON``: it sets its own resource limits, builds
``sys.path`` from the config (scratch dir, standard library, site-packages: never the kit), imports
the student's ``deepnn`` and answers the grader's calls over the pipe whose file descriptors the
config names. The warm pool (poolmain.py, see autograder/sandbox/pool.py) forks this same worker.

Self-contained: standard library, numpy and ``_ag_wire``.
"""

import json
import os
import sys
import time

#: faulthandler's dump of a running call (the grader's autograder/sandbox/breaker.py reads it) and its period in s
TRACE_FILE, TRACE_EVERY = "_ag_trace.txt", 1.0


def set_limits(limits):
    """Set the worker's own resource limits (``limits``: ``Limits.for_new_worker()``) and a default SIGXFSZ."""
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
    set_limits(config.get("limits", {}))
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

    trace_fd = config.get("trace_fd")  # opened by the grader: the worker's own folder may be a tmpfs it cannot see
    if trace_fd is None:
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
            if isinstance(error, OSError) and error.errno in (28, 122):  # ENOSPC, EDQUOT: its folders are full
                send({"fatal": "disk", "message": "no space left", "where": error_payload(error)["where"]})
                os._exit(5)
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


def _minimal_describe_axes(ax):
    """What was drawn on an Axes, as plain data (used until the public helpers provide describe_axes)."""
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
