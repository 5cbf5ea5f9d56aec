"""The warm pool (autograder/sandbox/pool.py): workers forked from one sandbox, students kept apart.

Each test gets its own pool (its own limits key), so a test that breaks its pool leaves the
others alone. All of them need bubblewrap.
"""

import json
import os
import time

import pytest

from autograder.grade.engine import grade_submission
from autograder.sample_class import mutant_sources
from autograder.reference import api_names
from autograder.sandbox import Limits, Session, Worker, WorkerDied
from autograder.sandbox import pool as warm

pytestmark = pytest.mark.needs_bwrap("the warm pool runs only under bubblewrap")

LEAVE_TRACES = '''
import os, subprocess, time

def leave():
    """Everything a student could leave behind for the next one."""
    written = []
    for folder in ("/tmp", "/dev/shm", os.environ["HOME"], os.path.dirname(os.getcwd())):
        try:
            with open(os.path.join(folder, "left-by-a.txt"), "w") as handle:
                handle.write("answers")
            written.append(folder)
        except OSError:
            pass
    subprocess.Popen(["sleep", "300"], start_new_session=True)
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            time.sleep(300)
        os._exit(0)
    time.sleep(0.2)
    return written
'''

LOOK_AROUND = '''
import os

def look():
    """What the next student's worker can see of the sandbox."""
    found = {}
    for folder in ("/tmp", "/dev/shm", os.path.dirname(os.getcwd())):
        try:
            found[folder] = sorted(os.listdir(folder))
        except OSError as error:
            found[folder] = str(error)
    processes = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/cmdline", "rb") as handle:
                    processes[name] = handle.read().replace(b"\\0", b" ").decode(errors="replace")[:80]
            except OSError:
                pass
    return {"found": found, "processes": processes, "me": os.getpid(), "parent": os.getppid(), "cwd": os.getcwd()}
'''

PRY = '''
import ctypes, os, signal

def pry():
    """Try to read, trace or change the pool process (the worker's parent)."""
    pool = os.getppid()
    tried = {}
    for path in (f"/proc/{pool}/mem", f"/proc/{pool}/environ", f"/proc/{pool}/maps"):
        try:
            with open(path, "rb") as handle:
                handle.read(16)
            tried[path] = "read"
        except OSError as error:
            tried[path] = type(error).__name__
    libc = ctypes.CDLL(None, use_errno=True)
    tried["ptrace"] = "attached" if libc.ptrace(16, pool, 0, 0) == 0 else "refused"  # PTRACE_ATTACH
    return tried

def kill_pool():
    os.kill(os.getppid(), signal.SIGKILL)

def ping():
    return "pong"

def stop_pool():
    os.kill(os.getppid(), signal.SIGSTOP)
    return "stopped"
'''


def _limits(tag):
    """Limits of its own for each test (the pool is shared per limits): max_processes is the key."""
    return Limits(timeout=20, memory_mb=1024, output_mb=1, max_processes=40 + tag)


def _worker(source, api, pool, limits):
    worker = Worker(source, api=api, limits=limits, pool=pool).start()
    assert worker.pool is pool
    return worker


def test_nothing_of_one_student_reaches_the_next():
    limits = _limits(1)
    pool = warm.shared_pool(limits)
    a = _worker(LEAVE_TRACES, ["leave"], pool, limits)
    written = a.call("leave")
    assert "/tmp" in written and os.environ.get("HOME") not in written  # it did write where it could
    a.close()
    assert pool.reset()
    b = _worker(LOOK_AROUND, ["look"], pool, limits)
    seen = b.call("look")
    b.close()
    assert pool.reset()
    for folder, names in seen["found"].items():
        assert not (isinstance(names, list) and any("left-by-a" in n for n in names)), (folder, names)
    assert seen["found"][os.path.dirname(seen["cwd"])] == [os.path.basename(seen["cwd"])]  # only its own folder
    others = {pid: cmd for pid, cmd in seen["processes"].items() if int(pid) not in (1, seen["me"], seen["parent"])}
    assert others == {}, f"processes left by the previous student: {others}"
    assert pool.alive and pool.spawned == 2


