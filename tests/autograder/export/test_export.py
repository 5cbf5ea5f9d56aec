"""Grade export: Canvas's gradebook layout through a roster, mismatches listed, never dropped."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.export import main
from autograder.export.core import ExportError, export
from tests.instructor_fixtures import fake_graded_class, read_grades

ROOT = Path(__file__).resolve().parents[3]

ROSTER = """student,name,id,sis_user_id,sis_login_id,section
ada,"Lovelace, Ada",1001,S1001,ada,Section A
babbage,"Babbage, Charles",1002,S1002,babbage,Section A
curie,"Curie, Marie",1003,S1003,curie,Section B
dijkstra,"Dijkstra, Edsger",1004,S1004,dijkstra,Section B
euler,"Euler, Leonhard",1005,S1005,euler,Section B
gauss,"Gauss, Carl",1007,S1007,gauss,Section A
"""


def _read(path):
    with open(path, newline="") as handle:
        return list(csv.reader(handle))


def test_canvas_layout_maps_ids_and_lists_both_kinds_of_mismatch(tmp_path, capsys):
    fake_graded_class(tmp_path / "graded")  # ada..fermat; fermat is not on the roster, gauss did not submit
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER)
    out = tmp_path / "canvas.csv"
    report = export(tmp_path / "graded" / "grades.csv", roster=roster, out=out, fmt="canvas", assignment="HW 3")
    rows = _read(out)
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "HW 3"]
    assert rows[1][0] == "Points Possible" and float(rows[1][5]) == pytest.approx(100)
    grades = {r["student"]: r["score"] for r in read_grades(tmp_path / "graded")}
    body = {r[3]: r for r in rows[2:]}
    assert body["ada"][:5] == ["Lovelace, Ada", "1001", "S1001", "ada", "Section A"]
    assert float(body["curie"][5]) == pytest.approx(float(grades["curie"]))
    assert body["gauss"][5] == ""  # on the roster, not graded: kept, with an empty cell
    assert "fermat" not in body
    assert report.not_in_roster == ["fermat"] and report.not_graded == ["gauss"]
    stderr = capsys.readouterr().err
    assert "NOT on the roster" in stderr and "fermat" in stderr and "gauss" in stderr
    saved = (tmp_path / "canvas.csv.report.txt").read_text()
    assert "fermat" in saved and "gauss" in saved


def test_plain_csv_keeps_every_student_with_a_match_column(tmp_path):
    fake_graded_class(tmp_path / "graded")
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER)
    out = tmp_path / "plain.csv"
    export(tmp_path / "graded" / "grades.csv", roster=roster, out=out, fmt="csv", assignment="HW 3")
    with open(out, newline="") as handle:
        rows = {r["student"]: r for r in csv.DictReader(handle)}
    assert set(rows) == {"ada", "babbage", "curie", "dijkstra", "euler", "fermat", "gauss"}
    assert rows["fermat"]["match"] == "not_in_roster" and rows["fermat"]["score"] != ""
    assert rows["gauss"]["match"] == "not_graded" and rows["gauss"]["score"] == ""
    assert rows["ada"]["match"] == "ok" and rows["ada"]["ID"] == "1001" and rows["ada"]["late_penalty"] == "0"


def test_the_plain_csv_report_says_the_unrostered_students_are_in_the_file(tmp_path, capsys):
    fake_graded_class(tmp_path / "graded")
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER)
    report = export(tmp_path / "graded" / "grades.csv", roster=roster, out=tmp_path / "plain.csv", fmt="csv", assignment="HW 3")
    stderr = capsys.readouterr().err
    assert "not in the Canvas file" not in stderr and "empty cell" not in stderr
    assert ("1 graded student is NOT on the roster (in the file with match not_in_roster and no LMS ids; "
            "add them to the roster): fermat") in stderr
    assert "1 roster student has NO grade (match not_graded, empty grade; did they submit?): gauss" in stderr
    assert (tmp_path / "plain.csv.report.txt").read_text() == report.text()
    export(tmp_path / "graded" / "grades.csv", roster=roster, out=tmp_path / "canvas.csv", fmt="canvas", assignment="HW 3")
    assert "NOT on the roster (not in the Canvas file; add them to the roster): fermat" in capsys.readouterr().err


def test_a_roster_with_a_wrong_header_is_refused_like_grade_refuses_it(tmp_path, capsys):
    """First column student_id instead of student: the export stops with grade --roster's sentence, writing nothing."""
    from autograder.lms import LmsError, read_roster as grade_roster

    fake_graded_class(tmp_path / "graded")
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER.replace("student,", "student_id,", 1))
    with pytest.raises(LmsError) as refused:
        grade_roster(roster)
    out = tmp_path / "canvas.csv"
    code = main(grades=str(tmp_path / "graded" / "grades.csv"), roster=str(roster), out=str(out), assignment="HW")
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()  # bad input (autograder/exitcodes.py)
    assert err.startswith(f"export: {refused.value}") and "student_id" in err and "--key" in err


