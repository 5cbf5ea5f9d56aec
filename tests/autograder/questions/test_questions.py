"""The question test files: the reference passes everything, the starter nothing, each known
mistake fails the right cases with the right hint, and the public files leak no hidden case."""

import ast
import re
import subprocess
import sys

import numpy as np
import pytest

from autograder import COURSE_DIR, KIT_ROOT, QUESTIONS_DIR
from autograder.mutants.catalogue import MISTAKES, mutant_source
from autograder.mutants.engine import replace_once
from autograder.questions import QUESTION_IDS
from tests.conftest import all_cases, question_files, reference_source, run_case, source_env


# --------------------------------------------------------------------------- the reference and the starter


def test_reference_passes_every_case(question_case, reference_env):
    qid, case = question_case
    failure = run_case(case, reference_env)
    assert failure is None, f"the reference fails {case.name}: {failure}"


def test_starter_fails_every_case_with_not_implemented(question_case, starter_env):
    qid, case = question_case
    failure = run_case(case, starter_env)
    assert failure is not None, f"the untouched starter passes {case.name}"
    assert "is not implemented yet" in failure, f"{case.name}: {failure}"


def test_question_ids_and_files():
    assert QUESTION_IDS == ["q1_init", "q2_forward", "q3_cost", "q4_backward", "q5_update", "q6_train", "q7_predict",
                            "q8_plots", "q9_no_globals", "ex1_learning_rate", "ex2_init", "ex3_depth", "ex4_circles"]
    files = question_files()
    for qid, test_file in files.items():
        assert test_file.name == qid
        assert any(not c.hidden for c in test_file.test_cases), f"{qid} has no public case"
        assert any(c.hidden for c in test_file.test_cases), f"{qid} has no hidden case"
        names = [c.name for c in test_file.test_cases]
        assert len(set(names)) == len(names), f"{qid}: duplicate case names"
        assert all(c.points and c.points > 0 for c in test_file.test_cases)


def test_q9_lists_the_whole_api():
    from autograder.reference import api_names

    namespace = {}
    exec(compile((QUESTIONS_DIR / "q9_no_globals.py").read_text(), "q9", "exec"), namespace)  # noqa: S102
    assert namespace["API"] == api_names()


def test_points_sum_to_100():
    total = sum(c.points for f in question_files().values() for c in f.test_cases)
    assert total == 100


def test_public_cases_never_use_ref_or_seed():
    import inspect

    for qid, test_file in question_files().items():
        for case in test_file.test_cases:
            params = set(inspect.signature(case.body.test_func).parameters)
            if not case.hidden:
                assert not params & {"ref", "seed"}, f"{case.name} is public but takes {params & {'ref', 'seed'}}"


# --------------------------------------------------------------------------- public files


def _cases_in(path):
    tree = ast.parse(path.read_text())
    cases = {}
    for node in tree.body:
        for decorator in getattr(node, "decorator_list", []):
            if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", "") == "test_case":
                hidden = next((k.value.value for k in decorator.keywords if k.arg == "hidden"), False)
                cases[node.name] = hidden
    return cases


def test_public_files_hold_every_public_case_and_no_hidden_one():
    for qid in QUESTION_IDS:
        private = _cases_in(QUESTIONS_DIR / f"{qid}.py")
        public_path = COURSE_DIR / "tests" / f"{qid}.py"
        public = _cases_in(public_path)
        assert not any(public.values()), f"{public_path} holds a hidden case"
        assert set(public) == {n for n, hidden in private.items() if not hidden}
        text = public_path.read_text()
        for name, hidden in private.items():
            if hidden:
                assert name not in text, f"{public_path} mentions the hidden case {name}"
        assert "ref." not in text and "case_rng" not in text and "hidden_case" not in text, \
            f"{public_path} keeps code of hidden cases"


def test_public_files_run_like_the_private_public_cases(reference_env, starter_env):
    """The files students run: the same cases and points, passed by the reference and failed by the starter."""
    from otter.test_files.exception_test import ExceptionTestFile

    for qid in QUESTION_IDS:
        public = ExceptionTestFile.from_file(str(COURSE_DIR / "tests" / f"{qid}.py"))
        private = question_files()[qid]
        assert [c.name for c in public.test_cases] == [c.name for c in private.test_cases if not c.hidden]
        assert [c.points for c in public.test_cases] == [c.points for c in private.test_cases if not c.hidden]
        for case in public.test_cases:
            assert run_case(case, reference_env) is None, f"the reference fails the public {case.name}"
            failure = run_case(case, starter_env)
            assert failure is not None and "is not implemented yet" in failure, f"the starter: {case.name}: {failure}"


def test_publish_removes_hidden_cases_and_their_helpers():
    from autograder.sync.publish import PublishError, public_source

    source = '''"""doc"""
from otter.test_files import test_case

name = "qx"
SHARED = 1
# only the hidden case needs this
SECRET = 42


def _helper():
    return SECRET


@test_case(points=1, hidden=False)
def public(f):
    # a comment that stays
    assert SHARED == 1


# about the hidden case
@test_case(points=2, hidden=True)
def hidden(f, ref, seed):
    assert _helper() == 42
'''
    text = public_source(source, "qx")
    assert "SECRET" not in text and "_helper" not in text and "def hidden" not in text
    assert "about the hidden case" not in text and "only the hidden case" not in text
    assert "a comment that stays" in text and "SHARED = 1" in text and 'name = "qx"' in text
    with pytest.raises(PublishError):
        public_source(source.replace("hidden=False", "hidden=True"), "qx")


