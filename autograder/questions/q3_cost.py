"""q3_cost: compute_cost (cross-entropy averaged over m, a Python float, finite at AL = 0 or 1)."""

import numpy as np
from otter.test_files import test_case

import gradecheck

OK_FORMAT = False

name = "q3_cost"

AL5 = np.array([[0.9, 0.2, 0.6, 0.35, 0.5]])
Y5 = np.array([[1, 0, 1, 0, 1]])
COST_5 = 0.3926519574780853
COST_1 = 1.3862943611198906  # compute_cost([[0.25]], [[1]])
COST_5_ONLY_Y_TERM = 0.26186666399675246  # -(1/m) sum(Y log AL): the (1 - Y) log(1 - AL) term forgotten


@test_case(points=3, hidden=False, name="q3_cost - values")
def public_values(compute_cost):
    check = gradecheck.Check()
    AL, Y = AL5.copy(), Y5.copy()
    cost = check.call(compute_cost, "compute_cost", AL, Y)
    check.number(cost, COST_5, "the cost", hint=_cost_hint(cost, COST_5, 5, COST_5_ONLY_Y_TERM))
    check.unchanged(AL5, AL, "AL", "compute_cost")
    check.unchanged(Y5, Y, "Y", "compute_cost")
    cost = check.call(compute_cost, "compute_cost", np.array([[0.25]]), np.array([[1]]))
    check.number(cost, COST_1, "the cost", hint=_cost_hint(cost, COST_1, 1))


def _cost_hint(got, expected, m, only_y_term=None, show=True):
    try:
        got = float(got)
    except (TypeError, ValueError):
        return None
    if m > 1 and np.isclose(got, expected * m):
        return "divide the sum by m: the cost is the average over the examples"
    wrong_m = _fixed_divisor(got, expected, m, show)
    if wrong_m:
        return wrong_m
    if np.isclose(got, -expected):
        return "mind the minus sign: J = -(1/m) * sum(Y log(AL) + (1 - Y) log(1 - AL))"
    if np.isclose(got, expected / np.log(10)):
        return "use the natural logarithm np.log, not np.log10"
    if only_y_term is not None and np.isclose(got, only_y_term):
        return "the (1 - Y) log(1 - AL) term is missing: the examples with label 0 count too"
    return "J = -(1/m) * sum(Y log(AL) + (1 - Y) log(1 - AL)), with both terms"


def _fixed_divisor(got, expected, m, show=True):
    """The hint when got * m_used == expected * m for a whole number m_used other than this call's m:
    the sum was divided by a fixed number (a module-level m = 35 ...), not by the m of this call's Y."""
    if not (np.isfinite(got) and got > 0 and expected > 0):
        return None
    m_used = expected * m / got
    if not (1.5 <= m_used <= 1e6 and np.isclose(m_used, round(m_used), rtol=1e-6, atol=0)) or round(m_used) == m:
        return None
    shown = f" (by {round(m_used)} here, where Y has m = {m} columns)" if show else ""
    return (f"you divided the sum by the wrong m{shown}: compute m inside compute_cost from its own input, "
            "m = Y.shape[1], for every call (not a number fixed at module level or from the lecture's data)")


@test_case(points=2, hidden=False, name="q3_cost - finite where AL is exactly 0 or 1")
def public_extremes(compute_cost):
    check = gradecheck.Check()
    with np.errstate(all="ignore"):
        perfect = check.call(compute_cost, "compute_cost", np.array([[1.0, 0.0, 1.0]]), np.array([[1, 0, 1]]))
        check.number(perfect, 0.0, "the cost of perfect predictions", atol=1e-6,
                     hint="clip AL to [eps, 1 - eps] (e.g. eps = 1e-15) before the logarithms: 0 * log(0) is nan in numpy")
        worst = check.call(compute_cost, "compute_cost", np.array([[0.0, 1.0]]), np.array([[1, 0]]))
    check.true(isinstance(worst, float), f"{check.last_call} must return a Python float, got {type(worst).__name__}",
               "convert with float(...)")
    check.true(np.isfinite(worst), f"{check.last_call} is {worst!r}: the cost must stay finite",
               "clip AL to [eps, 1 - eps] (e.g. eps = 1e-15) before the logarithms")
    if not worst > 10:
        with np.errstate(all="ignore"):
            # the cost of the two examples together is the average of their own costs, not their sum
            first = check.call(compute_cost, "compute_cost", np.array([[0.0]]), np.array([[1]]))
            second = check.call(compute_cost, "compute_cost", np.array([[1.0]]), np.array([[0]]))
        if all(isinstance(c, float) and c > 0 for c in (first, second)) and np.isclose(worst, first + second, rtol=1e-6):
            check.fail(f"compute_cost(array([[0., 1.]]), array([[1, 0]])) is {float(worst)!r}, the sum of the costs of "
                       f"its two examples alone ({first!r} and {second!r}), not their average",
                       "you divided the sum by the wrong m: compute m inside compute_cost from its own input, "
                       "m = Y.shape[1], for every call (not a number fixed at module level or from the lecture's data)")
    check.true(worst > 10, f"compute_cost(array([[0., 1.]]), array([[1, 0]])) should be large (a confident wrong answer), "
               f"got {float(worst)!r}", "clip AL to [eps, 1 - eps] with a tiny eps such as 1e-15, not a large one")


@test_case(points=3, hidden=True, name="q3_cost - matches the reference (m = 1 and more)")
def hidden_reference(compute_cost, ref, seed):
    check, rng = gradecheck.hidden_case(seed, "q3_cost")
    for m in (1, 2, 9, 40):
        AL = rng.uniform(0.02, 0.98, size=(1, m))
        Y = (rng.rand(1, m) > 0.5).astype(np.int64)
        a, y = AL.copy(), Y.copy()
        cost = check.call(compute_cost, "compute_cost", a, y)
        expected = ref.compute_cost(AL, Y)
        only_y = -float(np.sum(Y * np.log(AL))) / m
        check.number(cost, expected, f"the cost (m = {m})", rtol=1e-9, hint=_cost_hint(cost, expected, m, only_y, show=False))
        check.unchanged(AL, a, "AL", "compute_cost")
