"""What the student reads about a failed case, and what a hidden case may never show.

A hidden case's message may carry nothing the student's code controls beyond the name of a
builtin exception class (from the worker's allow-list), a line number inside the submission and
the name of a function the submission defines: never the student's own exception class name,
their message, a source line, or anything their code returned. The instructor secret is
redacted from every text of a result.
"""

import ast
import re

from ..course_helpers import sourcecheck
from ..sandbox import BUILTIN_ERRORS

#: What a redacted secret reads as.
REDACTED = "[redacted]"
#: Longest message of one case (the rest is cut).
MAX_MESSAGE = 4000
#: What a hidden case says when the worker ended for a reason whose details the student's code chose
#: (timeouts and memory are told as the launcher words them: only the grader's limits and the function's name).
HIDDEN_DEATHS = {
    "exit": ("your code ended the Python process in `{name}` (hidden test: details are not shown): remove calls to "
             "sys.exit(), exit(), quit() or os._exit() from deepnn.py"),
    "crash": ("the Python process running your code crashed{signal} or sent a malformed reply in `{name}` (hidden test: "
              "details are not shown): code that kills its own process or writes to file descriptors it did not open does this"),
    "output": ("your code printed too much or returned a value far too large in `{name}` (hidden test: details are not "
               "shown): remove prints inside loops and return numpy arrays of the documented shapes"),
}


class SubmissionFacts:
    """What the grader may say about the submission itself: its function names and its length (from its AST)."""

    def __init__(self, source, api):
        self.api = set(api)
        self.line_count = len((source or "").splitlines())
        try:
            tree = ast.parse(source or "")
            defined = {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        except (SyntaxError, ValueError, RecursionError):
            defined = set()
        self.functions = self.api | defined

    def where(self, error, code=True):
        """`` (deepnn.py, line N, in f[: `code`])`` for the innermost frame of the student's file, when believable."""
        where = getattr(error, "ag_where", None) or []
        if not where:
            return ""
        lineno, function, text = sourcecheck.last_frame(where)
        if type(lineno) is not int or not 1 <= lineno <= self.line_count:
            return ""
        if not code:  # a hidden case: only what the submission's own text says
            return sourcecheck.where_text(lineno, function if function in self.functions else "", file="deepnn.py")
        return sourcecheck.where_text(lineno, function, text, file="deepnn.py")


def builtin_name(error):
    """The class name of a student's exception when it is one of the allow-listed builtins, else None."""
    name = getattr(error, "ag_type", None)
    return name if name in BUILTIN_ERRORS and type(error) is BUILTIN_ERRORS[name] else None


def _hidden_student_error(error, facts):
    function = getattr(error, "ag_function", None)
    function = function if function in facts.functions else "your function"
    kind = builtin_name(error)
    raised = f"raised {kind}" if kind else "raised an exception of its own class"
    return (f"`{function}` {raised} on the hidden test's inputs (hidden test: its inputs, expected values "
            f"and your error message are not shown){facts.where(error, code=False)}. "
            "Make sure it works for every shape its docstring allows.")


def failure_message(error, events, hidden, facts):
    """(message, died reason or None) for a failed case (never a hidden case's inputs or expected values)."""
    for kind, name, payload in events:
        if kind == "died":
            if hidden and payload.reason in HIDDEN_DEATHS:  # their details (exit code, sizes, reply) are the student's
                signal = re.search(r"crashed \((SIG[A-Z0-9]{1,10})\)", payload.message)  # a name from a fixed list is fine
                return HIDDEN_DEATHS[payload.reason].format(name=name if name in facts.api else "your code",
                                                            signal=f" ({signal.group(1)})" if signal else ""), payload.reason
            return payload.message, payload.reason
    for kind, name, payload in events:
        if kind == "not_run":
            return f"{payload}. Fix the loop it names (or the slow code it runs) first.", None
    for kind, name, payload in events:
        if kind == "not_implemented":
            from gradecheck import not_implemented_message  # course/ is on sys.path once the tests are loaded

            text = not_implemented_message(name, payload)
            if "(called by" in text and not any(f"`{f}` (called by" in text for f in facts.api):
                text = not_implemented_message(name, NotImplementedError(""))  # a name the submission made up
            return text.replace("write its body", "write its body in deepnn.py") + ".", None
    if error is None:
        return "the test failed", None
    student_error = error if getattr(error, "ag_student", False) else getattr(error, "ag_student_error", None)
    if hidden and student_error is not None:
        return _hidden_student_error(student_error, facts), None
    if getattr(error, "ag_student", False):
        return f"`{error.ag_function}` raised {error.ag_type}: {error.ag_message}{facts.where(error)}", None
    if isinstance(error, AssertionError):
        return str(error).strip() or "the check failed", None
    if isinstance(error, TimeoutError):
        return str(error), None
    if hidden:
        return (f"the test could not check what your code returned ({type(error).__name__}; hidden test: details are not shown). "
                "Check the types and shapes your functions return against their docstrings."), None
    return f"the test could not check what your code returned: {type(error).__name__}: {error}", None


def redact(text, secret):
    """``text`` without the instructor secret (defence in depth: no message should ever hold it), capped."""
    text = str(text)
    if secret and secret.strip():
        text = text.replace(secret, REDACTED).replace(secret.strip(), REDACTED)
    if len(text) > MAX_MESSAGE:
        text = text[:MAX_MESSAGE] + " ... (cut)"
    return text
