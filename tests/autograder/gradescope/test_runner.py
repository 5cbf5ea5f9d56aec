"""What runs on Gradescope (autograder/gradescope/runner.py), without Gradescope: its limits, the student id from
the submission metadata, the submission time and due date. The released autograder.zip run end to end is in
tests/autograder/release/test_release.py."""

import json

import pytest


def test_gradescope_limits_and_student_ids(monkeypatch):
    from autograder.gradescope.runner import limits, student_id

    monkeypatch.setenv("AUTOGRADER_CASE_TIMEOUT", "5")
    monkeypatch.setenv("AUTOGRADER_MEMORY_MB", "900")
    assert (limits().timeout, limits().memory_mb) == (5.0, 900)
    monkeypatch.setenv("AUTOGRADER_CASE_TIMEOUT", "soon")
    with pytest.raises(ValueError, match="timeout limit must be a number"):
        limits()
    monkeypatch.setenv("AUTOGRADER_CASE_TIMEOUT", "-1")
    with pytest.raises(ValueError, match=r"case timeout .*AUTOGRADER_CASE_TIMEOUT\) must be a positive number"):
        limits()
    monkeypatch.setenv("AUTOGRADER_CASE_TIMEOUT", "5")
    monkeypatch.setenv("AUTOGRADER_MEMORY_MB", "100")  # the same rule as grade --memory-mb
    with pytest.raises(ValueError, match=r"memory cap .*AUTOGRADER_MEMORY_MB\) must be at least 256"):
        limits()
    assert student_id({"users": [{"id": 42, "email": "x@y"}]}) == "gradescope-42"
    assert student_id({"users": [{"email": "x@y"}]}) == "gradescope-x@y"
    assert student_id({"id": 7}) == "gradescope-submission-7" and student_id({}) == "submission"


def test_an_unreadable_gradescope_due_date_does_not_cancel_the_late_penalty(tmp_path, monkeypatch, capsys):
    """Gradescope's due date is only compared with assignment.toml's, for a warning."""
    import autograder.grade
    from autograder.gradescope import runner

    (tmp_path / "submission").mkdir()
    (tmp_path / "submission" / "deepnn.py").write_text("X = 1\n")
    (tmp_path / "submission_metadata.json").write_text(json.dumps({
        "id": 1, "created_at": "2026-12-13T12:00:00+00:00", "assignment": {"due_date": "next Friday"}, "users": [{"id": 3}]}))
    seen = {}
    monkeypatch.setattr(autograder.grade, "grade_submission", lambda path, **kw: seen.update(kw) or {"output": "", "score": 0})
    runner.grade(tmp_path, 0.0)
    assert seen["submitted_at"] is not None and seen["submitted_at"].isoformat().startswith("2026-12-13T12:00")
    assert "next Friday differs from autograder/assignment.toml" in capsys.readouterr().out
