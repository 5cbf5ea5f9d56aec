"""Otter's exception-based test files, loaded without Otter's whole API, and the time limit of one case
(standard library only).

``import otter.test_files`` runs ``otter/__init__.py`` first, which imports Otter's whole API
(nbconvert, pandas, ...: about 1.5 s). Checking or grading needs only
``otter.test_files.exception_test.ExceptionTestFile``; the student's ``check.py`` and the kit's
grader both load it through :func:`exception_test_file_class`, which puts a stand-in ``otter``
package in ``sys.modules`` whose ``__init__`` runs only when a name of it is first used.

Both also run each case under :func:`time_limit`, each with its own sentence.
"""

import importlib.util
import signal
import sys
import threading
import types
from contextlib import contextmanager


class _DeferredOtter(types.ModuleType):
    """The ``otter`` package whose ``__init__`` runs on first use of a name it defines."""

    def __getattr__(self, name):
        self.__class__ = types.ModuleType  # from now on an ordinary module
        self.__spec__.loader.exec_module(self)  # the real __init__, in this same module object
        return getattr(self, name)


def exception_test_file_class():
    """Otter's ``ExceptionTestFile`` class; ImportError when otter-grader is not installed."""
    if "otter" not in sys.modules:
        spec = importlib.util.find_spec("otter")
        if spec is None:
            raise ImportError("otter-grader is not installed")
        if spec.submodule_search_locations is not None and spec.loader is not None:
            package = _DeferredOtter("otter")
            package.__spec__, package.__loader__, package.__file__ = spec, spec.loader, spec.origin
            package.__path__, package.__package__ = list(spec.submodule_search_locations), "otter"
            sys.modules["otter"] = package
    from otter.test_files.exception_test import ExceptionTestFile

    return ExceptionTestFile


@contextmanager
def time_limit(seconds, message):
    """Raise ``TimeoutError(message)`` in the block when it runs longer than ``seconds`` of wall clock.

    SIGALRM with a real-time timer: it works only in the main thread and where ``signal.setitimer``
    exists (not on Windows); elsewhere the block runs without a limit. The previous SIGALRM handler
    is put back after the block.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def fire(signum, frame):
        raise TimeoutError(message)

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
