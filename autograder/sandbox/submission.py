"""Read a submission (a .py, a notebook, a folder or a zip) into the source of a ``deepnn`` module.

Nothing here runs student code: files are read as text, notebooks as JSON, code is parsed
with ``ast``. A folder or a zip is read by :mod:`autograder.sandbox.intake`: links are never
followed, sizes are checked before reading, the same caps apply to both.
"""

import ast
import dataclasses
import json
import stat
from pathlib import Path, PurePosixPath

from .intake import SKIPPED_DIRS, IntakeError, content_hash, scan_folder, scan_zip

MAX_SOURCE_BYTES = 5 * 1024 * 1024
#: How the message about an upload (zip or folder) without deepnn.py starts: the one thing to fix.
MISSING_DEEPNN = "no deepnn.py in your upload"
#: How the note listing a notebook's left-out statements starts (its first line; one "- " line per statement follows).
LEFT_OUT_INTRO = "Top-level code of your notebook is not run by the grader"


class SubmissionError(Exception):
    """The submission cannot be read; the message says what is wrong and what to fix."""


@dataclasses.dataclass
class Submission:
    student_id: str
    path: Path
    kind: str  # "py" or "ipynb"
    source: str  # the module the worker imports as deepnn
    content_hash: str
    notes: list = dataclasses.field(default_factory=list)  # what the student should know (left-out cells, ...)
    error: str = ""  # set when nothing gradable was found


def student_id_of(path):
    path = Path(path)
    name = path.name.rstrip("/")
    for suffix in (".py", ".ipynb", ".zip"):
        if name.lower().endswith(suffix) and path.is_file():
            return name[: -len(suffix)]
    return name


def _choose(names):
    """The member to grade among relative POSIX paths: deepnn.py first, then a notebook, then a lone .py."""
    visible = [n for n in names if not any(part in SKIPPED_DIRS or part.startswith(".") for part in PurePosixPath(n).parts)]
    by_depth = sorted(visible, key=lambda n: (len(PurePosixPath(n).parts), n))
    for rule in (
        lambda n: PurePosixPath(n).name == "deepnn.py",
        lambda n: PurePosixPath(n).name == "homework.ipynb",
        lambda n: PurePosixPath(n).name.endswith(".ipynb"),
    ):
        found = [n for n in by_depth if rule(n)]
        if found:
            return found[0]
    py = [n for n in by_depth if n.endswith(".py")]
    if len(py) == 1:
        return py[0]
    return None


def _decode(data, what):
    if len(data) > MAX_SOURCE_BYTES:
        raise SubmissionError(f"{what} is larger than {MAX_SOURCE_BYTES // 2**20} MB: submit only your code")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _found(upload):
    """What the upload holds, in words: its files, then its ignored members marked as such."""
    names = list(upload.files) + [f"{name} ({why.split(' (')[0]}, not read)" for name, why in upload.ignored]
    shown = ", ".join(sorted(names)[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")
    return shown or "nothing"


def _read_upload(upload):
    """(bytes, member name, notes) of the member to grade in a folder or zip upload."""
    notes = []
    if upload.ignored:
        notes.append("Ignored in your upload (never read): "
                     + "; ".join(f"{name}, {why}" for name, why in upload.ignored[:10])
                     + (f"; and {len(upload.ignored) - 10} more" if len(upload.ignored) > 10 else ""))
    chosen = _choose(list(upload.files))
    missing = f"{MISSING_DEEPNN} (found: {_found(upload)})"
    if chosen is None:
        raise SubmissionError(missing + "\nPut deepnn.py (the file itself, not a link) in your upload and submit again.")
    if PurePosixPath(chosen).name != "deepnn.py":
        notes.append(f"{missing}: graded the functions defined in {chosen} instead.")
    try:
        return upload.read(chosen, MAX_SOURCE_BYTES), chosen, notes
    except IntakeError as error:
        raise SubmissionError(str(error)) from None


def _read_file(path):
    """The bytes of a submission given as one file (the instructor's path), its size checked first."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise SubmissionError(f"{path.name} is not a regular file: submit deepnn.py, your notebook, a folder or a zip")
    if info.st_size > MAX_SOURCE_BYTES:
        raise SubmissionError(f"{path.name} is larger than {MAX_SOURCE_BYTES // 2**20} MB: submit only your code")
    with path.open("rb") as handle:
        return handle.read(MAX_SOURCE_BYTES + 1)


def load_submission(path, student_id=None):
    """A :class:`Submission`; problems become ``error`` (the grader then fails every test with it).

    Nothing the student made is followed: see :mod:`autograder.sandbox.intake`.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"submission not found: {path} (give a .py, .ipynb, .zip file or a folder)")
    sid = student_id or student_id_of(path)
    sub = Submission(student_id=sid, path=path, kind="py", source="", content_hash=content_hash(path))
    try:
        if path.is_dir() or path.suffix.lower() == ".zip":
            try:
                with (scan_folder(path) if path.is_dir() else scan_zip(path)) as upload:
                    data, name, notes = _read_upload(upload)
            except IntakeError as error:
                raise SubmissionError(str(error)) from None
            sub.notes.extend(notes)
        else:
            data, name = _read_file(path), path.name
        text = _decode(data, name)
        if name.lower().endswith(".ipynb"):
            sub.kind = "ipynb"
            sub.source, notes = notebook_source(text)
            if name != path.name and not _defines_functions(sub.source):
                sub.notes = [note for note in sub.notes if not note.startswith(MISSING_DEEPNN)]
                raise SubmissionError(f"{MISSING_DEEPNN} (found: {_found(upload)})\n"
                                      f"{name} defines no function (it imports them from deepnn.py): put deepnn.py in your upload too.")
            sub.notes.extend(notes)
        elif name.lower().endswith(".py"):
            sub.source = text
        else:
            raise SubmissionError(f"{name} is neither a .py file nor a notebook: submit deepnn.py (or your notebook)")
        if name != path.name and not any(note.startswith(MISSING_DEEPNN) for note in sub.notes):
            sub.notes.insert(0, f"Graded file: {name}")
    except SubmissionError as error:
        sub.error = str(error)
    return sub


def _defines_functions(source):
    try:
        return any(isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) for node in ast.parse(source).body)
    except SyntaxError:
        return True  # the worker reports it


