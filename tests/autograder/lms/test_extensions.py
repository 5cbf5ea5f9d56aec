"""Deadline extensions: ``grade --extensions CSV``, Gradescope's per-student due date, and the class report listing them."""

import csv
import json
from datetime import timedelta

import pytest

from autograder import config, late
from autograder.lms.extensions import metadata_due, read_extensions
from tests.lms_fixtures import run_grade, sources, tiny_questions  # noqa: F401 - tiny_questions is a fixture

POLICY = config.Policy(due=config.parse_time("2026-12-11T23:59:00+00:00"), grace=timedelta(minutes=15),
                     penalty_per_day=10, cap=50)


def _write(path, text):
    path.write_text(text)
    return path


def test_extensions_are_read_as_a_due_time_or_a_number_of_days(tmp_path):
    got = read_extensions(_write(tmp_path / "e.csv", "student,due,days\nada,2026-12-14T23:59:00-05:00,\nbo,,2.5\n"), POLICY)
    assert got == {"ada": config.parse_time("2026-12-14T23:59:00-05:00"), "bo": POLICY.due + timedelta(days=2.5)}


@pytest.mark.parametrize("text, fix", [
    ("name,due\nada,2026-12-14T23:59:00Z\n", "student,due"),
    ("student,due\nada,2026-12-14T23:59:00\n", "no time zone"),
    ("student,days\nada,-1\n", "positive number of days"),
    ("student,days\nada,soon\n", "positive number of days"),
    ("student,due,days\nada,2026-12-14T23:59:00Z,2\n", "not both"),
    ("student,due\nada,2026-12-10T23:59:00Z\n", "not after the assignment's"),
    ("student,days\nada,1\nada,2\n", "appears twice"),
    ("student,days\nada,\n", "neither a due time nor a number of days"),
])
def test_a_bad_extensions_file_says_what_to_fix(tmp_path, text, fix):
    with pytest.raises(config.ConfigError, match=fix):
        read_extensions(_write(tmp_path / "e.csv", text), POLICY)


def test_an_extension_moves_the_deadline_and_the_message_says_so():
    submitted = POLICY.due + timedelta(hours=30)
    assert late.penalty(submitted, max_score=10, policy=POLICY).points == 2
    moved = late.extended(POLICY, POLICY.due + timedelta(days=2))
    outcome = late.penalty(submitted, max_score=10, policy=moved)
    assert outcome.points == 0 and outcome.message.startswith("Your deadline was extended to 2026-12-13T23:59+00:00")
    assert late.extended(POLICY, POLICY.due - timedelta(days=1)) is POLICY  # never earlier than the assignment's


def test_gradescope_metadata_gives_the_latest_due_date():
    metadata = {"assignment": {"due_date": "2026-12-11T23:59:00+00:00"},
                "users": [{"id": 1, "assignment": {"due_date": "2026-12-14T23:59:00+00:00"}}, {"id": 2}, "junk"]}
    assert metadata_due(metadata) == config.parse_time("2026-12-14T23:59:00+00:00")
    assert metadata_due({"assignment": {"due_date": "next Friday"}}) is None


def _grades(out):
    with open(out / "grades.csv", newline="") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


def test_an_extension_removes_the_penalty_through_the_cli_and_the_report_lists_it(tmp_path, tiny_questions, capsys):
    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ("good_student", "untouched_starter"):
        (subs / f"{name}.py").write_text(sources()[name])
    due = config.load().late.due
    times = _write(tmp_path / "times.csv", f"student,submitted_at\ngood_student,{(due + timedelta(hours=30)).isoformat()}\n"
                                           f"untouched_starter,{(due + timedelta(hours=30)).isoformat()}\n")
    extensions = _write(tmp_path / "extensions.csv", "student,days\ngood_student,2\nnobody_here,1\n")
    out = tmp_path / "class"
    common = [subs / "good_student.py", subs / "untouched_starter.py", "--out", out, "--times", times]
    assert run_grade(*common) == 0
    assert float(_grades(out)["good_student"]["late_penalty"]) > 0
    assert run_grade(*common, "--extensions", extensions) == 0
    err = capsys.readouterr().err
    grades = _grades(out)
    assert grades["good_student"]["late_penalty"] == "0" and grades["good_student"]["score"] == "4"
    assert "1 unchanged submission kept" in err  # only the extended student is regraded (untouched_starter is kept)
    assert "extensions for students not graded here: nobody_here" in err
    feedback = (out / "feedback" / "good_student.md").read_text()
    assert "Your deadline was extended to" in feedback and "Submitted on time" in feedback
    result = json.loads((out / "results" / "good_student.json").read_text())
    assert result["score"] == 4 and result["extra_data"]["extension"].startswith((due + timedelta(days=2)).date().isoformat())
    from autograder.report.core import render

    page = render(out)
    assert "Deadline extensions (1)" in page and page.count("good_student") >= 1 and "untouched_starter</td><td>20" not in page
    # without the extension again, the penalty comes back (the kept result is not reused)
    assert run_grade(*common) == 0
    assert float(_grades(out)["good_student"]["late_penalty"]) > 0
    assert "Deadline extensions" not in render(out)


