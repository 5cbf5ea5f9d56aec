"""Print the pinned requirements from pyproject.toml, one per line (the single source of truth).

Usage: python tools/requirements.py [--dev]
"""

import sys
import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())["project"]
requirements = list(project["dependencies"])
if "--dev" in sys.argv[1:]:  # the kit's own environment: the site's build and the tests too
    requirements += project["optional-dependencies"]["site"] + project["optional-dependencies"]["dev"]
print("\n".join(requirements))
