"""The late policy: the pure penalty function, Gradescope metadata, a times CSV, and applying it to a graded class."""

import json
from datetime import timedelta
from pathlib import Path

import pytest

from autograder import config, late
from tests.instructor_fixtures import fake_graded_class, graded_sample_class, read_grades

ROOT = Path(__file__).resolve().parents[2]

POLICY = config.Policy(due=config.parse_time("2026-12-11T23:59:00+00:00"), grace=timedelta(minutes=15),
                     penalty_per_day=10, cap=50)


def test_on_time_and_within_grace_cost_nothing():
    for when in ("2026-12-10T12:00:00+00:00", "2026-12-11T23:59:00Z", "2026-12-12T00:13:59+00:00"):
        result = late.penalty(when, max_score=100, policy=POLICY)
        assert (result.days_late, result.points, result.is_late) == (0, 0.0, False)
        assert result.message.startswith("Submitted on time")


def test_each_started_day_after_the_grace_costs_the_rate_up_to_the_cap():
    assert late.penalty("2026-12-12T00:15:01+00:00", max_score=100, policy=POLICY).points == 10
    assert late.penalty("2026-12-12T23:58:00+00:00", max_score=100, policy=POLICY).points == 10
    two = late.penalty("2026-12-13T00:00:00+00:00", max_score=80, policy=POLICY)
    assert (two.days_late, two.percent, two.points) == (2, 20, 16)
    assert "2 days late" in two.message and "16 points off" in two.message
    assert "-20% of the autograded maximum (80 points; policy: 10% per started day" in two.message  # the percent's base, said (written points do not count)
    capped = late.penalty("2027-01-30T00:00:00+00:00", max_score=100, policy=POLICY)
    assert capped.percent == 50 and capped.points == 50


def test_time_zones_are_respected_and_a_naive_time_is_refused():
    # 19:30 in New York is 00:30 UTC the next day: late by one started day.
    assert late.penalty("2026-12-11T19:30:00-05:00", max_score=100, policy=POLICY).days_late == 1
    with pytest.raises(config.ConfigError, match="no time zone"):
        late.penalty("2026-12-11T19:30:00", max_score=100, policy=POLICY)


def test_penalty_never_exceeds_the_points_earned():
    assert late.penalty("2026-12-20T00:00:00+00:00", max_score=100, score=12.5, policy=POLICY).points == 12.5


def test_the_policy_loads_from_the_assignment_config():
    import tomllib

    raw = tomllib.loads((ROOT / "autograder" / "assignment.toml").read_text())
    policy = config.load().late
    assert policy.due == config.parse_time(raw["late"]["due"]) and policy.due.tzinfo is not None
    assert policy.grace == timedelta(minutes=raw["late"]["grace_minutes"])
    assert (policy.penalty_per_day, policy.cap) == (raw["late"]["penalty_per_day"], raw["late"]["cap"])
    assert config.load().name == raw["assignment"]["name"]


def _refused(path, text, read, match):
    """``read(path)`` of a file holding ``text`` raises ConfigError, its sentence matching ``match``."""
    path.write_text(text)
    with pytest.raises(config.ConfigError, match=match):
        read(path)


def test_a_bad_config_says_what_to_fix(tmp_path):
    bad = tmp_path / "assignment.toml"
    _refused(bad, '[assignment]\nname = "x"\n[late]\ndue = "2026-12-11T23:59:00+00:00"\ngrace_minutes = 0\npenalty_per_day = "ten"\ncap = 50\n',
             config.load, "penalty_per_day must be a number")
    _refused(bad, '[late]\ndue = "next friday"\n', config.load, "not an ISO 8601 time")


