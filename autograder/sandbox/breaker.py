"""The circuit breaker: a student function that ran out of time or memory once is not called again.

A call that times out costs the whole per-case limit (30 s by default); an infinite loop in a
function that many cases need would cost that again in every one of them. A memory hog (RLIMIT_AS,
or the memory cgroup's OOM kill) costs 5 to 11 s per call the same way. After the first timeout
or memory death the grader finds which of the student's functions was running (the worker's
``faulthandler`` dump, read as untrusted text) and, from the submission's static call graph
(its AST: the grader parses the source, never runs it), every function that calls it. Those
functions are not called again in this submission: the cases that need them fail at once.
"""

import ast
import re

from ..course_helpers import sourcecheck

#: Most bytes of the dump the grader reads (from its end).
TRACE_READ_LIMIT = 64 * 1024
#: How many of the last dumps (one a second) must agree on where the call was stuck.
SAMPLES = 5
_FRAME = re.compile(r'^\s*File "(?P<file>[^"\n]{1,4096})", line (?P<line>\d{1,9}) in (?P<name>[A-Za-z_][A-Za-z0-9_]{0,99})\s*$')


class NotRunAgain(Exception):
    """A call of a function the breaker stopped; the message says which function hung, and where."""


def _defs(tree):
    """{name of a top-level def: the names of the defs nested in it} of a module's AST."""
    found = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found[node.name] = {n.name for n in ast.walk(node) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n is not node}
    return found


def call_graph(source):
    """{top-level function: set of top-level functions its body names} from the module's source (never run).

    A name counts whether it is called or passed along (``train`` passing ``model_backward`` on);
    a source that does not parse gives an empty graph.
    """
    try:
        tree = ast.parse(source or "")
    except (SyntaxError, ValueError, RecursionError):
        return {}
    tops = _defs(tree)
    graph = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
            graph[node.name] = (names & set(tops)) - {node.name}
    return graph


def callers(graph, name):
    """Every function of ``graph`` that reaches ``name`` through calls (``name`` excluded)."""
    found, todo = set(), [name]
    while todo:
        target = todo.pop()
        for caller, callees in graph.items():
            if target in callees and caller not in found and caller != name:
                found.add(caller)
                todo.append(caller)
    return found


def _student_frames(dump, known, line_count):
    """[(function, line)] of one dump's frames in the student's file, outermost first (believable ones only)."""
    frames = []
    for raw in dump.splitlines():
        frame = _FRAME.match(raw)
        if frame and frame.group("file").replace("\\", "/").endswith("/deepnn.py"):
            line = int(frame.group("line"))
            if frame.group("name") in known and 1 <= line <= line_count:
                frames.append((frame.group("name"), line))
    return frames[::-1]  # faulthandler writes the most recent call first


def running_function(trace_text, known, line_count, dumps=SAMPLES):
    """(function, line or None) where the call was stuck, from the last ``dumps`` dumps in ``trace_text``, or (None, None).

    The deepest frame of the student's file that every one of those dumps shares (a loop in
    ``layer_backward`` that calls ``activation_backward`` is in ``layer_backward``), with its line when
    the dumps agree on it. The text comes from the student's worker: only a frame in a file named
    deepnn.py, a line number inside the submission and a function name in ``known`` are believed.
    """
    stacks = [_student_frames(dump, known, line_count) for dump in re.split(r"(?m)^Timeout \(", trace_text or "")]
    stacks = [stack for stack in stacks if stack][-dumps:]
    if not stacks:
        return None, None
    depth = 0
    while all(len(stack) > depth and stack[depth][0] == stacks[0][depth][0] for stack in stacks):
        depth += 1
    if depth == 0:
        return None, None
    function = stacks[0][depth - 1][0]
    lines = {stack[depth - 1][1] for stack in stacks}
    return function, (lines.pop() if len(lines) == 1 else None)


def deepest_frame(where, known, line_count):
    """(function, line) of the deepest believable frame in a MemoryError's ``where`` ([[line, function, text], ...],
    outermost first, the worker's untrusted list of deepnn.py frames), or (None, None)."""
    for frame in reversed(where if isinstance(where, list) else []):
        if isinstance(frame, list) and len(frame) >= 2 and type(frame[0]) is int and isinstance(frame[1], str):
            if frame[1] in known and 1 <= frame[0] <= line_count:
                return frame[1], frame[0]
    return None, None


class Breaker:
    """Which student functions timed out or ran out of memory (and which call them).

    ``records`` lists each timeout, ``memory_records`` each memory death: {called, running, line, stopped}.
    """

    def __init__(self, source, api, case_timeout, memory_mb=None):
        self.graph = call_graph(source)
        try:
            tree = ast.parse(source or "")
            nested = {inner: top for top, inners in _defs(tree).items() for inner in inners if inner not in self.graph}
        except (SyntaxError, ValueError, RecursionError):
            nested = {}
        self.nested = nested  # a def inside a function -> the top-level function that holds it
        self.known = set(api) | set(self.graph) | set(nested)
        self.line_count = len((source or "").splitlines())
        self.case_timeout = float(case_timeout)
        self.memory_mb = memory_mb
        self.stopped = {}  # function -> (the function that hung or ran out of memory, its line or None, "timeout"/"memory")
        self.records = []
        self.memory_records = []

    def blocked(self, name):
        """The message for a call of ``name`` that must not run again, else None."""
        if name not in self.stopped:
            return None
        hung, line, reason = self.stopped[name]
        where = sourcecheck.where_text(line, file="deepnn.py") if line else ""
        if reason == "memory":
            what = "ran out of memory" + (f" (over {self.memory_mb:g} MB)" if self.memory_mb else "")
        else:
            what = f"did not return within {self.case_timeout:g} s"
        if hung == name:
            return f"`{name}` {what} in an earlier test{where}; not run again"
        return f"`{name}` calls `{hung}`, which {what} in an earlier test{where}; not run again"

    def trip(self, called, trace_text, reason="timeout", where=None):
        """Record that the call of ``called`` timed out (``reason`` "timeout") or ran out of memory ("memory").

        ``where``: a MemoryError's deepnn.py frames, believed first; else the faulthandler dumps in ``trace_text``.
        Returns the record (function called, function running, line, functions stopped).
        """
        running, line = deepest_frame(where, self.known, self.line_count)
        if running is None:
            running, line = running_function(trace_text, self.known, self.line_count)
        hung = self.nested.get(running, running) if running else called
        stop = {hung, called} | callers(self.graph, hung)
        for name in stop:
            self.stopped.setdefault(name, (hung, line, reason))
        record = {"called": called, "running": hung, "line": line, "stopped": sorted(stop)}
        (self.memory_records if reason == "memory" else self.records).append(record)
        return record

    def where_text(self, record, reason="timeout"):
        """`` It was running `f` (deepnn.py, line N) when the time ran out.`` (or memory) for a death whose callee was running."""
        if record["running"] == record["called"] and not record["line"]:
            return ""
        line = sourcecheck.where_text(record["line"], file="deepnn.py") if record["line"] else ""
        when = "it ran out of memory" if reason == "memory" else "the time ran out"
        return f" It was running `{record['running']}`{line} when {when}."
