"""The sandbox package's shape: one public surface, no private names or re-export chains inside, helpers copied as a tree.

* Code outside ``autograder/sandbox/`` (the rest of ``autograder/``, ``bench/``, ``sitegen/``) imports only
  ``autograder.sandbox`` itself, and only names its ``__all__`` lists: never one of its modules.
* Inside the package, a name is imported from the module that defines it, never a ``_private`` one, and a
  module of the package is imported at the top of a module (no dependency hidden in a function).
* The public helpers (``autograder.public_helpers()``: paths relative to course/, a package's files among
  them) reach both kinds of worker as the tree they form: a worker imports a module of a helper package.
"""

import ast
import sys
from pathlib import Path

import pytest

import autograder.sandbox as sandbox
from autograder import KIT_ROOT, public_helpers
from autograder.sandbox import Limits, Worker, helpers, isolation_mode
from autograder.sandbox import pool as warm

PACKAGE = KIT_ROOT / "autograder" / "sandbox"
SUBMODULES = {path.stem for path in PACKAGE.glob("*.py") if path.stem != "__init__"}
#: Where the public surface is the only way in.
OUTSIDE = [KIT_ROOT / "autograder", KIT_ROOT / "bench", KIT_ROOT / "sitegen"]
FAST = Limits(timeout=30, memory_mb=1024, output_mb=1)


