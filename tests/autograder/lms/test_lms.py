"""Submissions straight from the LMS: Canvas's "Download Submissions" zip and Gradescope's "Export Submissions".

The grading runs go through the real CLI (``python -m autograder grade ZIP --roster ...``) on a
one-question test set (tests/lms_fixtures.py) so each student costs one small worker.
"""

import csv
import json
import zipfile
from datetime import timedelta

import pytest
import yaml

from autograder import config
from autograder.__main__ import main as cli_main
from autograder.lms import LmsError, canvas, detect, gradescope_export, load_export, materialize, read_roster
from tests.lms_fixtures import ROSTER, run_grade, sources, tiny_questions, zip_bytes  # noqa: F401 - tiny_questions is a fixture


def _grades(out):
    with open(out / "grades.csv", newline="") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


def _canvas_zip(path):
    """A Canvas export: a LATE resubmission, a student with two files, one not on the roster, Mac junk, a folder."""
    src = sources()
    path.write_bytes(zip_bytes({
        "okaforada_LATE_20001_111_deepnn.py": src["untouched_starter"],  # the first upload: the starter
        "okaforada_LATE_20001_222_deepnn-1.py": src["good_student"],  # uploaded again: this one is graded
        "okaforada_LATE_20001_223_notes.txt": "my notes",
        "lindqvistbo_20002_333_deepnn.py": src["untouched_starter"],
        "lindqvistbo_20002_334_homework.ipynb": json.dumps({"cells": [], "nbformat": 4, "nbformat_minor": 5}),
        "__MACOSX/._okaforada_LATE_20001_222_deepnn-1.py": b"\x00\x05\x16\x07junk",
        "submissions/strangerx_99999_444_deepnn.py": src["good_student"],
    }))
    return path


# --------------------------------------------------------------------------- Canvas names

def test_canvas_names_are_read_with_their_variants():
    assert canvas.parse_name("okaforada_LATE_20001_123456_deepnn.py") == ("okaforada", True, "20001", 123456, "deepnn.py")
    assert canvas.parse_name("okaforada_20001_deepnn.py") == ("okaforada", False, "20001", None, "deepnn.py")  # no attachment id
    # a name with digits and underscores: the reading whose user id is on the roster wins
    assert canvas.parse_name("obrien_2_20005_77_my_deepnn.py", {"20005"}) == ("obrien_2", False, "20005", 77, "my_deepnn.py")
    assert canvas.parse_name("deepnn.py") is None
    assert canvas.original_name("deepnn-12.py") == ("deepnn.py", 12) and canvas.original_name("deep-nn.py") == ("deep-nn.py", 0)


def test_a_canvas_export_is_recognised_and_a_students_own_zip_is_not(tmp_path):
    export = _canvas_zip(tmp_path / "submissions.zip")
    own = tmp_path / "alice.zip"
    own.write_bytes(zip_bytes({"deepnn.py": "x = 1\n", "homework.ipynb": "{}"}))
    assert detect(export) == "canvas" and detect(own) is None


def test_each_canvas_student_keeps_the_latest_deepnn_and_is_told_which(tmp_path):
    subs, problems = load_export(_canvas_zip(tmp_path / "submissions.zip"), read_roster(_roster(tmp_path)))
    by_id = {s.student: s for s in subs}
    assert sorted(by_id) == ["canvas_99999", "good_student", "untouched_starter"]
    ada = by_id["good_student"]
    assert ada.data.decode() == sources()["good_student"] and ada.marked_late and ada.name == "deepnn.py"
    assert "deepnn.py (uploaded again as deepnn-1.py)" in ada.notes[0] and "deepnn.py (an earlier upload), notes.txt" in ada.notes[1]
    assert not by_id["untouched_starter"].marked_late and by_id["untouched_starter"].name == "deepnn.py"  # deepnn.py beats the notebook
    assert [p.member for p in problems] == ["submissions/strangerx_99999_444_deepnn.py"]
    assert "20001" not in str(problems) and "graded as canvas_99999" in problems[0].what


def test_materialized_files_sit_in_a_private_folder_and_are_never_written_through_a_link(tmp_path):
    subs, _ = load_export(_canvas_zip(tmp_path / "submissions.zip"), read_roster(_roster(tmp_path)))
    folder, paths = materialize(subs)
    try:
        assert (folder.stat().st_mode & 0o777) == 0o700 and sorted(p.name for p in paths) == [
            "canvas_99999.py", "good_student.py", "untouched_starter.py"]
        target = tmp_path / "victim.txt"
        target.write_text("keep")
        (folder / "good_student.py").unlink()
        (folder / "good_student.py").symlink_to(target)
        with pytest.raises(OSError):
            materialize(subs[:1] if subs[0].student == "good_student" else [s for s in subs if s.student == "good_student"], folder)
        assert target.read_text() == "keep"
    finally:
        import shutil

        shutil.rmtree(folder)


