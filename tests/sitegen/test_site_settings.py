"""No setting the site shows earns the points of exercise 2 or exercise 4.

Every training setting the site shows lives in ``sitegen.settings`` (the exercise
figures) and ``sitegen.playground`` (the playground's runs); ``sitegen.shown.shown_settings()``
lists them all. The graded checks are the test files' own cases, run through the reference
(``sitegen.gradedcheck``). A check that passes nothing would make this vacuous, so the
reference's own answers must pass it.
"""

import html
import json
import re

import pytest

from sitegen import gradedcheck, settings
from sitegen.generate import all_jobs
from sitegen.shown import shown_settings

#: Per-student data seeds tried on top of the build's (a student's seed is secret).
TEST_SEEDS = (424242, 7, 2026)


def _graded_part(setting):
    return json.dumps({k: setting[k] for k in ("layer_dims", "learning_rate", "num_iterations", "init", "init_scale", "hidden_activation")},
                      sort_keys=True)


def test_the_graded_checks_pass_the_reference_s_answers_and_fail_the_deck():
    from autograder.reference import load_reference

    ref = load_reference()
    fast = dict(ref.fast_settings(), data="lecture", layer_dims=[2, 3, 4, 1], num_iterations=20000, hidden_activation="tanh")
    circles = dict(ref.circles_settings(), data="circles")
    assert gradedcheck.passes_ex2(fast)
    assert gradedcheck.passes_ex4(circles, seeds=TEST_SEEDS[:1])
    deck = dict(settings.DECK, data="lecture", num_iterations=3000, hidden_activation="tanh")
    assert not gradedcheck.passes_ex2(deck)
    assert not gradedcheck.passes_ex4(deck, seeds=TEST_SEEDS[:1])


def test_every_training_run_of_the_site_is_a_listed_setting():
    """The figures and the playground train only settings that shown_settings() lists (so the next test sees them all)."""
    shown = {_graded_part(s) + s["data"] for s in shown_settings()}
    runs = [run for job in all_jobs() for run in job.runs]
    assert len(runs) >= 20
    for run in runs:
        full = dict({"hidden_activation": "tanh", "init": "random", "init_scale": 0.01}, **run)
        assert _graded_part(full) + full["data"] in shown, f"a figure trains a setting settings.py does not list: {run}"


def test_no_setting_the_site_shows_earns_exercise_2_or_4_points():
    shown = shown_settings()
    assert len(shown) >= 20
    triples, parts = {}, {}
    for s in shown:
        triples.setdefault((s["init"], s["init_scale"], s["learning_rate"]), s)
        parts.setdefault(_graded_part(s), s)
    earning = [f"ex2_init: {key}" for key, s in triples.items() if gradedcheck.passes_ex2(s)]
    earning += [f"ex4_circles: {key}" for key, s in parts.items()
                if gradedcheck.passes_ex4(s, seeds=gradedcheck.BUILD_SEEDS + TEST_SEEDS)]
    assert not earning, "the site shows settings that earn graded points:\n" + "\n".join(earning)


def test_the_playground_offers_every_combination_of_its_controls():
    """Nothing is left out one combination at a time (a gap would tell which settings pass): the grid is coarse and
    bounded, every combination has a run, and the previous test proves none of them earns points."""
    from sitegen import playground

    candidates = settings.playground_candidates()
    assert playground.playground_settings() == candidates
    assert len(candidates) == (len(settings.PLAYGROUND_DATA) * len(settings.PLAYGROUND_DEPTHS) * len(settings.PLAYGROUND_INITS)
                               * len(settings.PLAYGROUND_RATES))
    assert playground.excluded() == {}


def test_the_playground_refuses_to_build_when_an_offered_combination_earns_points(monkeypatch):
    from sitegen import playground

    earning = playground._graded_part(settings.playground_candidates()[0])
    monkeypatch.setattr(playground, "excluded", lambda: {json.dumps(earning, sort_keys=True): ["ex2_init"]})
    with pytest.raises(playground.EarningSettingError) as raised:
        playground.playground_settings()
    message = str(raised.value)
    assert playground.run_id(settings.playground_candidates()[0]) in message and "sitegen/settings.py" in message