@pytest.mark.parametrize("own_due, penalized", [(None, True), (3, False)])
def test_the_gradescope_runner_applies_a_later_due_date_in_the_metadata(tmp_path, tiny_questions, capsys, own_due, penalized):
    from autograder.gradescope import runner

    due = config.load().late.due
    (tmp_path / "submission").mkdir()
    (tmp_path / "submission" / "deepnn.py").write_text(sources()["good_student"])
    user = {"email": "ada@example.edu", "id": 501, "name": "Ada"}
    if own_due is not None:
        user["assignment"] = {"due_date": (due + timedelta(days=own_due)).isoformat()}
    (tmp_path / "submission_metadata.json").write_text(json.dumps({
        "id": 7, "created_at": (due + timedelta(hours=30)).isoformat(),
        "assignment": {"due_date": due.isoformat()}, "users": [user]}))
    result = runner.grade(tmp_path, 0.0)
    extra = result["extra_data"]
    assert (extra["late_penalty"] > 0) is penalized and extra["raw_score"] == 4
    assert result["score"] == 4 - extra["late_penalty"]
    assert ("Your deadline was extended" in result["output"]) is not penalized
    assert ("extension:" in capsys.readouterr().out) is not penalized  # the instructor's log names it


def test_grade_reads_assignment_toml_once_for_the_whole_class(tmp_path, tiny_questions, monkeypatch):
    """One configuration per command: the late policy read by ``grade`` is the one every submission, the late
    penalty and each extension use (assignment.toml is not read again per student)."""
    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ("good_student", "untouched_starter"):
        (subs / f"{name}.py").write_text(sources()[name])
    due = config.load().late.due
    late = (due + timedelta(hours=30)).isoformat()
    times = _write(tmp_path / "times.csv", f"student,submitted_at\ngood_student,{late}\nuntouched_starter,{late}\n")
    extensions = _write(tmp_path / "extensions.csv", "student,days\ngood_student,2\n")
    reads = []
    real_load = config.load

    def counted_load(*args, **kwargs):
        reads.append(args)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(config, "load", counted_load)
    out = tmp_path / "class"
    assert run_grade(subs / "good_student.py", subs / "untouched_starter.py", "--out", out, "--times", times,
                     "--extensions", extensions) == 0
    assert len(reads) == 1, f"assignment.toml was read {len(reads)} times by one grade command"
    grades = _grades(out)
    assert grades["good_student"]["late_penalty"] == "0" and float(grades["untouched_starter"]["late_penalty"]) == 0
    assert "Your deadline was extended to" in (out / "feedback" / "good_student.md").read_text()
    assert "Late submission" in (out / "feedback" / "untouched_starter.md").read_text()


def test_regrading_without_times_says_whose_late_penalty_is_gone(tmp_path, tiny_questions, capsys):
    """A student graded with a submission time and regraded without --times is on time from then on: grade says so."""
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "good_student.py").write_text(sources()["good_student"])
    late_time = (config.load().late.due + timedelta(hours=30)).isoformat()
    times = _write(tmp_path / "times.csv", f"student,submitted_at\ngood_student,{late_time}\n")
    out = tmp_path / "class"
    assert run_grade(subs / "good_student.py", "--out", out, "--times", times) == 0
    assert float(_grades(out)["good_student"]["late_penalty"]) > 0
    capsys.readouterr()
    assert run_grade(subs / "good_student.py", "--out", out) == 0
    err = capsys.readouterr().err
    assert "no submission time given now for good_student" in err and "give --times again" in err
    assert _grades(out)["good_student"]["late_penalty"] == "0"
