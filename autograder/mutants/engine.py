"""The mutation engine: exact, checked edits of a module's source text.

Four kinds of edit, each a small frozen dataclass, applied in order by :func:`apply`:

* :class:`Replace` ``(old, new)``: ``old`` must occur exactly once in the source;
* :class:`Append` ``(code)``: ``"\\n\\n" + code`` is added at the end of the module;
* :class:`Remove` ``(function)``: a top-level function is deleted (its lines);
* :class:`Inject` ``(function, code)``: ``code`` (unindented lines) goes at the start of
  the function's body, after its docstring, indented like the body.

An edit that no longer fits the source (the reference changed) raises :class:`MutationError`
with a sentence saying what is missing. Sources are ``str``; nothing is run.
"""

import ast
from dataclasses import dataclass


class MutationError(ValueError):
    """An edit does not fit the source it is applied to."""


@dataclass(frozen=True)
class Replace:
    old: str
    new: str


@dataclass(frozen=True)
class Append:
    code: str


@dataclass(frozen=True)
class Remove:
    function: str


@dataclass(frozen=True)
class Inject:
    function: str
    code: str


def replace_once(source, old, new):
    """``source`` with its one occurrence of ``old`` replaced by ``new`` (MutationError unless exactly one)."""
    count = source.count(old)
    if count != 1:
        raise MutationError(f"the reference changed: {old!r} occurs {count} times")
    return source.replace(old, new)


def _function(tree, name):
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return node
    raise MutationError(f"the reference has no function {name!r}")


def inject(source, function, code):
    """Insert ``code`` (lines, unindented) at the start of ``function``'s body, after its docstring."""
    tree = ast.parse(source)
    node = _function(tree, function)
    has_doc = ast.get_docstring(node, clean=False) is not None
    anchor = node.body[1] if has_doc and len(node.body) > 1 else node.body[0]
    lines = source.splitlines(keepends=True)
    anchor_line = lines[anchor.lineno - 1]
    indent = anchor_line[: len(anchor_line) - len(anchor_line.lstrip())]
    insert = "".join(indent + line + "\n" for line in code.strip("\n").splitlines())
    at = node.body[0].end_lineno if has_doc else anchor.lineno - 1
    return "".join(lines[:at]) + insert + "".join(lines[at:])


def remove_function(source, function):
    """``source`` without the top-level function ``function`` (its ``def`` line to its last line)."""
    node = _function(ast.parse(source), function)
    lines = source.splitlines(keepends=True)
    return "".join(lines[: node.lineno - 1]) + "".join(lines[node.end_lineno:])


def append(source, code):
    """``source`` followed by a blank line and ``code``."""
    return source + "\n\n" + code


def apply(source, edits):
    """``source`` with every edit of ``edits`` applied in order."""
    for edit in edits:
        if isinstance(edit, Replace):
            source = replace_once(source, edit.old, edit.new)
        elif isinstance(edit, Append):
            source = append(source, edit.code)
        elif isinstance(edit, Remove):
            source = remove_function(source, edit.function)
        elif isinstance(edit, Inject):
            source = inject(source, edit.function, edit.code)
        else:
            raise TypeError(f"not an edit: {edit!r} (use Replace, Append, Remove or Inject)")
    return source
