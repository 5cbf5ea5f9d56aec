"""The kit's architecture, read from its source: no import cycle, no module over 400 lines, what ships stays apart.

The import graph is built with ``ast`` from every ``import`` and ``from ... import`` in the source,
wherever it stands (an import inside a function is still a dependency). The kit's modules are those
of ``autograder/`` and ``sitegen/`` (dotted names) and of ``course/``, which students and the worker
import flat by name through ``sys.path`` (``import gradecheck``, ``import nndata``; a folder such as
``course/gradecheck/`` is then the package ``gradecheck``). Edges:

* ``import a.b.c``: to ``a.b.c`` (else to its longest prefix that is a kit module);
* ``from pkg import name``: to ``pkg.name`` when that is a module, else to ``pkg`` (its ``__init__``);
* relative imports are resolved against the importing module's package.
"""

import ast
from pathlib import Path

from autograder import KIT_ROOT

#: The kit's source trees: name -> how their modules are named ("package": dotted from the kit's root,
#: "flat": from inside the folder, as sys.path imports them).
TREES = {"autograder": "package", "sitegen": "package", "course": "flat"}
#: No hand-written module of these trees may be longer (generated files excepted, see _generated_files).
MAX_LINES = 400


# ---------------------------------------------------------------- the import graph

def kit_modules(root, trees=TREES):
    """{module name: path} of every ``.py`` file of ``trees`` under ``root``."""
    modules = {}
    for tree, naming in trees.items():
        for path in sorted((Path(root) / tree).rglob("*.py")):
            parts = list(path.relative_to(Path(root) / tree if naming == "flat" else Path(root)).with_suffix("").parts)
            if "__pycache__" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            if parts:
                modules[".".join(parts)] = path
    return modules


def _imported(node, name, is_package, modules):
    """The kit modules one import statement ``node`` in module ``name`` depends on."""
    if isinstance(node, ast.Import):
        targets = []
        for alias in node.names:
            parts = alias.name.split(".")
            prefixes = [".".join(parts[:i]) for i in range(len(parts), 0, -1)]
            targets.extend(next(([p] for p in prefixes if p in modules), []))
        return targets
    if node.level:
        package = name.split(".") if is_package else name.split(".")[:-1]
        package = package[:len(package) - (node.level - 1)]
        base = ".".join(package + ([node.module] if node.module else []))
    else:
        base = node.module
    submodules = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules]
    if len(submodules) < len(node.names) and base in modules:
        submodules.append(base)
    return submodules


def import_graph(root, trees=TREES):
    """{module: {imported kit module: [line numbers]}} from the source of every module of ``trees``."""
    modules = kit_modules(root, trees)
    graph = {}
    for name, path in modules.items():
        edges = graph.setdefault(name, {})
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in _imported(node, name, path.name == "__init__.py", modules):
                    if target != name:
                        edges.setdefault(target, []).append(node.lineno)
    return graph


