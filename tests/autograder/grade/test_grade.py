"""The grade engine on small throwaway questions: every failure mode, attacks, hidden output, determinism, resume, CLI.

The questions here are tiny test files written into a temp dir (the engine takes the questions
folder as a parameter), so these tests stay fast and do not depend on the course's real tests.
The sample class (autograder/sample_class.py) provides the submissions.
"""

import csv
import json
import textwrap

import pytest

from autograder import KIT_ROOT
from autograder.__main__ import main as cli_main
from autograder.grade import grade_many, main as grade_main
from autograder.grade.engine import grade_submission, student_seed
from autograder.sample_class import SAMPLE_CLASS, mutant_sources, write_sample_class
from autograder.reference import api_names
from autograder.sandbox import Limits, Worker
from autograder.secret import DEMO_SECRET, resolve_secret
from tests.conftest import requires_sandbox
from tests.lms_fixtures import run_grade, tiny_questions  # noqa: F401 - tiny_questions is a fixture
from tests.question_fixtures import BACKWARD, COST, SHAPES, case, question, write_questions

QUESTIONS = {
    "qa": question("qa", case(SHAPES, "qa", 2), '''
        @test_case(points=3, hidden=True, name="qa - matches the reference")
        def hidden_reference(initialize_parameters, ref, seed):
            rng = np.random.RandomState(seed)
            dims = [int(n) for n in rng.randint(1, 5, size=3)]
            got = initialize_parameters(dims, seed=seed % 1000)
            expected = ref.initialize_parameters(dims, seed=seed % 1000)
            for key in expected:
                assert np.shape(got[key]) == expected[key].shape and np.allclose(got[key], expected[key]), f"{key} differs from the reference"
    '''),
    "qb": question("qb", case(COST, "qb", 2), case(BACKWARD, "qb", 2), '''
        @test_case(points=1, hidden=False, name="qb - update leaves its inputs unchanged")
        def public_update(update_parameters):
            p = {"W1": np.ones((1, 1)), "b1": np.zeros((1, 1))}
            g = {"dW1": np.ones((1, 1)), "db1": np.ones((1, 1))}
            new = update_parameters(p, g, 0.5)
            assert np.all(p["W1"] == 1) and np.all(p["b1"] == 0), "update_parameters changed its input: build a new dict"
            assert np.allclose(new["W1"], 0.5)

        @test_case(points=1, hidden=False, name="qb - same in a fresh process, no globals")
        def public_fresh(predict, fresh_env, submission_source):
            import ast
            assert not any(isinstance(n, ast.Global) for n in ast.walk(ast.parse(submission_source))), "do not use global statements"
            X, p = np.array([[1.0, -1.0]]), {"W1": np.ones((1, 1)), "b1": np.zeros((1, 1))}
            assert np.array_equal(predict(X, p), fresh_env()["predict"](X, p)), "predict differs in a fresh process"
    '''),
    "qc": question("qc", '''
        @test_case(points=1, hidden=False, name="qc - cost plot")
        def public_costs(plot_costs):
            d = gradecheck.as_axes_description(plot_costs([0.5, 0.25]))
            lines = [a for a in d["artists"] if a["type"] == "line"]
            assert lines and list(lines[0]["ydata"]) == [0.5, 0.25], "the cost plot's line must show the costs"

        @test_case(points=1, hidden=False, name="qc - learning rate sweep")
        def public_sweep(learning_rate_sweep):
            result = learning_rate_sweep(np.array([[0.0, 1.0]]), np.array([[0, 1]]), [0.1, 1.0], layer_dims=(1, 1), num_iterations=5)
            assert sorted(result) == [0.1, 1.0], "one final cost per learning rate"

        @test_case(points=1, hidden=False, name="qc - decision boundary")
        def public_boundary(plot_decision_boundary):
            p = {"W1": np.ones((1, 2)), "b1": np.zeros((1, 1))}
            d = gradecheck.as_axes_description(plot_decision_boundary(p, np.eye(2), np.array([[0, 1]])))
            assert d["title"], "give the plot a title"
    ''', imports="\nimport gradecheck\n"),
}
QIDS = ["qa", "qb", "qc"]
MAX = 14
LIMITS = Limits(timeout=8, memory_mb=1024, output_mb=1)
SECRET = "test-secret"


