"""From character slices of a source to the lines a person reads: which lines are shared, as ``"3-9;14"``.

Docstrings never count as shared lines: copydetect turns every string into one ``S``, so
a matched passage that starts or ends at a docstring would otherwise light up the whole
docstring, which in this homework is the starter's text, the same for everybody.
"""

import ast

import numpy as np


class LineMap:
    """Where each line of ``source`` starts and which lines are docstring.

    ``lines``: the source's lines, ends kept; ``starts``: int array (number of lines + 1,), the
    character offset where each line starts (then the length); ``docstrings``: sorted
    (first, last) 0-based line ranges of the docstrings.
    """

    def __init__(self, source):
        self.source = source
        pieces = source.split("\n")  # the line breaks ast counts ("\r\n" too; not splitlines' form feeds)
        self.lines = [piece + "\n" for piece in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else []) or [""]
        self.starts = np.concatenate([[0], np.cumsum([len(line) for line in self.lines])]).astype(np.int64)
        self.docstrings = sorted((first - 1, last - 1) for first, last in docstring_lines(source))

    def shared(self, slices):
        """Sorted, disjoint (first, last) 0-based line ranges the (2, n) character ``slices`` touch, docstrings left out."""
        if slices.size == 0:
            return []
        firsts = (np.searchsorted(self.starts, slices[0], side="right") - 1).tolist()
        lasts = (np.searchsorted(self.starts, np.maximum(slices[1] - 1, slices[0]), side="right") - 1).tolist()
        merged = []
        for first, last in sorted(zip(firsts, lasts)):
            if merged and first <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], last)
            else:
                merged.append([first, last])
        return _subtract(merged, self.docstrings)

    def covered(self, slices):
        """bool array (number of lines,): True for the lines of :meth:`shared`."""
        mask = np.zeros(len(self.lines), dtype=bool)
        for first, last in self.shared(slices):
            mask[first:last + 1] = True
        return mask


def _subtract(ranges_, holes):
    """The line ranges ``ranges_`` without the lines of ``holes`` (both sorted (first, last) lists)."""
    out = []
    for first, last in ranges_:
        for hole_first, hole_last in holes:
            if hole_last < first or hole_first > last:
                continue
            if hole_first > first:
                out.append((first, hole_first - 1))
            first = hole_last + 1
            if first > last:
                break
        if first <= last:
            out.append((first, last))
    return out


def ranges(shared):
    """1-based text of (first, last) 0-based line ranges, e.g. ``"3-9;14"`` ("" when none)."""
    return ";".join(f"{a + 1}" if a == b else f"{a + 1}-{b + 1}" for a, b in shared)


def docstring_lines(source):
    """(first, last) 1-based lines of every docstring (module, class, function) of ``source``; none if it does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    found, todo = [], [tree]
    while todo:  # statements only: a docstring is the first statement of a module, class or function
        node = todo.pop()
        body = getattr(node, "body", None)
        if not isinstance(body, list) or not body:
            continue
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) \
                and ast.get_docstring(node, clean=False) is not None:
            found.append((body[0].lineno, body[0].end_lineno))
        for field in ("body", "orelse", "finalbody", "handlers"):
            todo.extend(child for child in getattr(node, field, []) or [] if isinstance(child, ast.AST))
    return found
