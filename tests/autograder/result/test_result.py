"""The one result model (autograder/result/): results.json in and out, adjustments by name, files rendered whole."""

import copy
import inspect
import json
from datetime import timedelta

import pytest

from autograder import config, late, manual
from autograder.lms import apply as lms_apply
from autograder.result import Extension, LatePenalty, Manual, from_json, summary, to_json
from autograder.result.feedback import feedback_markdown
from autograder.result.grades_csv import write_grades_csv
from tests.instructor_fixtures import fake_graded_class

POLICY = config.Policy(due=config.parse_time("2026-12-11T23:59:00+00:00"), grace=timedelta(minutes=15),
                       penalty_per_day=10, cap=50)

_CPU = {"grader": 0.483, "workers": 2.757, "by_function": {"train": 2.545}}
_TESTS = [{"name": "q1_init - shapes", "score": 8.0, "max_score": 8.0, "status": "passed", "output": "Test case passed",
           "visibility": "visible", "extra_data": {"question": "q1_init", "hidden": False, "functions": ["initialize_parameters"]}},
          {"name": "q4_backward - dW", "score": 0.0, "max_score": 14.0, "status": "failed", "output": "dW is not divided by m",
           "visibility": "after_published", "extra_data": {"question": "q4_backward", "hidden": True, "functions": ["layer_backward"]}}]

#: results.json files written by the kit before the result model (HEAD of the round before; tests shortened):
#: graded under an extension with the written answers merged, and a submission that did not load.
EXTENDED_AND_MERGED = {
    "score": 66.0, "execution_time": 4.038,
    "output": "Your deadline was extended to 2026-12-20T23:59+00:00 (the assignment's is 2026-12-11T23:59+00:00). Submitted on time "
              "(2026-12-11T20:15+00:00; due 2026-12-20T23:59+00:00).\n\nScore: 66 / 110",
    "output_format": "text", "visibility": "visible", "stdout_visibility": "hidden",
    "tests": _TESTS + [
        {"name": "Written answer: ex1", "score": 5.0, "max_score": 5.0, "status": "passed", "output": "redo", "visibility": "visible"},
        {"name": "Written answer: ex2", "score": 1.0, "max_score": 5.0, "status": "failed", "output": "redo", "visibility": "visible"}],
    "extra_data": {
        "student": "dw_not_divided_by_m", "status": "ok", "raw_score": 60.0, "max_score": 110.0, "late_penalty": 0.0,
        "submitted_at": "2026-12-11T20:15:00+00:00",
        "late_message": "Your deadline was extended to 2026-12-20T23:59+00:00 (the assignment's is 2026-12-11T23:59+00:00). "
                        "Submitted on time (2026-12-11T20:15+00:00; due 2026-12-20T23:59+00:00).",
        "questions": {"q1_init": {"score": 8.0, "max_score": 8.0}, "q4_backward": {"score": 52.0, "max_score": 92.0}},
        "load_error": "", "notes": [], "isolation": "bwrap", "demo_secret": True, "public_only": False,
        "content_hash": "d21ce3cf", "tests_hash": "214198a1", "peak_worker_rss_kb": 69452, "cpu_s": _CPU, "workers_started": 2,
        "budget_s": 120.0, "timeouts": [], "submission_kind": "py", "extension": "2026-12-20T23:59:00+00:00", "days_late": 0,
        "lms_key": "647cf70de916cc5f",
        "manual": {"scores": {"written_ex1": 5.0, "written_ex2": 1.0}, "points": {"written_ex1": 5.0, "written_ex2": 5.0},
                   "comment": "redo"}}}
SYNTAX_ERROR = {
    "score": 0.0, "execution_time": 0.9,
    "output": "your deepnn.py has a SyntaxError (deepnn.py, line 9): invalid syntax. Fix it so that the file runs (python deepnn.py)."
              "\n\nYour submission could not be graded: fix that and submit again.\n\nLate submission: 2026-12-13T10:00+00:00, 34.0 "
              "hours after the deadline (2026-12-11T23:59+00:00), counts as 2 days late: -20% of the autograded maximum (100 points; "
              "policy: 10% per started day after a 15-minute grace period, at most 50%), 20 points off.\n\nScore: 0 / 100"
              "\n\ncode cell 30: a %% cell magic, left out",
    "output_format": "text", "visibility": "visible", "stdout_visibility": "hidden", "tests": [],
    "extra_data": {
        "student": "syntax_error", "status": "error", "raw_score": 6.0, "max_score": 100.0, "late_penalty": 6.0,
        "submitted_at": "2026-12-13T10:00:00+00:00", "late_message": "Late submission: 2026-12-13T10:00+00:00, 34.0 hours after "
        "the deadline (2026-12-11T23:59+00:00), counts as 2 days late: -20% of the autograded maximum (100 points; policy: 10% per "
        "started day after a 15-minute grace period, at most 50%), 20 points off.",
        "questions": {"q1_init": {"score": 6.0, "max_score": 100.0}},
        "load_error": "your deepnn.py has a SyntaxError (deepnn.py, line 9): invalid syntax. Fix it so that the file runs "
                      "(python deepnn.py).", "notes": ["code cell 30: a %% cell magic, left out"], "isolation": "bwrap",
        "demo_secret": False, "public_only": False, "content_hash": "ab", "tests_hash": "cd"}}