@pytest.fixture(scope="module")
def questions(tmp_path_factory):
    return write_questions(tmp_path_factory.mktemp("questions"), {qid: QUESTIONS[qid] for qid in QIDS})


@pytest.fixture(scope="module")
def fast_questions(tmp_path_factory):
    """qa and qb only (no plots: the worker never imports matplotlib), for the tests that grade many times."""
    return write_questions(tmp_path_factory.mktemp("fast_questions"), {qid: QUESTIONS[qid] for qid in ("qa", "qb")})


@pytest.fixture(scope="module")
def leaky(tmp_path_factory):
    """A submission whose error message would reveal a hidden test's inputs."""
    path = tmp_path_factory.mktemp("leaky") / "leaky.py"
    source = mutant_sources()["good_student"]
    path.write_text(source.replace("    A_prev, W, b, Z = cache\n", "    A_prev, W, b, Z = cache\n    raise ValueError('LEAK ' + repr(A_prev.tolist()))\n", 1))
    return path


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory, questions, leaky):
    root = tmp_path_factory.mktemp("class")
    skipped = {"db_wrong_shape", "tanh_sigmoid_derivative"}  # graded with the real questions in test_grade_course.py
    paths = [p for p in write_sample_class(root / "submissions") if p.stem not in skipped] + [leaky]
    out = root / "out"
    results = grade_many(paths, out, jobs=2, secret=SECRET, limits=LIMITS, questions_dir=questions, progress=False)
    return {"paths": paths, "out": out, "results": {r["extra_data"]["student"]: r for r in results}}


def failed_outputs(result):
    return {t["name"]: t["output"] for t in result["tests"] if t["status"] == "failed"}


