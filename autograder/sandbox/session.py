"""The grader's side of a submission: its worker, the API proxies, restarts, per-case events."""

import os
import stat
import time

from ..course_helpers import sourcecheck
from .bootstrap import TRACE_FILE  # the worker writes faulthandler's dumps of the running call there (its own folder)
from .breaker import TRACE_READ_LIMIT, Breaker, NotRunAgain
from .errors import WorkerDied
from .launcher import Worker
from .limits import Limits


class Proxy:
    """Stands for the student's function ``name``: calling it calls it in the worker."""

    def __init__(self, session, name, worker=None):
        self._session, self.__name__, self._worker = session, name, worker
        self.__qualname__ = name

    def __call__(self, *args, **kwargs):
        return self._session.call(self.__name__, args, kwargs, worker=self._worker)

    def __repr__(self):
        return f"<student function {self.__name__} (runs in the sandbox)>"


def load_error_message(load_error):
    where = load_error.get("where") or []
    line = ""
    if where:
        lineno, _, text = sourcecheck.last_frame(where)
        line = sourcecheck.where_text(lineno, code=text, file="deepnn.py")
    kind = load_error.get("type", "Error")
    message = load_error.get("message", "")
    if load_error.get("fatal") == "memory":
        return (f"your deepnn.py ran out of memory while it was being imported{line}: "
                "top-level code runs at import; keep only imports, functions and constants at the top level.")
    if kind == "SyntaxError" or kind == "IndentationError" or kind == "TabError":
        return f"your deepnn.py has a {kind}{line}: {message}. Fix it so that the file runs (python deepnn.py)."
    return (f"your deepnn.py could not be loaded: importing it raised {kind}: {message}{line}. "
            "Top-level code runs when the module is imported: keep only imports, functions and constants at the top level.")


def read_trace(worker):
    """The end of the faulthandler dump the worker wrote during its last call ("" when there is none)."""
    try:  # the student's code can replace the file: never follow a link, never block on a pipe
        fd = os.open(worker.output_path.parent / TRACE_FILE, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except (OSError, AttributeError, TypeError):
        return ""
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return ""
        return os.pread(fd, TRACE_READ_LIMIT, max(0, info.st_size - TRACE_READ_LIMIT)).decode("utf-8", "replace")
    except OSError:
        return ""
    finally:
        os.close(fd)


class Session:
    """One submission under test: starts its worker lazily, restarts it for the next case after a death."""

    def __init__(self, source, *, api, limits=None, mode=None, scratch_base=None, pool=None):
        self.source = source
        self.pool = pool  # a WarmPool to fork workers from (reset when the session closes), or None
        self.api = list(api)
        self.limits = limits or Limits()
        self.mode = mode
        self.scratch_base = scratch_base
        self.worker = None
        self.extras = []
        self.deadline = None
        self.events = []
        self.load_failure = None  # (reason, message) once loading failed
        self.peak_rss_kb = 0
        self.worker_cpu_s = 0.0
        self.cpu_by_function = {}
        self.workers_started = 0
        self.defined = []
        # a function that timed out or ran out of memory (and every function calling it) is not called again
        self.breaker = Breaker(source, self.api, self.limits.timeout, self.limits.memory_mb)

    def _new_worker(self):
        if self.pool is not None and not self.pool.alive:
            self.pool = None
        worker = Worker(self.source, api=self.api, limits=self.limits, mode=self.mode, scratch_base=self.scratch_base, pool=self.pool)
        self.workers_started += 1
        try:
            worker.start()
        except BaseException:  # a death while loading, or the sandbox could not start at all: clean up either way
            worker.close()
            raise
        return worker

    def ensure_loaded(self):
        """Start the worker if needed; returns None, or (reason, message) when the submission does not load."""
        if self.load_failure is not None:
            return self.load_failure
        if self.worker is not None and self.worker.dead is None:
            return None
        if self.worker is not None:
            self._retire(self.worker)
            self.worker = None
        try:
            worker = self._new_worker()
        except WorkerDied as died:
            self.load_failure = (died.reason, died.message)
            return self.load_failure
        if worker.load_error is not None:
            reason = worker.load_error.get("fatal") or "error"
            self.load_failure = (reason, load_error_message(worker.load_error))
            self._retire(worker)
            return self.load_failure
        self.worker = worker
        self.defined = list(worker.defined)
        return None

    def api_env(self, worker=None):
        """{name: proxy or None}: None for a function the submission does not define."""
        defined = (worker or self.worker).defined
        return {name: (Proxy(self, name, worker) if name in defined else None) for name in self.api}

    def begin_case(self, timeout=None):
        self.deadline = time.monotonic() + (timeout if timeout is not None else self.limits.timeout)
        self.events = []

    def end_case(self):
        for worker in self.extras:
            self._retire(worker)
        self.extras = []
        if self.worker is not None and self.worker.dead is not None:
            self._retire(self.worker)
            self.worker = None
        return self.events

    def call(self, name, args, kwargs, worker=None):
        worker = worker or self.worker
        if worker is None:
            raise RuntimeError("the submission's worker is not running")
        stopped = self.breaker.blocked(name)
        if stopped is not None:
            self.events.append(("not_run", name, stopped))
            raise NotRunAgain(stopped)
        try:
            return worker.call(name, args, kwargs, deadline=self.deadline)
        except WorkerDied as died:
            if died.reason in ("timeout", "memory") and not any(kind == "died" for kind, _, _ in self.events):
                record = self.breaker.trip(name, read_trace(worker), died.reason, getattr(died, "where", None))
                died.message = died.message + self.breaker.where_text(record, died.reason)
            self.events.append(("died", name, died))
            raise
        except NotImplementedError as error:
            if getattr(error, "ag_student", False):
                self.events.append(("not_implemented", name, error))
            raise

    def fresh_env(self):
        """A new env of proxies in a brand-new worker (ended with the case)."""
        try:
            worker = self._new_worker()
        except WorkerDied as died:
            self.events.append(("died", "fresh_env", died))
            raise
        self.extras.append(worker)
        if worker.load_error is not None:
            raise RuntimeError(load_error_message(worker.load_error))
        return self.api_env(worker)

    def _retire(self, worker):
        worker.close()
        self.peak_rss_kb = max(self.peak_rss_kb, worker.peak_rss_kb)
        self.worker_cpu_s += worker.cpu_s
        for name, seconds in worker.cpu_by_function.items():
            self.cpu_by_function[name] = self.cpu_by_function.get(name, 0.0) + seconds

    def close(self):
        self.end_case()
        if self.worker is not None:
            self._retire(self.worker)
            self.worker = None
        if self.pool is not None:
            self.pool.reset()  # nothing of this submission reaches the next one (a pool that fails to reset is closed)
