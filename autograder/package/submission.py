"""Check a student's homework and package it as the zip the grader and Gradescope accept.

Standard library only and no import of the kit: this file is also shipped in the
student bundle as ``package_submission.py`` (``python package_submission.py``).
Student code is never imported or run: ``deepnn.py`` is read with ``ast`` and the
notebook as JSON.

Refused, with what to fix:

* no ``deepnn.py`` (only it is graded: a notebook alone scores 0);
* a function of the API that is missing or still raises ``NotImplementedError``
  unconditionally (a raise in a branch, e.g. for an unsupported option, is fine);
* a notebook not saved after running: code cells never run, cells run out of
  order (their execution counts do not increase top to bottom), a plotting cell
  run without its saved output;
* a file larger than the size limit (naming the cause: a cell's printed output, prints
  in deepnn.py); a syntax error; a missing file;
* a zip that would replace an existing ``submission.zip`` holding more finished work
  (``--replace`` overrides; a replaced zip is always kept as ``submission.previous.zip``).

Warned about: code that runs when deepnn.py is imported, prints inside the API's
functions, API functions defined in the notebook (only deepnn.py is graded).

``--allow-incomplete`` packages unfinished work anyway (its tests score 0); never the size limit, a missing file, a worse replacement.
"""

import argparse
import ast
import io
import json
import re
import sys
import zipfile
from functools import partial
from pathlib import Path

# sourcecheck.py sits next to package_submission.py in the student bundle, in course/ in the kit.
_HERE = Path(__file__).resolve().parent
_HELPERS = _HERE if (_HERE / "sourcecheck.py").is_file() else _HERE.parents[1] / "course"
if str(_HELPERS) not in sys.path:
    sys.path.append(str(_HELPERS))
from sourcecheck import (cell_label, cell_source as _cell_source, defined_functions, has_code as _has_code,  # noqa: E402
                         import_time_code, name_cells, plural, print_calls, shorten, starter_answers,
                         stub_functions as unimplemented_functions, unwritten_answers)

#: The files a submission is made of, in the zip's root.
SUBMISSION_FILES = ("deepnn.py", "homework.ipynb")
#: Replaced by the release with the value in autograder/assignment.toml.
DEFAULT_MAX_FILE_MB = 5
#: Replaced by the release with the student API; None: read it from the kit's starter.
API_NAMES = None
DEFAULT_ZIP_NAME = "submission.zip"
#: Exit statuses: the kit's convention (autograder/exitcodes.py), repeated here since this file cannot import the kit.
EXIT_DONE, EXIT_PROBLEM, EXIT_BAD_INPUT = 0, 1, 2
PREVIOUS_ZIP_NAME = "submission.previous.zip"
#: A notebook cell whose printed output is larger than this is named when the notebook is too large.
BIG_OUTPUT_MB = 0.5
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)
_PLOTTING = re.compile(r"\bplot_\w+\s*\(|\bplt\.\w+\s*\(|\.plot\s*\(|\bimshow\s*\(")
#: JupyterLab 4's menu entry that runs the notebook top to bottom.
RUN_ALL = "Kernel > Restart Kernel and Run All Cells"
#: A list of cells (or errors) in a message names at most this many (then "and N more").
CELLS_NAMED = 3
_cells = partial(name_cells, limit=CELLS_NAMED)


class Problems(Exception):
    """The submission was refused; ``problems`` lists what to fix; ``exit_code``: EXIT_PROBLEM, or EXIT_BAD_INPUT."""

    def __init__(self, problems, warnings=(), exit_code=None):
        super().__init__("\n".join(problems))
        self.problems, self.warnings = list(problems), list(warnings)
        self.exit_code = EXIT_PROBLEM if exit_code is None else exit_code


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
        problems.append(f"{path.name}: {plural(len(todo), 'function')} still {'raises' if len(todo) == 1 else 'raise'} "
                        f"NotImplementedError: {', '.join(todo)}. Write {'its body' if len(todo) == 1 else 'their bodies'} "
                        f"(see {'its docstring' if len(todo) == 1 else 'each docstring'}).")
    api = _api_names()
    missing = [name for name in api if name not in defined_functions(source)]
    if missing:
        problems.append(f"{path.name} does not define {', '.join(missing)}: the tests that call "
                        f"{'them' if len(missing) > 1 else 'it'} will score 0. Keep every function of the starter, with its name.")
    top = import_time_code(source)
    if top:
        where = "; ".join(f"line {line}: {what}" for line, what in top[:5]) + ("; ..." if len(top) > 5 else "")
        warnings.append(f"{path.name} runs code when it is imported ({where}). The grader imports it for every question, "
                        "and a loop or print there floods the output: move that code into the notebook or a function.")
    prints = print_calls(source, set(api))
    if prints:
        functions = sorted({f for f, _, _ in prints})
        loop = any(in_loop for _, _, in_loop in prints)
        warnings.append(f"{path.name}: print in {', '.join(functions)} (line{'s' if len(prints) > 1 else ''} "
                        f"{', '.join(str(line) for _, line, _ in prints[:8])}). "
                        + ("Inside a loop it prints thousands of lines into the notebook's outputs (and the grader's); "
                           if loop else "It prints at every call (train calls the building blocks thousands of times); ")
                        + "remove it or print only from the notebook.")
    return problems, warnings