def test_gradescope_metadata_created_at(tmp_path):
    metadata = {"id": 123, "created_at": "2026-12-12T01:20:15.196102-07:00",
                "assignment": {"due_date": "2026-12-11T23:59:00.000000-07:00"}, "users": [{"email": "a@b.c", "id": 1, "name": "A"}]}
    path = tmp_path / "submission_metadata.json"
    path.write_text(json.dumps(metadata))
    when = late.time_from_metadata(path)
    assert when.utcoffset() == timedelta(hours=-7) and when.hour == 1
    assert late.penalty(when, max_score=100, policy=POLICY).days_late == 1  # 08:20 UTC on the 12th: 8 h 21 min late


def test_times_csv_errors_name_the_line(tmp_path):
    path = tmp_path / "times.csv"
    _refused(path, "student,submitted_at\nada,2026-12-11T10:00:00+00:00\nada,2026-12-11T11:00:00+00:00\n", late.read_times,
             "line 3: 'ada' appears twice")
    _refused(path, "name,time\nada,2026\n", late.read_times, "student,submitted_at")


def test_apply_to_a_graded_class_is_idempotent_and_reports_mismatches(tmp_path):
    fake_graded_class(tmp_path)
    before = {r["student"]: float(r["score"]) for r in read_grades(tmp_path)}
    times = {"ada": config.parse_time("2026-12-13T10:00:00+00:00"),  # 2 started days late
             "babbage": config.parse_time("2026-12-11T20:00:00+00:00"),  # on time
             "nobody": config.parse_time("2026-12-11T20:00:00+00:00")}  # not graded
    for _ in range(2):  # applying twice changes nothing more
        summary = late.apply_to_out_dir(tmp_path, times, policy=POLICY)
        rows = {r["student"]: r for r in read_grades(tmp_path)}
        assert float(rows["ada"]["score"]) == pytest.approx(before["ada"] - 20)
        assert rows["ada"]["late_penalty"] == "20"
        assert float(rows["babbage"]["score"]) == pytest.approx(before["babbage"]) and rows["babbage"]["late_penalty"] == "0"
    assert set(summary["late"]) == {"ada"}
    assert summary["not_graded"] == ["nobody"]
    assert "curie" in summary["no_time"]
    result = json.loads((tmp_path / "results" / "ada.json").read_text())
    assert result["score"] == pytest.approx(before["ada"] - 20)
    assert result["output"].count("Late submission:") == 1
    feedback = (tmp_path / "feedback" / "ada.md").read_text()
    assert feedback.count("## Submission time") == 1 and "2 days late" in feedback
    assert f"**Score: {before['ada'] - 20:g} / 100** (status: ok)" in feedback


# ---------------------------------------------------------------- the bundled sample class

def test_the_example_times_cover_the_sample_class_with_late_and_grace_cases():
    from autograder.sample_class import SAMPLE_CLASS

    times = late.read_times(ROOT / "examples" / "submission_times.csv")
    assert set(times) == set(SAMPLE_CLASS)
    policy = config.load().late
    days = {s: late.penalty(t, max_score=100, policy=policy).days_late for s, t in times.items()}
    assert days["db_wrong_shape"] == 1 and days["params_in_place"] == 3
    assert days["notebook_student"] == 0 and times["notebook_student"] > policy.due  # inside the grace period


def test_the_sample_class_graded_with_its_times_shows_the_penalty_and_applying_it_again_agrees(tmp_path):
    import shutil

    _, _, out = graded_sample_class()
    rows = {r["student"]: r for r in read_grades(out)}
    late_row = rows["db_wrong_shape"]
    assert late_row["late_penalty"] == "10"  # 1 started day late: 10 % of 100
    result = json.loads((out / "results" / "db_wrong_shape.json").read_text())
    assert float(late_row["score"]) == pytest.approx(result["extra_data"]["raw_score"] - 10)
    assert "counts as 1 day late" in (out / "feedback" / "db_wrong_shape.md").read_text()
    assert rows["untouched_starter"]["late_penalty"] == "0"
    # the pure function the grader called and apply_to_out_dir agree: applying it again changes nothing
    copy = tmp_path / "again"
    shutil.copytree(out, copy)
    summary = late.apply_to_out_dir(copy, late.read_times(ROOT / "examples" / "submission_times.csv"))
    again = {r["student"]: r for r in read_grades(copy)}
    assert {s: (r["score"], r["late_penalty"]) for s, r in again.items()} == {s: (r["score"], r["late_penalty"]) for s, r in rows.items()}
    assert summary["no_time"] == ["forgot_module"] and set(summary["late"]) == {"db_wrong_shape"}
    feedback = (copy / "feedback" / "db_wrong_shape.md").read_text()
    assert feedback.count("## Submission time") == 1 and feedback.count("Late penalty: 10 points") == 1
    assert f"**Score: {late_row['score']} / 100**" in feedback


