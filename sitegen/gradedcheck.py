"""Would a setting shown on the site earn exercise 2's or exercise 4's points? Ask the graded checks.

The checks are the test files' own cases (``autograder/questions/ex2_init.py``'s
``public_fast`` and ``ex4_circles.py``'s ``hidden_accuracy``), run in this process with
the reference's ``train`` and ``predict`` and a ``fast_settings`` / ``circles_settings``
that returns the setting. Nothing here restates a threshold: a test file's change moves
these answers with it.
"""

from functools import lru_cache

#: Seeds of the hidden case's per-student data the build tries (a student's seed is secret;
#: tests/sitegen/test_site_settings.py tries others).
BUILD_SEEDS = (11, 12, 13)


@lru_cache(maxsize=None)
def _case(qid, name_part):
    from otter.test_files.exception_test import ExceptionTestFile

    from autograder import QUESTIONS_DIR
    from autograder.reference import load_reference

    load_reference()  # puts course/ (gradecheck, nndata) on sys.path for the test file
    test_file = ExceptionTestFile.from_file(str(QUESTIONS_DIR / f"{qid}.py"))
    matches = [case for case in test_file.test_cases if name_part == case.body.test_func.__name__]
    if len(matches) != 1:
        raise LookupError(f"{qid}: expected one case named like {name_part!r}, found {len(matches)}")
    return matches[0]


def _passes(case, env):
    try:
        case.body.call_func(env)
    except Exception:  # noqa: BLE001 - a failing check is the answer here
        return False
    return True


def _env(seed, **functions):
    from autograder.reference import load_reference

    ref = load_reference()
    return dict(train=ref.train, predict=ref.predict, ref=ref, seed=seed, **functions)


def passes_ex2(setting):
    """True when ``fast_settings()`` returning this setting's init, scale and rate passes ex2's graded check."""
    return _passes_ex2(setting["init"], setting["init_scale"], setting["learning_rate"])


@lru_cache(maxsize=None)
def _passes_ex2(init, init_scale, learning_rate):
    triple = {"init": init, "init_scale": init_scale, "learning_rate": learning_rate}
    return _passes(_case("ex2_init", "public_fast"), _env(0, fast_settings=lambda: dict(triple)))


def passes_ex4(setting, seeds=BUILD_SEEDS):
    """True when ``circles_settings()`` returning this setting passes ex4's hidden check for any of ``seeds``."""
    keys = ("layer_dims", "learning_rate", "num_iterations", "init", "init_scale", "hidden_activation")
    chosen = {key: setting[key] for key in keys}
    chosen["layer_dims"] = list(chosen["layer_dims"])
    case = _case("ex4_circles", "hidden_accuracy")
    return any(_passes(case, _env(seed, circles_settings=lambda: dict(chosen, layer_dims=list(chosen["layer_dims"])))) for seed in seeds)


def earns_points(setting, seeds=BUILD_SEEDS):
    """The names of the graded checks this setting passes ([] when it earns nothing)."""
    found = []
    if passes_ex2(setting):
        found.append("ex2_init")
    if passes_ex4(setting, seeds):
        found.append("ex4_circles")
    return found
