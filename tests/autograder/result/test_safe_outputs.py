"""Outputs are safe to open (issue 9 rows 9, 10, 11): CSV cells, feedback Markdown, the class report.

A small class is graded end to end with ``grade_many``: the baseline (dW not divided by m), a
student whose id is a spreadsheet formula, one whose exception message carries Markdown and
``<script>``, and one whose message holds ``$\\x$`` (mathtext). Then the kit's own readers
(manual merge, export, report) read the files back.
"""

import csv
import json

import pytest
from markdown_it import MarkdownIt

from autograder import manual
from autograder.csvfiles import read_csv, safe_cell, unsafe_cell, write_csv
from autograder.export.core import export
from autograder.grade import grade_many
from autograder.result.feedback import feedback_markdown
from autograder.result.safe_markdown import code_span, fenced, plain_line
from autograder.mutants.engine import inject
from autograder.sample_class import mutant_sources
from autograder.reference import api_names
from autograder.report.core import render, write_report
from autograder.sandbox import Limits
from tests.question_fixtures import BACKWARD, COST, case, question, write_questions

QUESTIONS = {
    "qa": question("qa", case(COST, "qa", 2), '''
        @test_case(points=2, hidden=False, name="qa - cost of one example")
        def public_cost_one(compute_cost):
            cost = compute_cost(np.array([[0.5]]), np.array([[1]]))
            assert abs(cost - np.log(2)) < 1e-12, f"compute_cost gave {cost}, expected {np.log(2)}"
    ''', case(BACKWARD, "qa", 3)),
}
LIMITS = Limits(timeout=8, memory_mb=1024, output_mb=1)
FORMULA_ID = "=HYPERLINK(1+2)"
INJECTION = "````\\n</details><script>alert(1)</script>\\n# Injected heading\\n[click me](https://evil.example/)\\n````"
MATHTEXT = "Hint: the $\\\\x$ went wrong"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("safe")
    subs = root / "submissions"
    subs.mkdir()
    wrong = mutant_sources()["dw_not_divided_by_m"]
    (subs / "baseline.py").write_text(wrong)
    (subs / f"{FORMULA_ID}.py").write_text(wrong)
    (subs / "injector.py").write_text(inject(wrong, "compute_cost", f"raise ValueError('{INJECTION}')"))
    (subs / "import_injector.py").write_text(wrong + f"\nraise ValueError('{INJECTION}')\n")  # the load error
    (subs / "mathtext.py").write_text(inject(wrong, "compute_cost", f"raise ValueError('{MATHTEXT}')"))
    (subs / "-2.5.py").write_text(wrong)  # an id that looks like a number stays a number
    paths = sorted(subs.iterdir())
    out = root / "out"
    results = grade_many(paths, out, jobs=1, secret="test", limits=LIMITS, questions_dir=_questions(root), progress=False)
    return {"root": root, "out": out, "results": {r["extra_data"]["student"]: r for r in results}}


def _questions(root):
    return write_questions(root / "questions", QUESTIONS)


def _raw_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_no_attack_scores_above_the_plain_mistake(graded):
    results = graded["results"]
    baseline = results["baseline"]["score"]
    assert 0 < baseline < results["baseline"]["extra_data"]["max_score"]
    assert all(r["score"] <= baseline for r in results.values())
    assert len(read_csv(graded["out"] / "grades.csv", "grades")[1]) == len(results)


def test_grades_csv_holds_no_formula_and_the_kit_reads_it_back(graded):
    rows = _raw_rows(graded["out"] / "grades.csv")
    students = [row[0] for row in rows[1:]]
    assert f"'{FORMULA_ID}" in students and FORMULA_ID not in students
    assert "-2.5" in students  # a number is not a formula: left alone
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for row in rows for cell in row)
    _, read = read_csv(graded["out"] / "grades.csv", "grades")
    assert {r["student"] for r in read} == set(graded["results"])  # the kit's reader takes the ' off again


