"""What the class misunderstood: each student's mistakes in plain words, from what the grader recorded.

The evidence is read in this order, and the first that explains a failure wins:

1. The submission did not load (``extra_data.load_error``; ``extra_data.status`` says whether
   the import ran out of time or memory): that one cause explains every failing test.
2. A test whose worker died: the test's ``extra_data.died`` when the grader records it, else
   the opening words of the grader's own death message (autograder/sandbox/launcher.py,
   autograder/grade/messages.py). Only the start of a message is matched: it is always the
   kit's text, never the student's. A call the breaker refused after a timeout or a memory
   death ("... in an earlier test; not run again") is grouped under that death.
3. A function the student did not write (the starter's stub) or did not define.
4. The test's own wording of a known mistake (:data:`MISTAKES`: "divide by m", "keepdims=True").
5. Else a symptom (:data:`SYMPTOMS`: the gradient check failed) or the test's ``Hint:``
   sentence, counted only for a student with no named mistake: for the others it follows
   from the mistake already named (a wrong backward also fails train's tests).

:func:`ranked` orders the mistakes for the page: the named ones first, then symptoms and
hints, each by how many students they concern.
"""

import re

#: (pattern over a failing test's message, the mistake it names). Each pattern counts once per test.
MISTAKES = [
    (r"divide[sd]? by m\b|not divided by m|(off )?by a factor (of )?m\b", "dW/db not divided by m"),
    (r"axis\s*=\s*1[^.]*keepdims|keepdims\s*=\s*True", "db not summed over axis=1 with keepdims=True"),
    (r"transpose", "a matrix transposed (dW or W)"),
    (r"sigmoid derivative|sigmoid'|not the sigmoid's", "sigmoid derivative used in a tanh layer"),
    (r"in[ -]place", "inputs or parameters changed in place"),
    (r"\bglobal", "uses global variables / module state"),
    (r"raised NameError", "uses a name that is not defined (NameError)"),
]
#: What a failure shows without naming its cause: counted only for a student with no named mistake.
SYMPTOMS = [
    (r"numerical gradient|gradient check", "backward disagrees with the numerical gradient"),
    (r"\bnan\b|not finite|\binf\b", "NaN or infinite values"),
]

NO_DEEPNN = "no deepnn.py in the upload"
NOT_IMPLEMENTED = "function not implemented"
NOT_DEFINED = "function missing from deepnn.py"
TIMEOUT = "too slow or never ends (timeout)"
MEMORY = "runs out of memory (arrays far too large)"
CRASH = "crashes the Python process running it (e.g. SIGSEGV)"
EXIT = "ends the Python process (sys.exit, os._exit)"
OUTPUT = "prints or writes far too much"
#: The worker's death reason (the grader's ``reason``) -> the mistake.
DEATHS = {"timeout": TIMEOUT, "memory": MEMORY, "crash": CRASH, "exit": EXIT, "output": OUTPUT}
#: How the grader's death messages start (autograder/sandbox/launcher.py, grade/messages.py, sandbox/breaker.py).
DEATH_OPENINGS = [
    (r"your code took longer than the time limit|not run: grading your submission used up its time budget", "timeout"),
    (r"`\w+` (calls `\w+`, which )?did not return within [^\n]* in an earlier test", "timeout"),
    (r"your code ran out of memory", "memory"),
    (r"`\w+` (calls `\w+`, which )?ran out of memory[^\n]* in an earlier test", "memory"),
    (r"the Python process running your code crashed|the worker sent a malformed reply", "crash"),
    (r"your code ended the Python process|your code called sys\.exit\(\)", "exit"),
    (r"your code printed|your code wrote more files than", "output"),
]
#: How the grader's load errors start (autograder/sandbox/session.py, autograder/sandbox/submission.py).
LOAD_OPENINGS = [
    (r"no deepnn\.py in your upload", NO_DEEPNN),
    (r"your deepnn\.py has an? (SyntaxError|TabError)", "deepnn.py has a syntax error (the file does not run)"),
    (r"your deepnn\.py has an? IndentationError", "deepnn.py has an indentation error (the file does not run)"),
    (r"your deepnn\.py ran out of memory while it was being imported", "deepnn.py runs out of memory when imported (top-level code)"),
    (r"your deepnn\.py could not be loaded: importing it raised NameError",
     "deepnn.py fails when imported: top-level code uses a name that is not defined"),
    (r"your deepnn\.py could not be loaded: importing it raised (ModuleNotFoundError|ImportError)",
     "deepnn.py imports a module the grader does not have"),
    (r"your deepnn\.py could not be loaded: importing it raised SystemExit|sys\.exit\(.*\) at import",
     "deepnn.py ends the process when imported (sys.exit at the top level)"),
    (r"your deepnn\.py could not be loaded", "deepnn.py fails when imported (top-level code raises an error)"),
]
LOAD_TIMEOUT = "deepnn.py never finishes importing (slow top-level code)"
UNREADABLE = "the upload could not be read (not a .py file, a notebook or a zip of them)"
HINT = re.compile(r"Hint:\s*([^\n]+)", re.IGNORECASE)
HINT_PREFIX = "hint: "
#: Longest hint label, in characters (shortened at a word, never inside one).
HINT_CHARS = 110


