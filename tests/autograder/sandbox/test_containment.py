"""Containment: a submission cannot hurt the judge, outgrow its sandbox, leave traces or outlive the grader.

The red team's rows (issue 9) as small attacks: 5, a reply too large, too deep or with too many
values sent over the pipe; 6, a filler of the sandbox's /tmp and /dev/shm; 7, SysV shared memory
left for the next student; and a grading process SIGKILLed mid-batch (its jobs, pools and
workers must die with it). A wrong but well-formed submission scored 36/100 in the red team's
baseline: no attack may score more.
"""

import csv
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
import tracemalloc

import psutil
import pytest

from autograder import KIT_ROOT
from autograder.reference import api_names
from autograder.sandbox import Limits, Worker, WorkerDied, isolation_mode, replies
from autograder.sandbox.cgroups import make_memory_cgroup, remove_cgroup
from tests.conftest import requires_sandbox

BASELINE = 36  # the red team's wrong but well-formed submission
LIMITS = Limits(timeout=20, memory_mb=1024, output_mb=1)
bwrap_only = pytest.mark.needs_bwrap("needs bubblewrap (tmpfs caps, the warm pool)")

# The worker's reply pipe: the one write-only pipe it holds. The attack writes its own "reply" there.
REPLY_ATTACK = '''
import fcntl, os, stat, struct, time

def _reply_fd():
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        try:
            if stat.S_ISFIFO(os.fstat(fd).st_mode) and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY:
                return fd
        except OSError:
            pass

def _attack(kind="{kind}"):
    if kind == "huge":  # 64 MB of nested empty lists, announced as such
        body = b"[" + b"[]," * (64 * 2**20 // 3) + b"[]]"
    elif kind == "flat":  # under the size cap, over a million empty lists
        body = b"[" + b"[]," * 1300000 + b"[]]"
    else:  # under the size cap, two million levels deep
        body = b"[" * 2000000 + b"]" * 2000000
    fd = _reply_fd()
    data = memoryview(struct.pack(">I", len(body)) + body)
    while data:
        data = data[os.write(fd, data):]
    time.sleep(60)
'''

TMPFS_FILLER = '''
import os

def _attack():
    """1,500 files of 4 MB in /tmp and /dev/shm (RLIMIT_FSIZE allows each one)."""
    written = 0
    block = b"x" * (1 << 20)
    for folder in ("/tmp", "/dev/shm"):
        for i in range(1500):
            try:
                with open(os.path.join(folder, f"fill-{i}"), "wb") as handle:
                    for _ in range(4):
                        handle.write(block)
                        written += len(block)
            except OSError:
                break
    return written

def _sizes():
    """The size of the /tmp and /dev/shm mounts, in bytes."""
    return [os.statvfs(folder).f_blocks * os.statvfs(folder).f_frsize for folder in ("/tmp", "/dev/shm")]
'''

SYSV = '''
import ctypes, os

libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
KEYS = [0x5eed0 + i for i in range(4)]

def _leave(size=1 << 20):
    """SysV shared memory segments, a semaphore set and a message queue with known keys, holding a secret."""
    made = 0
    for key in KEYS:
        shmid = libc.shmget(key, size, 0o1666)  # IPC_CREAT | rw for everyone
        if shmid < 0:
            continue
        address = libc.shmat(shmid, None, 0)
        if address not in (None, ctypes.c_void_p(-1).value):
            ctypes.memmove(address, b"answers of student a", 20)
            libc.shmdt(ctypes.c_void_p(address))
            made += 1
    libc.semget(KEYS[0], 1, 0o1666)
    libc.msgget(KEYS[0], 0o1666)
    return made

def _look():
    """What the next student finds: /proc/sysvipc and the segments behind the known keys."""
    found = {}
    for kind in ("shm", "sem", "msg"):
        with open(f"/proc/sysvipc/{kind}") as handle:
            found[kind] = handle.read().splitlines()[1:]
    found["by_key"] = [key for key in KEYS if libc.shmget(key, 0, 0) >= 0]
    return found

def _hog(total_mb):
    """Touch ``total_mb`` MB of SysV shared memory, detached at once (RLIMIT_AS never sees it)."""
    for _ in range(total_mb // 64):
        shmid = libc.shmget(0, 64 << 20, 0o1600)
        address = libc.shmat(shmid, None, 0)
        ctypes.memset(ctypes.c_void_p(address), 1, 64 << 20)
        libc.shmdt(ctypes.c_void_p(address))
    return total_mb
'''