def test_sync_check_is_clean():
    result = subprocess.run([sys.executable, "-m", "autograder", "sync", "--check"], cwd=KIT_ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


# --------------------------------------------------------------------------- known mistakes


#: catalogue id (autograder/mutants/catalogue.py: the code change) -> (questions to run,
#: [(case name part, message part)] that must fail, questions that must pass)
MUTANTS = {
    "dw_not_divided_by_m": (
        ["q4_backward"],
        [("layer_backward", "divide by m"), ("model_backward values", "divide by m"),
         ("gradient check of your own", "model_backward must divide by m"), ("gradients match the reference", "divide by m")],
        [],
    ),
    "db_wrong_shape": (
        ["q4_backward"],
        [("layer_backward", "sum over axis=1 with keepdims=True"), ("model_backward values", "keepdims=True"),
         ("gradients match the reference", "keepdims=True")],
        [],
    ),
    "dw_transposed": (
        ["q4_backward"],
        [("layer_backward", "transposed"), ("model_backward values", "transposed"),
         ("gradients match the reference", "transposed")],
        [],
    ),
    "tanh_sigmoid_derivative": (
        ["q4_backward"],
        [("activation_backward", "sigmoid's derivative"), ("layer_backward", "not the sigmoid's derivative"),
         ("model_backward values", "hidden layers use tanh"),
         ("gradient check of your own", "gradient check failed"), ("gradients match the reference", "hidden layers use tanh")],
        [],
    ),
    "al_clipped_in_place": (
        ["q4_backward"],
        [("model_backward values", "changed its input `AL` in place")],
        [],
    ),
    "da_prev_divided_by_m": (
        ["q4_backward"],
        [("layer_backward", "no 1/m"), ("gradient check of your own", "gradient check failed")],
        [],
    ),
    "params_in_place": (
        ["q5_update"],
        [("one step", "changed its input `parameters` in place"), ("matches the reference", "in place")],
        [],
    ),
    "update_climbs_the_gradient": (
        ["q5_update"],
        [("one step", "W = W - learning_rate * dW"), ("matches the reference", "W = W - learning_rate * dW")],
        [],
    ),
    "b_never_updated": (
        ["q5_update"],
        [("one step", "b[l] as well as W[l]"), ("matches the reference", "b[l] as well as W[l]")],
        [],
    ),
    "cost_not_averaged": (
        ["q3_cost", "q4_backward"],
        [("q3_cost - values", "divide the sum by m"), ("q3_cost - matches the reference", "divide the sum by m"),
         ("gradient check of your own", "compute_cost does not divide the sum by m")],
        [],
    ),
    "cost_without_the_1_minus_y_term": (
        ["q3_cost"],
        [("q3_cost - values", "the (1 - Y) log(1 - AL) term is missing"),
         ("q3_cost - matches the reference", "the (1 - Y) log(1 - AL) term is missing")],
        [],
    ),
    "cost_with_log10": (
        ["q3_cost"],
        [("q3_cost - values", "np.log, not np.log10"), ("q3_cost - matches the reference", "np.log, not np.log10")],
        [],
    ),
    "cost_returned_as_an_array": (
        ["q3_cost"],
        [("values", "must be a Python float")],
        [],
    ),
    "output_layer_uses_the_hidden_activation": (
        ["q2_forward"],
        [("model_forward (L = 2", "the output layer uses the sigmoid"), ("model_forward matches", "the output layer uses the sigmoid")],
        [],
    ),
    "predict_with_greater_or_equal": (
        ["q7_predict"],
        [("values", "strictly greater")],
        [],
    ),
    "predict_ignores_the_threshold": (
        ["q7_predict"],
        [("values", "use the threshold argument"), ("matches the reference", "use the threshold argument")],
        [],
    ),
    "predict_ignores_hidden_activation": (
        ["q7_predict"],
        [("matches the reference", "pass hidden_activation on to model_forward")],
        ["values"],
    ),
    "predict_returns_floats": (
        ["q7_predict"],
        [("values", "must hold integers"), ("matches the reference", "must hold integers")],
        [],
    ),
    "train_records_after_the_update": (
        ["q6_train"],
        [("trajectory from given", "costs"), ("stops at target_cost", "costs"), ("follows the reference", "costs")],
        [],
    ),
    "train_records_the_cost_after_the_update": (
        ["q6_train"],
        [("trajectory from given", "record the cost computed before the update"),
         ("follows the reference", "record the cost computed before the update")],
        [],
    ),
    "train_updates_once_more_before_stopping": (
        ["q6_train"],
        [("q6_train - stops at target_cost", "stop before updating"), ("stops at target_cost like", "stop before updating")],
        ["trajectory from given", "follows the reference"],
    ),
    "train_ignores_the_given_parameters": (
        ["q6_train"],
        [("trajectory from given", "when `parameters` is given, start from it"),
         ("follows the reference", "when `parameters` is given, start from it")],
        ["starts from initialize_parameters"],
    ),
    "global_random_state_used": (
        ["q1_init"],
        [("seeds and bad methods", "changed NumPy's global random state")],
        ["shapes and dtypes", "values of the four methods", "matches the reference"],
    ),
    "xavier_scaled_by_the_layers_own_size": (
        ["q1_init"],
        [("values of the four methods", "sqrt(1 / n[l-1]), not sqrt(1 / n[l])")],
        ["shapes and dtypes"],
    ),
    "model_forward_returns_only_al": (
        ["q2_forward"],
        [("model_forward (L = 2", "must return 2 values (AL, caches), got a ndarray"),
         ("model_forward matches", "must return 2 values (AL, caches)")],
        ["activation_forward", "linear_forward and layer_forward"],
    ),
    "layer_forward_returns_a_list": (
        ["q2_forward", "q4_backward"],
        [],
        ["q2_forward", "q4_backward"],
    ),
    "grads_keep_da_too": (
        ["q4_backward", "q6_train"],
        [],
        ["q4_backward", "q6_train"],
    ),
    "train_ignores_hidden_activation": (
        ["q6_train"],
        [("follows the reference", "pass hidden_activation on")],
        ["q6_train - trajectory from given", "q6_train - stops at target_cost"],
    ),
    "train_ignores_target_cost": (
        ["q6_train"],
        [("stops at target_cost", "entries"), ("stops at target_cost like", "entries")],
        [],
    ),
    "train_ignores_init_init_scale_and_seed": (
        ["q6_train"],
        [("starts from initialize_parameters", "without `parameters`, train starts from initialize_parameters")],
        [],
    ),
    "zeros_that_are_not_zeros": (
        ["q1_init", "ex2_init"],
        [("values of the four methods", "W1 in parameters"), ("zero initialization keeps", "not all identical")],
        [],
    ),
    "module_level_list_of_costs": (
        ["q9_no_globals"],
        [("no function reads module-level variables", "`_HISTORY`"), ("second call", "different results")],
        [],
    ),
    "global_statement": (
        ["q9_no_globals"],
        [("no global or nonlocal", "global _CALLS")],
        [],
    ),
    "decks_m_35_in_compute_cost": (
        ["q3_cost", "q4_backward", "q9_no_globals"],
        [("q3_cost - values", "Hint: you divided the sum by the wrong m (by 35 here, where Y has m = 5 columns)"),
         ("gradient check of your own", "compute_cost divides the sum by a fixed number, not by its own m = Y.shape[1]"),
         ("gradient check on random networks", "compute_cost divides the sum by a fixed number"),
         ("finite where AL is exactly 0 or 1", "Hint: you divided the sum by the wrong m"),
         ("q3_cost - matches the reference", "Hint: you divided the sum by the wrong m: compute m inside compute_cost"),
         ("no function reads module-level variables",
          "the parameters of `compute_cost` are fixed (def compute_cost(AL, Y), as in the starter"),
         ("no function reads module-level variables", "so do not add one: m is the number of columns (examples) of its "
                                                     "own input: m = Y.shape[1]")],
        ["no global or nonlocal", "second call", "model_backward values", "gradients match the reference"],
    ),
    "decks_m_renamed_upper_case_in_layer_backward": (
        ["q4_backward", "q9_no_globals"],
        [("no function reads module-level variables", "reads the module-level `M` (set on line"),
         ("no function reads module-level variables", "a data size or hyperparameter even in UPPER_CASE"),
         ("no function reads module-level variables", "m = A_prev.shape[1], with A_prev from `cache`"),
         ("gradient check of your own", "model_backward divides by a fixed number, not by the m of its own input")],
        ["no global or nonlocal", "second call"],
    ),
    "decks_learning_rate_and_num_iterations_in_train": (
        ["q9_no_globals"],
        [("no function reads module-level variables", "`LEARNING_RATE`"),
         ("no function reads module-level variables", "`NUM_ITERATIONS`"),
         ("no function reads module-level variables", "use its own parameter `learning_rate`")],
        [],
    ),
    "own_helper_takes_m_as_a_parameter": (
        ["q3_cost", "q9_no_globals"],
        [],
        ["q3_cost", "q9_no_globals"],
    ),
    "model_forward_leaves_out_the_last_cache": (
        ["q2_forward", "q4_backward", "q9_no_globals"],
        [("q2_forward - model_forward (L = 2", "must return one cache per layer"),
         ("gradient check of your own", "your model_forward did not return one cache per layer (it returned 1 for L = 2"),
         ("gradient check of your own", "Hint: fix model_forward first (q2_forward)"),
         ("gradient check on random networks", "Hint: fix model_forward first (q2_forward)")],
        ["model_backward values", "gradients match the reference", "activation_backward", "layer_backward",
         "q9_no_globals"],
    ),
    "layer_forward_returns_z": (
        ["q4_backward"],
        [("model_backward values", "come from your layer_forward (called layer by layer), and its output A is wrong"),
         ("model_backward values", "fix layer_forward first (q2_forward)"),
         ("gradients match the reference", "fix layer_forward first (q2_forward)")],
        [],
    ),
    "sweep_keyed_by_strings": (
        ["ex1_learning_rate"],
        [("the sweep's dict", "keys must be exactly the learning rates"), ("matches the reference", "keys")],
        [],
    ),
    "missing_function": (
        ["q7_predict", "q9_no_globals"],
        [("q7_predict - values", "`predict` is not defined")],
        ["no global or nonlocal", "no function reads module-level variables"],
    ),
    "decision_boundary_without_a_title": (
        ["q8_plots"],
        [("decision boundary: regions", "has no title"), ("decision boundary of random", "has no title")],
        [],
    ),
    "both_classes_drawn_alike": (
        ["q8_plots"],
        [("decision boundary: regions", "same colour and marker"), ("decision boundary of random", "same colour")],
        [],
    ),
    "regions_transposed": (
        ["q8_plots"],
        [("decision boundary: regions", "do not show the model's predictions"),
         ("decision boundary of random", "do not show the model's predictions")],
        [],
    ),
    "no_regions_at_all": (
        ["q8_plots", "ex3_depth"],
        [("decision boundary: regions", "no filled regions"), ("two layers and one layer: train", "no filled regions")],
        [],
    ),
    "imshow_upside_down": (
        ["q8_plots"],
        [("decision boundary: regions", "do not show the model's predictions")],
        [],
    ),
    "regions_over_the_wrong_range": (
        ["q8_plots"],
        [("decision boundary: regions", "do not cover the data"), ("decision boundary of random", "do not cover the data")],
        ["cost curve"],
    ),
    "relu_derivative_1_at_zero": (
        ["q4_backward"],
        [],
        ["q4_backward"],
    ),
    "cost_curve_against_the_index": (
        ["q8_plots"],
        [],
        ["cost curve"],
    ),
    "cost_curve_drawn_backwards": (
        ["q8_plots"],
        [("cost curve", "against the iteration, in order")],
        [],
    ),
    "decks_slow_settings": (
        ["ex2_init"],
        [("fast_settings reaches", "it must get below 0.05")],
        [],
    ),
    "circles_without_a_hidden_layer": (
        ["ex4_circles"],
        [("held-out accuracy", "it must reach 85%")],
        ["ex4_circles - the settings are valid"],
    ),
}

#: Drawings a student may well choose instead of contourf: they must pass.
EQUIVALENT_DRAWINGS = {
    "pcolormesh": '    ax.pcolormesh(xx, yy, Z, shading="auto", alpha=0.8)',
    "imshow": '    ax.imshow(Z, extent=(xx.min(), xx.max(), yy.min(), yy.max()), origin="lower", aspect="auto", alpha=0.8)',
    "imshow, origin upper, rows flipped": ('    ax.imshow(Z[::-1], extent=(xx.min(), xx.max(), yy.min(), yy.max()), '
                                           'aspect="auto", alpha=0.8)'),
    "contourf with default levels": "    ax.contourf(xx, yy, Z, alpha=0.8)",
    "a coarse 30-step grid": ("    xx, yy, points = grid_over(X, steps=30)\n"
                              "    Z = predict(points, parameters, hidden_activation).reshape(xx.shape)\n"
                              "    ax.contourf(xx, yy, Z, levels=[-0.5, 0.5, 1.5], alpha=0.8)"),
    "contourf of the probabilities split at 0.5": ("    ax.contourf(xx, yy, model_forward(points, parameters, hidden_activation)[0]"
                                                   ".reshape(xx.shape), levels=[0, 0.5, 1], alpha=0.8)"),
    "one scatter coloured by label": None,  # see the replacements below
    "points drawn with ax.plot markers": None,
}
CONTOURF = '    ax.contourf(xx, yy, Z, levels=[-0.5, 0.5, 1.5], colors=["#9ecae1", "#fdd0a2"], alpha=0.8)'
SCATTER_LOOP = '''    for cls, colour, marker in ((0, "#1f77b4", "o"), (1, "#ff7f0e", "^")):
        mask = labels == cls
        ax.scatter(X[0, mask], X[1, mask], c=colour, marker=marker, edgecolors="k", label=f"y = {cls}")
'''


def _run_questions(source, qids, label):
    env = source_env(source, label)
    files = question_files()
    results = {case.name: run_case(case, env) for qid in qids for case in files[qid].test_cases}
    for qid in qids:
        for case in files[qid].test_cases:
            message = results[case.name]
            if case.hidden and message:  # a hidden case never shows its inputs or expected values
                assert "hidden test" in message or "is not defined" in message or "not implemented yet" in message, message
                assert "[[" not in message and "expected [" not in message, message
                assert not re.search(r"\(\d+,( \d+)*\)", message), message  # no shape
    return results


def test_every_mistake_of_the_catalogue_is_checked_here_or_made_by_the_sample_class():
    from autograder.sample_class import MUTANT_STUDENTS

    assert set(MUTANTS) <= set(MISTAKES), sorted(set(MUTANTS) - set(MISTAKES))
    assert set(MISTAKES) == set(MUTANTS) | set(MUTANT_STUDENTS), sorted(set(MISTAKES) - set(MUTANTS) - set(MUTANT_STUDENTS))
    for mistake in MISTAKES.values():
        assert mistake.description and "\n" not in mistake.description, mistake.id
        assert mistake.source(reference_source()) != reference_source(), mistake.id


@pytest.mark.parametrize("mutant", sorted(MUTANTS))
def test_known_mistake_fails_with_its_hint(mutant):
    qids, must_fail, must_pass = MUTANTS[mutant]
    results = _run_questions(mutant_source(mutant, reference_source()), qids, "mutant")
    for case_part, message_part in must_fail:
        matching = [name for name in results if case_part in name]
        assert matching, f"no case named like {case_part!r} in {qids}"
        for name in matching:
            assert results[name] is not None, f"{mutant}: {name} passed"
            assert message_part in results[name], f"{mutant}: {name} says {results[name]!r}, expected {message_part!r}"
    for name_part in must_pass:
        for name in [n for n in results if name_part in n]:
            assert results[name] is None, f"{mutant}: {name} should pass but says {results[name]}"


@pytest.mark.parametrize("drawing", sorted(EQUIVALENT_DRAWINGS))
def test_other_ways_of_drawing_the_regions_pass(drawing):
    if drawing == "one scatter coloured by label":
        source = replace_once(reference_source(), SCATTER_LOOP,
                              '    ax.scatter(X[0], X[1], c=labels, cmap="coolwarm", edgecolors="k")\n')
    elif drawing == "points drawn with ax.plot markers":
        source = replace_once(reference_source(), SCATTER_LOOP,
                              '    ax.plot(X[0, labels == 0], X[1, labels == 0], "bo")\n'
                              '    ax.plot(X[0, labels == 1], X[1, labels == 1], "r^")\n')
    else:
        source = replace_once(reference_source(), CONTOURF, EQUIVALENT_DRAWINGS[drawing])
    results = _run_questions(source, ["q8_plots", "ex3_depth"], "drawing")
    failures = {name: message for name, message in results.items() if message}
    assert not failures, failures


def test_hidden_messages_do_not_show_inputs():
    """A hidden case's failure message names the check and a hint, never the arrays it used."""
    source = mutant_source("dw_not_divided_by_m", reference_source())
    env = source_env(source, "hidden-msg")
    files = question_files()
    for case in files["q4_backward"].test_cases:
        if case.hidden:
            message = run_case(case, env)
            assert message and "hidden test" in message
            assert "[[" not in message and "array" not in message, message


def test_not_defined_and_raising_functions_get_clear_messages():
    env = source_env(reference_source(), "partial")
    env["predict"] = None
    case = next(c for c in question_files()["q7_predict"].test_cases if not c.hidden)
    assert "`predict` is not defined" in run_case(case, env)

    def broken(X, parameters, hidden_activation="tanh", threshold=0.5):
        raise KeyError("W3")

    env["predict"] = broken
    message = run_case(case, env)
    assert "raised KeyError" in message and "predict(" in message and "in broken" in message and "raise KeyError" in message
    def leaky(X, parameters, hidden_activation="tanh", threshold=0.5):
        raise ValueError("bad input " + repr(X.tolist()))

    env["predict"] = leaky
    hidden = next(c for c in question_files()["q7_predict"].test_cases if c.hidden)
    message = run_case(hidden, env)
    assert "`predict` raised ValueError on the hidden test's inputs (line" in message
    assert "bad input [" not in message and "[[" not in message, "a hidden case showed the student's message"


# --------------------------------------------------------------------------- gradcheck on its own


def test_gradient_hint_names_the_known_mistakes():
    import gradecheck

    rng = np.random.RandomState(0)
    dW, db = rng.randn(3, 2), rng.randn(3, 1)
    assert "divide by m" in gradecheck.gradient_hint("dW1", dW * 5, dW, m=5)
    assert "keepdims=True" in gradecheck.gradient_hint("db1", rng.randn(1, 5), db, m=5)
    assert "keepdims=True" in gradecheck.gradient_hint("db1", rng.randn(3, 5), db, m=5)
    assert "keepdims=True" in gradecheck.gradient_hint("db1", db.ravel(), db, m=5)
    assert "transposed" in gradecheck.gradient_hint("dW1", dW.T, dW, m=5)
    assert gradecheck.gradient_hint("dW1", dW, dW, m=5) is None
    assert gradecheck.gradient_hint("dW1", dW + 1, dW, m=5, candidates={"a known slip": dW + 1}) == "a known slip"


def test_numerical_gradients_and_rel_error():
    import gradecheck

    parameters = {"W1": np.array([[1.0, -2.0]]), "b1": np.array([[0.5]])}
    grads = gradecheck.numerical_gradients(lambda p: float(np.sum(p["W1"] ** 2) + 3 * p["b1"][0, 0]), parameters)
    assert gradecheck.rel_error(grads["dW1"], [[2.0, -4.0]]) < 1e-9
    assert gradecheck.rel_error(grads["db1"], [[3.0]]) < 1e-9
    assert gradecheck.rel_error(np.zeros(3), np.zeros(3)) == 0.0
    assert gradecheck.rel_error([1.0], [3.0]) == pytest.approx(0.5)


def test_gradient_check_passes_the_reference_at_every_depth_and_activation():
    import gradecheck

    from autograder.reference import load_reference

    ref = load_reference()
    rng = np.random.RandomState(7)
    check = gradecheck.Check()
    for depth in (1, 2, 3, 4):
        for activation in ("tanh", "sigmoid"):
            dims = [3] + [int(n) for n in rng.randint(1, 4, size=depth - 1)] + [1]
            params = gradecheck.random_parameters(rng, dims)
            X, Y = gradecheck.random_data(rng, 3, 4)
            errors = gradecheck.check_gradients(check, ref.model_forward, ref.compute_cost, ref.model_backward, X, Y, params, activation)
            assert max(errors.values()) <= gradecheck.GRADIENT_TOLERANCE


def _plain(value):
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, (str, int, float, bool, np.ndarray))