def check_notebook(path):
    """(problems, warnings) for the notebook: saved after running top to bottom, outputs kept."""
    problems, warnings = [], []
    try:
        notebook = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        cells = notebook["cells"]
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError):
        return [f"{path.name} is not a Jupyter notebook file (it must be the .ipynb Jupyter saves)"], []
    never_run, no_output, errors, stubs, mine = [], [], [], [], []
    previous = None  # (cell number, execution count) of the last run code cell
    order_problem = None
    if not isinstance(cells, list) or not all(isinstance(cell, dict) for cell in cells):
        return [f"{path.name} is not a Jupyter notebook file (it must be the .ipynb Jupyter saves)"], []
    unwritten = unwritten_answers(cells, starter_answers(_HELPERS))
    if unwritten:
        warnings.append(f"{path.name}: the answer cell{'s' if len(unwritten) > 1 else ''} for {', '.join(unwritten)} "
                        f"still hold{'s' if len(unwritten) == 1 else ''} only the starter's text (the question and "
                        "\"(write here)\"). The written answers are read and graded by hand: write yours under the question.")
    for cell in cells:
        source = _cell_source(cell)
        if cell.get("cell_type") != "code" or not _has_code(source):
            continue
        label = cell_label(source)
        count = cell.get("execution_count")
        outputs = cell.get("outputs") or []
        if count is None:
            never_run.append(label)
            continue
        if previous is not None and count <= previous[1] and order_problem is None:
            order_problem = (label, count, previous)
        previous = (label, count)
        if not outputs and _PLOTTING.search(source):
            no_output.append(label)
        for output in outputs:
            if output.get("output_type") == "error":
                errors.append(f"{label} ({output.get('ename', 'Error')}: {shorten(output.get('evalue', ''), 80)})")
        try:
            stubs += unimplemented_functions(source)
            mine += sorted(defined_functions(source) & set(_api_names()))
        except SyntaxError:
            pass  # magics and shell lines: not ours to judge here
    if never_run:
        problems.append(f"{path.name}: {len(never_run)} code cell{'s were' if len(never_run) != 1 else ' was'} never run "
                        f"({'the first: ' if len(never_run) > 1 else ''}{_cells(never_run)}). "
                        f"In JupyterLab: {RUN_ALL}, then File > Save.")
    if order_problem:
        label, count, (prev_label, prev_count) = order_problem
        problems.append(f"{path.name}: cells were run out of order ({label} ran as [{count}] after {prev_label} "
                        f"ran as [{prev_count}]), so the saved outputs may not match the code. {RUN_ALL}, then File > Save.")
    if no_output:
        problems.append(f"{path.name}: {_cells(no_output)} {'draws a plot' if len(no_output) == 1 else 'draw plots'} "
                        "but no output was saved (the plots are graded from the saved notebook): run "
                        f"{'it' if len(no_output) == 1 else 'them'} and save the notebook.")
    if stubs:
        problems.append(f"{path.name}: still raising NotImplementedError: {', '.join(stubs)}")
    if errors:
        warnings.append(f"{path.name}: {plural(len(errors), 'cell')} stopped with an error: {'; '.join(errors[:CELLS_NAMED])}"
                        + (f"; and {len(errors) - CELLS_NAMED} more" if len(errors) > CELLS_NAMED else "") + ".")
    if mine:
        warnings.append(f"{path.name} defines {', '.join(mine)} in a cell: only deepnn.py is graded, so the notebook's "
                        f"{'version does' if len(mine) == 1 else 'versions do'} not count. Move your code into deepnn.py.")
    return problems, warnings


