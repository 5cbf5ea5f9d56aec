"""grades.csv, rendered whole from the class's results: one row per student, every number through one formatter."""

from pathlib import Path

from ..csvfiles import write_csv
from ..formatting import points


def manual_columns(results):
    """Columns of hand-graded items merged earlier (``extra_data.manual.points`` of each results.json dict), in order."""
    columns = []
    for result in results:
        for column in ((result.get("extra_data", {}).get("manual") or {}).get("points") or {}):
            if column not in columns:
                columns.append(column)
    return columns


def question_columns(results):
    """The question ids of these results.json dicts, in their order (the graded questions' ``extra_data.questions``)."""
    columns = []
    for result in results:
        for qid in (result.get("extra_data", {}).get("questions") or {}):
            if qid not in columns:
                columns.append(qid)
    return columns


def grades_row(result, question_ids, extra_columns=()):
    """grades.csv's row of one results.json dict: ``{column: text}`` (4 decimals at most)."""
    extra = result.get("extra_data", {})
    row = {
        "student": extra.get("student", ""),
        "score": points(result.get("score", 0)),
        "max_score": points(extra.get("max_score", 0)),
        "status": extra.get("status", "error"),
    }
    questions = extra.get("questions", {})
    for qid in question_ids:
        row[qid] = points(questions.get(qid, {}).get("score", 0))
    manual = (extra.get("manual") or {}).get("scores") or {}
    for column in extra_columns:
        row[column] = points(manual[column]) if column in manual else ""
    row["late_penalty"] = points(extra.get("late_penalty", 0))
    return row


def write_grades_csv(out_dir, results, question_ids=None):
    """Write ``out_dir/grades.csv`` from ``results`` (results.json dicts, in row order); returns its path.

    Columns: student, score, max_score, status, the questions (``question_ids``, default: the
    results' own), the written answers merged by hand, late_penalty.
    """
    question_ids = list(question_ids) if question_ids is not None else question_columns(results)
    extra_columns = manual_columns(results)
    fields = ["student", "score", "max_score", "status", *question_ids, *extra_columns, "late_penalty"]
    rows = [grades_row(result, question_ids, extra_columns) for result in results]
    return write_csv(Path(out_dir) / "grades.csv", fields, rows)
