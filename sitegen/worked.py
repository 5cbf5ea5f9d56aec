"""A worked numeric example: a 2-2-1 network on 2 examples, every number computed by the reference at build time.

:func:`worked_numbers` runs the reference's public functions (``layer_forward``,
``compute_cost``, ``layer_backward``) and ``activation_backward`` on the inputs below and returns every array by
name; :func:`render_worked` writes them as a snippet (``numbers/worked.md``) the
equations page includes. ``tests/sitegen/test_site.py::test_worked_example_numbers_equal_the_reference_s`` recomputes them from the reference
and compares with the built page.
"""

from . import style
from .training import reference

#: The inputs (chosen here, public): x(1) = (1, 2), x(2) = (3, -1), labels 1 and 0.
X = [[1.0, 3.0], [2.0, -1.0]]
Y = [[1, 0]]
PARAMETERS = {
    "W1": [[0.1, -0.2], [0.3, 0.4]],
    "b1": [[0.0], [0.1]],
    "W2": [[0.5, -0.6]],
    "b2": [[0.2]],
}
#: The entry of one parameter the gradient check row perturbs, and epsilon.
CHECK_ENTRY = ("W1", 0, 1)
EPSILON = 1e-4
DIGITS = 4


def _forward_rows(l, previous, activation, shown=""):
    """Layer ``l``'s forward rows: Z[l] from ``previous`` (how the site writes A[l-1]), then A[l] = activation(Z[l])."""
    return [(f"Z{l}", f"Z^{{[{l}]}}", f"W^{{[{l}]}} {previous} + b^{{[{l}]}}"),
            (f"A{l}", f"A^{{[{l}]}}{shown}", f"{activation}(Z^{{[{l}]}})")]


def _gradient_rows(l, previous_T):
    """Layer ``l``'s parameter gradients from dZ[l]; ``previous_T`` is how the site writes A[l-1] transposed."""
    return [(f"dW{l}", f"dW^{{[{l}]}}", f"\\tfrac{{1}}{{m}} dZ^{{[{l}]}} {previous_T}"),
            (f"db{l}", f"db^{{[{l}]}}", f"\\tfrac{{1}}{{m}} \\sum_i dZ^{{[{l}]}}")]


#: (name, how the site writes it, formula) in the order of one training step.
ROWS = (
    _forward_rows(1, "X", "\\tanh")
    + _forward_rows(2, "A^{[1]}", "\\sigma", " = \\hat{Y}")
    + [("J", "J", "-\\tfrac{1}{m}\\sum_i \\big(y \\log a + (1-y)\\log(1-a)\\big)"),
       ("dZ2", "dZ^{[2]}", "A^{[2]} - Y")]
    + _gradient_rows(2, "A^{[1]T}")
    + [("dA1", "dA^{[1]}", "W^{[2]T} dZ^{[2]}"),
       ("dZ1", "dZ^{[1]}", "dA^{[1]} \\ast (1 - A^{[1]2})")]
    + _gradient_rows(1, "X^T")
)


def inputs():
    import numpy as np

    return np.array(X), np.array(Y), {name: np.array(value) for name, value in PARAMETERS.items()}


def worked_numbers(ref):
    """{name: ndarray} for every row of :data:`ROWS`, plus the gradient check (``check``: numerical, analytic, relative error)."""
    import numpy as np

    X_, Y_, params = inputs()
    A1, cache1 = ref.layer_forward(X_, params["W1"], params["b1"], "tanh")
    A2, cache2 = ref.layer_forward(A1, params["W2"], params["b2"], "sigmoid")
    cost = ref.compute_cost(A2, Y_)
    dA2 = -(Y_ / A2 - (1 - Y_) / (1 - A2))
    dA1, dW2, db2 = ref.layer_backward(dA2, cache2, "sigmoid")
    dA0, dW1, db1 = ref.layer_backward(dA1, cache1, "tanh")
    found = {
        "Z1": cache1[3], "A1": A1, "Z2": cache2[3], "A2": A2, "J": np.array([[cost]]),
        "dZ2": ref.activation_backward(dA2, cache2[3], "sigmoid"), "dW2": dW2, "db2": db2, "dA1": dA1, "dZ1": ref.activation_backward(dA1, cache1[3], "tanh"), "dW1": dW1, "db1": db1,
    }
    name, i, j = CHECK_ENTRY

    def cost_with(shift):
        shifted = {key: value.copy() for key, value in params.items()}
        shifted[name][i, j] += shift
        AL, _ = ref.model_forward(X_, shifted)
        return ref.compute_cost(AL, Y_)

    numerical = (cost_with(EPSILON) - cost_with(-EPSILON)) / (2 * EPSILON)
    analytic = float(found[f"d{name}"][i, j])
    found["check"] = np.array([[numerical, analytic, abs(numerical - analytic) / (abs(numerical) + abs(analytic))]])
    return found


def number(value):
    return f"{value:.{DIGITS}f}".replace("-0.0000", "0.0000")


def matrix(array):
    """LaTeX of an array: a bmatrix of its entries to DIGITS places."""
    rows = [" & ".join(number(v) for v in row) for row in array]
    return "\\begin{bmatrix} " + " \\\\ ".join(rows) + " \\end{bmatrix}"


def render_worked(results):
    ref = reference()
    X_, Y_, params = inputs()
    found = worked_numbers(ref)
    lines = [
        "The inputs: two examples as columns, their labels, and the parameters:",
        "",
        f"$$X = {matrix(X_)}, \\quad Y = \\begin{{bmatrix}} {' & '.join(str(v) for v in Y_[0])} \\end{{bmatrix}}$$",
        "",
        f"$$W^{{[1]}} = {matrix(params['W1'])}, \\quad b^{{[1]}} = {matrix(params['b1'])}$$",
        "",
        f"$$W^{{[2]}} = {matrix(params['W2'])}, \\quad b^{{[2]}} = {matrix(params['b2'])}$$",
        "",
        "Every number below was computed by the homework's reference implementation when this site was built "
        f"(rounded to {DIGITS} places).",
        "",
    ]
    for name, tex, formula in ROWS:
        value = found[name]
        shown = number(float(value[0, 0])) if name == "J" else matrix(value)
        lines += [f'<div class="worked-row" data-name="{name}" markdown>', "", f"$${tex} = {formula} = {shown}$$", "", "</div>", ""]
    numerical, analytic, error = found["check"][0]
    name, i, j = CHECK_ENTRY
    table = style.markdown_table(
        ["parameter entry", "numerical $\\frac{J(\\theta+\\varepsilon) - J(\\theta-\\varepsilon)}{2\\varepsilon}$", "backprop", "relative error"],
        [(f"$W^{{[1]}}_{{{i + 1}{j + 1}}}$, ε = {EPSILON:g}", f"{numerical:.8f}", f"{analytic:.8f}", f"{error:.1e}")],
    )
    lines += ["One row of a gradient check: perturb one entry of $W^{[1]}$ by ±ε, recompute the cost, and compare "
              "with backpropagation's value:", "", '<div class="worked-row" data-name="check" markdown>', "", table, "</div>", ""]
    return {"snippets/numbers/worked.md": "\n".join(lines).encode()}
