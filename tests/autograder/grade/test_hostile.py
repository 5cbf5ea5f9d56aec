"""The grader's judgment under attack (issue 9): forged plots, leaks from hidden cases, infinite loops, globals.

Each attack is a small submission made from the reference, graded end to end by the secure grader on the
course's real questions (only those the attack touches, to keep the run short). Each must score no more
than the same submission with the attacked function plainly wrong, leak nothing of a hidden case, and
finish: an infinite loop costs one timeout, after which the function (and its callers) are not run again.
"""

import json

import numpy as np
import pytest

from autograder import QUESTIONS_DIR, SOLUTIONS_DIR
from autograder.grade import engine, grade_many, limits_from_options
from autograder.grade.engine import grade_submission
from autograder.mutants.engine import inject, replace_once as _replace
from autograder.sandbox import Limits, session as session_module

SECRET = "hostile-test-secret-5b1e"
LIMITS = Limits(timeout=4, memory_mb=1024, output_mb=1)
REFERENCE = (SOLUTIONS_DIR / "deepnn.py").read_text(encoding="utf-8")


def write(tmp_path, name, source):
    path = tmp_path / f"{name}.py"
    path.write_text(source)
    return path


def grade(path, qids, limits=LIMITS):
    return grade_submission(path, secret=SECRET, limits=limits, question_ids_=qids)


def outputs(result):
    return {t["name"]: t["output"] for t in result["tests"] if t["status"] == "failed"}


def not_implemented(function):
    return inject(REFERENCE, function, f"raise NotImplementedError('{function} is not implemented yet')")


# --------------------------------------------------------------------------- row 3: forged plots

FORGED = '''
def plot_decision_boundary(parameters, X, Y, hidden_activation="tanh", ax=None):
    """A dict shaped like a described Axes: a NaN quadmesh, labels and the training points."""
    n = 4
    faces = np.array([[0.0, 0.0, 1.0, 1.0] if y == 0 else [1.0, 0.0, 0.0, 1.0] for y in np.ravel(Y)])
    description = {
        "title": "forged", "xlabel": "x1", "ylabel": "x2", "xlim": [-9.0, 9.0], "ylim": [-9.0, 9.0], "legend": [],
        "artists": [
            {"type": "quadmesh", "coordinates": np.full((n + 1, n + 1, 2), np.nan), "array": np.ones((2, 3))},
            {"type": "scatter", "offsets": np.asarray(X, dtype=float).T.copy(), "facecolors": faces,
             "edgecolors": faces, "paths": [], "sizes": np.array([20.0]), "label": ""},
        ],
    }
    return WRAP(description)
'''


@pytest.mark.parametrize("wrap", ["lambda d: d", "lambda d: {'__axes__': d}"], ids=["plain dict", "dict with the reserved key"])
def test_a_forged_plot_description_passes_no_plot_case(tmp_path, wrap):
    forged = REFERENCE + "\n" + FORGED.replace("WRAP(", f"({wrap})(")
    result = grade(write(tmp_path, "forged_plot", forged), ["q8_plots"])
    baseline = grade(write(tmp_path, "no_plot", not_implemented("plot_decision_boundary")), ["q8_plots"])
    failed = outputs(result)
    boundary = [name for name in failed if "decision boundary" in name]
    assert len(boundary) == 2, failed  # the public and the hidden case
    assert all("expected a matplotlib Axes" in failed[name] for name in boundary), failed
    assert result["score"] <= baseline["score"]


def test_a_real_axes_with_a_nan_mesh_or_a_mesh_over_its_own_range_is_refused(tmp_path):
    """A real Axes whose mesh has NaN coordinates, or right values over a small area the student chose: the grid
    the test samples is the data's range, so neither shows the model's predictions."""
    nan_mesh = _replace(REFERENCE, '    ax.contourf(xx, yy, Z, levels=[-0.5, 0.5, 1.5], colors=["#9ecae1", "#fdd0a2"], alpha=0.8)',
                        "    ax.pcolormesh(xx, yy, Z, shading='nearest')._coordinates[...] = np.nan")
    own_range = _replace(REFERENCE, "    xx, yy, points = grid_over(X)\n", "    xx, yy, points = grid_over(X * 0.05, margin=0.0)\n")
    baseline = grade(write(tmp_path, "no_plot", not_implemented("plot_decision_boundary")), ["q8_plots"])
    for name, source, words in (("nan_mesh", nan_mesh, "cannot be read"), ("own_range", own_range, "do not cover the data")):
        result = grade(write(tmp_path, name, source), ["q8_plots"])
        failed = outputs(result)
        hidden = next(t for t in result["tests"] if t["extra_data"]["hidden"])
        assert hidden["status"] == "failed" and words in hidden["output"], (name, failed)
        assert result["score"] <= baseline["score"], name


