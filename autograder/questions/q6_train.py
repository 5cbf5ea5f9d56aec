"""q6_train: train (the trajectory from given parameters, recording every record_every, stopping at target_cost)."""

import numpy as np
from otter.test_files import test_case

import gradecheck

OK_FORMAT = False

name = "q6_train"

X6 = np.array([[0.5, -1.2, 2.0, 0.0, 1.0, -0.4], [1.5, 0.3, -0.7, -2.0, 0.8, -1.1]])
Y6 = np.array([[1, 0, 1, 0, 1, 0]])
P231 = {"W1": np.array([[0.4, -0.6], [-0.3, 0.8], [0.9, 0.2]]), "b1": np.array([[0.1], [-0.2], [0.05]]),
        "W2": np.array([[0.7, -0.5, 0.3]]), "b2": np.array([[-0.1]])}
# train(X6, Y6, [2, 3, 1], learning_rate=0.5, num_iterations=25, record_every=10, parameters=P231)
TRAJ_COSTS = [0.7516491655313263, 0.15804536306073916, 0.06819730144995526]
TRAJ_PARAMS = {'W1': np.array([[0.9744560289050741, 0.472563336388], [-0.4660111639454601, 0.6135961789345479], [1.2691098447025448, 0.8188445540761391]]), 'b1': np.array([[-0.026622604277231766], [-0.2356263426700427], [-0.1182324158952492]]), 'W2': np.array([[1.261513918314769, 0.007411336195683696, 2.045816767159775]]), 'b2': np.array([[-0.16242128997717198]])}
# the same with num_iterations=1000, target_cost=0.12: the cost first drops below 0.12 at iteration 13
TARGET_COSTS = [0.7516491655313263, 0.15804536306073916, 0.11511317976647568]
# the costs a train that records after the update would give (iterations 1, 11, 21)
TRAJ_COSTS_AFTER_UPDATE = [0.6249603974303836, 0.14101649556611204, 0.06432184061088404]
# the parameters of a train that updates once more before stopping (14 updates)
TARGET_PARAMS_ONE_MORE = {'W1': np.array([[0.8616815283338953, 0.29669862327345387], [-0.4648288395548812, 0.6148318656196878], [1.1774468274753211, 0.7381647020505919]]), 'b1': np.array([[0.015084896432302757], [-0.2353844602972192], [-0.09724759294845567]]), 'W2': np.array([[0.9575204390374472, -0.019980897857063515, 1.679026309437393]]), 'b2': np.array([[-0.18129064375767248]])}
AFTER_UPDATE = "record the cost computed before the update (forward, cost, record, then backward and update)"
ONE_MORE = "when the cost is below target_cost, stop before updating: check the cost right after computing it"
GIVEN_START = "when `parameters` is given, start from it (a copy) instead of calling initialize_parameters"
BUILDS_ON = " (if q4_backward or q5_update fail, fix them first: train builds on them)"
TARGET_PARAMS = {'W1': np.array([[0.8468378972931261, 0.26894043346092505], [-0.46418840814435186, 0.615511723294502], [1.1652851017382129, 0.7258424319898229]]), 'b1': np.array([[0.02146212526706463], [-0.23525217369478071], [-0.09420034261760998]]), 'W2': np.array([[0.9202577175421415, -0.02517766153903139, 1.6297894946763254]]), 'b2': np.array([[-0.18316786410934685]])}


def _check_costs(check, costs, expected, what="costs", candidates=None, given_start=False):
    gradecheck.check_costs(check, costs, expected, what, candidates=candidates,
                           start_hint=GIVEN_START if given_start else None, advice=BUILDS_ON)


def _result(check, result):
    return check.returns(result, ("parameters", "costs"))