def homework_folder(path):
    """The folder to package: ``path`` itself, or the folder of a file in it (deepnn.py or the notebook)."""
    path = Path(path)
    if path.is_file():
        if path.suffix not in (".py", ".ipynb"):
            raise Problems([f"{path} is neither a .py module nor a .ipynb notebook: pass your homework folder"], exit_code=EXIT_BAD_INPUT)
        return path.parent
    return path


def default_folder(cwd=None):
    """(folder, note) when no folder is given: the current folder, or this script's own folder when the
    current one has no deepnn.py and the script sits in a homework folder (``python hw/package_submission.py``)."""
    cwd = Path(cwd or Path.cwd()).resolve()
    if (cwd / "deepnn.py").is_file() or not (_HERE / "deepnn.py").is_file() or _HERE == cwd:
        return cwd, None
    return _HERE, (f"the current folder ({cwd}) has no deepnn.py, so this packages the folder of "
                   f"package_submission.py, {_HERE}.")


def collect(path):
    """The files to package, ``{name in the zip: path}``; raises Problems when one is missing."""
    path = homework_folder(path).resolve()
    if not path.is_dir():
        raise Problems([f"{path} does not exist: pass the folder holding {' and '.join(SUBMISSION_FILES)}"], exit_code=EXIT_BAD_INPUT)
    missing = [name for name in SUBMISSION_FILES if not (path / name).is_file()]
    if missing and path == Path.cwd().resolve() and not any((path / name).is_file() for name in SUBMISSION_FILES):
        raise Problems([f"no {' or '.join(SUBMISSION_FILES)} in {path} (the current folder): run package_submission.py "
                        "in your homework folder, or pass that folder (python package_submission.py PATH/TO/FOLDER)."])
    if missing:
        why = {"deepnn.py": "only deepnn.py is graded: without it every test scores 0",
               "homework.ipynb": "the notebook holds your written answers and plots"}
        raise Problems([f"{path}: {name} is missing ({why[name]}). A submission needs {' and '.join(SUBMISSION_FILES)}, "
                        "with these names, in the folder you package." for name in missing])
    return {name: path / name for name in SUBMISSION_FILES}


def check(path, *, max_file_mb=None, allow_incomplete=False):
    """Check a submission; returns ``(files, warnings)`` or raises :class:`Problems`."""
    max_file_mb = DEFAULT_MAX_FILE_MB if max_file_mb is None else max_file_mb
    files = collect(path)
    problems, warnings, waivable = [], [], []
    for name, file in files.items():
        size = file.stat().st_size
        if size > max_file_mb * 1024 * 1024:
            cause = oversize_cause(file, files.get("deepnn.py")) if name.endswith(".ipynb") else ""
            problems.append(f"{name} is {size / 1024 / 1024:.1f} MB, over the {max_file_mb:g} MB limit. {cause}".rstrip())
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
        raise Problems(problems, warnings)
    return files, warnings


def oversize_cause(notebook, module=None):
    """A sentence naming why the notebook is large: cells with big printed output, prints in deepnn.py."""
    try:
        cells = json.loads(Path(notebook).read_text(encoding="utf-8-sig"))["cells"]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return ""
    big = []
    for cell in cells:
        text = sum(len(_cell_source({"source": o.get("text", "")})) for o in cell.get("outputs") or []
                   if o.get("output_type") == "stream")
        if text > BIG_OUTPUT_MB * 1024 * 1024:
            big.append(f"{cell_label(_cell_source(cell))} ({text / 1024 / 1024:.1f} MB)")
    if not big:
        return "Clear the outputs of cells that print a lot; keep the plots."
    cause = f"The printed output of {', '.join(big)} fills it."
    prints = []
    if module is not None:
        try:
            prints = print_calls(Path(module).read_text(encoding="utf-8-sig"), set(_api_names()))
        except (OSError, UnicodeDecodeError, SyntaxError):
            prints = []
    if prints:
        where = ", ".join(f"{f} (line {line})" for f, line, _ in prints[:5])
        cause += (f" It comes from the prints in deepnn.py: {where}. Remove them, then {RUN_ALL} and "
                  "save the notebook.")
    else:
        cause += " Print less in those cells (or clear their output), then save the notebook."
    return cause