@pytest.mark.parametrize("name", ["xor", "moons", "spiral"])
def test_playground_data_sets_are_not_the_graded_ones(name):
    import numpy as np

    from sitegen import toydata
    from sitegen.training import load_data

    X, Y = toydata.load(name)
    assert X.shape[0] == 2 and Y.shape == (1, X.shape[1]) and set(np.unique(Y)) == {0, 1}
    lecture, _ = load_data("lecture")
    circles, _ = load_data("circles", **settings.CIRCLES_TRAIN)
    assert X.shape != lecture.shape and X.shape != circles.shape


# --------------------------------------------------------------------------- what the built pages print

#: A settings dict or a call's keyword arguments as a page prints them: {'init': 'he', ...} or init='he', ... ; one
#: setting is what lies between two brackets ({ } ( )) on one line.
_WINDOW = re.compile(r"[^{}()\n]*\b(?:init|learning_rate)\b[^{}()\n]*")
_VALUE = re.compile(r"""['"]?\b(layer_dims|learning_rate|num_iterations|init_scale|init|hidden_activation)\b['"]?\s*[:=]\s*"""
                    r"""(\[[^\]]*\]|'[^']*'|"[^"]*"|[-+0-9.eE]+)""")
_EX4_KEYS = ("layer_dims", "learning_rate", "num_iterations", "init", "init_scale", "hidden_activation")


def printed_settings(text):
    """Every setting a page's text prints, as dicts of the keys found ({'init', 'learning_rate', ...}).

    Reads dict literals ({'init': 'xavier', 'learning_rate': 0.3}) and keyword arguments (init='he', learning_rate=0.1)
    alike, between two brackets on one line; a value that is not a literal (…, <array>) is skipped.
    """
    import ast

    found = []
    for window in _WINDOW.finditer(text):
        setting = {}
        for key, literal in _VALUE.findall(window.group(0)):
            try:
                setting[key] = ast.literal_eval(literal)
            except (ValueError, SyntaxError):
                continue
        if "init" in setting and "learning_rate" in setting:
            found.append(setting)
    return found


def earning_printed_settings(text, seeds=gradedcheck.BUILD_SEEDS + TEST_SEEDS):
    """The printed settings that pass ex2's graded check (init, scale, rate; train's default scale when absent) or
    ex4's (a whole circles_settings dict)."""
    earning = []
    for setting in printed_settings(text):
        try:
            triple = dict(init=setting["init"], init_scale=float(setting.get("init_scale", 0.01)),
                          learning_rate=float(setting["learning_rate"]))
        except (TypeError, ValueError):
            continue
        if gradedcheck.passes_ex2(triple):
            earning.append(("ex2_init", setting))
        if all(key in setting for key in _EX4_KEYS) and gradedcheck.passes_ex4(setting, seeds=seeds):
            earning.append(("ex4_circles", setting))
    return earning


def test_the_scan_reads_dicts_and_keywords_and_finds_the_reference_s_answers():
    """The scan below is not vacuous: it finds the answers in the forms the feedback and the code print them."""
    from autograder.reference import load_reference

    ref = load_reference()
    feedback = f"with fast_settings() = {ref.fast_settings()}, train(X, Y, [2, 3, 4, 1]) on the lecture data ends at cost 1.7"
    assert [name for name, _ in earning_printed_settings(feedback)] == ["ex2_init"]
    keywords = "train(X, Y, dims, " + ", ".join(f"{k}={v!r}" for k, v in ref.fast_settings().items()) + ")"
    assert [name for name, _ in earning_printed_settings(keywords)] == ["ex2_init"]
    circles = html.escape(f"circles_settings() returned {ref.circles_settings()}, which")
    assert "ex4_circles" in [name for name, _ in earning_printed_settings(html.unescape(circles), seeds=TEST_SEEDS[:1])]
    deck = "{'init': 'random', 'init_scale': 0.01, 'learning_rate': 0.01}"
    assert printed_settings(deck) and not earning_printed_settings(deck)