def test_every_submission_gets_a_row(graded_class):
    with open(graded_class["out"] / "grades.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0].keys()) == ["student", "score", "max_score", "status", *QIDS, "late_penalty"]
    assert [r["student"] for r in rows] == [p.stem for p in graded_class["paths"]]
    assert len(rows) == len(SAMPLE_CLASS) - 2 + 1
    for row in rows:
        assert (graded_class["out"] / "results" / f"{row['student']}.json").is_file()
        assert (graded_class["out"] / "feedback" / f"{row['student']}.md").is_file()
        assert row["late_penalty"] == "0"
        assert float(row["score"]) == pytest.approx(sum(float(row[q]) for q in QIDS))


def test_a_missing_function_is_named(graded_class):
    failed = failed_outputs(graded_class["results"]["missing_function"])
    assert "`predict` is not defined in your deepnn.py" in failed["qb - same in a fresh process, no globals"]
    # the student's own plot function calls the missing predict: its error says so
    assert "NameError" in failed["qc - decision boundary"] and "predict" in failed["qc - decision boundary"]


def test_reference_full_marks_and_starter_zero_with_not_implemented(graded_class):
    results = graded_class["results"]
    good = results["good_student"]
    assert good["score"] == MAX and good["extra_data"]["status"] == "ok"
    starter = results["untouched_starter"]
    assert starter["score"] == 0 and starter["extra_data"]["status"] == "ok"
    for name, output in failed_outputs(starter).items():
        assert "is not implemented yet" in output, (name, output)
    for nb in ("notebook_student", "zipped_student"):
        assert results[nb]["score"] == MAX, failed_outputs(results[nb])
    notes = "\n".join(results["notebook_student"]["extra_data"]["notes"])
    assert "load_lecture_data()" in notes and "num_iterations=10**9" in notes


@pytest.mark.parametrize("student, status, failing, words", [
    ("syntax_error", "error", "all", ["SyntaxError", "line 9"]),
    ("import_error", "error", "all", ["NameError", "Top-level code"]),
    ("missing_function", "ok", ["qb - same in a fresh process, no globals", "qc - decision boundary"], ["predict"]),
    ("calls_sys_exit", "error", ["qb - cost", "qc - learning rate sweep"], ["sys.exit()"]),
    ("calls_os_exit", "error", ["qb - same in a fresh process, no globals", "qc - decision boundary"], ["ended the Python process"]),
    ("infinite_loop", "timeout", ["qc - learning rate sweep"], ["time limit"]),
    ("memory_hog", "memory", ["qb - same in a fresh process, no globals", "qc - decision boundary"], ["out of memory"]),
    ("output_flood", "error", ["qc - decision boundary"], ["output"]),
    ("crashes_worker", "error", ["qb - backward matches the reference", "qc - learning rate sweep"], ["crashed (SIGSEGV)"]),
    ("dw_not_divided_by_m", "ok", ["qb - backward matches the reference"], ["dW differs"]),
    ("params_in_place", "ok", ["qb - update leaves its inputs unchanged"], ["changed its input"]),
])
def test_each_failure_mode_costs_only_the_affected_tests(graded_class, student, status, failing, words):
    result = graded_class["results"][student]
    assert result["extra_data"]["status"] == status
    failed = failed_outputs(result)
    expected = {t["name"] for t in result["tests"]} if failing == "all" else set(failing)
    assert set(failed) == expected, failed
    for output in failed.values():
        for word in words:
            assert word in output, output
    assert result["score"] == MAX - sum(t["max_score"] for t in result["tests"] if t["name"] in expected)


def test_attacks_never_score_more_than_the_same_wrong_code(graded_class):
    results = graded_class["results"]
    wrong = results["dw_not_divided_by_m"]["score"]
    assert wrong < MAX
    attacks = {sid: expected["at_most"] for sid, (_, expected) in SAMPLE_CLASS.items() if "at_most" in expected}
    assert set(attacks) == {"attack_patch_numpy", "attack_find_reference"} and set(attacks.values()) == {"dw_not_divided_by_m"}
    for attack in attacks:
        assert results[attack]["score"] <= wrong, failed_outputs(results[attack])
        # graded normally, not merely crashed to 0: the attack ran and won nothing
        assert results[attack]["extra_data"]["status"] == "ok" and results[attack]["score"] > 0, failed_outputs(results[attack])


def test_the_reference_search_finds_nothing_in_the_sandbox():
    worker = Worker(mutant_sources()["attack_find_reference"], api=api_names() + ["loot"], limits=Limits(timeout=60)).start()
    try:
        loot = worker.call("loot")
    finally:
        worker.close()
    if worker.mode != "bwrap":
        requires_sandbox(f"isolation here is {worker.mode!r}: the disk search is only hidden under bubblewrap")
    assert [item for item in loot if not item.startswith("error:")] == []


def test_hidden_cases_never_show_inputs_or_the_students_message(graded_class):
    result = graded_class["results"]["leaky"]
    hidden = [t for t in result["tests"] if t["visibility"] != "visible"]
    assert hidden and all(t["visibility"] == "after_published" for t in hidden)
    backward = next(t for t in hidden if t["name"] == "qb - backward matches the reference")
    assert backward["status"] == "failed" and "ValueError" in backward["output"] and "LEAK" not in backward["output"]
    feedback = (graded_class["out"] / "feedback" / "leaky.md").read_text()
    section = feedback.split("### `qb - backward matches the reference` (hidden test), calls `layer_backward`")[1].split("###")[0]
    assert "ValueError" in section and "LEAK" not in section
    # a public case shows the student's own message (its inputs are public)
    assert "LEAK" in failed_outputs(result)["qc - learning rate sweep"]


def _normalised(out):
    results = {}
    for path in sorted((out / "results").glob("*.json")):
        data = json.loads(path.read_text())
        data.pop("execution_time")
        data["extra_data"].pop("peak_worker_rss_kb", None)
        data["extra_data"].pop("cpu_s", None)
        results[path.name] = data
    feedback = {p.name: p.read_text() for p in sorted((out / "feedback").glob("*.md"))}
    return (out / "grades.csv").read_text(), results, feedback


def test_grading_twice_gives_identical_results_and_resume_skips(tmp_path, fast_questions, capsys):
    questions = fast_questions
    names = ["good_student", "untouched_starter", "dw_not_divided_by_m", "syntax_error", "notebook_student"]
    all_paths = {p.stem: p for p in write_sample_class(tmp_path / "subs")}
    paths = [all_paths[n] for n in names]
    first = grade_many(paths, tmp_path / "a", secret=SECRET, limits=LIMITS, questions_dir=questions, progress=False)
    second = grade_many(paths, tmp_path / "b", jobs=2, secret=SECRET, limits=LIMITS, questions_dir=questions, progress=False)
    assert [r["score"] for r in first] == [r["score"] for r in second]
    assert _normalised(tmp_path / "a") == _normalised(tmp_path / "b")
    # resume: nothing changed, nothing regraded
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "a" / "results").glob("*.json")}
    grade_many(paths, tmp_path / "a", secret=SECRET, limits=LIMITS, questions_dir=questions)
    err = capsys.readouterr().err
    assert f"{len(names)} unchanged submissions kept; --force grades them again" in err and err.count("unchanged") == 1
    assert before == {p.name: p.stat().st_mtime_ns for p in (tmp_path / "a" / "results").glob("*.json")}
    # a changed submission (and only it) is graded again
    all_paths["dw_not_divided_by_m"].write_text(mutant_sources()["good_student"])
    redone = grade_many(paths, tmp_path / "a", secret=SECRET, limits=LIMITS, questions_dir=questions)
    assert f"{len(names) - 1} unchanged submissions kept" in capsys.readouterr().err
    assert redone[2]["score"] == redone[0]["score"] > redone[1]["score"]
    # another secret means other hidden inputs: everything is graded again
    grade_many(paths[:1], tmp_path / "a", secret="other", limits=LIMITS, questions_dir=questions)
    assert "unchanged" not in capsys.readouterr().err


