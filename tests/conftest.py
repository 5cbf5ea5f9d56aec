"""Pytest bridge for the question test files (autograder/questions/<qid>.py).

Every case of every question file becomes a pytest parameter (``question_case``), run
against an environment built as DESIGN.md's table says for the kit's bridge: the API
functions of a module (the reference, the starter or a mutant), ``ref`` = the
reference, ``seed`` = a fixed int, ``submission_source`` = the module's source text and
``fresh_env`` = a callable giving the namespace of a freshly loaded copy of the module.

Modules are loaded in-process under unique names (never as ``deepnn``); that is fine
for the kit's own tests, whose code is trusted. Student code is graded by the secure
grader (autograder/grade, autograder/sandbox), never this way.

It also holds the one way a test says it needs the sandbox's isolation (bubblewrap, the
warm pool, a writable pids or memory cgroup): the ``needs_bwrap(reason)`` marker and
``requires_sandbox(reason)``. Both skip with the reason, and fail with it instead when
``AUTOGRADER_REQUIRE_SANDBOX=1`` (CI sets it), so no isolation claim goes unchecked there.
"""

import itertools
import os
import types
from functools import lru_cache

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

from autograder import COURSE_DIR, QUESTIONS_DIR, SOLUTIONS_DIR  # noqa: E402
from autograder.reference import api_names, load_reference  # noqa: E402

#: The seed the bridge gives hidden cases (the secure grader derives one per student).
BRIDGE_SEED = 424242

_counter = itertools.count()


def load_module_from_source(source, label="module"):
    """Execute ``source`` as a fresh module under a unique name (not registered as ``deepnn``)."""
    load_reference()  # puts course/ (nndata, gradecheck) on sys.path
    name = f"_kit_bridge_{label}_{next(_counter)}"
    module = types.ModuleType(name)
    module.__file__ = f"<{name}>"
    code = compile(source, f"<{name}>", "exec")
    exec(code, module.__dict__)  # noqa: S102 - the kit's own reference and mutants of it
    return module


def module_env(module, source, seed=BRIDGE_SEED, fresh=True):
    """The environment a test case sees, for ``module`` (see DESIGN.md, the kit pytest bridge column)."""
    env = {name: getattr(module, name, None) for name in api_names()}
    env["ref"] = load_reference()
    env["seed"] = seed
    env["submission_source"] = source
    env["fresh_env"] = (lambda: module_env(load_module_from_source(source, "fresh"), source, seed, fresh=False)) if fresh else None
    return env


def source_env(source, label="module", seed=BRIDGE_SEED):
    """Load ``source`` as a module and give its environment."""
    return module_env(load_module_from_source(source, label), source, seed)


@lru_cache(maxsize=1)
def reference_source():
    return (SOLUTIONS_DIR / "deepnn.py").read_text()


@lru_cache(maxsize=1)
def starter_source():
    return (COURSE_DIR / "deepnn.py").read_text()


@lru_cache(maxsize=1)
def question_files():
    """{qid: ExceptionTestFile} in QUESTION_IDS order."""
    from otter.test_files.exception_test import ExceptionTestFile

    from autograder.questions import QUESTION_IDS

    load_reference()
    return {qid: ExceptionTestFile.from_file(str(QUESTIONS_DIR / f"{qid}.py")) for qid in QUESTION_IDS}


def all_cases():
    return [(qid, case) for qid, test_file in question_files().items() for case in test_file.test_cases]


def run_case(case, env):
    """None when the case passes, else the failure message (what the student would read)."""
    try:
        case.body.call_func(env)
    except Exception as error:  # noqa: BLE001 - a failing case is data here
        return f"{type(error).__name__}: {error}"
    return None


@pytest.fixture(scope="session")
def reference_env():
    return source_env(reference_source(), "reference")


@pytest.fixture(scope="session")
def starter_env():
    return source_env(starter_source(), "starter")


def pytest_generate_tests(metafunc):
    if "question_case" in metafunc.fixturenames:
        cases = all_cases()
        metafunc.parametrize("question_case", cases, ids=[f"{qid}::{case.name.split(' - ', 1)[-1]}" for qid, case in cases])


# ---------------------------------------------------------------- tests that need the sandbox's isolation

#: Set to 1 (``.ci/run`` does): a test that cannot check its isolation claim here fails instead of skipping.
REQUIRE_SANDBOX = "AUTOGRADER_REQUIRE_SANDBOX"


def requires_sandbox(reason):
    """Skip the running test because ``reason`` (an isolation it needs is missing here), or fail it under
    ``AUTOGRADER_REQUIRE_SANDBOX=1``. Call it where the test finds out; use ``needs_bwrap`` for a whole test."""
    if os.environ.get(REQUIRE_SANDBOX, "").strip() not in ("", "0"):
        pytest.fail(f"{reason.rstrip('.')}. {REQUIRE_SANDBOX}=1 asks for every isolation claim to be checked: "
                    "install bubblewrap (make system-packages) and run where the worker's cgroups can be made, "
                    f"or unset {REQUIRE_SANDBOX} to skip such tests.", pytrace=False)
    pytest.skip(reason)


def pytest_configure(config):
    config.addinivalue_line("markers", "needs_bwrap(reason): needs bubblewrap isolation; skips without it, "
                                       f"fails under {REQUIRE_SANDBOX}=1")


def pytest_runtest_setup(item):
    mark = item.get_closest_marker("needs_bwrap")
    if mark is None:
        return
    from autograder.sandbox import isolation_mode  # only where a test needs it: the other tests never import the sandbox

    if isolation_mode() != "bwrap":
        reason = mark.kwargs.get("reason") or (mark.args[0] if mark.args else "this test needs bubblewrap")
        requires_sandbox(f"{reason}; isolation here is {isolation_mode()!r}")
