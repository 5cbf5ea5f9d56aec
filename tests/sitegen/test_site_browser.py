"""The built site as a reader sees it: every page opened in headless Chromium, offline.

The site is served on 127.0.0.1 by http.server in a thread. Every request that
leaves 127.0.0.1 is blocked and fails the test. On every page: the formulas are
rendered by KaTeX (no raw TeX left), every image loaded, no script error; the
navigation and the search box work. A screenshot of each page goes to
build/screenshots/ (a test artifact).

Needs Debian's chromium (``make system-packages`` installs it) and the playwright
Python package; Playwright's own browser download is not used.
"""

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing: install Debian's chromium (make system-packages) to run the browser tests"),
]

#: What the page's visible text (outside code and rendered math) must not contain: raw TeX.
RAW_TEX = ["$", "\\(", "\\)", "\\[", "\\]", "\\frac", "^{[", "\\begin"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    from sitegen.build import build_site

    out = tmp_path_factory.mktemp("browser") / "site"
    build_site(out_dir=out, strict=True, log=lambda message: None)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield out, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    from playwright import sync_api  # a pinned dependency: its absence is a broken install, not a reason to skip

    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, served_site):
    """A fresh page that may only talk to the local server; ``page.outside`` lists what it tried."""
    context, new_page = _new_page(browser, served_site, viewport={"width": 1280, "height": 900})
    yield new_page
    context.close()


def _pages(site_dir):
    return sorted(path.name for path in site_dir.glob("*.html") if path.name != "404.html")


CHECK_PAGE = """() => {
  const article = document.querySelector("article.md-content__inner");
  const math = Array.from(article.querySelectorAll(".arithmatex"));
  // The whole page (sidebars and table of contents included), less code and rendered math.
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll("pre, code, .katex, script, style").forEach((el) => el.remove());
  const images = Array.from(document.querySelectorAll("img"));
  return {
    title: document.title,
    h1: (article.querySelector("h1") || {}).textContent || "",
    math: math.length,
    rendered: math.filter((el) => el.querySelector(".katex")).length,
    errors: Array.from(article.querySelectorAll(".katex-error")).map((el) => el.textContent),
    // Display formulas wider than the text column (they would need a scroll bar).
    overflowing: Array.from(article.querySelectorAll("div.arithmatex"))
      .filter((el) => el.scrollWidth > el.clientWidth + 2)
      .map((el) => el.textContent.slice(0, 60)),
    text: clone.textContent,
    images: images.map((img) => ({src: img.getAttribute("src"), complete: img.complete, width: img.naturalWidth})),
    katexFont: document.fonts.check("16px KaTeX_Main"),
  };
}"""


def test_every_page_renders_offline(served_site, page):
    site_dir, base = served_site
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    names = _pages(site_dir)
    assert len(names) >= 11
    problems = []
    formulas = 0
    for name in names:
        page.goto(f"{base}/{name}", wait_until="load")
        page.wait_for_function(
            """() => Array.from(document.querySelectorAll(".arithmatex")).every((el) => el.querySelector(".katex, .katex-error"))
                  && Array.from(document.images).every((img) => img.complete)""",
            timeout=20000,
        )
        page.evaluate("document.fonts.ready.then(() => true)")
        result = page.evaluate(CHECK_PAGE)
        page.screenshot(path=str(SCREENSHOTS / name.replace(".html", ".png")), full_page=True)
        formulas += result["rendered"]
        if result["rendered"] != result["math"]:
            problems.append(f"{name}: {result['math'] - result['rendered']} of {result['math']} formulas not rendered")
        if result["errors"]:
            problems.append(f"{name}: KaTeX errors: {result['errors'][:3]}")
        if result["overflowing"]:
            problems.append(f"{name}: display formulas wider than the page: {result['overflowing']}")
        raw = [token for token in RAW_TEX if token in result["text"]]
        if raw:
            problems.append(f"{name}: raw TeX left in the text: {raw}")
        if result["math"] and not result["katexFont"]:
            problems.append(f"{name}: the KaTeX fonts did not load")
        for image in result["images"]:
            if not image["complete"] or image["width"] <= 0:
                problems.append(f"{name}: image not loaded: {image['src']}")
        if not result["h1"].strip():
            problems.append(f"{name}: no heading")
    assert not page.outside, f"requests outside the site (blocked): {sorted(set(page.outside))[:10]}"
    assert not page.errors, f"script errors: {page.errors[:5]}"
    assert not problems, "\n".join(problems)
    assert formulas > 100, f"only {formulas} formulas rendered on the whole site"


