"""A worker's resource limits (see autograder/DESIGN.md, "How the sandbox implements this")."""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Limits:
    """Resource limits of one worker. Defaults leave a wide margin over the reference's needs."""

    #: wall-clock seconds for one test case (every call of the case shares it)
    timeout: float = 30.0
    #: CPU seconds for the whole life of a worker (RLIMIT_CPU)
    cpu_seconds: int = 600
    #: address-space cap in megabytes (RLIMIT_AS)
    memory_mb: int = 2048
    #: the student's stdout+stderr and any file it writes, in megabytes (RLIMIT_FSIZE)
    output_mb: int = 4
    #: seconds to start the interpreter and import the submission
    startup_timeout: float = 30.0
    #: processes a worker may start (on top of those its user already runs: RLIMIT_NPROC counts per user)
    max_processes: int = 64
    #: size cap in megabytes of each of the sandbox's tmpfs mounts (bwrap only): the worker's folder (its cwd, HOME
    #: and TMPDIR; for the warm pool, the folder all its workers' folders share), /tmp and /dev/shm
    tmpfs_mb: int = 64
    #: wall-clock seconds for grading one whole submission (its cases stop when it is used up)
    budget: float = 120.0

    def for_worker(self):
        return {
            "cpu_seconds": int(self.cpu_seconds),
            "memory_bytes": int(self.memory_mb) * 1024 * 1024,
            "output_bytes": int(self.output_mb * 1024 * 1024),
        }

    def for_new_worker(self):
        """:meth:`for_worker` plus ``max_processes`` for RLIMIT_NPROC: what runs now plus ``max_processes``.

        RLIMIT_NPROC counts every process of the user, so a fork bomb stops at that margin (the kernel does
        not apply it to root, so it only bites in the ``nobody`` mode; under bwrap as root a pids cgroup caps
        it where one can be made, else only the time limit and the sweep bound it).
        """
        import psutil

        return dict(self.for_worker(), max_processes=len(psutil.pids()) + self.max_processes)
