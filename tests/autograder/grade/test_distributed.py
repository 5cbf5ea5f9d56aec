"""grade --scheduler: a Dask cluster grades exactly as --jobs does, survives a killed worker, resumes, refuses a bad address.

A LocalCluster of two worker processes (one thread each) stands for the instructor's cluster;
the questions are test_grade.py's two fast ones and the submissions a handful of the sample class.
"""

import json
import os
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path

import pytest

from autograder.__main__ import main as cli_main
from autograder.grade import distributed, grade_many
from autograder.sample_class import mutant_sources, write_sample_class
from tests.autograder.grade.test_grade import LIMITS, SECRET, _normalised, fast_questions  # noqa: F401 - a fixture

distributed_lib = pytest.importorskip("distributed")

REAL_GRADE_PACKET, REAL_PACK = distributed.grade_packet, distributed.pack
NAMES = ["good_student", "untouched_starter", "dw_not_divided_by_m", "syntax_error", "zipped_student"]


@pytest.fixture(scope="module")
def cluster():
    with distributed_lib.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as local:
        yield local


@pytest.fixture(scope="module")
def submissions(tmp_path_factory):
    """Five sample submissions (a .py, a notebook-free zip, a syntax error) and one folder upload."""
    root = tmp_path_factory.mktemp("subs")
    every = {p.stem: p for p in write_sample_class(root / "class")}
    paths = [every[name] for name in NAMES]
    folder = root / "folder_student"
    folder.mkdir()
    (folder / "deepnn.py").write_text(mutant_sources()["params_in_place"])
    (folder / "notes.txt").write_text("my notes")
    return paths + [folder]


@pytest.fixture(scope="module")
def by_jobs(tmp_path_factory, submissions, fast_questions):
    out = tmp_path_factory.mktemp("jobs2")
    grade_many(submissions, out, jobs=2, secret=SECRET, limits=LIMITS, questions_dir=fast_questions, progress=False)
    return out


def _executing(dask_worker):
    """Run on each worker by ``Client.run``: the keys of the grading tasks executing there now."""
    return [key for key, task in dask_worker.state.tasks.items() if task.state == "executing" and str(key).startswith("grade-")]


def _grade_on(cluster, paths, out, questions, **kwargs):
    return grade_many(paths, out, secret=SECRET, limits=LIMITS, questions_dir=questions, progress=False,
                      scheduler=cluster.scheduler_address, **kwargs)


