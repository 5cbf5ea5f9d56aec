"""Run the public tests on your deepnn.py: `python check.py` (every question) or `python check.py q4_backward` (one; q4 is enough).

The same test files as the grader (``tests/<question>.py``) and the same messages, run in
this process on the ``deepnn.py`` next to this file, loaded fresh from disk. It prints what
failed and what to fix, then the points per question: public (these tests) and hidden (the
grader's tests on other inputs). Exit status 0 when every public test passed, 1 otherwise.

In the notebook, ``grader = Notebook()`` (the setup cell) gives ``grader.check("q1_init")``:
the same tests on the functions of ``deepnn.py`` (reloaded, so your edits count without a
kernel restart). The tests grade only ``deepnn.py``: a function written in a notebook cell is
not tested; the notebook's written answers are graded by hand.
"""

import importlib.util
import io
import json
import os
import sys
import types
import warnings
from contextlib import redirect_stdout
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))  # gradecheck, nndata and sourcecheck sit next to this file

import sourcecheck  # noqa: E402

try:
    import otterfiles  # noqa: E402
except ImportError:
    raise SystemExit("otterfiles.py is missing from this folder: unpack the homework bundle again") from None

#: The rules (points per question, hidden points, when hidden results show), written by the kit's sync.
RULES_FILE = "rules.json"
#: Exit statuses: the kit's convention (autograder/exitcodes.py: done, a problem found such as a failing test,
#: bad input), repeated here since check.py ships alone and cannot import the kit (a kit test checks they agree).
EXIT_DONE, EXIT_PROBLEM, EXIT_BAD_INPUT = 0, 1, 2
#: A test case that runs longer than this is stopped (a correct deepnn.py needs well under a second).
CASE_SECONDS = 120
#: Importing deepnn.py may print at most this many lines before the checker warns.
IMPORT_PRINT_LINES = 20
#: Parameters of a test case that are not functions of deepnn.py.
NOT_API = {"env", "ref", "seed", "submission_source", "fresh_env"}


class CheckError(Exception):
    """deepnn.py (or the folder) cannot be checked; the message says what to fix."""

    #: The exit status it gives: deepnn.py is there but cannot be loaded (a problem found in the work).
    exit_code = EXIT_PROBLEM

    def _render_traceback_(self):
        """What IPython shows for it in the notebook: the message alone, not a traceback through check.py."""
        return [f"CheckError: {self}"]


class NothingToCheck(CheckError):
    """There is no deepnn.py where it should be: bad input, not a failed check."""

    exit_code = EXIT_BAD_INPUT


def _test_file_class():
    try:
        return otterfiles.exception_test_file_class()
    except ImportError:
        raise SystemExit("otter-grader is not installed: run `.venv/bin/pip install -r requirements.txt` in this folder "
                         "and use .venv/bin/python.") from None