def test_describe_axes_gives_plain_data_for_every_kind_of_artist():
    import matplotlib.pyplot as plt

    import gradecheck

    fig, ax = plt.subplots()
    xx, yy = np.meshgrid(np.linspace(0, 1, 5), np.linspace(0, 2, 4))
    ax.contourf(xx, yy, xx + yy)
    ax.pcolormesh(xx, yy, xx * yy, shading="auto")
    ax.imshow(xx, extent=(0, 1, 0, 2))
    ax.scatter([0.1, 0.2], [0.3, 0.4], c=[0, 1])
    ax.plot([0, 1], [1, 0], "r--")
    ax.set_title("t")
    description = gradecheck.describe_axes(ax)
    plt.close(fig)
    assert _plain(description)
    kinds = [a["type"] for a in description["artists"]]
    assert {"contour", "quadmesh", "image", "scatter", "line"} <= set(kinds)
    scatter = next(a for a in description["artists"] if a["type"] == "scatter")
    assert scatter["facecolors"].shape == (2, 4) and not np.allclose(scatter["facecolors"][0], scatter["facecolors"][1])
    # only a real Axes, or the description the grader's wire decoder made of one, is a plot
    from autograder.sandbox import wire

    made = wire.Decoder(axes=lambda d: d).decode({"__axes__": {"title": "t", "artists": []}})
    assert isinstance(made, wire.AxesDescription) and gradecheck.as_axes_description(made) is made
    for forged in (description, {"__axes__": description}, 42):
        with pytest.raises(gradecheck.GradeFailure, match="expected a matplotlib Axes"):
            gradecheck.as_axes_description(forged)


