"""Build the student bundle and Gradescope's autograder.zip from the repository.

Every file is made in memory first (``{path in the bundle: (bytes, mode)}``), then
written to a folder and to a zip with fixed timestamps, sorted names and fixed
permissions, so the same repository always gives byte-identical zips.
"""

import ast
import io
import json
import re
import stat
import tomllib
import zipfile
from pathlib import Path

from .. import COURSE_DIR, KIT_ROOT, SOLUTIONS_DIR, leaks, public_helpers
from ..exitcodes import BAD_INPUT, PROBLEM
from ..config import ConfigError, load
from ..files import write_atomic
from ..secret import SecretError, resolve_secret

ZIP_TIME = (2020, 1, 1, 0, 0, 0)
STUDENT_ZIP_FOLDER = "deepnn_homework"
#: Where setup.sh makes the grading environment on Gradescope's image.
GRADESCOPE_VENV = "/opt/deepnn-venv"
#: The public course files students get, from course/.
STUDENT_COURSE_FILES = ("deepnn.py", *public_helpers(), "check.py", "otterfiles.py", "rules.json")
#: The kit files the Gradescope autograder needs besides autograder/ (the grading engine, hidden tests, reference).
AUTOGRADER_EXTRA = ("solutions/deepnn.py", "course/deepnn.py", *(f"course/{name}" for name in public_helpers()),
                    "course/otterfiles.py", "pyproject.toml", "constraints.txt")
SKIP_PARTS = {"__pycache__", ".pytest_cache", ".ipynb_checkpoints"}
TEMPLATES = Path(__file__).resolve().parent / "templates"


class ReleaseError(RuntimeError):
    """The repository is not ready for a release, or an option is bad; the message says what to fix.

    ``code``: the command's exit status (autograder/exitcodes.py): PROBLEM for the kit's own state (a drift,
    a missing file, a leak), BAD_INPUT for what the instructor gave (an option, a secret file, assignment.toml)."""

    def __init__(self, message, code=PROBLEM):
        super().__init__(message)
        self.code = code


def _read(path):
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise ReleaseError(f"{path} is missing: the release needs it (restore it from the kit's repository)") from None


# ---------------------------------------------------------------- pinned dependencies

def pinned_requirements(root=KIT_ROOT, *, student=False):
    """The runtime dependencies, pinned, from pyproject.toml (the kit's single source of versions);
    ``student``: with the ``student`` extra too (JupyterLab, for the notebook)."""
    project = tomllib.loads(_read(Path(root) / "pyproject.toml").decode())["project"]
    requirements = list(project["dependencies"])
    if student:
        requirements += project.get("optional-dependencies", {}).get("student", [])
    loose = [r for r in requirements if "==" not in r]
    if loose:
        raise ReleaseError(f"pyproject.toml: pin every dependency exactly (name==version): {', '.join(loose)}")
    return requirements


# ---------------------------------------------------------------- student bundle

def public_notebook(path=None):
    """The homework notebook with no outputs, no execution counts and only harmless metadata."""
    import nbformat

    path = Path(path) if path else COURSE_DIR / "homework.ipynb"
    try:
        notebook = nbformat.read(path, as_version=4)
    except FileNotFoundError:
        raise ReleaseError(f"{path} is missing: the release ships the homework notebook") from None
    notebook.metadata = nbformat.from_dict({
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    })
    for cell in notebook.cells:
        tags = cell.get("metadata", {}).get("tags")
        cell.metadata = nbformat.from_dict({"tags": list(tags)} if tags else {})
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.pop("attachments", None)
    nbformat.validate(notebook)
    return (nbformat.writes(notebook) + "\n").encode()


def public_tests():
    """``{file name: bytes}`` of the public test files: generated from the private ones (hidden cases
    removed), and the committed course/tests/ must match them (the notebook's ``grader.check`` uses it)."""
    tests_dir = COURSE_DIR / "tests"
    committed = {p.name: p.read_bytes() for p in sorted(tests_dir.glob("*.py"))} if tests_dir.is_dir() else {}
    from ..sync.publish import public_test_files

    generated = {Path(p).name: text.encode() for p, text in public_test_files().items()}
    if committed and committed != generated:
        stale = sorted(n for n in set(generated) | set(committed) if generated.get(n) != committed.get(n))
        raise ReleaseError(f"course/tests/ is out of date ({', '.join(stale)}): run `make sync` and commit it")
    if not generated:
        raise ReleaseError("autograder/sync/publish.py gave no public test files")
    return generated


def _api_names():
    tree = ast.parse(_read(SOLUTIONS_DIR / "deepnn.py").decode())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise ReleaseError("solutions/deepnn.py has no __all__ (the student API)")


def package_script(max_file_mb):
    """autograder/package/submission.py with the assignment's size limit and the API written in."""
    text = _read(Path(__file__).resolve().parent.parent / "package" / "submission.py").decode()
    literal = int(max_file_mb) if float(max_file_mb).is_integer() else max_file_mb  # 5, as the file writes it, not 5.0
    text, n1 = re.subn(r"^DEFAULT_MAX_FILE_MB = .*$", f"DEFAULT_MAX_FILE_MB = {literal!r}", text, count=1, flags=re.MULTILINE)
    text, n2 = re.subn(r"^API_NAMES = None$", f"API_NAMES = {_api_names()!r}", text, count=1, flags=re.MULTILINE)
    if (n1, n2) != (1, 1):
        raise ReleaseError("autograder/package/submission.py lost its DEFAULT_MAX_FILE_MB or API_NAMES line")
    return text.encode()