def test_a_canvas_export_works_as_the_roster(tmp_path):
    fake_graded_class(tmp_path / "graded")
    roster = tmp_path / "canvas_export.csv"
    roster.write_text("Student,ID,SIS User ID,SIS Login ID,Section,Old HW (1)\n"
                      "    Points Possible,,,,,10\n"
                      '"Lovelace, Ada",1001,S1001,ada,Section A,9\n')
    out = tmp_path / "canvas.csv"
    report = export(tmp_path / "graded" / "grades.csv", roster=roster, out=out, assignment="HW 3")
    assert [r[3] for r in _read(out)[2:]] == ["ada"]
    assert "babbage" in report.not_in_roster


def test_bad_inputs_say_what_to_fix(tmp_path):
    fake_graded_class(tmp_path / "graded")
    grades = tmp_path / "graded" / "grades.csv"
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email\nAda,ada@x\n")
    with pytest.raises(ExportError, match="needs a header row with at least the columns student and id"):
        export(grades, roster=roster, out=tmp_path / "x.csv", assignment="HW")
    roster.write_text("student,id\nada,1\nada,2\n")
    with pytest.raises(ExportError, match="'ada' appears twice in the roster"):
        export(grades, roster=roster, out=tmp_path / "x.csv", assignment="HW")
    roster.write_text("student,id\nada,\n")
    with pytest.raises(ExportError, match="has no Canvas ID"):
        export(grades, roster=roster, out=tmp_path / "x.csv", assignment="HW")
    with pytest.raises(ExportError, match="cannot read the grades file"):
        export(tmp_path / "missing.csv", roster=roster, out=tmp_path / "x.csv", assignment="HW")


def test_the_command_line_uses_the_assignment_name_and_strict_mode(tmp_path):
    fake_graded_class(tmp_path / "graded")
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER)
    out = tmp_path / "canvas.csv"
    command = [sys.executable, "-m", "autograder", "export", str(tmp_path / "graded" / "grades.csv"),
               "--format", "canvas", "--roster", str(roster), "--out", str(out)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    from autograder.config import load

    assert _read(out)[0][5] == load().name
    strict = subprocess.run(command + ["--strict"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert strict.returncode == 1 and "fermat" in strict.stderr  # a mismatch found under --strict


def test_the_sample_class_exports_through_the_example_roster_listing_both_mismatches(tmp_path):
    from tests.instructor_fixtures import graded_sample_class

    _, _, graded = graded_sample_class()
    out = tmp_path / "canvas.csv"
    done = subprocess.run([sys.executable, "-m", "autograder", "export", str(graded / "grades.csv"), "--format", "canvas",
                           "--roster", str(ROOT / "examples" / "roster.csv"), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    rows = _read(out)
    body = {r[3]: r for r in rows[2:]}
    assert body["db_wrong_shape"][:2] == ["Tanaka, Daichi", "20004"]
    assert body["db_wrong_shape"][5] == "44"  # after its late penalty
    assert body["syntax_error"][5] == "0"
    assert body["absent_student"][5] == ""  # on the roster, never submitted: kept, empty
    assert "forgot_module" not in body  # graded but not on the roster: listed, not exported
    report = (tmp_path / "canvas.csv.report.txt").read_text()
    assert "1 graded student is NOT on the roster" in report and "forgot_module" in report
    assert "absent_student" in report and "absent_student" in done.stderr


def test_roster_text_that_a_spreadsheet_would_run_is_exported_as_text(tmp_path):
    """A roster name or section starting with =, +, -, @ (or a tab) reaches canvas.csv with a leading ',
    so Excel or LibreOffice shows it instead of running it; ids and scores stay plain."""
    fake_graded_class(tmp_path / "graded")
    roster = tmp_path / "roster.csv"
    roster.write_text('student,name,id,sis_user_id,sis_login_id,section\n'
                      'ada,"=HYPERLINK(""http://evil.example"",""click"")",1001,+S1001,ada,@Section\n'
                      'babbage,"-2+3",1002,S1002,babbage,"\tA"\n')
    for fmt in ("canvas", "csv"):
        out = tmp_path / f"{fmt}.csv"
        export(tmp_path / "graded" / "grades.csv", roster=roster, out=out, fmt=fmt, assignment="HW")
        rows = _read(out)
        cells = [cell for row in rows for cell in row]
        assert not [cell for cell in cells if cell[:1] in ("=", "+", "@", "\t") or (cell[:1] == "-" and cell != "-")]
        assert "'=HYPERLINK(\"http://evil.example\",\"click\")" in cells and "'+S1001" in cells and "'@Section" in cells
        assert "'-2+3" in cells
    canvas = _read(tmp_path / "canvas.csv")
    assert canvas[1][5] == "100" and canvas[2][1] == "1001"
