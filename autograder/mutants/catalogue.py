"""The catalogue of known mistakes: each defined once, by id, with its edits of the reference and one line.

The sample class (:mod:`autograder.sample_class`) builds its mutant students from it, and
``tests/autograder/questions/test_questions.py`` checks, for each id it lists, which cases must fail with which
hint. A few entries are correct variants a student may well write ("allowed: must pass");
the last ones are hostile behaviours (exits, crashes, hangs, floods, attacks) the grader
must survive. An edit that stops fitting the reference raises :class:`MutationError`
naming the id to update here.
"""

from dataclasses import dataclass

from .attacks import FIND_REFERENCE, PATCH_NUMPY
from .engine import Append, Inject, MutationError, Remove, Replace, apply


@dataclass(frozen=True)
class Mistake:
    """One known mistake: ``id``, a one-line ``description`` and its ``edits`` (applied in order)."""

    id: str
    description: str
    edits: tuple

    def source(self, reference):
        """The reference's text (``str``) with this mistake made."""
        try:
            return apply(reference, self.edits)
        except MutationError as error:
            where = f"update the mistake {self.id!r} in autograder/mutants/catalogue.py"
            raise MutationError(f"{error} ({where})") from None


def _mistake(id_, description, *edits):
    return Mistake(id_, description, tuple(edits))


DW_NOT_DIVIDED_BY_M = (Replace("dW = dZ @ A_prev.T / m", "dW = dZ @ A_prev.T"),)


def _importing(module):
    """An edit adding ``import module`` above numpy's import."""
    return Replace("import numpy as np\n", f"import {module}\n\nimport numpy as np\n")


