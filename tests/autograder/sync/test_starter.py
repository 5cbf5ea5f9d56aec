"""The student starter (course/deepnn.py): generated from the reference, every stub says what to do."""

import ast
import importlib.util
import inspect
import re
import shutil
import subprocess
import sys

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


def _kit_copy(tmp_path):
    """A copy of the files ``sync`` reads and writes (autograder/, course/, solutions/), to edit freely."""
    kit = tmp_path / "kit"
    for folder in ("autograder", "course", "solutions"):
        shutil.copytree(KIT_ROOT / folder, kit / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return kit


def _sync(kit, *args):
    return subprocess.run([sys.executable, "-m", "autograder", "sync", *args], cwd=kit, capture_output=True, text=True,
                          timeout=120)


def test_gradecheck_takes_the_api_constants_from_the_reference_and_sync_check_guards_the_copy(tmp_path):
    """course/ never imports solutions/: sync writes the reference's INIT_METHODS and ACTIVATIONS into
    course/gradecheck/api.py. Editing the reference's ACTIVATIONS without running sync fails `sync --check`,
    naming that file (and only it, once the starter is regenerated); sync then writes the new list."""
    kit = _kit_copy(tmp_path)
    assert _sync(kit, "--check").returncode == 0
    reference = kit / "solutions" / "deepnn.py"
    old = 'ACTIVATIONS = ("tanh", "sigmoid", "relu")\n'
    assert reference.read_text().count(old) == 1
    reference.write_text(reference.read_text().replace(old, 'ACTIVATIONS = ("tanh", "sigmoid", "relu", "leaky_relu")\n'))
    drift = _sync(kit, "--check")
    assert drift.returncode == 1 and "course/gradecheck/api.py" in drift.stderr, drift.stderr
    api = kit / "course" / "gradecheck" / "api.py"
    stale = api.read_text()
    assert _sync(kit).returncode == 0
    namespace = {}
    exec(api.read_text(), namespace)  # noqa: S102 - the kit's own generated file
    assert namespace["ACTIVATIONS"] == ("tanh", "sigmoid", "relu", "leaky_relu")
    assert namespace["INIT_METHODS"] == ref.INIT_METHODS
    api.write_text(stale)  # the starter is up to date now: only the constants are stale
    drift = _sync(kit, "--check")
    assert drift.returncode == 1 and "out of date: course/gradecheck/api.py\n" in drift.stderr, drift.stderr


def test_sync_says_which_constant_the_reference_lost(tmp_path):
    """A reference without ACTIVATIONS (renamed) stops sync with a sentence naming it, not a traceback."""
    kit = _kit_copy(tmp_path)
    reference = kit / "solutions" / "deepnn.py"
    reference.write_text(reference.read_text().replace("ACTIVATIONS = (", "HIDDEN_ACTIVATIONS = ("))
    result = _sync(kit, "--check")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr  # bad input, not a drift
    assert "the reference defines no ACTIVATIONS at module level" in result.stderr, result.stderr


def test_gradecheck_api_is_the_references():
    import gradecheck
    from gradecheck import api

    assert (api.INIT_METHODS, api.ACTIVATIONS) == (ref.INIT_METHODS, ref.ACTIVATIONS)
    assert gradecheck.INIT_METHODS is api.INIT_METHODS and gradecheck.ACTIVATIONS is api.ACTIVATIONS