def test_seed_is_per_student_and_per_secret():
    a = student_seed("s1", "alice")
    assert a == student_seed("s1", "alice") and 0 <= a < 2**31
    assert len({a, student_seed("s1", "bob"), student_seed("s2", "alice")}) == 3


def test_secret_resolution(monkeypatch, tmp_path):
    monkeypatch.delenv("AUTOGRADER_SECRET", raising=False)
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text("from-file\n")
    assert resolve_secret(secret_file) == ("from-file", "file")
    monkeypatch.setenv("AUTOGRADER_SECRET", "from-env")
    assert resolve_secret(secret_file) == ("from-env", "env")
    monkeypatch.delenv("AUTOGRADER_SECRET")
    if not (KIT_ROOT / "autograder" / "secret.txt").exists():
        assert resolve_secret() == (DEMO_SECRET, "demo")


def test_cli_errors_say_what_to_fix(tmp_path, capsys):
    code = grade_main(submissions=[str(tmp_path / "missing.py")], out=str(tmp_path / "out"))
    assert code == 2 and "submission not found" in capsys.readouterr().err
    code = grade_main(submissions=[str(tmp_path)], out=str(tmp_path / "out"), secret_file=str(tmp_path / "nope.txt"))
    assert code == 2 and "cannot read the secret file" in capsys.readouterr().err
    (tmp_path / "a.py").write_text("X = 1\n")
    (tmp_path / "a.zip").write_bytes(b"")
    code = grade_main(submissions=[str(tmp_path / "a.py"), str(tmp_path / "a.zip")], out=str(tmp_path / "out"))
    assert code == 2 and "same student id 'a'" in capsys.readouterr().err
    code = grade_main(submissions=[str(tmp_path / "a.py")], out=str(tmp_path / "out"), timeout=-1)
    assert code == 2 and "--timeout" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        cli_main(["grade", "x.py", "--out", "o", "--bogus"])
    assert info.value.code == 2 and "--bogus" in capsys.readouterr().err
    assert cli_main(["grade", str(tmp_path / "a.py")]) == 2  # no --out: one line saying what to give, no usage dump
    assert capsys.readouterr().err.splitlines() == ["error: give --out DIR, the folder for grades.csv, results/ and feedback/ (e.g. --out class/)"]


