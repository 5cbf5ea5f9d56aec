"""The course site: the strict build passes, no reference code leaks into it, nothing outside it is referenced.

The site is built once per module (``sitegen.build.build_site``, figures cached under
build/sitegen/) into a temporary folder.
"""

import ast
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "solutions" / "deepnn.py"
COURSE = ROOT / "course"

#: The ten topics of the lecture (issue 4) and the page that carries each.
TOPIC_PAGES = [
    "deep-networks.html",
    "forward-propagation.html",
    "dimensions.html",
    "why-deep.html",
    "building-blocks.html",
    "equations.html",
    "hyperparameters.html",
    "brain.html",
    "homework.html",
    "instructors.html",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from sitegen.build import build_site

    out = tmp_path_factory.mktemp("site") / "site"
    timings = build_site(out_dir=out, strict=True, log=lambda message: None)
    assert (out / "index.html").is_file()
    return out


def _normalize(text):
    return " ".join(text.split())


def _site_text(path):
    """The text of a built file as a reader (or a search engine) would get it: tags stripped, entities decoded."""
    raw = path.read_text(errors="replace")
    if path.suffix == ".json":
        strings = []

        def walk(value):
            if isinstance(value, str):
                strings.append(value)
            elif isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)

        walk(json.loads(raw))
        raw = "\n".join(strings)
    return _normalize(html.unescape(re.sub(r"<[^>]+>", "", raw)))


