"""No setting the site shows earns the points of exercise 2 or exercise 4.

Every training setting the site shows lives in ``sitegen.settings`` (the exercise
figures) and ``sitegen.playground`` (the playground's runs); ``shown_settings()`` lists
them all. The graded checks are the test files' own cases, run through the reference
(``sitegen.gradedcheck``). A check that passes nothing would make this vacuous, so the
reference's own answers must pass it.
"""

import json

import pytest

from sitegen import gradedcheck, settings
from sitegen.generate import all_jobs

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
    shown = {_graded_part(s) + s["data"] for s in settings.shown_settings()}
    runs = [run for job in all_jobs() for run in job.runs]
    assert len(runs) >= 20
    for run in runs:
        full = dict({"hidden_activation": "tanh", "init": "random", "init_scale": 0.01}, **run)
        assert _graded_part(full) + full["data"] in shown, f"a figure trains a setting settings.py does not list: {run}"


def test_no_setting_the_site_shows_earns_exercise_2_or_4_points():
    shown = settings.shown_settings()
    assert len(shown) >= 20
    triples, parts = {}, {}
    for s in shown:
        triples.setdefault((s["init"], s["init_scale"], s["learning_rate"]), s)
        parts.setdefault(_graded_part(s), s)
    earning = [f"ex2_init: {key}" for key, s in triples.items() if gradedcheck.passes_ex2(s)]
    earning += [f"ex4_circles: {key}" for key, s in parts.items()
                if gradedcheck.passes_ex4(s, seeds=gradedcheck.BUILD_SEEDS + TEST_SEEDS)]
    assert not earning, "the site shows settings that earn graded points:\n" + "\n".join(earning)


def test_the_playground_leaves_out_what_earns_points_and_says_so():
    from sitegen import playground

    candidates = settings.playground_candidates()
    shown = playground.playground_settings()
    left_out = [s for s in candidates if playground.is_excluded(s)]
    assert len(shown) + len(left_out) == len(candidates)
    assert len(shown) >= len(candidates) // 3, "the playground shows too few runs to be worth a page"
    for s in left_out:
        assert gradedcheck.earns_points(s), f"left out without reason: {s}"


@pytest.mark.parametrize("name", ["xor", "moons", "spiral"])
def test_playground_data_sets_are_not_the_graded_ones(name):
    import numpy as np

    from sitegen import toydata
    from sitegen.experiments import load_data

    X, Y = toydata.load(name)
    assert X.shape[0] == 2 and Y.shape == (1, X.shape[1]) and set(np.unique(Y)) == {0, 1}
    lecture, _ = load_data("lecture")
    circles, _ = load_data("circles", **settings.CIRCLES_TRAIN)
    assert X.shape != lecture.shape and X.shape != circles.shape
