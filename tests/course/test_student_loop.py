"""The student's loop on the real student.zip: check (fast, truthful), package (never worse), rules in the open.

The bundle is made by ``python -m autograder release --out TMP``, unpacked, and run with the kit's
interpreter (it has the student's requirements), as a student would in that folder.
"""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.reference import api_names

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = (ROOT / "solutions" / "deepnn.py").read_text()
API = api_names()
NAIVE_SIGMOID = "        return 1.0 / (1.0 + np.exp(-Z))\n"
PRINT_LOOP = "\nfor _i in range(18000):\n    print('epoch', _i)\n"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("release")
    done = subprocess.run([sys.executable, "-m", "autograder", "release", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out / "student.zip") as archive:
        archive.extractall(out / "unpacked")
    return out / "unpacked" / "deepnn_homework"


@pytest.fixture
def folder(bundle, tmp_path):
    """A fresh copy of the unpacked bundle (the student's folder)."""
    work = tmp_path / "hw"
    shutil.copytree(bundle, work)
    return work


def run(folder, *args, script="check.py", cwd=None):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MPLBACKEND")}
    return subprocess.run([sys.executable, script, *args], cwd=cwd or folder, capture_output=True, text=True, timeout=300,
                          env=env)


def with_reference(folder, source=REFERENCE):
    (folder / "deepnn.py").write_text(source)
    return folder


# ---------------------------------------------------------------- check.py


def test_the_checker_on_the_starter_fails_and_names_every_function(folder):
    done = run(folder)
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    assert "not implemented yet" in done.stdout
    tail = done.stdout.split("Not written yet", 1)[1]
    assert "17 functions still raise NotImplementedError" in tail
    assert all(name in tail for name in API)
    assert "0 / 57" in done.stdout and "43 from hidden tests" in done.stdout  # public and hidden points, from the rules
    # hidden tests: run by the grader, shown when published (as the README says), never "run when you submit"
    assert "run when you submit" not in done.stdout
    assert ("from hidden tests on other inputs: the grader runs them when it grades your submission; their results are "
            "shown after the instructor publishes the grades") in done.stdout
    assert "\nDeadline: " in done.stdout and "per started day late" in done.stdout  # the deadline and late rule, one line
    assert "Every public test you ran passes" not in done.stdout


def test_the_checker_on_the_reference_passes_every_question(folder):
    done = run(with_reference(folder))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "57 / 57" in done.stdout and "<- fix" not in done.stdout
    assert "Warning" not in done.stdout and "numpy warned" not in done.stdout and not done.stderr.strip()
    one = run(folder, "q4_backward")
    assert one.returncode == 0 and "q4_backward: all 4 public tests passed (9 of 9 points)" in one.stdout
    assert "q3_cost" not in one.stdout.split("question")[0]
    assert run(folder, "q99").returncode == 2
    # once every public test passes, the summary points to what is left: the written answers, then packaging
    assert "Still to write: your answers for ex1_learning_rate, ex2_init, ex3_depth, ex4_circles" in done.stdout
    assert "(20 points, graded by hand)" in done.stdout and "`python package_submission.py`" in done.stdout
    nb = nbformat.read(folder / "homework.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("### Your answer:"):
            cell.source = cell.source.replace("(write here)", "My answer, in my words.")
    nbformat.write(nb, folder / "homework.ipynb")
    written = run(folder, "q1_init")
    assert "Still to write" not in written.stdout and "Reread your written answers" in written.stdout


def test_the_checker_takes_a_unique_prefix_or_a_test_file_path_and_suggests_a_name(folder):
    with_reference(folder)
    for typed in ("q4", "tests/q4_backward.py", "q4_backward.py"):
        done = run(folder, typed)
        assert done.returncode == 0 and "q4_backward: all 4 public tests passed" in done.stdout, (typed, done.stderr)
    done = run(folder, "q4_backwrd")
    assert done.returncode == 2 and "did you mean q4_backward?" in done.stderr, done.stderr
    done = run(folder, "ex")  # several questions start so: named, none chosen
    assert done.returncode == 2 and "did you mean one of ex1_learning_rate, ex2_init, ex3_depth, ex4_circles?" in done.stderr


def test_the_checkers_help_is_plain_text(folder):
    done = run(folder, "--help")
    assert done.returncode == 0 and "python check.py q4_backward" in done.stdout
    assert "``" not in done.stdout and "`" not in done.stdout and ":class:" not in done.stdout


def test_one_failing_question_fails_the_run_and_says_what_to_fix(folder):
    broken = REFERENCE.replace("def compute_cost(AL, Y):", "def compute_cost(AL, Y):\n    return 0.5\n\n\ndef _unused(AL, Y):", 1)
    assert broken != REFERENCE
    done = run(with_reference(folder, broken), "q3_cost", "q1_init")
    assert done.returncode == 1
    assert "q3_cost: 0 of 2 public tests passed" in done.stdout and "q1_init: all 3 public tests passed" in done.stdout
    assert "compute_cost" in done.stdout.split("To fix:")[1]


def test_a_module_level_print_loop_is_named_and_its_output_kept_out(folder):
    done = run(with_reference(folder, REFERENCE + PRINT_LOOP), "q3_cost")
    assert done.returncode == 0
    assert "runs code when it is imported" in done.stdout and "a loop" in done.stdout and "18,000 lines" in done.stdout
    assert "epoch 17999" not in done.stdout  # the flood itself is not shown
    package = run(folder, script="package_submission.py")
    assert "runs code when it is imported (line" in package.stdout, package.stdout


def test_a_sigmoid_that_overflows_is_explained_not_left_as_a_bare_warning(folder):
    naive = REFERENCE.replace("        return 0.5 * (1.0 + np.tanh(0.5 * Z))\n", NAIVE_SIGMOID, 1)
    assert naive != REFERENCE
    done = run(with_reference(folder, naive), "q2_forward")
    assert done.returncode == 0, done.stdout  # still correct: the public ±1000 test passes
    assert "numpy warned \"overflow encountered in exp\"" in done.stdout and "cannot overflow" in done.stdout
    assert "RuntimeWarning" not in done.stderr
    # tied to the function whose line raised it (activation_forward), not to the test that happened to run it; said once
    line = naive.splitlines().index(NAIVE_SIGMOID.rstrip("\n")) + 1
    assert f"! deepnn.py line {line}, in activation_forward: numpy warned \"overflow" in done.stdout, done.stdout
    assert done.stdout.count("numpy warned \"overflow encountered in exp\"") == 1


# ---------------------------------------------------------------- the notebook's grader.check


def _notebook_cells(folder, *sources):
    """The bundle notebook's setup cell, then ``sources`` as code cells."""
    nb = nbformat.read(folder / "homework.ipynb", as_version=4)
    setup = next(c for c in nb.cells if c.cell_type == "code" and "grader = " in c.source)
    nb.cells = [setup] + [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


def _execute(nb, folder, allow_errors=False):
    from nbclient import NotebookClient

    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}},
                   allow_errors=allow_errors).execute()
    return ["".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for o in c.outputs) for c in nb.cells]