def test_a_bad_roster_gets_a_sentence(tmp_path):
    bad = tmp_path / "roster.csv"
    bad.write_text("name,email\nAda,ada@example.edu\n")
    with pytest.raises(LmsError, match="student and id"):
        read_roster(bad)


def _roster(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER)
    return path


# --------------------------------------------------------------------------- Canvas through the CLI

def test_grading_a_canvas_zip_through_the_cli(tmp_path, tiny_questions, capsys):
    export, roster, out = _canvas_zip(tmp_path / "submissions.zip"), _roster(tmp_path), tmp_path / "class"
    assert run_grade(export, "--roster", roster, "--out", out) == 0
    err = capsys.readouterr().err
    grades = _grades(out)
    assert sorted(grades) == ["canvas_99999", "good_student", "untouched_starter"]  # the stranger is graded, not dropped
    assert grades["good_student"]["score"] == "4" and grades["untouched_starter"]["score"] == "0"  # the resubmission is graded
    assert grades["good_student"]["late_penalty"] == "0"  # no time given: no invented penalty
    feedback = (out / "feedback" / "good_student.md").read_text()
    assert "Canvas marked your upload late" in feedback and "deepnn.py (uploaded again as deepnn-1.py)" in feedback
    report = (out / "lms_report.txt").read_text()
    assert "canvas_99999" in report and "canvas_99999" in err and "give --times" in err and "good_student" in report
    assert "graded 3/3 submissions" in err  # the shared progress display, plain lines (stderr is not a terminal)
    assert not list(tmp_path.glob("autograder-lms-*"))
    # the export back to Canvas uses the same ids: the roster's students get their grade, the stranger is reported
    canvas_csv = tmp_path / "canvas.csv"
    assert cli_main(["export", str(out / "grades.csv"), "--format", "canvas", "--roster", str(roster), "--out", str(canvas_csv)]) == 0
    rows = list(csv.reader(canvas_csv.open(newline="")))
    ada = next(r for r in rows if r[1] == "20001")
    assert ada[-1] == "4"
    assert "canvas_99999" in (tmp_path / "canvas.csv.report.txt").read_text()


def test_a_canvas_late_mark_with_a_time_takes_the_policys_penalty(tmp_path, tiny_questions, capsys):
    export, roster, out = _canvas_zip(tmp_path / "submissions.zip"), _roster(tmp_path), tmp_path / "class"
    times = tmp_path / "times.csv"
    due = config.load().late.due
    times.write_text(f"student,submitted_at\ngood_student,{(due + timedelta(hours=30)).isoformat()}\n")
    assert run_grade(export, "--roster", roster, "--out", out, "--times", times) == 0
    grades = _grades(out)
    assert float(grades["good_student"]["late_penalty"]) > 0
    feedback = (out / "feedback" / "good_student.md").read_text()
    assert "Late submission" in feedback and "Canvas marked your upload late" not in feedback


# --------------------------------------------------------------------------- Gradescope's export

def _gradescope_export(root, due_offset_hours):
    """Gradescope's Export Submissions, unzipped under ``root``: two submissions, one late by ``due_offset_hours``."""
    due = config.load().late.due
    meta = {
        "submission_1001": {":submitters": [{":name": "Ada Okafor", ":sid": "S20001", ":email": "ada@example.edu"}],
                            ":created_at": (due + timedelta(hours=due_offset_hours)).strftime("%Y-%m-%d %H:%M:%S.%f000 %z"),
                            ":score": 0.0},
        "submission_1002": {":submitters": [{":name": "Zed Nobody", ":sid": "S99", ":email": "zed@example.edu"}],
                            ":created_at": (due - timedelta(hours=2)).isoformat(sep=" ")},
    }
    top = root / "assignment_42_export"
    (top / "submission_1001").mkdir(parents=True)
    (top / "submission_1002" / "__MACOSX").mkdir(parents=True)
    (top / "submission_metadata.yml").write_text(yaml.safe_dump(meta))
    (top / "submission_1001" / "deepnn.py").write_text(sources()["good_student"])
    (top / "submission_1002" / "deepnn.py").write_text(sources()["untouched_starter"])
    (top / "submission_1002" / "__MACOSX" / "._deepnn.py").write_bytes(b"junk")
    return top


