"""The kit's one way to write a file that a reader may open at any moment: whole or not at all.

Every file the kit writes for someone else to read (results, feedback, grades.csv, exports,
the Gradescope results.json, figures' data) goes through :func:`write_atomic`: the bytes go
to a hidden temporary file beside the target, which then replaces it in one rename.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_atomic(folder / "sub" / "a.txt", "hello\\n").read_text()
'hello\\n'
>>> sorted(p.name for p in (folder / "sub").iterdir())  # no temporary file is left behind
['a.txt']
"""

import os
from pathlib import Path


def write_atomic(path, data, *, encoding="utf-8", newline=None):
    """Write ``data`` (``str`` or ``bytes``) to ``path`` atomically, making its folder; returns the path.

    A reader sees the old file or the new one, never half of one. ``newline`` is passed to
    :func:`open` for text (``""`` keeps ``\\r\\n`` as given, e.g. for CSV).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if isinstance(data, bytes):
            with open(temporary, "wb") as handle:
                handle.write(data)
        else:
            with open(temporary, "w", encoding=encoding, newline=newline) as handle:
                handle.write(data)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path
