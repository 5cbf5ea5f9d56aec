"""course/gradecheck/: the package the test files import (one module per job), its public surface and its helpers."""

import inspect

import pytest

from autograder import COURSE_DIR, public_helpers
from autograder.reference import load_reference

load_reference()  # puts course/ on sys.path
import gradecheck  # noqa: E402
from gradecheck import data  # noqa: E402

PACKAGE = COURSE_DIR / "gradecheck"


def test_every_module_of_the_package_ships_with_every_worker_and_bundle():
    modules = sorted(f"gradecheck/{path.name}" for path in PACKAGE.glob("*.py"))
    assert "gradecheck/__init__.py" in modules and "gradecheck/api.py" in modules
    assert public_helpers() == ["nndata.py", "sourcecheck.py", *modules]  # gradecheck imports sourcecheck
    assert not list(COURSE_DIR.glob("gradecheck*.py")), "the flat gradecheck modules moved into course/gradecheck/"


def test_the_import_surface_names_every_helper():
    assert [name for name in gradecheck.__all__ if not hasattr(gradecheck, name)] == []
    for name in ("Check", "check_gradients", "describe_axes", "global_reads", "unimplemented", "random_layer_dims"):
        assert name in gradecheck.__all__


def test_where_an_error_happened_is_the_students_line_never_gradechecks_own():
    """A failure names the innermost line of the student's code; a frame of the package itself is never shown,
    whichever of its modules it is in (today check.py)."""
    check = gradecheck.Check()
    with pytest.raises(gradecheck.GradeFailure) as failure:
        check.call(int, "to_int", "x")  # a builtin raises: the only Python frame is gradecheck's own call
    assert str(failure.value) == "to_int('x') raised ValueError: invalid literal for int() with base 10: 'x'"

    def student(x):
        return x + "1"

    line = inspect.getsourcelines(student)[1] + 1
    with pytest.raises(gradecheck.GradeFailure) as failure:
        check.call(student, "student", 1)
    assert str(failure.value).endswith(f"(line {line}, in student: `return x + \"1\"`)"), str(failure.value)


@pytest.mark.parametrize("low, high", [(1, 6), (2, 5), (1, 4)])
def test_random_layer_dims_draws_what_the_test_files_drew_inline(low, high):
    """The helper makes the same draws as the code it replaced in q2, q4, q6 and q7, so each student's hidden
    inputs are unchanged: one randint call of depth + 1 sizes, the last one replaced by 1."""
    inline, shared = data.case_rng(31, "dims"), data.case_rng(31, "dims")
    for depth in (1, 2, 3, 4, 1):
        expected = [int(n) for n in inline.randint(low, high, size=depth + 1)]
        expected[-1] = 1
        assert gradecheck.random_layer_dims(shared, depth, low=low, high=high) == expected
    assert inline.randint(0, 10 ** 9) == shared.randint(0, 10 ** 9)  # and the generator is left where it was


def test_hidden_case_gives_a_hidden_check_and_the_case_s_own_generator():
    """What 15 hidden cases started with, written once: a Check whose messages keep the inputs back, and the
    generator case_rng gives for the student's seed and the case's salt."""
    check, rng = gradecheck.hidden_case(12345, "q6_trajectory")
    assert isinstance(check, gradecheck.Check) and check.hidden is True
    assert rng.randint(0, 10 ** 9, size=5).tolist() == gradecheck.case_rng(12345, "q6_trajectory").randint(0, 10 ** 9, size=5).tolist()
    with pytest.raises(gradecheck.GradeFailure, match=r"\(hidden test: its inputs and expected values are not shown\)"):
        check.number(0.5, 0.25, "the cost")


def test_no_file_imports_gradecheck_under_a_standard_library_name():
    """The test files (and the kit's own tests) import it as ``gradecheck``: an alias like ``gc`` hid the standard
    library's module of that name."""
    import ast
    import sys

    from autograder import KIT_ROOT, QUESTIONS_DIR

    files = [*QUESTIONS_DIR.glob("*.py"), *(COURSE_DIR / "tests").glob("*.py"), *(KIT_ROOT / "tests").glob("*.py")]
    shadowing = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                shadowing += [f"{path.name}: import {a.name} as {a.asname}" for a in node.names
                              if a.name == "gradecheck" and a.asname in sys.stdlib_module_names]
    assert len(files) > 20 and shadowing == []
