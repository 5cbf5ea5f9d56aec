"""The bundled sample class: realistic mistakes and hostile submissions, generated from the reference.

``write_sample_class(dest)`` writes every submission into ``dest`` (one file per student)
and returns their paths; ``python -m autograder.grade.sample_class DEST`` does the same from
a shell. The mutants are made by text replacement in ``solutions/deepnn.py`` (so they follow
the reference when it changes); the few static submissions live in ``examples/sample_class/``.

``SAMPLE_CLASS`` describes each student: what the submission does and what the grader must
make of it (used by the tests and shown by the demo).
"""

import ast
import io
import json
import sys
import zipfile
from pathlib import Path

from .. import COURSE_DIR, KIT_ROOT, SOLUTIONS_DIR

EXAMPLES_DIR = KIT_ROOT / "examples" / "sample_class"


def _replace(source, old, new):
    count = source.count(old)
    if count != 1:
        raise ValueError(f"the reference changed: {old!r} occurs {count} times (update autograder/grade/sample_class.py)")
    return source.replace(old, new)


def _function(tree, name):
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return node
    raise ValueError(f"the reference has no function {name!r} (update autograder/grade/sample_class.py)")


def inject(source, function, code):
    """Insert ``code`` (lines, unindented) at the start of ``function``'s body, after its docstring."""
    tree = ast.parse(source)
    node = _function(tree, function)
    first = node.body[0]
    has_doc = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)
    anchor = node.body[1] if has_doc and len(node.body) > 1 else first
    lines = source.splitlines(keepends=True)
    indent = lines[anchor.lineno - 1][: len(lines[anchor.lineno - 1]) - len(lines[anchor.lineno - 1].lstrip())]
    insert = "".join(indent + line + "\n" for line in code.strip("\n").splitlines())
    at = (node.body[0].end_lineno) if has_doc else anchor.lineno - 1
    return "".join(lines[:at]) + insert + "".join(lines[at:])


def remove_function(source, function):
    tree = ast.parse(source)
    node = _function(tree, function)
    lines = source.splitlines(keepends=True)
    return "".join(lines[: node.lineno - 1]) + "".join(lines[node.end_lineno:])


# --------------------------------------------------------------------------- the attacks

PATCH_NUMPY = '''

# --- attack: make every comparison succeed (the grader compares in its own process)
import numpy as _np
import numpy.testing as _npt
_np.allclose = lambda *args, **kwargs: True
_np.isclose = lambda a, b, *args, **kwargs: _np.ones(_np.broadcast(_np.asarray(a), _np.asarray(b)).shape, dtype=bool)
_np.array_equal = lambda *args, **kwargs: True
_npt.assert_allclose = lambda *args, **kwargs: None
_npt.assert_array_equal = lambda *args, **kwargs: None
_npt.assert_array_almost_equal = lambda *args, **kwargs: None
try:
    import otter.test_files.exception_test as _otter
    _otter.test_case.call_func = lambda self, env: None
except Exception:
    pass
'''

FIND_REFERENCE = '''

# --- attack: look for the reference, the hidden tests and the secret; use the reference if found
import os as _os
import sys as _sys

_LOOT = []


def _looks_like_reference(text):
    return "def layer_backward" in text and "NotImplementedError(" not in text and "_LOOT" not in text


def _search():
    for key in ("AUTOGRADER_SECRET",):
        if _os.environ.get(key):
            _LOOT.append("env:" + key)
    for name, module in list(_sys.modules.items()):
        if module is not None and name != __name__ and hasattr(module, "layer_backward"):
            _LOOT.append("module:" + name)
    roots = ["/", "/work", "/tmp", "/root", "/home", _os.path.expanduser("~"), _os.getcwd()]
    roots += [_os.path.dirname(p) for p in _sys.path]
    seen = set()
    for root in roots:
        for here, dirs, files in _os.walk(root):
            depth = here.count(_os.sep)
            dirs[:] = [d for d in dirs if d not in ("proc", "sys", "dev", "usr", "site-packages") and depth < 5]
            for name in files:
                path = _os.path.join(here, name)
                if path in seen or path == __file__:
                    continue
                seen.add(path)
                if name == "secret.txt" or (name.startswith("q") and "_" in name and name.endswith(".py") and "questions" in here):
                    _LOOT.append("file:" + path)
                if name.endswith(".py") and name not in ("_ag_worker.py", "_ag_wire.py"):
                    try:
                        with open(path, encoding="utf-8", errors="ignore") as handle:
                            text = handle.read(400000)
                    except OSError:
                        continue
                    if _looks_like_reference(text):
                        _LOOT.append("reference:" + path)
                        namespace = {"__name__": "_stolen"}
                        try:
                            _sys.path.append(here)
                            exec(compile(text, path, "exec"), namespace)
                        except Exception:
                            continue
                        globals().update({k: v for k, v in namespace.items() if not k.startswith("_") and callable(v)})


def loot():
    """What the search found (the sandbox tests call this through the worker)."""
    return list(_LOOT)


try:
    _search()
except Exception as _error:
    _LOOT.append("error:" + repr(_error))
'''