def test_filled_regions_respect_holes():
    import matplotlib.pyplot as plt

    import gradecheck

    fig, ax = plt.subplots()
    xx, yy = np.meshgrid(np.linspace(-1, 1, 60), np.linspace(-1, 1, 60))
    ax.contourf(xx, yy, (xx ** 2 + yy ** 2 < 0.3).astype(int), levels=[-0.5, 0.5, 1.5])
    description = gradecheck.as_axes_description(ax)
    contour = description["artists"][0]
    values = gradecheck.filled_region_values(contour, np.array([[0.0, 0.0], [0.9, 0.9]]))
    assert list(values) == [1.0, 0.0]
    assert not plt.get_fignums() or fig.number not in plt.get_fignums()


def test_global_reads_from_source_and_from_functions(tmp_path):
    import gradecheck
    from autograder.reference import load_reference

    ref = load_reference()
    assert gradecheck.global_reads(source=reference_source()) == []
    assert gradecheck.global_reads(functions={n: getattr(ref, n) for n in ref.__all__}) == []
    bad = "import numpy as np\nX = np.zeros(3)\nRATE = 0.1\nrates = [1]\n\ndef f():\n    return X, RATE, rates, np\n"
    problems = gradecheck.global_reads(source=bad)
    assert any("`X`" in p for p in problems) and any("`rates`" in p for p in problems)
    assert not any("`RATE`" in p or "`np`" in p for p in problems)
    assert gradecheck.unimplemented(source=bad, names=["f", "g"]) == ["g"]

    # an UPPER_CASE lookup table of functions is a constant, unless some code changes it
    table = ("import numpy as np\n\ndef relu(z):\n    return np.maximum(0, z)\n\n"
             "ACTIVATIONS = {'tanh': np.tanh, 'relu': relu}\nSIZES = (2, 3)\n\n"
             "def g(z, name):\n    return ACTIVATIONS[name](z), SIZES\n")
    assert gradecheck.global_reads(source=table) == []
    changed = table + "\n\ndef h():\n    ACTIVATIONS['sigmoid'] = np.tanh\n"
    assert [p for p in gradecheck.global_reads(source=changed) if "`ACTIVATIONS`" in p]
    state = "HISTORY = []\n\ndef f(c):\n    costs = HISTORY\n    costs.append(c)\n    return costs\n"
    assert [p for p in gradecheck.global_reads(source=state) if "`HISTORY`" in p], "a list is state, even in UPPER_CASE"

    # the same from the functions themselves (the notebook's way: no submission source)
    import importlib.util

    for text, flagged in ((table, False), (changed, True), (bad, True), (state, True)):
        path = tmp_path / f"snippet_{len(text)}.py"
        path.write_text(text)
        spec = importlib.util.spec_from_file_location(f"_kit_snippet_{len(text)}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        functions = {n: getattr(module, n) for n in ("f", "g", "h") if hasattr(module, n)}
        assert bool(gradecheck.global_reads(functions=functions)) == flagged, (text, gradecheck.global_reads(functions=functions))


def test_lowercase_module_level_literals_are_variables_and_the_hint_says_how_to_pass_them(tmp_path):
    """The deck's globals (m = 35, alpha = 0.01, n1 = 3) are lowercase literals: reading one is a global read."""
    import importlib.util

    import gradecheck

    deck = ("import numpy as np\nm = 35\nalpha = 0.01\nn1 = 3\nEPSILON = 1e-15\n\n"
            "def layer_backward(dZ, A_prev):\n    return dZ @ A_prev.T / m + EPSILON\n\n"
            "def update(W, dW):\n    return W - alpha * dW, n1\n")
    problems = gradecheck.global_reads(source=deck)
    assert [p for p in problems if "`layer_backward`" in p and "`m`" in p and "add a parameter `m` to `layer_backward`" in p]
    assert [p for p in problems if "`alpha`" in p] and [p for p in problems if "`n1`" in p]
    assert not [p for p in problems if "EPSILON" in p]
    path = tmp_path / "deck_globals.py"
    path.write_text(deck)
    spec = importlib.util.spec_from_file_location("_kit_deck_globals", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found = gradecheck.global_reads(functions={"layer_backward": module.layer_backward, "update": module.update})
    assert [p for p in found if "`m`" in p and "add a parameter" in p] and [p for p in found if "`alpha`" in p]
    assert not [p for p in found if "EPSILON" in p or "`np`" in p]


def test_the_api_keeps_its_signature_and_the_decks_globals_stay_variables_in_upper_case(tmp_path):
    """A function of the API is told to compute the value from its own arguments (its parameters are fixed), a helper
    of the student's own to take a parameter; M = 35 or LEARNING_RATE = 0.01 is still the data's size or a
    hyperparameter, while EPSILON-style constants and lookup tables stay allowed."""
    import importlib.util

    import gradecheck
    from autograder.reference import api_names

    api = api_names()
    deck = ("import numpy as np\nm = 35\nM = 35\nALPHA = 0.01\nN1 = 3\nNUM_ITERATIONS = 100\nEPSILON = 1e-15\n"
            "EPS = 1e-12\nACTIVATIONS = ('tanh', 'sigmoid', 'relu')\nRATE = 0.1\n\n"
            "def compute_cost(AL, Y):\n    return -np.sum(Y * np.log(AL + EPSILON)) / m\n\n"
            "def layer_backward(dA, cache, activation):\n    return dA / M, ACTIVATIONS, EPS\n\n"
            "def update_parameters(parameters, grads, learning_rate):\n    return ALPHA, N1\n\n"
            "def _mean(total):\n    return total / m + RATE\n")
    path = tmp_path / "deck_api.py"
    path.write_text(deck)
    spec = importlib.util.spec_from_file_location("_kit_deck_api", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    functions = {n: getattr(module, n) for n in ("compute_cost", "layer_backward", "update_parameters", "_mean")}
    for problems in (gradecheck.global_reads(source=deck, fixed=api), gradecheck.global_reads(functions=functions, fixed=api)):
        def about(function, name):
            found = [p for p in problems if p.startswith(f"`{function}`") and f"`{name}`" in p]
            assert len(found) == 1, (function, name, problems)
            assert "UPPER_CASE name is only for a true constant of the algorithm" in found[0], found[0]
            return found[0]

        cost = about("compute_cost", "m")
        assert "the parameters of `compute_cost` are fixed (def compute_cost(AL, Y)" in cost and "m = Y.shape[1]" in cost
        assert "add a parameter" not in cost and "(M = ...)" not in cost, cost
        backward = about("layer_backward", "M")
        assert "even in UPPER_CASE" in backward and "m = A_prev.shape[1], with A_prev from `cache`" in backward, backward
        assert "use its own parameter `learning_rate`" in about("update_parameters", "ALPHA")
        assert "take the layer sizes from its arguments" in about("update_parameters", "N1")
        assert "add a parameter `m` to `_mean`" in about("_mean", "m")
        assert not [p for p in problems if any(f"`{n}`" in p for n in ("EPSILON", "EPS", "ACTIVATIONS", "RATE", "np"))]
    assert gradecheck.global_reads(source=STUDENT_STYLE, fixed=api) == []
    assert gradecheck.global_reads(source=reference_source(), fixed=api) == []
    assert not [n for n in ("EPSILON", "EPS", "INIT_METHODS", "ACTIVATIONS", "SIZES", "RATE", "GAIN") if gradecheck._names_a_setting(n)]
    assert all(gradecheck._names_a_setting(n) for n in ("M", "ALPHA", "N1", "N2", "N_H", "LEARNING_RATE", "NUM_ITERATIONS",
                                                         "M_TRAIN", "LAYER_DIMS", "LR", "EPOCHS", "_M"))


def test_hidden_checks_show_no_number_or_name_the_students_code_chose():
    """A relative error, a dict key or a length the student's code returned could carry a hidden case's inputs."""
    import gradecheck

    import re

    expected = np.array([[0.5, 0.25]])
    checks = {  # what the public message shows, and the hidden one must not
        "0.617283": lambda c: c.array(expected * 1.234567, expected, "dW1"),
        "LEAK_0_5": lambda c: c.params({"W1": expected, "LEAK_0_5": expected}, {"W1": expected}),
        "7 values": lambda c: (c.call(lambda: None, "f"), c.returns([1, 2, 3, 4, 5, 6, 7], ("A", "cache"))),
    }
    for shown, run in checks.items():
        with pytest.raises(gradecheck.GradeFailure) as public:
            run(gradecheck.Check())
        with pytest.raises(gradecheck.GradeFailure) as hidden:
            run(gradecheck.Check(hidden=True))
        assert shown in str(public.value), str(public.value)
        assert shown not in str(hidden.value) and not re.search(r"\d\.\d+e[-+]\d", str(hidden.value)), str(hidden.value)


def _boundary_description(artist, title="t"):
    from autograder.sandbox import wire

    return wire.AxesDescription({"title": title, "xlabel": "x1", "ylabel": "x2", "artists": [artist]})


def test_filled_regions_refuse_nan_grids_bad_shapes_and_the_students_own_range():
    """A quadmesh with NaN coordinates, an array whose shape does not match them, or a region drawn only where
    the student chose is not read as the model's predictions: the test grid comes from the data's range."""
    import gradecheck

    X = np.array([[-2.0, 0.0, 2.0], [-1.0, 0.5, 1.0]])
    predict = lambda points: (points[0:1] > 0).astype(int)  # noqa: E731
    xs, ys = np.linspace(-3, 3, 61), np.linspace(-2, 2, 41)
    coordinates = np.stack(np.meshgrid(xs, ys), axis=-1)
    centres = np.stack(np.meshgrid((xs[:-1] + xs[1:]) / 2, (ys[:-1] + ys[1:]) / 2), axis=-1)
    good = {"type": "quadmesh", "coordinates": coordinates, "array": (centres[..., 0] > 0).astype(float)}
    assert gradecheck.check_filled_regions(gradecheck.Check(hidden=True), _boundary_description(good), predict, X=X) <= 0.08
    attacks = {
        "coordinates are NaN, infinite": dict(good, coordinates=np.full_like(coordinates, np.nan)),
        "not one per cell": dict(good, array=np.zeros((3, 3))),
        "not one per cell ": dict(good, array=np.full((40, 60), np.nan)),
        "not a regular grid": dict(good, coordinates=coordinates[:, ::-1][:, np.r_[0:30, 45:61, 30:45]]),
        "do not cover the data": dict(good, coordinates=coordinates * 0.1),  # right values, but only near the origin
    }
    for expected, artist in attacks.items():
        with pytest.raises(gradecheck.GradeFailure, match=expected.strip()):
            gradecheck.check_filled_regions(gradecheck.Check(hidden=True), _boundary_description(artist), predict, X=X)
    image = {"type": "image", "array": np.ones((4, 4)), "extent": [np.nan, 1.0, 0.0, 1.0], "origin": "lower"}
    with pytest.raises(gradecheck.GradeFailure, match="extent is NaN"):
        gradecheck.check_filled_regions(gradecheck.Check(), _boundary_description(image), predict, X=X)


# --------------------------------------------------------------------------- the notebook's grader.check


@pytest.mark.parametrize("qid", QUESTION_IDS)
def test_grader_check_in_a_notebook_namespace(qid, monkeypatch):
    """``grader.check(qid)`` as the notebook runs it: course/tests as tests_dir, the API from ``from deepnn import *``
    (here the reference's functions), no ref/seed/submission_source/fresh_env."""
    import otter

    from autograder.reference import load_reference

    ref = load_reference()
    monkeypatch.chdir(COURSE_DIR)
    namespace = {name: getattr(ref, name) for name in ref.__all__}
    result = otter.Notebook(tests_dir="tests").check(qid, global_env=namespace)
    assert result.grade == 1.0, repr(result)

    if qid == "q1_init":
        def initialize_parameters(layer_dims, method="random", scale=0.01, seed=1):
            raise NotImplementedError("initialize_parameters is not implemented yet")

        namespace["initialize_parameters"] = initialize_parameters
        result = otter.Notebook(tests_dir="tests").check(qid, global_env=namespace)
        assert result.grade == 0 and "`initialize_parameters` is not implemented yet" in repr(result)


# --------------------------------------------------------------------------- a different, correct student


#: A correct solution written the way many students write it (Coursera style): dict caches, the naive sigmoid,
#: dZ[L] = AL - Y, np.dot, its own clipping, pyplot calls, costs plotted against their index, one scatter
#: coloured by label. It must get full marks: the tests check behaviour, not the reference's style.
STUDENT_STYLE = '''
import numpy as np
import matplotlib.pyplot as plt
from nndata import grid_over

EPS = 1e-12
ACTIVATIONS = ("tanh", "sigmoid", "relu")


def initialize_parameters(layer_dims, method="random", scale=0.01, seed=1):
    if method not in ("random", "zeros", "xavier", "he"):
        raise ValueError("method must be one of random, zeros, xavier, he")
    rng = np.random.RandomState(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        if method == "random":
            params["W" + str(l)] = rng.randn(n, n_prev) * scale
            params["b" + str(l)] = rng.randn(n, 1)
        elif method == "zeros":
            params["W" + str(l)] = np.zeros((n, n_prev))
            params["b" + str(l)] = np.zeros((n, 1))
        else:
            factor = 1.0 if method == "xavier" else 2.0
            params["W" + str(l)] = rng.randn(n, n_prev) / np.sqrt(n_prev / factor)
            params["b" + str(l)] = np.zeros((n, 1))
    return params


def activation_forward(Z, activation):
    if activation == "sigmoid":
        with np.errstate(over="ignore"):
            return 1 / (1 + np.exp(-Z))
    if activation == "tanh":
        return np.tanh(Z)
    if activation == "relu":
        return np.where(Z > 0, Z, 0.0)
    raise ValueError(activation)


def activation_backward(dA, Z, activation):
    if activation == "sigmoid":
        s = activation_forward(Z, "sigmoid")
        return dA * s * (1 - s)
    if activation == "tanh":
        return dA * (1 - np.power(np.tanh(Z), 2))
    dZ = np.array(dA, copy=True)
    dZ[Z <= 0] = 0
    return dZ


def linear_forward(A_prev, W, b):
    return np.dot(W, A_prev) + b


def layer_forward(A_prev, W, b, activation):
    Z = linear_forward(A_prev, W, b)
    return activation_forward(Z, activation), {"A_prev": A_prev, "W": W, "Z": Z}


def layer_backward(dA, cache, activation):
    m = cache["A_prev"].shape[1]
    dZ = activation_backward(dA, cache["Z"], activation)
    return np.dot(cache["W"].T, dZ), np.dot(dZ, cache["A_prev"].T) / m, np.sum(dZ, axis=1, keepdims=True) / m


def model_forward(X, parameters, hidden_activation="tanh"):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A, cache = layer_forward(A, parameters["W%d" % l], parameters["b%d" % l], hidden_activation)
        caches.append(cache)
    AL, cache = layer_forward(A, parameters["W%d" % L], parameters["b%d" % L], "sigmoid")
    caches.append(cache)
    return AL, caches


def compute_cost(AL, Y):
    m = Y.shape[1]
    AL = np.clip(AL, EPS, 1 - EPS)
    cost = -(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m
    return float(np.squeeze(cost))


def model_backward(AL, Y, caches, hidden_activation="tanh"):
    grads = {}
    L = len(caches)
    m = AL.shape[1]
    dZ = AL - Y
    cache = caches[L - 1]
    grads["dW%d" % L] = np.dot(dZ, cache["A_prev"].T) / m
    grads["db%d" % L] = np.sum(dZ, axis=1, keepdims=True) / m
    dA = np.dot(cache["W"].T, dZ)
    for l in reversed(range(1, L)):
        dA, grads["dW%d" % l], grads["db%d" % l] = layer_backward(dA, caches[l - 1], hidden_activation)
    return grads


def update_parameters(parameters, grads, learning_rate):
    new = {}
    for key, value in parameters.items():
        new[key] = value - learning_rate * grads["d" + key]
    return new


def train(X, Y, layer_dims, learning_rate=0.01, num_iterations=10000, init="random", init_scale=0.01, seed=1,
          hidden_activation="tanh", target_cost=None, record_every=100, parameters=None):
    if parameters is None:
        parameters = initialize_parameters(layer_dims, init, init_scale, seed)
    costs = []
    for i in range(num_iterations):
        AL, caches = model_forward(X, parameters, hidden_activation)
        cost = compute_cost(AL, Y)
        done = target_cost is not None and cost < target_cost
        if i % record_every == 0 or done:
            costs.append(cost)
        if done:
            break
        grads = model_backward(AL, Y, caches, hidden_activation)
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters, costs


def predict(X, parameters, hidden_activation="tanh", threshold=0.5):
    AL, _ = model_forward(X, parameters, hidden_activation)
    return (AL > threshold).astype(int)


def plot_decision_boundary(parameters, X, Y, hidden_activation="tanh", ax=None):
    if ax is None:
        plt.figure()
        ax = plt.gca()
    xx, yy, points = grid_over(X, steps=150, margin=1.0)
    Z = predict(points, parameters, hidden_activation).reshape(xx.shape)
    plt.contourf(xx, yy, Z, cmap=plt.cm.Spectral)
    plt.scatter(X[0, :], X[1, :], c=Y.ravel(), cmap=plt.cm.Spectral, edgecolors="k")
    plt.xlabel("x1")
    plt.ylabel("x2")
    plt.title("Decision boundary")
    return ax


def plot_costs(costs, record_every=100, ax=None):
    if ax is None:
        ax = plt.figure().gca()
    ax.plot(np.squeeze(costs))
    ax.set_ylabel("cost")
    ax.set_xlabel("iterations (per %d)" % record_every)
    ax.set_title("Learning curve")
    return ax


def learning_rate_sweep(X, Y, learning_rates, layer_dims=(2, 3, 4, 1), num_iterations=2000, seed=1):
    results = {}
    for rate in learning_rates:
        parameters, _ = train(X, Y, list(layer_dims), learning_rate=rate, num_iterations=num_iterations, seed=seed)
        results[rate] = compute_cost(model_forward(X, parameters)[0], Y)
    return results


def fast_settings():
    return {"init": "xavier", "init_scale": 1.0, "learning_rate": 0.2}


def circles_settings():
    return {"layer_dims": [2, 6, 1], "learning_rate": 1.0, "num_iterations": 1000, "init": "xavier",
            "init_scale": 1.0, "hidden_activation": "tanh"}
'''


def test_a_different_correct_student_gets_full_marks():
    env = source_env(STUDENT_STYLE, "student-style")
    failures = {}
    for qid, test_file in question_files().items():
        for case in test_file.test_cases:
            message = run_case(case, env)
            if message:
                failures[case.name] = message
    assert not failures, failures


def test_global_random_calls_are_found_in_the_source():
    import gradecheck

    source = ("import numpy as np\n\ndef initialize_parameters(layer_dims, seed=1):\n    np.random.seed(seed)\n"
              "    return np.random.randn(2, 2)\n\ndef other():\n    return np.random.rand()\n")
    assert gradecheck.global_random_calls(source, name="initialize_parameters") == ["np.random.randn", "np.random.seed"]
    assert gradecheck.global_random_calls(reference_source(), name="initialize_parameters") == []
    assert gradecheck.global_random_calls(source, name="missing") == []


def test_gradecheck_imports_with_numpy_and_matplotlib_only(tmp_path):
    """The sandbox worker imports gradecheck to describe Axes: it must need nothing of the kit or of otter."""
    import sysconfig

    script = (
        "import sys\n"
        f"sys.path[:0] = [{str(COURSE_DIR)!r}, {sysconfig.get_paths()['purelib']!r}]\n"
        "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\nimport gradecheck\n"
        "fig, ax = plt.subplots()\nax.scatter([1], [2])\nd = gradecheck.describe_axes(ax)\n"
        "assert d['artists'][0]['type'] == 'scatter'\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('otter', 'autograder', 'deepnn', 'pandas', 'sklearn')]\n"
        "assert not bad, bad\nprint('ok')\n"
    )
    result = subprocess.run([sys.executable, "-I", "-S", "-c", script], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


# --------------------------------------------------------------------------- messages a student acts on

UPDATE_STUB = ('\n\ndef update_parameters(parameters, grads, learning_rate):\n'
               '    raise NotImplementedError("update_parameters is not implemented yet: write its body in deepnn.py (see its docstring)")\n')


def test_an_unfinished_helper_is_named_not_the_function_that_called_it():
    """A finished train calling a stubbed update_parameters: the message points at update_parameters."""
    env = source_env(reference_source() + UPDATE_STUB, "train-without-update")
    case = next(c for qid, c in all_cases() if qid == "q6_train" and not c.hidden)
    failure = run_case(case, env)
    assert "`update_parameters` (called by `train`) is not implemented yet" in failure, failure
    assert "`train` is not implemented" not in failure


def test_a_transposed_output_that_is_not_a_gradient_gets_no_gradient_hint():
    import gradecheck

    hint = gradecheck.gradient_hint("predictions", np.zeros((5, 1)), np.zeros((1, 5)))
    assert "transposed" in hint and "examples are columns" in hint and "dW" not in hint and "parameter" not in hint
    assert "dW = dZ A_prev^T / m" in gradecheck.gradient_hint("dW1", np.ones((2, 3)), np.ones((3, 2)))
    assert "(5, 1)" not in gradecheck.gradient_hint("AL", np.zeros((5, 1)), np.zeros((1, 5)), reveal=False)  # hidden: no shapes


def test_an_error_inside_numpy_is_located_in_the_students_code(tmp_path):
    import importlib.util

    import gradecheck

    path = tmp_path / "student_total.py"
    path.write_text("import numpy as np\n\n\ndef total(x):\n    return np.sum(x, axis=2)\n")
    spec = importlib.util.spec_from_file_location("student_total", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with pytest.raises(gradecheck.GradeFailure) as failure:
        gradecheck.Check().call(module.total, "total", np.ones((2, 3)))
    text = str(failure.value)
    assert "AxisError" in text and "(line 5, in total: `return np.sum(x, axis=2)`)" in text, text
    assert "_wrapreduction" not in text


def test_exercise_settings_are_checked_alike_and_list_the_choices():
    """fast_settings and circles_settings go through one check (it once drifted: ex4 took True as a learning rate)."""
    import gradecheck
    from autograder.reference import load_reference

    ref = load_reference()
    assert (gradecheck.INIT_METHODS, gradecheck.ACTIVATIONS) == (ref.INIT_METHODS, ref.ACTIVATIONS)
    keys = {"init", "init_scale", "learning_rate", "hidden_activation"}
    good = {"init": "xavier", "init_scale": 1.0, "learning_rate": 0.5, "hidden_activation": "tanh"}
    assert gradecheck.check_settings(gradecheck.Check(), dict(good), "s()", keys) == good
    for change, words in (({"learning_rate": True}, "['learning_rate'] must be a positive number"),
                          ({"init_scale": -1}, "['init_scale'] must be a positive number"),
                          ({"init": "glorot"}, "must be one of 'random', 'zeros', 'xavier', 'he', got 'glorot'"),
                          ({"hidden_activation": "swish"}, "must be one of 'tanh', 'sigmoid', 'relu'")):
        with pytest.raises(gradecheck.GradeFailure, match=re.escape(words)):
            gradecheck.check_settings(gradecheck.Check(), dict(good, **change), "s()", keys)
    with pytest.raises(gradecheck.GradeFailure, match="exactly the keys"):
        gradecheck.check_settings(gradecheck.Check(), {"init": "he"}, "s()", keys)


def test_ex3_says_how_many_costs_were_recorded_not_that_depth_one_fails():
    """One cost too many at L = 2 is about the recording; the 'L = 1' hint is for a wrong first cost at L = 1."""
    extra = "\n\n_train = train\n\ndef train(*args, **kwargs):\n    parameters, costs = _train(*args, **kwargs)\n    return parameters, costs + [costs[-1]]\n"
    env = source_env(reference_source() + extra, "one-cost-too-many")
    case = next(c for qid, c in all_cases() if qid == "ex3_depth" and not c.hidden)
    failure = run_case(case, env)
    assert "costs (L = 2)" in failure and "has 4 entries, expected 3" in failure and "record the cost before the update" in failure
    assert "including L = 1" not in failure
