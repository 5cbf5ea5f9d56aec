"""Manual grading (autograder/manual.py): a filled score sheet merged into a graded class as the result's
``manual`` adjustment, again and again without counting twice. The written command that makes the sheet is tested in
tests/autograder/written/test_written.py."""

import csv
import json

import pytest

from autograder import manual
from autograder.manual import POINTS_ROW
from tests.instructor_fixtures import fake_graded_class, read_grades, validate_results_json

EXERCISES = ["ex1_learning_rate", "ex2_init", "ex3_depth", "ex4_circles"]


def _sheet(path, scores, points=5):
    columns = [f"written_{q}" for q in EXERCISES]
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", *columns, "comments"])
        writer.writerow([POINTS_ROW, *[points] * len(columns), ""])
        for student, value in scores.items():
            writer.writerow([student, *[value] * len(columns), f"good work {student}"])
    return path


def test_merging_a_filled_sheet_adds_columns_and_points_and_can_be_redone(tmp_path):
    students = fake_graded_class(tmp_path / "graded")
    before = {r["student"]: r for r in read_grades(tmp_path / "graded")}
    sheet = _sheet(tmp_path / "scores.csv", {s: 3 for s in students})
    for _ in range(2):
        manual.merge_into_out_dir(tmp_path / "graded", sheet)
    rows = {r["student"]: r for r in read_grades(tmp_path / "graded")}
    header = list(next(iter(rows.values())))
    assert header[-5:] == [f"written_{q}" for q in EXERCISES] + ["late_penalty"]
    for student in students:
        assert float(rows[student]["score"]) == pytest.approx(float(before[student]["score"]) + 12)
        assert float(rows[student]["max_score"]) == pytest.approx(float(before[student]["max_score"]) + 20)
    sheet = _sheet(tmp_path / "scores.csv", {s: 5 for s in students})  # a corrected sheet replaces the first
    manual.merge_into_out_dir(tmp_path / "graded", sheet)
    rows = {r["student"]: r for r in read_grades(tmp_path / "graded")}
    assert float(rows["ada"]["score"]) == pytest.approx(float(before["ada"]["score"]) + 20)
    result = validate_results_json(json.loads((tmp_path / "graded" / "results" / "ada.json").read_text()))
    written = [t for t in result["tests"] if t["name"].startswith("Written answer: ")]
    assert len(written) == 4 and written[0]["max_score"] == 5 and written[0]["output"] == "good work ada"
    assert result["score"] == pytest.approx(float(rows["ada"]["score"]))
    assert result["extra_data"]["max_score"] == pytest.approx(float(rows["ada"]["max_score"]))  # a rebuilt grades.csv keeps the totals
    feedback = (tmp_path / "graded" / "feedback" / "ada.md").read_text()
    assert feedback.count("## Written answers (graded by hand)") == 1 and "ex1_learning_rate: 5 / 5" in feedback
    assert f"**Score: {float(rows['ada']['score']):g} / 120** (status: ok)" in feedback


def test_merging_again_after_grades_csv_was_rebuilt_from_the_results_counts_once(tmp_path):
    students = fake_graded_class(tmp_path / "graded")
    before = {r["student"]: float(r["score"]) for r in read_grades(tmp_path / "graded")}
    sheet = _sheet(tmp_path / "scores.csv", {s: 2 for s in students})
    manual.merge_into_out_dir(tmp_path / "graded", sheet)
    # what a resumed `grade` batch does: grades.csv written again from results/*.json (no written columns)
    fields = ["student", "score", "max_score", "status", "late_penalty"]
    with open(tmp_path / "graded" / "grades.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for student in students:
            data = json.loads((tmp_path / "graded" / "results" / f"{student}.json").read_text())
            writer.writerow({"student": student, "score": data["score"], "max_score": data["extra_data"]["max_score"],
                             "status": data["extra_data"]["status"], "late_penalty": 0})
    manual.merge_into_out_dir(tmp_path / "graded", sheet)
    rows = {r["student"]: r for r in read_grades(tmp_path / "graded")}
    assert float(rows["curie"]["score"]) == pytest.approx(before["curie"] + 8)
    assert float(rows["curie"]["max_score"]) == pytest.approx(120)


def test_a_sheet_that_does_not_fit_says_what_to_fix(tmp_path):
    students = fake_graded_class(tmp_path / "graded")
    grades = tmp_path / "graded" / "grades.csv"
    sheet = _sheet(tmp_path / "s.csv", {s: 3 for s in students[:-1]} | {"zoe": 2})
    with pytest.raises(manual.ManualError, match=r"graded but not in the sheet: fermat.*in the sheet but not graded: zoe"):
        manual.merge_grades(grades, sheet)
    sheet = _sheet(tmp_path / "s.csv", {s: 7 for s in students})
    with pytest.raises(manual.ManualError, match="more than its 5 points"):
        manual.merge_grades(grades, sheet)
    (tmp_path / "s.csv").write_text("student,written_ex1_learning_rate\nPoints Possible,5\nada,\n")
    with pytest.raises(manual.ManualError, match=r"1 scores? (are|is) not filled in \(ada/written_ex1_learning_rate\)"):
        manual.merge_grades(grades, tmp_path / "s.csv")
    (tmp_path / "s.csv").write_text("student,written_ex1_learning_rate\nada,3\n")
    with pytest.raises(manual.ManualError, match="Points Possible"):
        manual.merge_grades(grades, tmp_path / "s.csv")
    assert read_grades(tmp_path / "graded")[0].get("written_ex1_learning_rate") is None  # nothing half-written


def test_a_sheet_column_that_is_not_a_written_score_is_refused(tmp_path):
    students = fake_graded_class(tmp_path / "graded")
    sheet = tmp_path / "s.csv"
    sheet.write_text("student,q1_init,written_ex1_learning_rate\nPoints Possible,5,5\n" + "".join(f"{s},1,2\n" for s in students))
    before = (tmp_path / "graded" / "grades.csv").read_text()
    with pytest.raises(manual.ManualError, match=r"'q1_init' are not score columns: a score column is named written_<exercise>"):
        manual.merge_into_out_dir(tmp_path / "graded", sheet)
    assert (tmp_path / "graded" / "grades.csv").read_text() == before


def test_merging_again_counts_the_points_once_for_a_student_without_results_json(tmp_path):
    students = fake_graded_class(tmp_path / "graded")
    (tmp_path / "graded" / "results" / f"{students[0]}.json").unlink()  # e.g. removed by hand: only grades.csv knows them
    before = {r["student"]: float(r["max_score"]) for r in read_grades(tmp_path / "graded")}
    sheet = _sheet(tmp_path / "scores.csv", {s: 1 for s in students})
    for _ in range(3):
        manual.merge_into_out_dir(tmp_path / "graded", sheet)
    rows = {r["student"]: float(r["max_score"]) for r in read_grades(tmp_path / "graded")}
    assert rows == {s: pytest.approx(before[s] + 20) for s in students}
