"""course/sourcecheck.py and course/otterfiles.py hold the rules the student's tools and the grader share:
what an unfinished function is, how a message says where an error happened, what an answer cell's heading
is, and the time limit of one test case. Each rule is written once; these tests hold every user to it."""

import json
import signal
import threading

import pytest

from autograder.course_helpers import otterfiles, sourcecheck
from autograder.grade.messages import SubmissionFacts
from autograder.reference import load_reference
from autograder.sandbox.session import load_error_message
from autograder.written.core import extract_answers, starter_template

load_reference()  # course/ on sys.path for gradecheck
import gradecheck  # noqa: E402
from gradecheck.checks import _where_raised  # noqa: E402

UNFINISHED = '''
def only_raises(x):
    """doc"""
    raise NotImplementedError("write me")

def started_then_raises(x):
    y = x + 1
    raise NotImplementedError

def raises_in_a_branch(x, mode):
    if mode == "weird":
        raise NotImplementedError("weird mode")
    return x

def finished(x):
    return x
'''


def test_every_tool_calls_the_same_functions_unfinished(tmp_path):
    """check.py and package_submission.py (stub_functions) and the graded q9 (gradecheck.unimplemented, from the
    source or from the functions) agree: code before an unconditional raise does not finish a function; a raise
    inside a branch does not unfinish it."""
    import importlib.util

    names = ["only_raises", "started_then_raises", "raises_in_a_branch", "finished"]
    expected = ["only_raises", "started_then_raises"]
    assert sourcecheck.stub_functions(UNFINISHED) == expected
    assert gradecheck.unimplemented(source=UNFINISHED, names=names) == expected
    path = tmp_path / "unfinished.py"
    path.write_text(UNFINISHED)
    spec = importlib.util.spec_from_file_location("_unfinished", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    functions = {name: getattr(module, name) for name in names}
    assert gradecheck.unimplemented(functions=functions, names=names + ["missing"]) == expected + ["missing"]


def test_the_starter_is_unfinished_everywhere_and_the_reference_nowhere():
    from autograder import COURSE_DIR, SOLUTIONS_DIR

    ref = load_reference()
    starter = (COURSE_DIR / "deepnn.py").read_text()
    assert sourcecheck.stub_functions(starter) == list(ref.__all__)
    assert gradecheck.unimplemented(source=starter, names=ref.__all__) == list(ref.__all__)
    reference = (SOLUTIONS_DIR / "deepnn.py").read_text()
    assert sourcecheck.stub_functions(reference) == [] == gradecheck.unimplemented(source=reference, names=ref.__all__)


class _FromWorker(Exception):
    """An exception as the grader gets it back from the worker: its frames in ``ag_where``, innermost last."""

    def __init__(self, where):
        super().__init__("boom")
        self.ag_where = where


def test_every_message_says_where_an_error_happened_the_same_way():
    where = [[2, "outer", "inner(x)"], [5, "layer_forward", "Z = W @ A_prev + b"]]
    source = "\n".join(f"line_{n} = {n}" for n in range(1, 9))
    facts = SubmissionFacts(source, api=["layer_forward"])
    error = _FromWorker(where)
    assert facts.where(error) == " (deepnn.py, line 5, in layer_forward: `Z = W @ A_prev + b`)"
    assert facts.where(error, code=False) == " (deepnn.py, line 5, in layer_forward)"
    assert facts.where(_FromWorker([[5, "helper_of_mine", "x"]]), code=False) == " (deepnn.py, line 5)"
    assert facts.where(_FromWorker([[99, "layer_forward", "x"]])) == ""  # not a line of the submission
    assert _where_raised(error) == " (line 5, in layer_forward: `Z = W @ A_prev + b`)"
    assert _where_raised(error, code=False) == " (line 5)"
    loaded = load_error_message({"type": "SyntaxError", "message": "invalid syntax", "where": [[3, "<module>", "def f(:"]]})
    assert loaded == ("your deepnn.py has a SyntaxError (deepnn.py, line 3: `def f(:`): invalid syntax. "
                      "Fix it so that the file runs (python deepnn.py).")
    assert sourcecheck.where_text(5, "f", "x = 1", file="deepnn.py") == " (deepnn.py, line 5, in f: `x = 1`)"
    assert sourcecheck.last_frame([]) == ("", "", "") and sourcecheck.last_frame([[7]]) == (7, "", "")


def _notebook(first_line, text="Larger rates converge faster, until they diverge."):
    return {"cells": [{"cell_type": "markdown", "source": f"{first_line}\n{text}"}]}


@pytest.mark.parametrize("heading", ["### Your answer: ex1_learning_rate", "### your Answer: ex1_learning_rate",
                                     "###Your answer: ex1_learning_rate (my second try)"])
def test_the_written_pages_read_every_answer_the_packager_counts_as_written(heading):
    """One heading rule: an answer the packager accepts as written is the answer the instructor reads."""
    notebook = _notebook(heading)
    assert sourcecheck.unwritten_answers(notebook["cells"]) == []
    assert list(sourcecheck.answer_cells(notebook["cells"])) == ["ex1_learning_rate"]
    answer = extract_answers(json.loads(json.dumps(notebook)), starter_template())["ex1_learning_rate"]
    assert (answer.status, answer.text) == ("answered", "Larger rates converge faster, until they diverge.")


def test_a_case_past_its_time_limit_is_stopped_with_its_sentence_and_the_alarm_is_put_back():
    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(TimeoutError, match="^this test ran too long: look for a loop that never ends$"):
        with otterfiles.time_limit(0.2, "this test ran too long: look for a loop that never ends"):
            while True:
                pass
    assert signal.getsignal(signal.SIGALRM) is before
    with otterfiles.time_limit(30, "unused"):  # a block that ends in time runs as usual
        done = sum(range(10))
    assert done == 45 and signal.getsignal(signal.SIGALRM) is before


def test_the_time_limit_leaves_other_threads_alone():
    """SIGALRM reaches only the main thread: elsewhere the block runs without a limit (and never breaks)."""
    before, seen = signal.getsignal(signal.SIGALRM), []

    def work():
        with otterfiles.time_limit(0.01, "never said"):  # signal.signal would raise ValueError outside the main thread
            seen.append(signal.getsignal(signal.SIGALRM))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == [before]


def test_check_py_stops_a_case_past_its_time_limit_with_what_to_look_for(tmp_path, monkeypatch):
    import check  # course/check.py (course/ is on sys.path)
    from tests.question_fixtures import question

    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "q1_loop.py").write_text(question("q1_loop", '''
        @test_case(points=1, hidden=False, name="q1_loop - adds")
        def public_adds(compute_cost):
            assert compute_cost(1, 2) == 3, "compute_cost(1, 2) must be 3"
    '''))
    (tmp_path / "deepnn.py").write_text("def compute_cost(a, b):\n    while True:\n        a += b\n")
    monkeypatch.setattr(check, "CASE_SECONDS", 0.3)
    [(name, points, passed, message, notes)] = check.Checker(tmp_path).run("q1_loop").cases
    assert (name, points, passed) == ("q1_loop - adds", 1, False)
    assert message == ("this test ran for more than 0.3 s and was stopped: look for a loop that never ends "
                       "(or far too many iterations) in the functions it calls")
