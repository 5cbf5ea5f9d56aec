"""Why a worker ended, in a sentence for the student (only the grader's limits and where it happened)."""

import signal


def exit_reason(code, limits, during, *, output_full, oom_killed):
    """(reason, message) for a worker that ended with Popen-style ``code`` (-signal when killed).

    ``output_full``: its output file reached ``limits.output_mb``; ``oom_killed``: its memory cgroup's OOM killer ended it.
    """
    sig = -code if code is not None and code < 0 else None
    if output_full or sig == signal.SIGXFSZ:
        return "output", (f"your code printed (or wrote) more than {limits.output_mb:g} MB of output {during}, "
                          "so it was stopped: remove prints inside loops")
    if sig == signal.SIGKILL and oom_killed:
        return "memory", (f"your code ran out of memory (limit {limits.memory_mb} MB, files in its folders, /tmp and shared "
                          f"memory included) {during}: look for arrays far larger than needed or files that grow without end")
    if sig == signal.SIGXCPU:
        return "timeout", (f"your code used more than {limits.cpu_seconds} s of CPU time {during}: "
                           "look for an infinite loop or far too many iterations")
    if sig is not None:
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else f"signal {sig}"
        return "crash", (f"the Python process running your code crashed ({name}) {during}: "
                         "this happens when code kills its own process or corrupts memory; run your code locally to see where")
    return "exit", (f"your code ended the Python process (exit code {code}) {during}: "
                    "remove calls to sys.exit(), exit(), quit() or os._exit() from deepnn.py")


def disk_full(limits, during):
    """The message for a worker whose writable folders are full (a write failed with ENOSPC)."""
    return (f"your code wrote more files than its folders hold ({limits.tmpfs_mb} MB for the working folder, HOME and "
            f"TMPDIR together, as much for /tmp and for /dev/shm) {during}, so it was stopped: write fewer or smaller "
            "files, and delete the ones you no longer need")
