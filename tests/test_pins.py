"""One source of truth for versions: pyproject.toml pins each direct dependency, constraints.txt agrees."""

import re
import tomllib

from autograder import KIT_ROOT


def _name(requirement):
    return re.split(r"[\[=<>!~ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_dependency_is_pinned_exactly_and_matches_the_constraints():
    project = tomllib.loads((KIT_ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    requirements = project["dependencies"] + extras["dev"] + extras["student"]
    constraints = {}
    for line in (KIT_ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            constraints[_name(name)] = version.strip()
    for requirement in requirements:
        assert "==" in requirement, f"{requirement} is not pinned to one version"
        version = requirement.split("==")[1]
        assert constraints.get(_name(requirement)) == version, f"{requirement}: constraints.txt has {constraints.get(_name(requirement))}"