@test_case(points=3, hidden=False, name="q6_train - trajectory from given parameters, recording every record_every")
def public_trajectory(train):
    check = gradecheck.Check()
    X, Y, p = X6.copy(), Y6.copy(), gradecheck.snapshot(P231)
    params, costs = _result(check, check.call(train, "train", X, Y, [2, 3, 1], learning_rate=0.5, num_iterations=25,
                                              record_every=10, parameters=p))
    _check_costs(check, costs, TRAJ_COSTS, candidates={AFTER_UPDATE: TRAJ_COSTS_AFTER_UPDATE}, given_start=True)
    check.params(params, TRAJ_PARAMS, what="the trained parameters", rtol=1e-6, atol=1e-9)
    check.unchanged(P231, p, "parameters", "train")
    check.unchanged(X6, X, "X", "train")
    check.unchanged(Y6, Y, "Y", "train")


@test_case(points=2, hidden=False, name="q6_train - stops at target_cost")
def public_target(train):
    check = gradecheck.Check()
    params, costs = _result(check, check.call(train, "train", X6.copy(), Y6.copy(), [2, 3, 1], learning_rate=0.5,
                                              num_iterations=1000, record_every=10, parameters=gradecheck.snapshot(P231),
                                              target_cost=0.12))
    _check_costs(check, costs, TARGET_COSTS, given_start=True)
    check.params(params, TARGET_PARAMS, what="the parameters when training stopped", rtol=1e-6, atol=1e-9,
                 hints={k: {ONE_MORE: v} for k, v in TARGET_PARAMS_ONE_MORE.items()})


@test_case(points=1, hidden=False, name="q6_train - starts from initialize_parameters(init, init_scale, seed)")
def public_fresh_start(train, initialize_parameters, model_forward, compute_cost):
    check = gradecheck.Check()
    for init, scale, seed in (("xavier", 1.0, 3), ("random", 0.5, 4)):
        params, costs = _result(check, check.call(train, "train", X6.copy(), Y6.copy(), [2, 4, 1], num_iterations=1,
                                                  init=init, init_scale=scale, seed=seed))
        start = check.call(initialize_parameters, "initialize_parameters", [2, 4, 1], method=init, scale=scale, seed=seed)
        AL, _ = check.returns(check.call(model_forward, "model_forward", X6.copy(), start), ("AL", "caches"))
        expected = check.call(compute_cost, "compute_cost", AL, Y6.copy())
        check.true(len(costs) == 1 and np.isclose(costs[0], expected, rtol=1e-9),
                   f"train(X, Y, [2, 4, 1], num_iterations=1, init={init!r}, init_scale={scale}, seed={seed}) recorded "
                   f"{gradecheck.show(list(costs))}; expected [the cost of initialize_parameters([2, 4, 1], method={init!r}, "
                   f"scale={scale}, seed={seed})] = [{expected!r}]",
                   "without `parameters`, train starts from initialize_parameters(layer_dims, method=init, "
                   "scale=init_scale, seed=seed)")


@test_case(points=3, hidden=True, name="q6_train - follows the reference's trajectory (L = 1, 2, 3; m = 1)")
def hidden_trajectory(train, ref, seed):
    check, rng = gradecheck.hidden_case(seed, "q6_trajectory")
    for depth, m, activation in ((1, 5, "tanh"), (2, 1, "tanh"), (3, 8, "relu")):
        dims = gradecheck.random_layer_dims(rng, depth, high=5)
        X, Y = gradecheck.random_data(rng, dims[0], m)
        start = gradecheck.random_parameters(rng, dims)
        rate = float(rng.uniform(0.05, 0.5))
        record_every = int(rng.randint(1, 8))
        iterations = int(rng.randint(15, 30))
        p = gradecheck.snapshot(start)
        params, costs = _result(check, check.call(train, "train", X.copy(), Y.copy(), dims, learning_rate=rate,
                                                  num_iterations=iterations, hidden_activation=activation,
                                                  record_every=record_every, parameters=p))
        ref_params, ref_costs = ref.train(X, Y, dims, learning_rate=rate, num_iterations=iterations,
                                          hidden_activation=activation, record_every=record_every, parameters=start)
        _, every = ref.train(X, Y, dims, learning_rate=rate, num_iterations=iterations + 1,
                             hidden_activation=activation, record_every=1, parameters=start)
        after = [every[i + 1] for i in range(0, iterations, record_every)]
        candidates = {AFTER_UPDATE: after}
        if activation != "tanh" and depth > 1:
            _, as_tanh = ref.train(X, Y, dims, learning_rate=rate, num_iterations=iterations, record_every=record_every,
                                   parameters=start)
            candidates["pass hidden_activation on to model_forward and model_backward"] = as_tanh
        _check_costs(check, costs, ref_costs, what=f"costs (L = {depth})", candidates=candidates, given_start=True)
        check.params(params, ref_params, what=f"the trained parameters (L = {depth})", rtol=1e-6, atol=1e-9)
        check.unchanged(start, p, "parameters", "train")


