"""Tiny question files for the tests that grade end to end (fast: no plots, a few cases).

The cases several test files grade with are written once here; a test file builds its own
question set from them (``question``) and writes it into a folder the engine takes as
``questions_dir`` (``write_questions``).
"""

import textwrap
from string import Template

HEADER = '''
import numpy as np
from otter.test_files import test_case
'''

#: ``initialize_parameters`` gives W1 the shape (3, 2) for layer sizes [2, 3, 1] (public).
SHAPES = '''
@test_case(points=$points, hidden=False, name="$qid - shapes")
def public_shapes(initialize_parameters):
    p = initialize_parameters([2, 3, 1])
    assert p["W1"].shape == (3, 2), f"W1 has shape {p['W1'].shape}, expected (3, 2)"
'''

#: ``compute_cost`` of two examples predicted at 0.5 is log 2 (public).
COST = '''
@test_case(points=$points, hidden=False, name="$qid - cost")
def public_cost(compute_cost):
    cost = compute_cost(np.array([[0.5, 0.5]]), np.array([[0, 1]]))
    assert abs(cost - np.log(2)) < 1e-12, f"compute_cost gave {cost}, expected {np.log(2)}"
'''

#: ``layer_backward`` (tanh) against the reference on inputs drawn from the seed (hidden).
BACKWARD = '''
@test_case(points=$points, hidden=True, name="$qid - backward matches the reference")
def hidden_backward(layer_backward, ref, seed):
    rng = np.random.RandomState(seed)
    A_prev, W, b, dA = rng.randn(3, 4), rng.randn(2, 3), rng.randn(2, 1), rng.randn(2, 4)
    _, cache = ref.layer_forward(A_prev, W, b, "tanh")
    got = layer_backward(dA, cache, "tanh")
    expected = ref.layer_backward(dA, cache, "tanh")
    for g, e, what in zip(got, expected, ("dA_prev", "dW", "db")):
        assert np.shape(g) == e.shape and np.allclose(g, e), f"{what} differs from the reference"
'''


def case(template, qid, points):
    """One test case of question ``qid`` worth ``points``, from ``SHAPES``, ``COST``, ``BACKWARD`` or a case of the
    caller's written the same way (``$qid`` and ``$points`` in its decorator)."""
    return Template(textwrap.dedent(template)).substitute(qid=qid, points=points)


def question(qid, *cases, imports=""):
    """The text of test file ``qid``: the header, ``imports`` (extra lines), ``name = qid`` and the ``cases``
    (each from :func:`case`, or a case's own text), a blank line before each."""
    return HEADER + textwrap.dedent(imports) + f'\nname = "{qid}"\n' + "".join("\n" + textwrap.dedent(text).lstrip("\n") for text in cases)


def write_questions(folder, questions):
    """Write ``questions`` ({qid: text}, in order) into ``folder`` (made if missing) with its ``__init__.py``
    (``QUESTION_IDS``); returns ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "__init__.py").write_text(f"QUESTION_IDS = {list(questions)!r}\n")
    for qid, text in questions.items():
        (folder / f"{qid}.py").write_text(text)
    return folder
