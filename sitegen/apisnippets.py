"""The API snippets: the signature and docstring of each public function of the student starter.

The pages include them with pymdownx.snippets (``snippets/api/<function>.py``), so the
API shown on the site is always the starter's own text (never anything from solutions/).
"""

import ast
from pathlib import Path

from .jobs import STARTER_SOURCE, Job


def api_snippets_job():
    """The job that writes one snippet per public function of ``course/deepnn.py``."""
    return Job("api-snippets", render_api_snippets, deps=[STARTER_SOURCE, Path(__file__).resolve()])


def render_api_snippets(results):
    return {f"snippets/api/{name}.py": text.encode() for name, text in starter_signatures(STARTER_SOURCE.read_text()).items()}


def starter_signatures(source):
    """{function name: its ``def`` line(s) and docstring, as written} for the public functions of ``source``.

    A function without a docstring gives its ``def`` line(s) alone.
    """
    lines = source.splitlines(keepends=True)
    found = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        first = node.body[0]
        end = first.end_lineno if ast.get_docstring(node, clean=False) is not None else first.lineno - 1
        found[node.name] = "".join(lines[node.lineno - 1 : end])
    return found
