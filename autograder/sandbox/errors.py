"""What the grader raises for a worker: its death (WorkerDied), the student's own exceptions, and a warm pool that
broke (PoolBroken: the launcher then starts a standalone worker instead)."""


class WorkerDied(Exception):
    """The worker ended; ``reason`` is timeout, memory, output, exit or crash; the message is for the student."""

    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason
        self.message = message


class PoolBroken(Exception):
    """The warm pool did not answer, or is gone: start a new one (or a standalone worker)."""


class StudentError(Exception):
    """An exception of the student's code whose class is not a builtin the grader re-raises."""


#: Builtin exceptions a student's exception comes back as (by name).
BUILTIN_ERRORS = {
    cls.__name__: cls
    for cls in (
        NotImplementedError, ValueError, TypeError, KeyError, IndexError, AttributeError, ZeroDivisionError,
        AssertionError, RuntimeError, FloatingPointError, OverflowError, NameError, RecursionError,
        ArithmeticError, LookupError, UnboundLocalError, StopIteration, ImportError, ModuleNotFoundError,
    )
}


def student_exception(payload, function):
    """The exception to raise in the grader for the worker's error payload."""
    name, message = payload.get("type"), payload.get("message", "")
    cls = BUILTIN_ERRORS.get(name) if payload.get("builtin") else None
    if cls is None:
        error = StudentError(f"{name}: {message}" if message else str(name))
    elif cls is KeyError:
        error = KeyError(message)
    else:
        error = cls(message)
    error.ag_student = True
    error.ag_function = function
    error.ag_type = name
    error.ag_message = message
    error.ag_where = payload.get("where") or []
    return error