@pytest.mark.parametrize("written", [EXTENDED_AND_MERGED, SYNTAX_ERROR], ids=["extended-and-merged", "did-not-load"])
def test_a_results_json_written_before_the_model_reads_and_writes_back_the_same(written):
    result = from_json(copy.deepcopy(written))
    assert json.dumps(to_json(result), indent=2) == json.dumps(written, indent=2)  # keys, order, values, output text


def test_the_adjustments_are_read_by_name_and_the_totals_derived():
    result = from_json(EXTENDED_AND_MERGED)
    assert result.extension.due == "2026-12-20T23:59:00+00:00" and result.extension.late.days_late == 0
    assert result.manual == Manual({"written_ex1": 5.0, "written_ex2": 1.0}, {"written_ex1": 5.0, "written_ex2": 5.0}, "redo")
    assert [t.name for t in result.tests] == ["q1_init - shapes", "q4_backward - dW"]  # the written entries come from manual
    assert (result.raw_score, result.autograded_max, result.score, result.max_score) == (60.0, 100.0, 66.0, 110.0)
    assert summary(result.with_manual(None)).endswith("Score: 60 / 100")


def _two_days_late(result):
    return late.reapply(result, config.parse_time("2026-12-13T10:00:00+00:00"), POLICY)


def _merged(result):
    return manual.with_manual(result, {"written_ex1": 4.0}, {"written_ex1": 5.0}, "good")


def test_late_then_manual_equals_manual_then_late():
    fresh = to_json(from_json(EXTENDED_AND_MERGED).with_manual(None).with_extension(None)
                    .with_late(LatePenalty(0.0, "", "2026-12-11T20:15:00+00:00")))
    first = _merged(_two_days_late(copy.deepcopy(fresh)))
    second = _two_days_late(_merged(copy.deepcopy(fresh)))
    assert first == second
    assert first["extra_data"]["late_penalty"] == 20.0 and first["score"] == 60 - 20 + 4  # 20 % of the autograded 100
    assert "Score: 44 / 105" in first["output"]


def test_a_sheet_merged_twice_equals_it_merged_once(tmp_path):
    students = fake_graded_class(tmp_path / "once")
    fake_graded_class(tmp_path / "twice")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("student,written_ex1,comments\nPoints Possible,5,\n" + "".join(f"{s},3,fine\n" for s in students))
    manual.merge_into_out_dir(tmp_path / "once", sheet)
    for _ in range(2):
        manual.merge_into_out_dir(tmp_path / "twice", sheet)
    files = sorted(p.relative_to(tmp_path / "once") for p in (tmp_path / "once").rglob("*") if p.is_file())
    assert files and sorted(p.relative_to(tmp_path / "twice") for p in (tmp_path / "twice").rglob("*") if p.is_file()) == files
    for name in files:
        assert (tmp_path / "twice" / name).read_bytes() == (tmp_path / "once" / name).read_bytes(), name
    assert "manual_points.json" not in {p.name for p in files}  # the results hold the written points


def test_an_extension_then_its_removal_gives_back_the_first_result():
    first = to_json(from_json(EXTENDED_AND_MERGED).with_extension(None).with_lms(None)
                    .with_late(LatePenalty(6.0, "Late submission: ...", "2026-12-13T10:00:00+00:00")))
    result = lms_apply.adjust(from_json(first), submitted_at=config.parse_time("2026-12-13T10:00:00+00:00"),
                              due=config.parse_time("2026-12-25T00:00:00+00:00"))
    assert to_json(result)["extra_data"]["late_penalty"] == 0.0 and to_json(result) != first
    assert to_json(result.with_extension(None).with_lms(None)) == first
    removed = lms_apply.adjust(result, submitted_at=config.parse_time("2026-12-13T10:00:00+00:00"), due=None)
    assert to_json(removed) == first