DISK_FILLER = '''
import os

PLACES = {"cwd": ".", "home": os.environ["HOME"], "tmpdir": os.environ.get("TMPDIR", "."), "tmp": "/tmp", "shm": "/dev/shm"}

def _fill(where, catch=False):
    """Up to 200 files of 1 MB in ``where`` (RLIMIT_FSIZE allows each one): far more than the 32 or 64 MB caps.

    The red team's 10,000 files would be 10 GB of the host's disk; 200 prove the cap without risking that.
    """
    block = b"x" * (1 << 20)
    written = 0
    for i in range(200):
        try:
            with open(os.path.join(PLACES[where], f"fill-{i}"), "wb") as handle:
                handle.write(block)
            written += len(block)
        except OSError:
            if catch:
                return written
            raise
    return written

def _look():
    """The files the last student left that this one finds, in each writable place."""
    return {where: sorted(name for name in os.listdir(path) if name.startswith("fill-")) for where, path in PLACES.items()}
'''


def attack_module(setup, call="_attack()"):
    """A whole submission: ``setup``, then every API function doing ``call``."""
    functions = "".join(f"\ndef {name}(*args, **kwargs):\n    return {call}\n" for name in api_names())
    return setup + "\n" + functions


@pytest.fixture(params=["standalone", "pool"])
def make_worker(request):
    from autograder.sandbox.pool import shared_pool

    if request.param == "pool" and isolation_mode() != "bwrap":
        requires_sandbox("the warm pool runs only under bubblewrap")
    started = []

    def make(source, api, limits=LIMITS):
        pool = shared_pool(limits) if request.param == "pool" else None
        worker = Worker(source, api=api, limits=limits, pool=pool).start()
        started.append(worker)
        return worker

    yield make
    for worker in started:
        worker.close()
        if worker.pool is not None and worker.pool.alive:  # (an OOM kill may have taken the pool: the next request starts one)
            assert worker.pool.reset()


def _reset_peak_rss():
    with open("/proc/self/clear_refs", "w") as handle:  # "5": reset the peak RSS (VmHWM) to the current RSS
        handle.write("5")


def _peak_rss_mb(pid="self"):
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


# --------------------------------------------------------------------------- row 5: the protocol


def test_reply_limits_are_checked_on_the_bytes_before_decoding():
    legit = json.dumps({"ok": {"W1": {"__ndarray__": "A" * 3_000_000, "dtype": "<f8", "shape": [3]}, "title": "[" * 500},
                        "mutated": [[0, [[1, 2], [3, 4]]]]}).encode()
    replies.check_reply(legit)  # brackets inside strings do not count, a big array does not either
    assert json.loads(legit)["ok"]["title"] == "[" * 500
    for body, words in [(b"[" + b"[]," * 200_000 + b"[]]", "too large to check"), (b"[" * 100 + b"]" * 100, "too deeply nested"),
                        (b" " * (replies.MAX_REPLY + 1), "too large to check")]:
        with pytest.raises(replies.TooLarge, match=words):
            replies.check_reply(body)
    assert replies.MAX_REPLY <= 8 * 2**20 and replies.MAX_VALUES <= 10**6