def module_name(path):
    """The dotted name of the module in ``path`` (a file below the kit's root)."""
    parts = list(path.relative_to(KIT_ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path):
    """[(line, absolute module, [names])] of every import in ``path``, wherever it stands (functions included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.append((node.lineno, module, [alias.name for alias in node.names]))
    return found


def reaches_past_the_surface(path):
    """Each import in ``path`` of a module of autograder.sandbox, or of a name its __all__ does not list, in words."""
    problems = []
    for line, module, names in imports(path):
        where = f"{path.relative_to(KIT_ROOT)}:{line}"
        if module.startswith("autograder.sandbox."):
            problems.append(f"{where} imports {module}: import its names from autograder.sandbox")
        elif module == "autograder.sandbox":
            for name in names:
                if name in SUBMODULES:
                    problems.append(f"{where} imports the module autograder.sandbox.{name}: import names of __all__")
                elif name not in sandbox.__all__:
                    problems.append(f"{where} imports {name}, which autograder.sandbox.__all__ does not list")
    return problems


def test_code_outside_the_sandbox_imports_only_its_public_surface():
    files = [path for root in OUTSIDE for path in root.rglob("*.py") if PACKAGE not in path.parents and ".venv" not in path.parts]
    problems = [problem for path in files for problem in reaches_past_the_surface(path)]
    assert not problems, "\n".join(problems)
    users = [path for path in files if any(module == "autograder.sandbox" for _, module, _ in imports(path))]
    assert len(users) >= 8, f"the walk found only {users}: it is not reading the kit's imports"


def test_the_walk_catches_every_way_past_the_surface(tmp_path, monkeypatch):
    fake = tmp_path / "autograder" / "grade" / "fake.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("from ..sandbox.launcher import BUILTIN_ERRORS\n"
                    "import autograder.sandbox.wire\n"
                    "from ..sandbox import Limits, pool\n"
                    "def later():\n    from autograder.sandbox import _POOLS\n"
                    "from ..sandbox import Worker\n")
    monkeypatch.setattr(sys.modules[__name__], "KIT_ROOT", tmp_path)
    problems = reaches_past_the_surface(fake)
    assert [problem.split(" ")[0] for problem in problems] == ["autograder/grade/fake.py:" + n for n in "1235"], problems
    assert "autograder.sandbox.launcher" in problems[0] and "module autograder.sandbox.pool" in problems[2]


def defined_names(path):
    """The names a module defines at its top level (functions, classes, assignments): not the ones it imports."""
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return names


def test_inside_the_package_names_come_from_where_they_are_defined():
    """No ``_private`` import, no re-export chain, no ``from . import`` (through __init__), no import inside a function."""
    worker_copies = {name[:-3]: own for name, own in {**helpers.WORKER_CODE, **helpers.POOL_CODE}.items()}
    problems = []
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level == 1 and not node.module and path.name != "__init__.py":
                problems.append(f"{path.name}:{node.lineno} imports from the package itself (its __init__, a cycle): "
                                "import the names from their module")
                continue
            source = node.module if node.level == 1 else worker_copies.get(node.module, "")[:-3]
            if not source or source not in SUBMODULES:
                continue  # the standard library, numpy, the kit's root package
            where = f"{path.name}:{node.lineno}"
            if node.level == 1 and id(node) not in top:
                problems.append(f"{where} imports .{source} inside a function: import it at the top")
            defined = defined_names(PACKAGE / f"{source}.py")
            for alias in node.names:
                if alias.name.startswith("_"):
                    problems.append(f"{where} imports the private {alias.name} of {source}.py")
                elif alias.name not in defined:
                    problems.append(f"{where} imports {alias.name} from {source}.py, which does not define it")
    assert not problems, "\n".join(problems)


def test_the_public_surface_is_what_init_imports():
    init = PACKAGE / "__init__.py"
    imported = [name for _, module, names in imports(init) if module.startswith("autograder.sandbox.") for name in names]
    assert sorted(imported) == sorted(sandbox.__all__) and len(set(imported)) == len(imported)
    assert all(getattr(sandbox, name, None) is not None for name in sandbox.__all__)


# --------------------------------------------------------------------------- the public helpers, as a tree

HELPER_PACKAGE = {
    "fakehelp/__init__.py": "from .values import GREETING\n",
    "fakehelp/values.py": "GREETING = 'hello from a package'\n",
}
USES_THE_PACKAGE = '''
import os, sys
PREIMPORTED = sorted(name for name in ("gradecheck", "nndata", "fakehelp") if name in sys.modules)
from fakehelp.values import GREETING
import fakehelp

def greet():
    return GREETING, fakehelp.__name__, PREIMPORTED

def add_a_module():
    """Try to add a module to the helper package (its folder is bound read-only under bubblewrap)."""
    try:
        with open(os.path.join(os.path.dirname(fakehelp.__file__), "added.py"), "w") as handle:
            handle.write("X = 1\\n")
        return "written"
    except OSError as error:
        return type(error).__name__
'''


@pytest.fixture
def helper_tree(tmp_path, monkeypatch):
    """A course/ of the kit's public helpers plus a package of two modules, and public_helpers() listing them all."""
    course = tmp_path / "course"
    names = list(public_helpers())
    for name in names:
        (course / name).parent.mkdir(parents=True, exist_ok=True)
        (course / name).write_bytes((KIT_ROOT / "course" / name).read_bytes())
    for name, text in HELPER_PACKAGE.items():
        (course / name).parent.mkdir(parents=True, exist_ok=True)
        (course / name).write_text(text)
    monkeypatch.setattr(helpers, "COURSE_DIR", course)
    monkeypatch.setattr(helpers, "public_helpers", lambda: names + list(HELPER_PACKAGE))
    return course


def test_public_helpers_are_copied_as_the_tree_they_form(helper_tree, tmp_path):
    dest = tmp_path / "worker"
    dest.mkdir()
    top = helpers.copy_public_helpers(dest)
    assert top["fakehelp"] == dest / "fakehelp" and top["nndata.py"] == dest / "nndata.py"
    assert list(top) == list(dict.fromkeys(Path(name).parts[0] for name in helpers.public_helpers()))
    for name in helpers.public_helpers():
        assert (dest / name).read_bytes() == (helper_tree / name).read_bytes(), name
    assert {"fakehelp", "nndata"} <= helpers.module_names(top)


@pytest.mark.parametrize("name", ["../solutions/deepnn.py", "/etc/passwd"])
def test_a_helper_outside_course_is_refused_with_a_sentence(helper_tree, tmp_path, monkeypatch, name):
    monkeypatch.setattr(helpers, "public_helpers", lambda: ["nndata.py", name])
    with pytest.raises(ValueError, match="give a path relative to course/"):
        helpers.copy_public_helpers(tmp_path)


def test_a_standalone_worker_imports_a_module_of_a_helper_package(helper_tree):
    worker = Worker(USES_THE_PACKAGE, api=["greet", "add_a_module"], limits=FAST).start()
    try:
        assert worker.load_error is None, worker.load_error
        assert worker.call("greet") == ("hello from a package", "fakehelp", [])
        if worker.mode == "bwrap":  # the package's folder is bound whole, read-only
            assert worker.call("add_a_module") in ("OSError", "PermissionError")
    finally:
        worker.close()


@pytest.mark.needs_bwrap("the warm pool runs only under bubblewrap")
def test_a_pool_worker_imports_a_module_of_a_helper_package_the_pool_imported(helper_tree):
    assert isolation_mode() == "bwrap"
    pool = warm.WarmPool(FAST).start()  # its own pool: the shared one was staged with the kit's own helpers
    try:
        worker = Worker(USES_THE_PACKAGE, api=["greet", "add_a_module"], limits=FAST, pool=pool).start()
        try:
            assert worker.pool is pool and worker.load_error is None, worker.load_error
            # gradecheck, a package now, is imported by the pool before any student code, as nndata
            assert worker.call("greet") == ("hello from a package", "fakehelp", ["gradecheck", "nndata"])
            assert worker.call("add_a_module") in ("OSError", "PermissionError")
        finally:
            worker.close()
    finally:
        pool.close()


def test_the_kits_own_helpers_reach_a_worker():
    """Whatever public_helpers() holds today (flat modules or the gradecheck package), a worker imports them."""
    source = "import gradecheck, nndata\n\ndef where():\n    return sorted(m.__name__ for m in (gradecheck, nndata))\n"
    worker = Worker(source, api=["where"], limits=FAST).start()
    try:
        assert worker.load_error is None, worker.load_error
        assert worker.call("where") == ["gradecheck", "nndata"]
    finally:
        worker.close()
