"""Read what a student uploaded (a folder or a zip) without following anything the student made.

The path the instructor gives is the instructor's: it may be a symlink, it is followed once.
Everything inside it is the student's: a folder is walked with ``lstat`` (``os.scandir``
without following links) and a member is opened component by component with
``O_NOFOLLOW``, so a symbolic link (or anything that resolves outside the folder) is never
read, only named in the notes. Zip members that are symbolic links (``S_IFLNK`` in their
``external_attr``), absolute or ``..`` names are ignored the same way. Sizes are checked
(``stat``, or the zip's directory) before anything is read; hashes are streamed.

The same caps apply to folders and zips: :data:`MAX_MEMBERS` files, :data:`MAX_MEMBER_BYTES`
per file and :data:`MAX_TOTAL_BYTES` in all (hidden folders such as ``.git`` and
``__MACOSX`` are neither walked nor counted).
"""

import dataclasses
import hashlib
import os
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

MAX_MEMBERS = 500
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 100 * 1024 * 1024
#: Entries (files, folders, links) a folder walk visits at most: a tree of empty folders is no cheaper to walk.
MAX_ENTRIES = 4 * MAX_MEMBERS
CHUNK = 1024 * 1024
SKIPPED_DIRS = {"__MACOSX", ".ipynb_checkpoints", "__pycache__", ".git"}


class IntakeError(Exception):
    """The upload breaks a cap or cannot be read; the message says what to fix."""


@dataclasses.dataclass
class Upload:
    """The regular files of an upload: ``files`` {relative POSIX name: size in bytes}, ``ignored`` [(name, why)]."""

    root: Path
    kind: str  # "folder" or "zip"
    files: dict
    ignored: list
    archive: object = None  # the open ZipFile of a zip upload (close() it)
    infos: dict = dataclasses.field(default_factory=dict)  # zip: {name: ZipInfo}

    def read(self, name, limit):
        """The bytes of member ``name`` (at most ``limit``; a bigger member raises IntakeError)."""
        size = self.files[name]
        if size > limit:
            raise IntakeError(f"{name} in your upload is {_mb(size)}, over the {_mb(limit)} limit for it: upload only your code")
        if self.kind == "zip":
            try:
                with self.archive.open(self.infos[name]) as member:
                    data = member.read(limit + 1)
            except (RuntimeError, NotImplementedError, EOFError, OSError, zipfile.BadZipFile, zlib.error) as error:
                raise IntakeError(f"{name} in the zip cannot be read ({error}): zip it again, without a password") from None
        else:
            fd = open_inside(self.root, name)
            try:
                data = _read_fd(fd, limit + 1)
            finally:
                os.close(fd)
        if len(data) > limit:
            raise IntakeError(f"{name} in your upload is over the {_mb(limit)} limit for it: upload only your code")
        return data

    def close(self):
        if self.archive is not None:
            self.archive.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _mb(size):
    """``size`` bytes in words: "3.0 GB", "50 MB", "12 bytes"."""
    if size >= 2**30:
        return f"{size / 2**30:.1f} GB"
    return f"{size / 2**20:.3g} MB" if size >= 2**20 else f"{size} bytes"


def _hidden(parts):
    return any(part in SKIPPED_DIRS or part.startswith(".") for part in parts)