def test_every_file_is_rendered_whole_from_the_results(tmp_path):
    out = tmp_path / "graded"
    students = fake_graded_class(out)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("student,written_ex1,comments\nPoints Possible,5,\n" + "".join(f"{s},2,\n" for s in students))
    manual.merge_into_out_dir(out, sheet)
    late.apply_to_out_dir(out, {"ada": config.parse_time("2026-12-13T10:00:00+00:00")}, policy=POLICY)
    results = [json.loads((out / "results" / f"{s}.json").read_text()) for s in students]
    for student, result in zip(students, results):
        assert (out / "feedback" / f"{student}.md").read_text() == feedback_markdown(result)
        assert result == to_json(from_json(result))
    grades = (out / "grades.csv").read_bytes()
    write_grades_csv(tmp_path, results)
    assert (tmp_path / "grades.csv").read_bytes() == grades
    # no module patches a file with a regular expression any more
    for module, names in ((late, ("rewrite_score_line", "_update_feedback", "_update_results_json", "_OUTPUT_LINE", "_SCORE_LINE",
                                  "_PENALTY_LINE", "feedback_section")),
                          (manual, ("_old_points", "_write_points", "_points_path", "_results_base", "feedback_section"))):
        assert not [name for name in names if hasattr(module, name)], module.__name__
    assert "re.sub" not in inspect.getsource(manual) and "re.sub" not in inspect.getsource(lms_apply)


def test_a_new_extension_is_a_named_entry_and_the_output_is_composed_from_it():
    result = from_json(SYNTAX_ERROR).with_extension(Extension("2026-12-20T23:59:00+00:00", LatePenalty(0.0, "On time.", "x", 0)))
    data = to_json(result)
    assert data["score"] == 6.0 and data["extra_data"]["extension"] == "2026-12-20T23:59:00+00:00"
    assert list(data["extra_data"])[-2:] == ["extension", "days_late"]
    assert data["output"].split("\n\n")[:4] == [SYNTAX_ERROR["extra_data"]["load_error"],
                                                "Your submission could not be graded: fix that and submit again.", "On time.",
                                                "Score: 6 / 100"]


def test_the_gradescope_runner_builds_its_results_through_the_model():
    import time

    from autograder.gradescope.runner import failure_result, with_rules

    data = failure_result("No files were submitted.", time.monotonic())
    assert list(data) == ["score", "execution_time", "output", "output_format", "visibility", "stdout_visibility", "tests", "extra_data"]
    assert (data["score"], data["output"], data["tests"], data["extra_data"]) == (0, "No files were submitted.", [], {"status": "error"})
    note = "The late policy could not be applied (no due date); no penalty was taken."
    ruled = to_json(with_rules(from_json(SYNTAX_ERROR), notes=[note]))
    assert ruled["output"].startswith(SYNTAX_ERROR["output"] + "\n\n" + note + "\n\nHow this homework is graded:")
    assert ruled["tests"][-1]["extra_data"]["written"] is True and "score" not in ruled["tests"][-1]
    assert ruled["score"] == SYNTAX_ERROR["score"] and to_json(from_json(ruled)) == ruled


def test_a_write_that_fails_half_way_leaves_the_old_file_whole(tmp_path, monkeypatch):
    """files.write_atomic: a reader sees the old file or the new one; a failed write leaves the old one and no temporary."""
    import builtins

    from autograder.files import write_atomic

    target = write_atomic(tmp_path / "grades.csv", "old, whole\n")
    real_open = builtins.open

    class Broken:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(builtins, "open", lambda *args, **kwargs: Broken(real_open(*args, **kwargs)))
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, "new text that does not fit\n")
    monkeypatch.setattr(builtins, "open", real_open)
    assert target.read_text() == "old, whole\n" and [p.name for p in tmp_path.iterdir()] == ["grades.csv"]


def test_a_students_text_never_passes_for_the_totals_line_of_the_output(tmp_path):
    """results.json's ``output`` is read back by its paragraphs (late policy, written scores, extensions): a load error
    quoting the student's "\\n\\nScore: 99 / 99\\n\\nAll good" stays inside its own paragraph, so every re-render keeps one
    totals line and one late message."""
    from autograder.result import build

    forged = "importing it raised ValueError: boom\n\nScore: 99 / 99\n\nAll good, nothing to fix."
    policy = config.load().late
    message = late.penalty(policy.due + timedelta(hours=30), max_score=100, score=0, policy=policy).message
    result = build.graded(tests=[], questions={"q1_init": {"score": 0, "max_score": 100}},
                          paragraphs=[f"Your submission could not be graded: {forged}"], execution_time=0.1,
                          late=LatePenalty(0, message), facts={"student": "eve", "status": "error", "load_error": forged,
                                                               "notes": []})
    data = to_json(result)
    for _ in range(3):  # the late policy, written scores and an extension each read the output back
        data = late.reapply(data, policy.due + timedelta(hours=30), policy)
        data = to_json(from_json(data).with_manual(Manual({"written_ex1": 2.0}, {"written_ex1": 5.0})))
    paragraphs = data["output"].split("\n\n")
    assert [p for p in paragraphs if p.startswith("Score:")] == ["Score: 2 / 105"], data["output"]
    assert data["output"].count(message) == 1 and "All good, nothing to fix." in data["output"]