def test_the_shown_feedback_quotes_no_setting_value():
    """The sample feedback's settings (dicts and train's keyword arguments) are shown as "…", whatever their value."""
    from autograder.reference import load_reference
    from sitegen.aftersubmit import SAMPLE_SETTINGS, redact_settings

    ref = load_reference()
    feedback = (f"with fast_settings() = {ref.fast_settings()}, train(X, Y, [2, 3, 4, 1], num_iterations=20000) ends at 1.7\n"
                "costs of train(<float array of shape (2, 35)>, [2, 3, 1], learning_rate=0.1, num_iterations=60, "
                "init='xavier', seed=1, record_every=20) is wrong\n"
                f"circles_settings() returned {ref.circles_settings()}")
    assert earning_printed_settings(feedback, seeds=TEST_SEEDS[:1])
    shown = redact_settings(feedback)
    assert printed_settings(shown) == [] and earning_printed_settings(shown) == []
    assert "learning_rate=…, num_iterations=60, init=…, seed=1" in shown and "num_iterations=20000) ends at 1.7" in shown
    assert "'learning_rate': …" in shown and "'hidden_activation': 'tanh'" in shown  # only the three keys are redacted
    # The shown submission's own settings earn nothing either (defence in depth: its costs are printed too).
    assert not gradedcheck.passes_ex2(SAMPLE_SETTINGS["fast_settings"])
    assert not gradedcheck.passes_ex4(dict(SAMPLE_SETTINGS["circles_settings"], data="circles"), seeds=TEST_SEEDS[:1])


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    from sitegen.build import build_site

    out = tmp_path_factory.mktemp("site") / "site"
    build_site(out_dir=out, strict=True, log=lambda message: None)
    return out


def _page_text(path):
    """A built page's text as a reader gets it: tags stripped, entities decoded (JSON: every string and number)."""
    raw = path.read_text(errors="replace")
    if path.suffix == ".json":
        return raw
    return html.unescape(re.sub(r"<[^>]+>", " ", raw))


def _pages(site):
    return sorted(p for p in site.rglob("*") if p.suffix in (".html", ".json", ".md", ".txt") and p.is_file()
                  and "search" not in p.parts)


def test_no_built_page_prints_a_setting_that_earns_points(built_site):
    """Every settings dict or (init, learning rate) pair any built page prints (the sample feedback included) fails
    the graded checks."""
    pages = _pages(built_site)
    assert any(p.name == "homework.html" for p in pages)
    homework = " ".join(_page_text(built_site / "homework.html").split())
    assert "with fast_settings() = {'init': …, 'init_scale': …, 'learning_rate': …}" in homework, \
        "the sample feedback no longer shows its (redacted) settings"
    earning = [f"{p.relative_to(built_site)}: {name} {setting}" for p in pages
               for name, setting in earning_printed_settings(_page_text(p))]
    assert not earning, "built pages print settings that earn graded points:\n" + "\n".join(earning)


def test_the_playground_never_names_an_exercise_next_to_a_combination(built_site):
    data = json.loads((built_site / "figures" / "playground.json").read_text())
    assert "left_out" not in data
    assert sorted(data["runs"]) == sorted(__import__("sitegen.playground").playground.run_id(s)
                                          for s in settings.playground_candidates())
    raw = (built_site / "figures" / "playground.json").read_text().lower()
    for word in ("ex2", "ex4", "exercise", "homework", "left out", "earn"):
        assert word not in raw, f"the playground's runs name {word!r}"
    script = (built_site / "assets" / "javascripts" / "playground.js").read_text().lower()
    for word in ("ex2", "ex4", "exercise", "left out", "left_out", "homework"):
        assert word not in script, f"the playground's script says {word!r}"
    text = " ".join(_page_text(built_site / "playground.html").split())
    assert "not offered" in text and "give away" in text, "the page no longer says, once, why some settings are missing"
