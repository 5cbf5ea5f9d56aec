"""Remove every SysV IPC object of this IPC namespace (copied into the warm pool as ``_ag_ipc.py``).

A standalone worker's bubblewrap has an IPC namespace of its own, gone with it. The warm pool's
workers all share the pool's sandbox, hence one IPC namespace: SysV shared memory segments,
semaphore sets and message queues that one student's code made would outlive its processes and
wait there for the next student. After each submission the pool (which has killed every other
process of the sandbox first) removes them all: each one listed in ``/proc/sysvipc/{shm,sem,msg}``
gets ``IPC_RMID``. POSIX shared memory lives in /dev/shm, which the pool empties; POSIX message
queues cannot be made at all (the workers' RLIMIT_MSGQUEUE is 0).

Self-contained: standard library only (it runs inside the sandbox).
"""

import ctypes

IPC_RMID = 0
#: /proc/sysvipc file -> libc's control function; the object's id is each line's second column.
KINDS = {"shm": "shmctl", "sem": "semctl", "msg": "msgctl"}


def listed():
    """{kind: [id, ...]} of the SysV IPC objects this namespace holds now."""
    found = {}
    for kind in KINDS:
        try:
            with open(f"/proc/sysvipc/{kind}") as handle:
                rows = handle.read().splitlines()[1:]
        except OSError:
            rows = []
        found[kind] = [int(row.split()[1]) for row in rows if len(row.split()) > 1]
    return found


def remove_all():
    """IPC_RMID every SysV shm segment, semaphore set and message queue; returns how many are left (0 when clean)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return sum(len(ids) for ids in listed().values())
    for kind, ids in listed().items():
        control = getattr(libc, KINDS[kind])
        for ident in ids:
            if kind == "sem":
                control(ctypes.c_int(ident), ctypes.c_int(0), ctypes.c_int(IPC_RMID))
            else:
                control(ctypes.c_int(ident), ctypes.c_int(IPC_RMID), ctypes.c_void_p(None))
    return sum(len(ids) for ids in listed().values())
