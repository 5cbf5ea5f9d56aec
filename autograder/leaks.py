"""The leak scanner: is anything private in a set of files that students or the public will get?

Private is: the reference's function bodies (``solutions/deepnn.py``; its signatures and docstrings
are public, the starter has them), the hidden test cases with the helpers only they use (what
``autograder/questions/<qid>.py`` holds beyond its public version ``course/tests/<qid>.py``), and
the instructor secret when it is given. :func:`scan` looks for them in ``{name: bytes or str}``
(:func:`folder_files`, :func:`zip_files` read a folder or a zip) and returns a :class:`Finding`
per file and leak, each saying the file, the line and what leaked. ``release`` refuses a bundle
with a finding; the kit's tests scan the bundle and the built site with the same function.

Text is compared with its whitespace collapsed (an HTML page with its tags removed and its
entities decoded, a JSON file or notebook as its strings), so indentation, wrapping and markup
do not hide a leak. A *fragment* is one line of private code, or two consecutive lines
joined, at least :data:`MIN_FRAGMENT_CHARS` characters long (shorter ones, ``return A``, say
nothing on their own). A line found in a public file of the kit's ``course/`` is not private
or of its notebook (public helpers share idioms such as ``m = A_prev.shape[1]``); a pair of lines
is private unless the starter or the public tests hold it, so a body copied into a public helper
or the notebook is still found.
"""

import ast
import html
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import KIT_ROOT

#: The one threshold: a fragment of private code shorter than this (whitespace collapsed) is not looked for.
MIN_FRAGMENT_CHARS = 16
#: Suffixes read as text; any other file is read as text too when it decodes as UTF-8.
HTML_SUFFIXES = {".html", ".htm", ".xml", ".svg"}
JSON_SUFFIXES = {".json", ".ipynb"}


@dataclass(frozen=True)
class Finding:
    """One leak: ``file`` (its name in the scanned set), ``line`` (1-based, 0 when unknown) and ``what`` leaked."""

    file: str
    line: int
    what: str

    def __str__(self):
        where = f"{self.file}, line {self.line}" if self.line else self.file
        return f"{where}: {self.what}"


@dataclass(frozen=True)
class Private:
    """What to look for: ``fragments`` {normalized text: what it is}, and the ``secrets`` (exact strings)."""

    fragments: dict
    secrets: tuple = ()


def normalize(text):
    """``text`` with every run of whitespace made one space (str -> str)."""
    return " ".join(text.split())


def _body_lines(source, node):
    """The stripped, non-blank, non-comment lines of a function's body, its docstring left out."""
    body = node.body[1:] if ast.get_docstring(node, clean=False) is not None else node.body
    if not body:
        return []
    lines = source.splitlines()[body[0].lineno - 1: body[-1].end_lineno]
    return [normalize(line) for line in lines if line.strip() and not line.strip().startswith("#")]


def _fragments(lines, what, public_lines, public_pairs):
    """{fragment: what} of ``lines``: each long line not in ``public_lines``, each long pair not in ``public_pairs``."""
    found = {}
    for line in lines:
        if len(line) >= MIN_FRAGMENT_CHARS and line not in public_lines:
            found.setdefault(line, what)
    for first, second in zip(lines, lines[1:]):
        pair = f"{first} {second}"
        if len(pair) >= MIN_FRAGMENT_CHARS and pair not in public_pairs:
            found.setdefault(pair, what)
    return found


def _read(path):
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def private_material(root=KIT_ROOT, *, secrets=()):
    """What is private in the kit at ``root``: reference bodies, hidden test cases, and ``secrets`` (a Private)."""
    root = Path(root)
    course = root / "course"
    by_construction = normalize(_read(course / "deepnn.py") + "\n"
                                + "\n".join(_read(p) for p in sorted((course / "tests").glob("*.py"))))
    shipped = sorted(course.rglob("*.py")) + sorted(course.glob("*.ipynb"))
    public_lines = normalize("\n".join(_text(p.name, _read(p)) for p in shipped)) + " " + by_construction
    fragments = {}
    reference = _read(root / "solutions" / "deepnn.py")
    for node in ast.walk(ast.parse(reference)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            what = f"code of the reference's {node.name} (solutions/deepnn.py)"
            for fragment, about in _fragments(_body_lines(reference, node), what, public_lines, by_construction).items():
                fragments.setdefault(fragment, about)
    for path in sorted((root / "autograder" / "questions").glob("*.py")):
        public = normalize(_read(course / "tests" / path.name))
        if path.name == "__init__.py" or not public:
            continue
        lines = [normalize(line) for line in _read(path).splitlines() if line.strip()]
        lines = [line for line in lines if not line.startswith("#") and line not in public]
        what = f"a hidden test case or its helper (autograder/questions/{path.name})"
        for line in lines:
            if len(line) >= MIN_FRAGMENT_CHARS and line not in public_lines:
                fragments.setdefault(line, what)
    return Private(fragments, tuple(s for s in secrets if s and s.strip()))


def _text(name, data):
    """The readable text of one file: HTML without tags, JSON as its strings; None for a binary file."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
    suffix = Path(name).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return _without_markup(data)
    if suffix in JSON_SUFFIXES:
        try:
            value = json.loads(data)
        except ValueError:
            return data
        strings = []

        def walk(item):
            if isinstance(item, str):
                strings.append(item)
            elif isinstance(item, dict):
                for key, sub in item.items():
                    strings.append(key)
                    walk(sub)
            elif isinstance(item, list):
                for sub in item:
                    walk(sub)

        walk(value)
        return data + "\n" + "\n".join(strings)
    return data


def _without_markup(text):
    """``text`` with HTML tags taken out and entities decoded (what a browser shows)."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _line_of(raw, needle):
    """The 1-based line of ``raw`` (str) where ``needle`` (normalized) starts, else 0."""
    head = needle[:MIN_FRAGMENT_CHARS]
    for number, line in enumerate(raw.splitlines(), 1):
        if head in normalize(_without_markup(line.replace('\\"', '"'))):
            return number
    return 0


def scan(files, private=None):
    """Findings (a list of Finding, sorted by file and line) of ``private`` (default: the kit's, no secret)
    in ``files`` ({name: bytes or str}); one finding per file and thing leaked, at its first line."""
    private = private if private is not None else private_material()
    findings = []
    for name in sorted(files):
        raw = files[name] if isinstance(files[name], str) else files[name].decode("utf-8", errors="replace")
        text = _text(name, files[name])
        if text is None:
            text = raw
        flat = normalize(text)
        reported = set()
        for fragment, what in private.fragments.items():
            if what not in reported and fragment in flat:
                reported.add(what)
                findings.append(Finding(name, _line_of(raw, fragment), f"{what}: {fragment[:80]!r}"))
        for secret in private.secrets:
            if secret in raw or secret in text:
                line = next((n for n, line in enumerate(raw.splitlines(), 1) if secret in line), 0)
                findings.append(Finding(name, line, "the instructor secret"))
    return sorted(findings, key=lambda f: (f.file, f.line, f.what))


def folder_files(folder):
    """{path relative to ``folder``: bytes} of every regular file under it (links are not followed)."""
    folder = Path(folder)
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file() and not path.is_symlink()}


def zip_files(data):
    """{member name: bytes} of a zip given as bytes or a path."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    with zipfile.ZipFile(source) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}


def describe(findings, limit=5):
    """One sentence naming what leaked and where (the first ``limit`` findings)."""
    shown = "; ".join(str(f) for f in findings[:limit])
    more = f" (and {len(findings) - limit} more)" if len(findings) > limit else ""
    return f"{shown}{more}"
