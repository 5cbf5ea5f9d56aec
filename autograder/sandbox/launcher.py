"""Start, talk to and end a worker process (see autograder/DESIGN.md, "The worker").

A :class:`Worker` is started one of two ways: forked by the warm pool (pool.py, bwrap only) or, when
there is none or it broke, as a standalone process (standalone.py); isolation.py says how either is
isolated. Then the Worker talks to it the same way: length-prefixed JSON over a pair of pipes (wire.py),
each reply refused unread over a limit, each call bounded by its deadline.
"""

import os
import select
import shutil
import subprocess
import time
import uuid

from .cgroups import oom_kills, remove_cgroup
from .deaths import disk_full, exit_reason
from .errors import PoolBroken, WorkerDied, student_exception
from .isolation import isolation_mode
from .limits import Limits
from .reaper import kill_tree
from .replies import MAX_REPLY, decode_reply, sync_in_place
from .scratch import OUTPUT
from .standalone import start_standalone
from .wire import HEADER, Decoder, Encoder, ProtocolError, Unencodable, send_message


class Handle:
    """An object the student's code returned that stays in its worker (pass it back in as is)."""

    def __init__(self, worker, key, type_name, text):
        self.worker, self.key, self.type_name, self.text = worker, key, type_name, text

    def __repr__(self):
        return f"<{self.type_name} object kept in the worker: {self.text}>"


# --------------------------------------------------------------------------- the worker