def test_manual_merge_and_export_round_trip_a_formula_id(graded, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(graded["out"], out)
    students = sorted(graded["results"])
    sheet = tmp_path / "scores.csv"
    write_csv(sheet, ["student", "written_ex1", "comments"],
              [{"student": "Points Possible", "written_ex1": "5", "comments": ""}]
              + [{"student": s, "written_ex1": "3", "comments": "=cmd|' /C calc'!A0" if s == FORMULA_ID else "ok"} for s in students])
    assert _raw_rows(sheet)[2:][students.index(FORMULA_ID)][2] == "'=cmd|' /C calc'!A0"
    manual.merge_into_out_dir(out, sheet)
    merged = {r["student"]: r for r in read_csv(out / "grades.csv", "grades")[1]}
    assert merged[FORMULA_ID]["written_ex1"] == "3"
    assert float(merged[FORMULA_ID]["score"]) == graded["results"][FORMULA_ID]["score"] + 3
    feedback = (out / "feedback" / f"{FORMULA_ID}.md").read_text()
    assert "Comments:\n\n```text\n=cmd|' /C calc'!A0\n```" in feedback  # the sheet's comment, as text
    roster = tmp_path / "roster.csv"
    roster.write_text("student,name,id,sis_user_id,sis_login_id,section\n"
                      + "".join(f"\"{s}\",@name{i},{i},+sis{i},-login{i},=sec\n" for i, s in enumerate(students)))
    for fmt in ("canvas", "csv"):
        target = tmp_path / f"{fmt}.csv"
        report = export(out / "grades.csv", roster=roster, out=target, fmt=fmt, assignment="=Homework")
        assert not report.mismatched  # the formula id matched its roster row
        cells = [cell for row in _raw_rows(target) for cell in row]
        assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in cells), cells
        assert "'=Homework" in cells or fmt == "csv"
        assert "'@name0" in cells and "'-login0" in cells
    assert read_csv(tmp_path / "csv.csv", "export")[1][0]["SIS Login ID"] == "-login0"


@pytest.mark.parametrize("student", ["injector", "import_injector"])
def test_a_students_markdown_and_html_stay_inside_a_code_block(graded, student):
    text = (graded["out"] / "feedback" / f"{student}.md").read_text()
    assert "<script>alert(1)</script>" in text  # shown to the student, as text
    tokens = MarkdownIt("commonmark").parse(text)
    flat = tokens + [child for token in tokens for child in (token.children or [])]
    assert not any(t.type in ("html_block", "html_inline") and "script" in t.content for t in flat)
    assert not any(t.type == "link_open" for t in flat)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert "Injected heading" not in headings
    fences = [t for t in tokens if t.type == "fence"]
    assert any("<script>" in t.content and "# Injected heading" in t.content for t in fences)


def test_feedback_escapes_the_student_id_notes_and_test_names():
    result = {"score": 0, "tests": [
        {"name": "q - a", "status": "failed", "output": "`predict` is not defined", "max_score": 1, "visibility": "visible"},
        {"name": "q - b", "status": "failed", "output": "`predict` is not defined", "max_score": 2, "visibility": "after_published"},
        {"name": "q - c", "status": "failed", "output": "```\n<img src=x onerror=alert(1)>", "max_score": 1, "visibility": "visible"}],
        "extra_data": {"student": "<b>`x`</b>", "max_score": 4, "status": "ok", "questions": {},
                       "notes": ["Graded file: <script>.py", "Top-level code of your notebook is not run by the grader (only ...). Left out:\n"
                                 + "\n".join(f"- code cell {i}, line 1: `print({i})`" for i in range(30))]}}
    text = feedback_markdown(result)
    tokens = MarkdownIt("commonmark").parse(text)
    flat = tokens + [child for token in tokens for child in (token.children or [])]
    html = [t.content for t in flat if t.type in ("html_block", "html_inline")]
    assert all(h.startswith(("<details>", "<summary>", "</details>")) for h in html), html
    assert text.count("`predict` is not defined") == 1 and "2 tests failed with the same message: 0 / 3" in text
    assert "Tests: `q - a`, `q - b` (hidden)" in text
    assert "<summary>30 left-out statements</summary>" in text


def _case(name, question, functions, status="failed", output="wrong", hidden=False, points=1):
    return {"name": name, "status": status, "output": output, "score": points if status == "passed" else 0, "max_score": points,
            "visibility": "after_published" if hidden else "visible",
            "extra_data": {"question": question, "hidden": hidden, "functions": functions}}