def load_rules(folder=HERE):
    """The rules written by the kit (``rules.json``): ``{"questions": [{"qid", "public_points", "hidden_points", ...}], ...}``."""
    try:
        return json.loads((Path(folder) / RULES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def question_ids(tests_dir, rules=None):
    """The questions in the homework's order (the rules' order, else the test files' names)."""
    present = {p.stem for p in Path(tests_dir).glob("*.py") if not p.name.startswith("_")}
    ordered = [q["qid"] for q in (rules or {}).get("questions", []) if q["qid"] in present]
    return ordered + sorted(present - set(ordered), key=lambda q: (not q.startswith("q"), q))


def load_module(path, name="deepnn"):
    """(module, printed text): ``path`` executed as a fresh module; an already imported ``deepnn`` stays as it was."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    printed = io.StringIO()
    previous = sys.modules.get(name)
    sys.modules[name] = module  # while it runs, as an import would (the notebook's own `deepnn` is put back after)
    try:
        with redirect_stdout(printed):
            spec.loader.exec_module(module)
    finally:
        if previous is not None:
            sys.modules[name] = previous
    return module, printed.getvalue()


class Result:
    """What one question's public tests found: ``cases`` is ``[(name, points, passed, message, notes)]``."""

    def __init__(self, qid, cases, hidden_points=None, notes=(), hidden_when=None):
        self.qid, self.cases, self.hidden_points, self.notes = qid, cases, hidden_points, list(notes)
        self.hidden_when = hidden_when or "after the instructor publishes the grades"

    @property
    def passed(self):
        return all(case[2] for case in self.cases)

    @property
    def points(self):
        return sum(case[1] for case in self.cases if case[2]), sum(case[1] for case in self.cases)

    def report(self):
        got, possible = self.points
        failed = [c for c in self.cases if not c[2]]
        lines = list(self.notes)
        if failed:
            lines.append(f"{self.qid}: {len(self.cases) - len(failed)} of {sourcecheck.plural(len(self.cases), 'public test')} "
                         f"passed ({_fmt(got)} of {_fmt(possible)} points). To fix:")
            for name, _, _, message, _ in failed:
                lines.append(f"  x {name}\n" + "\n".join("      " + line for line in message.splitlines()))
        else:
            lines.append(f"{self.qid}: {'the' if len(self.cases) == 1 else 'all'} "
                         f"{sourcecheck.plural(len(self.cases), 'public test')} passed ({_fmt(got)} of {_fmt(possible)} points).")
        for note in dict.fromkeys(note for case in self.cases for note in case[4]):  # once each, in order
            lines.append(f"  ! {note}")
        if self.hidden_points:
            lines.append(f"  {sourcecheck.plural(self.hidden_points, 'more point')} from hidden tests on other inputs: the "
                         f"grader runs them when it grades your submission; their results are shown {self.hidden_when}.")
        return "\n".join(lines)

    __str__ = report

    def __repr__(self):
        return self.report()


def _fmt(value):
    return f"{value:g}"


class Checker:
    """The public tests of the questions in ``folder/tests`` against ``folder/deepnn.py``."""

    def __init__(self, folder=HERE, module_path=None):
        self.folder = Path(folder)
        self.module_path = Path(module_path) if module_path else self.folder / "deepnn.py"
        self.rules = load_rules(self.folder)
        self.qids = question_ids(self.folder / "tests", self.rules)
        self._tests = {}

    def test_file(self, qid):
        if qid not in self._tests:
            path = self.folder / "tests" / f"{qid}.py"
            if qid not in self.qids:
                raise ValueError(f"there is no question {qid!r}: the questions are {', '.join(self.qids)}")
            self._tests[qid] = _test_file_class().from_file(str(path))
        return self._tests[qid]

    def api_names(self):
        names = []
        for qid in self.qids:
            for case in self.test_file(qid).test_cases:
                names += [n for n in case.body._get_func_params() if n not in NOT_API and n not in names]
        return names

    def load(self):
        """(environment for the tests, source, notes): deepnn.py loaded fresh, with what its import printed."""
        if not self.module_path.is_file():
            raise NothingToCheck(f"{self.module_path} does not exist: the tests check deepnn.py, in the same folder as check.py.")
        try:
            source = self.module_path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise CheckError("deepnn.py is not UTF-8 text: save it as UTF-8 (your editor's encoding setting) and run "
                             "again.") from None
        try:
            module, printed = load_module(self.module_path)
        except SystemExit:  # exit(), quit() or sys.exit() at the top level: it would end check.py itself
            raise CheckError("deepnn.py called exit() while it was being imported: remove sys.exit(), exit() and quit() "
                             "from deepnn.py (the grader gives such a file 0 points).") from None
        except SyntaxError as error:
            raise CheckError(f"deepnn.py, line {error.lineno}: syntax error ({error.msg}). Fix it and run again.") from None
        except ModuleNotFoundError as error:
            raise CheckError(f"deepnn.py imports {error.name}, which this Python ({sys.executable}) does not have. Run "
                             "check.py with the homework's environment (.venv/bin/python check.py, after .venv/bin/pip "
                             "install -r requirements.txt); the grader has only the packages of requirements.txt.") from None
        except Exception as error:  # noqa: BLE001 - the student's module failed at import: say where
            raise CheckError(f"importing deepnn.py raised {type(error).__name__}: {sourcecheck.shorten(error, 300)}. "
                             "Code at the top level of deepnn.py runs at import: fix it (or move it into a function).") from None
        notes = []
        lines = printed.count("\n")
        top = sourcecheck.import_time_code(source)
        if lines > IMPORT_PRINT_LINES or top:
            where = "; ".join(f"line {line}: {what}" for line, what in top[:5]) or "see the prints at the top level"
            notes.append(f"Warning: deepnn.py runs code when it is imported ({where})"
                         + (f", and it printed {lines:,} lines" if lines else "")
                         + ". The grader imports it for every question: move that code into a function or the notebook.")
        env = {name: getattr(module, name, None) for name in self.api_names()}
        env["submission_source"] = source

        def fresh_env():
            return vars(load_module(self.module_path, name="_deepnn_fresh")[0])

        env["fresh_env"] = fresh_env
        return env, source, notes

    def run(self, qid, env=None, source=None):
        """The :class:`Result` of one question (``env`` and ``source`` as :meth:`load` gives them)."""
        if env is None:
            env, source, notes = self.load()
        else:
            notes = []
        cases = []
        stopped = (f"this test ran for more than {CASE_SECONDS} s and was stopped: look for a loop that never ends "
                   "(or far too many iterations) in the functions it calls")
        for case in self.test_file(qid).test_cases:
            params = case.body._get_func_params()
            missing = [n for n in params if n not in NOT_API and env.get(n) is None]
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    with otterfiles.time_limit(CASE_SECONDS, stopped), redirect_stdout(io.StringIO()):
                        case.body.call_func(env)
                    passed, message = True, ""
                except AssertionError as error:
                    passed, message = False, str(error).strip() or "the check failed"
                except TimeoutError as error:
                    passed, message = False, str(error)
                except NotImplementedError as error:
                    passed, message = False, str(error).strip() or "a function is not implemented yet"
                except SystemExit:
                    passed, message = False, ("your code called exit() or sys.exit() while this test ran: remove that call "
                                              "(a function returns its result; it never ends the program)")
                except Exception as error:  # noqa: BLE001 - the test could not use what the code returned
                    passed, message = False, f"the test could not check what your code returned: {type(error).__name__}: {error}"
            if missing:
                message = (f"{', '.join(f'`{n}`' for n in missing)} {'is' if len(missing) == 1 else 'are'} not defined in "
                           "deepnn.py: define it there with exactly this name and parameters (see the starter's docstring).")
            case_notes = sourcecheck.warning_notes(caught, source, self.module_path)
            cases.append((case.name, case.points or 0, passed, message, case_notes))
        hidden = next((q.get("hidden_points") for q in self.rules.get("questions", []) if q["qid"] == qid), None)
        return Result(qid, cases, hidden, notes, self.rules.get("hidden_when"))

    def run_all(self, qids=None):
        env, source, notes = self.load()
        results = [self.run(qid, env, source) for qid in (qids or self.qids)]
        if results:
            results[0].notes[:0] = notes
        return results, source


class Notebook:
    """``grader`` in the notebook: ``grader.check("q1_init")`` runs that question's public tests on deepnn.py.

    deepnn.py is loaded fresh from disk at every check (edits count without a kernel restart).
    An API function defined in the notebook itself is named in a warning: only deepnn.py is graded.
    """

    def __init__(self, folder=None):
        self.checker = Checker(Path(folder) if folder else Path.cwd())

    def _notebook_definitions(self, namespace, api):
        found = []
        for name in api:
            value = namespace.get(name)
            if isinstance(value, types.FunctionType) and value.__module__ not in ("deepnn", "_deepnn_fresh"):
                found.append(name)
        return found

    def check(self, qid, global_env=None):
        """The :class:`Result` of question ``qid`` (shown as text under the cell)."""
        qid, unknown = sourcecheck.resolve_question(qid, self.checker.qids)
        if unknown:
            raise CheckError(unknown[0].upper() + unknown[1:])
        namespace = global_env if global_env is not None else sys._getframe(1).f_globals
        env, source, notes = self.checker.load()
        result = self.checker.run(qid, env, source)
        mine = self._notebook_definitions(namespace, self.checker.api_names())
        if mine:
            names = ", ".join(f"`{n}`" for n in mine)
            result.notes.insert(0, f"Warning: this notebook defines {names} in a cell. Only deepnn.py is graded, and this "
                                   f"check tested the {'version' if len(mine) == 1 else 'versions'} in deepnn.py: move your "
                                   "code into deepnn.py (and delete the notebook's copy).")
        result.notes[:0] = notes
        return result

    def check_all(self):
        """Every question's public tests, with the summary table."""
        results, source = self.checker.run_all()
        text = "\n".join(r.report() for r in results)
        return _Text(text + "\n" + summary(results, self.checker.rules, source, self.checker.api_names()))


class _Text(str):
    def __repr__(self):
        return str(self)


def summary(results, rules, source=None, api=()):
    """The closing table: points per question (public got / possible, hidden possible) and what is still a stub."""
    rows = {q["qid"]: q for q in rules.get("questions", [])}
    lines = ["", f"{'question':<20}{'public':>12}{'hidden':>9}"]
    got = possible = hidden = 0
    for result in results:
        g, p = result.points
        h = rows.get(result.qid, {}).get("hidden_points", 0)
        got, possible, hidden = got + g, possible + p, hidden + h
        lines.append(f"{result.qid:<20}{_fmt(g) + ' / ' + _fmt(p):>12}{_fmt(h):>9}" + ("" if result.passed else "   <- fix"))
    lines.append(f"{'total':<20}{_fmt(got) + ' / ' + _fmt(possible):>12}{_fmt(hidden):>9}")
    stubs = [n for n in sourcecheck.stub_functions(source) if n in api] if source else []
    if stubs:
        lines.append(f"\nNot written yet ({sourcecheck.plural(len(stubs), 'function')} still "
                     f"{'raises' if len(stubs) == 1 else 'raise'} NotImplementedError): {', '.join(stubs)}.")
    lines += [""] + rules.get("summary", []) + ([rules["deadline"]] if rules.get("deadline") else [])
    bars = [f"  {q['qid']}: {text}" for q in rules.get("questions", []) if q["qid"] in {r.qid for r in results}
            for text in q.get("thresholds", [])]
    if bars:
        lines += ["Thresholds the tests apply:", *bars]
    if results and all(r.passed for r in results):
        lines += ["", next_steps(rules)]
    return "\n".join(lines)


def next_steps(rules, folder=HERE):
    """What is left once the public tests pass: the written answers (named while unwritten), then packaging."""
    try:
        cells = json.loads((Path(folder) / "homework.ipynb").read_text(encoding="utf-8-sig"))["cells"]
        todo = sourcecheck.unwritten_answers(cells, rules.get("starter_answers"))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        todo = []
    points = f" ({_fmt(rules['written_points'])} points, graded by hand)" if rules.get("written_points") else " (graded by hand)"
    answers = (f"Still to write: your answers for {', '.join(todo)} in the answer cells of homework.ipynb{points}."
               if todo else f"Reread your written answers in homework.ipynb{points}.")
    return (f"Every public test you ran passes. {answers} Then, in JupyterLab, Kernel > Restart Kernel and Run All "
            "Cells and File > Save, and run `python package_submission.py`: it writes submission.zip, the file to upload.")


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if any(a in ("-h", "--help") for a in argv):
        print(__doc__.replace("``", "").replace("`", ""))  # plain text: the docstring's markup left out
        return EXIT_DONE
    os.environ.setdefault("MPLBACKEND", "Agg")  # plots are checked, never shown
    checker = Checker()
    if not checker.qids:
        print(f"There are no tests in {checker.folder / 'tests'}: run check.py from your homework folder, as it was "
              "unpacked (check.py, tests/ and deepnn.py side by side).", file=sys.stderr)
        return EXIT_BAD_INPUT
    asked = [sourcecheck.resolve_question(a, checker.qids) for a in argv]
    unknown = [message for _, message in asked if message]
    if unknown:
        print("\n".join(m[0].upper() + m[1:] for m in unknown), file=sys.stderr)
        return EXIT_BAD_INPUT
    argv = list(dict.fromkeys(qid for qid, _ in asked))
    try:
        results, source = checker.run_all(argv or None)
    except CheckError as error:
        print(error, file=sys.stderr)
        return error.exit_code
    except ModuleNotFoundError as error:
        if error.name in ("deepnn", "_deepnn_fresh"):
            raise
        print(f"The package {error.name} is missing from this Python ({sys.executable}): run check.py with the "
              "homework's environment (.venv/bin/python check.py, after .venv/bin/pip install -r requirements.txt).",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    for result in results:
        print(result.report())
    print(summary(results, checker.rules, source, checker.api_names()))
    return EXIT_DONE if all(r.passed for r in results) else EXIT_PROBLEM


if __name__ == "__main__":
    sys.exit(main())