def shorten(text, limit):
    """``text`` cut to at most ``limit`` characters at a word boundary, with "…" when cut."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.(") + "…"


def _died(test, output):
    """The worker's death reason for a failed test ("timeout", "memory", ...) or None."""
    extra = test.get("extra_data") if isinstance(test.get("extra_data"), dict) else {}
    if extra.get("died") in DEATHS:
        return extra["died"]
    for pattern, reason in DEATH_OPENINGS:
        if re.match(pattern, output):
            return reason
    return None


def diagnose(output, died=None):
    """The mistakes one failing test's message points to: the named ones, else its symptoms and hints."""
    named, unnamed = diagnose_test(output, died)
    return named or unnamed


def diagnose_test(output, died=None):
    """The named mistakes and the symptoms/hints one failing test's message points to: ``(named, unnamed)`` sets.

    ``died``: the worker's death reason when known (else read from the message's opening words).
    """
    text = (output or "").strip()
    reason = died or next((r for pattern, r in DEATH_OPENINGS if re.match(pattern, text)), None)
    if reason in DEATHS:
        return {DEATHS[reason]}, set()
    if re.match(r"`\w+`( \(called by `\w+`\))? is not implemented yet", text):
        return {NOT_IMPLEMENTED}, set()
    if re.match(r"`\w+`(, `\w+`)*( and `\w+`)? (is|are) not defined\b", text):
        return {NOT_DEFINED}, set()
    named = {label for pattern, label in MISTAKES if re.search(pattern, text, re.IGNORECASE)}
    unnamed = {label for pattern, label in SYMPTOMS if re.search(pattern, text, re.IGNORECASE)}
    if not named:
        unnamed |= {HINT_PREFIX + shorten(hint.strip().rstrip("."), HINT_CHARS) for hint in HINT.findall(text)}
    return named, unnamed


def load_cause(load_error, status=""):
    """The one mistake a submission that did not load shows (``extra_data.load_error``, ``.status``)."""
    text = str(load_error).strip()
    if status == "timeout":
        return LOAD_TIMEOUT
    for pattern, label in LOAD_OPENINGS:
        if re.match(pattern, text):
            return label
    reason = next((r for pattern, r in DEATH_OPENINGS if re.match(pattern, text)), None)
    if reason in DEATHS:
        return DEATHS[reason]
    return MEMORY if status == "memory" else UNREADABLE


def diagnose_student(extra, tests, failed):
    """The set of mistakes of one student: ``extra`` is the results' ``extra_data``, ``tests`` its graded tests.

    ``failed(test)`` says whether a test failed.
    """
    status = str(extra.get("status") or "")
    if extra.get("load_error"):
        return {load_cause(extra["load_error"], status)}
    named, unnamed = set(), set()
    for test in tests:
        if failed(test):
            output = str(test.get("output", ""))
            found, symptoms = diagnose_test(output, _died(test, output.strip()))
            named |= found
            unnamed |= symptoms
    if status in ("timeout", "memory"):
        named.add(DEATHS[status])  # a death the grader recorded, whatever the messages say
    if NOT_DEFINED in named:
        named.discard("uses a name that is not defined (NameError)")  # calling the missing function
    return named or unnamed


def is_named(label):
    """Whether ``label`` names a mistake (not a symptom or a test's hint)."""
    return not label.startswith(HINT_PREFIX) and label not in {name for _, name in SYMPTOMS}


def ranked(mistakes):
    """``[(label, students)]`` of ``{label: set of students}``: named mistakes first, then by students, then by name."""
    return sorted(((label, len(who)) for label, who in mistakes.items()),
                  key=lambda item: (not is_named(item[0]), -item[1], item[0]))