_CATALOGUE = [
    # -------------------------------------------------------------- mistakes in the API's functions
    _mistake('dw_not_divided_by_m', 'layer_backward: dW = dZ A_prev^T (no / m)',
            *DW_NOT_DIVIDED_BY_M),
    _mistake('db_wrong_shape', 'layer_backward: db summed over axis 0, shape (1, m)',
            Replace('db = np.sum(dZ, axis=1, keepdims=True) / m', 'db = np.sum(dZ, axis=0, keepdims=True) / m')),
    _mistake('dw_transposed', 'dW transposed',
            Replace('    dW = dZ @ A_prev.T / m',
                    '    dW = (dZ @ A_prev.T / m).T')),
    _mistake('tanh_sigmoid_derivative', 'activation_backward: tanh layer uses the sigmoid derivative',
            Replace('return dA * (1.0 - np.tanh(Z) ** 2)',
                    's = activation_forward(Z, "sigmoid")\n        return dA * s * (1.0 - s)')),
    _mistake('al_clipped_in_place', 'AL clipped in place',
            Replace('    clipped = np.clip(AL, EPSILON, 1.0 - EPSILON)\n',
                    '    clipped = np.clip(AL, 0.3, 0.7, out=AL)\n')),
    _mistake('da_prev_divided_by_m', 'dA_prev divided by m',
            Replace('    dA_prev = W.T @ dZ\n',
                    '    dA_prev = W.T @ dZ / m\n')),
    _mistake('params_in_place', 'update_parameters changes parameters in place',
            Replace('new_parameters[name] = value - learning_rate * grad',
                    'parameters[name] -= learning_rate * grad\n            new_parameters[name] = parameters[name]')),
    _mistake('update_climbs_the_gradient', 'update climbs the gradient',
            Replace('            new_parameters[name] = value - learning_rate * grad',
                    '            new_parameters[name] = value + learning_rate * grad')),
    _mistake('b_never_updated', 'b never updated',
            Replace('        for name in (f"W{l}", f"b{l}"):',
                    '        for name in (f"W{l}",):'),
            Replace('    new_parameters = {}\n',
                    '    new_parameters = {k: np.array(v) for k, v in parameters.items()}\n')),
    _mistake('cost_not_averaged', 'cost not averaged',
            Replace('    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1.0 - AL)) / m',
                    '    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1.0 - AL))')),
    _mistake('cost_without_the_1_minus_y_term', 'cost without the (1 - Y) term',
            Replace('    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1.0 - AL)) / m',
                    '    cost = -np.sum(Y * np.log(AL)) / m')),
    _mistake('cost_with_log10', 'cost with log10',
            Replace('    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1.0 - AL)) / m',
                    '    cost = -np.sum(Y * np.log10(AL) + (1 - Y) * np.log10(1.0 - AL)) / m')),
    _mistake('cost_returned_as_an_array', 'cost returned as an array',
            Replace('    return float(cost)',
                    '    return np.array([[cost]])')),
    _mistake('output_layer_uses_the_hidden_activation', 'output layer uses the hidden activation',
            Replace('        A, cache = layer_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], activation)',
                    '        A, cache = layer_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], '
                    'hidden_activation)')),
    _mistake('predict_with_greater_or_equal', 'predict with >=',
            Replace('    return (AL > threshold).astype(np.int64)',
                    '    return (AL >= threshold).astype(np.int64)')),
    _mistake('predict_ignores_the_threshold', 'predict ignores the threshold',
            Replace('    return (AL > threshold).astype(np.int64)',
                    '    return (AL > 0.5).astype(np.int64)')),
    _mistake('predict_ignores_hidden_activation', 'predict ignores hidden_activation',
            Replace('    AL, _ = model_forward(X, parameters, hidden_activation)\n    return (AL > threshold)',
                    '    AL, _ = model_forward(X, parameters)\n    return (AL > threshold)')),
    _mistake('predict_returns_floats', 'predict returns floats',
            Replace('    return (AL > threshold).astype(np.int64)',
                    '    return (AL > threshold) * 1.0')),
    _mistake('train_records_after_the_update', 'train records after the update',
            Replace('        recorded = i % record_every == 0',
                    '        recorded = (i + 1) % record_every == 0')),
    _mistake('train_records_the_cost_after_the_update', 'train records the cost after the update',
            Replace('        if recorded:\n            costs.append(cost)\n',
                    ''),
            Replace('        parameters = update_parameters(parameters, grads, learning_rate)\n',
                    '        parameters = update_parameters(parameters, grads, learning_rate)\n'
                    '        if recorded:\n'
                    '            costs.append(compute_cost(model_forward(X, parameters, hidden_activation)[0], Y))\n')),
    _mistake('train_updates_once_more_before_stopping', 'train updates once more before stopping',
            Replace('            break\n        grads = model_backward(AL, Y, caches, hidden_activation)\n'
                    '        parameters = update_parameters(parameters, grads, learning_rate)\n',
                    '            parameters = update_parameters(parameters, model_backward(AL, Y, caches, hidden_activation), '
                    'learning_rate)\n            break\n        grads = model_backward(AL, Y, caches, hidden_activation)\n'
                    '        parameters = update_parameters(parameters, grads, learning_rate)\n')),
    _mistake('train_ignores_the_given_parameters', 'train ignores the given parameters',
            Replace('    if parameters is None:\n        parameters = initialize_parameters(',
                    '    if True:\n        parameters = initialize_parameters(')),
    _mistake('global_random_state_used', 'global random state used',
            Replace('    rng = np.random.RandomState(seed)\n    parameters = {}\n',
                    '    np.random.seed(seed)\n    rng = np.random\n    parameters = {}\n')),
    _mistake('xavier_scaled_by_the_layers_own_size', "xavier scaled by the layer's own size",
            Replace('            W = rng.randn(*shape) * np.sqrt(gain / dims[l - 1])',
                    '            W = rng.randn(*shape) * np.sqrt(gain / dims[l])')),
    _mistake('model_forward_returns_only_al', 'model_forward returns only AL',
            Replace('    return A, caches\n',
                    '    return A\n')),
    _mistake('layer_forward_returns_a_list', 'layer_forward returns a list (allowed: must pass)',
            Replace('    return A, (A_prev, W, b, Z)\n',
                    '    return [A, (A_prev, W, b, Z)]\n')),
    _mistake('grads_keep_da_too', 'grads keep dA too (allowed: must pass)',
            Replace('        dA, grads[f"dW{l}"], grads[f"db{l}"] = layer_backward(dA, caches[l - 1], activation)',
                    '        dA, grads[f"dW{l}"], grads[f"db{l}"] = layer_backward(dA, caches[l - 1], activation)\n'
                    '        grads[f"dA{l - 1}"] = dA')),
    _mistake('train_ignores_hidden_activation', 'train ignores hidden_activation',
            Replace('        AL, caches = model_forward(X, parameters, hidden_activation)\n        cost = compute_cost(AL, Y)\n',
                    '        AL, caches = model_forward(X, parameters)\n        cost = compute_cost(AL, Y)\n'),
            Replace('        grads = model_backward(AL, Y, caches, hidden_activation)\n        parameters = update_parameters(',
                    '        grads = model_backward(AL, Y, caches)\n        parameters = update_parameters(')),
    _mistake('train_ignores_target_cost', 'train ignores target_cost',
            Replace('        if target_cost is not None and cost < target_cost:',
                    '        if False:')),
    _mistake('train_ignores_init_init_scale_and_seed', 'train ignores init, init_scale and seed',
            Replace('        parameters = initialize_parameters(dims, method=init, scale=init_scale, seed=seed)',
                    '        parameters = initialize_parameters(dims)')),
    _mistake('zeros_that_are_not_zeros', 'zeros that are not zeros',
            Replace('            W = np.zeros(shape)',
                    '            W = rng.randn(*shape) * 0.01')),
    _mistake('module_level_list_of_costs', 'a module-level list of costs',
            Replace('EPSILON = 1e-15\n',
                    'EPSILON = 1e-15\n_HISTORY = []\n'),
            Replace('    costs = []\n',
                    '    costs = _HISTORY\n')),
    _mistake('global_statement', 'a global statement',
            Append('_original_fast = fast_settings\n\n\ndef fast_settings():\n    global _CALLS\n    _CALLS = 1\n'
                   '    return _original_fast()\n')),
    _mistake('decks_m_35_in_compute_cost', "the deck's m = 35 in compute_cost",
            Replace('EPSILON = 1e-15\n',
                    'EPSILON = 1e-15\nm = 35\n'),
            Replace('    m = Y.shape[1]\n    AL = np.clip',
                    '    AL = np.clip')),
    _mistake('decks_m_renamed_upper_case_in_layer_backward', "the deck's m renamed M = 35 in layer_backward",
            Replace('EPSILON = 1e-15\n',
                    'EPSILON = 1e-15\nM = 35\n'),
            Replace('    m = A_prev.shape[1]\n',
                    '    m = M\n')),
    _mistake('decks_learning_rate_and_num_iterations_in_train', "the deck's LEARNING_RATE and NUM_ITERATIONS in train",
            Replace('EPSILON = 1e-15\n',
                    'EPSILON = 1e-15\nLEARNING_RATE = 0.01\nNUM_ITERATIONS = 100\n'),
            Replace('        parameters = update_parameters(parameters, grads, learning_rate)\n',
                    '        parameters = update_parameters(parameters, grads, LEARNING_RATE + 0 * NUM_ITERATIONS + '
                    'learning_rate - LEARNING_RATE)\n')),
    _mistake('own_helper_takes_m_as_a_parameter', "a helper of one's own takes m as a parameter (allowed)",
            Replace('    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1.0 - AL)) / m',
                    '    cost = _average(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1.0 - AL)), m)'),
            Append('def _average(total, m):\n    return total / m\n')),
    _mistake('model_forward_leaves_out_the_last_cache', 'model_forward leaves out the last cache',
            Replace('        caches.append(cache)\n',
                    '        if l < L:\n            caches.append(cache)\n')),
    _mistake('layer_forward_returns_z', 'layer_forward returns Z (model_backward is not blamed)',
            Replace('    A = activation_forward(Z, activation)\n',
                    '    A = Z + 0 * activation_forward(Z, activation)\n')),
    _mistake('sweep_keyed_by_strings', 'sweep keyed by strings',
            Replace('        results[learning_rate] = compute_cost(AL, Y)',
                    '        results[str(learning_rate)] = compute_cost(AL, Y)')),
    _mistake('missing_function', 'predict was deleted', Remove('predict')),
    _mistake('decision_boundary_without_a_title', 'decision boundary without a title',
            Replace('    ax.set_title(f"Decision boundary, L = {L}")',
                    '    pass')),
    _mistake('both_classes_drawn_alike', 'both classes drawn alike',
            Replace('    for cls, colour, marker in ((0, "#1f77b4", "o"), (1, "#ff7f0e", "^")):',
                    '    for cls, colour, marker in ((0, "#1f77b4", "o"), (1, "#1f77b4", "o")):')),
    _mistake('regions_transposed', 'regions transposed',
            Replace('    Z = predict(points, parameters, hidden_activation).reshape(xx.shape)',
                    '    Z = predict(points, parameters, hidden_activation).reshape(xx.shape).T')),
    _mistake('no_regions_at_all', 'no regions at all',
            Replace('    ax.contourf(xx, yy, Z, levels=[-0.5, 0.5, 1.5], colors=["#9ecae1", "#fdd0a2"], alpha=0.8)',
                    '    pass')),
    _mistake('imshow_upside_down', 'imshow upside down',
            Replace('    ax.contourf(xx, yy, Z, levels=[-0.5, 0.5, 1.5], colors=["#9ecae1", "#fdd0a2"], alpha=0.8)',
                    '    ax.imshow(Z, extent=(xx.min(), xx.max(), yy.min(), yy.max()), aspect="auto", alpha=0.8)')),
    _mistake('regions_over_the_wrong_range', 'regions over the wrong range',
            Replace('    xx, yy, points = grid_over(X)\n',
                    '    xx, yy, points = grid_over(X / 4)\n')),
    _mistake('relu_derivative_1_at_zero', 'relu derivative 1 at zero (allowed: must pass)',
            Replace('    return dA * (Z > 0)',
                    '    return dA * (Z >= 0)')),
    _mistake('cost_curve_against_the_index', 'cost curve against the index (allowed: must pass)',
            Replace('    iterations = np.arange(len(costs)) * record_every',
                    '    iterations = np.arange(len(costs))')),
    _mistake('cost_curve_drawn_backwards', 'cost curve drawn backwards',
            Replace('    iterations = np.arange(len(costs)) * record_every',
                    '    iterations = -np.arange(len(costs)) * record_every')),
    _mistake('decks_slow_settings', "the deck's slow settings",
            Append('def fast_settings():\n    return {"init": "random", "init_scale": 0.01, "learning_rate": 0.01}\n')),
    _mistake('circles_without_a_hidden_layer', 'circles without a hidden layer',
            Append('def circles_settings():\n    return {"layer_dims": [2, 1], "learning_rate": 0.5, "num_iterations": 300, '
                   '"init": "xavier", "init_scale": 1.0, "hidden_activation": "tanh"}\n')),

    # -------------------------------------------------------------- hostile or broken submissions
    _mistake("import_error", "a top-level experiment that raises at import",
             Append("# my experiment\nparameters, costs = train(X, Y, [2, 3, 1])\n")),
    _mistake("calls_sys_exit", "compute_cost calls sys.exit()", _importing("sys"), Inject("compute_cost", "sys.exit(0)")),
    _mistake("calls_os_exit", "predict calls os._exit(0)", _importing("os"), Inject("predict", "os._exit(0)")),
    _mistake("infinite_loop", "learning_rate_sweep loops forever (forgot i += 1)",
             Inject("learning_rate_sweep", "i = 0\nwhile i < len(list(learning_rates)):\n"
                                           "    rate = list(learning_rates)[i]  # forgot i += 1")),
    _mistake("memory_hog", "predict allocates a huge array", Inject("predict", "waste = np.ones((200000, 200000))")),
    _mistake("output_flood", "plot_decision_boundary prints without end",
             Inject("plot_decision_boundary", "while True:\n    print('debugging ' * 100)")),
    _mistake("crashes_worker", "layer_backward kills its own process with SIGSEGV",
             Replace("import numpy as np\n", "import os\nimport signal\n\nimport numpy as np\n"),
             Inject("layer_backward", "os.kill(os.getpid(), signal.SIGSEGV)")),
    _mistake("attack_patch_numpy", "dw_not_divided_by_m + replaces numpy's comparison functions",
             *DW_NOT_DIVIDED_BY_M, Append(PATCH_NUMPY)),
    _mistake("attack_find_reference", "dw_not_divided_by_m + searches the disk and sys.modules for the reference",
             *DW_NOT_DIVIDED_BY_M, Append(FIND_REFERENCE)),
]

#: id -> Mistake, in the catalogue's order.
MISTAKES = {mistake.id: mistake for mistake in _CATALOGUE}
if len(MISTAKES) != len(_CATALOGUE):
    raise RuntimeError("two mistakes of autograder/mutants/catalogue.py share an id")


def mutant_source(mistake_id, reference):
    """The reference's text with the mistake ``mistake_id`` made (KeyError names an unknown id)."""
    try:
        mistake = MISTAKES[mistake_id]
    except KeyError:
        raise KeyError(f"no mistake {mistake_id!r} in autograder/mutants/catalogue.py") from None
    return mistake.source(reference)
