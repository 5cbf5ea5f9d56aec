"""Nothing outlives the grading process: its job processes and sandboxes die with their parent.

When the grading process is SIGKILLed (the OOM killer, a container limit, ``kill -9``) no
``finally`` or ``atexit`` runs. What would stay alive, idle, forever, is ended by the kernel
instead: every process the grader starts (the ``--jobs`` processes, bubblewrap for a warm pool
or a worker, a worker without bubblewrap) asks for SIGKILL when its parent ends
(``PR_SET_PDEATHSIG``), and bubblewrap's ``--die-with-parent`` and PID namespace carry that to
everything inside a sandbox.

``PR_SET_PDEATHSIG`` fires when the *thread* that forked the process ends, so it is only asked
for from the main thread (elsewhere bubblewrap's own ``--die-with-parent`` still applies).
"""

import os
import signal
import threading

PR_SET_PDEATHSIG = 1


def _prctl(option, value):
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0) == 0
    except Exception:
        return False


def die_with_parent(parent=None):
    """Ask for SIGKILL when the parent ends; if ``parent`` (its pid) is already gone, die now.

    Call it in the child (a ``preexec_fn`` or a pool initializer). Passing the parent's pid
    closes the race where the parent ends between the fork and this call.
    """
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if parent is not None and os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)


def preexec_die_with_parent():
    """A ``preexec_fn`` (or None off the main thread) making the new process die with this one."""
    if threading.current_thread() is not threading.main_thread():
        return None
    parent = os.getpid()
    return lambda: die_with_parent(parent)


def job_initializer(parent):
    """``ProcessPoolExecutor(initializer=job_initializer, initargs=(os.getpid(),))``: a job dies with the grader."""
    die_with_parent(parent)
