"""Shared helpers for the instructor-workflow tests (release, written, late, export, report).

``fake_graded_class(out)`` writes a small graded class in exactly the grade command's
formats (grades.csv, results/<student>.json in Gradescope's schema, feedback/<student>.md),
so the downstream commands can be tested fast and without the sandbox. The real grader
is exercised end to end in test_release.py (and on the sample class where it exists).
"""

import csv
import json
from pathlib import Path



def question_ids():
    from autograder.questions import QUESTION_IDS

    return list(QUESTION_IDS)


#: Gradescope's documented fields (ANCHORS.md): results.json top level and each test.
RESULTS_TOP_FIELDS = {"score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
                      "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"}
RESULTS_TEST_FIELDS = {"score", "max_score", "status", "name", "name_format", "number", "output", "output_format",
                       "tags", "visibility", "extra_data"}
VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}
FORMATS = {"text", "simple_format", "html", "md", "ansi"}


def validate_results_json(data):
    """Assert that ``data`` follows Gradescope's documented results.json fields; returns data."""
    assert isinstance(data, dict), "results.json must be a JSON object"
    unknown = set(data) - RESULTS_TOP_FIELDS
    assert not unknown, f"undocumented top-level fields: {unknown}"
    assert "score" in data or "tests" in data, "results.json needs a score or tests"
    if "score" in data:
        assert isinstance(data["score"], (int, float)) and not isinstance(data["score"], bool)
    if "execution_time" in data:
        assert isinstance(data["execution_time"], (int, float))
    for key in ("output",):
        if key in data:
            assert isinstance(data[key], str)
    for key in ("output_format", "test_output_format"):
        if key in data:
            assert data[key] in FORMATS
    for key in ("visibility", "stdout_visibility"):
        if key in data:
            assert data[key] in VISIBILITIES
    for test in data.get("tests", []):
        unknown = set(test) - RESULTS_TEST_FIELDS
        assert not unknown, f"undocumented test fields: {unknown}"
        assert isinstance(test.get("name", ""), str)
        for key in ("score", "max_score"):
            if key in test:
                assert isinstance(test[key], (int, float)) and not isinstance(test[key], bool)
        if "status" in test:
            assert test["status"] in ("passed", "failed")
        if "visibility" in test:
            assert test["visibility"] in VISIBILITIES
        if "output" in test:
            assert isinstance(test["output"], str)
    return data


# (student, status, {qid: fraction of that question's points}, failing tests as (name, output))
_CLASS = [
    ("ada", "ok", {}, []),
    ("babbage", "ok", {"q4_backward": 0.5, "q6_train": 0.5},
     [("q4_backward: dW against the reference (hidden)", "dW1 has the wrong values. Hint: divide by m (dW = dZ A_prev.T / m)."),
      ("q6_train: trajectory (hidden)", "costs differ from the reference after iteration 0. Hint: divide by m.")]),
    ("curie", "ok", {"q4_backward": 0.5, "q5_update": 0.0},
     [("q4_backward: db shape", "db1 has shape (1, 5), expected (3, 1). Hint: sum over axis=1 with keepdims=True."),
      ("q5_update: inputs unchanged", "update_parameters changed its input parameters. Hint: do not update in place: build a new dict.")]),
    ("dijkstra", "timeout", {"q6_train": 0.0, "ex1_learning_rate": 0.0, "ex2_init": 0.0, "ex3_depth": 0.0, "ex4_circles": 0.0},
     [("q6_train: stops at target_cost", "train did not finish within 10 s (timeout): look for a loop that never ends.")]),
    ("euler", "error", {q: 0.0 for q in question_ids()},
     [("q1_init: shapes", "initialize_parameters is not implemented yet"),
      ("q2_forward: Z values", "model_forward is not implemented yet")]),
    ("fermat", "ok", {"q4_backward": 0.25},
     [("q4_backward: dW shape", "dW2 has shape (3, 4), expected (4, 3): it is transposed. Hint: dW = dZ A_prev.T / m."),
      ("q4_backward: tanh layer", "dZ1 is wrong. Hint: you used the sigmoid derivative in a tanh layer; tanh'(z) = 1 - tanh(z)^2."),
      ("q4_backward: dW against the reference (hidden)", "dW1 has the wrong values. Hint: divide by m.")]),
]


