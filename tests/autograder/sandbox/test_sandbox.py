"""The grading sandbox: wire format, worker calls, isolation, limits, clean-up, submission loading."""

import json
import os
import time
import zipfile
from pathlib import Path

import numpy as np
import psutil
import pytest

from autograder import KIT_ROOT
from autograder.reference import api_names, load_reference
from autograder.sandbox import Handle, Limits, StudentError, Worker, WorkerDied, isolation_mode, load_submission
from autograder.sandbox import wire
from autograder.sandbox.submission import notebook_source
from tests.conftest import requires_sandbox

REFERENCE = (KIT_ROOT / "solutions" / "deepnn.py").read_text()
FAST = Limits(timeout=30, memory_mb=1024, output_mb=1)


@pytest.fixture(params=["standalone", "pool"])
def worker_factory(request):
    """Makes workers both ways: a fresh interpreter each, and forked from the warm pool (bubblewrap only)."""
    from autograder.sandbox.pool import shared_pool

    if request.param == "pool" and isolation_mode() != "bwrap":
        requires_sandbox(f"the warm pool runs only under bubblewrap; isolation here is {isolation_mode()!r}")
    started = []

    def make(source, limits=FAST, api=None, mode=None):
        pool = shared_pool(limits) if request.param == "pool" else None
        worker = Worker(source, api=api or api_names(), limits=limits, mode=mode, pool=pool).start()
        assert (worker.pool is not None) == (request.param == "pool" and (mode or isolation_mode()) == "bwrap")
        started.append(worker)
        return worker

    yield make
    for worker in started:
        worker.close()
        if worker.pool is not None:
            assert worker.pool.reset(), "the pool could not wipe what the worker left"


# --------------------------------------------------------------------------- wire format


def roundtrip(value):
    data = wire.Encoder().encode(value)
    text = json.dumps(data)  # must be plain JSON
    return wire.Decoder().decode(json.loads(text))


def test_wire_keeps_types_shapes_and_bits():
    value = {
        "f8": np.array([[1.5, np.nan], [np.inf, -0.0]]),
        "i8": np.arange(6).reshape(2, 3),
        "b": np.array([True, False]),
        "f4": np.ones((0, 3), dtype=np.float32),
        "big_endian": np.arange(3, dtype=">i4"),
        "scalar": np.float64(0.25),
        "tuple": (1, "a", None, [2.0, float("nan")]),
        "pairs": {0.1: 1.0, 2: "x", ("a", 1): True},
        "__tricky__": 1,
    }
    out = roundtrip(value)
    assert out["f8"].dtype == np.float64 and out["f8"].tobytes() == value["f8"].tobytes()
    assert out["i8"].shape == (2, 3) and out["i8"].dtype == np.int64 and np.array_equal(out["i8"], value["i8"])
    assert out["b"].dtype == bool and out["f4"].shape == (0, 3) and out["f4"].dtype == np.float32
    assert list(out["big_endian"]) == [0, 1, 2]
    assert type(out["scalar"]) is np.float64 and out["scalar"] == 0.25
    assert type(out["tuple"]) is tuple and out["tuple"][:3] == (1, "a", None) and np.isnan(out["tuple"][3][1])
    assert out["pairs"] == {0.1: 1.0, 2: "x", ("a", 1): True}
    assert out["__tricky__"] == 1


def test_wire_refuses_what_could_run_code_or_lies_about_its_size():
    with pytest.raises(wire.Unencodable):
        wire.Encoder().encode(np.array([object()], dtype=object))
    good = wire.Encoder().encode(np.zeros(3))
    for bad in (dict(good, dtype="|O"), dict(good, shape=[4]), dict(good, __ndarray__="@@@"), {"__pickle__": "x"}):
        with pytest.raises(wire.ProtocolError):
            wire.Decoder().decode(bad)
    with pytest.raises(wire.ProtocolError):
        wire.parse_message(b"[" * 100000)


# --------------------------------------------------------------------------- calls


