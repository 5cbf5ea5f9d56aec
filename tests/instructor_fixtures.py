"""Shared helpers for the instructor-workflow tests (release, written, late, export, report).

``fake_graded_class(out)`` writes a small graded class in exactly the grade command's
formats (grades.csv, results/<student>.json in Gradescope's schema, feedback/<student>.md),
so the downstream commands can be tested fast and without the sandbox. The real grader
is exercised end to end in test_release.py (and on the sample class where it exists).
"""

import csv
import json
from pathlib import Path

QUESTION_IDS_FALLBACK = [
    "q1_init", "q2_forward", "q3_cost", "q4_backward", "q5_update", "q6_train", "q7_predict",
    "q8_plots", "q9_no_globals", "ex1_learning_rate", "ex2_init", "ex3_depth", "ex4_circles",
]


def question_ids():
    try:
        from autograder.questions import QUESTION_IDS
    except ImportError:
        return list(QUESTION_IDS_FALLBACK)
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
    ("euler", "error", {q: 0.0 for q in QUESTION_IDS_FALLBACK},
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
            (out / "feedback" / f"{student}.md").write_text(f"# Feedback for {student}\n\nScore: {score} / {max_score}\n")
    with (out / "grades.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["student", "score", "max_score", "status", *qids, "late_penalty"])
        writer.writeheader()
        writer.writerows(rows)
    return [row["student"] for row in rows]


def read_grades(out):
    with (Path(out) / "grades.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))