def fake_graded_class(out, *, points_per_question=None, with_feedback=True):
    """Write a graded class to ``out`` (grades.csv, results/, feedback/); returns the student ids."""
    out = Path(out)
    qids = question_ids()
    points = points_per_question or {q: 100 / len(qids) for q in qids}
    (out / "results").mkdir(parents=True, exist_ok=True)
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    rows = []
    for student, status, fractions, failures in _CLASS:
        per_q = {q: round(points[q] * fractions.get(q, 1.0), 2) for q in qids}
        score = round(sum(per_q.values()), 2)
        max_score = round(sum(points.values()), 2)
        rows.append({"student": student, "score": score, "max_score": max_score, "status": status,
                     **per_q, "late_penalty": 0})
        failing_names = {name for name, _ in failures}
        tests = [{"name": name, "score": 0, "max_score": 1, "status": "failed", "output": output,
                  "visibility": "visible"} for name, output in failures]
        tests += [{"name": f"{q}: all cases", "score": per_q[q], "max_score": round(points[q], 2),
                   "status": "passed" if per_q[q] == round(points[q], 2) else "failed", "output": "",
                   "visibility": "visible"} for q in qids if f"{q}: all cases" not in failing_names]
        result = {"score": score, "execution_time": 1.25, "output": f"Score: {score} / {max_score}",
                  "output_format": "text", "visibility": "visible", "stdout_visibility": "hidden", "tests": tests,
                  "extra_data": {"student": student, "status": status, "raw_score": score, "max_score": max_score,
                                 "late_penalty": 0, "late_message": "",
                                 "questions": {q: {"score": per_q[q], "max_score": round(points[q], 2)} for q in qids}}}
        (out / "results" / f"{student}.json").write_text(json.dumps(result, indent=2))
        if with_feedback:
            (out / "feedback" / f"{student}.md").write_text(
                f"# Feedback for {student}\n\n**Score: {score:g} / {max_score:g}** (status: {status})\n\n## Scores by question\n")
    with (out / "grades.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["student", "score", "max_score", "status", *qids, "late_penalty"])
        writer.writeheader()
        writer.writerows(rows)
    return [row["student"] for row in rows]


def read_grades(out):
    with (Path(out) / "grades.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


# ---------------------------------------------------------------- the bundled sample class, graded for real

import atexit
import base64
import copy
import functools
import io
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = Path(__file__).resolve().parent.parent
#: The part of the bundled sample class graded for real here: the fast ones (grading a correct training loop
#: is the slow part; test_release.py grades the reference end to end). db_wrong_shape is late in
#: examples/submission_times.csv.
SAMPLE_SUBSET = ("db_wrong_shape", "untouched_starter", "syntax_error")
#: A student who uploaded the notebook but forgot deepnn.py (a folder holding homework.ipynb only).
FORGOT_MODULE = "forgot_module"
EXERCISES = ["ex1_learning_rate", "ex2_init", "ex3_depth", "ex4_circles"]


def png(colour):
    """A tiny real PNG (base64), as a notebook saves a matplotlib figure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(1, 1), dpi=20)
    ax.plot([0, 1], [0, 1], color=colour)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def student_notebook(answers, plots, *, drop=()):
    """The starter notebook as a student saves it after running it: answers {qid: text} under the answer
    headings, an image output on each code cell whose source starts with a key of ``plots``."""
    import nbformat

    nb = copy.deepcopy(nbformat.read(ROOT / "course" / "homework.ipynb", as_version=4))
    count = 0
    for cell in nb.cells:
        if cell.cell_type == "code":
            count += 1
            cell.execution_count = count
            for start, image in plots.items():
                if cell.source.startswith(start):
                    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": image, "text/plain": "<Figure>"})]
        elif cell.source.startswith("### Your answer:"):
            qid = cell.source.splitlines()[0].split(":", 1)[1].strip()
            if qid in answers:
                cell.source += "\n\n" + answers[qid]
    nb.cells = [c for c in nb.cells if not any(c.source.startswith(f"### Your answer: {q}") for q in drop)]
    return nb


@functools.lru_cache(maxsize=None)
def graded_sample_class():
    """Grade SAMPLE_SUBSET of the bundled sample class and FORGOT_MODULE with the real grade command, once
    per test session, with examples/submission_times.csv; returns (root, {student: submission path}, out dir)."""
    import nbformat
    from autograder.sample_class import write_sample_class

    root = Path(tempfile.mkdtemp(prefix="sample_class_"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    paths = {}
    for path in write_sample_class(root / "all"):
        paths[path.name.split(".")[0]] = path
    chosen = {sid: paths[sid] for sid in SAMPLE_SUBSET}
    forgot = root / FORGOT_MODULE
    forgot.mkdir()
    notebook = student_notebook({q: f"My answer to {q}: it converges." for q in EXERCISES},
                                {"settings = fast_settings()": png("red")})
    nbformat.write(notebook, forgot / "homework.ipynb")
    chosen[FORGOT_MODULE] = forgot
    out = root / "out"
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", *map(str, chosen.values()), "--out", str(out),
                           "--jobs", "2", "--times", str(ROOT / "examples" / "submission_times.csv")],
                          cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={k: v for k, v in os.environ.items() if k != "AUTOGRADER_SECRET"})
    assert done.returncode == 0, done.stderr
    return root, chosen, out
