"""The grade engine with the course's real test files (autograder/questions): the acceptance criteria of the grader.

* the reference scores 100 with status ok;
* the untouched starter scores 0, each failing test saying which function is not implemented yet;
* a realistic mistake gets partial credit with a hint, and the same mistake with an attack
  on numpy's comparison functions scores no more.
"""

import csv
import re

import pytest

from autograder.grade import grade_many
from autograder.grade.engine import question_ids
from autograder.sample_class import write_sample_class
from autograder.reference import api_names

QIDS = question_ids()
pytestmark = pytest.mark.slow
STUDENTS = ["good_student", "untouched_starter", "dw_not_divided_by_m", "attack_patch_numpy"]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    paths = [p for p in write_sample_class(root / "submissions") if p.stem in STUDENTS]
    results = grade_many(paths, root / "out", jobs=2, secret="course-test-secret", progress=False)
    with open(root / "out" / "grades.csv", newline="") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    return {r["extra_data"]["student"]: r for r in results}, rows


def test_reference_scores_100_with_status_ok(graded):
    results, rows = graded
    good = results["good_student"]
    failed = {t["name"]: t["output"] for t in good["tests"] if t["status"] != "passed"}
    assert failed == {}
    assert good["score"] == good["extra_data"]["max_score"] == 100
    assert rows["good_student"]["score"] == "100" and rows["good_student"]["status"] == "ok"
    assert list(rows["good_student"])[4:-1] == QIDS


def test_starter_scores_0_saying_what_is_not_implemented(graded):
    results, rows = graded
    starter = results["untouched_starter"]
    assert starter["score"] == 0 and rows["untouched_starter"]["status"] == "ok"
    named = set()
    for test in starter["tests"]:
        found = re.findall(r"`(\w+)` is not implemented yet", test["output"])
        assert found, (test["name"], test["output"])
        named.update(found)
    api = set(api_names())
    assert named <= api
    # backward functions are reached only through the forward ones, which fail first
    assert len(named) >= len(api) - 3


def test_a_realistic_mistake_gets_partial_credit_with_a_hint_and_an_attack_does_not_help(graded):
    results, _ = graded
    wrong = results["dw_not_divided_by_m"]
    assert 0 < wrong["score"] < 100
    outputs = " ".join(t["output"] for t in wrong["tests"] if t["status"] == "failed")
    assert "divide by m" in outputs
    attack = results["attack_patch_numpy"]
    assert attack["score"] <= wrong["score"]
    assert attack["extra_data"]["status"] == "ok" and attack["score"] > 0  # it ran, and its patch won nothing


def test_check_command_gives_public_feedback_in_the_terminal(tmp_path, capsys):
    from autograder.check import main as check_main

    paths = {p.stem: p for p in write_sample_class(tmp_path / "subs")}
    assert check_main(path=str(paths["good_student"]), question=["q1_init", "q3_cost"]) == 0
    out = capsys.readouterr().out
    assert "PASS q1_init" in out and "PASS q3_cost" in out and "hidden" not in out.split("Public tests:")[0].lower()
    assert check_main(path=str(paths["untouched_starter"]), question=["q1_init"]) == 1
    out = capsys.readouterr().out
    assert "FAIL q1_init" in out and "`initialize_parameters` is not implemented yet" in out
    assert check_main(path=str(tmp_path / "missing.py")) == 2
    assert "does not exist" in capsys.readouterr().err
    assert check_main(path=str(paths["good_student"]), question=["q99"]) == 2
    assert "unknown question" in capsys.readouterr().err


def test_secure_grading_names_the_unfinished_helper_not_its_caller(tmp_path):
    """Graded in the sandbox too: a finished train that calls a stubbed update_parameters."""
    from autograder import SOLUTIONS_DIR
    from autograder.grade.engine import grade_submission

    source = (SOLUTIONS_DIR / "deepnn.py").read_text() + (
        '\n\ndef update_parameters(parameters, grads, learning_rate):\n'
        '    raise NotImplementedError("update_parameters is not implemented yet: write its body in deepnn.py (see its docstring)")\n')
    path = tmp_path / "no_update.py"
    path.write_text(source)
    result = grade_submission(path, secret="course-test-secret")
    q6 = [t["output"] for t in result["tests"] if t["extra_data"]["question"] == "q6_train"]
    assert q6 and all("`update_parameters` (called by `train`) is not implemented yet: write its body in deepnn.py" in o
                      for o in q6), q6


def test_check_refuses_a_timeout_that_is_not_positive(tmp_path, capsys):
    from autograder.check import main as check_main

    path = tmp_path / "deepnn.py"
    path.write_text("X = 1\n")
    for bad in (-1, 0):
        assert check_main(path=str(path), timeout=bad) == 2
        assert "--timeout must be a positive number of seconds" in capsys.readouterr().err
