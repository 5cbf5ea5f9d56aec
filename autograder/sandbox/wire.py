"""The wire format between the grading process and a worker: length-prefixed JSON, no pickle.

This module is self-contained (standard library and numpy only): the grader imports it,
and the worker gets a copy of it in its scratch directory (as ``_ag_wire.py``). The grader's limits
on a reply, checked before it is decoded, are replies.py's.

A message is a 4-byte big-endian length followed by that many bytes of UTF-8 JSON.
Values (see autograder/DESIGN.md, "The worker"):

* ``None``, ``bool``, ``int``, ``float``, ``str`` and lists: plain JSON (NaN/inf as JSON's NaN/Infinity);
* tuples: ``{"__tuple__": [...]}``;
* dicts whose keys are all ``str`` not starting with ``__``: a JSON object; other dicts:
  ``{"__dict__": [[key, value], ...]}``;
* arrays: ``{"__ndarray__": base64, "dtype": "<f8", "shape": [...]}`` (numeric and bool dtypes only);
  numpy scalars: ``{"__npscalar__": base64, "dtype": "<f8"}``; bytes: ``{"__bytes__": base64}``;
* a matplotlib Axes (worker to grader only): ``{"__axes__": <description>}``;
* an object returned by the worker that is none of these: ``{"__handle__": n, "type": name}``
  (it stays in the worker; passing the handle back in gives the worker its object);
* an argument object returned as is (identity kept): ``{"__ref__": k}``, k counting the
  lists, dicts and arrays of the call's arguments in the order they were encoded.
"""

import base64
import json
import math
import struct

import numpy as np

HEADER = struct.Struct(">I")
#: Largest message either side sends or accepts (bytes of JSON).
MAX_MESSAGE = 64 * 1024 * 1024
#: Deepest nesting of containers either side encodes or accepts (legitimate replies: 9).
MAX_DEPTH = 64
#: dtypes that may travel (little-endian or byte-order free): no object, str or void arrays.
ALLOWED_DTYPES = frozenset(
    ["|b1", "|i1", "|u1", "<i2", "<i4", "<i8", "<u2", "<u4", "<u8", "<f2", "<f4", "<f8", "<c8", "<c16"]
)
MARKERS = ("__tuple__", "__dict__", "__ndarray__", "__npscalar__", "__bytes__", "__axes__", "__handle__", "__ref__")


class ProtocolError(Exception):
    """A message that does not follow the wire format."""


class Unencodable(Exception):
    """A value that cannot be sent (the grader never sends such a value; the worker sends a handle)."""


class AxesDescription(dict):
    """A plot description the grader's Decoder made from a worker's ``{"__axes__": ...}``, the encoding of a
    real matplotlib Axes (gradecheck.as_axes_description accepts no other dict). A dict the student's code
    returns never becomes one: the encoder sends a dict with a ``__`` key as ``{"__dict__": pairs}``."""

    made_from_axes = True


# --------------------------------------------------------------------------- framing


def _read_exact(fd, n, read):
    """``n`` bytes from ``fd`` into one buffer of that size (no copy of what was already read)."""
    buffer, done = bytearray(n), 0
    while done < n:
        chunk = read(fd, min(n - done, 1 << 20))
        if not chunk:
            raise EOFError("the other side closed the pipe")
        buffer[done:done + len(chunk)] = chunk
        done += len(chunk)
    return buffer


def send_message(fd, obj, write):
    """Write one message (``write`` is os.write, passed in so the worker can keep its own)."""
    data = json.dumps(obj, separators=(",", ":"), allow_nan=True).encode("utf-8")
    if len(data) > MAX_MESSAGE:
        raise Unencodable(f"message of {len(data)} bytes is larger than the limit of {MAX_MESSAGE}")
    view = memoryview(HEADER.pack(len(data)) + data)
    while view:
        written = write(fd, view)
        view = view[written:]


def recv_message(fd, read):
    """Read one message; EOFError when the pipe is closed, ProtocolError when it is malformed."""
    (length,) = HEADER.unpack(_read_exact(fd, HEADER.size, read))
    if length > MAX_MESSAGE:
        raise ProtocolError(f"message of {length} bytes announced, more than the limit of {MAX_MESSAGE}")
    return parse_message(_read_exact(fd, length, read))