def test_reapply_gives_back_the_penalty_taken_and_takes_the_extended_one():
    """A result graded under the assignment's deadline, then under a student's extension: score, output and fields agree."""
    submitted = POLICY.due + timedelta(hours=30)
    first = late.penalty(submitted, max_score=10, score=8, policy=POLICY)
    result = {"score": 8 - first.points, "output": f"{first.message}\n\nScore: {8 - first.points:g} / 10",
              "extra_data": {"raw_score": 8, "max_score": 10, "late_penalty": first.points, "late_message": first.message}}
    moved = late.extended(POLICY, POLICY.due + timedelta(days=3))
    late.reapply(result, submitted, moved)
    extra = result["extra_data"]
    assert result["score"] == 8 and extra["late_penalty"] == 0 and extra["extension"] == moved.due.isoformat()
    assert result["output"].startswith("Your deadline was extended") and "Score: 8 / 10" in result["output"]
    assert first.message not in result["output"]
    late.reapply(result, submitted, POLICY)  # and back: the assignment's deadline takes the penalty again
    assert result["score"] == 8 - first.points and result["extra_data"]["extension"] == ""


def test_written_points_merged_by_hand_do_not_change_the_penalty():
    """The penalty is a percent of the autograded maximum, also once written answers are merged (max_score 120)."""
    submitted = POLICY.due + timedelta(days=2, hours=1)  # 3 started days: 30 %
    result = {"score": 84, "output": "Score: 84 / 120",
              "extra_data": {"raw_score": 80, "max_score": 120, "late_penalty": 0, "late_message": "",
                             "manual": {"scores": {"written_ex1": 4}, "points": {"written_ex1": 20}}}}
    assert late.autograded_max(result) == 100
    late.reapply(result, submitted, POLICY)
    assert result["extra_data"]["late_penalty"] == 30 and result["score"] == 80 - 30 + 4
    assert "-30% of the autograded maximum (100 points; policy:" in result["output"] and "30 points off" in result["output"]
    assert "Score: 54 / 120" in result["output"]


def test_applying_the_policy_afterwards_keeps_a_students_extension(tmp_path):
    """A student with an extension (set by grade --extensions) is late only after their own deadline, also when the
    policy is applied again afterwards; the others are late after the assignment's."""
    from autograder.lms.apply import adjust
    from autograder.result import from_json
    from autograder.result.out_dir import read_results, save

    fake_graded_class(tmp_path)
    extended_to = POLICY.due + timedelta(days=3)
    save(tmp_path, "ada", adjust(from_json(read_results(tmp_path, "ada")), due=extended_to, policy=POLICY))
    two_days_late = config.parse_time("2026-12-13T10:00:00+00:00")  # before ada's own deadline
    for _ in range(2):
        late.apply_to_out_dir(tmp_path, {"ada": two_days_late, "babbage": two_days_late}, policy=POLICY)
        rows = {r["student"]: r for r in read_grades(tmp_path)}
        assert rows["ada"]["late_penalty"] == "0" and rows["babbage"]["late_penalty"] == "20"
        feedback = (tmp_path / "feedback" / "ada.md").read_text()
        assert "Your deadline was extended to" in feedback and "Submitted on time" in feedback