def _zip_folder(folder, path):
    with zipfile.ZipFile(path, "w") as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, str(file.relative_to(folder.parent)))
    return path


def test_a_gradescope_export_is_read_from_its_zip_or_its_folder(tmp_path):
    top = _gradescope_export(tmp_path / "unzipped", 30)
    roster = read_roster(_roster(tmp_path))
    from_folder, problems = load_export(top, roster)
    from_zip, _ = load_export(_zip_folder(top, tmp_path / "export.zip"), roster)
    assert detect(top) == detect(tmp_path / "export.zip") == "gradescope"
    for subs in (from_folder, from_zip):
        assert [s.student for s in subs] == ["good_student", "gradescope_S99"]
        assert subs[0].submitted_at == config.load().late.due + timedelta(hours=30)
        with zipfile.ZipFile(__import__("io").BytesIO(subs[0].data)) as archive:
            assert archive.namelist() == ["deepnn.py"]
    assert from_folder[0].data == from_zip[0].data  # the same bytes either way: a regrade resumes
    assert any("Zed Nobody" in p.what and "gradescope_S99" in p.what for p in problems)


def test_gradescope_times_in_text_or_yaml_form_are_read():
    assert gradescope_export.parse_created_at("2026-12-11 22:10:05.123456000 -0500").utcoffset() == timedelta(hours=-5)
    assert gradescope_export.parse_created_at(yaml.safe_load("t: 2026-12-11 22:10:05 -05:00")["t"]).hour == 22


def test_grading_a_gradescope_export_through_the_cli_applies_its_times(tmp_path, tiny_questions, capsys):
    export = _zip_folder(_gradescope_export(tmp_path / "unzipped", 30), tmp_path / "export.zip")
    out = tmp_path / "class"
    assert run_grade(export, "--roster", _roster(tmp_path), "--out", out) == 0
    grades = _grades(out)
    assert sorted(grades) == ["good_student", "gradescope_S99"]
    assert float(grades["good_student"]["late_penalty"]) > 0 and grades["gradescope_S99"]["late_penalty"] == "0"
    result = json.loads((out / "results" / "good_student.json").read_text())
    assert "Regraded from Gradescope's export" in result["output"] and "Late submission" in result["output"]
    assert "gradescope_S99" in capsys.readouterr().err


def test_a_broken_export_is_a_sentence_not_a_traceback(tmp_path, tiny_questions, capsys):
    top = tmp_path / "export"
    top.mkdir()
    (top / "submission_metadata.yml").write_text("- just\n- a list\n")
    assert run_grade(top, "--out", tmp_path / "class") == 2
    assert "does not map submission folders" in capsys.readouterr().err


# --------------------------------------------------------------------------- progress

def test_written_shows_the_shared_progress_as_plain_lines_when_not_a_terminal(tmp_path, capsys):
    from autograder import COURSE_DIR

    subs = []
    for name in ("alice", "bob"):
        subs.append(tmp_path / f"{name}.ipynb")
        subs[-1].write_text((COURSE_DIR / "homework.ipynb").read_text())
    assert cli_main(["written", *map(str, subs), "--out", str(tmp_path / "written")]) == 0
    err = capsys.readouterr().err
    assert "read 2/2 submissions in" in err and "\r" not in err and "\x1b[" not in err
    assert cli_main(["written", str(subs[0]), str(subs[0]), "--out", str(tmp_path / "again")]) == 2  # bad input (autograder/exitcodes.py)
    assert "student ids must be unique" in capsys.readouterr().err


def test_grade_shows_a_bar_on_a_terminal(tmp_path, tiny_questions, monkeypatch):
    """On a terminal the shared display draws a rich bar (count and time left) instead of lines."""
    import io

    from autograder.grade import grade_many

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr("sys.stderr", screen)
    (tmp_path / "ada.py").write_text(sources()["good_student"])
    grade_many([tmp_path / "ada.py"], tmp_path / "out", limits=None)
    text = screen.getvalue()
    assert "graded" in text and "1/1" in text and "graded 1/1 submissions in" not in text  # the bar, not the plain line