def parse_message(data):
    try:
        return json.loads(bytes(data).decode("utf-8"))
    except (ValueError, RecursionError) as error:
        raise ProtocolError(f"malformed message: {type(error).__name__}") from None


# --------------------------------------------------------------------------- values


def _dtype_str(dtype):
    dtype = np.dtype(dtype)
    if dtype.byteorder == ">":
        dtype = dtype.newbyteorder("<")
    return dtype.str


def _array_payload(arr):
    arr = np.asarray(arr)
    code = _dtype_str(arr.dtype)
    if code not in ALLOWED_DTYPES:
        return None
    data = np.ascontiguousarray(arr, dtype=np.dtype(code)).tobytes()
    return code, base64.b64encode(data).decode("ascii")


class _Walk:
    """What Encoder and Decoder share: the depth limit, and the containers they ``register`` in order."""

    register = None

    @staticmethod
    def _enter(depth, error):
        """Raise ``error`` (Unencodable or ProtocolError) for a value nested deeper than MAX_DEPTH."""
        if depth > MAX_DEPTH:
            raise error(f"nested more than {MAX_DEPTH} levels deep")

    def _keep(self, container):
        """``container``, registered first when this walk registers its containers."""
        if self.register is not None:
            self.register.append(container)
        return container


class Encoder(_Walk):
    """Turns a value into JSON-able data.

    ``handle_for(obj)`` gives a handle dict for an object that is not plain data (worker side) or
    raises Unencodable (grader side). ``describe_axes(ax)`` describes a matplotlib Axes (worker
    side). ``refs`` maps id(obj) -> k for identity references (worker side, results only);
    ``register`` collects the containers encoded, in order (grader side, arguments).
    """

    def __init__(self, handle_for=None, describe_axes=None, refs=None, register=None, encode_handle=None):
        self.handle_for = handle_for
        self.describe_axes = describe_axes
        self.refs = refs or {}
        self.register = register
        self.encode_handle = encode_handle

    def encode(self, value, depth=0):
        self._enter(depth, Unencodable)
        kind = type(value)
        if value is None or kind is bool or kind is str:
            return value
        if kind is int:
            return value
        if kind is float:
            return value
        if self.refs and id(value) in self.refs and kind in (list, dict, np.ndarray):
            return {"__ref__": self.refs[id(value)]}
        if kind is list:
            self._keep(value)
            return [self.encode(item, depth + 1) for item in value]
        if kind is tuple:
            return {"__tuple__": [self.encode(item, depth + 1) for item in value]}
        if kind is dict:
            self._keep(value)
            keys = list(value.keys())
            if all(type(k) is str and not k.startswith("__") for k in keys):
                return {k: self.encode(value[k], depth + 1) for k in keys}
            return {"__dict__": [[self.encode(k, depth + 1), self.encode(value[k], depth + 1)] for k in keys]}
        if kind is np.ndarray:
            payload = _array_payload(value)
            if payload is not None:
                self._keep(value)
                return {"__ndarray__": payload[1], "dtype": payload[0], "shape": list(value.shape)}
        elif isinstance(value, np.generic) and kind.__module__ == "numpy":
            payload = _array_payload(np.asarray(value))
            if payload is not None:
                return {"__npscalar__": payload[1], "dtype": payload[0]}
        elif kind is bytes:
            return {"__bytes__": base64.b64encode(value).decode("ascii")}
        if self.encode_handle is not None:
            encoded = self.encode_handle(value)
            if encoded is not None:
                return encoded
        if self.describe_axes is not None and _is_axes(value):
            return {"__axes__": self.encode(self.describe_axes(value), depth + 1)}
        if self.handle_for is not None:
            return self.handle_for(value)
        raise Unencodable(f"a value of type {kind.__name__} cannot be sent to the worker")


def _is_axes(value):
    import sys

    axes_module = sys.modules.get("matplotlib.axes")
    return axes_module is not None and isinstance(value, axes_module.Axes)


