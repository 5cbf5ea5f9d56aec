"""What the grading process accepts from a worker: a reply checked on its bytes before ``json.loads`` builds anything.

A hostile worker can send any bytes. A reply over :data:`MAX_REPLY` bytes, :data:`MAX_VALUES` values
or ``wire.MAX_DEPTH`` levels is refused undecoded (:func:`check_reply`), so that the grading process stays
within :data:`GRADER_MEMORY_MB` whatever the student's code returns (see autograder/DESIGN.md, the threat
model). Then :func:`sync_in_place` gives the caller's arguments the changes the student's function made to
them. Grader side only: the worker's copy of wire.py does not need any of it.
"""

import re

import numpy as np

from .wire import MAX_DEPTH, ProtocolError, parse_message, same

#: Largest reply the grader accepts from a worker (bytes of JSON; the largest legitimate one is 66 KB).
MAX_REPLY = 4 * 1024 * 1024
#: Most values (containers, numbers, strings) in one reply the grader decodes: the largest legitimate one holds 129.
MAX_VALUES = 100_000
#: The grading process's memory budget: its peak RSS while it grades any submission, hostile ones
#: included, stays below half of this (measured: 70-83 MB; a reply is at most MAX_REPLY bytes and MAX_VALUES values).
GRADER_MEMORY_MB = 256


class TooLarge(ProtocolError):
    """A reply over a limit (MAX_REPLY, MAX_DEPTH, MAX_VALUES): ``str(error)`` says which, for the student."""


#: An escape pair (a backslash and the byte after it), taken out before the strings are blanked: both passes are
#: linear in the reply whatever it holds (one regex for strings with escapes inside backtracked quadratically on an
#: unclosed string of escaped quotes: minutes of the grader's CPU for 100 KB).
_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_STRING = re.compile(rb'"[^"]*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = np.zeros(256, dtype=np.int8)
_STEP[list(b"[{")], _STEP[list(b"]}")] = 1, -1


def check_reply(data, max_bytes=MAX_REPLY, max_depth=MAX_DEPTH, max_values=MAX_VALUES):
    """Raise TooLarge when the JSON bytes ``data`` are over a limit, before ``json.loads`` builds anything.

    A cheap pass in C over the bytes (buffers of at most len(data) each): strings are blanked out,
    the running count of brackets gives the depth, commas and opening brackets bound the values.
    """
    if len(data) > max_bytes:
        raise TooLarge(f"too large to check ({len(data) / 2**20:.1f} MB; the limit is {max_bytes / 2**20:g} MB)")
    too_many = f"too large to check (more than {max_values:,} values in lists and dicts)"
    if data.count(b'"') // 2 > 2 * max_values:  # each string is a value or a key
        raise TooLarge(too_many)
    bare = _STRING.sub(b'""', _ESCAPE.sub(b"", bytes(data)))
    brackets = np.frombuffer(bare.translate(None, _NOT_BRACKETS), dtype=np.uint8)
    depth = level = 0
    for start in range(0, brackets.size, 1 << 18):  # in slices: a few MB at most however long the reply
        running = np.cumsum(_STEP[brackets[start:start + (1 << 18)]], dtype=np.int32) + level
        depth, level = max(depth, int(running.max())), int(running[-1])
    if depth > max_depth + 4:  # the message's own envelope ({"ok": ..., "mutated": [[k, ...]]}) on top
        raise TooLarge(f"too deeply nested to check (lists or dicts {depth:,} levels deep; the limit is {max_depth})")
    if bare.count(b",") + bare.count(b"[") + bare.count(b"{") + 1 > max_values:
        raise TooLarge(too_many)


def decode_reply(data):
    """A worker's reply from its JSON bytes ``data``: (message, None), or (None, ("too", which limit) or ("malformed", a hint))."""
    try:
        check_reply(data)
        message = parse_message(data)
    except TooLarge as error:
        return None, ("too", str(error))
    except ProtocolError:
        return None, ("malformed", ": does your code write to file descriptors it did not open?")
    if type(message) is not dict:
        return None, ("malformed", "")
    return message, None


def sync_in_place(original, new):
    """Make ``original`` (a caller's argument) equal ``new`` (its state after the call) in place.

    Returns False when that is impossible (different type, an array whose shape or dtype
    changed): the caller then has nothing better to do than keep ``original``.
    """
    if type(original) is np.ndarray and type(new) is np.ndarray:
        if original.shape == new.shape and original.dtype == new.dtype and original.flags.writeable:
            original[...] = new
            return True
        return False
    if type(original) is dict and type(new) is dict:
        for key in list(original):
            if key not in new:
                del original[key]
        for key, value in new.items():
            if key in original and sync_in_place(original[key], value):
                continue
            original[key] = value
        return True
    if type(original) is list and type(new) is list:
        for i, value in enumerate(new[: len(original)]):
            if not sync_in_place(original[i], value):
                original[i] = value
        del original[len(new):]
        original.extend(new[len(original):])
        return True
    if type(original) is tuple and type(new) is tuple and len(original) == len(new):
        return all(sync_in_place(o, n) or same(o, n) for o, n in zip(original, new))
    return same(original, new)