def test_worker_answers_like_the_reference(worker_factory):
    ref = load_reference()
    worker = worker_factory(REFERENCE)
    assert worker.load_error is None and worker.defined == api_names()
    p = worker.call("initialize_parameters", ([3, 4, 1],), {"method": "he", "seed": 3})
    expected = ref.initialize_parameters([3, 4, 1], method="he", seed=3)
    assert p.keys() == expected.keys() and all(np.array_equal(p[k], expected[k]) for k in p)
    A, cache = worker.call("layer_forward", (np.ones((3, 2)), p["W1"], p["b1"], "tanh"))
    assert type(cache) is tuple and len(cache) == 4 and np.array_equal(A, ref.layer_forward(np.ones((3, 2)), p["W1"], p["b1"], "tanh")[0])
    cost = worker.call("compute_cost", (np.array([[0.5, 0.5]]), np.array([[0, 1]])))
    assert type(cost) is float and cost == ref.compute_cost(np.array([[0.5, 0.5]]), np.array([[0, 1]]))
    sweep = worker.call("learning_rate_sweep", (np.array([[0.0, 1.0]]), np.array([[0, 1]]), [0.1, 1.0]), {"layer_dims": (1, 1), "num_iterations": 5})
    assert sorted(sweep) == [0.1, 1.0]
    ax = worker.call("plot_costs", ([0.7, 0.5, 0.2],))
    assert isinstance(ax, dict) and ax["title"] and any(a.get("type") == "line" for a in ax.get("artists", ax.get("lines", [])))


def test_student_exceptions_come_back_as_builtins_or_student_error(worker_factory):
    source = "class Oops(Exception):\n    pass\n\ndef f(kind):\n    if kind == 'value':\n        raise ValueError('bad value')\n    if kind == 'todo':\n        raise NotImplementedError('f is not implemented yet')\n    raise Oops('custom')\n"
    worker = worker_factory(source, api=["f"])
    with pytest.raises(ValueError, match="bad value") as info:
        worker.call("f", ("value",))
    assert info.value.ag_student and info.value.ag_where[-1][1] == "f"
    with pytest.raises(NotImplementedError):
        worker.call("f", ("todo",))
    with pytest.raises(StudentError, match="Oops: custom"):
        worker.call("f", ("other",))
    assert worker.alive  # student errors do not end the worker


def test_mutated_arguments_are_mirrored_and_identity_kept(worker_factory):
    source = ("def update(p, lr):\n    for k in p:\n        p[k] -= lr\n    return p\n\n"
              "def fresh(p):\n    return {k: v + 0 for k, v in p.items()}\n\n"
              "def gen(n):\n    return (i for i in range(n))\n\n"
              "def total(g):\n    return sum(g)\n")
    worker = worker_factory(source, api=["update", "fresh", "gen", "total"])
    params = {"W1": np.ones((2, 2)), "b1": np.zeros((2, 1))}
    W1 = params["W1"]
    out = worker.call("update", (params, 0.5))
    assert out is params and W1 is params["W1"] and np.all(W1 == 0.5) and np.all(params["b1"] == -0.5)
    untouched = {"W1": np.ones((2, 2))}
    copy = worker.call("fresh", (untouched,))
    assert copy is not untouched and np.all(untouched["W1"] == 1.0)
    handle = worker.call("gen", (4,))
    assert isinstance(handle, Handle) and "generator" in repr(handle)
    assert worker.call("total", (handle,)) == 6


# --------------------------------------------------------------------------- isolation and limits

PROBE = r'''
import os, sys, socket, resource

def probe(paths):
    seen = {p: os.path.exists(p) for p in paths}
    try:
        socket.create_connection(("1.1.1.1", 53), timeout=1).close()
        network = True
    except OSError:
        network = False
    limits = {n: resource.getrlimit(getattr(resource, n))[0] for n in ("RLIMIT_AS", "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_CORE")}
    return {"seen": seen, "network": network, "env": dict(os.environ), "cwd": os.getcwd(), "path": list(sys.path),
            "limits": limits, "uid": os.getuid(), "pid": os.getpid()}
'''


def test_worker_sees_no_kit_no_secret_and_has_limits(worker_factory, monkeypatch, tmp_path):
    monkeypatch.setenv("AUTOGRADER_SECRET", "top-secret-value")
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text("top-secret-value")
    worker = worker_factory(PROBE, api=["probe"])
    private = [str(KIT_ROOT / "solutions" / "deepnn.py"), str(KIT_ROOT / "autograder"), str(secret_file)]
    info = worker.call("probe", (private,))
    assert "top-secret-value" not in json.dumps(info["env"])
    assert info["env"]["OMP_NUM_THREADS"] == "1" and info["env"]["OPENBLAS_NUM_THREADS"] == "1" and info["env"]["MKL_NUM_THREADS"] == "1"
    assert info["env"]["MPLBACKEND"] == "Agg"
    assert not any(p == str(KIT_ROOT) or p.startswith(str(KIT_ROOT / "autograder")) for p in info["path"])
    assert not info["cwd"].startswith(str(KIT_ROOT))
    assert info["limits"]["RLIMIT_AS"] == FAST.memory_mb * 2**20 and info["limits"]["RLIMIT_CORE"] == 0
    assert info["limits"]["RLIMIT_FSIZE"] == FAST.output_mb * 2**20 and info["limits"]["RLIMIT_CPU"] == FAST.cpu_seconds
    if worker.mode == "bwrap":
        assert info["seen"] == {p: False for p in private}
        assert info["network"] is False
    else:
        requires_sandbox(f"isolation here is {worker.mode!r}: file system hiding and network are only checked under bubblewrap")


