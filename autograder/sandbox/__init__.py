"""The grading sandbox: student code runs only in a worker process (see autograder/DESIGN.md).

This file is the package's one public surface: code outside ``autograder/sandbox/`` imports only the
names of ``__all__`` from ``autograder.sandbox`` (tests/autograder/sandbox/test_sandbox_api.py checks it), never a module of it.

* :class:`Worker` (launcher.py): start a worker for a module's source, call its functions, end it.
  It is started by the warm pool (pool.py + poolmain.py + ipc.py: :func:`shared_pool`, :func:`close_pools`)
  or as a standalone process (standalone.py, in a folder staged by scratch.py); both are isolated by
  isolation.py (the mode, bubblewrap's arguments, the environment) and cgroups.py (a pids and a memory cap),
  and both copy the worker's code and the public helpers through helpers.py.
* :class:`Session` (session.py): a submission's worker with proxies, restarts, per-case events and the
  circuit breaker (breaker.py: a function that timed out or ran out of memory is not called again).
* :func:`load_submission` (submission.py, intake.py): a .py / notebook / folder / zip into module source,
  read without following links and with sizes checked before bytes. The intake stays here: it is the
  first wall of the threat model (nothing a student made is followed), not a convenience.
* wire.py: the JSON wire format (the worker gets a copy); replies.py: what the grader accepts of a reply
  and how it applies it; bootstrap.py: the worker's main program; limits.py: ``Limits``; errors.py:
  WorkerDied, StudentError, PoolBroken; deaths.py: what a student reads when a worker ends; reaper.py:
  the clean-up sweep; lifeline.py: every process the grader starts dies with it.
"""

from .errors import BUILTIN_ERRORS, StudentError, WorkerDied
from .intake import MAX_MEMBER_BYTES, MAX_TOTAL_BYTES, SKIPPED_DIRS, IntakeError, content_hash, scan_folder, scan_zip
from .isolation import WARNINGS, isolation_mode
from .launcher import Handle, Worker
from .lifeline import job_initializer
from .limits import Limits
from .pool import close_pools, shared_pool, warm_pool_enabled
from .session import Proxy, Session, load_error_message
from .submission import LEFT_OUT_INTRO, MISSING_DEEPNN, Submission, SubmissionError, load_submission, student_id_of

__all__ = [
    # running student code
    "Worker", "Handle", "Session", "Proxy", "Limits", "WorkerDied", "StudentError", "BUILTIN_ERRORS",
    "load_error_message", "isolation_mode", "WARNINGS", "shared_pool", "close_pools", "warm_pool_enabled",
    "job_initializer",
    # reading a submission
    "Submission", "SubmissionError", "load_submission", "student_id_of", "LEFT_OUT_INTRO", "MISSING_DEEPNN",
    "IntakeError", "scan_folder", "scan_zip", "content_hash", "SKIPPED_DIRS", "MAX_MEMBER_BYTES", "MAX_TOTAL_BYTES",
]
