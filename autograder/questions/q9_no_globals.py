"""q9_no_globals: no global state (no global/nonlocal, no function reading module-level variables,
the same behaviour in a fresh process and on a second call)."""

import numpy as np
from otter.test_files import test_case

import gradecheck

OK_FORMAT = False

name = "q9_no_globals"

API = ["initialize_parameters", "activation_forward", "activation_backward", "linear_forward", "layer_forward",
       "layer_backward", "model_forward", "compute_cost", "model_backward", "update_parameters", "train", "predict",
       "plot_decision_boundary", "plot_costs", "learning_rate_sweep", "fast_settings", "circles_settings"]


def _api(env):
    return {n: env.get(n) for n in API if env.get(n) is not None}


def _problems(check, env, submission_source, kinds):
    functions = _api(env)
    todo = gradecheck.unimplemented(submission_source, functions, API)
    if len(todo) == len(API):
        check.fail(f"`{todo[0]}` is not implemented yet (nor any other function): nothing to check for global variables yet")
    if submission_source is not None:
        return gradecheck.global_reads(source=submission_source, kinds=kinds, ignore=API, fixed=API)
    return gradecheck.global_reads(functions=functions, kinds=kinds, ignore=API, fixed=API)


def _report(check, problems, what, hint):
    if problems:
        shown = "\n  ".join(problems[:6]) + ("\n  ..." if len(problems) > 6 else "")
        check.fail(f"{what}:\n  {shown}", hint)


@test_case(points=2, hidden=False, name="q9_no_globals - no global or nonlocal statements")
def public_statements(env, submission_source):
    check = gradecheck.Check()
    problems = _problems(check, env, submission_source, ("statement",))
    _report(check, problems, "your code uses global state",
            "every function gets what it needs as parameters and returns its results")


@test_case(points=2, hidden=False, name="q9_no_globals - no function reads module-level variables")
def public_reads(env, submission_source):
    check = gradecheck.Check()
    problems = _problems(check, env, submission_source, ("read",))
    _report(check, problems, "functions read variables defined outside them",
            "keep the starter's parameters of the homework's functions (the tests call them that way) and compute "
            "such a value inside from the arguments (m = Y.shape[1] in compute_cost); a helper of your own may take it "
            "as a parameter. Only modules, functions, classes and true constants of the algorithm (EPSILON = 1e-15) "
            "may be used from module level: m = 35 or alpha = 0.01 are variables, and M = 35 too (the data's size "
            "is not a constant)")


def _run(check, env, rng_seed):
    """A short, deterministic session of calls; returns everything it produced."""
    rng = np.random.RandomState(rng_seed)
    X = rng.randn(2, 7)
    Y = (rng.rand(1, 7) > 0.5).astype(np.int64)
    Y[0, :2] = [0, 1]
    call = lambda n, *a, **k: check.call(env.get(n), n, *a, **k)  # noqa: E731
    out = {}
    p = call("initialize_parameters", [2, 3, 1], method="xavier", seed=int(rng_seed % 1000))
    out["init"] = p
    AL, forward_caches = check.returns(call("model_forward", X.copy(), gradecheck.snapshot(p)), ("AL", "caches"))
    out["AL"] = AL
    out["cost"] = call("compute_cost", AL, Y.copy())
    # model_backward gets caches made with layer_forward, so a model_forward that loses a cache costs q2, not q9
    AL_layers, caches = gradecheck.forward_by_layers(check, env.get("layer_forward"), X, p, ["tanh", "sigmoid"])
    out["grads"] = call("model_backward", AL_layers, Y.copy(), caches)
    out["update"] = call("update_parameters", gradecheck.snapshot(p), out["grads"], 0.1)
    trained = p
    # train runs model_forward: one that does not return a cache per layer costs q2 and q6, not this question
    if isinstance(forward_caches, (list, tuple)) and len(forward_caches) == 2:
        trained, costs = check.returns(call("train", X.copy(), Y.copy(), [2, 3, 1], learning_rate=0.3, num_iterations=12,
                                            record_every=3, init="xavier", seed=3), ("parameters", "costs"))
        out["train"] = (trained, [float(c) for c in costs])
    out["predict"] = call("predict", X.copy(), trained)
    return out


def _differences(a, b):
    return [key for key in a if not gradecheck.same_value(a[key], b.get(key))]


@test_case(points=2, hidden=True, name="q9_no_globals - same results on a second call and in a fresh process")
def hidden_fresh_process(env, fresh_env, seed):
    check = gradecheck.Check(hidden=True)
    base = 0 if seed is None else int(seed)
    first = _run(check, env, base)
    second = _run(check, env, base)
    changed = _differences(first, second)
    check.true(not changed, f"calling the same functions twice with the same inputs gave different results "
               f"({', '.join(changed)})", "a function must not keep state between calls (no global or mutable default "
               "arguments like costs=[]); build everything it returns inside it")
    if fresh_env is not None:
        fresh = fresh_env()
        third = _run(check, fresh, base)
        changed = _differences(first, third)
        check.true(not changed, f"your functions behave differently in a fresh Python process ({', '.join(changed)})",
                   "they must not depend on variables set in the notebook or by earlier calls: pass everything in as "
                   "parameters")
