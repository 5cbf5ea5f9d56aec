"""The grading sandbox: student code runs only in a worker process (see autograder/DESIGN.md).

* :class:`Worker` (launcher.py): start a worker for a module's source, call its functions, end it.
* :class:`Session` (session.py): a submission's worker with proxies, restarts, per-case events and the
  circuit breaker (breaker.py: a function that timed out or ran out of memory is not called again).
* :func:`load_submission` (submission.py, intake.py): a .py / notebook / folder / zip into module source,
  read without following links and with sizes checked before bytes.
* wire.py: the JSON wire format and the limits of a reply; bootstrap.py: the worker's main program;
  poolmain.py: the warm pool's main program.
* isolation.py: the mode and bubblewrap's arguments; limits.py: ``Limits``; scratch.py: the worker's
  folder on the host; errors.py: WorkerDied, StudentError; deaths.py: what a student reads when a worker
  ends; reaper.py: the clean-up sweep; cgroups.py: a sandbox's pids and memory caps; lifeline.py: every
  process the grader starts dies with it; pool.py (+ ipc.py): the warm pool.
"""

from .launcher import BUILTIN_ERRORS, WARNINGS, Handle, Limits, StudentError, Worker, WorkerDied, isolation_mode
from .session import Proxy, Session, load_error_message
from .submission import Submission, SubmissionError, load_submission, student_id_of

__all__ = [
    "BUILTIN_ERRORS", "WARNINGS", "Handle", "Limits", "StudentError", "Worker", "WorkerDied", "isolation_mode",
    "Proxy", "Session", "load_error_message", "Submission", "SubmissionError", "load_submission", "student_id_of",
]
