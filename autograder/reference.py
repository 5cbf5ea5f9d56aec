"""Load the private reference implementation (solutions/deepnn.py) in the grading process.

The reference is loaded under its own module name, so it never collides with a
``deepnn`` module (the starter or a student's) and never appears as ``deepnn`` in
``sys.modules``. It imports the public data helpers (course/nndata.py).
"""

import importlib.util
import sys
from functools import lru_cache

from . import SOLUTIONS_DIR
from .course_helpers import put_course_on_path

MODULE_NAME = "_kit_reference_deepnn"


def _load(path, name):
    put_course_on_path()  # the reference imports nndata, as the starter does
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=1)
def load_reference():
    """The reference module (solutions/deepnn.py), loaded once per process."""
    path = SOLUTIONS_DIR / "deepnn.py"
    if not path.is_file():
        raise FileNotFoundError(f"the reference implementation is missing: {path} (it is private: restore it from the kit's repository)")
    return _load(path, MODULE_NAME)


def api_names():
    """The student API, in order: the reference's ``__all__`` (the one list every part uses)."""
    return list(load_reference().__all__)