def test_a_hostile_canvas_export_is_read_without_following_anything(tmp_path, tiny_questions, capsys):
    """A link member, a ``..`` name and an oversized upload: each named for the instructor, the class still graded."""
    import stat

    path = tmp_path / "submissions.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("okaforada_20001_1_deepnn.py", sources()["good_student"])
        link = zipfile.ZipInfo("lindqvistbo_20002_2_deepnn.py")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("../../escaped_20003_3_deepnn.py", "x = 1\n")
    subs, problems = load_export(path, read_roster(_roster(tmp_path)))
    assert [s.student for s in subs] == ["good_student"]
    assert sorted(p.member for p in problems) == ["../../escaped_20003_3_deepnn.py", "lindqvistbo_20002_2_deepnn.py"]
    assert all("never read" in p.what for p in problems)
    from autograder.lms import canvas as canvas_module

    big = tmp_path / "big.zip"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("okaforada_20001_1_deepnn.py", b"#" * (canvas_module.MAX_MEMBER_BYTES + 1))
    subs, problems = load_export(big, read_roster(_roster(tmp_path)))
    assert subs[0].data == b"" and "could not be read" in subs[0].notes[-1] and "over the 50 MB limit" in problems[0].what


def test_a_zip_uploaded_to_canvas_is_graded_like_any_zip_and_no_roster_keeps_canvas_ids(tmp_path):
    from autograder.sandbox.submission import load_submission

    inner = zip_bytes({"submission/deepnn.py": sources()["good_student"], "submission/homework.ipynb": "{}"})
    path = tmp_path / "submissions.zip"
    path.write_bytes(zip_bytes({"okaforada_20001_5_submission.zip": inner, "okaforada_20001_4_homework.ipynb": "{}"}))
    subs, problems = load_export(path)  # no roster
    assert [s.student for s in subs] == ["canvas_20001"] and subs[0].name == "submission.zip"  # the zip beats the notebook
    assert any("canvas_20001" in p.what for p in problems)
    folder, paths = materialize(subs)
    try:
        assert paths[0].name == "canvas_20001.zip" and load_submission(paths[0]).source == sources()["good_student"]
    finally:
        import shutil

        shutil.rmtree(folder)


def test_a_gradescope_group_submission_is_graded_for_each_member(tmp_path):
    top = _gradescope_export(tmp_path / "unzipped", 1)
    meta = yaml.safe_load((top / "submission_metadata.yml").read_text())
    meta["submission_1001"][":submitters"].append({":name": "Bo Lindqvist", ":sid": "S20002", ":email": "bo@example.edu"})
    (top / "submission_metadata.yml").write_text(yaml.safe_dump(meta))
    subs, _ = load_export(top, read_roster(_roster(tmp_path)))
    by_id = {s.student: s for s in subs}
    assert by_id["good_student"].data == by_id["untouched_starter"].data  # both members get the group's files


def test_a_roster_without_an_export_is_named_not_ignored(tmp_path, tiny_questions, capsys):
    (tmp_path / "ada.py").write_text(sources()["good_student"])
    assert run_grade(tmp_path / "ada.py", "--roster", _roster(tmp_path), "--out", tmp_path / "class") == 0
    assert "is used only to read a Canvas or Gradescope export" in capsys.readouterr().err


def test_a_canvas_student_who_uploaded_no_code_is_told_what_to_upload(tmp_path):
    path = tmp_path / "submissions.zip"
    path.write_bytes(zip_bytes({"okaforada_20001_5_report.pdf": b"%PDF-1.4", "lindqvistbo_20002_6_deepnn.py": "x = 1\n"}))
    subs, problems = load_export(path, read_roster(_roster(tmp_path)))
    ada = next(s for s in subs if s.student == "good_student")
    assert ada.data == b"" and "report.pdf" in ada.notes[0] and "Upload deepnn.py" in ada.notes[0]
    assert any("good_student gets 0" in p.what for p in problems)


# --------------------------------------------------------------------------- written and similarity read the same exports

def _canvas_class_zip(path):
    """A Canvas export of three students: Ada uploaded deepnn.py and her notebook apart, Bo a zip, a stranger a notebook."""
    import io

    import nbformat

    from tests.instructor_fixtures import student_notebook

    def notebook(who):
        buffer = io.StringIO()
        nbformat.write(student_notebook({"ex1_learning_rate": f"{who}'s answer: the cost drops faster."}, {}), buffer)
        return buffer.getvalue()

    src = sources()
    path.write_bytes(zip_bytes({
        "okaforada_20001_111_deepnn.py": src["good_student"],
        "okaforada_20001_112_homework.ipynb": notebook("Ada"),
        "lindqvistbo_20002_333_submission.zip": zip_bytes({"deepnn.py": src["untouched_starter"], "homework.ipynb": notebook("Bo")}),
        "strangerx_LATE_99999_444_homework.ipynb": notebook("Stranger"),
    }))
    return path


