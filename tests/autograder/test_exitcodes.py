"""One exit-code convention (autograder/exitcodes.py) for every command: each command run with a bad input exits 2
(BAD_INPUT, with a sentence on stderr), with a good one 0 (DONE), and where it can find a problem, 1 (PROBLEM).
The student's check.py and package_submission.py cannot import the kit: their own constants equal the kit's."""

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import COURSE_DIR, KIT_ROOT, SOLUTIONS_DIR
from autograder.__main__ import COMMANDS, main
from autograder.exitcodes import BAD_INPUT, DONE, PROBLEM

REFERENCE = SOLUTIONS_DIR / "deepnn.py"
ROSTER = "student,name,id,sis_user_id,sis_login_id,section\nada,\"Lovelace, Ada\",1001,S1001,ada,A\n"


def run(capsys, *argv):
    """(exit status, stderr) of ``python -m autograder ARGV`` run in this process (argparse's exits included)."""
    capsys.readouterr()
    try:
        status = main([str(a) for a in argv])
    except SystemExit as stop:
        status = stop.code
    return status, capsys.readouterr().err


def test_the_convention_is_0_1_2_and_every_command_documents_it():
    assert (DONE, PROBLEM, BAD_INPUT) == (0, 1, 2)
    done = subprocess.run([sys.executable, "-m", "autograder", "--help"], cwd=KIT_ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == DONE and "exit status: 0 done; 1 the command ran and found a problem" in " ".join(
        done.stdout.split())
    usage = subprocess.run([sys.executable, "-m", "autograder", "no-such-command"], cwd=KIT_ROOT, capture_output=True,
                           text=True, timeout=60)
    assert usage.returncode == BAD_INPUT and "invalid choice" in usage.stderr
    assert "Exit codes" in (KIT_ROOT / "README.md").read_text()


def _constants(path):
    """{name: value} of the module-level EXIT_* constants of a file, read with ast (the file is not imported)."""
    found = {}
    for node in ast.parse(Path(path).read_text()).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Tuple):
            names = [t.id for t in node.targets[0].elts]
            values = [ast.literal_eval(v) for v in node.value.elts]
            found.update({n: v for n, v in zip(names, values) if n.startswith("EXIT_")})
        elif isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "").startswith("EXIT_"):
            found[node.targets[0].id] = ast.literal_eval(node.value)
    return found


