"""The docstring examples run: the reference's, and the starter's against the reference (they are what
students read), under the pinned versions; and the docstrings state the thresholds the tests apply."""

import doctest

import pytest

from autograder import COURSE_DIR
from autograder.reference import api_names, load_reference
from autograder.rules import assignment_rules, fmt
from tests.autograder.sync.test_starter import load_starter

ref = load_reference()
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _run(test):
    import matplotlib.pyplot as plt

    runner = doctest.DocTestRunner(optionflags=FLAGS)
    out = []
    try:
        runner.run(test, out=out.append)
    finally:
        plt.close("all")
    return runner.summarize(verbose=False), "".join(out)


starter = load_starter()  # its functions and their docstrings (a stub runs only when called)


def _examples(module, name):
    tests = doctest.DocTestFinder(recurse=False).find(getattr(module, name), name, globs=dict(vars(ref)))
    return [t for t in tests if t.examples]


def test_every_api_function_has_an_example():
    assert [n for n in api_names() if not _examples(ref, n)] == []


@pytest.mark.parametrize("name", api_names())
def test_the_reference_s_examples_pass(name):
    for test in _examples(ref, name):
        result, report = _run(test)
        assert result.failed == 0, report


@pytest.mark.parametrize("name", api_names())
def test_the_starter_s_examples_pass_against_the_reference(name):
    """The starter keeps the reference's docstrings: run each of its examples with the reference's functions."""
    tests = _examples(starter, name)
    assert tests, f"the starter's {name} lost its example"
    for test in tests:
        result, report = _run(test)
        assert result.failed == 0, report


def _gradecheck_examples():
    """The docstring examples of every module of course/gradecheck/ (it ships to students: they read them)."""
    import importlib

    tests = []
    for path in sorted((COURSE_DIR / "gradecheck").glob("*.py")):
        name = "gradecheck" if path.stem == "__init__" else f"gradecheck.{path.stem}"
        module = importlib.import_module(name)
        tests += [t for t in doctest.DocTestFinder().find(module, name) if t.examples]
    return tests


def test_the_gradecheck_package_s_examples_pass():
    tests = _gradecheck_examples()
    assert "gradecheck.data.random_layer_dims" in {t.name for t in tests}
    for test in tests:
        result, report = _run(test)
        assert result.failed == 0, report


def test_docstrings_state_every_threshold_the_tests_apply():
    """Each declared threshold (autograder.rules) appears, in words a student reads, in the docstring of a function
    its question's tests call."""
    from autograder.grade.engine import load_tests

    params = {qid: {p for case in tf.test_cases for p in case.body._get_func_params()} for qid, tf in load_tests()}
    missing = []
    for question in assignment_rules().questions:
        docs = " ".join(" ".join((getattr(ref, n).__doc__ or "").split()) for n in params[question.qid] if n in api_names())
        for threshold in question.thresholds:
            forms = {fmt(threshold.value), f"{threshold.value:.0%}".replace("%", " %")}
            if not any(form in docs for form in forms):
                missing.append(f"{question.qid}.{threshold.name} = {fmt(threshold.value)}")
    assert not missing, f"no docstring states: {missing}"