def test_the_notebook_check_tests_deepnn_py_and_warns_about_a_function_written_in_a_cell(folder):
    with_reference(folder)
    broken = REFERENCE.replace("def compute_cost(AL, Y):", "def compute_cost(AL, Y):\n    return 0.5\n\n\ndef _unused(AL, Y):", 1)
    nb = _notebook_cells(
        folder,
        'grader.check("q3_cost")',
        "def compute_cost(AL, Y):\n    return 0.5",  # the student's copy in a cell: not graded
        'grader.check("q3_cost")',
        f"open('deepnn.py', 'w').write({broken!r})",  # an edit on disk, no kernel restart
        'grader.check("q3_cost")',
    )
    outputs = _execute(nb, folder)
    assert "all 2 public tests passed" in outputs[1] and "Warning" not in outputs[1]
    assert "defines `compute_cost` in a cell" in outputs[3] and "Only deepnn.py is graded" in outputs[3]
    assert "all 2 public tests passed" in outputs[3]  # the check ran deepnn.py's compute_cost, not the cell's
    assert "0 of 2 public tests passed" in outputs[5]  # the edited file was reloaded


def test_the_notebook_check_of_a_broken_deepnn_py_shows_only_the_message(folder):
    with_reference(folder)
    nb = _notebook_cells(folder, f"open('deepnn.py', 'w').write({REFERENCE + chr(10) + 'def broken(:' + chr(10)!r})",
                         'grader.check("q3")')  # the file is broken after the setup cell imported it
    _execute(nb, folder, allow_errors=True)
    error = next(o for o in nb.cells[2].outputs if o.output_type == "error")
    shown = "\n".join(error.traceback)
    assert "deepnn.py, line" in shown and "syntax error" in shown and "Fix it and run again" in shown
    assert "check.py" not in shown and "Traceback" not in shown and len(error.traceback) == 1, shown


# ---------------------------------------------------------------- package_submission.py


def test_the_starter_notebook_is_refused_naming_cells_by_their_first_line_and_its_answers_noted(folder):
    done = run(folder, script="package_submission.py")
    assert done.returncode == 1
    assert "code cells were never run (the first: the cell starting `" in done.stdout, done.stdout
    assert "(cells 3" not in done.stdout and "Kernel > Restart Kernel and Run All Cells" in done.stdout
    assert ("the answer cells for ex1_learning_rate, ex2_init, ex3_depth, ex4_circles still hold only the starter's text"
            in done.stdout), done.stdout


def test_packaging_from_the_parent_folder_packages_the_scripts_folder(folder):
    _good_zip(folder)
    (folder / "submission.zip").unlink()
    done = run(folder, script=f"{folder.name}/package_submission.py", cwd=folder.parent)
    assert done.returncode == 0, done.stdout
    assert f"the current folder ({folder.parent.resolve()}) has no deepnn.py, so this packages the folder of" in done.stdout
    assert "- .:" not in done.stdout and (folder / "submission.zip").is_file()
    alone = folder.parent / "elsewhere"
    alone.mkdir()
    shutil.copy(folder / "package_submission.py", alone)  # a script outside any homework folder
    shutil.copy(folder / "sourcecheck.py", alone)
    done = run(alone, script="package_submission.py")
    assert done.returncode == 1
    assert (f"no deepnn.py or homework.ipynb in {alone.resolve()} (the current folder): run package_submission.py in "
            "your homework folder, or pass that folder") in done.stdout, done.stdout


