"""The class report: one offline page, plots inlined, mistakes ranked, shown in a real browser."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.report.core import ReportError, attention, diagnose, load_class, write_report
from tests.instructor_fixtures import fake_graded_class

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("graded")
    fake_graded_class(out)
    done = subprocess.run([sys.executable, "-m", "autograder", "report", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return out, out / "report.html"


def test_hints_are_diagnosed_as_mistakes():
    assert diagnose("dW1 wrong. Hint: divide by m.") == {"dW/db not divided by m"}
    assert diagnose("db1 has shape (1, 5). Hint: sum over axis=1 with keepdims=True.") == {"db not summed over axis=1 with keepdims=True"}
    assert "sigmoid derivative used in a tanh layer" in diagnose("Hint: you used the sigmoid derivative in a tanh layer")
    assert diagnose("W1 was changed in place") == {"inputs or parameters changed in place"}
    assert diagnose("Hint: check the learning rate") == {"hint: check the learning rate"}
    assert diagnose("values differ") == set()
    assert diagnose("`train` is not implemented yet (nor any other function): nothing to check for global variables") == {"function not implemented"}


def test_the_page_is_self_contained_and_ranks_what_the_class_got_wrong(report):
    out, page = report
    text = page.read_text()
    assert not re.search(r"(src|href)=\"(https?:)?//", text), "the report must not load anything from the network"
    assert "<script" not in text and "default-src 'none'" in text
    assert text.count("data:image/png;base64,") == 5  # scores, questions, mistakes, failing tests, status
    rows = re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td>", text)
    assert rows[0] == ("dW/db not divided by m", "2")  # ranked first: two students
    assert "babbage, fermat" in text
    attention_section = text.split('id="attention"')[1]
    for student in ("euler", "dijkstra", "fermat"):  # crash, timeout, three mistakes
        assert f"<td>{student}</td>" in attention_section
    assert "<td>ada</td>" not in attention_section


def test_students_who_need_attention_and_why(report):
    out, _ = report
    _, students = load_class(out)
    reasons = {s.student: r for s, r in attention(students)}
    assert reasons["euler"][:2] == ["status error", "score 0 / 100"]
    assert reasons["dijkstra"][0] == "status timeout"
    assert "3 different mistakes" in reasons["fermat"]
    assert "ada" not in reasons


def test_a_missing_results_file_is_reported_not_fatal(tmp_path):
    fake_graded_class(tmp_path)
    (tmp_path / "results" / "ada.json").unlink()
    (tmp_path / "results" / "curie.json").write_text("{not json")
    _, students = load_class(tmp_path)
    reasons = {s.student: r for s, r in attention(students)}
    assert reasons["ada"] == ["no results json"]
    assert reasons["curie"][-1].startswith("unreadable results json")


def test_not_a_graded_class_says_what_to_pass(tmp_path):
    with pytest.raises(ReportError, match="pass the --out folder"):
        write_report(tmp_path)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (apt-get install chromium): the report is not opened in a browser")
def test_the_report_shows_its_plots_in_headless_chromium_offline(report):
    from playwright.sync_api import sync_playwright

    _, page_path = report
    requested = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(offline=True, viewport={"width": 1100, "height": 900})
            context.route("**/*", lambda route: (requested.append(route.request.url), route.continue_()
                                                 if route.request.url.startswith(("file:", "data:")) else route.abort()))
            page = context.new_page()
            page.goto(page_path.as_uri())
            images = page.locator("figure img")
            assert images.count() == 5
            for i in range(images.count()):
                image = images.nth(i)
                image.scroll_into_view_if_needed()
                assert image.is_visible()
                size = image.evaluate("img => [img.complete, img.naturalWidth, img.naturalHeight, img.getBoundingClientRect().width]")
                assert size[0] and size[1] > 100 and size[2] > 100 and size[3] > 100, f"plot {i} is not drawn: {size}"
            assert page.title().endswith("class report")
            assert page.locator("h2#mistakes").is_visible()
        finally:
            browser.close()
    assert all(url.startswith(("file:", "data:")) for url in requested), requested


def test_the_sample_class_report_diagnoses_its_mistakes_and_flags_its_crashes(tmp_path):
    import shutil

    from tests.instructor_fixtures import graded_sample_class

    _, _, graded = graded_sample_class()
    out = tmp_path / "class"
    shutil.copytree(graded, out)
    path = write_report(out, title="Sample class")
    text = path.read_text()
    assert text.count("data:image/png;base64,") == 5
    mistakes = dict(re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td>", text))
    assert mistakes["db not summed over axis=1 with keepdims=True"] == "1"
    assert "untouched_starter" in text.split("<td>function not implemented</td>")[1].split("</tr>")[0]
    assert mistakes["no deepnn.py in the upload"] == "1"  # the notebook without deepnn.py
    crashes = text.split('id="crashes"')[1].split('id="attention"')[0]
    assert "<td>syntax_error</td><td>error</td>" in crashes
    attention_section = text.split('id="attention"')[1]
    for student in ("syntax_error", "forgot_module", "db_wrong_shape", "untouched_starter"):
        assert f"<td>{student}</td>" in attention_section
    assert "late (-10)" in attention_section


def test_hand_graded_items_are_not_failing_tests_and_question_points_come_from_the_results(tmp_path):
    from autograder import manual
    from autograder.report.core import question_points

    students = fake_graded_class(tmp_path)
    sheet = tmp_path / "scores.csv"
    sheet.write_text("student,written_ex1_learning_rate\nPoints Possible,5\n" + "".join(f"{s},0\n" for s in students))
    manual.merge_into_out_dir(tmp_path, sheet)
    questions, loaded = load_class(tmp_path)
    assert questions[-1] == "written_ex1_learning_rate"
    assert not any(t["name"].startswith("Written answer") for s in loaded for t in s.tests)
    points = question_points(loaded, questions)
    assert points["written_ex1_learning_rate"] == 5  # nobody scored there: the points come from the results
    assert points["q1_init"] == pytest.approx(7.69)


# --------------------------------------------------------------------------- diagnosis from what the grader recorded

#: The grader's own messages (autograder/sandbox/launcher.py, session.py, grade/messages.py), as results hold them.
CRASH = ("the Python process running your code crashed (SIGSEGV) in `layer_backward`: this happens when code kills its own "
         "process or corrupts memory; run your code locally to see where")
IMPORT_NAME_ERROR = ("your deepnn.py could not be loaded: importing it raised NameError: name 'X' is not defined (deepnn.py, "
                     "line 658: `parameters, costs = train(X, Y, [2, 3, 1])`). Top-level code runs when the module is imported: "
                     "keep only imports, functions and constants at the top level.")
SYNTAX = ("your deepnn.py has a SyntaxError (deepnn.py, line 9: `for l in range(1, len(layer_dims):`): invalid syntax. "
          "Fix it so that the file runs (python deepnn.py).")
DW_HINT = ("dW1 does not match the reference (relative error above 1e-3) (hidden test: its inputs and expected values are not "
           "shown)\nHint: dW1 is m times too large: divide by m (the cost is an average over the m examples)")
TRAIN_HINT = ("costs with target_cost (L = 1) has too few entries (hidden test: its inputs and expected values are not shown)\n"
              "Hint: record the cost before the update at iterations 0, record_every, 2*record_every, ... "
              "(i % record_every == 0); when the cost reaches target_cost, stop")
GRADIENT = "gradient check failed: relative error above 1e-3 between your model_backward and centered differences"


def _write_class(out, students):
    """A graded class as the grade command writes it: {student: (status, load_error, [failing messages])}."""
    import csv
    import json

    (out / "results").mkdir(parents=True)
    with open(out / "grades.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "score", "max_score", "status", "q4_backward"])
        for student, (status, load_error, messages) in students.items():
            writer.writerow([student, 10 - len(messages), 10, status, 10 - len(messages)])
            tests = [{"name": f"q4_backward - test {n}", "score": 0, "max_score": 1, "status": "failed", "output": text}
                     for n, text in enumerate(messages)]
            (out / "results" / f"{student}.json").write_text(json.dumps({
                "score": 10 - len(messages), "tests": tests,
                "extra_data": {"status": status, "load_error": load_error, "questions": {}}}))


def test_mistakes_come_from_the_recorded_status_and_load_error_named_in_plain_words(tmp_path):
    _write_class(tmp_path, {
        "crasher": ("error", "", [CRASH]),
        "importer": ("error", IMPORT_NAME_ERROR, [IMPORT_NAME_ERROR] * 3),
        "syntax": ("error", SYNTAX, [SYNTAX] * 3),
        "slow_import": ("timeout", "your code took longer than the time limit (30 s per test) while it was being imported", []),
        "hog": ("memory", "", ["your code ran out of memory (limit 2048 MB) in `predict`: look for arrays far larger than needed"]),
        "loop": ("timeout", "", ["your code took longer than the time limit (30 s per test) in `train`: look for an infinite loop",
                                 "`train` did not return within 30 s in an earlier test; not run again. Fix the loop it names "
                                 "(or the slow code it runs) first."]),
    })
    _, students = load_class(tmp_path)
    found = {s.student: s.mistakes for s in students}
    assert found["crasher"] == {"crashes the Python process running it (e.g. SIGSEGV)"}  # not "memory limit exceeded"
    assert found["importer"] == {"deepnn.py fails when imported: top-level code uses a name that is not defined"}
    assert found["syntax"] == {"deepnn.py has a syntax error (the file does not run)"}
    assert found["slow_import"] == {"deepnn.py never finishes importing (slow top-level code)"}
    assert found["hog"] == {"runs out of memory (arrays far too large)"}
    assert found["loop"] == {"too slow or never ends (timeout)"}  # the refused call is grouped under its timeout


def test_named_mistakes_rank_first_and_their_follow_on_hints_are_not_counted_again(tmp_path):
    _write_class(tmp_path, {
        **{f"dw{n}": ("ok", "", [DW_HINT, GRADIENT, TRAIN_HINT]) for n in range(3)},
        **{f"hinted{n}": ("ok", "", [TRAIN_HINT]) for n in range(4)},  # no named mistake: their hint is what is known
    })
    text = write_report(tmp_path).read_text()
    rows = re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td>", text.split('id="mistakes"')[1])
    assert rows[0] == ("dW/db not divided by m", "3")  # named, above the more frequent hint
    label, count = rows[1]
    assert len(rows) == 2 and count == "4"  # the dW students' train hint and gradient check are not counted again
    assert label == "hint: record the cost before the update at iterations 0, record_every, 2*record_every, ... (i % record_every == 0)…"
    hint = TRAIN_HINT.split("Hint: ")[1]
    assert hint.startswith(label[len("hint: "):-1]) and hint[len(label) - len("hint: ") - 1] == ";"  # cut between words
    assert "backward disagrees" not in text


def test_a_hint_is_shortened_at_a_word_never_inside_one():
    from autograder.report.diagnosis import shorten

    text = "record the cost before the update at iterations 0, record_every, 2*record_every, and so on"
    assert shorten(text, 80) == "record the cost before the update at iterations 0, record_every…"
    assert shorten(text, 200) == text and shorten("a b", 3) == "a b"
    for limit in range(10, 90):
        cut = shorten(text, limit)
        assert len(cut) <= limit and text.startswith(cut[:-1].rstrip(" ,")) and text[len(cut[:-1].rstrip(" ,"))] in " ,"


def test_the_report_links_the_similarity_page_and_lists_its_flagged_pairs(tmp_path):
    from autograder.__main__ import main as cli
    from autograder.csvfiles import write_csv

    out = tmp_path / "class"
    fake_graded_class(out)
    similarity = tmp_path / "similarity"
    similarity.mkdir()
    (similarity / "similarity.html").write_text("<html></html>", encoding="utf-8")
    write_csv(similarity / "similarity.csv", ["student_a", "student_b", "score", "share_a", "share_b", "lines_a", "lines_b"],
              [{"student_a": "=copier", "student_b": "<b>x</b>", "score": "0.97"},
               {"student_a": "kim", "student_b": "lee", "score": "0.51"},
               {"student_a": "ann", "student_b": "bob", "score": "0.12"}])
    assert cli(["report", str(out)]) == 0  # found beside the class folder
    page = (out / "report.html").read_text(encoding="utf-8")
    assert 'href="../similarity/similarity.html"' in page
    assert "2 pairs scored 0.5 or more" in page and "never changes a grade" in page
    assert "=copier" in page and "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    assert ">ann<" not in page  # below the flag: only on the similarity page
    missing = tmp_path / "nowhere"
    assert cli(["report", str(out), "--similarity", str(missing)]) == 0
    assert "No similarity results in" in (out / "report.html").read_text(encoding="utf-8")


def test_without_a_similarity_run_the_report_has_no_such_section(report):
    _, page = report
    assert "Similar submissions" not in page.read_text(encoding="utf-8")


def test_every_offline_page_shares_one_shell_and_fetches_nothing_it_does_not_show(report):
    """The report, the similarity page and the written answers are built by autograder/htmlpage.py: the title
    escaped, no script, and a policy that lets the browser fetch nothing but the data: images a page shows."""
    from autograder.htmlpage import CSP, CSP_WITH_IMAGES, page

    _, report_page = report
    head = report_page.read_text().split("<body>")[0]
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP_WITH_IMAGES}">' in head
    assert CSP == "default-src 'none'; style-src 'unsafe-inline'"
    assert CSP_WITH_IMAGES == "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
    text = page("<b>x</b> & y", "<p>body</p>", style="p { color: red; }")
    assert text.startswith("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
    assert f'content="{CSP}"' in text and "img-src" not in text and "<script" not in text
    assert "<title>&lt;b&gt;x&lt;/b&gt; &amp; y</title><style>p { color: red; }</style>" in text
    assert text.endswith("<body>\n<p>body</p>\n</body></html>\n")