# --------------------------------------------------------------------------- notebooks

_KEPT = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _is_constant(node):
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return all(_is_constant(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is not None and _is_constant(k) for k in node.keys) and all(_is_constant(v) for v in node.values)
    if isinstance(node, ast.UnaryOp):
        return _is_constant(node.operand)
    if isinstance(node, ast.BinOp):
        return _is_constant(node.left) and _is_constant(node.right)
    return False


def _is_definition(node):
    if isinstance(node, _KEPT):
        return True
    if isinstance(node, ast.Assign):
        return all(isinstance(t, ast.Name) for t in node.targets) and _is_constant(node.value)
    if isinstance(node, ast.AnnAssign):
        return isinstance(node.target, ast.Name) and node.value is not None and _is_constant(node.value)
    if ast.get_docstring(ast.Module(body=[node], type_ignores=[]), clean=False) is not None:
        return True  # a string on its own: a docstring where it stands first
    return False


def _strip_magics(source):
    """Drop IPython ``%magic``/``!shell`` lines; a ``%%cell`` magic drops the whole cell (None)."""
    lines = source.splitlines()
    first = next((l for l in lines if l.strip()), "")
    if first.lstrip().startswith("%%"):
        return None
    return "\n".join("" if l.lstrip().startswith(("%", "!")) else l for l in lines)


def notebook_source(text):
    """(module source, notes): the definitions of the notebook's code cells, top-level experiments left out."""
    try:
        notebook = json.loads(text)
        cells = notebook["cells"]
    except (ValueError, KeyError, TypeError):
        raise SubmissionError("the notebook cannot be read (not valid .ipynb JSON): save it again from Jupyter") from None
    kept, left_out, notes = [], [], []
    number = 0
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        number += 1
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        stripped = _strip_magics(source)
        if stripped is None:
            notes.append(f"code cell {number}: a %% cell magic, left out")
            continue
        try:
            tree = ast.parse(stripped)
        except SyntaxError as error:
            notes.append(f"code cell {number} has a syntax error (line {error.lineno}: {error.msg}) and was left out: fix it")
            continue
        lines = stripped.splitlines()
        for node in tree.body:
            start = (node.decorator_list[0].lineno if getattr(node, "decorator_list", None) else node.lineno) - 1
            segment = "\n".join(lines[start:node.end_lineno])
            if _is_definition(node):
                kept.append(segment)
            else:
                first_line = segment.strip().splitlines()[0] if segment.strip() else ""
                left_out.append(f"code cell {number}, line {node.lineno}: `{first_line[:80]}`")
    if left_out:
        notes.append(
            f"{LEFT_OUT_INTRO} (only imports, functions, classes and constants are kept). Left out:\n"
            + "\n".join(f"- {item}" for item in left_out)
        )
    return "\n\n".join(kept) + "\n", notes
