"""One source of truth for versions: pyproject.toml pins each direct dependency, constraints.txt agrees."""

import re
import tomllib

from autograder import KIT_ROOT


def _name(requirement):
    return re.split(r"[\[=<>!~ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_dependency_is_pinned_exactly_and_matches_the_constraints():
    project = tomllib.loads((KIT_ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    requirements = project["dependencies"] + extras["site"] + extras["dev"] + extras["student"]
    constraints = {}
    for line in (KIT_ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            constraints[_name(name)] = version.strip()
    for requirement in requirements:
        assert "==" in requirement, f"{requirement} is not pinned to one version"
        version = requirement.split("==")[1]
        assert constraints.get(_name(requirement)) == version, f"{requirement}: constraints.txt has {constraints.get(_name(requirement))}"


# ---------------------------------------------------------------- declared dependencies are exactly what runs

#: Code that runs for students, graders and instructors: what it imports must be a runtime dependency.
RUNTIME_CODE = ("autograder", "course", "solutions", "tools", "bench")
#: The course site's builder: what it imports is a runtime dependency or in the site extra.
SITE_CODE = ("sitegen",)
#: The kit's own tests (make venv installs every extra): runtime, site or dev.
DEV_CODE = ("tests",)
#: Declared dependencies no code imports, each with what uses it and where that use is written (checked below).
USED_WITHOUT_IMPORT = {
    "ipykernel": ("the homework notebook's Python kernel, which JupyterLab (and the notebook tests) start", "course/homework.ipynb", '"name": "python3"'),
    "dask": ("the `dask scheduler` and `dask worker` commands the README gives for `grade --scheduler`", "README.md", "bin/dask scheduler"),
    "pytest-timeout": ("pytest's per-test time limit", "pyproject.toml", "\ntimeout = "),
    "mkdocs-material": ("the course site's theme", "mkdocs.yml", "name: material"),
    "pymdown-extensions": ("the course site's Markdown extensions", "mkdocs.yml", "- pymdownx."),
}


def _canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared_by_part():
    """(runtime, site, dev): the canonical names of pyproject.toml's dependencies, its site extra and its dev extra."""
    project = tomllib.loads((KIT_ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    return ({_canonical(_name(r)) for r in project["dependencies"]}, {_canonical(_name(r)) for r in extras["site"]},
            {_canonical(_name(r)) for r in extras["dev"]})


def _declared():
    """(runtime, the kit's own environment's extras): what students and graders install, and the site and dev extras."""
    runtime, site, dev = _declared_by_part()
    return runtime, site | dev


def _kit_names():
    """Top-level names the kit itself provides: its folders and modules (course/ is imported flat by name),
    and the names the sandbox gives its copies of the worker's modules (``"_ag_worker.py"``)."""
    names = set()
    for path in KIT_ROOT.glob("*/**/*.py"):
        if ".venv" not in path.parts:
            names.update(path.relative_to(KIT_ROOT).with_suffix("").parts)
    for path in (KIT_ROOT / "autograder").rglob("*.py"):
        names.update(re.findall(r"[\"'](\w+)\.py[\"']", path.read_text(encoding="utf-8")))
    return names


def _third_party_imports(folders):
    """{top-level module: ["folder/file.py:line", ...]} of every absolute import in ``folders`` that is not the
    standard library's."""
    import ast
    import sys

    found = {}
    for folder in folders:
        for path in sorted((KIT_ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and not node.level:
                    modules = [node.module]
                else:
                    continue
                for top in {module.split(".")[0] for module in modules} - set(sys.stdlib_module_names):
                    found.setdefault(top, []).append(f"{path.relative_to(KIT_ROOT)}:{node.lineno}")
    return found


def _distributions(imports):
    """{distribution (canonical name): [where it is imported]}, and the imported names that neither an installed
    distribution nor the kit provides. A name both provide is the distribution's (bench/distributed.py takes
    itself off sys.path so that ``import distributed`` is Dask's)."""
    from importlib.metadata import packages_distributions

    provider, kit = packages_distributions(), _kit_names()
    used, unknown = {}, {}
    for module, where in imports.items():
        if module not in provider and module not in kit:
            unknown[module] = where
        for distribution in provider.get(module, ()):
            used.setdefault(_canonical(distribution), []).extend(where)
    return used, unknown


def test_every_imported_package_is_declared_and_every_declared_one_is_used():
    runtime, dev = _declared()
    runtime_used, runtime_unknown = _distributions(_third_party_imports(RUNTIME_CODE))
    dev_used, dev_unknown = _distributions(_third_party_imports(DEV_CODE))
    problems = [f"{module} is imported ({where[0]}) but no installed package provides it: declare it in pyproject.toml "
                "and run make venv" for module, where in sorted({**dev_unknown, **runtime_unknown}.items())]
    problems += [f"{name} is imported by code that runs for students or graders ({where[0]}) but is not a runtime "
                 "dependency: add it to pyproject.toml's dependencies" for name, where in sorted(runtime_used.items())
                 if name not in runtime]
    problems += [f"{name} is imported ({where[0]}) but declared nowhere: add it to pyproject.toml's dev extra"
                 for name, where in sorted(dev_used.items()) if name not in runtime | dev]
    _, site, test_only = _declared_by_part()
    site_used, site_unknown = _distributions(_third_party_imports(SITE_CODE))
    problems += [f"{module} is imported ({where[0]}) but no installed package provides it: declare it in pyproject.toml "
                 "and run make venv" for module, where in sorted(site_unknown.items())]
    problems += [f"{name} is imported by the site's builder ({where[0]}) but is in neither the runtime dependencies nor "
                 "the site extra: add it to pyproject.toml's site extra" for name, where in sorted(site_used.items())
                 if name not in runtime | site]
    problems += [f"{name} is in the site extra but the site's builder does not import it: move it where it is used"
                 for name in sorted(site) if name not in site_used and name not in USED_WITHOUT_IMPORT]
    problems += [f"{name} is in the dev extra but the site's builder imports it ({site_used[name][0]}): move it to the site extra"
                 for name in sorted(test_only) if name in site_used]
    dev_used = {name: dev_used.get(name, []) + site_used.get(name, []) for name in {**dev_used, **site_used}}
    problems += [f"{name} is a runtime dependency but only {', '.join(sorted({w.split('/')[0] for w in dev_used[name]}))}/ "
                 f"import it ({dev_used[name][0]}): move it to pyproject.toml's dev extra"
                 for name in sorted(runtime) if name not in runtime_used and name in dev_used]
    problems += [f"{name} is declared but nothing imports it: remove it, or name what uses it in USED_WITHOUT_IMPORT"
                 for name in sorted(runtime | dev) if name not in runtime_used and name not in dev_used and name not in USED_WITHOUT_IMPORT]
    assert not problems, "pyproject.toml's dependencies are not exactly what runs: " + "; ".join(problems) + "."


def test_each_dependency_used_without_import_is_used_where_it_says():
    runtime, dev = _declared()
    for name, (what, file, evidence) in USED_WITHOUT_IMPORT.items():
        assert name in runtime | dev, f"USED_WITHOUT_IMPORT names {name}, which pyproject.toml does not declare: remove it from the list"
        assert evidence in (KIT_ROOT / file).read_text(encoding="utf-8"), f"{name} is kept as {what}, but {file} no longer shows {evidence!r}"


def test_test_only_packages_are_in_the_dev_extra_and_still_pinned():
    """scikit-learn and nbclient are for the kit's own tests: students and Gradescope do not install them by name."""
    import subprocess
    import sys

    runtime, dev = _declared()
    assert {"scikit-learn", "nbclient"} <= dev and not {"scikit-learn", "nbclient"} & runtime
    installed = subprocess.run([sys.executable, str(KIT_ROOT / "tools" / "requirements.py"), "--dev"],
                               capture_output=True, text=True, check=True).stdout.split()
    assert "scikit-learn==1.9.1" in installed and any(line.startswith("nbclient==") for line in installed)


def test_a_declared_dependency_is_never_optional():
    """A missing pinned package is a broken install: code that catches its ImportError must raise a clear error,
    never fall back quietly (as the written answers' page once showed plain text without markdown-it-py)."""
    import ast
    from importlib.metadata import packages_distributions

    runtime, dev = _declared()
    provider = packages_distributions()
    quiet = []
    for folder in RUNTIME_CODE + SITE_CODE + DEV_CODE:
        for path in sorted((KIT_ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if not isinstance(node, ast.Try):
                    continue
                imported = {alias.name if isinstance(n, ast.Import) else n.module
                            for statement in node.body for n in ast.walk(statement)
                            if isinstance(n, ast.Import) or (isinstance(n, ast.ImportFrom) and not n.level)
                            for alias in n.names}
                declared = sorted({_canonical(d) for module in imported for d in provider.get(module.split(".")[0], ())}
                                  & (runtime | dev))
                for handler in node.handlers:
                    names = {getattr(t, "id", None) for t in ([handler.type] if not isinstance(handler.type, ast.Tuple) else handler.type.elts)}
                    if declared and names & {"ImportError", "ModuleNotFoundError"} and not isinstance(handler.body[-1], ast.Raise):
                        quiet.append(f"{path.relative_to(KIT_ROOT)}:{handler.lineno} carries on without {', '.join(declared)}")
    assert not quiet, ("a declared dependency is treated as optional (raise an error that says to run make venv "
                       "instead): " + "; ".join(quiet) + ".")
