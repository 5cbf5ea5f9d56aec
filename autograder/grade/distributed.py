"""``grade --scheduler ADDRESS``: grade a class on a Dask distributed cluster (the instructor's).

The grading machine (the client) sends each submission to the cluster as bytes plus its
student id (:func:`pack`): a .py, .ipynb or .zip file's bytes, or a folder's regular files
as the intake reads them (links and hidden folders are never read, as locally). With
``--shared-fs`` the instructor says the submissions folder is on a file system every worker
mounts, and only its path travels. Each Dask worker (the kit installed, the same version)
writes the bytes into a fresh temporary folder (:func:`unpack`) and calls the very function
the ``--jobs`` path calls (:func:`autograder.grade.tasks.grade_one`) with the same options; the
sandbox's isolation mode is probed on the worker, never sent. Student code runs only in that
worker's sandbox, never in the Dask worker process.

What travels back is the results.json dict as JSON text, decoded and checked here
(:func:`decode_result`): nothing a worker sends is unpickled as an object of ours. The
instructor secret travels to the workers inside the task (the hidden inputs are derived
there): the cluster must be the instructor's own.

A task whose worker died is run again by Dask (``retries=`` :data:`RETRIES`, and the
scheduler's own rescheduling of a lost worker's tasks); a task that still fails gives that
student an error row, never a lost row. A submission the intake refuses on the grading
machine (a folder over the caps, an unreadable member) is graded here, where the refusal
happens before any of its code could run.
"""

import json
import os
import socket
import stat
import tempfile
import traceback
from pathlib import Path, PurePosixPath

from ..plural import counted
from .engine import UsageError
from .tasks import failed_row, grade_one

#: How many times Dask runs a task again after it raised (a worker lost mid-task is rescheduled by the scheduler too).
RETRIES = 2
#: Seconds to wait for the scheduler before saying it cannot be reached.
CONNECT_TIMEOUT = 10


# --------------------------------------------------------------------------- the client: submissions as bytes


def pack(path, shared_fs=False):
    """What travels to the worker for submission ``path``: a dict of bytes and names (no path unless ``shared_fs``).

    ``{"kind": "file", "name": str, "data": bytes}`` (``"size": int`` instead of data for a file over
    the intake's caps: the worker makes a sparse file of that size, refused unread as here),
    ``{"kind": "folder", "name": str, "files": {relative POSIX name: bytes}}`` or, with ``shared_fs``,
    ``{"kind": "shared", "path": str}``. Raises ``IntakeError`` when the intake refuses a folder here
    or the file is not a regular one (a FIFO would block the read): it is then graded here, unread.
    """
    from ..sandbox import MAX_MEMBER_BYTES, MAX_TOTAL_BYTES, IntakeError, scan_folder

    path = Path(path)
    if shared_fs:
        return {"kind": "shared", "path": str(path.absolute())}
    name = _safe_name(path.name)
    if path.is_dir():
        with scan_folder(path) as upload:
            return {"kind": "folder", "name": name, "files": {member: upload.read(member, MAX_MEMBER_BYTES) for member in upload.files}}
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise IntakeError(f"{path.name} is not a regular file")
    if info.st_size > MAX_TOTAL_BYTES:
        return {"kind": "file", "name": name, "size": info.st_size}
    with path.open("rb") as handle:
        return {"kind": "file", "name": name, "data": handle.read(MAX_TOTAL_BYTES + 1)}


def _safe_name(name):
    """A submission's base name to recreate on a worker (the id travels separately): never a path."""
    name = PurePosixPath(str(name).replace("\\", "/")).name
    return name if name not in ("", ".", "..") else "submission"


# --------------------------------------------------------------------------- the worker


def unpack(packet, dest):
    """Write ``packet`` (from :func:`pack`) under the empty folder ``dest``; returns the path to grade."""
    dest = Path(dest)
    if packet["kind"] == "shared":
        return Path(packet["path"])
    target = dest / _safe_name(packet["name"])
    if packet["kind"] == "file":
        with open(target, "xb") as handle:
            if "data" in packet:
                handle.write(packet["data"])
            else:
                handle.truncate(int(packet["size"]))  # sparse: the intake refuses it by its size, unread
        return target
    target.mkdir()
    for member, data in packet["files"].items():
        parts = PurePosixPath(member).parts
        if not parts or member.startswith("/") or any(part in ("", ".", "..") for part in parts):
            raise ValueError(f"refusing the member name {member!r} (not a relative name inside the folder)")
        file = target.joinpath(*parts)
        file.parent.mkdir(parents=True, exist_ok=True)
        with open(file, "xb") as handle:
            handle.write(data)
    return target


