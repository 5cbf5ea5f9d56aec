"""Build the course site: figures and numbers from the reference, then ``mkdocs build --strict``.

``python -m sitegen`` (or ``sitegen.build.build_site()``) writes the site to ``build/site/``.
Figures are made at build time from the private reference implementation
(``autograder.reference.load_reference()``): only images and numbers reach the
site, never the reference's code. Each figure is cached under ``build/sitegen/cache/``,
keyed on a hash of everything it depends on (the reference's source, course/nndata.py,
the figure code, the library versions), so an unchanged build skips them.

The modules import downwards only:

* ``build`` (``python -m sitegen``) and ``hooks`` (MkDocs) call ``generate``, which runs
  the jobs the figure modules describe and caches their outputs and training runs;
* the figure modules make the jobs: ``apisnippets``, ``diagrams``, ``experiments``,
  ``playground`` and ``pages`` (which gathers ``datastory``, ``worked``, ``mistakes``,
  ``aftersubmit``);
* below them: ``jobs`` (``Job``, the sources figures are made from, the cache key),
  ``training`` (the reference, the data sets, one training run), ``settings`` (every
  setting shown; ``shown`` lists them for the check), ``gradedcheck``, ``curves``,
  ``style``, ``toydata``.
"""

from pathlib import Path

#: The repository root (holds mkdocs.yml, site/, course/, solutions/).
ROOT = Path(__file__).resolve().parent.parent
#: Everything sitegen writes lives under build/ (ignored by git).
BUILD_DIR = ROOT / "build"
WORK_DIR = BUILD_DIR / "sitegen"
CACHE_DIR = WORK_DIR / "cache"
SITE_OUT = BUILD_DIR / "site"