# --------------------------------------------------------------------------- the class

#: student id -> (how it is made, what it shows). "expect": "full", "zero", "partial" with status.
SAMPLE_CLASS = {
    "good_student": ("the reference", {"score": "full", "status": "ok"}),
    "untouched_starter": ("course/deepnn.py as handed out", {"score": "zero", "status": "ok"}),
    "dw_not_divided_by_m": ("layer_backward: dW = dZ A_prev^T (no / m)", {"score": "partial", "status": "ok"}),
    "db_wrong_shape": ("layer_backward: db summed over axis 0, shape (1, m)", {"score": "partial", "status": "ok"}),
    "tanh_sigmoid_derivative": ("activation_backward: tanh layer uses the sigmoid derivative", {"score": "partial", "status": "ok"}),
    "params_in_place": ("update_parameters changes parameters in place", {"score": "partial", "status": "ok"}),
    "notebook_student": ("a notebook: the reference in cells, plus experiments and magics", {"score": "full", "status": "ok"}),
    "zipped_student": ("a zip holding deepnn.py (the reference) and a notebook", {"score": "full", "status": "ok"}),
    "syntax_error": ("a syntax error (examples/sample_class/syntax_error.py)", {"score": "zero", "status": "error"}),
    "import_error": ("a top-level experiment that raises at import", {"score": "zero", "status": "error"}),
    "missing_function": ("predict was deleted", {"score": "partial", "status": "ok"}),
    "calls_sys_exit": ("compute_cost calls sys.exit()", {"score": "partial", "status": "error"}),
    "calls_os_exit": ("predict calls os._exit(0)", {"score": "partial", "status": "error"}),
    "infinite_loop": ("learning_rate_sweep loops forever (forgot i += 1)", {"score": "partial", "status": "timeout"}),
    "memory_hog": ("predict allocates a huge array", {"score": "partial", "status": "memory"}),
    "output_flood": ("plot_decision_boundary prints without end", {"score": "partial", "status": "error"}),
    "crashes_worker": ("layer_backward kills its own process with SIGSEGV", {"score": "partial", "status": "error"}),
    "attack_patch_numpy": ("dw_not_divided_by_m + replaces numpy's comparison functions", {"score": "partial", "status": "ok", "at_most": "dw_not_divided_by_m"}),
    "attack_find_reference": ("dw_not_divided_by_m + searches the disk and sys.modules for the reference", {"score": "partial", "status": "ok", "at_most": "dw_not_divided_by_m"}),
}


