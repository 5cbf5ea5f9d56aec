"""The bundled sample class: realistic mistakes and hostile submissions, generated from the reference.

``write_sample_class(dest)`` writes every submission into ``dest`` (one file per student)
and returns their paths; ``python -m autograder.sample_class DEST`` does the same from
a shell. The mutants are the reference ``solutions/deepnn.py`` with a mistake of the
catalogue (:mod:`autograder.mutants.catalogue`, by the student's id) made in it, so they
follow the reference when it changes; the few static submissions live in ``examples/sample_class/``.
It is used by the demo, the tests, the benchmarks and the site's sample feedback.

``SAMPLE_CLASS`` describes each student: what the submission does and what the grader must
make of it (used by the tests and shown by the demo).
"""

import ast
import io
import json
import sys
import zipfile
from pathlib import Path

from . import COURSE_DIR, KIT_ROOT, SOLUTIONS_DIR
from .exitcodes import BAD_INPUT, DONE
from .mutants.catalogue import MISTAKES, mutant_source

EXAMPLES_DIR = KIT_ROOT / "examples" / "sample_class"


#: student id -> (how it is made, what it shows). "expect": "full", "zero", "partial" with status.
#: A student made with a mistake of the catalogue is described by the catalogue.
SAMPLE_CLASS = {
    "good_student": ("the reference", {"score": "full", "status": "ok"}),
    "untouched_starter": ("course/deepnn.py as handed out", {"score": "zero", "status": "ok"}),
    "dw_not_divided_by_m": (MISTAKES["dw_not_divided_by_m"].description, {"score": "partial", "status": "ok"}),
    "db_wrong_shape": (MISTAKES["db_wrong_shape"].description, {"score": "partial", "status": "ok"}),
    "tanh_sigmoid_derivative": (MISTAKES["tanh_sigmoid_derivative"].description, {"score": "partial", "status": "ok"}),
    "params_in_place": (MISTAKES["params_in_place"].description, {"score": "partial", "status": "ok"}),
    "notebook_student": ("a notebook: the reference in cells, plus experiments and magics", {"score": "full", "status": "ok"}),
    "zipped_student": ("a zip holding deepnn.py (the reference) and a notebook", {"score": "full", "status": "ok"}),
    "syntax_error": ("a syntax error (examples/sample_class/syntax_error.py)", {"score": "zero", "status": "error"}),
    "import_error": (MISTAKES["import_error"].description, {"score": "zero", "status": "error"}),
    "missing_function": (MISTAKES["missing_function"].description, {"score": "partial", "status": "ok"}),
    "calls_sys_exit": (MISTAKES["calls_sys_exit"].description, {"score": "partial", "status": "error"}),
    "calls_os_exit": (MISTAKES["calls_os_exit"].description, {"score": "partial", "status": "error"}),
    "infinite_loop": (MISTAKES["infinite_loop"].description, {"score": "partial", "status": "timeout"}),
    "memory_hog": (MISTAKES["memory_hog"].description, {"score": "partial", "status": "memory"}),
    "output_flood": (MISTAKES["output_flood"].description, {"score": "partial", "status": "error"}),
    "crashes_worker": (MISTAKES["crashes_worker"].description, {"score": "partial", "status": "error"}),
    "attack_patch_numpy": (MISTAKES["attack_patch_numpy"].description, {"score": "partial", "status": "ok", "at_most": "dw_not_divided_by_m"}),
    "attack_find_reference": (MISTAKES["attack_find_reference"].description, {"score": "partial", "status": "ok", "at_most": "dw_not_divided_by_m"}),
}


#: The students made from the reference with one mistake of the catalogue (their id is the mistake's).
MUTANT_STUDENTS = tuple(sid for sid in SAMPLE_CLASS if sid in MISTAKES)


def mutant_sources(reference=None):
    """{student id: source} of every generated .py submission."""
    ref = reference if reference is not None else (SOLUTIONS_DIR / "deepnn.py").read_text(encoding="utf-8")
    sources = {"good_student": ref, "untouched_starter": (COURSE_DIR / "deepnn.py").read_text(encoding="utf-8")}
    sources.update({sid: mutant_source(sid, ref) for sid in MUTANT_STUDENTS})
    return sources


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


def main(argv=None):
    """``python -m autograder.sample_class DEST``: write the sample class; prints each path written."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if len(argv) != 1:
        print("usage: python -m autograder.sample_class DEST (the folder to write the sample class into)", file=sys.stderr)
        return BAD_INPUT
    for written in write_sample_class(argv[0]):
        print(written)
    return DONE


if __name__ == "__main__":
    sys.exit(main())
