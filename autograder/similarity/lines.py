"""From character slices of a source to the lines a person reads: which lines are shared, as ``"3-9;14"``.

Docstrings never count as shared lines: copydetect turns every string into one ``S``, so
a matched passage that starts or ends at a docstring would otherwise light up the whole
docstring, which in this homework is the starter's text, the same for everybody.
"""

import ast

import numpy as np


class LineMap:
    """Where each character of ``source`` sits and which lines are docstring.

    ``line_of``: int array (len(source) + 1,), the 0-based line of each character offset;
    ``docstring``: bool array (number of lines,), True for a line inside a docstring.
    """

    def __init__(self, source):
        self.source = source
        pieces = source.split("\n")  # the line breaks ast counts ("\r\n" too; not splitlines' form feeds)
        self.lines = [piece + "\n" for piece in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else []) or [""]
        lengths = np.array([len(line) for line in self.lines], dtype=np.int64)
        self.starts = np.concatenate([[0], np.cumsum(lengths)])
        self.line_of = np.repeat(np.arange(len(self.lines)), lengths)
        self.line_of = np.concatenate([self.line_of, [len(self.lines) - 1]]).astype(np.int64)
        self.docstring = np.zeros(len(self.lines), dtype=bool)
        for first, last in docstring_lines(source):
            self.docstring[first - 1:last] = True

    def covered(self, slices):
        """bool array (number of lines,): the lines the (2, n) character ``slices`` touch, docstrings left out."""
        count = len(self.lines)
        if slices.size == 0:
            return np.zeros(count, dtype=bool)
        starts = np.clip(slices[0], 0, len(self.line_of) - 1)
        ends = np.clip(np.maximum(slices[1] - 1, slices[0]), 0, len(self.line_of) - 1)
        edges = np.zeros(count + 1, dtype=np.int64)
        np.add.at(edges, self.line_of[starts], 1)
        np.add.at(edges, self.line_of[ends] + 1, -1)
        return (np.cumsum(edges[:-1]) > 0) & ~self.docstring


def ranges(covered):
    """1-based line ranges of a bool array of lines, e.g. ``"3-9;14"`` ("" when none)."""
    padded = np.concatenate([[False], covered, [False]]).astype(np.int8)
    changes = np.flatnonzero(np.diff(padded))
    return ";".join(f"{a + 1}" if b - a == 1 else f"{a + 1}-{b}" for a, b in zip(changes[::2], changes[1::2]))


def docstring_lines(source):
    """(first, last) 1-based lines of every docstring (module, class, function) of ``source``; none if it does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                found.append((first.lineno, first.end_lineno))
    return found