@pytest.mark.parametrize("mutated", ["5", '[[{"a": 1}, 2]]', "[[0]]", '[["x", 1, 2]]'])
def test_a_forged_list_of_changed_arguments_is_a_malformed_reply_not_a_grader_error(make_worker, mutated):
    """The reply's "mutated" pairs come from the worker: anything but [[index or name, value], ...] ends the worker as
    a crash with a sentence (it used to raise TypeError in the grader, quoting a line of the kit's own code)."""
    forged = ('{"ok": 1, "mutated": ' + mutated + '}').encode()
    code = REPLY_ATTACK.replace("def _attack(kind=\"{kind}\"):", "def _attack_unused():") + f"""
def f(x):
    body = {forged!r}
    fd = _reply_fd()
    os.write(fd, struct.pack(">I", len(body)) + body)
    time.sleep(60)
"""
    worker = make_worker(code, api=["f"])
    with pytest.raises(WorkerDied) as info:
        worker.call("f", [1.0])
    assert info.value.reason == "crash" and "malformed reply" in str(info.value) and "launcher.py" not in str(info.value)


@pytest.mark.timeout(120)
def test_checking_a_reply_is_linear_in_its_bytes_whatever_its_strings_hold():
    """Escaped quotes in a string that never closes (a reply forged byte by byte) cost the grader one pass, not a pass
    per quote: the old string pattern backtracked for minutes on 100 KB (and hours on this one) before any deadline."""
    forged = b'{"ok": "' + b'\\"' * 390_000  # just under the string count limit, about 780 KB
    replies.check_reply(forged)  # not over a limit: json.loads then refuses it as malformed
    with pytest.raises(replies.ProtocolError):
        replies.parse_message(forged)
    escaped = json.dumps({"ok": ['a"[[[[', "b\\", {"c": "]]]\\\""}]}).encode()
    replies.check_reply(escaped, max_depth=3)  # brackets and quotes inside strings, escaped or not, do not count
    with pytest.raises(replies.TooLarge, match="too deeply nested"):
        replies.check_reply(b'{"ok": "\\\\", "x": [[[[[[[[[[]]]]]]]]]]}', max_depth=3)  # a string ending in \\ is closed


@pytest.mark.parametrize("kind, words", [("huge", "too large to check"), ("flat", "too large to check"), ("deep", "too deeply nested")])
def test_a_reply_over_a_limit_ends_the_worker_and_spares_the_grader(make_worker, kind, words):
    worker = make_worker(REPLY_ATTACK.replace("{kind}", kind) + "\ndef f():\n    return _attack()\n", api=["f"])
    _reset_peak_rss()
    before = _peak_rss_mb()
    started = time.monotonic()
    tracemalloc.start()
    try:
        with pytest.raises(WorkerDied) as info:
            worker.call("f")
        kept = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert kept < 2**20, f"the caught WorkerDied keeps {kept / 2**20:.0f} MB of the reply alive (its traceback's frames)"
    assert info.value.reason == "output"
    assert words in info.value.message and "in `f`" in info.value.message, info.value.message
    assert time.monotonic() - started < 10
    assert _peak_rss_mb() - before < 100, "decoding the attack cost the grader memory"
    assert not worker.alive


def test_decoding_counts_against_the_deadline(make_worker, monkeypatch):
    worker = make_worker("def f():\n    return [[1.5] * 100 for _ in range(500)]\n", api=["f"])
    slow_parse = replies.parse_message  # the grader decodes a reply in replies.py

    def parse(data):
        time.sleep(1.5)  # stands for a decode that takes the rest of the case's time
        return slow_parse(data)

    monkeypatch.setattr(replies, "parse_message", parse)
    with pytest.raises(WorkerDied) as info:
        worker.call("f", deadline=time.monotonic() + 1.0)
    assert info.value.reason == "timeout", info.value.message


# --------------------------------------------------------------------------- row 6: the sandbox's memory


@bwrap_only
def test_tmp_and_dev_shm_are_capped(make_worker):
    limits = Limits(timeout=20, memory_mb=1024, output_mb=4, tmpfs_mb=32)
    worker = make_worker(TMPFS_FILLER + "\ndef f():\n    return _attack()\n\ndef sizes():\n    return _sizes()\n", api=["f", "sizes"],
                         limits=limits)
    assert worker.call("sizes") == [32 * 2**20, 32 * 2**20]
    written = worker.call("f")
    assert written <= 2 * 32 * 2**20, f"{written / 2**20:.0f} MB written to /tmp and /dev/shm past their 32 MB caps"
    assert written >= 2 * 16 * 2**20  # the caps are there to use