def test_the_cluster_gives_what_jobs_2_gives_and_resume_sends_only_what_changed(tmp_path, cluster, submissions, by_jobs,
                                                                                 fast_questions, monkeypatch):
    (tmp_path / "subs").mkdir()
    paths = [Path(shutil.copytree(p, tmp_path / "subs" / p.name) if p.is_dir() else shutil.copy(p, tmp_path / "subs")) for p in submissions]
    out = tmp_path / "out"
    results = _grade_on(cluster, paths, out, fast_questions)
    assert [r["extra_data"]["student"] for r in results] == [p.stem if p.is_file() else p.name for p in submissions]
    assert _normalised(out) == _normalised(by_jobs)  # grades.csv, every results.json and feedback, byte for byte
    assert {r["extra_data"]["status"] for r in results} == {"ok", "error"}  # real grading, not error rows

    sent = []
    real_pack = distributed.pack
    monkeypatch.setattr(distributed, "pack", lambda path, shared_fs=False: sent.append(os.path.basename(path)) or real_pack(path, shared_fs))
    before = {p.name: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")}
    _grade_on(cluster, paths, out, fast_questions)
    assert sent == []  # nothing unchanged travels to the cluster
    assert before == {p.name: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")}

    changed = next(p for p in paths if p.name == "untouched_starter.py")
    changed.write_text(mutant_sources()["good_student"])
    (paths[-1] / "deepnn.py").write_text(mutant_sources()["good_student"])  # the folder upload changes too
    again = _grade_on(cluster, paths, out, fast_questions)
    assert sorted(sent) == ["folder_student", "untouched_starter.py"]
    scores = {r["extra_data"]["student"]: r["score"] for r in again}
    assert scores["untouched_starter"] == scores["folder_student"] == scores["good_student"] > 0


def test_a_worker_killed_mid_batch_loses_no_row_and_changes_no_grade(tmp_path, cluster, submissions, by_jobs, fast_questions):
    out, outcome = tmp_path / "out", {}

    def batch():
        try:
            outcome["results"] = _grade_on(cluster, submissions, out, fast_questions)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            outcome["error"] = error

    with distributed_lib.Client(cluster.scheduler_address, set_as_default=False) as watcher:
        thread = threading.Thread(target=batch)
        thread.start()
        killed = key = None
        deadline = time.monotonic() + 120
        while killed is None and thread.is_alive() and time.monotonic() < deadline:
            running = {w: keys for w, keys in watcher.run(_executing).items() if keys}
            if running:
                worker, (key, *_) = next(iter(running.items()))
                killed = watcher.run(os.getpid, workers=[worker])[worker]
                os.kill(killed, signal.SIGKILL)  # no goodbye: the scheduler finds out the worker is gone
            time.sleep(0.05)
        thread.join(600)
        assert killed is not None, "no grading task was seen running on a worker"
        assert killed not in watcher.run(os.getpid).values()
    story = [(t.start, t.finish, t.stimulus_id.split("-1")[0]) for t in cluster.scheduler.story(key)]
    lost = story.index(("processing", "released", "handle-worker-cleanup"))  # the task was lost with its worker ...
    assert ("processing", "memory") in [t[:2] for t in story[lost:]]  # ... and ran again to the end
    assert "error" not in outcome, outcome.get("error")
    assert (out / "grades.csv").read_text() == (by_jobs / "grades.csv").read_text()
    assert _normalised(out) == _normalised(by_jobs)


def _fails_for_bob(packet, options):
    """A grading task that raises on every worker for the students named bob_* (each attempt counted in a file)."""
    if options["student_id"].startswith("bob_"):
        with open(Path(tempfile.gettempdir()) / f"{options['student_id']}.attempts", "a") as attempts:
            attempts.write(f"attempt, isolation mode sent: {options.get('mode')}\n")
        raise RuntimeError("this node's disk is full")
    return distributed.grade_packet(packet, options)


def test_a_task_that_keeps_failing_is_retried_then_gives_an_error_row(tmp_path, cluster, fast_questions, monkeypatch):
    bob = f"bob_{os.getpid()}_{time.monotonic_ns()}"
    paths = [tmp_path / "alice.py", tmp_path / f"{bob}.py"]
    for path in paths:
        path.write_text(mutant_sources()["good_student"])
    monkeypatch.setattr(distributed, "grade_packet", _fails_for_bob)
    results = _grade_on(cluster, paths, tmp_path / "out", fast_questions)
    attempts = Path(tempfile.gettempdir()) / f"{bob}.attempts"
    try:
        text = attempts.read_text()
        assert text.count("attempt") == 1 + distributed.RETRIES  # Dask ran it again, RETRIES times
        assert text.count("isolation mode sent: None") == text.count("attempt")  # the worker probes its own
    finally:
        attempts.unlink(missing_ok=True)
    alice, row = results
    assert alice["extra_data"]["status"] == "ok" and alice["score"] > 0  # the batch went on
    assert row["extra_data"]["student"] == bob and row["extra_data"]["status"] == "error" and row["score"] == 0
    assert row["output"] == "Grading failed: the cluster could not grade it (RuntimeError: this node's disk is full)"
    grades = (tmp_path / "out" / "grades.csv").read_text()
    assert grades.count("\n") == 3 and f"\n{bob},0," in grades  # a row for every student, bob's included
    # the next run grades bob again (the cluster failed, not bob) and keeps alice's result
    monkeypatch.setattr(distributed, "grade_packet", REAL_GRADE_PACKET)
    sent = []
    monkeypatch.setattr(distributed, "pack", lambda path, shared_fs=False: sent.append(path) or REAL_PACK(path, shared_fs))
    alice_again, bob_again = _grade_on(cluster, paths, tmp_path / "out", fast_questions)
    assert sent == [str(paths[1])] and alice_again == alice
    assert bob_again["extra_data"]["status"] == "ok" and bob_again["score"] == alice["score"]


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:9", "not a scheduler address"])
def test_a_bad_scheduler_address_is_one_sentence_and_exit_status_2(tmp_path, address, capsys, monkeypatch):
    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", 2)
    submission = write_sample_class(tmp_path / "class")[0]
    code = cli_main(["grade", str(submission), "--out", str(tmp_path / "out"), "--scheduler", address])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith(f"error: --scheduler: cannot reach a Dask scheduler at {address!r}"), err
    assert "give its address" in err[0] and "Traceback" not in err[0]
    assert not (tmp_path / "out" / "grades.csv").exists()


def test_a_folder_travels_as_its_regular_files_never_a_link_or_a_path(tmp_path):
    secret = tmp_path / "instructor_only.txt"
    secret.write_text("the answers")
    folder = tmp_path / "alice"
    (folder / "sub").mkdir(parents=True)
    (folder / "deepnn.py").write_text("x = 1\n")
    (folder / "sub" / "helper.py").write_text("y = 2\n")
    (folder / "answers.txt").symlink_to(secret)
    packet = distributed.pack(folder)
    assert packet == {"kind": "folder", "name": "alice", "files": {"deepnn.py": b"x = 1\n", "sub/helper.py": b"y = 2\n"}}
    assert str(tmp_path) not in repr(packet)  # no path the worker would have to share
    (tmp_path / "worker").mkdir()
    rebuilt = distributed.unpack(packet, tmp_path / "worker")
    assert (rebuilt / "sub" / "helper.py").read_text() == "y = 2\n" and not (rebuilt / "answers.txt").exists()
    assert distributed.pack(folder, shared_fs=True) == {"kind": "shared", "path": str(folder)}


def test_a_worker_writes_nothing_outside_its_temporary_folder(tmp_path):
    for name in ("../escape.py", "/etc/escape.py", "a/../../escape.py"):
        (tmp_path / name.replace("/", "_")).mkdir()
        with pytest.raises(ValueError, match="not a relative name"):
            distributed.unpack({"kind": "folder", "name": "bob", "files": {name: b"x"}}, tmp_path / name.replace("/", "_"))
    target = distributed.unpack({"kind": "file", "name": "../../carol.py", "data": b"z = 3\n"}, tmp_path)
    assert target == tmp_path / "carol.py" and target.read_bytes() == b"z = 3\n"
    assert not (tmp_path.parent / "escape.py").exists()


def test_a_submission_the_intake_refuses_is_graded_here_unread_and_the_batch_goes_on(tmp_path, cluster, fast_questions):
    fifo = tmp_path / "eve.py"
    os.mkfifo(fifo)  # reading it would block: it is never opened
    (tmp_path / "frank.py").write_text(mutant_sources()["good_student"])
    eve, frank = _grade_on(cluster, [fifo, tmp_path / "frank.py"], tmp_path / "out", fast_questions)
    assert eve["score"] == 0 and "is not a regular file" in eve["extra_data"]["load_error"]
    assert frank["extra_data"]["status"] == "ok" and frank["score"] > 0


def test_a_worker_with_other_tests_gives_an_error_row_not_a_wrong_grade(tmp_path, fast_questions):
    options = {"secret": SECRET, "limits": LIMITS, "questions_dir": fast_questions, "question_ids_": ["qa", "qb"],
               "tests_digest": "the grading machine's tests hash", "student_id": "dave"}
    reply = json.loads(distributed.grade_packet({"kind": "file", "name": "dave.py", "data": b"x = 1\n"}, options))
    assert "install the same version of the kit on every worker" in reply["__failed__"]


def test_only_a_results_dict_in_json_comes_back():
    assert distributed.decode_result('{"score": 1, "extra_data": {"student": "a"}}')["score"] == 1
    for reply in (b"\x80\x04K\x01.", "[1, 2]", '{"score": 1}', 42, None):
        assert "not a results.json dict" in distributed.decode_result(reply)["__failed__"]