# --------------------------------------------------------------------------- row 4: hidden means hidden

LEAKS = '''

def _leak_values(*values):
    found = []
    for value in values:
        items = list(value.values()) if isinstance(value, dict) else list(value) if isinstance(value, (tuple, list)) else [value]
        for item in items:
            if isinstance(item, np.ndarray) and item.dtype.kind == "f" and item.size:
                found.append(float(item.flat[0]))
    return found


def _leak_text(*values):
    return "LEAK_" + "_".join(repr(v) for v in _leak_values(*values))


def _leak_name(*values):
    return "LEAK" + "_".join(str(abs(int(v * 1e6))) for v in _leak_values(*values))


def _raise_from(name):
    def run():
        raise ValueError("leaking through the function's name")
    types.FunctionType(run.__code__.replace(co_name=name, co_qualname=name), globals())()
'''


LEAKING = {
    # a custom class whose name and message carry the inputs; a dict key made of them
    "custom classes": [("layer_backward", "raise type(_leak_text(dA, cache), (Exception,), {})(_leak_text(dA, cache))"),
                       ("update_parameters", "return dict(parameters, **{_leak_name(parameters): parameters['W1']})")],
    # a made-up 'unfinished helper' named after the inputs; a function whose name is made of them
    "made-up names": [("model_backward", "raise NotImplementedError(_leak_name(AL, caches[0][0]) + ' is not implemented yet')"),
                      ("compute_cost", "_raise_from(_leak_name(AL))")],
    # the exit code of the worker's process (shown in a public case, a byte of the inputs in a hidden one)
    "exit codes": [("model_backward", "os._exit(int(abs(AL.flat[0]) * 1e6) % 256)")],
}


def leaking_submission(attacks):
    source = _replace(REFERENCE, "import numpy as np\n", "import os\nimport types\n\nimport numpy as np\n") + LEAKS
    for function, code in attacks:
        source = inject(source, function, code)
    return source


def hidden_inputs(monkeypatch):
    """Record what the grader sends to the worker in hidden cases (the proxy's arguments)."""
    sent, state = [], {"hidden": False}
    run_case, call = engine.run_case, session_module.Session.call

    def recording_run_case(test_case, *args, **kwargs):
        state["hidden"] = bool(test_case.hidden)
        try:
            return run_case(test_case, *args, **kwargs)
        finally:
            state["hidden"] = False

    def recording_call(self, name, args, kwargs, worker=None):
        if state["hidden"]:
            sent.append((name, list(args) + list((kwargs or {}).values())))
        return call(self, name, args, kwargs, worker=worker)

    monkeypatch.setattr(engine, "run_case", recording_run_case)
    monkeypatch.setattr(session_module.Session, "call", recording_call)
    return sent


def printed_forms(values):
    """Every float of the arrays sent, as the student's code could print it."""
    forms = set()
    for value in values:
        items = list(value.values()) if isinstance(value, dict) else list(value) if isinstance(value, (tuple, list)) else [value]
        for item in items:
            if isinstance(item, np.ndarray) and item.dtype.kind == "f":
                for number in item.ravel()[:50]:
                    number = float(number)
                    forms |= {repr(number), f"{number:.6f}", str(abs(int(number * 1e6)))}
    return {form for form in forms if len(form.strip("-0.")) >= 5}  # a form long enough to be the value, not chance