def _disk_use(folder):
    """Bytes the files under ``folder`` take on the host's disk."""
    total = 0
    for here, _, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(here, name)).st_blocks * 512
            except OSError:
                pass
    return total


@bwrap_only
@pytest.mark.parametrize("kind", ["standalone", "pool"])
def test_files_written_anywhere_never_reach_the_hosts_disk(tmp_path, kind):
    """Many files in the cwd, HOME, TMPDIR or /tmp: the capped tmpfs fills, the host's scratch base does not grow, the
    call that finds it full ends with a sentence, and the next student finds none of them."""
    from autograder.sandbox.pool import shared_pool

    limits = Limits(timeout=20, memory_mb=1024, output_mb=1, tmpfs_mb=32)
    pool = shared_pool(limits, scratch_base=tmp_path) if kind == "pool" else None
    source = DISK_FILLER + "\ndef fill(where, catch):\n    return _fill(where, catch)\n\ndef look():\n    return _look()\n"
    try:
        for where in ("cwd", "home", "tmpdir", "tmp"):
            worker = Worker(source, api=["fill", "look"], limits=limits, scratch_base=tmp_path, pool=pool).start()
            assert worker.pool is pool, "the same sandbox serves every student"
            before = _disk_use(tmp_path)
            written = worker.call("fill", (where, True))
            assert 16 * 2**20 <= written <= 32 * 2**20, f"{written / 2**20:.0f} MB written in {where} (the cap: 32 MB)"
            assert _disk_use(tmp_path) - before < 2**20, f"the files in {where} reached the host's disk"
            with pytest.raises(WorkerDied) as info:
                worker.call("fill", (where, False))  # the folder is full: the first write ends the call
            assert info.value.reason == "output", info.value.message
            assert "wrote more files than its folders hold (32 MB" in info.value.message and "in `fill`" in info.value.message
            assert _disk_use(tmp_path) - before < 2**20
            worker.close()
            if pool is not None:
                assert pool.reset()
            after = Worker(source, api=["fill", "look"], limits=limits, scratch_base=tmp_path, pool=pool).start()
            try:
                assert after.call("look") == {place: [] for place in ("cwd", "home", "tmpdir", "tmp", "shm")}, where
            finally:
                after.close()
                if pool is not None:
                    assert pool.reset()
    finally:
        if pool is not None:
            pool.close()
    assert [p.name for p in tmp_path.iterdir()] == [], "every worker's host folder is removed"


def _memory_cgroup_can_be_made():
    probe = make_memory_cgroup("probe-" + os.urandom(4).hex(), 64 << 20)
    remove_cgroup(probe)
    return probe is not None


def test_shared_memory_counts_against_the_workers_memory(make_worker):
    """Detached SysV segments are memory RLIMIT_AS never sees: the worker's memory cgroup does."""
    if not _memory_cgroup_can_be_made():
        requires_sandbox("no writable memory cgroup here: RLIMIT_AS and the tmpfs caps are all there is")
    worker = make_worker(SYSV + "\ndef f(mb):\n    return _hog(mb)\n", api=["f"], limits=Limits(timeout=30, memory_mb=256, output_mb=1))
    with pytest.raises(WorkerDied) as info:
        worker.call("f", (1024,))
    assert info.value.reason == "memory", info.value.message
    assert "256 MB" in info.value.message


# --------------------------------------------------------------------------- row 7: the next student


