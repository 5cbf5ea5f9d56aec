"""Submissions are read, never followed: links, files outside the folder, huge files (issue 9 rows 1, 2, 8; issue 10).

Each attack is the baseline (a wrong but well-formed submission: dW not divided by m) plus the
attack, graded end to end with ``grade_many`` on two tiny questions (fast, no plots). The attack
must score no more than the baseline, leak nothing into out/, and leave a row for every student.
"""

import json
import os
import resource
import stat
import zipfile

import pytest

from autograder import SOLUTIONS_DIR
from autograder.grade import grade_many
from autograder.sample_class import mutant_sources, notebook_of
from autograder.sandbox import Limits
from autograder.sandbox.intake import MAX_MEMBERS, IntakeError, content_hash, open_inside, scan_folder
from autograder.sandbox.submission import load_submission
from tests.question_fixtures import BACKWARD, COST, SHAPES, case, question, write_questions

QUESTIONS = {
    "qa": question("qa", case(SHAPES, "qa", 2), case(COST, "qa", 2)),
    "qb": question("qb", case(BACKWARD, "qb", 3)),
}
SECRET = "s3cret-NEVER-in-out-7f3a9c"
LIMITS = Limits(timeout=8, memory_mb=1024, output_mb=1)
SPARSE_BYTES = 3 * 2**30


@pytest.fixture(scope="module")
def questions(tmp_path_factory):
    return write_questions(tmp_path_factory.mktemp("questions"), QUESTIONS)


def _zip_with_link(path, name, target, extra=()):
    """A zip whose member ``name`` is a symbolic link to ``target`` (as `zip --symlinks` stores it)."""
    with zipfile.ZipFile(path, "w") as archive:
        info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, str(target))
        for member, text in extra:
            archive.writestr(member, text)