def student_readme(assignment, test_names):
    """The bundle's README.md for ``assignment`` (an :class:`autograder.config.Assignment`)."""
    from ..rules import assignment_rules, render_markdown

    template = _read(TEMPLATES / "student_README.md").decode()
    return template.format(
        assignment=assignment.name,
        rules=render_markdown(assignment_rules(assignment=assignment)).rstrip("\n"),
        max_file_mb=f"{assignment.submission.max_file_mb:g}",
        first_test=Path(test_names[0]).stem if test_names else "q1_init",
    ).encode()


def student_files(assignment=None):
    """``{path: (bytes, mode)}`` of the student bundle; ``assignment`` defaults to ``config.load()``."""
    assignment = assignment if assignment is not None else load()
    files = {name: (_read(COURSE_DIR / name), 0o644) for name in STUDENT_COURSE_FILES}
    files["homework.ipynb"] = (public_notebook(), 0o644)
    tests = public_tests()
    files.update({f"tests/{name}": (data, 0o644) for name, data in tests.items()})
    files["package_submission.py"] = (package_script(assignment.submission.max_file_mb), 0o755)
    files["requirements.txt"] = (("\n".join(pinned_requirements(student=True)) + "\n").encode(), 0o644)
    from ..questions import QUESTION_IDS as order

    names = sorted(tests, key=lambda n: (order.index(Path(n).stem) if Path(n).stem in order else len(order), n))
    files["README.md"] = (student_readme(assignment, names), 0o644)
    return files


# ---------------------------------------------------------------- Gradescope autograder

def _kit_tree(folder):
    root = KIT_ROOT / folder
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(KIT_ROOT).parts
        if path.is_file() and not SKIP_PARTS & set(parts) and not any(p.startswith(".") for p in parts) \
                and path.suffix not in (".pyc", ".tmp", ".log"):
            yield path.relative_to(KIT_ROOT).as_posix(), path


def autograder_files(secret=None):
    """``{path: (bytes, mode)}`` of autograder.zip: setup.sh, run_autograder and the grading engine."""
    files = {}
    for name, path in _kit_tree("autograder"):
        if name == "autograder/secret.txt":
            continue  # the secret is added below, explicitly
        files[name] = (path.read_bytes(), 0o644)
    if not any(n.startswith("autograder/questions/") and n != "autograder/questions/__init__.py" for n in files):
        raise ReleaseError("autograder/questions/ has no test files: the autograder would grade nothing")
    for name in AUTOGRADER_EXTRA:
        files[name] = (_read(KIT_ROOT / name), 0o644)
    if secret:
        files["autograder/secret.txt"] = (secret.encode() + b"\n", 0o600)
    files["requirements.txt"] = (("\n".join(pinned_requirements()) + "\n").encode(), 0o644)
    files["setup.sh"] = (_read(TEMPLATES / "setup.sh").decode().replace("@VENV@", GRADESCOPE_VENV).encode(), 0o755)
    files["run_autograder"] = (_read(TEMPLATES / "run_autograder").decode().replace("@VENV@", GRADESCOPE_VENV).encode(), 0o755)
    return files


# ---------------------------------------------------------------- writing

def zip_bytes(files, prefix=""):
    """A zip of ``files`` with fixed timestamps, sorted names and fixed permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            data, mode = files[name]
            info = zipfile.ZipInfo(prefix + name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so the permissions below are honoured
            info.external_attr = (stat.S_IFREG | mode) << 16
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def write_tree(files, folder):
    folder = Path(folder)
    for name, (data, mode) in sorted(files.items()):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        path.chmod(mode)


def find_secret(secret_file=None):
    """The instructor secret to ship in autograder.zip, found as ``grade`` finds it (autograder/secret.py), or None
    for the demo secret; ReleaseError (the same sentence as ``grade``'s) for an unreadable or empty secret file."""
    try:
        secret, source = resolve_secret(secret_file)
    except SecretError as error:
        raise ReleaseError(str(error), BAD_INPUT) from None
    return None if source == "demo" else secret


def refuse_leaks(student, secret=None):
    """Raise a ReleaseError naming each leak (file, line, what) when the student files hold anything private."""
    findings = leaks.scan({name: data for name, (data, _) in student.items()}, leaks.private_material(secrets=(secret,)))
    if findings:
        raise ReleaseError(f"refused: the student bundle would leak private material, so nothing was written: "
                           f"{leaks.describe(findings)}. Remove it from the kit's file named (in course/ or the "
                           "bundle's templates) and release again")


def release(out, *, secret_file=None):
    """Write ``out/student/``, ``out/student.zip`` and ``out/autograder.zip``; returns a summary dict."""
    import shutil

    out = Path(out)
    try:
        assignment = load()  # checked before anything is written: a release never ships a broken assignment.toml
    except ConfigError as error:
        raise ReleaseError(str(error), BAD_INPUT) from None
    secret = find_secret(secret_file)
    student = student_files(assignment)
    grader = autograder_files(secret)
    refuse_leaks(student, secret)
    if (out / "student").exists():
        shutil.rmtree(out / "student")
    write_tree(student, out / "student")
    write_atomic(out / "student.zip", zip_bytes(student, prefix=f"{STUDENT_ZIP_FOLDER}/"))
    write_atomic(out / "autograder.zip", zip_bytes(grader))
    manifest = {"student": sorted(student), "autograder": sorted(grader), "secret": "instructor" if secret else "demo"}
    write_atomic(out / "manifest.json", json.dumps(manifest, indent=2) + "\n")
    return manifest