def grade_packet(packet, options):
    """Run ON a Dask worker: grade one packed submission with ``options`` (those of ``--jobs``); returns JSON text.

    The worker first checks that its kit grades with the same tests as the grading machine
    (the tests hash); otherwise the row says which machine differs instead of a wrong grade.
    """
    from .engine import tests_hash

    try:
        here = tests_hash(options.get("questions_dir"), options.get("question_ids_"), secret=options["secret"], limits=options.get("limits"))
    except Exception as error:  # noqa: BLE001 - the row says what is wrong with this worker
        here = f"unreadable ({type(error).__name__}: {error})"
    if here != options.get("tests_digest"):
        return json.dumps({"__failed__": f"the Dask worker on {socket.gethostname()} has other test files, reference or settings "
                                         "than the grading machine: install the same version of the kit on every worker"})
    with tempfile.TemporaryDirectory(prefix="ag-dask-") as tmp:
        try:
            path = unpack(packet, tmp)
        except (OSError, ValueError, KeyError) as error:
            return json.dumps({"__failed__": f"the Dask worker on {socket.gethostname()} could not write the submission: {error}"})
        return json.dumps(grade_one((str(path), options)))


# --------------------------------------------------------------------------- the client: results


def decode_result(text):
    """The results dict from a worker's JSON text, or ``{"__failed__": sentence}`` when it is not one."""
    try:
        result = json.loads(text) if isinstance(text, (str, bytes)) else None
    except ValueError:
        result = None
    if not isinstance(result, dict) or not ("__failed__" in result or isinstance(result.get("extra_data"), dict)):
        return {"__failed__": "the Dask worker sent back something that is not a results.json dict"}
    return result


def connect(address):
    """A ``distributed.Client`` on the scheduler at ``address``; UsageError (one sentence) when it cannot be reached."""
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("--scheduler needs dask.distributed: install the kit's pinned dependencies (make venv)") from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except Exception as error:  # noqa: BLE001 - any failure to connect is the address or the cluster
        reason = traceback.format_exception_only(type(error), error)[-1].strip()
        raise UsageError(f"--scheduler: cannot reach a Dask scheduler at {address!r} within {CONNECT_TIMEOUT} s ({reason}); "
                         "start one (dask scheduler, dask-jobqueue or dask-kubernetes, see the README) and give its address, "
                         "e.g. tcp://10.0.0.5:8786") from None


def grade_on_cluster(address, todo, finish, *, shared_fs=False, stream=None):
    """Grade ``todo`` [(student, content hash, (path, options))] on the cluster at ``address``.

    ``finish(student, content_hash, result)`` is called once per student, as results arrive; a task
    that failed for good gives an error row without the tests hash, so that the next run grades it again.
    """
    import sys

    from distributed import as_completed

    stream = stream or sys.stderr
    client = connect(address)
    try:
        workers = len(client.scheduler_info().get("workers", {}))
        stream.write(f"grading {counted(len(todo), 'submission')} on the Dask cluster at {address} ({counted(workers, 'worker')} now)\n")
        futures = {}
        for sid, chash, (path, options) in todo:
            try:
                packet = pack(path, shared_fs)
            except Exception:  # noqa: BLE001 - refused by the intake here: graded here, before any of its code runs
                finish(sid, chash, grade_one((path, options)))
                continue
            # the isolation mode is the worker's own (probed there), unless the caller forced one
            future = client.submit(grade_packet, packet, dict(options), retries=RETRIES, pure=False, key=f"grade-{sid}-{os.urandom(6).hex()}")
            futures[future] = (sid, chash, options["question_ids_"])
        for future in as_completed(list(futures), loop=client.loop):
            sid, chash, qids = futures.pop(future)
            try:
                result = decode_result(future.result())
            except Exception as error:  # noqa: BLE001 - a task that failed for good still gives a row
                reason = (str(error).strip().splitlines() or [""])[0]
                result = {"__failed__": f"the cluster could not grade it ({type(error).__name__}: {reason})"}
            if "__failed__" in result:
                # an error row without the tests hash: the next run grades it again (a cluster's failure is seldom the student's)
                result = failed_row(sid, result["__failed__"], qids, chash, "")
            else:
                result.setdefault("extra_data", {})["content_hash"] = chash  # what resume compares: the instructor's copy
            finish(sid, chash, result)
    finally:
        client.close()