@pytest.mark.parametrize("body, reason", [
    ("while True:\n        pass", "timeout"),
    ("import numpy as np\n    return np.ones((200000, 200000))", "memory"),
    ("while True:\n        print('spam ' * 200)", "output"),
    ("import sys\n    sys.exit(0)", "exit"),
    ("import os\n    os._exit(7)", "exit"),
    ("import os, signal\n    os.kill(os.getpid(), signal.SIGSEGV)", "crash"),
])
def test_each_failure_mode_kills_the_worker_with_a_reason(worker_factory, body, reason):
    limits = Limits(timeout=1.5 if reason == "timeout" else 20, memory_mb=1024, output_mb=1)
    worker = worker_factory(f"def f():\n    {body}\n", api=["f"], limits=limits)
    started = time.monotonic()
    with pytest.raises(WorkerDied) as info:
        worker.call("f")
    assert info.value.reason == reason, info.value.message
    assert len(info.value.message) > 40  # a sentence the student can act on
    assert time.monotonic() - started < 15
    assert not worker.alive
    with pytest.raises(WorkerDied):  # a dead worker stays dead
        worker.call("f")


def _token_processes(*tokens):
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.environ().get("AG_WORKER_TOKEN") in tokens:
                found.append(proc.pid)
        except psutil.Error:
            continue
    return found


def test_every_process_the_worker_started_is_ended(worker_factory):
    source = ("import os, subprocess, time\n"
              "def spawn():\n"
              "    subprocess.Popen(['sleep', '300'], start_new_session=True)\n"
              "    if os.fork() == 0:\n"
              "        os.setsid()\n"
              "        if os.fork() == 0:\n"
              "            time.sleep(300)\n"
              "        os._exit(0)\n"
              "    time.sleep(0.3)\n"
              "    return 1\n")
    worker = worker_factory(source, api=["spawn"])
    # A forked worker shows its pool's token (the environment it was started with), a standalone one its own.
    tokens = (worker.token, worker.pool.token) if worker.pool else (worker.token,)
    before = set(_token_processes(*tokens))  # the worker (and the pool's bwrap, init and pool process)
    assert worker.call("spawn") == 1
    assert len(set(_token_processes(*tokens)) - before) >= 2  # sleep and the double-forked child
    worker.close()
    deadline = time.monotonic() + 5
    while len(_token_processes(*tokens)) >= len(before) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = set(_token_processes(*tokens))
    if worker.pool:
        assert left < before and len(left) == len(before) - 1, "only the pool's own processes remain"
    else:
        assert left == set()
    assert worker.scratch is None


def test_basic_mode_still_limits_and_cleans_up(worker_factory):
    worker = worker_factory("def f(x):\n    return x * 2\n\ndef g():\n    while True:\n        pass\n", api=["f", "g"], mode="basic",
                            limits=Limits(timeout=1, memory_mb=1024))
    assert worker.call("f", (21,)) == 42
    with pytest.raises(WorkerDied) as info:
        worker.call("g")
    assert info.value.reason == "timeout"


def test_isolation_mode_is_bwrap_when_bubblewrap_works():
    if not Path("/usr/bin/bwrap").exists():
        requires_sandbox("bubblewrap is not installed")
    if os.environ.get("AUTOGRADER_SANDBOX") is None:
        assert isolation_mode() == "bwrap"


# --------------------------------------------------------------------------- submissions