def progress(files):
    """How much finished work ``{name: bytes}`` holds: (has deepnn.py, functions written, has the notebook)."""
    source = files.get("deepnn.py")
    written = 0
    if source is not None:
        try:
            text = source.decode("utf-8-sig")
            todo, defined = set(unimplemented_functions(text)), defined_functions(text)
            written = sum(1 for name in _api_names() if name in defined and name not in todo)
        except (UnicodeDecodeError, SyntaxError):
            written = 0
    return source is not None, written, "homework.ipynb" in files


def _describe(state):
    has_module, written, has_notebook = state
    parts = [f"deepnn.py with {written} of {len(_api_names())} functions written" if has_module else "no deepnn.py"]
    parts.append("the notebook" if has_notebook else "no notebook")
    return " and ".join(parts)


def read_zip(path):
    """``{name: bytes}`` of the submission files in an existing zip (empty when it is not a readable zip)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return {n: archive.read(n) for n in archive.namelist() if n in SUBMISSION_FILES}
    except (OSError, zipfile.BadZipFile):
        return {}


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


def package(path=".", *, out=None, max_file_mb=None, allow_incomplete=False, replace=False, stream=None):
    """Check and package; prints what happened to ``stream``; returns the exit status (EXIT_DONE written, EXIT_PROBLEM
    refused, EXIT_BAD_INPUT bad --out or no such folder).

    An existing zip at ``out`` with more finished work (see :func:`progress`) is never replaced unless ``replace``;
    a replaced zip is kept as ``submission.previous.zip`` next to it. Bad input goes to stderr (unless ``stream``)."""
    errors, stream = stream or sys.stderr, stream or sys.stdout
    path = Path(path)
    try:
        files, warnings = check(path, max_file_mb=max_file_mb, allow_incomplete=allow_incomplete)
    except Problems as refused:
        said = errors if refused.exit_code == EXIT_BAD_INPUT else stream
        print("Not packaged. Fix these and run again:", file=said)
        for problem in refused.problems:
            print(f"  - {problem}", file=said)
        for warning in refused.warnings:
            print(f"  note: {warning}", file=said)
        return refused.exit_code
    out = Path(out) if out else homework_folder(path) / DEFAULT_ZIP_NAME
    if out.is_dir():
        print(f"--out {out} is a folder: give the zip to write (e.g. {out / DEFAULT_ZIP_NAME})", file=errors)
        return EXIT_BAD_INPUT
    kept = None
    if out.is_file():
        old, new = read_zip(out), {name: Path(file).read_bytes() for name, file in files.items()}
        if old != new:
            before, after = progress(old), progress(new)
            if any(b > a for b, a in zip(before, after)) and not replace:
                print(f"Not packaged: {out} already holds more finished work ({_describe(before)}) than this folder "
                      f"({_describe(after)}), so it was left as it is. To replace it anyway, run again with --replace "
                      f"(the old zip is then kept as {PREVIOUS_ZIP_NAME}); to write elsewhere, use --out.", file=stream)
                return EXIT_PROBLEM
            kept = out.with_name(PREVIOUS_ZIP_NAME)
            out.replace(kept)
    write_zip(files, out)
    for warning in warnings:
        print(f"  note: {warning}", file=stream)
    if kept:
        print(f"  note: the zip that was at {out} is kept as {kept}.", file=stream)
    print(f"Wrote {out} ({', '.join(sorted(files))}). Upload this zip to Gradescope (or hand it in as your course says).", file=stream)
    return EXIT_DONE


def add_arguments(parser, path_default="."):
    """The options of a student's packaging (the size limit is the grader's, never an option of the student's script)."""
    parser.add_argument("path", nargs="?", default=path_default,
                        help="your homework folder (holding deepnn.py and homework.ipynb); default: the current folder, "
                             "or this script's folder when the current one has no deepnn.py")
    parser.add_argument("--out", default=None, help=f"the zip to write (default: PATH/{DEFAULT_ZIP_NAME})")
    parser.add_argument("--allow-incomplete", action="store_true", help="package unfinished work anyway (its tests score 0)")
    parser.add_argument("--replace", action="store_true",
                        help=f"replace an existing zip even when it holds more finished work (it is kept as {PREVIOUS_ZIP_NAME})")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Check your homework and package it as submission.zip.")
    add_arguments(parser, path_default=None)
    args = parser.parse_args(argv)
    path = args.path
    if path is None:
        path, note = default_folder()
        if note:
            print(f"  note: {note}")
    return package(path, out=args.out, allow_incomplete=args.allow_incomplete, replace=args.replace)


if __name__ == "__main__":
    sys.exit(main())
