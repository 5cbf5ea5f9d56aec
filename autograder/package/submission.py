"""Check a student's homework and package it as the zip the grader and Gradescope accept.

Standard library only and no import of the kit: this file is also shipped in the
student bundle as ``package_submission.py`` (``python package_submission.py``).
Student code is never imported or run: ``deepnn.py`` is read with ``ast`` and the
notebook as JSON.

Refused, with what to fix:

* a function that still raises ``NotImplementedError`` unconditionally (a raise in
  a branch, e.g. for an unsupported option, is fine);
* a notebook not saved after running: code cells never run, cells run out of
  order (their execution counts do not increase top to bottom), a plotting cell
  run without its saved output;
* a file larger than the size limit; a syntax error; a missing file.

``--allow-incomplete`` packages unfinished work anyway (its tests score 0); the
size limit and a missing file are never waived.
"""

import argparse
import ast
import io
import json
import re
import sys
import zipfile
from pathlib import Path

#: The files a submission is made of, in the zip's root.
SUBMISSION_FILES = ("deepnn.py", "homework.ipynb")
#: Replaced by the release with the value in autograder/assignment.toml.
DEFAULT_MAX_FILE_MB = 5
#: Replaced by the release with the student API; None: read it from the kit's starter.
API_NAMES = None
DEFAULT_ZIP_NAME = "submission.zip"
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)
_PLOTTING = re.compile(r"\bplot_\w+\s*\(|\bplt\.\w+\s*\(|\.plot\s*\(|\bimshow\s*\(")
_ANSWER_HEADING = re.compile(r"^\s*###\s*Your answer:\s*(\S+)", re.IGNORECASE)


class Problems(Exception):
    """The submission was refused; ``problems`` lists what to fix."""

    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = list(problems)


def _api_names():
    if API_NAMES is not None:
        return list(API_NAMES)
    starter = Path(__file__).resolve().parents[2] / "course" / "deepnn.py"
    try:
        tree = ast.parse(starter.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return []
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            try:
                return list(ast.literal_eval(node.value))
            except ValueError:
                return []
    return [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")]


def _is_not_implemented(exc):
    if isinstance(exc, ast.Call):
        exc = exc.func
    return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"


def unimplemented_functions(source, filename="deepnn.py"):
    """Names of the functions whose body raises NotImplementedError unconditionally (a top-level statement)."""
    tree = ast.parse(source, filename=filename)
    names = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if any(isinstance(stmt, ast.Raise) and _is_not_implemented(stmt.exc) for stmt in node.body):
                names.append(node.name)
    return names


def _defined_functions(source):
    tree = ast.parse(source)
    return {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}


def check_module(path):
    """(problems, warnings) for deepnn.py."""
    problems, warnings = [], []
    try:
        source = Path(path).read_text(encoding="utf-8-sig")  # a byte-order mark (some editors) is fine: Python and the grader accept it
    except UnicodeDecodeError:
        return [f"{path.name} is not UTF-8 text: save it as UTF-8 (plain Python source)"], []
    try:
        todo = unimplemented_functions(source, path.name)
    except SyntaxError as error:
        return [f"{path.name}, line {error.lineno}: syntax error ({error.msg}): fix it so the file runs "
                f"(`python {path.name}` must not fail)"], []
    if todo:
        problems.append(f"{path.name}: {len(todo)} function{'s' if len(todo) != 1 else ''} still raise NotImplementedError: "
                        f"{', '.join(todo)}. Write their bodies (see each docstring).")
    missing = [name for name in _api_names() if name not in _defined_functions(source)]
    if missing:
        warnings.append(f"{path.name} does not define {', '.join(missing)}: the tests that call "
                        f"{'them' if len(missing) > 1 else 'it'} will score 0 (keep every function of the starter)")
    return problems, warnings


def _cell_source(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _has_code(text):
    return any(line.strip() and not line.strip().startswith("#") for line in text.splitlines())


def check_notebook(path):
    """(problems, warnings) for the notebook: saved after running top to bottom, outputs kept."""
    problems, warnings = [], []
    try:
        notebook = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        cells = notebook["cells"]
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError):
        return [f"{path.name} is not a Jupyter notebook file (it must be the .ipynb Jupyter saves)"], []
    never_run, no_output, errors, stubs = [], [], [], []
    previous = None  # (cell number, execution count) of the last run code cell
    order_problem = None
    for number, cell in enumerate(cells, start=1):
        source = _cell_source(cell)
        if cell.get("cell_type") == "markdown":
            match = _ANSWER_HEADING.match(source)
            if match and not "".join(source.split("\n", 1)[1:]).strip():
                warnings.append(f"the answer cell for {match.group(1)} (cell {number}) is empty: write your comments under its heading")
            continue
        if cell.get("cell_type") != "code" or not _has_code(source):
            continue
        count = cell.get("execution_count")
        outputs = cell.get("outputs") or []
        if count is None:
            never_run.append(number)
            continue
        if previous is not None and count <= previous[1] and order_problem is None:
            order_problem = (number, count, previous)
        previous = (number, count)
        if not outputs and _PLOTTING.search(source):
            no_output.append(number)
        for output in outputs:
            if output.get("output_type") == "error":
                errors.append(f"cell {number} ({output.get('ename', 'Error')}: {str(output.get('evalue', ''))[:80]})")
        try:
            stubs += unimplemented_functions(source)
        except SyntaxError:
            pass  # magics and shell lines: not ours to judge here
    if never_run:
        problems.append(f"{path.name}: {len(never_run)} code cell{'s were' if len(never_run) != 1 else ' was'} never run "
                        f"(cell{'s' if len(never_run) != 1 else ''} {', '.join(map(str, never_run[:10]))}"
                        f"{', ...' if len(never_run) > 10 else ''}). In Jupyter: Kernel > Restart & Run All, then File > Save.")
    if order_problem:
        number, count, (prev_number, prev_count) = order_problem
        problems.append(f"{path.name}: cells were run out of order (cell {number} ran as [{count}] after cell {prev_number} "
                        f"ran as [{prev_count}]), so the saved outputs may not match the code. Kernel > Restart & Run All, then File > Save.")
    if no_output:
        problems.append(f"{path.name}: plotting cell{'s' if len(no_output) != 1 else ''} {', '.join(map(str, no_output))} "
                        "ran but no output was saved (the plots are graded from the saved notebook): run them and save the notebook.")
    if stubs:
        problems.append(f"{path.name}: still raising NotImplementedError: {', '.join(stubs)}")
    if errors:
        warnings.append(f"{path.name}: cells stopped with an error: {'; '.join(errors[:5])}")
    return problems, warnings


def collect(path):
    """The files to package, ``{name in the zip: path}``; raises Problems when one is missing."""
    path = Path(path)
    if path.is_file():
        if path.suffix not in (".py", ".ipynb"):
            raise Problems([f"{path} is neither a .py module nor a .ipynb notebook: pass your homework folder"])
        return {("deepnn.py" if path.suffix == ".py" else "homework.ipynb"): path}
    if not path.is_dir():
        raise Problems([f"{path} does not exist: pass the folder holding {' and '.join(SUBMISSION_FILES)}"])
    missing = [name for name in SUBMISSION_FILES if not (path / name).is_file()]
    if missing:
        raise Problems([f"{path}: {name} is missing (a submission needs {' and '.join(SUBMISSION_FILES)}, with these names)" for name in missing])
    return {name: path / name for name in SUBMISSION_FILES}


def check(path, *, max_file_mb=None, allow_incomplete=False):
    """Check a submission; returns ``(files, warnings)`` or raises :class:`Problems`."""
    max_file_mb = DEFAULT_MAX_FILE_MB if max_file_mb is None else max_file_mb
    files = collect(path)
    problems, warnings, waivable = [], [], []
    for name, file in files.items():
        size = file.stat().st_size
        if size > max_file_mb * 1024 * 1024:
            hint = " (clear the outputs of cells that print a lot, keep the plots)" if name.endswith(".ipynb") else ""
            problems.append(f"{name} is {size / 1024 / 1024:.1f} MB, over the {max_file_mb:g} MB limit{hint}")
            continue
        found, notes = (check_module if name.endswith(".py") else check_notebook)(file)
        waivable += [p for p in found if "syntax error" not in p and "not a Jupyter" not in p and "not UTF-8" not in p]
        problems += [p for p in found if p not in waivable]
        warnings += notes
    if waivable and allow_incomplete:
        warnings += [f"(packaged anyway) {p}" for p in waivable]
    else:
        problems += waivable
    if problems:
        if waivable and not allow_incomplete:
            problems.append("To hand in unfinished work anyway (the tests of what is missing score 0), run again with --allow-incomplete.")
        raise Problems(problems)
    return files, warnings


def write_zip(files, out):
    """Write the submission zip (files at the root, fixed timestamps); returns its path."""
    out = Path(out)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, Path(files[name]).read_bytes())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buffer.getvalue())
    return out