def _notebook(cells):
    return json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": c} for c in cells],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_notebook_keeps_definitions_and_lists_what_was_left_out():
    source, notes = notebook_source(_notebook([
        "%matplotlib inline\nimport numpy as np\n!pip install foo",
        "EPS = 1e-8\nSIZES = (2, 3)\ndef f(x):\n    return x + EPS",
        "X = np.ones(3)\nprint(f(X))",
        "%%bash\necho hi",
        "def broken(:\n    pass",
    ]))
    assert "import numpy as np" in source and "def f(x)" in source and "EPS = 1e-8" in source
    assert "print(f(X))" not in source and "pip" not in source and "echo" not in source and "X = np.ones(3)" not in source
    compile(source, "deepnn.py", "exec")
    text = "\n".join(notes)
    assert "print(f(X))" in text and "X = np.ones(3)" in text and "syntax error" in text


def test_zip_is_read_safely(tmp_path):
    archive = tmp_path / "alice.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("../../evil.py", "raise SystemExit")
        z.writestr("/abs/deepnn.py", "ABSOLUTE = 1")
        z.writestr("__MACOSX/deepnn.py", "MAC = 1")
        z.writestr("work/deepnn.py", "GOOD = 1\n")
        z.writestr("work/homework.ipynb", _notebook(["NB = 1"]))
    sub = load_submission(archive)
    assert sub.student_id == "alice" and sub.error == "" and sub.source == "GOOD = 1\n"
    assert not (tmp_path / "evil.py").exists() and not (tmp_path.parent / "evil.py").exists()
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as z:
        for i in range(600):
            z.writestr(f"f{i}.txt", "x")
    assert "at most" in load_submission(many).error
    notzip = tmp_path / "bob.zip"
    notzip.write_text("not a zip")
    assert "not a valid zip" in load_submission(notzip).error


def test_folder_prefers_deepnn_and_missing_path_is_clear(tmp_path):
    folder = tmp_path / "carol"
    (folder / "sub").mkdir(parents=True)
    (folder / "helpers.py").write_text("H = 1\n")
    (folder / "sub" / "deepnn.py").write_text("D = 1\n")
    sub = load_submission(folder)
    assert sub.student_id == "carol" and sub.source == "D = 1\n"
    with pytest.raises(FileNotFoundError, match="submission not found"):
        load_submission(tmp_path / "nobody.py")
    empty = tmp_path / "dave"
    empty.mkdir()
    assert "no deepnn.py" in load_submission(empty).error


FORK_BOMB = ("import os, time\n"
             "def bomb(n):\n"
             "    made = 0\n"
             "    for _ in range(n):\n"
             "        try:\n"
             "            pid = os.fork()\n"
             "        except OSError:\n"
             "            break\n"
             "        if pid == 0:\n"
             "            time.sleep(30)\n"
             "            os._exit(0)\n"
             "        made += 1\n"
             "    return made\n")


def _cgroup_can_be_made():
    """Whether this machine lets us make a pids cgroup, found without the launcher's code (which is under test)."""
    v1, v2 = Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup")
    try:
        root = v1 if v1.is_dir() else v2 if "pids" in (v2 / "cgroup.subtree_control").read_text().split() else None
    except OSError:
        return False
    if root is None:
        return False
    probe = root / f"test-probe-{os.getpid()}"
    try:
        probe.mkdir()
    except OSError:
        return False
    probe.rmdir()
    return True


def test_a_fork_bomb_is_capped_under_bwrap(worker_factory):
    """RLIMIT_NPROC does not bind root inside bubblewrap; the worker's pids cgroup does."""
    from autograder.sandbox.cgroups import make_pids_cgroup

    if isolation_mode() != "bwrap":
        requires_sandbox(f"isolation here is {isolation_mode()!r}, not bwrap")
    if not _cgroup_can_be_made():
        requires_sandbox("no writable pids cgroup on this machine: only the time limit and the clean-up bound a fork bomb")
    probe = make_pids_cgroup("probe-" + os.urandom(4).hex(), 8)
    assert probe is not None, "a pids cgroup can be made here, but the launcher did not make one"
    probe.rmdir()
    limits = Limits(timeout=30, memory_mb=1024, output_mb=1, max_processes=16)
    worker = worker_factory(FORK_BOMB, api=["bomb"], limits=limits)
    made = worker.call("bomb", (200,))
    assert made < 16, f"the worker started {made} processes past a cap of 16"
    if worker.pool is None:
        cgroup = worker.cgroup
        worker.close()
        assert not cgroup.exists(), "the worker's cgroup is removed when it ends"
        return
    cgroup = worker.pool.cgroup  # one cgroup for the whole pool: the next student starts below the cap again
    worker.close()
    assert worker.pool.reset()
    assert int((cgroup / "pids.current").read_text()) <= 3  # bwrap, its init and the pool process
