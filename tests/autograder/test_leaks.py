"""The leak scanner (autograder/leaks.py): it finds a reference body, a hidden test case and the secret where they
are planted, names the file and the line, finds nothing in what the kit makes public, and `release` refuses a
bundle that would leak (built from a temporary copy of the kit: nothing is planted in the real tree)."""

import ast
import html
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import KIT_ROOT, leaks

SECRET = "leak-test-secret-0c4f9d2e"


@pytest.fixture(scope="module")
def private():
    return leaks.private_material(secrets=(SECRET,))


def _function_source(path, name):
    """The full text of a top-level function of ``path`` (def line to last line)."""
    source = Path(path).read_text()
    node = next(n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef) and n.name == name)
    return "\n".join(source.splitlines()[node.lineno - 1: node.end_lineno]) + "\n"


def test_the_scan_has_something_to_look_for(private):
    kinds = [what for what in private.fragments.values()]
    assert sum("code of the reference's" in what for what in kinds) > 100
    assert sum("hidden test case" in what for what in kinds) > 100
    assert all(len(fragment) >= leaks.MIN_FRAGMENT_CHARS for fragment in private.fragments)
    assert private.secrets == (SECRET,)
    assert leaks.private_material(secrets=(None, "", "  ")).secrets == ()


def test_what_the_kit_makes_public_holds_nothing_private(private):
    course = KIT_ROOT / "course"
    files = {path.relative_to(course).as_posix(): path.read_bytes() for path in sorted(course.rglob("*"))
             if path.is_file() and "__pycache__" not in path.parts}
    assert "deepnn.py" in files and "tests/q4_backward.py" in files and "homework.ipynb" in files
    assert leaks.scan(files, private) == []


def test_a_planted_reference_body_is_found_at_its_line(private):
    body = _function_source(KIT_ROOT / "solutions" / "deepnn.py", "layer_backward")
    helper = (KIT_ROOT / "course" / "nndata.py").read_text()
    planted = helper + "\n\n" + body
    first_body_line = len(planted.splitlines()) - len(body.splitlines()) + 1  # the def line
    findings = leaks.scan({"nndata.py": planted, "clean.py": helper}, private)
    assert [f.file for f in findings] == ["nndata.py"], findings
    assert "layer_backward" in findings[0].what and first_body_line < findings[0].line <= len(planted.splitlines())
    assert str(findings[0]).startswith(f"nndata.py, line {findings[0].line}: code of the reference's layer_backward")


def test_a_reference_line_hidden_in_markup_is_found(private):
    fragment = next(f for f, what in private.fragments.items() if "reference" in what and " " in f and "<" not in f)
    page = "<p>text</p>\n<pre><code>" + html.escape(fragment).replace(" ", ' <span class="n"></span>', 1) + "</code></pre>\n"
    findings = leaks.scan({"page.html": page}, private)
    assert len(findings) == 1 and findings[0].line == 2, findings


def test_a_hidden_case_and_the_secret_are_found(private):
    hidden = (KIT_ROOT / "autograder" / "questions" / "q4_backward.py").read_text()
    findings = leaks.scan({"tests/q4_backward.py": hidden, "notes.md": f"one\nthe key: {SECRET}\n",
                           "public.py": (KIT_ROOT / "course" / "tests" / "q4_backward.py").read_text()}, private)
    files = {f.file for f in findings}
    assert files == {"tests/q4_backward.py", "notes.md"}, findings
    assert any("hidden test case" in f.what for f in findings if f.file == "tests/q4_backward.py")
    assert [(f.line, f.what) for f in findings if f.file == "notes.md"] == [(2, "the instructor secret")]


def test_a_zip_and_a_notebook_are_read_as_text(private, tmp_path):
    import json
    import zipfile

    body = _function_source(KIT_ROOT / "solutions" / "deepnn.py", "compute_cost")
    notebook = {"cells": [{"cell_type": "code", "source": body.splitlines(keepends=True), "metadata": {}, "outputs": [],
                           "execution_count": None}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    with zipfile.ZipFile(tmp_path / "bundle.zip", "w") as archive:
        archive.writestr("hw/homework.ipynb", json.dumps(notebook, indent=1))
        archive.writestr("hw/README.md", "nothing here\n")
    findings = leaks.scan(leaks.zip_files(tmp_path / "bundle.zip"), private)
    assert [f.file for f in findings] == ["hw/homework.ipynb"] and "compute_cost" in findings[0].what
    assert findings[0].line > 1


def _kit_copy(root):
    """The files `release` reads, copied to ``root`` (caches left out)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "secret.txt")
    for folder in ("autograder", "course", "solutions"):
        shutil.copytree(KIT_ROOT / folder, root / folder, ignore=ignore)
    for name in ("pyproject.toml", "constraints.txt"):
        shutil.copy(KIT_ROOT / name, root / name)
    return root


def test_release_refuses_a_bundle_with_a_reference_body_planted_in_it(tmp_path):
    kit = _kit_copy(tmp_path / "kit")
    helper = kit / "course" / "nndata.py"
    helper.write_text(helper.read_text() + "\n\n" + _function_source(kit / "solutions" / "deepnn.py", "model_backward"))
    out = tmp_path / "release"
    env = dict(os.environ, AUTOGRADER_SECRET=SECRET)
    done = subprocess.run([sys.executable, "-m", "autograder", "release", "--out", str(out)], cwd=kit, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr  # the convention: the command ran and found a problem
    assert "refused" in done.stderr and "nndata.py, line " in done.stderr and "model_backward" in done.stderr, done.stderr
    assert not (out / "student.zip").exists() and not (out / "student").exists() and not (out / "autograder.zip").exists()
    helper.write_text(helper.read_text().replace(_function_source(kit / "solutions" / "deepnn.py", "model_backward"), ""))
    again = subprocess.run([sys.executable, "-m", "autograder", "release", "--out", str(out)], cwd=kit, env=env,
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert (out / "student.zip").is_file()


def test_a_line_with_quotes_inside_a_notebook_is_found_through_its_json_strings(private):
    """In a notebook's JSON a quote is written \\" : only the decoded strings hold the reference's line as it is."""
    import json

    quoted = [fragment for fragment, what in private.fragments.items() if '"' in fragment and "code of the reference's" in what]
    assert quoted, "the reference has no line with a double quote left to plant"
    line = quoted[0]
    notebook = json.dumps({"cells": [{"cell_type": "code", "source": ["x = 1\n", line + "\n"]}]}, indent=1)
    assert line not in notebook  # the raw file does not hold it as it is
    findings = leaks.scan({"homework.ipynb": notebook}, private)
    assert [f.file for f in findings] == ["homework.ipynb"] and "code of the reference's" in findings[0].what
