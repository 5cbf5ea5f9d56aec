"""Written answers: one page per exercise with each student's plots, a score sheet, and its merge into grades.csv."""

import csv
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder import manual
from autograder.written.core import POINTS_ROW, gather, starter_template, write_pages
from tests.instructor_fixtures import fake_graded_class, png, read_grades, student_notebook

ROOT = Path(__file__).resolve().parents[3]
EXERCISES = ["ex1_learning_rate", "ex2_init", "ex3_depth", "ex4_circles"]


@pytest.fixture(scope="module")
def class_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("written_class")
    red, blue = png("red"), png("blue")
    ada = student_notebook({q: f"Ada's answer to {q}: the cost **drops** faster." for q in EXERCISES},
                            {"settings = fast_settings()": red, "fig, axes = plt.subplots(1, 2": blue,
                             "print(\"training accuracy": red})
    nbformat.write(ada, root / "ada.ipynb")
    hostile = "<script>alert('x')</script> ![tracker](http://evil.example/pixel.png) <img src=x onerror=alert(1)>"
    babbage = student_notebook({"ex1_learning_rate": hostile}, {}, drop=("ex3_depth",))
    (root / "babbage").mkdir()
    nbformat.write(babbage, root / "babbage" / "homework.ipynb")
    with zipfile.ZipFile(root / "curie.zip", "w") as archive:  # the notebook is missing from this submission
        archive.writestr("deepnn.py", (ROOT / "course" / "deepnn.py").read_text())
    submissions = [root / "ada.ipynb", root / "babbage", root / "curie.zip"]
    out = root / "written"
    done = subprocess.run([sys.executable, "-m", "autograder", "written", *map(str, submissions), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "curie: no notebook in the submission" in done.stderr
    return root, submissions, out


def test_the_exercises_come_from_the_starter_notebook():
    assert list(starter_template()) == EXERCISES


def test_each_exercise_page_shows_every_student_side_by_side_with_their_plots(class_dir):
    root, submissions, out = class_dir
    works = {w.student: w for w in gather(submissions)}
    assert [works["ada"].answers[q].status for q in EXERCISES] == ["answered"] * 4
    # the plots of an exercise are those of its own section, not the ones above it
    assert len(works["ada"].answers["ex1_learning_rate"].images) == 0
    assert len(works["ada"].answers["ex2_init"].images) == 1
    assert len(works["ada"].answers["ex3_depth"].images) == 1
    assert works["ada"].answers["ex2_init"].images[0][1] != works["ada"].answers["ex3_depth"].images[0][1]
    # the starter's prompt is not part of the answer
    assert works["ada"].answers["ex1_learning_rate"].text == "Ada's answer to ex1_learning_rate: the cost **drops** faster."
    assert works["babbage"].answers["ex2_init"].status == "unchanged"
    assert works["babbage"].answers["ex3_depth"].status == "missing"
    assert works["curie"].answers["ex1_learning_rate"].status == "no_notebook"
    page = (out / "ex2_init.html").read_text()
    assert page.count('class="card"') == 3
    assert page.count("data:image/png;base64,") == 1
    assert "<strong>drops</strong>" in page
    assert "unchanged from the starter" in page and "No notebook in this submission" in page
    assert "No answer cell found" in (out / "ex3_depth.html").read_text()
    index = (out / "index.html").read_text()
    assert all(f'href="{q}.html"' in index for q in EXERCISES)


def test_student_text_cannot_inject_html_or_fetch_anything(class_dir):
    _, _, out = class_dir
    page = (out / "ex1_learning_rate.html").read_text()
    assert "&lt;script&gt;" in page and "<script" not in page
    assert "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    assert 'src="http' not in page and "<img src=x" not in page
    assert "default-src 'none'" in page


def test_the_score_sheet_leaves_missing_answers_blank_with_the_kits_notes_apart(class_dir):
    _, _, out = class_dir
    with open(out / "scores.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["student"] + [f"written_{q}" for q in EXERCISES] + ["comments", "notes"]
    assert rows[0]["student"] == POINTS_ROW and rows[0]["written_ex1_learning_rate"] == "5"
    by = {r["student"]: r for r in rows[1:]}
    assert set(by) == {"ada", "babbage", "curie"}
    assert by["ada"]["written_ex1_learning_rate"] == ""  # to be read and scored
    # nothing to read is no decision either: blank, so the merge asks the instructor to decide
    assert all(by["curie"][f"written_{q}"] == "" for q in EXERCISES) and by["babbage"]["written_ex3_depth"] == ""
    assert by["curie"]["notes"] == "no notebook in the submission" and by["ada"]["notes"] == ""
    assert by["babbage"]["notes"] == "no answer: ex2_init unchanged, ex3_depth missing, ex4_circles unchanged"
    assert all(r["comments"] == "" for r in by.values())  # the instructor's words only, shown to the student


def test_the_kits_notes_never_reach_the_students_feedback(tmp_path, class_dir):
    _, submissions, out = class_dir
    graded = tmp_path / "graded"
    students = fake_graded_class(graded)
    rows = list(csv.DictReader(open(out / "scores.csv", newline="")))
    rows += [{"student": s} for s in students if s not in {r["student"] for r in rows}]  # the fake class is larger
    for row in rows[1:]:  # the instructor decides every blank, and writes one comment of their own
        row.update({f"written_{q}": row.get(f"written_{q}") or "0" for q in EXERCISES})
    rows[1 + [r["student"] for r in rows[1:]].index("babbage")]["comments"] = "Answer every exercise next time."
    with open(tmp_path / "filled.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(manual.ManualError, match="not filled in"):
        manual.merge_into_out_dir(graded, out / "scores.csv")  # the kit's own sheet: blanks left to decide
    manual.merge_into_out_dir(graded, tmp_path / "filled.csv")
    curie = (graded / "feedback" / "curie.md").read_text()
    babbage = (graded / "feedback" / "babbage.md").read_text()
    assert "no notebook" not in curie and "Comments:" not in curie
    assert "no answer" not in babbage and "Answer every exercise next time." in babbage
    result = json.loads((graded / "results" / "curie.json").read_text())
    assert result["extra_data"]["manual"]["comment"] == ""


def test_an_older_sheet_is_read_and_its_kit_notes_move_out_of_the_comments(tmp_path, class_dir):
    """A sheet an older kit wrote: no notes column, the kit's notes in comments, 0s it pre-filled."""
    _, submissions, _ = class_dir
    old = tmp_path / "scores.csv"
    columns = [f"written_{q}" for q in EXERCISES]
    old.write_text("student," + ",".join(columns) + ",comments\n"
                   "Points Possible,5,5,5,5,points of each exercise (edit here)\n"
                   "ada,4,5,5,5,\n"
                   "babbage,3,0,0,0,\"no answer: ex2_init unchanged, ex3_depth missing, ex4_circles unchanged\"\n"
                   "curie,0,0,0,0,Talk to me about the notebook.\n")
    assert manual.read_sheet(old)[3]["curie"] == "Talk to me about the notebook."  # readable by the merge as it is
    write_pages(gather(submissions), tmp_path)
    by = {r["student"]: r for r in csv.DictReader(open(old, newline=""))}
    assert by["ada"]["written_ex1_learning_rate"] == "4" and by["babbage"]["written_ex2_init"] == "0"  # kept: maybe decided
    assert by["babbage"]["comments"] == "" and by["babbage"]["notes"].startswith("no answer: ex2_init unchanged")
    assert by["curie"]["comments"] == "Talk to me about the notebook." and by["curie"]["notes"] == "no notebook in the submission"


def test_rerunning_keeps_the_scores_already_filled_in(tmp_path, class_dir):
    _, submissions, out = class_dir
    copy_dir = tmp_path / "again"
    copy_dir.mkdir()
    text = (out / "scores.csv").read_text().replace("ada,,", "ada,4,", 1)
    (copy_dir / "scores.csv").write_text(text)
    write_pages(gather(submissions), copy_dir)
    assert "ada,4," in (copy_dir / "scores.csv").read_text()
    # saved from a spreadsheet as "CSV UTF-8" (a byte-order mark first), with the points edited: both kept
    edited = (copy_dir / "scores.csv").read_text().replace("Points Possible,5", "Points Possible,8", 1)
    (copy_dir / "scores.csv").write_text("\ufeff" + edited, encoding="utf-8")
    write_pages(gather(submissions), copy_dir)
    again = (copy_dir / "scores.csv").read_text(encoding="utf-8")
    assert "ada,4," in again and "Points Possible,8" in again and not again.startswith("\ufeff")


def test_the_sample_class_written_answers_then_grade_manual_merges_the_filled_sheet(tmp_path):
    """written on the graded sample class (the .py students have no notebook; forgot_module has only its
    notebook), then `grade ... --manual` with the filled sheet: extra columns and totals in grades.csv."""
    import shutil

    from tests.instructor_fixtures import FORGOT_MODULE, graded_sample_class

    _, submissions, graded = graded_sample_class()
    written = tmp_path / "written"
    done = subprocess.run([sys.executable, "-m", "autograder", "written", *map(str, submissions.values()), "--out", str(written),
                           "--graded", str(graded)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "db_wrong_shape: no notebook in the submission" in done.stderr
    page = (written / "ex2_init.html").read_text()
    assert page.count('class="card"') == len(submissions) and page.count("data:image/png;base64,") == 1
    assert "My answer to ex2_init" in page
    assert len(re.findall(r"code of this exercise, autograded: 0 / [1-9]", page)) == len(submissions)  # nobody's ex2 passed
    sheet = (written / "scores.csv").read_text()
    rows = list(csv.DictReader(io.StringIO(sheet)))
    for row in rows[1:]:  # the instructor scores the one notebook and decides 0 for those with no notebook
        scores = ["5", "4", "3", "2"] if row["student"] == FORGOT_MODULE else [row[f"written_{q}"] or "0" for q in EXERCISES]
        row.update(zip([f"written_{q}" for q in EXERCISES], scores))
    filled = io.StringIO()
    writer = csv.DictWriter(filled, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (tmp_path / "filled.csv").write_text(filled.getvalue())
    out = tmp_path / "graded"
    shutil.copytree(graded, out)
    before = {r["student"]: float(r["score"]) for r in read_grades(out)}
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", *map(str, submissions.values()), "--out", str(out),
                           "--manual", str(tmp_path / "filled.csv")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = {r["student"]: r for r in read_grades(out)}
    assert [rows[FORGOT_MODULE][f"written_{q}"] for q in EXERCISES] == ["5", "4", "3", "2"]
    assert float(rows[FORGOT_MODULE]["score"]) == pytest.approx(before[FORGOT_MODULE] + 14)
    assert float(rows[FORGOT_MODULE]["max_score"]) == pytest.approx(120)
    # no notebook: 0 written, the total is the autograded one (whether this run reused or regraded it)
    assert [rows["db_wrong_shape"][f"written_{q}"] for q in EXERCISES] == ["0"] * 4
    result = json.loads((out / "results" / "db_wrong_shape.json").read_text())
    assert float(rows["db_wrong_shape"]["score"]) == pytest.approx(result["score"])
    assert float(rows["db_wrong_shape"]["max_score"]) == pytest.approx(120) == result["extra_data"]["max_score"]
    (tmp_path / "bad.csv").write_text(sheet)  # not filled in: refused with what to fix, exit status 2
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", *map(str, submissions.values()), "--out", str(out),
                           "--manual", str(tmp_path / "bad.csv")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "not filled in" in done.stderr


def test_a_missing_submission_is_named_with_what_to_pass(tmp_path):
    missing = tmp_path / "nobody.ipynb"
    run = subprocess.run([sys.executable, "-m", "autograder", "written", str(missing), "--out", str(tmp_path / "w")],
                         capture_output=True, text=True)
    assert run.returncode != 0
    assert f"{missing} does not exist (give one notebook, folder or zip per student)" in run.stderr + run.stdout


def test_one_broken_notebook_does_not_stop_the_class_and_ids_match_the_grader(tmp_path):
    from autograder.sandbox import student_id_of

    good = tmp_path / "Dan.IPYNB"  # saved with a byte-order mark, under an upper-case suffix
    good.write_text("\ufeff" + nbformat.writes(student_notebook({"ex1_learning_rate": "Too large a rate diverges."}, {})),
                    encoding="utf-8")
    broken = tmp_path / "eve.ipynb"
    broken.write_text("{not json")
    works = {w.student: w for w in gather([good, broken])}
    assert set(works) == {student_id_of(good), student_id_of(broken)} == {"Dan", "eve"}
    assert works["Dan"].answers["ex1_learning_rate"].status == "answered"
    assert "could not be read" in works["eve"].problem and "eve.ipynb" in works["eve"].problem
    assert all(a.status == "no_notebook" for a in works["eve"].answers.values())


def test_a_linked_notebook_is_never_read_and_the_sheet_stays_safe_to_open(tmp_path):
    """A folder whose homework.ipynb links to someone else's notebook shows nothing of it; a student id
    that is a spreadsheet formula reaches scores.csv as text (and the kit reads it back as the id)."""
    from autograder.csvfiles import read_csv

    other = tmp_path / "frank.ipynb"
    nbformat.write(student_notebook({"ex1_learning_rate": "FRANK'S OWN WORDS"}, {}), other)
    copier = tmp_path / "=copier"
    copier.mkdir()
    (copier / "homework.ipynb").symlink_to(other)
    linked_dir = tmp_path / "grace"
    linked_dir.mkdir()
    (linked_dir / "work").symlink_to(tmp_path)  # a linked folder: nothing under it is walked
    works = {w.student: w for w in gather([other, copier, linked_dir])}
    assert "not a plain file" in works["=copier"].problem and "homework.ipynb" in works["=copier"].problem
    assert all(a.status == "no_notebook" for a in works["=copier"].answers.values())
    assert works["grace"].problem == "no notebook in the submission"
    out = tmp_path / "written"
    write_pages(list(works.values()), out)
    page = (out / "ex1_learning_rate.html").read_text()
    assert page.count("FRANK'S OWN WORDS") == 1  # frank's card only
    with open(out / "scores.csv", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert "'=copier" in cells and "=copier" not in cells
    assert "=copier" in {row["student"] for row in read_csv(out / "scores.csv", "score sheet")[1]}
