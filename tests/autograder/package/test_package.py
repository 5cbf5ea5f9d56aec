"""A student's packaging command: refuses incomplete work with a clear message, never runs student code."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.package.submission import check, package, unimplemented_functions

ROOT = Path(__file__).resolve().parents[3]


def _notebook(cells, *, counts=None, outputs=None):
    """A notebook whose code cells ran top to bottom (counts 1..n) unless told otherwise."""
    nb = nbformat.v4.new_notebook()
    counter = 0
    for i, (kind, source) in enumerate(cells):
        if kind == "md":
            nb.cells.append(nbformat.v4.new_markdown_cell(source))
            continue
        counter += 1
        cell = nbformat.v4.new_code_cell(source)
        cell.execution_count = counter if counts is None else counts[i]
        cell.outputs = (outputs or {}).get(i, [nbformat.v4.new_output("stream", name="stdout", text="ok\n")])
        nb.cells.append(cell)
    return nb


PNG_OUTPUT = nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})
CELLS = [("md", "# Homework"), ("code", "import deepnn"), ("code", "ax = deepnn.plot_costs([0.7, 0.5])"),
         ("md", "### Your answer: ex1_learning_rate\nA larger rate converges faster until it diverges.")]


def _homework(folder, *, module=None, nb=None):
    folder.mkdir(parents=True, exist_ok=True)
    if module is None:
        shutil.copy(ROOT / "solutions" / "deepnn.py", folder / "deepnn.py")
    else:
        (folder / "deepnn.py").write_text(module)
    nbformat.write(nb or _notebook(CELLS, outputs={2: [PNG_OUTPUT]}), folder / "homework.ipynb")
    return folder


def _run(folder, **kwargs):
    lines = []

    class Sink:
        def write(self, text):
            lines.append(text)

    status = package(folder, stream=Sink(), **kwargs)
    return status, "".join(lines)


def test_complete_work_is_packaged_with_both_files_at_the_zip_root(tmp_path):
    folder = _homework(tmp_path / "hw")
    status, text = _run(folder)
    assert status == 0, text
    with zipfile.ZipFile(folder / "submission.zip") as archive:
        assert sorted(archive.namelist()) == ["deepnn.py", "homework.ipynb"]
        assert archive.read("deepnn.py") == (ROOT / "solutions" / "deepnn.py").read_bytes()


def test_files_saved_with_a_byte_order_mark_are_packaged(tmp_path):
    """Some Windows editors write a BOM first; Python and the grader accept such a file, so package does too."""
    folder = _homework(tmp_path / "hw", module="\ufeff" + (ROOT / "solutions" / "deepnn.py").read_text())
    notebook = folder / "homework.ipynb"
    notebook.write_text("\ufeff" + notebook.read_text(encoding="utf-8"), encoding="utf-8")
    status, text = _run(folder)
    assert status == 0, text


def test_the_starter_is_refused_naming_every_unfinished_function(tmp_path):
    folder = _homework(tmp_path / "hw", module=(ROOT / "course" / "deepnn.py").read_text())
    status, text = _run(folder)
    assert status == 1 and not (folder / "submission.zip").exists()
    assert "still raise NotImplementedError" in text and "initialize_parameters" in text and "circles_settings" in text
    assert "--allow-incomplete" in text
    status, text = _run(folder, allow_incomplete=True)  # unfinished work can still be handed in, on purpose
    assert status == 0 and "(packaged anyway)" in text and (folder / "submission.zip").is_file()


def test_a_raise_in_a_branch_is_fine_but_an_unconditional_one_is_not():
    source = (
        "def f(x, mode):\n    '''doc'''\n    if mode == 'weird':\n        raise NotImplementedError('weird mode')\n    return x\n"
        "def g(x):\n    y = x + 1\n    raise NotImplementedError\n"
    )
    assert unimplemented_functions(source) == ["g"]


def test_student_code_is_never_run(tmp_path):
    marker = tmp_path / "ran"
    module = (ROOT / "solutions" / "deepnn.py").read_text() + f"\nopen({str(marker)!r}, 'w').write('x')\n"
    folder = _homework(tmp_path / "hw", module=module)
    assert _run(folder)[0] == 0
    assert not marker.exists()


@pytest.mark.parametrize("case, expected", [
    ("never_run", "code cell was never run"),
    ("out_of_order", "cells were run out of order (the cell starting `ax = deepnn.plot_costs([0.7, 0.5])` ran as [1] "
                     "after the cell starting `import deepnn` ran as [5])"),
    ("plot_without_output", "the cell starting `ax = deepnn.plot_costs([0.7, 0.5])` draws a plot but no output was saved"),
])
def test_a_notebook_not_saved_after_running_is_refused(tmp_path, case, expected):
    if case == "never_run":
        nb = _notebook(CELLS, outputs={2: [PNG_OUTPUT]})
        nb.cells[2].execution_count = None
        nb.cells[2].outputs = []
    elif case == "out_of_order":
        nb = _notebook(CELLS, counts=[None, 5, 1, None], outputs={2: [PNG_OUTPUT]})
    else:
        nb = _notebook(CELLS, outputs={2: []})
    folder = _homework(tmp_path / "hw", nb=nb)
    status, text = _run(folder)
    assert status == 1 and expected in text, text
    assert "Kernel > Restart Kernel and Run All Cells" in text or "save the notebook" in text  # JupyterLab 4's menu
    assert "cell 3" not in text and "cells 3" not in text  # JupyterLab shows no cell numbers: cells are named by their first line


def test_a_file_over_the_size_limit_is_refused_even_when_incomplete_work_is_allowed(tmp_path):
    folder = _homework(tmp_path / "hw")
    with open(folder / "deepnn.py", "a") as handle:
        handle.write("# " + "x" * 300_000 + "\n")
    status, text = _run(folder, max_file_mb=0.25, allow_incomplete=True)
    assert status == 1 and "deepnn.py is 0.3 MB, over the 0.25 MB limit" in text


def test_a_missing_file_and_a_syntax_error_say_what_to_fix(tmp_path):
    folder = _homework(tmp_path / "hw")
    (folder / "homework.ipynb").unlink()
    status, text = _run(folder)
    assert status == 1 and "homework.ipynb is missing" in text
    folder = _homework(tmp_path / "hw2", module="def f(:\n    pass\n")
    status, text = _run(folder, allow_incomplete=True)
    assert status == 1 and "deepnn.py, line 1: syntax error" in text


def test_an_empty_answer_cell_is_noted(tmp_path):
    cells = CELLS[:-1] + [("md", "### Your answer: ex1_learning_rate\n\n")]
    folder = _homework(tmp_path / "hw", nb=_notebook(cells, outputs={2: [PNG_OUTPUT]}))
    files, warnings = check(folder)
    assert any("answer cell for ex1_learning_rate still holds only the starter's text" in w for w in warnings), warnings


def test_an_answer_cell_holding_only_the_starters_question_is_noted_and_a_written_one_is_not(tmp_path):
    """The starter's answer cells hold the italic question and "(write here)": untouched, they are no answer."""
    starter = {c.source.splitlines()[0]: c.source for c in nbformat.read(ROOT / "course" / "homework.ipynb", as_version=4).cells
               if c.cell_type == "markdown" and c.source.startswith("### Your answer:")}
    assert len(starter) == 4
    first, second = sorted(starter)[:2]
    written = starter[second].replace("(write here)", "Zeros keep every hidden unit identical, so they never differ.")
    cells = CELLS[:-1] + [("md", starter[first]), ("md", written)]
    folder = _homework(tmp_path / "hw", nb=_notebook(cells, outputs={2: [PNG_OUTPUT]}))
    files, warnings = check(folder)
    notes = [w for w in warnings if "only the starter's text" in w]
    assert len(notes) == 1 and first.split()[-1] in notes[0] and second.split()[-1] not in notes[0], warnings
    assert "graded by hand" in notes[0]


