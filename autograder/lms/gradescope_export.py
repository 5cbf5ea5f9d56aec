"""Gradescope's "Export Submissions" (a zip, or the folder it unzips to), to regrade a class locally.

The export holds ``submission_metadata.yml`` and one folder ``submission_<id>/`` per
submission with the student's files. The YAML (read with ``yaml.safe_load`` only) maps each
folder to its submitters (``:name:``, ``:sid:``, ``:email:``) and its ``:created_at:``
time, which feeds the late policy. Each submitter is matched to the roster by ``sid``
(the roster's ``sis_user_id``), else by email (``sis_login_id``, or its part before ``@``);
one matching no row is graded as ``gradescope_<sid>`` and listed. A submission's files are
copied, in memory, into a zip the grader reads like any upload (links and hidden folders
skipped).
"""

import io
import os
import re
import stat
import zipfile
from pathlib import Path, PurePosixPath

from .model import MAX_MEMBER_BYTES, LmsError, LmsSubmission, Problem, safe_id
from .canvas import _members, read_member
from ..config import parse_time
from ..sandbox import IntakeError, scan_folder

METADATA = "submission_metadata.yml"
MAX_METADATA_BYTES = 20 * 1024 * 1024
_FOLDER = re.compile(r"^submission_\d+$")


def _field(entry, key):
    """``entry[":key"]`` or ``entry["key"]`` (Gradescope writes Ruby symbols: ``:sid:``)."""
    if not isinstance(entry, dict):
        return None
    return entry.get(f":{key}", entry.get(key))


def parse_created_at(value):
    """An aware datetime from the YAML's ``created_at`` (already a datetime, or text like ``2026-12-11 22:10:05.1 -0500``)."""
    if hasattr(value, "isoformat"):
        return parse_time(value, what="submission_metadata.yml created_at")
    text = str(value or "").strip()
    text = re.sub(r"^(\d{4}-\d\d-\d\d)[ T]+", r"\1T", text)
    text = re.sub(r"\s*(?:UTC\s*)?([+-]\d\d):?(\d\d)$", r"\1:\2", text)
    return parse_time(text, what="submission_metadata.yml created_at")


def _load_yaml(data, where):
    import yaml

    try:
        metadata = yaml.safe_load(data.decode("utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise LmsError(f"{where} is not readable YAML ({str(error).splitlines()[0]}): export the submissions again") from None
    if not isinstance(metadata, dict):
        raise LmsError(f"{where} does not map submission folders to their submitters: export the submissions again")
    return metadata


def is_export(path):
    """Whether ``path`` (a zip or folder) holds a ``submission_metadata.yml``."""
    path = Path(path)
    if path.is_dir():
        return (path / METADATA).is_file()
    try:
        with zipfile.ZipFile(path) as archive:
            return any(base == METADATA for base, _ in _members(archive))
    except (OSError, zipfile.BadZipFile, LmsError, ValueError):
        return False


def _zip_of(files):
    """An in-memory zip of ``files`` {relative name: bytes}."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            archive.writestr(info, files[name])
    return buffer.getvalue()


def _folder_files(root, folder):
    """{name: bytes} of a submission folder of an unzipped export (never following a link)."""
    path = Path(root) / folder
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode):
        raise LmsError("it is not a plain folder (a link?)")
    try:
        with scan_folder(path) as upload:
            return {name: upload.read(name, MAX_MEMBER_BYTES) for name in upload.files}
    except IntakeError as error:
        raise LmsError(str(error)) from None


def read_export(path, roster=None):
    """(submissions, problems): one :class:`LmsSubmission` per submitter of each exported submission."""
    path = Path(path)
    problems, folders = [], {}
    if path.is_dir():
        meta_path = path / METADATA
        if os.path.islink(meta_path) or meta_path.stat().st_size > MAX_METADATA_BYTES:
            raise LmsError(f"{meta_path} is a link or too large: export the submissions again")
        metadata = _load_yaml(meta_path.read_bytes(), meta_path)
        for key in metadata:
            try:
                folders[str(key)] = _folder_files(path, str(key))
            except (OSError, LmsError) as error:
                problems.append(Problem(str(key), f"its files cannot be read ({error})"))
    else:
        try:
            archive = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as error:
            raise LmsError(f"{path} cannot be read as a zip ({error}): download the export again") from None
        with archive:
            members = list(_members(archive))
            meta = min((info for base, info in members if base == METADATA), key=lambda i: i.filename.count("/"))
            prefix = PurePosixPath(meta.filename).parent
            if meta.file_size > MAX_METADATA_BYTES:
                raise LmsError(f"{meta.filename} is larger than {MAX_METADATA_BYTES // 2**20} MB: export the submissions again")
            metadata = _load_yaml(read_member(archive, meta), meta.filename)
            for _, info in members:
                parts = PurePosixPath(info.filename).relative_to(prefix).parts if PurePosixPath(info.filename).is_relative_to(prefix) else ()
                if len(parts) < 2 or not _FOLDER.match(parts[0]) or ".." in parts:
                    continue
                try:
                    folders.setdefault(parts[0], {})["/".join(parts[1:])] = read_member(archive, info)
                except LmsError as error:
                    problems.append(Problem(info.filename, f"not read: {error}"))
    return _submissions(metadata, folders, roster, problems), problems


def _match(submitter, roster):
    """The roster's ``student`` for a submitter (by sid, then email), or None."""
    sid = str(_field(submitter, "sid") or "").strip()
    email = str(_field(submitter, "email") or "").strip().lower()
    for row in roster:
        if sid and sid in (str(row.get("sis_user_id") or "").strip(), str(row.get("id") or "").strip()):
            return row["student"].strip()
    for row in roster:
        login = str(row.get("sis_login_id") or "").strip().lower()
        if email and login and login in (email, email.split("@")[0]):
            return row["student"].strip()
    return None


def _submissions(metadata, folders, roster, problems):
    chosen = {}
    for key, entry in metadata.items():
        key = str(key)
        submitters = _field(entry, "submitters") or []
        if not isinstance(submitters, list) or not submitters:
            problems.append(Problem(key, "has no submitters in submission_metadata.yml: not graded, grade it by hand"))
            continue
        try:
            created = parse_created_at(_field(entry, "created_at")) if _field(entry, "created_at") else None
        except ValueError as error:
            problems.append(Problem(key, f"its time cannot be read ({error}): graded as on time"))
            created = None
        files = folders.get(key)
        if files is None:
            problems.append(Problem(key, "is listed in submission_metadata.yml but has no folder: graded as empty"))
            files = {}
        for submitter in submitters:
            sid = str(_field(submitter, "sid") or "").strip()
            email = str(_field(submitter, "email") or "").strip()
            own = safe_id(sid or email.split("@")[0], fallback=safe_id(key))
            student = _match(submitter, roster) if roster else own
            if student is None:
                student = f"gradescope_{own}"
                problems.append(Problem(key, f"{_field(submitter, 'name') or email or sid} is on no roster row: graded as {student} "
                                             "(add them to the roster)"))
            sub = LmsSubmission(student, _zip_of(files), "submission.zip", created,
                                [f"Regraded from Gradescope's export ({key})."])
            previous = chosen.get(student)
            if previous is not None:
                problems.append(Problem(key, f"{student} has more than one submission in the export: the latest is graded"))
                if (previous.submitted_at or created) and created is not None and previous.submitted_at is not None \
                        and previous.submitted_at > created:
                    continue
            chosen[student] = sub
    return [chosen[s] for s in sorted(chosen)]