@pytest.mark.parametrize("attack", list(LEAKING))
def test_no_input_of_a_hidden_case_reaches_the_feedback(tmp_path, monkeypatch, attack):
    sent = hidden_inputs(monkeypatch)
    path = write(tmp_path, "leaker", leaking_submission(LEAKING[attack]))
    qids = ["q2_forward", "q3_cost", "q4_backward", "q5_update"]
    folder = tmp_path / "questions"  # the course's own test files, only these four
    folder.mkdir()
    (folder / "__init__.py").write_text(f"QUESTION_IDS = {qids!r}\n")
    for qid in qids:
        (folder / f"{qid}.py").write_text((QUESTIONS_DIR / f"{qid}.py").read_text())
    results = grade_many([path], tmp_path / "out", secret=SECRET, limits=LIMITS, questions_dir=folder, progress=False)
    result = results[0]
    assert sent, "the hidden cases sent no inputs: the recording is broken"
    text = (tmp_path / "out" / "feedback" / "leaker.md").read_text() + json.dumps(result)
    forms = printed_forms(value for _, args in sent for value in args)
    assert forms
    leaked = sorted(form for form in forms if form in text)
    assert not leaked, leaked[:5]
    hidden = [t for t in result["tests"] if t["extra_data"]["hidden"] and t["extra_data"]["question"] in qids]
    assert hidden and not [t["output"] for t in hidden if "LEAK" in t["output"]]
    failed = {t["name"]: t["output"] for t in hidden if t["status"] == "failed"}
    if attack == "custom classes":
        assert [o for o in failed.values() if "raised an exception of its own class" in o], failed
    elif attack == "made-up names":
        assert [o for o in failed.values() if "`model_backward` is not implemented yet" in o], failed
        assert [o for o in failed.values() if "`compute_cost` raised ValueError" in o], failed
    else:
        assert [o for o in failed.values() if "ended the Python process in `model_backward`" in o], failed
        assert not [o for o in failed.values() if "exit code" in o], failed
    # the public cases still show the student their own error (their inputs are public)
    public = [t["output"] for t in result["tests"] if not t["extra_data"]["hidden"] and t["status"] == "failed"]
    assert [o for o in public if ("exit code" if attack == "exit codes" else "LEAK") in o]


SECRET_QUESTION = '''
from otter.test_files import test_case

name = "qs"


@test_case(points=1, hidden=True, name="qs - a test that quotes the secret by mistake")
def hidden_secret(compute_cost):
    raise AssertionError("expected the value for {secret}")
'''


def test_the_secret_never_appears_in_a_result(tmp_path):
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "__init__.py").write_text("QUESTION_IDS = ['qs']\n")
    (folder / "qs.py").write_text(SECRET_QUESTION.replace("{secret}", SECRET))
    result = grade_submission(write(tmp_path, "anyone", REFERENCE), secret=SECRET, limits=LIMITS, questions_dir=folder)
    assert SECRET not in json.dumps(result) and "[redacted]" in result["tests"][0]["output"]


# --------------------------------------------------------------------------- bounded time


def loop_in(function):
    return inject(REFERENCE, function, "while True:\n    pass")


@pytest.mark.parametrize("function, first_reached_through", [("model_backward", "model_backward"), ("layer_backward", "train")])
def test_an_infinite_loop_costs_one_timeout_and_its_callers_are_not_run_again(tmp_path, function, first_reached_through):
    """The loop in layer_backward is first reached through train (q6), inside the worker: the grader finds it
    in the worker's faulthandler dump and stops layer_backward and every function that calls it."""
    qids = ["q6_train", "q9_no_globals", "q4_backward"] if function == "layer_backward" else ["q4_backward", "q6_train", "q9_no_globals"]
    result = grade(write(tmp_path, f"loop_{function}", loop_in(function)), qids)
    baseline = grade(write(tmp_path, f"unfinished_{function}", not_implemented(function)), qids)
    timeouts = result["extra_data"]["timeouts"]
    assert len(timeouts) == 1 and len(timeouts) * LIMITS.timeout <= 60, timeouts
    assert timeouts[0]["called"] == first_reached_through and timeouts[0]["running"] == function, timeouts
    assert {function, "model_backward", "train"} <= set(timeouts[0]["stopped"])
    assert "initialize_parameters" not in timeouts[0]["stopped"] and "predict" not in timeouts[0]["stopped"]
    assert result["extra_data"]["status"] == "timeout"
    failed = outputs(result)
    first = [o for o in failed.values() if "took longer than the time limit" in o]
    assert len(first) == 1 and (f"running `{function}`" in first[0] or function == first_reached_through), first
    again = [o for o in failed.values() if "not run again" in o]
    assert again and all(f"`{function}`" in o and f"within {LIMITS.timeout:g} s in an earlier test" in o for o in again), again
    assert result["score"] <= baseline["score"]


def test_the_budget_stops_a_submission_that_hangs_everywhere(tmp_path):
    source = REFERENCE
    for function in ("initialize_parameters", "compute_cost", "update_parameters", "predict", "activation_forward"):
        source = inject(source, function, "while True:\n    pass")
    limits = Limits(timeout=3, memory_mb=1024, output_mb=1, budget=7)
    result = grade(write(tmp_path, "hangs", source), ["q1_init", "q3_cost", "q5_update", "q7_predict", "q2_forward"], limits)
    timeouts = result["extra_data"]["timeouts"]
    assert 1 <= len(timeouts) <= 3, timeouts  # 7 s of budget hold at most three 3 s timeouts (the last one cut short)
    assert result["extra_data"]["budget_s"] == 7
    assert [o for o in outputs(result).values() if "used up its time budget of 7 s" in o]
    assert [o for o in outputs(result).values() if "left of the submission's time budget of 7 s" in o]
    assert result["score"] == 0


