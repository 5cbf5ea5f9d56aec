"""Helpers the homework's tests use (public: you may read and use them too).

The tests in ``tests/`` call your functions through :class:`Check`, which turns every
problem into a message you can act on: the call, the shapes, what was expected and
what your code returned, and a hint when the mistake is a known one.

* :class:`Check` -- call a function and compare its results (arrays, floats, dicts of arrays).
* :func:`rel_error`, :func:`numerical_gradients`, :func:`check_gradients` -- the
  float64 centered-difference gradient check of *your own* ``model_forward`` and
  ``compute_cost`` against your ``model_backward``.
* :func:`gradient_hint` -- turns a wrong gradient into a hint ("divide by m", ...).
* :func:`describe_axes`, :func:`as_axes_description`, :func:`filled_region_values`,
  :func:`drawn_points` -- what a matplotlib Axes shows, as plain data (the tests look
  at what was drawn, never at pixels).
* :func:`global_reads` -- which functions read module-level variables.

Only numpy and matplotlib are needed. The helpers live in one module per job, all imported here (the
test files use only this package's names, e.g. ``gradecheck.Check``):

* ``values`` -- ``GradeFailure``, the hidden note, display of values and calls, snapshots, relative error;
* ``hints`` -- ``gradient_hint``: the known mistakes behind a wrong gradient;
* ``data`` -- seeded test data: ``case_rng``, ``random_parameters``, ``random_data``, ``random_layer_dims``;
* ``checks`` -- ``Check``, ``hidden_case``, ``check_settings``, ``check_costs``;
* ``gradients`` -- the numerical gradient check and ``forward_by_layers``;
* ``axes`` and ``plots`` -- ``describe_axes``, and the checks of a plot described as data;
* ``global_state``, ``random_state``, ``stubs`` -- source analysis: global state, NumPy's global random
  state, unfinished functions;
* ``api`` -- the API's constants (``INIT_METHODS``, ``ACTIVATIONS``), generated from the reference by the
  kit's ``sync``.
"""

from .api import ACTIVATIONS, INIT_METHODS  # noqa: F401 - re-exported: the test files use gradecheck's names
from .values import (  # noqa: F401 - re-exported: the test files use gradecheck's names
    HIDDEN_NOTE,
    _STUB_MESSAGE,
    not_implemented_message,
    GradeFailure,
    _fmt_array,
    show,
    describe_call,
    snapshot,
    same_value,
    _how_far,
    rel_error,
)
from .data import (  # noqa: F401 - re-exported: the test files use gradecheck's names
    case_rng,
    random_parameters,
    random_data,
    random_layer_dims,
)
from .hints import gradient_hint  # noqa: F401 - re-exported: the test files use gradecheck's names
from .checks import (  # noqa: F401 - re-exported: the test files use gradecheck's names
    Check,
    hidden_case,
    check_settings,
    check_costs,
    _where_raised,
    _layer_order,
)
from .gradients import (  # noqa: F401 - re-exported: the test files use gradecheck's names
    GRADIENT_TOLERANCE,
    numerical_gradients,
    check_gradients,
    _fixed_divisor_hint,
    forward_by_layers,
    _dims_of,
)
from .axes import (  # noqa: F401 - re-exported: the test files use gradecheck's names
    _rgba,
    _path,
    describe_axes,
)
from .plots import (  # noqa: F401 - re-exported: the test files use gradecheck's names
    as_axes_description,
    _finite,
    _monotone,
    filled_artist_problem,
    data_grid,
    _inside_compound,
    filled_region_values,
    _cell_lookup,
    filled_artists,
    check_filled_regions,
    _style_key,
    drawn_points,
    check_points_drawn,
)
from .global_state import (  # noqa: F401 - re-exported: the test files use gradecheck's names
    _CONSTANT_TYPES,
    _is_constant_value,
    _is_table_value,
    _is_allowed_value,
    _constant_expression,
    _MUTATORS,
    _root_name,
    _mutated_names,
    _table_expression,
    _is_constant_name,
    _module_bindings,
    _SETTING_NAME,
    _names_a_setting,
    _M_NAMES,
    _LIKE,
    _from_arguments,
    _pass_it_in,
    _enclosing_function_name,
    global_reads,
    _statement_problems,
    _walk_reads,
)
from .random_state import _OWN_GENERATORS, global_random_calls  # noqa: F401 - re-exported
from .stubs import unimplemented  # noqa: F401 - re-exported: the test files use gradecheck's names

__all__ = [
    "GradeFailure",
    "Check",
    "hidden_case",
    "snapshot",
    "same_value",
    "rel_error",
    "numerical_gradients",
    "check_gradients",
    "forward_by_layers",
    "gradient_hint",
    "describe_axes",
    "as_axes_description",
    "filled_region_values",
    "drawn_points",
    "check_filled_regions",
    "check_points_drawn",
    "global_reads",
    "unimplemented",
    "not_implemented_message",
    "global_random_calls",
    "case_rng",
    "random_parameters",
    "random_data",
    "random_layer_dims",
    "GRADIENT_TOLERANCE",
    "INIT_METHODS",
    "ACTIVATIONS",
    "check_settings",
    "check_costs",
]
