"""The student starter (course/deepnn.py): generated from the reference, every stub says what to do."""

import ast
import importlib.util
import inspect
import re

import numpy as np
import pytest

from autograder import COURSE_DIR, KIT_ROOT
from autograder.reference import load_reference
from autograder.sync import main as sync_main

ref = load_reference()


def load_starter():
    spec = importlib.util.spec_from_file_location("_kit_starter_deepnn", COURSE_DIR / "deepnn.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


starter = load_starter()

# One call per API function with arguments of the right kind: a stub must fail
# with NotImplementedError before it looks at them.
CALLS = {
    "initialize_parameters": lambda f: f([2, 3, 1]),
    "activation_forward": lambda f: f(np.zeros((2, 2)), "tanh"),
    "activation_backward": lambda f: f(np.zeros((2, 2)), np.zeros((2, 2)), "tanh"),
    "linear_forward": lambda f: f(np.zeros((2, 2)), np.zeros((1, 2)), np.zeros((1, 1))),
    "layer_forward": lambda f: f(np.zeros((2, 2)), np.zeros((1, 2)), np.zeros((1, 1)), "tanh"),
    "layer_backward": lambda f: f(np.zeros((1, 2)), None, "tanh"),
    "model_forward": lambda f: f(np.zeros((2, 2)), {}),
    "compute_cost": lambda f: f(np.full((1, 2), 0.5), np.zeros((1, 2))),
    "model_backward": lambda f: f(np.full((1, 2), 0.5), np.zeros((1, 2)), []),
    "update_parameters": lambda f: f({}, {}, 0.1),
    "train": lambda f: f(np.zeros((2, 2)), np.zeros((1, 2)), [2, 1]),
    "predict": lambda f: f(np.zeros((2, 2)), {}),
    "plot_decision_boundary": lambda f: f({}, np.zeros((2, 2)), np.zeros((1, 2))),
    "plot_costs": lambda f: f([0.5]),
    "learning_rate_sweep": lambda f: f(np.zeros((2, 2)), np.zeros((1, 2)), [0.1]),
    "fast_settings": lambda f: f(),
    "circles_settings": lambda f: f(),
}


def test_calls_cover_the_whole_api():
    assert sorted(CALLS) == sorted(ref.__all__)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_every_stub_raises_not_implemented_naming_itself(name):
    with pytest.raises(NotImplementedError, match=rf"^{name} is not implemented yet"):
        CALLS[name](getattr(starter, name))


@pytest.mark.parametrize("name", sorted(CALLS))
def test_stub_has_the_reference_signature_and_docstring(name):
    assert inspect.signature(getattr(starter, name)) == inspect.signature(getattr(ref, name))
    doc = inspect.getdoc(getattr(starter, name))
    assert doc == inspect.getdoc(getattr(ref, name))
    assert ">>>" in doc and ("shape" in doc or "Returns" in doc), f"{name}'s docstring needs shapes and an example"


def test_starter_holds_no_reference_body():
    """Every statement of a reference function body (but its docstring) is absent from the starter."""
    starter_text = (COURSE_DIR / "deepnn.py").read_text()
    tree = ast.parse((KIT_ROOT / "solutions" / "deepnn.py").read_text())
    leaked = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            for statement in node.body[1:]:
                text = ast.unparse(statement)
                if len(text) > 25 and text in starter_text:
                    leaked.append(f"{node.name}: {text[:60]}")
    assert not leaked


def test_starter_is_in_sync_with_the_reference(capsys):
    assert sync_main(check=True) == 0, capsys.readouterr().err


def test_course_never_imports_solutions():
    for path in COURSE_DIR.rglob("*"):
        if path.suffix in {".py", ".ipynb", ".md"}:
            assert not re.search(r"^\s*(from|import)\s+solutions", path.read_text(), re.M), path