def test_the_budget_is_set_by_grade_the_api_and_gradescope(tmp_path, monkeypatch, capsys):
    assert limits_from_options(budget=90).budget == 90 and Limits().budget == 120
    with pytest.raises(engine.UsageError, match="--budget must be a positive number"):
        limits_from_options(budget=0)
    from autograder.grade import main as grade_main

    assert grade_main(submissions=[str(write(tmp_path, "a", REFERENCE))], out=str(tmp_path / "out"), budget=-1) == 2
    assert "--budget must be a positive number of seconds" in capsys.readouterr().err
    from autograder.gradescope import runner

    monkeypatch.setenv("AUTOGRADER_BUDGET", "300")
    assert runner.limits().budget == 300
    monkeypatch.setenv("AUTOGRADER_BUDGET", "900")  # over Gradescope's 10 minutes: refused with a sentence
    with pytest.raises(ValueError, match="at most 480"):
        runner.limits()
    template = (SOLUTIONS_DIR.parent / "autograder" / "release" / "templates" / "run_autograder").read_text()
    assert 'AUTOGRADER_TIME_LIMIT:-570}' in template and runner.MAX_BUDGET_S < 570 < 600


# --------------------------------------------------------------------------- q9: the deck's globals


def test_reading_the_decks_lowercase_global_costs_the_no_globals_points(tmp_path):
    deck = _replace(REFERENCE, "EPSILON = 1e-15\n", "EPSILON = 1e-15\nn1 = 3\n")  # the deck's n1 = 3, a literal assigned once
    deck = inject(deck, "layer_backward", "assert n1 > 0")
    result = grade(write(tmp_path, "deck_global", deck), ["q9_no_globals"])
    reads = next(t for t in result["tests"] if "reads module-level variables" in t["name"])
    assert reads["status"] == "failed" and "`n1`" in reads["output"], reads
    # layer_backward's parameters are fixed: the student is told where the size comes from, not to change the API
    assert "the parameters of `layer_backward` are fixed" in reads["output"], reads
    assert "add a parameter" not in reads["output"] and "take the layer sizes from its arguments" in reads["output"]
    assert "UPPER_CASE" in reads["output"]
    clean = grade(write(tmp_path, "reference", REFERENCE), ["q9_no_globals"])
    assert clean["score"] == clean["extra_data"]["max_score"] > result["score"]


def test_the_decks_global_renamed_in_upper_case_still_costs_the_no_globals_points(tmp_path):
    """m = 35 renamed M = 35 and read in compute_cost: graded end to end, q9 still finds it and says to compute m from
    compute_cost's own input (not to add a parameter, which would break the API), and q3 names the wrong m."""
    renamed = _replace(REFERENCE, "EPSILON = 1e-15\n", "EPSILON = 1e-15\nM = 35\n")
    renamed = _replace(renamed, "    m = Y.shape[1]\n    AL = np.clip", "    m = M\n    AL = np.clip")
    result = grade(write(tmp_path, "renamed_global", renamed), ["q3_cost", "q9_no_globals"])
    failed = outputs(result)
    reads = next(o for name, o in failed.items() if "reads module-level variables" in name)
    assert "`M`" in reads and "even in UPPER_CASE" in reads and "m = Y.shape[1]" in reads, reads
    assert "the parameters of `compute_cost` are fixed" in reads and "add a parameter" not in reads, reads
    values = next(o for name, o in failed.items() if "q3_cost - values" in name)
    assert "you divided the sum by the wrong m (by 35 here, where Y has m = 5 columns)" in values, values
    hidden = [o for name, o in failed.items() if "matches the reference" in name]
    assert hidden and all("you divided the sum by the wrong m" in o for o in hidden), hidden
    assert all("35" not in o for o in hidden), hidden  # a hidden case shows no number the student's code produced
    clean = grade(write(tmp_path, "reference", REFERENCE), ["q3_cost", "q9_no_globals"])
    assert clean["score"] == clean["extra_data"]["max_score"] > result["score"]