def package(path=".", *, out=None, max_file_mb=None, allow_incomplete=False, stream=None):
    """Check and package; prints what happened to ``stream``; returns the exit status (0 written, 1 refused, 2 bad --out)."""
    stream = stream or sys.stdout
    path = Path(path)
    try:
        files, warnings = check(path, max_file_mb=max_file_mb, allow_incomplete=allow_incomplete)
    except Problems as refused:
        print("Not packaged. Fix these and run again:", file=stream)
        for problem in refused.problems:
            print(f"  - {problem}", file=stream)
        return 1
    out = Path(out) if out else (path if path.is_dir() else path.parent) / DEFAULT_ZIP_NAME
    if out.is_dir():
        print(f"--out {out} is a folder: give the zip to write (e.g. {out / DEFAULT_ZIP_NAME})", file=stream)
        return 2
    write_zip(files, out)
    for warning in warnings:
        print(f"  note: {warning}", file=stream)
    print(f"Wrote {out} ({', '.join(sorted(files))}). Upload this zip to Gradescope (or hand it in as your course says).", file=stream)
    return 0


def add_arguments(parser):
    parser.add_argument("path", nargs="?", default=".", help="your homework folder (holding deepnn.py and homework.ipynb), default: here")
    parser.add_argument("--out", default=None, help=f"the zip to write (default: PATH/{DEFAULT_ZIP_NAME})")
    parser.add_argument("--max-file-mb", type=float, default=None, help=f"size limit per file (default: {DEFAULT_MAX_FILE_MB} MB)")
    parser.add_argument("--allow-incomplete", action="store_true", help="package unfinished work anyway (its tests score 0)")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Check your homework and package it as submission.zip.")
    add_arguments(parser)
    args = parser.parse_args(argv)
    return package(args.path, out=args.out, max_file_mb=args.max_file_mb, allow_incomplete=args.allow_incomplete)


if __name__ == "__main__":
    sys.exit(main())