def test_a_worker_cannot_read_trace_or_write_the_pool():
    limits = _limits(2)
    pool = warm.shared_pool(limits)
    worker = _worker(PRY, ["pry"], pool, limits)
    tried = worker.call("pry")
    worker.close()
    assert pool.reset()
    assert tried["ptrace"] == "refused", tried
    assert all(result != "read" for key, result in tried.items() if key.startswith("/proc/")), tried


def test_a_worker_that_kills_its_pool_fails_only_itself():
    limits = _limits(3)
    pool = warm.shared_pool(limits)
    worker = _worker(PRY, ["kill_pool", "ping"], pool, limits)
    try:
        worker.call("kill_pool")  # may still answer: its own end (PR_SET_PDEATHSIG) comes right after
    except WorkerDied:
        pass
    deadline = time.monotonic() + 10
    while pool.alive and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    with pytest.raises(WorkerDied) as info:
        worker.call("ping")
    assert info.value.reason == "crash" and len(info.value.message) > 40
    worker.close()
    assert not pool.alive
    fresh = warm.shared_pool(limits)
    assert fresh is not pool and fresh.alive
    reference = _worker((mutant_sources()["good_student"]), api_names(), fresh, limits)
    assert reference.call("predict", ([[0.0], [1.0]], {"W1": [[1.0, 1.0]], "b1": [[0.0]]}, "sigmoid")).tolist() == [[1]]
    reference.close()
    assert fresh.reset()


def test_a_stopped_pool_is_replaced_not_reused(monkeypatch):
    monkeypatch.setattr(warm, "REQUEST_TIMEOUT", 1.0)
    limits = _limits(4)
    pool = warm.shared_pool(limits)
    session = Session(PRY, api=["stop_pool"], limits=limits, pool=pool)
    assert session.ensure_loaded() is None
    session.begin_case()
    assert session.call("stop_pool", (), {}) == "stopped"
    session.end_case()
    session.close()  # the reset gets no answer: the pool's whole sandbox is killed
    assert not pool.alive and pool.root is None
    assert warm.shared_pool(limits) is not pool


def test_forked_workers_draw_different_unseeded_random_numbers():
    """Like two new interpreters: an unseeded implementation must not look deterministic (q9's fresh process)."""
    limits = _limits(5)
    pool = warm.shared_pool(limits)
    source = "import random\nimport numpy as np\ndef draw():\n    return [float(np.random.rand()), random.random()]\n"
    draws = []
    for _ in range(2):
        worker = _worker(source, ["draw"], pool, limits)
        draws.append(worker.call("draw"))
        worker.close()
    assert pool.reset()
    assert draws[0][0] != draws[1][0] and draws[0][1] != draws[1][1], draws


def test_grades_are_the_same_with_and_without_the_pool(tmp_path, monkeypatch):
    sources = mutant_sources()
    results = {}
    forked = []
    spawn = warm.WarmPool.spawn
    monkeypatch.setattr(warm.WarmPool, "spawn", lambda self, *a, **k: forked.append(1) or spawn(self, *a, **k))
    for name in ("good_student", "tanh_sigmoid_derivative", "params_in_place"):
        path = tmp_path / f"{name}.py"
        path.write_text(sources[name])
        for warm_pool in ("1", "0"):
            monkeypatch.setenv("AUTOGRADER_WARM_POOL", warm_pool)
            forked.clear()
            result = grade_submission(path, secret="pool-test")
            results[name, warm_pool] = [(t["name"], t["score"], t["output"]) for t in result["tests"]]
            assert result["extra_data"]["status"] == "ok"
            assert (len(forked) == result["extra_data"]["workers_started"] >= 2) if warm_pool == "1" else not forked
    for name in ("good_student", "tanh_sigmoid_derivative", "params_in_place"):
        assert results[name, "1"] == results[name, "0"], json.dumps([results[name, "1"], results[name, "0"]])[:2000]
    assert sum(score for _, score, _ in results["good_student", "1"]) == 100
