"""course/homework.ipynb runs top to bottom against the reference, and fails clearly on the stubs."""

import shutil
import time
from datetime import datetime

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from autograder import COURSE_DIR, SOLUTIONS_DIR

NOTEBOOK = COURSE_DIR / "homework.ipynb"
EXERCISES = ["ex1_learning_rate", "ex2_init", "ex3_depth", "ex4_circles"]


def run_notebook(folder, module):
    """Copy the student folder to `folder` with `module` as deepnn.py and execute the notebook there."""
    shutil.copytree(COURSE_DIR, folder, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    shutil.copy(module, folder / "deepnn.py")
    nb = nbformat.read(folder / "homework.ipynb", as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3", record_timing=True, resources={"metadata": {"path": str(folder)}})
    started = time.perf_counter()
    try:
        client.execute()
    finally:
        nb.metadata["elapsed_seconds"] = time.perf_counter() - started
    return nb


def test_notebook_is_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None


def test_notebook_has_an_answer_cell_per_exercise():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    headings = [c.source.splitlines()[0] for c in nb.cells if c.cell_type == "markdown"]
    for exercise in EXERCISES:
        assert f"### Your answer: {exercise}" in headings


@pytest.mark.slow
def test_notebook_runs_against_the_reference(tmp_path, monkeypatch):
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel must draw inline, as for a student
    nb = run_notebook(tmp_path / "hw", SOLUTIONS_DIR / "deepnn.py")
    print(f"notebook ran in {nb.metadata['elapsed_seconds']:.1f} s")
    for cell in nb.cells:  # per-cell times, for finding what makes the notebook slow (pytest -s)
        timing = cell.metadata.get("execution", {})
        if "shell.execute_reply" in timing:
            started, ended = (datetime.fromisoformat(timing[k].rstrip("Z")) for k in ("iopub.execute_input", "shell.execute_reply"))
            print(f"{(ended - started).total_seconds():6.2f} s  {cell.source.splitlines()[0][:60]}")
    checks = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("grader.check")]
    assert len(checks) == 13
    for cell in checks:
        text = "".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for o in cell.outputs)
        assert "passed" in text and "failed" not in text.lower(), f"{cell.source}: {text[:500]}"
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) >= 6, "the data, cost curves and decision boundaries are drawn"


def test_notebook_on_the_stubs_stops_with_the_stubs_message(tmp_path):
    with pytest.raises(CellExecutionError) as error:
        run_notebook(tmp_path / "hw", COURSE_DIR / "deepnn.py")
    assert error.value.ename == "NotImplementedError"
    assert "initialize_parameters is not implemented yet" in error.value.evalue