def _read_fd(fd, limit):
    chunks, total = [], 0
    while total < limit:
        chunk = os.read(fd, min(CHUNK, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def open_inside(root, name):
    """A read-only fd of the regular file ``root/name``, opened without following any link on the way.

    Every component is opened relative to its parent with ``O_NOFOLLOW``: a symlink
    anywhere in ``name`` raises IntakeError (nothing outside ``root`` is ever opened).
    """
    parts = PurePosixPath(name).parts
    if not parts or any(part in ("..", "/", "") for part in parts):
        raise IntakeError(f"{name!r} is not a plain name inside the upload")
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for part in parts[:-1]:
            try:
                child = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
            except OSError:
                raise IntakeError(f"{name} is not inside a plain folder of the upload (a link?): it was not read") from None
            os.close(fd)
            fd = child
        try:
            child = os.open(parts[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=fd)
        except OSError:
            raise IntakeError(f"{name} is a link or cannot be opened: it was not read") from None
    finally:
        os.close(fd)
    if not stat.S_ISREG(os.fstat(child).st_mode):
        os.close(child)
        raise IntakeError(f"{name} is not a regular file: it was not read")
    return child


def scan_folder(root):
    """The :class:`Upload` of a folder: its regular files by ``lstat``, links and special files ignored."""
    root = Path(root).resolve()  # the instructor's path: followed once
    files, ignored, total, seen = {}, [], 0, 0
    pending = [""]
    while pending:
        prefix = pending.pop()
        try:
            entries = sorted(os.scandir(root / prefix if prefix else root), key=lambda e: e.name)
        except OSError as error:
            raise IntakeError(f"the folder {prefix or root.name} cannot be read ({error.strerror}): upload it again") from None
        for entry in entries:
            name = f"{prefix}/{entry.name}" if prefix else entry.name
            if _hidden([entry.name]):
                continue
            seen += 1
            if seen > MAX_ENTRIES:
                raise IntakeError(f"your upload holds more than {MAX_ENTRIES} files, folders and links: upload only deepnn.py and your notebook")
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISLNK(info.st_mode):
                ignored.append((name, "a symbolic link (the grader never follows links: upload the file itself)"))
            elif stat.S_ISDIR(info.st_mode):
                pending.append(name)
            elif stat.S_ISREG(info.st_mode):
                files[name] = info.st_size
                total += info.st_size
                _check_caps(files, total, name, info.st_size)
            else:
                ignored.append((name, "not a regular file"))
    return Upload(root, "folder", dict(sorted(files.items())), ignored)


def _check_caps(files, total, name, size):
    if len(files) > MAX_MEMBERS:
        raise IntakeError(f"your upload holds more than {MAX_MEMBERS} files: upload only deepnn.py and your notebook")
    if size > MAX_MEMBER_BYTES:
        raise IntakeError(f"{name} in your upload is {_mb(size)} (at most {_mb(MAX_MEMBER_BYTES)} per file): "
                          "upload only deepnn.py and your notebook")
    if total > MAX_TOTAL_BYTES:
        raise IntakeError(f"your upload holds more than {_mb(MAX_TOTAL_BYTES)}: upload only deepnn.py and your notebook")


def scan_zip(path):
    """The :class:`Upload` of a zip, read in memory (never extracted); unsafe members ignored."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_TOTAL_BYTES:
        raise IntakeError(f"{path.name} is {_mb(size)} (at most {_mb(MAX_TOTAL_BYTES)}): zip only deepnn.py and your notebook")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise IntakeError(f"{path.name} is not a valid zip file ({error}): zip your deepnn.py again") from None
    try:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise IntakeError(f"the zip holds {len(infos)} files (at most {MAX_MEMBERS}): zip only deepnn.py and your notebook")
        files, ignored, by_name, total = {}, [], {}, 0
        for info in infos:
            name = info.filename.replace("\\", "/")
            parts = PurePosixPath(name).parts
            if info.is_dir() or _hidden(parts):
                continue
            if (info.external_attr >> 16) & 0o170000 == 0o120000:
                ignored.append((name, "a symbolic link (the grader never follows links: zip the file itself)"))
            elif name.startswith("/") or ".." in parts or (parts and ":" in parts[0]) or name in files:
                ignored.append((name, "an unsafe or repeated name (absolute, with .. or twice in the zip)"))
            else:
                files[name], by_name[name] = info.file_size, info
                total += info.file_size
                _check_caps(files, total, name, info.file_size)
    except BaseException:
        archive.close()
        raise
    return Upload(path, "zip", files, ignored, archive, by_name)


def content_hash(path):
    """sha256 of a submission, streamed: of a file's bytes, or of a folder's regular files (name, sha256) and ignored names.

    A file over the caps is hashed by its size and time instead (it is refused unread).
    """
    path = Path(path)
    digest = hashlib.sha256()
    if path.is_dir():
        try:
            upload = scan_folder(path)
        except IntakeError as error:
            digest.update(b"refused\0" + str(error).encode())
            return digest.hexdigest()
        for name in upload.files:
            digest.update(name.encode() + b"\0")
            try:
                fd = open_inside(upload.root, name)
            except IntakeError:
                digest.update(b"unreadable")
                continue
            digest.update(_stream(fd).digest())
        for name, why in upload.ignored:
            digest.update(f"ignored\0{name}\0{why}".encode())
        return digest.hexdigest()
    info = path.stat()
    if info.st_size > MAX_TOTAL_BYTES or not stat.S_ISREG(info.st_mode):
        digest.update(f"unread\0{info.st_size}\0{info.st_mtime_ns}".encode())
        return digest.hexdigest()
    return _stream(os.open(path, os.O_RDONLY | os.O_NONBLOCK)).hexdigest()


def _stream(fd):
    """The sha256 object of what ``fd`` holds, read in chunks; closes ``fd``."""
    digest = hashlib.sha256()
    try:
        while chunk := os.read(fd, CHUNK):
            digest.update(chunk)
    finally:
        os.close(fd)
    return digest