class Worker:
    """One worker process holding one submission's ``deepnn`` module."""

    def __init__(self, source, *, api, limits=None, scratch_base=None, mode=None, pool=None):
        self.source = source
        self.api = list(api)
        self.limits = limits or Limits()
        self.scratch_base = scratch_base
        self.mode = mode or isolation_mode()
        #: a :class:`~autograder.sandbox.pool.WarmPool` to fork the worker from (bwrap only), or None
        self.pool = pool if self.mode == "bwrap" else None
        self.proc = None
        self.scratch = None
        self.dead = None  # WorkerDied once it has ended
        self.load_error = None
        self.defined = []
        self.peak_rss_kb = 0
        self.cpu_s = 0.0  # CPU seconds the worker used (known when it was closed normally)
        self.cpu_by_function = {}  # CPU seconds of the student's functions, as the worker measured them
        self.token = uuid.uuid4().hex
        self.cgroup = self.memcg = None  # its pids and memory cgroups (standalone workers)
        self._to_worker = self._from_worker = None

    # -- life cycle
    def start(self):
        if self.pool is not None:
            try:
                return self._start_in_pool()
            except PoolBroken:  # start a standalone worker instead
                self._close_pipes()
                if self.scratch is not None:
                    shutil.rmtree(self.scratch, ignore_errors=True)
                self.pool = self.proc = self.scratch = None
        started = start_standalone(self.source, api=self.api, limits=self.limits, mode=self.mode, token=self.token,
                                   scratch_base=self.scratch_base)
        self.proc, self.scratch, self.cgroup, self.memcg = started.proc, started.scratch, started.cgroup, started.memcg
        self._to_worker, self._from_worker = started.to_worker, started.from_worker
        self.output_path = self.scratch / OUTPUT
        return self._wait_ready()

    def _start_in_pool(self):
        self.scratch = self.pool.new_folder()
        (self.scratch / "deepnn.py").write_text(self.source, encoding="utf-8")
        self.output_path = self.scratch / OUTPUT
        limits = self.limits.for_new_worker()
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()
        self._to_worker, self._from_worker = to_w, from_r
        try:
            self.proc = self.pool.spawn(self.scratch, api=self.api, limits=limits, token=self.token, fds=(to_r, from_w))
        finally:
            os.close(to_r)
            os.close(from_w)
        return self._wait_ready()

    def _oom_kills(self):
        return oom_kills(self.memcg) if self.pool is None else self.pool.oom_kills()

    def _wait_ready(self):
        self._oom_before = self._oom_kills()  # a pool's cgroup counts the OOM kills of earlier students too
        self._limit_text = f"{self.limits.startup_timeout:g} s to load deepnn.py"
        ready = self._receive(time.monotonic() + self.limits.startup_timeout, during="while your deepnn.py was being imported")
        self.load_error = ready.get("load_error")
        self.defined = [n for n in ready.get("defined", []) if n in self.api]
        return self

    def _close_pipes(self):
        for fd in (self._to_worker, self._from_worker):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._to_worker = self._from_worker = None

    @property
    def alive(self):
        return self.proc is not None and self.dead is None and self.proc.poll() is None

    def close(self):
        if self.proc is not None and self.dead is None and self.proc.poll() is None:
            try:
                stats = self.stats()
                self.peak_rss_kb = max(self.peak_rss_kb, int(stats.get("maxrss_kb", 0)))
                self.cpu_s = float(stats.get("cpu_s", 0.0))
                send_message(self._to_worker, {"op": "exit"}, os.write)
                self.proc.wait(timeout=2)
            except Exception:
                pass
        self._kill()
        self._close_pipes()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    def _kill(self):
        """End the worker and every process it started (its session, its descendants, its token)."""
        if self.proc is None:
            return
        if self.pool is not None:  # its pid is the sandbox's: the pool ends it and whatever it left running
            self.proc.kill()
            return
        kill_tree(self.proc, self.token)
        for name in ("cgroup", "memcg"):
            remove_cgroup(getattr(self, name))
            setattr(self, name, None)

    # -- talking
    def _die(self, reason, message, where=None):
        self.dead = WorkerDied(reason, message)
        self.dead.where = where  # a MemoryError's deepnn.py frames (untrusted: the breaker checks them)
        self._kill()
        raise self.dead

    def _output_full(self):
        try:
            return self.output_path.stat().st_size >= self.limits.output_mb * 1024 * 1024
        except OSError:
            return False

    def _reason_for_exit(self, during):
        try:
            code = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._kill()
            code = self.proc.returncode
        if self.mode == "bwrap" and self.pool is None and code is not None and code > 128:  # bwrap's own exit code
            code = -(code - 128)
        return exit_reason(code, self.limits, during, output_full=self._output_full(),
                           oom_killed=self._oom_kills() > self._oom_before)

    def _too_large(self, error, during):
        self._die("output", f"your function returned a value {error} {during}: return numpy arrays of the documented "
                            "shapes, not huge or deeply nested lists or dicts")

    def _time_is_up(self, during):
        if self._output_full():
            self._die("output", f"your code printed more than {self.limits.output_mb:g} MB of output {during}: remove prints inside loops")
        self._die("timeout", f"your code took longer than the time limit ({self._limit_text}) {during}: "
                             "look for an infinite loop, or far too many iterations")

    def _receive(self, deadline, during):
        """One reply, refused unread when announced over MAX_REPLY and undecoded when over a limit (replies.check_reply).

        Reading and decoding both count against ``deadline``. No buffer is a local of a frame
        that raises: a WorkerDied the grader keeps would keep it alive through its traceback.
        """
        (length,) = HEADER.unpack(self._read(HEADER.size, deadline, during))
        if length > MAX_REPLY:
            self._too_large(f"too large to check ({length / 2**20:.1f} MB; the limit is {MAX_REPLY / 2**20:g} MB)", during)
        message, problem = decode_reply(self._read(length, deadline, during))
        if problem is not None:
            kind, text = problem
            if kind == "too":
                self._too_large(text, during)
            self._die("crash", f"the worker sent a malformed reply {during}{text}")
        if time.monotonic() > deadline:
            message = None
            self._time_is_up(during)
        return message

    def _read(self, n, deadline, during):
        """``n`` bytes from the worker, read into one buffer of that size (nothing is copied while it fills)."""
        buffer = bytearray(n)
        problem = self._fill(buffer, deadline)
        if problem is not None:
            buffer = None
            if problem == "time":
                self._time_is_up(during)
            self._die(*self._reason_for_exit(during))
        return buffer

    def _fill(self, buffer, deadline):
        """Fill ``buffer`` from the worker's pipe; None, or "time" / "exit" when that stopped it."""
        view, done = memoryview(buffer), 0
        while done < len(buffer):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return "time"
            ready, _, _ = select.select([self._from_worker], [], [], min(remaining, 1.0))
            if not ready:
                if self.proc.poll() is not None and not select.select([self._from_worker], [], [], 0)[0]:
                    return "exit"
                continue
            got = os.readv(self._from_worker, [view[done:]])
            if not got:
                return "exit"
            done += got
        return None

    def request(self, message, timeout=None, during="while it was being tested"):
        if self.dead is not None:
            raise self.dead
        self._deadline = deadline = time.monotonic() + (timeout if timeout is not None else self.limits.timeout)
        self._limit_text = f"{self.limits.timeout:g} s per test"
        try:
            send_message(self._to_worker, message, os.write)
        except (BrokenPipeError, OSError):
            self._die(*self._reason_for_exit(during))
        reply = self._receive(deadline, during)
        fatal = reply.get("fatal")
        if fatal == "memory":
            self._die("memory", f"your code ran out of memory (limit {self.limits.memory_mb} MB) {during}: "
                                "look for arrays far larger than needed (e.g. an (m, m) matrix) or lists that grow without end",
                      reply.get("where"))
        if fatal == "disk":
            self._die("output", disk_full(self.limits, during))
        if fatal == "exit":
            self._die("exit", f"your code called sys.exit() {during}: remove sys.exit(), exit() and quit() from deepnn.py")
        if fatal:
            self._die("crash", f"the worker stopped {during}")
        if self._output_full():
            self._die("output", f"your code printed more than {self.limits.output_mb:g} MB of output {during}: remove prints inside loops")
        return reply

    def stats(self):
        """The worker's resource use so far: {"maxrss_kb": peak resident memory}."""
        value = self.request({"op": "stats"}, timeout=5).get("ok")
        return value if isinstance(value, dict) else {}

    def call(self, name, args=(), kwargs=None, *, deadline=None):
        """Call ``deepnn.<name>(*args, **kwargs)`` in the worker; return its result as plain data."""
        registered = []
        encoder = Encoder(register=registered, encode_handle=self._encode_handle)
        try:
            message = {"op": "call", "name": name, "args": encoder.encode(list(args)), "kwargs": encoder.encode(dict(kwargs or {}))}
        except Unencodable as error:
            raise TypeError(f"cannot pass this argument to {name}: {error}") from None
        # The outer list/dict of args and kwargs are not objects of the caller's.
        arg_objects = registered
        top_args = list(args)
        timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
        reply = self.request(message, timeout=timeout, during=f"in `{name}`")
        if isinstance(reply.get("cpu_s"), float):
            self.cpu_by_function[name] = self.cpu_by_function.get(name, 0.0) + reply["cpu_s"]
        if "error" in reply:
            payload = reply["error"] if isinstance(reply["error"], dict) else {}
            raise student_exception(payload, name)
        try:
            mutated = reply.get("mutated", [])
            if type(mutated) is not list or not all(type(p) is list and len(p) == 2 and type(p[0]) in (int, str) for p in mutated):
                raise ProtocolError("bad list of changed arguments")
            for key, value in mutated:
                new = Decoder(handle=self._decode_handle).decode(value)
                original = top_args[key] if isinstance(key, int) and 0 <= key < len(top_args) else (kwargs or {}).get(key)
                if original is not None:
                    sync_in_place(original, new)

            def ref(k):
                if type(k) is not int or not 0 <= k < len(arg_objects):
                    raise ProtocolError("bad reference")
                return arg_objects[k]

            value = Decoder(handle=self._decode_handle, ref=ref, axes=lambda d: d).decode(reply.get("ok"))
        except ProtocolError as error:
            self._die("crash", f"the worker sent a malformed reply in `{name}` ({error})")
        if time.monotonic() > self._deadline:  # decoding counts against the case's time too
            value = reply = None
            self._time_is_up(f"in `{name}`")
        return value

    def _encode_handle(self, value):
        if isinstance(value, Handle):
            if value.worker is not self:
                raise Unencodable("an object kept in another worker (from before a restart) cannot be passed in")
            return {"__handle__": value.key}
        return None

    def _decode_handle(self, data):
        key = data.get("__handle__")
        if type(key) is not int:
            raise ProtocolError("bad handle")
        return Handle(self, key, str(data.get("type", "object"))[:100], str(data.get("repr", ""))[:200])

    def output_text(self, limit=4000):
        try:
            with open(self.output_path, "rb") as handle:
                return handle.read(limit).decode("utf-8", "replace")
        except (OSError, AttributeError):
            return ""