def test_a_student_cannot_raise_the_size_limit(folder):
    _good_zip(folder)
    done = run(folder, "--max-file-mb", "500", script="package_submission.py")
    assert done.returncode == 2 and "unrecognized arguments: --max-file-mb" in done.stderr
    assert "max-file-mb" not in run(folder, "--help", script="package_submission.py").stdout


def _good_zip(folder):
    with_reference(folder)
    nb = nbformat.read(folder / "homework.ipynb", as_version=4)
    for number, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        cell.execution_count = number + 1
        cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})]
    nbformat.write(nb, folder / "homework.ipynb")
    done = run(folder, script="package_submission.py")
    assert done.returncode == 0, done.stdout
    return (folder / "submission.zip").read_bytes()


def test_packaging_never_replaces_a_good_zip_with_a_worse_one(folder):
    good = _good_zip(folder)
    (folder / "deepnn.py").write_text(REFERENCE.replace('    """Apply the activation g elementwise', '    raise NotImplementedError("x")\n    """Apply', 1))
    done = run(folder, "--allow-incomplete", script="package_submission.py")
    assert done.returncode == 1 and "already holds more finished work" in done.stdout, done.stdout
    assert "17 of 17 functions written" in done.stdout and "16 of 17" in done.stdout and "--replace" in done.stdout
    assert (folder / "submission.zip").read_bytes() == good
    done = run(folder, "--allow-incomplete", "--replace", script="package_submission.py")
    assert done.returncode == 0 and "submission.previous.zip" in done.stdout
    assert (folder / "submission.previous.zip").read_bytes() == good
    assert "1 function still raises NotImplementedError: activation_forward. Write its body" in done.stdout


def test_a_notebook_only_upload_is_impossible(folder):
    good = _good_zip(folder)
    done = run(folder, "homework.ipynb", script="package_submission.py")  # a file names its folder: both files go in
    assert done.returncode == 0, done.stdout
    with zipfile.ZipFile(folder / "submission.zip") as archive:
        assert sorted(archive.namelist()) == ["deepnn.py", "homework.ipynb"]
    assert (folder / "submission.zip").read_bytes() == good
    (folder / "deepnn.py").unlink()
    done = run(folder, "homework.ipynb", "--allow-incomplete", script="package_submission.py")
    assert done.returncode == 1 and "deepnn.py is missing (only deepnn.py is graded" in done.stdout
    assert (folder / "submission.zip").read_bytes() == good


def test_prints_in_train_are_named_as_the_cause_of_an_oversized_notebook(folder):
    loud = REFERENCE.replace("def train(", "def _quiet_train(", 1)
    loud += ("\n\ndef train(X, Y, layer_dims, **kwargs):\n    for i in range(3):\n        print('iteration', i)\n"
             "    return _quiet_train(X, Y, layer_dims, **kwargs)\n")
    _good_zip(folder)
    with_reference(folder, loud)
    nb = nbformat.read(folder / "homework.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and "train(" in c.source)
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="iteration 1\n" * 600_000)]
    nbformat.write(nb, folder / "homework.ipynb")
    done = run(folder, script="package_submission.py")
    assert done.returncode == 1
    first = next(line for line in cell.source.splitlines() if line.strip() and not line.startswith("#"))
    assert "The printed output of the cell starting `" in done.stdout and "` (6.9 MB) fills it" in done.stdout, done.stdout
    assert first.startswith(done.stdout.split("the cell starting `")[1].split(" ...`")[0])  # findable in JupyterLab
    assert "It comes from the prints in deepnn.py: train (line" in done.stdout


def test_a_module_that_cannot_load_gets_one_sentence_not_a_traceback(folder):
    done = run(with_reference(folder, REFERENCE + "\ndef broken(:\n"))
    assert done.returncode == 1 and "syntax error" in done.stderr and "Traceback" not in done.stderr
    assert f"line {REFERENCE.count(chr(10)) + 2}" in done.stderr
    done = run(with_reference(folder, REFERENCE + "\nX = 1 / 0\n"))
    assert done.returncode == 1 and "importing deepnn.py raised ZeroDivisionError" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_function_that_exits_fails_its_tests_and_the_check_goes_on(folder):
    exiting = REFERENCE.replace("def compute_cost(AL, Y):", "def compute_cost(AL, Y):\n    raise SystemExit(3)\n\n\ndef _x(AL, Y):", 1)
    done = run(with_reference(folder, exiting), "q3_cost", "q5_update")
    assert done.returncode == 1 and "called exit() or sys.exit()" in done.stdout
    assert "q5_update: the 1 public test passed" in done.stdout