@test_case(points=2, hidden=True, name="q6_train - stops at target_cost like the reference")
def hidden_target(train, ref, seed):
    check, rng = gradecheck.hidden_case(seed, "q6_target")
    for depth in (1, 2):
        dims = gradecheck.random_layer_dims(rng, depth, low=2, high=5)
        X, Y = gradecheck.random_data(rng, dims[0], 6)
        start = gradecheck.random_parameters(rng, dims)
        _, every = ref.train(X, Y, dims, learning_rate=0.5, num_iterations=40, record_every=1, parameters=start)
        # stop between two iterations where the cost is strictly the lowest so far, half a step from both
        drops = [k for k in range(5, len(every)) if every[k] < min(every[:k]) - 1e-6]
        k = drops[int(rng.randint(len(drops)))] if drops else len(every) - 1
        target = 0.5 * (every[k] + min(every[:k])) if drops else -1.0
        record_every = int(rng.randint(3, 9))
        params, costs = _result(check, check.call(train, "train", X.copy(), Y.copy(), dims, learning_rate=0.5,
                                                  num_iterations=40, record_every=record_every,
                                                  parameters=gradecheck.snapshot(start), target_cost=target))
        ref_params, ref_costs = ref.train(X, Y, dims, learning_rate=0.5, num_iterations=40, record_every=record_every,
                                          parameters=start, target_cost=target)
        _check_costs(check, costs, ref_costs, what=f"costs with target_cost (L = {depth})", given_start=True)
        one_more, _ = ref.train(X, Y, dims, learning_rate=0.5, num_iterations=k + 1, record_every=1, parameters=start)
        check.params(params, ref_params, what=f"the parameters when training stopped (L = {depth})", rtol=1e-6, atol=1e-9,
                     hints={key: {ONE_MORE: value} for key, value in one_more.items()} if drops else None)


@test_case(points=1, hidden=True, name="q6_train - fresh initialization matches the reference")
def hidden_fresh_start(train, ref, seed):
    check, rng = gradecheck.hidden_case(seed, "q6_fresh")
    for init in ("random", "xavier", "he"):
        dims = [2, int(rng.randint(1, 5)), 1]
        X, Y = gradecheck.random_data(rng, 2, 5)
        kwargs = dict(learning_rate=float(rng.uniform(0.05, 0.5)), num_iterations=int(rng.randint(3, 12)), init=init,
                      init_scale=float(rng.choice([0.01, 0.5, 1.0])), seed=int(rng.randint(1000)), record_every=2)
        params, costs = _result(check, check.call(train, "train", X.copy(), Y.copy(), dims, **kwargs))
        ref_params, ref_costs = ref.train(X, Y, dims, **kwargs)
        _check_costs(check, costs, ref_costs, what=f"costs (init={init!r})")
        check.params(params, ref_params, what=f"the trained parameters (init={init!r})", rtol=1e-6, atol=1e-9)