def test_late_policy_hook_fills_the_late_penalty_column(tmp_path, fast_questions):
    questions, top = fast_questions, 11
    from autograder import config, late

    policy = config.load().late
    subs = {p.stem: p for p in write_sample_class(tmp_path / "subs")}
    when = (policy.due + late.timedelta(days=2, hours=1)).isoformat()
    result = grade_submission(subs["good_student"], secret=SECRET, limits=LIMITS, questions_dir=questions, submitted_at=when)
    expected = late.penalty(when, max_score=top, score=top)
    assert expected.points > 0
    assert result["extra_data"]["late_penalty"] == expected.points
    assert result["score"] == pytest.approx(top - expected.points)
    assert expected.message in result["output"]


def test_weaker_isolation_is_stated_in_every_result(tmp_path, fast_questions):
    subs = {p.stem: p for p in write_sample_class(tmp_path / "subs")}
    result = grade_submission(subs["good_student"], secret=SECRET, limits=LIMITS, questions_dir=fast_questions, mode="basic")
    assert result["score"] == 11 and result["extra_data"]["isolation"] == "basic"
    assert "Weak isolation" in result["output"]
    write_many = grade_many([subs["good_student"]], tmp_path / "out", secret=SECRET, limits=LIMITS, questions_dir=fast_questions,
                            progress=False, mode="basic")
    assert write_many[0]["extra_data"]["isolation"] == "basic"
    assert "Weak isolation" in (tmp_path / "out" / "feedback" / "good_student.md").read_text()