class Decoder(_Walk):
    """Turns wire data back into values.

    ``handle(data)`` turns a ``{"__handle__": ...}`` dict into an object (worker: its table entry;
    grader: a Handle). ``ref(k)`` resolves ``{"__ref__": k}``. ``register`` collects the
    containers decoded, in order (worker side, arguments). ``axes(description)`` wraps an Axes
    description (grader side).
    """

    def __init__(self, handle=None, ref=None, register=None, axes=None):
        self.handle = handle
        self.ref = ref
        self.register = register
        self.axes = axes

    def decode(self, data, depth=0):
        self._enter(depth, ProtocolError)
        kind = type(data)
        if data is None or kind in (bool, int, float, str):
            return data
        if kind is list:
            out = self._keep([])
            out.extend(self.decode(item, depth + 1) for item in data)
            return out
        if kind is not dict:
            raise ProtocolError(f"unexpected JSON value of type {kind.__name__}")
        marker = next((k for k in data if k.startswith("__")), None)
        if marker is None:
            out = self._keep({})
            for key, item in data.items():
                out[key] = self.decode(item, depth + 1)
            return out
        if marker == "__tuple__":
            items = data[marker]
            if type(items) is not list:
                raise ProtocolError("__tuple__ needs a list")
            return tuple(self.decode(item, depth + 1) for item in items)
        if marker == "__dict__":
            pairs = data[marker]
            if type(pairs) is not list:
                raise ProtocolError("__dict__ needs a list of pairs")
            out = self._keep({})
            for pair in pairs:
                if type(pair) is not list or len(pair) != 2:
                    raise ProtocolError("__dict__ needs a list of pairs")
                key = self.decode(pair[0], depth + 1)
                try:
                    out[key] = self.decode(pair[1], depth + 1)
                except TypeError:
                    raise ProtocolError(f"a dict key of type {type(key).__name__} is not hashable") from None
            return out
        if marker == "__ndarray__":
            return self._keep(_decode_array(data))
        if marker == "__npscalar__":
            return _decode_array(dict(data, shape=[]))[()]
        if marker == "__bytes__":
            return _b64(data[marker])
        if marker == "__axes__" and self.axes is not None:
            description = self.decode(data[marker], depth + 1)
            if type(description) is not dict or len(data) != 1:
                raise ProtocolError("__axes__ needs a dict")
            return self.axes(AxesDescription(description))
        if marker == "__handle__" and self.handle is not None:
            return self.handle(data)
        if marker == "__ref__" and self.ref is not None:
            return self.ref(data[marker])
        raise ProtocolError(f"unexpected marker {marker!r}")


def _b64(text):
    if type(text) is not str:
        raise ProtocolError("base64 payload must be a string")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeError):
        raise ProtocolError("invalid base64 payload") from None


def _decode_array(data):
    code, shape = data.get("dtype"), data.get("shape")
    if code not in ALLOWED_DTYPES:
        raise ProtocolError(f"dtype {code!r} is not allowed")
    if type(shape) is not list or not all(type(n) is int and n >= 0 for n in shape) or len(shape) > 32:
        raise ProtocolError("invalid array shape")
    raw = _b64(data["__ndarray__"] if "__ndarray__" in data else data["__npscalar__"])
    dtype = np.dtype(code)
    if math.prod(shape) * dtype.itemsize != len(raw):
        raise ProtocolError("array data does not match its shape and dtype")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


# --------------------------------------------------------------------------- mutation mirroring (replies.sync_in_place applies it)


def snapshot(value, depth=0):
    """A deep copy of the containers and arrays of ``value`` (other objects by identity)."""
    if depth > MAX_DEPTH:
        return value
    kind = type(value)
    if kind is np.ndarray:
        return value.copy()
    if kind is list:
        return [snapshot(v, depth + 1) for v in value]
    if kind is tuple:
        return tuple(snapshot(v, depth + 1) for v in value)
    if kind is dict:
        return {k: snapshot(v, depth + 1) for k, v in value.items()}
    return value


def same(before, after, depth=0):
    """Whether ``after`` still equals the snapshot ``before`` (exact: bytes, shapes, dtypes, keys)."""
    if depth > MAX_DEPTH:
        return True
    if type(before) is not type(after):
        return False
    kind = type(before)
    if kind is np.ndarray:
        return before.shape == after.shape and before.dtype == after.dtype and before.tobytes() == after.tobytes()
    if kind in (list, tuple):
        return len(before) == len(after) and all(same(b, a, depth + 1) for b, a in zip(before, after))
    if kind is dict:
        return list(before.keys()) == list(after.keys()) and all(same(before[k], after[k], depth + 1) for k in before)
    if kind is float and math.isnan(before):
        return math.isnan(after)
    try:
        return before is after or bool(before == after)
    except Exception:
        return False
