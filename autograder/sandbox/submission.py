"""Read a submission (a .py, a notebook, a folder or a zip) into the source of a ``deepnn`` module.

Nothing here runs student code: files are read as text, notebooks as JSON, code is parsed
with ``ast``. A zip is read in memory (never extracted), with caps on its members.
"""

import ast
import dataclasses
import hashlib
import json
import zipfile
from pathlib import Path, PurePosixPath

MAX_SOURCE_BYTES = 5 * 1024 * 1024
MAX_ZIP_MEMBERS = 500
MAX_ZIP_TOTAL = 100 * 1024 * 1024
SKIPPED_DIRS = {"__MACOSX", ".ipynb_checkpoints", "__pycache__", ".git"}


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


def content_hash(path):
    path = Path(path)
    digest = hashlib.sha256()
    if path.is_dir():
        for item in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(str(item.relative_to(path)).encode() + b"\0")
            digest.update(hashlib.sha256(item.read_bytes()).digest())
    else:
        digest.update(path.read_bytes())
    return digest.hexdigest()


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


def load_submission(path, student_id=None):
    """A :class:`Submission`; problems become ``error`` (the grader then fails every test with it)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"submission not found: {path} (give a .py, .ipynb, .zip file or a folder)")
    sid = student_id or student_id_of(path)
    sub = Submission(student_id=sid, path=path, kind="py", source="", content_hash=content_hash(path))
    try:
        if path.is_dir():
            names = [str(p.relative_to(path).as_posix()) for p in path.rglob("*") if p.is_file()]
            chosen = _choose(names)
            if chosen is None:
                raise SubmissionError(f"no deepnn.py (or notebook) found in the folder {path.name}: found {', '.join(sorted(names)[:10]) or 'nothing'}")
            data, name = (path / chosen).read_bytes(), chosen
        elif path.suffix.lower() == ".zip":
            data, name = _read_zip(path)
        else:
            data, name = path.read_bytes(), path.name
        text = _decode(data, name)
        if name.lower().endswith(".ipynb"):
            sub.kind = "ipynb"
            sub.source, notes = notebook_source(text)
            sub.notes.extend(notes)
        elif name.lower().endswith(".py"):
            sub.source = text
        else:
            raise SubmissionError(f"{name} is neither a .py file nor a notebook: submit deepnn.py (or your notebook)")
        if name != path.name:
            sub.notes.insert(0, f"Graded file: {name}")
    except SubmissionError as error:
        sub.error = str(error)
    return sub


def _read_zip(path):
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise SubmissionError(f"{path.name} is not a valid zip file ({error}): zip your deepnn.py again") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise SubmissionError(f"the zip holds {len(infos)} files (at most {MAX_ZIP_MEMBERS}): zip only deepnn.py and your notebook")
        if sum(i.file_size for i in infos) > MAX_ZIP_TOTAL:
            raise SubmissionError(f"the zip unpacks to more than {MAX_ZIP_TOTAL // 2**20} MB: zip only deepnn.py and your notebook")
        safe = {}
        for info in infos:
            name = info.filename.replace("\\", "/")
            parts = PurePosixPath(name).parts
            is_link = (info.external_attr >> 16) & 0o170000 == 0o120000
            if info.is_dir() or is_link or name.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
                continue
            safe[name] = info
        chosen = _choose(list(safe))
        if chosen is None:
            raise SubmissionError(f"no deepnn.py (or notebook) found in {path.name}: found {', '.join(sorted(safe)[:10]) or 'nothing'}")
        info = safe[chosen]
        if info.file_size > MAX_SOURCE_BYTES:
            raise SubmissionError(f"{chosen} in the zip is larger than {MAX_SOURCE_BYTES // 2**20} MB")
        with archive.open(info) as member:
            data = member.read(MAX_SOURCE_BYTES + 1)
        return data, chosen


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
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
        return True  # a docstring
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
            "Top-level code of your notebook is not run by the grader (only imports, functions, classes and constants are kept). Left out:\n"
            + "\n".join(f"- {item}" for item in left_out)
        )
    return "\n\n".join(kept) + "\n", notes