@bwrap_only
def test_the_next_student_finds_no_sysv_ipc_of_the_last():
    from autograder.sandbox.pool import shared_pool

    limits = Limits(timeout=20, memory_mb=1024, output_mb=1, max_processes=61)  # a pool of this test's own
    pool = shared_pool(limits)
    first = Worker(SYSV + "\ndef leave():\n    return _leave()\n", api=["leave"], limits=limits, pool=pool).start()
    assert first.pool is pool
    assert first.call("leave") == 4
    first.close()
    assert pool.reset()
    second = Worker(SYSV + "\ndef look():\n    return _look()\n", api=["look"], limits=limits, pool=pool).start()
    try:
        assert second.pool is pool, "the same sandbox serves the next student"
        assert second.call("look") == {"shm": [], "sem": [], "msg": [], "by_key": []}
    finally:
        second.close()
        pool.reset()


MQUEUE = """
import ctypes, os

def make_queue():
    \"\"\"Try to make a POSIX message queue (the pool could not list one to remove it).\"\"\"
    librt = ctypes.CDLL("librt.so.1", use_errno=True)
    librt.mq_open.restype = ctypes.c_int
    fd = librt.mq_open(b"/left-by-a", os.O_CREAT | os.O_RDWR, 0o666, None)
    return fd, ctypes.get_errno()
"""


def test_no_posix_message_queue_can_be_made(make_worker):
    worker = make_worker(MQUEUE, api=["make_queue"])
    fd, errno = worker.call("make_queue")
    assert fd == -1 and errno != 0


# --------------------------------------------------------------------------- the grading process


def _grade_cli(paths, out, *extra, env=None):
    cmd = [sys.executable, "-m", "autograder", "grade", *map(str, paths), "--out", str(out), *extra]
    return subprocess.Popen(cmd, cwd=KIT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, AUTOGRADER_SECRET="containment-test", **(env or {})))


def _descendants(pid):
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def _graders(pid):
    """The grading process and its --jobs processes (python, not bubblewrap or a worker)."""
    found = [pid]
    for child in _descendants(pid):
        try:
            if child.ppid() == pid and "python" in child.name() and "AG_WORKER_TOKEN" not in child.environ():
                found.append(child.pid)
        except psutil.Error:
            pass
    return found


@bwrap_only
def test_a_class_of_attacks_is_graded_within_the_graders_memory_budget(tmp_path):
    """Rows 5, 6 and 7 through the real CLI: every attack gets its row, no attack scores above the baseline."""
    attacks = {
        "huge_reply": attack_module(REPLY_ATTACK.replace("{kind}", "huge")),
        "flat_reply": attack_module(REPLY_ATTACK.replace("{kind}", "flat")),
        "deep_reply": attack_module(REPLY_ATTACK.replace("{kind}", "deep")),
        "tmpfs_filler": attack_module(TMPFS_FILLER),
        "disk_filler": attack_module(DISK_FILLER, '_fill("cwd")'),
        "shm_leaver": attack_module(SYSV, "_leave()"),
        "shm_looker": attack_module(SYSV, "_look()"),
    }
    paths = []
    for name, source in attacks.items():
        (tmp_path / f"{name}.py").write_text(source)
        paths.append(tmp_path / f"{name}.py")
    peaks = {}
    grader = _grade_cli(paths, tmp_path / "out", "--jobs", "1", "--timeout", "10")

    def watch():
        while grader.poll() is None:
            for pid in _graders(grader.pid):
                try:
                    peaks[pid] = max(peaks.get(pid, 0.0), _peak_rss_mb(pid))
                except OSError:
                    pass
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        _, err = grader.communicate(timeout=600)
    finally:
        watcher.join()
    assert grader.returncode == 0, err[-2000:]
    with open(tmp_path / "out" / "grades.csv", newline="") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert sorted(rows) == sorted(attacks), "a row for everyone"
    for name, row in rows.items():
        assert float(row["score"]) <= BASELINE, f"{name} scored {row['score']}"
    feedback = (tmp_path / "out" / "feedback" / "flat_reply.md").read_text()
    assert "too large to check" in feedback
    assert "too deeply nested" in (tmp_path / "out" / "feedback" / "deep_reply.md").read_text()
    assert "wrote more files than its folders hold" in (tmp_path / "out" / "feedback" / "disk_filler.md").read_text()
    assert max(peaks.values()) < replies.GRADER_MEMORY_MB / 2, f"the grader's peak RSS: {peaks}"


