"""Canvas's "Download Submissions" zip: one member per uploaded file, named by Canvas.

A member is named ``<sortable name>[_LATE]_<canvas user id>_<attachment id>_<original name>``:
the sortable name lowercased without spaces or punctuation (``okaforada``), ``_LATE`` when
Canvas marked the upload late, the user id (the roster's ``id``), the attachment id (absent
for some tools) and the file's own name, with ``-N`` before the extension when the student
uploaded a file of that name again (``deepnn-1.py``). Members may sit in a folder; hidden
folders (``__MACOSX``) and links are skipped. A name can hold digits or underscores, so
every way to split it is tried and the one whose user id is on the roster wins.
Checked against public descriptions of real exports: the canvas-unzipper tool's README lists
``smithbob_340934_208490284_BobsWork.zip`` (sortable name, user id, attachment id, file name), and
instructors' tools read ``_LATE`` after the name; the kit's tests build both shapes and the variants above.

Per student the latest ``deepnn.py`` is graded (highest attachment id, then ``-N``), else
their latest zip (package_submission.py's ``submission.zip``), else their latest notebook,
else a lone ``.py``. A user id on no roster row is graded as ``canvas_<user id>``. The written
command asks for the notebook first (``prefer="notebook"``: homework.ipynb, a zip, a notebook, then code).
"""

import re
import stat
import zipfile
import zlib
from pathlib import PurePosixPath

from .model import MAX_EXPORT_MEMBERS, MAX_MEMBER_BYTES, LmsError, LmsSubmission, Problem, safe_id
from ..sandbox import SKIPPED_DIRS

_RESUBMITTED = re.compile(r"^(?P<stem>.+)-(?P<n>\d+)(?P<ext>\.[A-Za-z0-9]+)$")


def parse_name(base, known_ids=()):
    """``(sortable name, late, user id, attachment id or None, original name)`` of a member's base name, or None.

    ``known_ids`` (the roster's user ids) decides between readings when a name holds digits.
    """
    tokens = base.split("_")
    readings = []
    for i in range(1, len(tokens)):
        rest = tokens[i:]
        late = rest[0] == "LATE"
        if late:
            rest = rest[1:]
        if len(rest) < 2 or not rest[0].isdigit():
            continue
        uid = rest[0]
        if len(rest) >= 3 and rest[1].isdigit():
            readings.append(("_".join(tokens[:i]), late, uid, int(rest[1]), "_".join(rest[2:])))
        readings.append(("_".join(tokens[:i]), late, uid, None, "_".join(rest[1:])))
    readings = [r for r in readings if r[4]]
    for reading in readings:
        if reading[2] in known_ids:
            return reading
    return readings[0] if readings else None


def original_name(name):
    """(the file's name without Canvas's ``-N``, N): ``deepnn-2.py`` -> (``deepnn.py``, 2)."""
    match = _RESUBMITTED.match(name)
    if match:
        return match["stem"] + match["ext"], int(match["n"])
    return name, 0


#: prefer="notebook": the order the written command reads a student's uploads in (the answers are in the notebook).
_NOTEBOOK_FIRST = {0: 3, 1: 1, 2: 0, 3: 2, 4: 4}


def _kind_rank(name, prefer="code"):
    """How much a file of this (original) name is preferred for grading: lower first; None: not gradable."""
    rank = _code_rank(name)
    return _NOTEBOOK_FIRST[rank] if prefer == "notebook" and rank is not None else rank


def _code_rank(name):
    lower = name.lower()
    if lower == "deepnn.py":
        return 0
    if lower.endswith(".zip"):
        return 1
    if lower == "homework.ipynb":
        return 2
    if lower.endswith(".ipynb"):
        return 3
    if lower.endswith(".py"):
        return 4
    return None


def _is_link(info):
    return stat.S_ISLNK(info.external_attr >> 16)


def _members(archive, skipped=None):
    """The zip's regular file members worth reading: (base name, ZipInfo), skipping folders, links, hidden parts.

    A link or a member with an unsafe name (absolute, ``..``) is appended to ``skipped`` (a list of Problem) when given.
    """
    infos = archive.infolist()
    if len(infos) > MAX_EXPORT_MEMBERS:
        raise LmsError(f"the export lists {len(infos)} files, more than {MAX_EXPORT_MEMBERS}: split it by section")
    for info in infos:
        parts = PurePosixPath(info.filename).parts
        if info.is_dir() or not parts:
            continue
        if _is_link(info) or info.filename.startswith("/") or ".." in parts:
            if skipped is not None:
                skipped.append(Problem(info.filename, "a link or an unsafe name in the export: never read, grade it by hand"))
            continue
        if any(part in SKIPPED_DIRS or part.startswith(".") for part in parts):
            continue
        yield parts[-1], info


