"""The rules model reads every fact from its one source: assignment.toml and the test files."""

import textwrap

import pytest

from autograder import rules
from autograder.config import load, read
from autograder.questions import QUESTION_IDS
from tests.config_fixtures import assignment_toml

TEST_FILE = textwrap.dedent('''\
    """qx_demo: a demo question.

    More words.
    """
    from otter.test_files import test_case

    name = "qx_demo"
    #: The cost must end below {value}.
    MAX_COST = 0.25
    UNDECLARED = 7

    @test_case(points=2, hidden=False, name="public")
    def public_case(f):
        assert MAX_COST

    @test_case(points=3.5, hidden=True, name="hidden")
    def hidden_case(f, ref, seed):
        pass
    ''')

CONFIG = assignment_toml(name="Demo", due="2026-01-02T03:04:00+01:00", grace_minutes=7, penalty_per_day=12, cap=40,
                         points_per_exercise=4, max_file_mb=3)


def test_model_reads_points_thresholds_and_policy_from_their_files(tmp_path):
    (tmp_path / "qx_demo.py").write_text(TEST_FILE)
    (tmp_path / "ex9_demo.py").write_text(TEST_FILE.replace("qx_demo", "ex9_demo"))
    (tmp_path / "a.toml").write_text(CONFIG)
    model = rules.assignment_rules(tmp_path, tmp_path / "a.toml", ["qx_demo", "ex9_demo"])
    q = model.question("qx_demo")
    assert (q.title, q.public_points, q.hidden_points, q.written_points) == ("a demo question", 2, 3.5, 0)
    assert [(t.name, t.value, t.sentence) for t in q.thresholds] == [("MAX_COST", 0.25, "The cost must end below 0.25.")]
    assert model.question("ex9_demo").written_points == 4
    assert (model.due, model.grace_minutes, model.penalty_per_day, model.penalty_cap, model.max_file_mb) == \
        ("2026-01-02T03:04:00+01:00", 7, 12, 40, 3)
    text = rules.render_markdown(model)
    assert "The cost must end below 0.25." in text and "12 %" in text and "40 %" in text and "7 minutes" in text
    assert "after the instructor publishes" in text
    (tmp_path / "qx_demo.py").write_text(TEST_FILE.replace("MAX_COST = 0.25", "MAX_COST = 0.125"))
    assert "below 0.125" in rules.render_markdown(rules.assignment_rules(tmp_path, tmp_path / "a.toml", ["qx_demo"]))


def test_a_threshold_that_is_not_a_number_is_refused(tmp_path):
    (tmp_path / "qx_demo.py").write_text(TEST_FILE.replace("MAX_COST = 0.25", "MAX_COST = max(0.25, 1)"))
    (tmp_path / "a.toml").write_text(CONFIG)
    with pytest.raises(rules.RulesError, match="MAX_COST must be a plain number"):
        rules.assignment_rules(tmp_path, tmp_path / "a.toml", ["qx_demo"])


def test_the_kits_rules_add_up_and_name_the_ex4_accuracy_bar():
    model = rules.assignment_rules()
    assert [q.qid for q in model.questions] == QUESTION_IDS
    assert model.autograded_points == 100
    assert 0 < model.hidden_points < 100
    assert model.written_points == 4 * read()["written"]["points_per_exercise"]
    import importlib.util
    import sys
    from autograder import COURSE_DIR, QUESTIONS_DIR
    sys.path.insert(0, str(COURSE_DIR))
    try:
        spec = importlib.util.spec_from_file_location("_ex4_rules", QUESTIONS_DIR / "ex4_circles.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(COURSE_DIR))
    accuracy = {t.name: t for t in model.question("ex4_circles").thresholds}["MIN_ACCURACY"]
    assert accuracy.value == module.MIN_ACCURACY
    assert f"{module.MIN_ACCURACY:.0%}".replace("%", " %") in rules.render_markdown(model)


def test_the_written_score_sheet_takes_its_points_from_assignment_toml(tmp_path, monkeypatch):
    import csv
    import shutil

    from autograder import COURSE_DIR, config
    from autograder.written import main

    config_file = tmp_path / "assignment.toml"
    config_file.write_text(config.CONFIG_PATH.read_text().replace("points_per_exercise = 5", "points_per_exercise = 3"))
    monkeypatch.setattr(config, "CONFIG_PATH", config_file)
    shutil.copy(COURSE_DIR / "homework.ipynb", tmp_path / "alice.ipynb")
    assert main(submissions=[str(tmp_path / "alice.ipynb")], out=str(tmp_path / "written")) == 0
    rows = list(csv.reader((tmp_path / "written" / "scores.csv").read_text(encoding="utf-8-sig").splitlines()))
    expected = rules.fmt(read()["written"]["points_per_exercise"])
    assert expected == "3"
    points_row = next(r for r in rows[1:] if r[0] != "alice")
    exercise_columns = [n for n, name in enumerate(rows[0]) if name.startswith("written_")]
    assert len(exercise_columns) == 4 and [points_row[n] for n in exercise_columns] == [expected] * 4


def test_the_kit_check_command_ends_with_the_rules():
    from autograder.check import render

    text = render({"score": 5, "tests": [], "extra_data": {"questions": {}, "max_score": 5, "notes": []}})
    assert all(line in text for line in rules.summary_lines(rules.assignment_rules()))


def test_the_rules_say_what_is_graded_how_and_what_the_late_penalty_applies_to(tmp_path):
    """The tests grade only deepnn.py, the written answers by hand; the penalty is a percent of the autograded maximum."""
    (tmp_path / "qx_demo.py").write_text(TEST_FILE)
    (tmp_path / "ex9_demo.py").write_text(TEST_FILE.replace("qx_demo", "ex9_demo"))
    (tmp_path / "a.toml").write_text(CONFIG)
    model = rules.assignment_rules(tmp_path, tmp_path / "a.toml", ["qx_demo", "ex9_demo"])
    text = rules.render_markdown(model)
    assert "Only `deepnn.py` is graded" not in text
    assert "The tests grade only `deepnn.py`" in text and "written answers are read and graded by hand (4 points)" in text
    # autograded maximum: 2 + 3.5 points per question, twice = 11; 12 % of it is 1.32 points per day
    assert "12 % of the autograded maximum (11 points, so 1.32 points) is taken off per started day late" in text
    assert "at most 40 % (the written answers' points do not count in that maximum)" in text
    assert "the hidden tests run when the grader grades your submission" in text
    assert rules.deadline_sentence(model) in text


def test_the_late_sentence_matches_what_the_late_penalty_takes():
    """The sentence's per-day points are what autograder.late.penalty takes off one day late from the autograded maximum."""
    from datetime import timedelta

    from autograder import late

    model = rules.assignment_rules()
    policy = load().late
    one_day = policy.due + policy.grace + timedelta(minutes=1)
    taken = late.penalty(one_day, max_score=model.autograded_points, policy=policy).points
    assert f"so {rules.fmt(taken)} points) is taken off per started day late" in rules.late_sentence(model)