def strongly_connected(graph):
    """The components of ``graph`` with more than one module (Tarjan's algorithm, iterative), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)


def cycle_path(graph, component):
    """One shortest cycle through the component's first module, as a list ``[a, b, ..., a]``."""
    start, members = component[0], set(component)
    previous, frontier = {start: None}, [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(graph[node]):
                if child == start:
                    path = [node]
                    while previous[path[-1]] is not None:
                        path.append(previous[path[-1]])
                    return path[::-1] + [start]
                if child in members and child not in previous:
                    previous[child] = node
                    following.append(child)
        frontier = following
    raise AssertionError(f"{component} is not a cycle")


def describe_cycles(graph, modules):
    """One sentence per import cycle: the path, then the file and line of each import on it."""
    sentences = []
    for component in strongly_connected(graph):
        path = cycle_path(graph, component)
        where = "; ".join(f"{modules[a].relative_to(KIT_ROOT) if modules[a].is_relative_to(KIT_ROOT) else modules[a]}"
                          f":{graph[a][b][0]} imports {b}" for a, b in zip(path, path[1:]))
        others = sorted(set(component) - set(path))
        tail = f" (the cycle's component also holds {', '.join(others)})" if others else ""
        sentences.append(f"import cycle {' -> '.join(path)}{tail}: {where}. Move what both need into a module "
                         "that imports neither (an import inside a function is still a dependency).")
    return sentences


def test_the_kit_has_no_import_cycle():
    modules = kit_modules(KIT_ROOT)
    graph = import_graph(KIT_ROOT)
    tree_of = {name: path.relative_to(KIT_ROOT).parts[0] for name, path in modules.items()}
    inside = {tree_of[a] for a, edges in graph.items() for b in edges if tree_of[a] == tree_of[b]}
    assert inside == set(TREES), f"no import between two modules of {sorted(set(TREES) - inside)} was read: is the naming right?"
    cycles = describe_cycles(graph, modules)
    assert not cycles, f"{len(cycles)} import cycle(s) between the kit's modules:\n" + "\n".join(cycles)


def _write(root, files):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_the_cycle_finder_sees_imports_anywhere_and_only_real_cycles(tmp_path):
    _write(tmp_path, {
        # a cycle through an import inside a function and a relative "from . import module"
        "pkg/__init__.py": "from .a import f\n",
        "pkg/a.py": "def f():\n    from pkg import b\n    return b\n",
        "pkg/b.py": "from . import a\n",
        # no cycle: c -> d -> pkg (the package's __init__, for a name that is not a module) -> pkg.a
        "pkg/c.py": "import pkg.d\nimport numpy\n",
        "pkg/d.py": "from pkg import f\nimport os.path\n",
        # a longer cycle through a sub-package, "import a.b.c" and "from .. import x"
        "pkg/sub/__init__.py": "",
        "pkg/sub/x.py": "from ..e import g\n",
        "pkg/e.py": "import pkg.sub.y\ng = 1\n",
        "pkg/sub/y.py": "if True:\n    from .. import sub\nfrom ..sub import x\n",
        # flat modules, imported by name through sys.path: one cycle, one import of an unknown module
        "flat/helper.py": "import tool\nimport not_a_kit_module\n",
        "flat/tool.py": "class T:\n    def m(self):\n        import helper\n",
        "flat/alone.py": "import helper\n",
    })
    trees = {"pkg": "package", "flat": "flat"}
    graph = import_graph(tmp_path, trees)
    assert graph["pkg.d"] == {"pkg": [1]} and graph["pkg.c"] == {"pkg.d": [1]}
    assert graph["pkg.sub.y"] == {"pkg.sub": [2], "pkg.sub.x": [3]}
    assert strongly_connected(graph) == [["helper", "tool"], ["pkg.a", "pkg.b"], ["pkg.e", "pkg.sub.x", "pkg.sub.y"]]
    sentences = describe_cycles(graph, kit_modules(tmp_path, trees))
    assert sentences[0].startswith("import cycle helper -> tool -> helper: ")
    assert f"{tmp_path / 'flat' / 'helper.py'}:1 imports tool; {tmp_path / 'flat' / 'tool.py'}:3 imports helper." in sentences[0]
    assert sentences[1].startswith("import cycle pkg.a -> pkg.b -> pkg.a: ")
    assert sentences[2].startswith("import cycle pkg.e -> pkg.sub.y -> pkg.sub.x -> pkg.e: ")
    assert all(s.endswith("(an import inside a function is still a dependency).") for s in sentences)


# ---------------------------------------------------------------- module sizes

def _generated_files():
    """The files ``python -m autograder sync`` writes (the starter, the public tests, ...): the generator's
    own list, so a hand-written file cannot pass as generated (a "Generated by" header alone does not count)."""
    from autograder.sync import generated_files

    return {path.resolve() for path in generated_files()}


def test_no_hand_written_module_is_over_400_lines():
    generated = _generated_files()
    assert (KIT_ROOT / "course" / "deepnn.py").resolve() in generated  # the list is the real one
    too_long = []
    for path in sorted(kit_modules(KIT_ROOT).values()):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES and path.resolve() not in generated:
            too_long.append(f"{path.relative_to(KIT_ROOT)} has {lines} lines")
    assert not too_long, (f"{len(too_long)} hand-written module(s) over {MAX_LINES} lines (split each by job into "
                          "small modules named after what they do): " + "; ".join(too_long) + ".")


def test_only_files_sync_writes_say_they_are_generated():
    """A file whose header says ``python -m autograder sync`` made it, but that sync does not write, is stale."""
    generated = _generated_files()
    stale = [path.relative_to(KIT_ROOT) for path in sorted(kit_modules(KIT_ROOT).values())
             if "Generated by `python -m autograder sync`" in "".join(path.read_text(encoding="utf-8").splitlines(True)[:3])
             and path.resolve() not in generated]
    assert not stale, (f"{', '.join(map(str, stale))} say(s) it is generated by `python -m autograder sync`, but sync "
                       "does not write it: delete it, or run `python -m autograder sync` if a question was renamed.")


# ---------------------------------------------------------------- what ships stays apart

def _imports_of(folder):
    """[(path, line, imported module)] of every import in the ``.py`` files under ``folder``, including
    ``importlib.import_module("x")`` and ``__import__("x")`` with a literal name."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                found.extend((path, node.lineno, alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level:
                found.append((path, node.lineno, node.module))
            elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
                  and isinstance(node.args[0].value, str)
                  and (getattr(node.func, "attr", None) == "import_module" or getattr(node.func, "id", None) == "__import__")):
                found.append((path, node.lineno, node.args[0].value))
    return found


def _forbidden(folder, packages):
    """["course/x.py:3 imports autograder.y", ...]: the imports under ``folder`` of any of ``packages``."""
    return [f"{path.relative_to(folder.parent)}:{line} imports {module}" for path, line, module in _imports_of(folder)
            if module.split(".")[0] in packages]


def test_the_forbidden_import_finder_sees_every_way_to_import(tmp_path):
    _write(tmp_path, {
        "course/a.py": "import numpy\nimport autograder.grade as g\n",
        "course/sub/b.py": "def f():\n    from solutions.deepnn import forward\n    from . import autograder\n",
        "course/c.py": "import importlib\nm = importlib.import_module('autograder.sandbox')\nn = __import__('solutions')\n"
                       "k = importlib.import_module('nndata')\nimport solutionsx\n",
    })
    assert _forbidden(tmp_path / "course", {"solutions", "autograder"}) == [
        "course/a.py:2 imports autograder.grade", "course/c.py:2 imports autograder.sandbox",
        "course/c.py:3 imports solutions", "course/sub/b.py:2 imports solutions.deepnn"]


def test_what_students_get_imports_neither_the_reference_nor_the_grader():
    found = _forbidden(KIT_ROOT / "course", {"solutions", "autograder"})
    assert not found, ("course/ ships to students and must not import solutions/ (the private reference) or "
                       "autograder/ (the grader): " + "; ".join(found) + ".")


def test_the_reference_does_not_import_the_grader():
    found = _forbidden(KIT_ROOT / "solutions", {"autograder"})
    assert not found, "solutions/ is the reference a student's code is compared with and must not import autograder/: " + "; ".join(found) + "."


def _test_layout_problems(tests_dir, kit_root):
    """Why ``tests_dir`` does not mirror the kit: a test folder with no source folder of the same path, or a
    ``tests/autograder/test_<name>.py`` with no module or package ``autograder/<name>``."""
    problems = []
    for folder in sorted(p for p in tests_dir.rglob("*") if p.is_dir() and p.name != "__pycache__"):
        relative = folder.relative_to(tests_dir)
        if not (kit_root / relative).is_dir():
            problems.append(f"tests/{relative.as_posix()}/ mirrors no folder of the kit ({relative.as_posix()}/ does not exist)")
    package_tests = tests_dir / "autograder"
    for test in sorted(package_tests.glob("test_*.py")) if package_tests.is_dir() else []:
        name = test.stem.removeprefix("test_")
        if not ((kit_root / "autograder" / f"{name}.py").is_file() or (kit_root / "autograder" / name).is_dir()):
            problems.append(f"tests/autograder/{test.name} tests no module autograder/{name}.py (move it beside what it tests)")
    return problems


def test_the_layout_checker_names_a_folder_or_module_that_does_not_exist(tmp_path):
    _write(tmp_path, {"kit/autograder/grade/engine.py": "", "kit/autograder/late.py": "",
                      "tests/autograder/grade/test_engine.py": "", "tests/autograder/test_late.py": "",
                      "tests/autograder/gone/test_x.py": "", "tests/autograder/test_nothing.py": ""})
    assert _test_layout_problems(tmp_path / "tests", tmp_path / "kit") == [
        "tests/autograder/gone/ mirrors no folder of the kit (autograder/gone/ does not exist)",
        "tests/autograder/test_nothing.py tests no module autograder/nothing.py (move it beside what it tests)"]


def test_the_tests_mirror_the_packages():
    problems = _test_layout_problems(KIT_ROOT / "tests", KIT_ROOT)
    assert not problems, "tests/ mirrors the kit's packages (autograder/DESIGN.md, \"Where things live\"): " + "; ".join(problems) + "."


def test_every_import_of_a_test_module_names_one_that_exists():
    """Benchmarks and tests that borrow a test's fixtures (``from tests.autograder.grade.test_grade import ...``)
    follow the test when it moves: each such import names a file of tests/."""
    dangling = []
    for folder in ("tests", "bench", "tools"):
        for path in sorted((KIT_ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                         else [node.module] if isinstance(node, ast.ImportFrom) and not node.level and node.module else [])
                for name in names:
                    if name.split(".")[0] == "tests" and "." in name and not (KIT_ROOT / (name.replace(".", "/") + ".py")).is_file():
                        dangling.append(f"{path.relative_to(KIT_ROOT)}:{node.lineno} imports {name}")
    assert not dangling, "an import names a test module that does not exist (moved?): " + "; ".join(dangling) + "."