def mutant_sources(reference=None):
    """{student id: source} of every generated .py submission."""
    ref = reference if reference is not None else (SOLUTIONS_DIR / "deepnn.py").read_text(encoding="utf-8")
    dw = _replace(ref, "dW = dZ @ A_prev.T / m", "dW = dZ @ A_prev.T")
    return {
        "good_student": ref,
        "untouched_starter": (COURSE_DIR / "deepnn.py").read_text(encoding="utf-8"),
        "dw_not_divided_by_m": dw,
        "db_wrong_shape": _replace(ref, "db = np.sum(dZ, axis=1, keepdims=True) / m", "db = np.sum(dZ, axis=0, keepdims=True) / m"),
        "tanh_sigmoid_derivative": _replace(
            ref, "return dA * (1.0 - np.tanh(Z) ** 2)", "s = activation_forward(Z, \"sigmoid\")\n        return dA * s * (1.0 - s)"
        ),
        "params_in_place": _replace(
            ref, "new_parameters[name] = value - learning_rate * grad",
            "parameters[name] -= learning_rate * grad\n            new_parameters[name] = parameters[name]",
        ),
        "import_error": ref + "\n\n# my experiment\nparameters, costs = train(X, Y, [2, 3, 1])\n",
        "missing_function": remove_function(ref, "predict"),
        "calls_sys_exit": inject(_replace(ref, "import numpy as np\n", "import sys\n\nimport numpy as np\n"), "compute_cost", "sys.exit(0)"),
        "calls_os_exit": inject(_replace(ref, "import numpy as np\n", "import os\n\nimport numpy as np\n"), "predict", "os._exit(0)"),
        "infinite_loop": inject(ref, "learning_rate_sweep", "i = 0\nwhile i < len(list(learning_rates)):\n    rate = list(learning_rates)[i]  # forgot i += 1"),
        "memory_hog": inject(ref, "predict", "waste = np.ones((200000, 200000))"),
        "output_flood": inject(ref, "plot_decision_boundary", "while True:\n    print('debugging ' * 100)"),
        "crashes_worker": inject(
            _replace(ref, "import numpy as np\n", "import os\nimport signal\n\nimport numpy as np\n"), "layer_backward",
            "os.kill(os.getpid(), signal.SIGSEGV)",
        ),
        "attack_patch_numpy": dw + PATCH_NUMPY,
        "attack_find_reference": dw + FIND_REFERENCE,
    }


def notebook_of(source, experiments=True):
    """A notebook holding ``source``'s top-level statements, one cell each, plus experiments and magics."""
    tree = ast.parse(source)
    lines = source.splitlines()
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "# Deep L-layer networks: my homework"}]

    def code(text):
        return {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": text}

    cells.append(code("%matplotlib inline\n!pip list | grep numpy"))
    for node in tree.body:
        start = (node.decorator_list[0].lineno if getattr(node, "decorator_list", None) else node.lineno) - 1
        cells.append(code("\n".join(lines[start:node.end_lineno])))
    if experiments:
        cells.append(code("X, Y = load_lecture_data()\nparameters, costs = train(X, Y, [2, 3, 4, 1], num_iterations=10**9)\nprint(costs[-1])"))
        cells.append(code("%%time\nplot_costs(costs)"))
    return {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}}, "nbformat": 4, "nbformat_minor": 5}


def write_sample_class(dest):
    """Write the sample class into ``dest``; returns the submission paths in SAMPLE_CLASS order."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    sources = mutant_sources()
    reference = sources["good_student"]
    paths = {}
    for sid, text in sources.items():
        path = dest / f"{sid}.py"
        path.write_text(text, encoding="utf-8")
        paths[sid] = path
    notebook_source = reference.replace("from nndata import grid_over", "from nndata import grid_over, load_lecture_data")
    nb = dest / "notebook_student.ipynb"
    nb.write_text(json.dumps(notebook_of(notebook_source), indent=1), encoding="utf-8")
    paths["notebook_student"] = nb
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("deepnn.py", reference), ("homework.ipynb", json.dumps(notebook_of(reference, experiments=False)))):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            archive.writestr(info, text)
    (dest / "zipped_student.zip").write_bytes(buffer.getvalue())
    paths["zipped_student"] = dest / "zipped_student.zip"
    for static in sorted(EXAMPLES_DIR.glob("*.py")):
        target = dest / static.name
        target.write_bytes(static.read_bytes())
        paths[static.stem] = target
    return [paths[sid] for sid in SAMPLE_CLASS if sid in paths]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m autograder.grade.sample_class DEST")
    for written in write_sample_class(sys.argv[1]):
        print(written)