def test_feedback_leads_with_the_first_failing_question_and_the_functions_its_tests_are_about():
    result = {"score": 2, "tests": [
        _case("q1_init - shapes", "q1_init", ["initialize_parameters"], status="passed"),
        _case("q3_cost - value", "q3_cost", ["compute_cost"], output="cost is off"),
        _case("q3_cost - hidden a", "q3_cost", ["compute_cost"], output="same", hidden=True, points=3),
        _case("q3_cost - hidden b", "q3_cost", ["compute_cost"], output="same", hidden=True, points=4),
        _case("q3_cost - with forward", "q3_cost", ["layer_forward", "compute_cost"], output="other"),
        _case("q3_cost - model_forward then compute_cost", "q3_cost", ["layer_forward", "model_forward", "compute_cost"],
              output="third"),
        _case("q4_backward - dW", "q4_backward", ["layer_backward"], output="dW"),
        {"name": "Written answer: ex1", "status": "failed", "output": "see me", "score": 1, "max_score": 5, "visibility": "visible"}],
        "extra_data": {"student": "ada", "max_score": 20, "status": "ok", "demo_secret": True,
                       "questions": {"q1_init": {"score": 1, "max_score": 1}, "q3_cost": {"score": 0, "max_score": 9},
                                     "q4_backward": {"score": 0, "max_score": 1}}}}
    text = feedback_markdown(result, ["q1_init", "q3_cost", "q4_backward"])
    fix = text.split("## What to fix", 1)[1]
    start = fix.split("### Start here", 1)[1].split("\n### ", 1)[0]
    assert fix.lstrip().startswith("### Start here")
    # a test naming its functions is about those; one naming none is about every function it takes; most tests first
    assert "- `compute_cost` (`q3_cost`): 5 tests" in start and "- `layer_forward` (`q3_cost`): 1 test" in start
    assert "- `model_forward` (`q3_cost`): 1 test" in start
    assert start.index("`compute_cost`") < start.index("`layer_forward`")
    api = api_names()
    assert start.index("`layer_forward`") < start.index("`model_forward`") if api.index("layer_forward") < api.index("model_forward") else True
    assert "Fix `q3_cost` first" in start and "Then: `q4_backward`." in start and "layer_backward" not in start
    assert "### `compute_cost` (`q3_cost`): 2 tests failed with the same message: 0 / 7" in fix  # grouped: named
    assert "### `q4_backward - dW`, calls `layer_backward`: 0 / 1" in fix
    assert "\\_" not in text and "`q1_init - shapes` (1 / 1)" in text  # ids in code spans, never backslash-escaped
    assert "Written answer" not in fix  # hand-graded items are not tests to fix
    assert "demo secret" not in text  # the instructor's business, not the student's


def test_a_regraded_result_keeps_its_written_scores_and_the_penalty_is_of_the_autograded_maximum():
    merged = manual.with_manual({"score": 7, "tests": [], "extra_data": {"max_score": 10, "raw_score": 10, "late_penalty": 3}},
                                {"written_ex1": 4}, {"written_ex1": 5}, "good")
    assert (merged["score"], merged["extra_data"]["max_score"]) == (11, 15)
    fresh = manual.carry_over({"score": 6, "tests": [], "extra_data": {"max_score": 10}}, merged)
    assert (fresh["score"], fresh["extra_data"]["max_score"]) == (10, 15)
    assert [t["name"] for t in fresh["tests"]] == ["Written answer: ex1"] and fresh["extra_data"]["manual"]["comment"] == "good"
    from autograder import late

    assert late.autograded_max(fresh) == 10


def test_the_markdown_helpers_cannot_be_closed_from_inside():
    block = fenced("a\n`````\nb")
    assert block.startswith("``````text\n") and block.endswith("\n``````")
    assert code_span("``x``") == "``` ``x`` ```"
    assert plain_line("- <i>[a](b)</i>\nsecond") == "\\- \\<i\\>\\[a\\](b)\\</i\\>"
    assert safe_cell("-2.5") == "-2.5" and safe_cell("+1e-3") == "+1e-3" and safe_cell(3) == 3
    for text in ("=1+2", "+x", "-x", "@x", "\tx", "\rx", "'=x", "'"):
        assert safe_cell(text).startswith("'") and unsafe_cell(safe_cell(text)) == text


def test_a_mathtext_label_does_not_break_the_report(graded, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(graded["out"], out)
    assert any("$\\x$" in t["output"] for t in graded["results"]["mathtext"]["tests"])  # the message reached the results
    path = write_report(out, title="Safe")
    page = path.read_text()
    assert "hint: the $\\x$ went wrong" in page and "could not be drawn" not in page


def test_one_broken_results_file_is_noted_and_the_rest_is_rendered(graded, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(graded["out"], out)
    (out / "results" / "baseline.json").write_text("[1, 2, 3]")
    (out / "results" / "injector.json").write_text(json.dumps({"tests": "nope", "extra_data": {"questions": [1], "manual": 5}}))
    page = render(out, title="Broken")
    attention = page.split('id="attention"')[1]
    assert "results json is not an object" in attention
    assert page.count("data:image/png;base64,") == 5