def test_the_worker_trace_is_untrusted_text_and_the_call_graph_comes_from_the_source(tmp_path):
    import os
    import types

    from autograder.sandbox.bootstrap import TRACE_FILE
    from autograder.sandbox.breaker import call_graph, callers, running_function

    graph = call_graph(REFERENCE)
    assert {"model_backward", "train", "learning_rate_sweep"} <= callers(graph, "layer_backward")
    assert "predict" not in callers(graph, "layer_backward") and call_graph("def broken(:\n") == {}
    known, lines = {"layer_backward", "train"}, len(REFERENCE.splitlines())
    dump = ('Timeout (0:00:01)!\nThread 0x1 (most recent call first):\n  File "/w/deepnn.py", line 250 in layer_backward\n'
            '  File "/w/deepnn.py", line 450 in train\n  File "/w/_ag_worker.py", line 190 in serve\n')
    assert running_function(dump, known, lines) == ("layer_backward", 250)
    # a loop in layer_backward that calls activation_backward: the dumps agree on layer_backward, not on its line
    inner = dump.replace('  File "/w/deepnn.py", line 250 in layer_backward\n',
                         '  File "/w/deepnn.py", line 170 in activation_backward\n  File "/w/deepnn.py", line 252 in layer_backward\n')
    assert running_function(dump + dump + inner, known | {"activation_backward"}, lines) == ("layer_backward", None)
    forged = [dump.replace("layer_backward", "LEAK_0_123"),  # a name the submission does not define
              dump.replace("line 250", "line 99999999"),  # a line outside the file
              dump.replace("/w/deepnn.py", "/w/other.py"), "garbage\x00" * 100]
    for text in forged:
        assert running_function(text, known, lines)[0] in (None, "train"), text
    # the grader reads the dump without following a link or blocking on a pipe the student left in its place
    from autograder.sandbox.session import read_trace

    worker = types.SimpleNamespace(output_path=tmp_path / "output.txt")
    (tmp_path / "private.txt").write_text(dump)
    os.symlink(tmp_path / "private.txt", tmp_path / TRACE_FILE)
    assert read_trace(worker) == ""
    os.unlink(tmp_path / TRACE_FILE)
    os.mkfifo(tmp_path / TRACE_FILE)
    assert read_trace(worker) == ""
    os.unlink(tmp_path / TRACE_FILE)
    (tmp_path / TRACE_FILE).write_text(dump)
    assert read_trace(worker) == dump


# --------------------------------------------------------------------------- bounded memory


def test_a_memory_hog_costs_one_memory_death_and_its_callers_are_not_run_again(tmp_path):
    """The hog in layer_backward is first reached through train (q6): the worker's MemoryError names the function
    that ran out, and it and every function calling it fail at once in the later cases instead of dying again."""
    qids = ["q6_train", "q9_no_globals", "q4_backward"]
    hog = inject(REFERENCE, "layer_backward", "hog = []\nwhile True:\n    hog.append(np.ones(1 << 24))")
    result = grade(write(tmp_path, "hog_layer_backward", hog), qids)
    baseline = grade(write(tmp_path, "unfinished_layer_backward", not_implemented("layer_backward")), qids)
    failed = outputs(result)
    deaths = [o for o in failed.values() if "ran out of memory (limit" in o]
    assert len(deaths) == 1 and "in `train`" in deaths[0] and "running `layer_backward`" in deaths[0], deaths
    again = [o for o in failed.values() if "not run again" in o]
    assert again and all("`layer_backward`" in o and f"ran out of memory (over {LIMITS.memory_mb} MB) in an earlier test" in o
                         for o in again), again
    assert any(o.startswith("`layer_backward` ran out of memory") or "`layer_backward` ran out of memory" in o for o in again), again
    assert result["extra_data"]["status"] == "memory" and result["extra_data"]["timeouts"] == []
    assert result["score"] <= baseline["score"]


def test_the_frames_of_a_memory_error_are_untrusted_like_the_trace():
    from autograder.sandbox.breaker import Breaker, deepest_frame

    known, lines = {"layer_backward", "train"}, len(REFERENCE.splitlines())
    assert deepest_frame([[450, "train", "x"], [250, "layer_backward", "hog"]], known, lines) == ("layer_backward", 250)
    for forged in ([[250, "LEAK_0_123", ""]], [[99999999, "train", ""]], [["250", "train", ""]], "garbage", None):
        assert deepest_frame(forged, known, lines) == (None, None), forged
    breaker = Breaker(REFERENCE, ["layer_backward", "model_backward", "train", "predict"], 4, memory_mb=512)
    record = breaker.trip("train", "", "memory", where=[[450, "train", ""], [250, "layer_backward", ""]])
    assert breaker.records == [] and breaker.memory_records == [record]  # the timeouts list stays timeouts only
    assert breaker.blocked("predict") is None
    assert breaker.blocked("model_backward") == ("`model_backward` calls `layer_backward`, which ran out of memory (over 512 MB) "
                                                 "in an earlier test (deepnn.py, line 250); not run again")