def test_a_failing_cell_is_named_by_its_first_line_and_its_error_never_cut_mid_bracket(tmp_path):
    error = nbformat.v4.new_output("error", ename="NotImplementedError", traceback=[],
                                   evalue="train is not implemented yet: write its body in deepnn.py (see its docstring and the lecture)")
    cells = CELLS[:2] + [("code", "# train it\nparameters, costs = train(X, Y, layer_dims, learning_rate=0.0075, "
                                  "num_iterations=2000, print_cost=True)")] + CELLS[3:]
    folder = _homework(tmp_path / "hw", nb=_notebook(cells, outputs={2: [error]}))
    files, warnings = check(folder)
    note = next(w for w in warnings if "stopped with an error" in w)
    assert "the cell starting `parameters, costs = train(X, Y, ...`" in note, note
    import re

    prose = re.sub(r"`[^`]*`", "", note)  # the cell's code may open a bracket; the sentence around it must not
    assert "cell 3" not in note and prose.count("(") == prose.count(")") and note.count("`") == 2, note
    assert "(see its" not in note and note.endswith("in deepnn.py...).")  # cut at a word, before the bracket it would cut


def test_the_size_limit_of_the_kits_command_can_be_lowered_never_raised(tmp_path, capsys):
    from autograder.package import main as package_main, max_file_mb_from_config

    assert package_main(path=str(_homework(tmp_path / "hw")), max_file_mb=max_file_mb_from_config() + 1) == 2
    assert "above the grader's limit" in capsys.readouterr().err


def test_the_command_line(tmp_path):
    folder = _homework(tmp_path / "hw")
    out = tmp_path / "alice.zip"
    done = subprocess.run([sys.executable, "-m", "autograder", "package", str(folder), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Wrote" in done.stdout and zipfile.is_zipfile(out)
    status, text = _run(folder, out=tmp_path)  # a folder where the zip should go
    assert status == 2 and f"--out {tmp_path} is a folder: give the zip to write" in text


def test_the_grader_accepts_the_packaged_zip(tmp_path):
    from autograder.grade import grade_submission

    folder = _homework(tmp_path / "hw", module=(ROOT / "course" / "deepnn.py").read_text())
    out = tmp_path / "alice.zip"
    status, text = _run(folder, out=out, allow_incomplete=True)
    assert status == 0, text
    result = grade_submission(out, secret="package-test")
    assert result["extra_data"]["student"] == "alice" and result["extra_data"]["submission_kind"] == "py"
    assert result["tests"] and "not implemented yet" in result["tests"][0]["output"]
