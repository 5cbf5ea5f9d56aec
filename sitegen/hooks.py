"""MkDocs hooks (mkdocs.yml ``hooks:``): the generated figures and number tables join the site.

``on_config`` brings the generated files up to date (cached: fast when nothing
changed) and points pymdownx.snippets at ``course/`` and the generated snippets,
as absolute paths, so ``mkdocs build`` works from any directory. ``on_files``
adds the generated figures to the site as ``figures/*``, straight from the cache.
"""

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mkdocs.structure.files import File  # noqa: E402

from sitegen.generate import generate  # noqa: E402

log = logging.getLogger("mkdocs.sitegen")
#: This build's cache folders (set by on_config).
_folders = []


def on_config(config):
    summary = generate(log=log.info)
    log.info(f"sitegen: {summary['jobs']} figure jobs, {len(summary['made'])} made, {summary['seconds']:.1f} s")
    _folders[:] = summary["folders"]
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    # Only these folders can be included: the public course files and the generated snippets.
    snippets["base_path"] = [str(ROOT / "course")] + [str(folder / "snippets") for folder in _folders if (folder / "snippets").is_dir()]
    snippets["restrict_base_path"] = True
    snippets["check_paths"] = True
    return config


def on_files(files, config):
    for folder in _folders:
        if (folder / "figures").is_dir():
            for path in sorted((folder / "figures").iterdir()):
                files.append(File.generated(config, f"figures/{path.name}", abs_src_path=str(path)))
    return files