def test_loading_the_tests_skips_otters_api_until_it_is_used():
    """A cold grading (one per submission on Gradescope) imports only otter.test_files, yet `otter` stays whole."""
    import subprocess
    import sys

    code = textwrap.dedent('''
        import json, sys
        from autograder.grade.engine import load_tests
        tests = load_tests()
        heavy = sorted(m for m in ("nbconvert", "pandas", "otter.api") if m in sys.modules)
        import otter
        from otter.test_files import test_case
        print(json.dumps({"tests": len(tests), "heavy": heavy, "version": otter.__version__,
                          "notebook": callable(otter.Notebook), "decorator": callable(test_case)}))
    ''')
    done = subprocess.run([sys.executable, "-c", code], cwd=KIT_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found == {"tests": 13, "heavy": [], "version": "7.0.0", "notebook": True, "decorator": True}


def test_resume_keeps_late_graded_work_and_regrades_when_its_time_changes(tmp_path, fast_questions, capsys):
    from autograder import config, late

    policy = config.load().late
    subs = {p.stem: p for p in write_sample_class(tmp_path / "subs")}
    paths = [subs["good_student"], subs["untouched_starter"]]
    kwargs = dict(secret=SECRET, limits=LIMITS, questions_dir=fast_questions)
    times = {"good_student": policy.due + late.timedelta(days=1, hours=1)}
    first = grade_many(paths, tmp_path / "out", times=times, progress=False, **kwargs)
    assert first[0]["extra_data"]["late_penalty"] > 0
    grade_many(paths, tmp_path / "out", times=times, **kwargs)
    assert "2 unchanged submissions kept" in capsys.readouterr().err  # a time, unchanged, is no reason to grade again
    moved = {"good_student": policy.due - late.timedelta(hours=1)}
    again = grade_many(paths, tmp_path / "out", times=moved, **kwargs)
    assert "1 unchanged submission kept; --force grades it again" in capsys.readouterr().err
    assert again[0]["extra_data"]["late_penalty"] == 0


def test_times_for_students_not_graded_and_students_without_a_time_are_named(tmp_path, fast_questions, capsys, monkeypatch):
    subs = {p.stem: p for p in write_sample_class(tmp_path / "subs")}
    times = tmp_path / "times.csv"
    times.write_text("student,submitted_at\ngood_studnet,2026-01-01T10:00:00+00:00\n")
    monkeypatch.setattr("autograder.grade.command.grade_many", lambda *a, **k: [])  # only the checks before grading matter here
    code = grade_main(submissions=[str(subs["good_student"])], out=str(tmp_path / "out"), times=str(times))
    err = capsys.readouterr().err
    assert code == 0
    assert "times for students not graded here: good_studnet" in err and "no submission time in" in err and "good_student" in err


def test_an_out_of_the_wrong_kind_is_refused_with_what_to_give(tmp_path, capsys):
    """--out a folder where a file is written, or a file where a folder is: a sentence, not a traceback."""
    from autograder.export import main as export_main
    from autograder.release import main as release_main
    from autograder.written import main as written_main

    folder, file = tmp_path / "folder", tmp_path / "file.txt"
    folder.mkdir()
    file.write_text("x")
    (tmp_path / "grades.csv").write_text("student,score,max_score,status\nada,1,2,ok\n")
    (tmp_path / "roster.csv").write_text("Student,ID,SIS User ID,SIS Login ID,Section\nAda,1,ada,ada,A\n")
    assert export_main(grades=str(tmp_path / "grades.csv"), roster=str(tmp_path / "roster.csv"), out=str(folder)) != 0
    assert f"--out {folder} is a folder: give the file to write (e.g. {folder / 'canvas.csv'})" in capsys.readouterr().err
    assert release_main(out=str(file)) != 0
    assert f"--out {file} is a file: give a folder to write into" in capsys.readouterr().err
    assert written_main(submissions=[str(file)], out=str(file)) != 0
    assert f"--out {file} is a file: give a folder to write into" in capsys.readouterr().err


def test_a_points_or_size_option_that_is_not_positive_is_refused(tmp_path, capsys):
    from autograder.package import main as package_main
    from autograder.written import main as written_main

    assert written_main(submissions=[str(tmp_path)], out=str(tmp_path / "w"), points=-3) != 0
    assert "--points must be a positive number" in capsys.readouterr().err
    assert package_main(path=str(tmp_path), max_file_mb=-1) == 2  # bad input (autograder/exitcodes.py)
    assert "--max-file-mb must be a positive number of megabytes, got -1" in capsys.readouterr().err


def _grades_rows(out):
    with open(out / "grades.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def test_regrading_a_few_students_into_the_same_out_keeps_everyone_and_their_written_scores(tmp_path, tiny_questions, capsys):
    from autograder import config, late

    subs = tmp_path / "subs"
    subs.mkdir()
    names = ["untouched_starter", "good_student", "dw_not_divided_by_m"]
    for name in names:
        (subs / f"{name}.py").write_text(mutant_sources()[name])
    out = tmp_path / "class"
    due = config.load().late.due
    times = tmp_path / "times.csv"
    times.write_text(f"student,submitted_at\ngood_student,{(due + late.timedelta(hours=30)).isoformat()}\n"
                     + "".join(f"{n},{due.isoformat()}\n" for n in names if n != "good_student"))
    sheet = tmp_path / "scores.csv"
    sheet.write_text("student,written_ex1,comments\nPoints Possible,5,\n" + "".join(f"{n},{i + 2},nice {i}\n" for i, n in enumerate(names)))
    assert run_grade(*[subs / f"{n}.py" for n in names], "--out", out, "--times", times, "--manual", sheet) == 0
    printed = capsys.readouterr().out
    rows = {r["student"]: r for r in _grades_rows(out)}
    good = rows["good_student"]
    assert good["written_ex1"] == "3" and float(good["late_penalty"]) > 0
    penalty = float(good["late_penalty"])
    # the table shows the merged totals (grades.csv's) and the late penalty
    table = {line.split()[0]: line.split(None, 1)[1] for line in printed.splitlines()}
    assert table["good_student"].startswith(f"{good['score']}/{good['max_score']} (late: -{penalty:g})  ")
    assert table["untouched_starter"].startswith(f"{rows['untouched_starter']['score']}/{rows['untouched_starter']['max_score']}  ")
    before, feedback_before = _grades_rows(out), (out / "feedback" / "good_student.md").read_text()
    # regrade two of them (the others are not given): everyone stays, in the same order, written scores kept
    assert run_grade(subs / "dw_not_divided_by_m.py", subs / "good_student.py", "--out", out, "--times", times, "--force") == 0
    err = capsys.readouterr().err
    assert "grades.csv also lists 1 student graded earlier into this folder (not given now)" in err
    assert "no submission time" not in err and "not graded here" not in err  # the times of the class graded before
    assert _grades_rows(out) == before
    feedback = (out / "feedback" / "good_student.md").read_text()
    assert "## Written answers (graded by hand)" in feedback and "- ex1: 3 / 5" in feedback and "nice 1" in feedback
    assert f"**Score: {good['score']} / {good['max_score']}**" in feedback
    assert feedback == feedback_before  # merged then regraded reads as merged
    result = json.loads((out / "results" / "good_student.json").read_text())
    assert f"Score: {good['score']} / {good['max_score']}" in result["output"].splitlines() and result["extra_data"]["manual"]["comment"] == "nice 1"
    assert f"of the autograded maximum ({float(good['max_score']) - 5:g} points; policy:" in feedback
    # a new student is added after the earlier ones; a later --manual checks the sheet against all of them
    (subs / "late_joiner.py").write_text(mutant_sources()["good_student"])
    assert run_grade(subs / "late_joiner.py", "--out", out) == 0
    assert [r["student"] for r in _grades_rows(out)] == names + ["late_joiner"]
    assert "grades.csv also lists 3 students graded earlier" in capsys.readouterr().err


def test_a_bad_manual_sheet_is_refused_before_any_grading(tmp_path, tiny_questions, capsys):
    (tmp_path / "good_student.py").write_text(mutant_sources()["good_student"])
    out = tmp_path / "class"
    sheets = {
        "student,written_ex1\nPoints Possible,5\ngood_student,lots\n": "'lots' is not a number",
        "student,written_ex1\nPoints Possible,5\ngood_student,\n": "1 score is not filled in (good_student/written_ex1)",
        "student,ex1\nPoints Possible,5\ngood_student,2\n": "are not score columns",
        "student,written_ex1\nPoints Possible,5\nada,2\n": "graded but not in the sheet: good_student",
    }
    for text, fix in sheets.items():
        (tmp_path / "s.csv").write_text(text)
        assert run_grade(tmp_path / "good_student.py", "--out", out, "--manual", tmp_path / "s.csv") == 2
        err = capsys.readouterr().err
        assert f"--manual: " in err and fix in err, err
        assert not (out / "results").exists()  # refused before grading


def test_the_demo_secret_is_told_to_the_instructor_not_in_what_the_student_reads(tmp_path, fast_questions):
    from autograder.result.feedback import feedback_markdown

    subs = {p.stem: p for p in write_sample_class(tmp_path / "subs")}
    result = grade_submission(subs["dw_not_divided_by_m"], secret=DEMO_SECRET, secret_source="demo", limits=LIMITS,
                              questions_dir=fast_questions)
    assert result["extra_data"]["demo_secret"] is True  # the instructor's report can show it
    assert "demo secret" not in result["output"] and "AUTOGRADER_SECRET" not in result["output"]
    text = feedback_markdown(result, ["qa", "qb"])
    assert "demo secret" not in text and "AUTOGRADER_SECRET" not in text
    start = text.split("### Start here", 1)[1].split("\n### ", 1)[0]
    assert "Fix `qb` first" in start and "- `layer_backward` (`qb`): 1 test\n" in start  # dW is layer_backward's (qb's hidden case)