SLOW = "import time\n" + "".join(f"\ndef {name}(*args, **kwargs):\n    time.sleep(60)\n" for name in api_names())


def test_nothing_outlives_a_sigkilled_grader(tmp_path):
    paths = []
    for name in ("slow_a", "slow_b", "slow_c"):
        (tmp_path / f"{name}.py").write_text(SLOW)
        paths.append(tmp_path / f"{name}.py")
    grader = _grade_cli(paths, tmp_path / "out", "--jobs", "2", "--timeout", "30")
    seen = {}
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:  # until both jobs run a worker (a process with the launcher's token)
            for proc in _descendants(grader.pid):
                try:
                    seen[proc.pid] = (proc, proc.environ().get("AG_WORKER_TOKEN"))
                except psutil.Error:
                    pass
            jobs = [pid for pid in _graders(grader.pid) if pid != grader.pid]
            working = {pid for pid in jobs if any(token for proc, token in seen.values() if _under(proc, pid))}
            if len(jobs) == 2 and len(working) == 2:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the batch never got two jobs running workers")
    finally:
        grader.send_signal(signal.SIGKILL)
        grader.wait()
    tokens = {token for _, token in seen.values() if token}
    left = []
    until = time.monotonic() + 5
    while time.monotonic() < until:
        left = [proc for proc, _ in seen.values() if _alive(proc)] + _with_token(tokens)
        if not left:
            break
        time.sleep(0.1)
    assert not left, f"left behind after SIGKILL: {[(p.pid, _name(p)) for p in left]}"


def _under(proc, ancestor):
    try:
        return any(parent.pid == ancestor for parent in proc.parents())
    except psutil.Error:
        return False


def _alive(proc):
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _with_token(tokens):
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.environ().get("AG_WORKER_TOKEN") in tokens and _alive(proc):
                found.append(proc)
        except psutil.Error:
            pass
    return found


def _name(proc):
    try:
        return " ".join(proc.cmdline())[:80]
    except psutil.Error:
        return "?"


def test_peak_rss_reading_is_this_process(tmp_path):
    """The helper the budget test relies on reads a real, resettable peak."""
    _reset_peak_rss()
    low = _peak_rss_mb()
    block = bytearray(200 * 2**20)
    block[::4096] = b"x" * len(block[::4096])
    assert _peak_rss_mb() - low > 150
    del block
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0


def test_empty_cgroups_left_by_a_killed_grader_are_removed(monkeypatch):
    """A SIGKILLed grader cannot remove its cgroups: the next sandbox made removes the empty, old ones."""
    from autograder.sandbox import cgroups

    parent = make_memory_cgroup("test-parent-" + os.urandom(4).hex(), 256 << 20)  # our own corner of the hierarchy
    if parent is None:
        requires_sandbox("no writable memory cgroup here")
    sleeper = None
    try:
        (parent / "autograder-left").mkdir()
        (parent / "autograder-busy").mkdir()
        sleeper = subprocess.Popen(["sleep", "30"], preexec_fn=cgroups.join_cgroups(parent / "autograder-busy"))
        (parent / "autograder-new").mkdir()
        monkeypatch.setattr(cgroups, "STALE_AFTER", -1)
        cgroups._remove_stale(parent)
        assert not (parent / "autograder-left").exists() and not (parent / "autograder-new").exists()
        assert (parent / "autograder-busy").exists(), "a cgroup with a process in it is never removed"
        monkeypatch.setattr(cgroups, "STALE_AFTER", 3600)
        (parent / "autograder-new").mkdir()
        cgroups._remove_stale(parent)
        assert (parent / "autograder-new").exists(), "a cgroup just made (its process not in it yet) is left alone"
    finally:
        if sleeper is not None:
            sleeper.kill()
            sleeper.wait()
        for child in parent.iterdir():
            if child.is_dir():
                remove_cgroup(child)
        remove_cgroup(parent)