def test_reference_lines_are_a_real_check():
    """The leak check (autograder/leaks.py, the one the release runs) has something to look for, and finds it when it is there."""
    from autograder import leaks

    private = leaks.private_material()
    lines = sorted(f for f, what in private.fragments.items() if "reference" in what)
    assert len(lines) > 50, f"only {len(lines)} private lines found in {REFERENCE}: is the reference complete?"
    sample = next(line for line in lines[len(lines) // 2:] if " " in line)
    page = "<p>Some text</p><pre><code>" + html.escape(sample).replace(" ", ' <span class="n"></span>', 1) + "</code></pre>"
    found = leaks.scan({"page.html": page}, private)
    assert len(found) == 1 and found[0].what.startswith(private.fragments[sample]), found


def test_strict_build_has_every_topic_and_figure(site):
    for page in TOPIC_PAGES:
        assert (site / page).is_file(), f"the site has no page {page}"
    figures = sorted(path.name for path in (site / "figures").iterdir())
    for name in ["network-3-5-5-3-1.svg", "network-2-3-5-4-2-1.svg", "network-depths.svg", "building-blocks.svg", "parity.svg", "lecture-data.png"]:
        assert name in figures
    for exercise in ("ex1", "ex2", "ex3"):
        assert f"{exercise}-costs.png" in figures and f"{exercise}-boundaries.png" in figures
    assert "ex4-circles.png" in figures
    # The KaTeX files are part of the site, not fetched from anywhere.
    for name in ("katex.min.js", "katex.min.css", "auto-render.min.js", "fonts/KaTeX_Main-Regular.woff2"):
        assert (site / "assets" / "katex" / name).is_file()


def test_site_contains_no_reference_code(site):
    from autograder import leaks

    files = {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*"))
             if path.is_file() and path.suffix in {".html", ".json", ".js", ".xml", ".txt", ".md", ".py", ".svg", ".css"}}
    found = leaks.scan(files, leaks.private_material())
    assert not found, f"private code (the reference's, or a hidden test's) found in the built site: {leaks.describe(found)}"
    assert not list(site.rglob("*.py")), "no Python file belongs in the built site"


def test_code_on_pages_comes_from_course_files(site):
    """Every Python block on a page is text of a file in course/ (included with pymdownx.snippets)."""
    course_text = _normalize("\n".join(path.read_text() for path in COURSE.glob("*.py")))
    blocks = 0
    for page in site.glob("*.html"):
        for match in re.finditer(r'<div class="language-python highlight"><pre>(.*?)</pre></div>', page.read_text(), re.S):
            code = _normalize(html.unescape(re.sub(r"<[^>]+>", "", match.group(1))))
            blocks += 1
            assert code in course_text, f"{page.name}: a Python block is not from course/: {code[:120]}..."
    assert blocks >= 10


class _References(HTMLParser):
    ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "data", "background", "manifest"}

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in self.ATTRIBUTES:
                values = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
                self.found.extend((tag, name, v) for v in values)
            elif name == "style":
                self.found.extend((tag, "style", v) for v in re.findall(r"url\(\s*['\"]?([^'\")]+)", value))
            elif name == "content" and dict(attrs).get("http-equiv", "").lower() == "refresh":
                self.found.append((tag, name, value.split("url=")[-1]))


def _is_external(url):
    parts = urlsplit(url.strip())
    if parts.scheme in ("data", "blob", "about"):
        return False
    return bool(parts.scheme) or url.strip().startswith("//")


def test_no_page_references_anything_outside_the_site(site):
    problems = []
    for page in sorted(site.rglob("*.html")):
        parser = _References()
        text = page.read_text()
        parser.feed(text)
        for style in re.findall(r"<style[^>]*>(.*?)</style>", text, re.S):
            parser.found.extend(("style", "url", url) for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", style))
        for tag, attribute, url in parser.found:
            where = f"{page.relative_to(site)}: <{tag} {attribute}={url!r}>"
            if _is_external(url):
                problems.append("external: " + where)
                continue
            target = unquote(urlsplit(url).path)
            if tag in ("img", "script", "link", "source") and target:
                # 404.html links from the site's root (/assets/...), every other page relatively.
                resolved = (site / target.lstrip("/") if target.startswith("/") else page.parent / target).resolve()
                if not resolved.is_file():
                    problems.append("missing: " + where)
    for sheet in sorted(site.rglob("*.css")):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", sheet.read_text()):
            if _is_external(url):
                problems.append(f"external: {sheet.relative_to(site)}: url({url})")
            elif not url.startswith(("data:", "#")) and not (sheet.parent / unquote(urlsplit(url).path)).resolve().is_file():
                problems.append(f"missing: {sheet.relative_to(site)}: url({url})")
    assert not problems, "\n".join(problems[:20])


def test_math_is_marked_for_katex(site):
    """arithmatex (generic mode) wraps the formulas for the KaTeX init script, which every page loads."""
    for page in TOPIC_PAGES:
        text = (site / page).read_text()
        assert "assets/javascripts/katex-init.js" in text and "assets/katex/katex.min.js" in text
        if page not in ("instructors.html",):
            assert 'class="arithmatex"' in text, f"{page} has no formula"


def test_a_warm_build_makes_no_figure(site, tmp_path):
    """Nothing changed since the fixture's build: no figure job runs (the generator's report and its log say so,
    it logs only what it makes) and every figure is the first build's, byte for byte, from the cache."""
    from sitegen.build import build_site

    messages = []
    again = tmp_path / "again"
    timings = build_site(out_dir=again, strict=True, log=messages.append)
    assert timings["made"] == [] and messages == [], messages
    figures = {path.relative_to(site): path.read_bytes() for path in sorted((site / "figures").iterdir())}
    assert figures and figures == {path.relative_to(again): path.read_bytes() for path in sorted((again / "figures").iterdir())}


def test_strict_build_fails_on_a_broken_link(tmp_path):
    """The build really is strict: a page with a broken link fails it (so a passing build means no warnings)."""
    import shutil

    import yaml
    from mkdocs.exceptions import Abort

    from sitegen.build import build_site

    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "site", docs)
    with open(docs / "brain.md", "a") as page:
        page.write("\nSee [a page that does not exist](no-such-page.md).\n")
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.SafeLoader)
    config["docs_dir"] = str(docs)
    config["hooks"] = [str(ROOT / "sitegen" / "hooks.py")]
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config))
    with pytest.raises(Abort):
        build_site(out_dir=tmp_path / "out", strict=True, config_file=config_file, log=lambda message: None)