@pytest.mark.parametrize("path", [COURSE_DIR / "check.py", KIT_ROOT / "autograder" / "package" / "submission.py"])
def test_what_ships_to_students_keeps_the_kits_codes(path):
    assert _constants(path) == {"EXIT_DONE": DONE, "EXIT_PROBLEM": PROBLEM, "EXIT_BAD_INPUT": BAD_INPUT}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A class of one (the reference as ada.py) graded by the grade command: its status and --out folder."""
    root = tmp_path_factory.mktemp("graded")
    shutil.copy(REFERENCE, root / "ada.py")
    try:
        status = main(["grade", str(root / "ada.py"), "--out", str(root / "class"), "--jobs", "1"])
    except SystemExit as stop:
        status = stop.code
    return status, root


def test_grade(graded, capsys, tmp_path):
    status, _ = graded
    assert status == DONE
    status, err = run(capsys, "grade", tmp_path / "nobody.py", "--out", tmp_path / "out")
    assert status == BAD_INPUT and "nobody.py" in err
    (tmp_path / "ada.py").write_text("x = 1\n")
    (tmp_path / "taken").write_text("a file, not a folder\n")
    status, err = run(capsys, "grade", tmp_path / "ada.py", "--out", tmp_path / "taken")  # refused before any grading
    assert status == BAD_INPUT and f"--out {tmp_path / 'taken'} is a file" in err and "Traceback" not in err


def test_check(capsys, tmp_path):
    assert run(capsys, "check", REFERENCE, "-q", "q3_cost")[0] == DONE
    assert run(capsys, "check", COURSE_DIR / "deepnn.py", "-q", "q3_cost")[0] == PROBLEM  # the starter fails its tests
    status, err = run(capsys, "check", tmp_path / "missing.py")
    assert status == BAD_INPUT and "does not exist" in err
    status, err = run(capsys, "check", REFERENCE, "-q", "q99")
    assert status == BAD_INPUT and "unknown question q99" in err


def test_report(graded, capsys, tmp_path):
    _, root = graded
    assert run(capsys, "report", root / "class", "--out", tmp_path / "report.html")[0] == DONE
    status, err = run(capsys, "report", tmp_path)  # not a graded class
    assert status == BAD_INPUT and err.startswith("report: ")


def test_export(graded, capsys, tmp_path):
    _, root = graded
    grades = root / "class" / "grades.csv"
    (tmp_path / "roster.csv").write_text(ROSTER)
    (tmp_path / "other.csv").write_text(ROSTER.replace("ada,", "grace,", 1))
    assert run(capsys, "export", grades, "--roster", tmp_path / "roster.csv", "--out", tmp_path / "a.csv")[0] == DONE
    status, err = run(capsys, "export", grades, "--roster", tmp_path / "other.csv", "--out", tmp_path / "b.csv", "--strict")
    assert status == PROBLEM and "ada" in err  # a graded student missing from the roster, under --strict
    assert "--strict: the roster and the grades do not match" in err  # why the status is 1
    status, err = run(capsys, "export", grades, "--roster", tmp_path / "none.csv", "--out", tmp_path / "c.csv")
    assert status == BAD_INPUT and err.startswith("export: ")


def test_similarity(capsys, tmp_path):
    for name in ("ada", "grace"):
        shutil.copy(REFERENCE, tmp_path / f"{name}.py")
    assert run(capsys, "similarity", tmp_path / "ada.py", tmp_path / "grace.py", "--out", tmp_path / "sim", "--quiet")[0] == DONE
    status, err = run(capsys, "similarity", tmp_path / "ada.py", tmp_path / "nobody.py", "--out", tmp_path / "sim2")
    assert status == BAD_INPUT and "nobody.py" in err


def test_written(capsys, tmp_path):
    shutil.copy(REFERENCE, tmp_path / "ada.py")
    assert run(capsys, "written", tmp_path / "ada.py", "--out", tmp_path / "written", "--points", "5")[0] == DONE
    status, err = run(capsys, "written", tmp_path / "ada.py", "--out", tmp_path / "written2", "--points", "-1")
    assert status == BAD_INPUT and "--points" in err


def test_package(capsys, tmp_path):
    import nbformat

    folder = tmp_path / "hw"
    folder.mkdir()
    shutil.copy(REFERENCE, folder / "deepnn.py")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# Homework")]
    nbformat.write(notebook, folder / "homework.ipynb")
    assert run(capsys, "package", folder, "--out", tmp_path / "a.zip")[0] == DONE
    shutil.copy(COURSE_DIR / "deepnn.py", folder / "deepnn.py")  # the starter: unfinished work is refused
    assert run(capsys, "package", folder, "--out", tmp_path / "b.zip")[0] == PROBLEM
    status, err = run(capsys, "package", folder, "--max-file-mb", "-1")
    assert status == BAD_INPUT and "--max-file-mb must be a positive number" in err
    capsys.readouterr()
    status = main(["package", str(tmp_path / "no_such_folder"), "--out", str(tmp_path / "c.zip")])
    said = capsys.readouterr()
    assert status == BAD_INPUT and "does not exist" in said.err  # a path that is not there: bad input, said on stderr
    status = main(["package", str(COURSE_DIR / "rules.json")])
    said = capsys.readouterr()
    assert status == BAD_INPUT and "is neither a .py module nor a .ipynb notebook" in said.err


def test_release(capsys, tmp_path):
    assert run(capsys, "release", "--out", tmp_path / "release")[0] == DONE
    (tmp_path / "file").write_text("")
    status, err = run(capsys, "release", "--out", tmp_path / "file")
    assert status == BAD_INPUT and "is a file" in err
    status, err = run(capsys, "release", "--out", tmp_path / "r2", "--secret-file", tmp_path / "none.txt")
    assert status == BAD_INPUT and "none.txt" in err  # the sentence names the file to fix


def _kit_copy(root):
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "secret.txt")
    for folder in ("autograder", "course", "solutions"):
        shutil.copytree(KIT_ROOT / folder, root / folder, ignore=ignore)
    return root


def test_sync(capsys, tmp_path):
    kit = _kit_copy(tmp_path / "kit")

    def sync(*args):
        return subprocess.run([sys.executable, "-m", "autograder", "sync", *args], cwd=kit, capture_output=True, text=True,
                              timeout=120)

    assert sync("--check").returncode == DONE
    starter = kit / "course" / "deepnn.py"
    starter.write_text(starter.read_text() + "\n# edited by hand\n")
    drift = sync("--check")
    assert drift.returncode == PROBLEM and "out of date: course/deepnn.py" in drift.stderr
    assert sync("--no-such-option").returncode == BAD_INPUT


def test_demo(capsys):
    assert run(capsys, "demo", "--skip", "plots", "--skip", "site", "--skip", "class")[0] == DONE
    assert run(capsys, "demo", "--skip", "everything")[0] == BAD_INPUT


def test_every_command_is_run_here():
    tested = {name[len("test_"):] for name in globals() if name.startswith("test_")}
    assert set(COMMANDS) <= tested, sorted(set(COMMANDS) - tested)


def test_the_students_checker(tmp_path):
    folder = tmp_path / "hw"
    shutil.copytree(COURSE_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    env = {"PATH": os.environ.get("PATH", ""), "MPLBACKEND": "Agg"}

    def check(*args):
        return subprocess.run([sys.executable, "check.py", *args], cwd=folder, capture_output=True, text=True, timeout=300,
                              env=env)

    assert check("q3_cost").returncode == PROBLEM  # the starter fails the test
    shutil.copy(REFERENCE, folder / "deepnn.py")
    assert check("q3_cost").returncode == DONE
    unknown = check("q99_nothing")
    assert unknown.returncode == BAD_INPUT and unknown.stderr.strip()
    (folder / "deepnn.py").unlink()  # nothing to check: bad input, as `python -m autograder check missing.py` says
    missing = check("q3_cost")
    assert missing.returncode == BAD_INPUT and "deepnn.py does not exist" in missing.stderr
    (folder / "deepnn.py").write_text("import sys\n\nsys.exit(0)\n")  # would end check.py itself: a silent "pass"
    exits = check("q3_cost")
    assert exits.returncode == PROBLEM and "deepnn.py called exit() while it was being imported" in exits.stderr
    (folder / "deepnn.py").write_bytes("# caf\xe9\n".encode("latin-1"))  # saved by an editor in Latin-1
    latin = check("q3_cost")
    assert latin.returncode == PROBLEM and "deepnn.py is not UTF-8 text" in latin.stderr and "Traceback" not in latin.stderr