def test_navigation_works(served_site, page):
    _, base = served_site
    page.goto(f"{base}/index.html", wait_until="load")
    # The sidebar link to section 2, then the footer's "next" link to section 3.
    page.locator("nav.md-nav--primary a.md-nav__link", has_text="2. Forward propagation").first.click(timeout=20000)
    page.wait_for_url("**/forward-propagation.html")
    assert "Forward propagation" in page.locator("article h1").inner_text()
    page.locator("a.md-footer__link--next").click(timeout=20000)
    page.wait_for_url("**/dimensions.html")
    assert "dimensions" in page.locator("article h1").inner_text()
    assert not page.outside, f"requests outside the site (blocked): {page.outside[:10]}"
    assert not page.errors, f"script errors: {page.errors[:5]}"


def test_search_finds_a_page(served_site, page):
    _, base = served_site
    page.goto(f"{base}/index.html", wait_until="load")
    page.locator("input.md-search__input").click(timeout=20000)
    search = page.locator("input.md-search__input")
    search.press_sequentially("symmetry", delay=30)
    result = page.locator(".md-search-result__item a").first
    result.wait_for(state="visible", timeout=20000)
    links = page.locator(".md-search-result__item a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    assert any("homework.html" in link for link in links), f"search for 'symmetry' did not find the homework page: {links}"
    page.screenshot(path=str(SCREENSHOTS / "search.png"))
    result.click(timeout=20000)
    page.wait_for_url("**/homework.html*")
    assert not page.outside, f"requests outside the site (blocked): {page.outside[:10]}"
    assert not page.errors, f"script errors: {page.errors[:5]}"


def _new_page(browser, served_site, **context_options):
    """(context, page) of a fresh page that may only talk to the local server (``context_options``: viewport, ...):
    outside requests are blocked and listed in ``page.outside``, script errors in ``page.errors``."""
    _, base = served_site
    allowed = urlsplit(base).netloc
    context = browser.new_context(service_workers="block", **context_options)
    outside = []

    def route(route_, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob") or (parts.scheme == "http" and parts.netloc == allowed):
            route_.continue_()
        else:
            outside.append(request.url)
            route_.abort()

    context.route("**/*", route)
    # Also watch every request the context makes (web workers included), routed or not.
    def watch(request):
        parts = urlsplit(request.url)
        if not (parts.scheme in ("data", "blob") or (parts.scheme == "http" and parts.netloc == allowed)):
            outside.append(request.url)

    context.on("request", watch)
    new_page = context.new_page()
    errors = []
    new_page.on("pageerror", lambda error: errors.append(str(error)))
    new_page.outside = outside
    new_page.errors = errors
    return context, new_page


PLAYGROUND_STATE = """() => {
  const root = document.getElementById("playground");
  return {
    run: root.getAttribute("data-run"),
    picture: document.getElementById("pg-boundary").toDataURL(),
    curve: document.getElementById("pg-costs").innerHTML,
    status: document.getElementById("pg-status").textContent,
  };
}"""


def test_playground_controls_change_the_picture(served_site, page):
    """Every control, moved, changes the drawn boundary or curve; nothing is fetched from outside the site."""
    _, base = served_site
    page.goto(f"{base}/playground.html", wait_until="load")
    page.wait_for_selector("#playground[data-ready='true']", timeout=20000)
    first = page.evaluate(PLAYGROUND_STATE)
    assert first["run"] and "Loading" not in first["status"]
    seen = {first["picture"]}
    for control in ("#pg-depth", "#pg-init", "#pg-rate", "#pg-data"):
        options = page.locator(f"{control} option").evaluate_all("(os) => os.map((o) => o.value)")
        assert len(options) >= 3, f"{control} offers {options}"
        before = page.evaluate(PLAYGROUND_STATE)
        page.select_option(control, options[-1])
        after = page.evaluate(PLAYGROUND_STATE)
        assert after["run"] != before["run"], f"moving {control} did not choose another run"
        assert (after["picture"], after["curve"], after["status"]) != (before["picture"], before["curve"], before["status"]), \
            f"moving {control} changed nothing on the page"
        seen.add(after["picture"])
    assert len(seen) >= 3, "the boundary picture hardly changes with the controls"
    page.screenshot(path=str(SCREENSHOTS / "playground-moved.png"), full_page=True)
    assert not page.outside, f"requests outside the site (blocked): {page.outside[:10]}"
    assert not page.errors, f"script errors: {page.errors[:5]}"


PLAYGROUND_EVERY_COMBINATION = """() => {
  const ids = ["pg-data", "pg-depth", "pg-init", "pg-rate"];
  const selects = ids.map((id) => document.getElementById(id));
  const seen = [];
  function walk(i) {
    if (i === selects.length) {
      seen.push({run: document.getElementById("playground").getAttribute("data-run"),
                 status: document.getElementById("pg-status").textContent});
      return;
    }
    for (const option of Array.from(selects[i].options)) {
      selects[i].value = option.value;
      selects[i].dispatchEvent(new Event("change"));
      walk(i + 1);
    }
  }
  walk(0);
  return {seen: seen, disabled: selects.some((s) => Array.from(s.options).some((o) => o.disabled))};
}"""


def test_playground_offers_only_runs_and_tells_the_final_cost(served_site, page):
    """Every combination the controls can pick has a run: the page never singles a combination out (no "left out",
    no exercise named in the status), and the status tells the cost after the last of the run's iterations."""
    import json

    out, base = served_site
    runs = json.loads((out / "figures" / "playground.json").read_text())
    page.goto(f"{base}/playground.html", wait_until="load")
    page.wait_for_selector("#playground[data-ready='true']", timeout=20000)
    result = page.evaluate(PLAYGROUND_EVERY_COMBINATION)
    seen = result["seen"]
    assert len(seen) == len(runs["runs"]) >= 27 and not result["disabled"]
    expected = f"After {runs['iterations']:,} iterations: cost "
    for state in seen:
        run = runs["runs"][state["run"]]
        assert state["status"].startswith(expected + f"{run['final_cost']:.3f}"), (state, expected)
        for word in ("left out", "ex2", "ex4", "exercise", "points"):
            assert word not in state["status"].lower(), state
    assert not page.outside and not page.errors, (page.outside[:5], page.errors[:5])


def test_on_a_phone_wide_formulas_scroll_and_say_so(browser, served_site):
    """At 390 px the backward-pass equations are wider than the screen: they scroll, with a visible sign."""
    _, base = served_site
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context, page = _new_page(browser, served_site, viewport={"width": 390, "height": 844}, device_scale_factor=2)
    try:
        page.goto(f"{base}/equations.html", wait_until="load")
        page.wait_for_function("() => Array.from(document.querySelectorAll('.arithmatex')).every((el) => el.querySelector('.katex'))", timeout=20000)
        result = page.evaluate("""() => Array.from(document.querySelectorAll("div.arithmatex")).map((el) => ({
            wide: el.scrollWidth > el.clientWidth + 2,
            marked: el.classList.contains("md-scrolls"),
            label: getComputedStyle(el, "::before").content,
            overflow: getComputedStyle(el).overflowX,
            pageWider: document.documentElement.scrollWidth > window.innerWidth + 2,
        }))""")
        wide = [r for r in result if r["wide"]]
        assert wide, "no formula is wider than a 390 px screen: the test would prove nothing"
        assert all(r["marked"] and "scroll" in r["label"] and r["overflow"] == "auto" for r in wide), wide
        assert not any(r["marked"] for r in result if not r["wide"]), "a formula that fits is marked as scrolling"
        assert not result[0]["pageWider"], "the page itself scrolls sideways at 390 px"
        page.screenshot(path=str(SCREENSHOTS / "equations-390px.png"), full_page=False)
        assert not page.outside and not page.errors, (page.outside[:5], page.errors[:5])
    finally:
        context.close()


def _luminance(css_colour):
    import re

    r, g, b = (int(v) for v in re.findall(r"\d+", css_colour)[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def test_dark_mode_toggle_keeps_math_and_figures_readable(browser, served_site):
    _, base = served_site
    context, page = _new_page(browser, served_site, viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{base}/homework.html", wait_until="load")
        page.wait_for_function("() => Array.from(document.querySelectorAll('.arithmatex')).every((el) => el.querySelector('.katex'))", timeout=20000)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
        page.locator("form[data-md-component='palette'] label:visible").first.click(timeout=20000)
        page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'", timeout=5000)
        colours = page.evaluate("""() => ({
            background: getComputedStyle(document.body).backgroundColor,
            math: getComputedStyle(document.querySelector("article .katex")).color,
            figure: getComputedStyle(document.querySelector("article img")).backgroundColor,
        })""")
        assert _luminance(colours["background"]) < 0.3, colours
        assert _luminance(colours["math"]) > 0.6, f"the formulas are not light on the dark page: {colours}"
        assert _luminance(colours["figure"]) > 0.9, f"the figures (drawn on white) lost their white background: {colours}"
        page.screenshot(path=str(SCREENSHOTS / "homework-dark.png"), full_page=False)
        # The choice holds on the next page.
        page.goto(f"{base}/equations.html", wait_until="load")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        assert not page.outside and not page.errors, (page.outside[:5], page.errors[:5])
    finally:
        context.close()