def is_export(path):
    """Whether ``path`` is a zip whose every visible member has a Canvas submission name (and there is one)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [base for base, _ in _members(archive)]
    except (OSError, zipfile.BadZipFile, LmsError, ValueError):
        return False
    return bool(names) and all(parse_name(base) is not None for base in names)


def read_member(archive, info):
    """The bytes of one member (its size checked in the zip's directory first, then while reading)."""
    if info.file_size > MAX_MEMBER_BYTES:
        raise LmsError(f"it is {info.file_size} bytes, over the {MAX_MEMBER_BYTES // 2**20} MB limit")
    try:
        with archive.open(info) as handle:
            data = handle.read(MAX_MEMBER_BYTES + 1)
    except (RuntimeError, NotImplementedError, EOFError, OSError, zipfile.BadZipFile, zlib.error) as error:
        raise LmsError(f"it cannot be read ({error})") from None
    if len(data) > MAX_MEMBER_BYTES:
        raise LmsError(f"it is over the {MAX_MEMBER_BYTES // 2**20} MB limit")
    return data


def read_export(path, roster=None, prefer="code"):
    """(submissions, problems): one :class:`LmsSubmission` per Canvas user with a gradable file (``prefer``: see above)."""
    by_uid = {str(row.get("id") or "").strip(): row["student"].strip() for row in roster or []}
    known = set(by_uid) - {""}
    problems, uploads = [], {}
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise LmsError(f"{path} cannot be read as a zip ({error}): download it again from Canvas") from None
    with archive:
        for base, info in _members(archive, problems):
            reading = parse_name(base, known)
            if reading is None:
                problems.append(Problem(info.filename, "not a Canvas submission file name: not graded, grade it by hand"))
                continue
            _, late, uid, attachment, name = reading
            logical, again = original_name(name)
            uploads.setdefault(uid, []).append((logical, attachment, again, late, info, name))
        submissions = []
        for uid, files in uploads.items():
            student = by_uid.get(uid) or f"canvas_{safe_id(uid)}"
            if uid not in by_uid:
                problems.append(Problem(", ".join(f[4].filename for f in files),
                                        f"Canvas user {uid} is on no roster row: graded as {student} (add them to the roster)"))
            gradable = [f for f in files if _kind_rank(f[0]) is not None]
            if not gradable:  # a PDF, a text file...: graded as an empty upload, with the sentence saying what to upload
                names = ", ".join(sorted({f[5] for f in files}))
                problems.append(Problem(", ".join(f[4].filename for f in files), f"no .py, notebook or zip: {student} gets 0"))
                submissions.append(LmsSubmission(student, b"", "deepnn.py", None, [
                    f"None of your Canvas uploads ({names}) is deepnn.py, a notebook or a zip: nothing could be graded. "
                    "Upload deepnn.py (or the submission.zip package_submission.py makes)."], marked_late=any(f[3] for f in files)))
                continue
            logical, attachment, again, late, info, uploaded = min(
                gradable, key=lambda f: (_kind_rank(f[0], prefer),
                                         -(f[1] if f[1] is not None else -1), -f[2]))
            shown = logical if uploaded == logical else f"{logical} (uploaded again as {uploaded})"
            notes = [f"Graded file from Canvas: {shown}"]
            others = sorted({f[5] + (" (an earlier upload)" if f[0] == logical else "") for f in files if f[4] is not info})
            if others:
                notes.append(f"Your other Canvas uploads were not graded: {', '.join(others[:10])}"
                             + (f" and {len(others) - 10} more" if len(others) > 10 else "")
                             + " (the latest deepnn.py is graded, else your latest zip, else your latest notebook).")
            try:
                data = read_member(archive, info)
            except LmsError as error:
                problems.append(Problem(info.filename, f"not read: {error}"))
                data = b""
                notes.append(f"Your Canvas upload {logical} could not be read ({error}): upload it again.")
            sub = LmsSubmission(student, data, logical, None, notes, marked_late=late)
            submissions.append(sub)
    submissions.sort(key=lambda s: s.student)
    return submissions, problems