def test_homework_page_names_every_question(site):
    """The homework page's table of questions follows the grader's list (so it cannot silently rot)."""
    from autograder.questions import QUESTION_IDS

    text = (site / "homework.html").read_text()
    missing = [qid for qid in QUESTION_IDS if f"<code>{qid}</code>" not in text]
    assert not missing, f"the homework page does not name the questions {missing} (site/homework.md, 'Checking your work')"


def test_a_training_run_s_cache_key_follows_what_shapes_its_costs(monkeypatch):
    """The runs cache must not hand back costs recorded at another spacing (the key once missed RECORD_EVERY)."""
    from sitegen import generate, training

    spec = {"data": "lecture", "layer_dims": [2, 3, 1], "num_iterations": 10}
    key = generate._run_key(spec)
    assert generate._run_key(dict(spec)) == key
    assert generate._run_key(dict(spec, num_iterations=11)) != key
    monkeypatch.setattr(training, "RECORD_EVERY", training.RECORD_EVERY // 2)
    assert generate._run_key(spec) != key


def test_a_cached_run_loads_as_it_was_saved(tmp_path):
    """A run written to the runs cache reads back the same (costs, accuracy, parameters, arrays), no temporary file beside it."""
    import numpy as np

    from sitegen import generate

    result = {"parameters": {"W1": np.arange(6.0).reshape(2, 3), "b1": np.zeros((2, 1))}, "costs": [0.69, 0.5, 0.25],
              "accuracy": 0.75, "arrays": {"X": np.ones((2, 4))}, "fresh_accuracy": 0.5}
    path = tmp_path / "runs" / "key.npz"
    generate._save_run(path, result)
    loaded = generate._load_run(path)
    assert sorted(p.name for p in path.parent.iterdir()) == ["key.npz"]
    assert loaded["costs"] == result["costs"] and loaded["accuracy"] == 0.75 and loaded["fresh_accuracy"] == 0.5
    assert sorted(loaded["parameters"]) == ["W1", "b1"] and sorted(loaded["arrays"]) == ["X"]
    for name, value in result["parameters"].items():
        np.testing.assert_array_equal(loaded["parameters"][name], value)
    np.testing.assert_array_equal(loaded["arrays"]["X"], result["arrays"]["X"])


def test_api_snippets_are_each_public_function_s_def_lines_and_docstring():
    """A snippet is the def line(s) and the docstring as written; no docstring: the def lines alone; private functions: none."""
    from sitegen.apisnippets import starter_signatures

    source = (
        'def forward(X,\n            parameters):\n    """Forward.\n\n    Returns AL.\n    """\n    return X\n\n\n'
        "def bare(x):\n    return x\n\n\n"
        'def _private():\n    """Hidden."""\n'
    )
    assert starter_signatures(source) == {
        "forward": 'def forward(X,\n            parameters):\n    """Forward.\n\n    Returns AL.\n    """\n',
        "bare": "def bare(x):\n",
    }


def _sitegen_imports():
    """{sitegen module name: the sitegen modules it imports anywhere (functions included)}, read with ast."""
    found = {}
    for path in sorted((ROOT / "sitegen").glob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                names.update([node.module] if node.module else [alias.name for alias in node.names])
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sitegen."):
                names.add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                names.update(alias.name.split(".")[1] for alias in node.names if alias.name.startswith("sitegen."))
        found[path.stem] = names
    return {name: names & set(found) for name, names in found.items()}  # modules only (not ROOT, CACHE_DIR, ...)


def test_the_generator_imports_the_figure_modules_never_the_reverse():
    """Only the build and the MkDocs hooks import generate.py; jobs.py (Job, the sources, the key) imports no other sitegen module."""
    imports = _sitegen_imports()
    assert {"diagrams", "experiments", "pages", "playground"} <= imports["generate"]
    assert sorted(name for name, names in imports.items() if "generate" in names) == ["build", "hooks"]
    assert imports["jobs"] == set()
    figure_modules = [name for name, names in imports.items() if "jobs" in names]
    assert {"diagrams", "experiments", "pages", "playground", "apisnippets"} <= set(figure_modules)


#: The lecture's pages: each ends with self-check questions.
LECTURE_PAGES = TOPIC_PAGES[:8]


def test_every_lecture_page_has_self_check_questions_with_answers(site):
    """At least four collapsible questions per lecture page, each with an answer inside (opened by the reader)."""
    for page in LECTURE_PAGES + ["playground.html"]:
        text = (site / page).read_text()
        questions = re.findall(r'<details class="question">\s*<summary>(.*?)</summary>(.*?)</details>', text, re.S)
        assert len(questions) >= 4, f"{page} has {len(questions)} self-check questions"
        for summary, answer in questions:
            assert summary.strip() and len(_normalize(re.sub(r"<[^>]+>", "", answer))) > 40, f"{page}: {summary!r} has no real answer"


def _worked_values(page_html, name):
    match = re.search(rf'<div class="worked-row" data-name="{name}">(.*?)</div>', page_html, re.S)
    assert match, f"the worked example shows no {name}"
    body = html.unescape(match.group(1))
    if name != "check":
        body = body.split("=")[-1]  # the numbers come after the last "="
    return [float(v) for v in re.findall(r"-?\d+\.\d+(?:e[-+]?\d+)?", body)]


def test_worked_example_numbers_equal_the_reference_s(site):
    """Every Z, A, the cost, every dZ, dW, db and the gradient-check row on the page are the reference's numbers."""
    import numpy as np

    from autograder.reference import load_reference
    from sitegen import worked

    ref = load_reference()
    X, Y, params = (np.array(worked.X), np.array(worked.Y), {k: np.array(v) for k, v in worked.PARAMETERS.items()})
    AL, caches = ref.model_forward(X, params)
    grads = ref.model_backward(AL, Y, caches)
    A1 = ref.activation_forward(ref.linear_forward(X, params["W1"], params["b1"]), "tanh")
    Z1 = ref.linear_forward(X, params["W1"], params["b1"])
    Z2 = ref.linear_forward(A1, params["W2"], params["b2"])
    expected = {
        "Z1": Z1, "A1": A1, "Z2": Z2, "A2": AL, "J": ref.compute_cost(AL, Y),
        "dZ2": AL - Y, "dW2": grads["dW2"], "db2": grads["db2"], "dA1": params["W2"].T @ (AL - Y),
        "dZ1": (params["W2"].T @ (AL - Y)) * (1 - A1 ** 2), "dW1": grads["dW1"], "db1": grads["db1"],
    }
    text = (site / "equations.html").read_text()
    for name, value in expected.items():
        shown = _worked_values(text, name)
        assert np.allclose(shown, np.ravel(value), atol=0.6 * 10 ** -worked.DIGITS), f"{name}: the page shows {shown}, the reference gives {np.ravel(value)}"
    name, i, j = worked.CHECK_ENTRY
    numerical, analytic, error = _worked_values(text, "check")[-3:]  # the row: entry and epsilon, then these three
    assert abs(analytic - grads[f"d{name}"][i, j]) < 1e-8 and abs(numerical - analytic) < 1e-7 and error < 1e-6


def test_dark_mode_toggle_is_on_every_page(site):
    for page in sorted(site.glob("*.html")):
        text = page.read_text()
        assert 'data-md-color-scheme="slate"' in text and 'data-md-color-scheme="default"' in text, f"{page.name} has no dark-mode toggle"


def test_common_mistakes_page_carries_every_hint_of_the_test_files(site):
    from autograder.questions import QUESTION_IDS
    from sitegen import mistakes

    text = _site_text(site / "mistakes.html")
    hints = [fix for qid in QUESTION_IDS for _, fix in mistakes.question_hints(ROOT / "autograder" / "questions" / f"{qid}.py")]
    assert len(hints) >= 20
    missing = [hint for hint in hints if _normalize(hint.replace("`", "")) not in text]  # `code` renders as code
    assert not missing, f"hints of the test files missing from the Common mistakes page: {missing[:5]}"
    for hint in mistakes.gradient_hints():
        assert _normalize(hint.replace("`", "")) in text


def test_after_you_submit_follows_the_rules(site):
    """Deadline, late policy, points per question and every threshold come from autograder.rules; the feedback is real."""
    from autograder.rules import assignment_rules, fmt

    rules = assignment_rules()
    text = _site_text(site / "homework.html")
    section = text[text.index("After you submit"):]
    assert f"{fmt(rules.grace_minutes)} minutes" in section and f"{fmt(rules.penalty_per_day)} %" in section
    for q in rules.questions:
        row = re.search(rf"{q.qid} .*? {fmt(q.public_points)} {fmt(q.hidden_points)} ", section)
        assert row, f"the points of {q.qid} are not on the page"
        for threshold in q.thresholds:
            assert _normalize(threshold.sentence) in section, threshold.sentence
    assert "Feedback for" in section and "Scores by question" in section


def test_submitting_steps_are_a_list_of_three(site):
    """Step 3 of "Submitting" is its own list item, not text inside step 2 (after step 2's code block)."""
    text = (site / "homework.html").read_text()
    section = text[text.index('id="submitting"'):text.index('id="after-you-submit"')]
    ol = section[section.index("<ol>"):section.index("</ol>")]
    items = re.findall(r"<li>(.*?)</li>", ol, re.S)
    assert len(items) == 3, f"the Submitting list has {len(items)} items"
    assert "Upload" in items[2] and "Upload" not in items[1]


def _self_checks(page_html):
    """``[(question, answer)]`` of a built page's self-check blocks, as the reader sees them."""
    found = re.findall(r'<details class="question">\s*<summary>(.*?)</summary>(.*?)</details>', page_html, re.S)
    return [(_normalize(html.unescape(re.sub(r"<[^>]+>", "", q))), _normalize(html.unescape(re.sub(r"<[^>]+>", "", a)))) for q, a in found]


def test_self_check_titles_show_no_markdown_escapes(site):
    """A quote inside a ``??? question "…"`` title reaches the reader as a quote, not as ``\\"``."""
    for page in sorted(site.glob("*.html")):
        for question, _ in _self_checks(page.read_text()):
            assert "\\" not in question, f"{page.name}: the self-check title {question!r} shows a backslash"


def test_playground_zeros_self_check_matches_the_playground_s_runs(site):
    """From zeros, every run with hidden layers predicts one class everywhere and 1 layer draws a line on the moons,
    as the playground's self-check says; the old claim (a 3-layer boundary looks like a 1-layer one) is gone."""
    runs = json.loads((site / "figures" / "playground.json").read_text())["runs"]
    zeros = {key: set(run["regions"]) for key, run in runs.items() if key.split("|")[2] == "zeros"}
    assert any(key.split("|")[1].count("-") > 1 for key in zeros), "the playground has no deep run from zeros to check"
    for key, classes in zeros.items():
        if key.split("|")[1].count("-") > 1:
            assert len(classes) == 1, f"{key} from zeros predicts both classes: the self-check is wrong"
    assert all(len(classes) == 2 for key, classes in zeros.items() if key.startswith("moons|2-1|"))
    checks = dict(_self_checks((site / "playground.html").read_text()))
    question = next(q for q in checks if q.startswith("From zeros"))
    assert "one class everywhere" in question and "1 layer still learns a line" in question, question
    assert "hidden" in checks[question] and "output bias" in checks[question]
    text = _site_text(site / "playground.html")
    assert "looks like a 1-layer one" not in text and "the XOR boundary is a straight line" not in text
    assert all(len(set(run["regions"])) == 1 for key, run in runs.items() if key.startswith("xor|2-1|zeros"))
    assert "predicts the majority class everywhere" in text


def test_data_story_says_what_the_costs_do():
    """The deck's run starts on the plateau and stays there: no drop is described; a run that starts above it drops.
    Zero initialization's paragraph names every array that stays 0."""
    from sitegen.datastory import _hidden_story, _plateau_story

    flat = _plateau_story(0.65972, 0.65971, 0.659718, 22 / 35)
    assert "drop" not in flat.replace("nothing to drop", "") and "already the plateau" in flat and "stays there" in flat
    assert "drops to the plateau" in _plateau_story(0.838, 0.65972, 0.659718, 22 / 35)
    assert "0.43900" in _plateau_story(0.838, 0.439, 0.659718, 22 / 35)
    assert _hidden_story(3, 0.0) == "every entry of $W^{[1]}$, $W^{[2]}$, $W^{[3]}$, $b^{[1]}$ and $b^{[2]}$ stays **0**"
    assert "largest entry" in _hidden_story(3, 0.25) and "0.25" in _hidden_story(3, 0.25)


def test_homework_page_text_matches_its_numbers_and_files(site):
    """The built story of the data does not describe a drop that did not happen; exercise 1's question asks about what the
    figure shows (the smallest rate still falling); "What you get" lists every course file of the student bundle."""
    from autograder.release.build import STUDENT_COURSE_FILES
    from sitegen.settings import LEARNING_RATES

    text = _site_text(site / "homework.html")
    assert "drops to the plateau" not in text and "the first recorded cost" in text
    assert "stays 0" in text and "largest entry" not in text
    smallest = text[text.index(f"α = {min(LEARNING_RATES)}:"):]
    assert "it is still moving" in smallest.split("α = ")[1], "the smallest rate has settled: exercise 1's question is wrong"
    assert "hardly move" not in text and "the smallest one still falling" in text
    table = text[text.index("What you get"):text.index("Work in a local Python")]
    missing = [name for name in STUDENT_COURSE_FILES if f"{name}" not in table]
    assert not missing, f"the homework page's 'What you get' table omits {missing}"
    for page in ("homework.md", "dimensions.md"):
        source = (ROOT / "site" / page).read_text()
        assert not re.search(r"(?<!/bin/)python check\.py", source), f"site/{page} runs check.py without the venv's python"
    assert "say which one is wrong" not in _site_text(site / "dimensions.html")



@pytest.mark.browser
def test_on_a_phone_a_wide_formula_starts_where_the_text_does(site):
    """At 390 px a display formula that scrolls sideways starts (and its scroll label sits) at the text's left edge,
    not flush with the screen's edge (served as tests/sitegen/test_site_browser.py serves the site, with its chromium)."""
    import functools
    import http.server
    import threading

    import test_site_browser as browser_tests

    if not browser_tests.CHROMIUM.exists():
        pytest.skip(f"{browser_tests.CHROMIUM} is missing: install Debian's chromium to run the browser tests")
    from playwright import sync_api

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(browser_tests._QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_api.sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(browser_tests.CHROMIUM), args=browser_tests.CHROMIUM_ARGS)
            try:
                page = chromium.new_page(viewport={"width": 390, "height": 844})
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/equations.html", wait_until="load")
                page.wait_for_function("() => Array.from(document.querySelectorAll('div.md-scrolls .katex-html'))"
                                       ".length > 0", timeout=20000)
                edges = page.evaluate("""() => ({
                    text: document.querySelector(".md-typeset > p").getBoundingClientRect().left,
                    formulas: Array.from(document.querySelectorAll("div.arithmatex.md-scrolls")).map((el) => ({
                        formula: el.querySelector(".katex-html").getBoundingClientRect().left,
                        label: parseFloat(getComputedStyle(el, "::before").paddingLeft) + el.getBoundingClientRect().left,
                    })),
                })""")
            finally:
                chromium.close()
    finally:
        server.shutdown()
        server.server_close()
    assert edges["text"] > 8 and edges["formulas"], edges
    for formula in edges["formulas"]:
        assert abs(formula["formula"] - edges["text"]) < 2 and abs(formula["label"] - edges["text"]) < 2, (edges["text"], formula)