def test_written_reads_a_canvas_zip_per_student_with_the_ids_grade_gives(tmp_path, capsys):
    from autograder.lms.expand import expand

    export, roster, out = _canvas_class_zip(tmp_path / "submissions.zip"), _roster(tmp_path), tmp_path / "written"
    assert cli_main(["written", str(export), "--roster", str(roster), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    with open(out / "scores.csv", newline="") as handle:
        sheet = {row["student"]: row for row in csv.DictReader(handle)}
    graded = expand([export], roster)  # the grade command's own expansion: the same student ids
    try:
        assert set(sheet) - {"Points Possible"} == {__import__("pathlib").Path(p).stem for p in graded.paths} \
            == {"good_student", "untouched_starter", "canvas_99999"}
    finally:
        graded.cleanup()
    page = (out / "ex1_learning_rate.html").read_text()
    for who in ("Ada", "Bo", "Stranger"):  # Ada's notebook is read, not her deepnn.py
        assert f"{who}&#x27;s answer" in page or f"{who}'s answer" in page
    assert "3 students, 4 exercises" in captured.out
    assert "Canvas user 99999 is on no roster row: graded as canvas_99999" in captured.err
    assert "Canvas marked" not in (out / "lms_report.txt").read_text()  # late marks are grade's business
    assert "subs" not in sheet and not list(out.glob("autograder-lms-*"))


def test_written_reads_a_gradescope_export(tmp_path, capsys):
    top = _gradescope_export(tmp_path / "unzipped", 30)
    from autograder import COURSE_DIR

    (top / "submission_1001" / "homework.ipynb").write_text((COURSE_DIR / "homework.ipynb").read_text())
    out = tmp_path / "written"
    assert cli_main(["written", str(top), "--roster", str(_roster(tmp_path)), "--out", str(out)]) == 0
    index = (out / "index.html").read_text()
    assert "good_student" in index and "gradescope_S99" in index
    assert "2 students, 4 exercises" in capsys.readouterr().out


def test_similarity_reads_a_canvas_zip_per_student_with_the_ids_grade_gives(tmp_path, capsys):
    export, roster, out = _canvas_zip(tmp_path / "submissions.zip"), _roster(tmp_path), tmp_path / "similar"
    assert cli_main(["similarity", str(export), "--roster", str(roster), "--out", str(out), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert "compared 3 submissions (3 pairs)" in captured.out
    with open(out / "similarity.csv", newline="") as handle:
        pairs = list(csv.DictReader(handle))
    assert {s for row in pairs for s in (row["student_a"], row["student_b"])} == {"good_student", "untouched_starter", "canvas_99999"}
    top = pairs[0]  # Ada's latest upload is the stranger's file: the pair a person must read
    assert {top["student_a"], top["student_b"]} == {"good_student", "canvas_99999"} and float(top["score"]) > 0.9
    assert "graded as canvas_99999" in captured.err


def test_similarity_of_an_export_of_one_student_says_there_is_nothing_to_compare(tmp_path, capsys):
    export = tmp_path / "one.zip"
    export.write_bytes(zip_bytes({"okaforada_20001_111_deepnn.py": sources()["good_student"]}))
    assert cli_main(["similarity", str(export), "--out", str(tmp_path / "similar"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "there is nothing to compare: only one submission was given" in err
    assert not (tmp_path / "similar" / "similarity.csv").exists()


def test_no_module_of_the_lms_package_imports_its_init():
    """The readers and the grade command's helpers build on lms/model.py and lms/exports.py; ``autograder.lms``
    (``__init__``) only gathers the public names, so it can import them all without an import cycle."""
    from autograder import KIT_ROOT
    from tests.test_architecture import import_graph, strongly_connected

    graph = import_graph(KIT_ROOT)
    inside = sorted(m for m in graph if m.startswith("autograder.lms."))
    assert "autograder.lms.model" in inside and "autograder.lms.canvas" in inside
    assert [m for m in inside if "autograder.lms" in graph[m]] == []
    lms_only = {m: {t: lines for t, lines in graph[m].items() if t.startswith("autograder.lms")} for m in inside + ["autograder.lms"]}
    assert strongly_connected(lms_only) == []
    assert set(graph["autograder.lms.model"]) == set()  # the shared pieces import nothing of the kit