@pytest.fixture(scope="module")
def attacked_class(tmp_path_factory, questions):
    root = tmp_path_factory.mktemp("intake")
    subs = root / "submissions"
    subs.mkdir()
    secret_file = root / "secret.txt"
    secret_file.write_text(SECRET + "\n")
    wrong = mutant_sources()["dw_not_divided_by_m"]
    (subs / "baseline.py").write_text(wrong)
    # row 1: deepnn.py links to the kit's reference; the student's own (wrong) code is in the notebook
    (subs / "link_reference").mkdir()
    (subs / "link_reference" / "deepnn.py").symlink_to(SOLUTIONS_DIR / "deepnn.py")
    (subs / "link_reference" / "homework.ipynb").write_text(json.dumps(notebook_of(wrong, experiments=False)))
    # row 2: deepnn.py links to the secret file (a syntax error would print its line)
    (subs / "link_secret").mkdir()
    (subs / "link_secret" / "deepnn.py").symlink_to(secret_file)
    # a folder whose sub-folder is a link to the kit's solutions/: nothing under it is read
    (subs / "link_folder").mkdir()
    (subs / "link_folder" / "work").symlink_to(SOLUTIONS_DIR)
    # a zip whose deepnn.py is a symlink member (to the reference), beside the wrong code
    _zip_with_link(subs / "zip_link.zip", "deepnn.py", SOLUTIONS_DIR / "deepnn.py", extra=[("README.txt", "my homework\n")])
    # row 8: the wrong code beside a 3 GB sparse file
    (subs / "sparse").mkdir()
    (subs / "sparse" / "deepnn.py").write_text(wrong)
    with open(subs / "sparse" / "data.bin", "wb") as handle:
        handle.truncate(SPARSE_BYTES)
    # issue 10: a zip with the notebook only (its functions live in the deepnn.py the student forgot)
    with zipfile.ZipFile(subs / "forgot.zip", "w") as archive:
        archive.writestr("homework.ipynb", json.dumps({"cells": [
            {"cell_type": "code", "metadata": {}, "outputs": [], "source": "from deepnn import *\nX = 1"}],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    paths = sorted(subs.iterdir())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results = grade_many(paths, root / "out", jobs=1, secret=SECRET, limits=LIMITS, questions_dir=questions, progress=False)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"out": root / "out", "paths": paths, "peak_kb": peak_kb, "before_kb": before,
            "results": {r["extra_data"]["student"]: r for r in results}}


def test_every_student_gets_a_row_and_no_attack_beats_the_plain_mistake(attacked_class):
    results = attacked_class["results"]
    rows = (attacked_class["out"] / "grades.csv").read_text().splitlines()[1:]
    assert sorted(row.split(",")[0] for row in rows) == sorted(p.name.split(".")[0] for p in attacked_class["paths"])
    baseline = results["baseline"]["score"]
    assert 0 < baseline < results["baseline"]["extra_data"]["max_score"]  # the plain mistake loses the hidden case
    for student, result in results.items():
        assert result["score"] <= baseline, (student, result["score"], result["output"])


def test_a_linked_deepnn_is_never_read_and_is_named(attacked_class):
    results = attacked_class["results"]
    linked = results["link_reference"]  # graded from its notebook: the plain mistake's score, not 100%
    assert linked["score"] == results["baseline"]["score"]
    assert "deepnn.py, a symbolic link" in linked["output"] and "never read" in linked["output"]
    assert linked["output"].splitlines()[0].startswith("no deepnn.py in your upload")
    for student in ("link_secret", "zip_link"):
        result = results[student]
        assert result["score"] == 0 and result["extra_data"]["status"] == "error"
        assert result["output"].splitlines()[0] == "no deepnn.py in your upload (found: " + (
            "deepnn.py (a symbolic link, not read))" if student == "link_secret" else "README.txt, deepnn.py (a symbolic link, not read))")
    assert results["link_folder"]["extra_data"]["load_error"].startswith("no deepnn.py in your upload (found: work (a symbolic link")


def test_the_secret_appears_nowhere_in_the_output(attacked_class):
    for path in attacked_class["out"].rglob("*"):
        if path.is_file():
            assert SECRET not in path.read_text(encoding="utf-8", errors="replace"), path


def test_a_huge_sparse_file_is_refused_by_its_size_unread(attacked_class):
    result = attacked_class["results"]["sparse"]
    assert result["score"] == 0 and result["extra_data"]["status"] == "error"
    assert result["output"].splitlines()[0] == "data.bin in your upload is 3.0 GB (at most 50 MB per file): upload only deepnn.py and your notebook"
    # the grading process (this one: --jobs 1) never held the file: its peak stays far below 3 GB
    assert attacked_class["peak_kb"] < 600 * 1024, attacked_class["peak_kb"]


def test_an_upload_without_deepnn_leads_with_it_and_folds_the_repeated_failures(attacked_class):
    result = attacked_class["results"]["forgot"]
    assert result["output"].splitlines()[0] == "no deepnn.py in your upload (found: homework.ipynb)"
    feedback = (attacked_class["out"] / "feedback" / "forgot.md").read_text()
    assert feedback.splitlines()[0] == "no deepnn.py in your upload (found: homework.ipynb)"
    assert "<details>" in feedback and "3 tests failed with the same message: 0 / 7" in feedback
    assert feedback.count("homework.ipynb defines no function") == 2  # the error once, the group once: not once per test


def test_a_symlink_is_never_opened_even_inside_a_plain_path(tmp_path):
    outside = tmp_path / "outside.py"
    outside.write_text("SECRET = 1\n")
    folder = tmp_path / "student"
    (folder / "real").mkdir(parents=True)
    (folder / "real" / "deepnn.py").write_text("A = 1\n")
    (folder / "link").symlink_to(folder / "real")
    (folder / "escape.py").symlink_to(outside)
    upload = scan_folder(folder)
    assert list(upload.files) == ["real/deepnn.py"]
    assert {name for name, _ in upload.ignored} == {"link", "escape.py"}
    for name in ("link/deepnn.py", "escape.py", "../outside.py"):
        with pytest.raises(IntakeError):
            open_inside(folder, name)
    os.close(open_inside(folder, "real/deepnn.py"))


def test_a_fifo_is_ignored_not_waited_on(tmp_path):
    folder = tmp_path / "student"
    folder.mkdir()
    (folder / "deepnn.py").write_text("A = 1\n")
    os.mkfifo(folder / "pipe.py")
    sub = load_submission(folder)
    assert sub.source == "A = 1\n" and "pipe.py, not a regular file" in sub.notes[-1]


def test_folders_and_zips_share_the_member_cap(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(MAX_MEMBERS + 1):
        (folder / f"f{i}.txt").write_text("x")
    (folder / "deepnn.py").write_text("A = 1\n")
    assert f"more than {MAX_MEMBERS} files" in load_submission(folder).error
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for i in range(MAX_MEMBERS + 1):
            z.writestr(f"f{i}.txt", "x")
    assert f"at most {MAX_MEMBERS}" in load_submission(archive).error


def test_the_content_hash_is_streamed_and_stable(tmp_path):
    folder = tmp_path / "student"
    folder.mkdir()
    (folder / "deepnn.py").write_text("A = 1\n")
    first = content_hash(folder)
    assert content_hash(folder) == first
    (folder / "deepnn.py").write_text("A = 2\n")
    assert content_hash(folder) != first
    big = tmp_path / "big.zip"
    with open(big, "wb") as handle:
        handle.truncate(SPARSE_BYTES)
    assert content_hash(big) == content_hash(big)  # by size and time: the 3 GB are not read
    assert "3.0 GB" in load_submission(big).error


def test_the_grade_command_never_reads_a_linked_secret_file(tmp_path, monkeypatch, capsys):
    """Row 2 as the instructor runs it: `grade --secret-file F` on a folder whose deepnn.py links to F."""
    from autograder.grade import main

    monkeypatch.delenv("AUTOGRADER_SECRET", raising=False)
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(SECRET + "\n")
    (tmp_path / "mallory").mkdir()
    (tmp_path / "mallory" / "deepnn.py").symlink_to(secret_file)
    (tmp_path / "mallory" / "notes.py").symlink_to(secret_file)
    (tmp_path / "trent.py").write_text("def initialize_parameters(layer_dims, seed=0):\n    raise ValueError('no')\n")
    out = tmp_path / "out"
    assert main(submissions=[str(tmp_path / "mallory"), str(tmp_path / "trent.py")], out=str(out), secret_file=str(secret_file)) == 0
    printed = capsys.readouterr()
    assert SECRET not in printed.out + printed.err
    rows = (out / "grades.csv").read_text().splitlines()
    assert [row.split(",")[0] for row in rows[1:]] == ["mallory", "trent"] and rows[1].split(",")[1] == "0"
    for path in out.rglob("*"):
        if path.is_file():
            assert SECRET not in path.read_text(encoding="utf-8", errors="replace"), path
    result = json.loads((out / "results" / "mallory.json").read_text())
    assert result["output"].splitlines()[0].startswith("no deepnn.py in your upload (found: deepnn.py (a symbolic link, not read)")


def test_a_tree_of_empty_folders_or_links_is_refused_without_walking_it_all(tmp_path):
    from autograder.sandbox.intake import MAX_ENTRIES

    folder = tmp_path / "deep"
    folder.mkdir()
    (folder / "deepnn.py").write_text("A = 1\n")
    for i in range(MAX_ENTRIES):
        (folder / f"link{i}").symlink_to(folder / "deepnn.py")
    assert f"more than {MAX_ENTRIES} files, folders and links" in load_submission(folder).error


def test_a_corrupt_zip_member_is_a_sentence_not_a_crash(tmp_path):
    archive = tmp_path / "olivia.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        z.writestr("deepnn.py", "def initialize_parameters():\n    return 1\n")
    data = bytearray(archive.read_bytes())
    at = data.index(b"initialize_parameters")
    data[at] ^= 0xFF  # the stored bytes no longer match their CRC
    archive.write_bytes(bytes(data))
    sub = load_submission(archive)
    assert sub.error.startswith("deepnn.py in the zip cannot be read (Bad CRC-32") and "zip it again" in sub.error
