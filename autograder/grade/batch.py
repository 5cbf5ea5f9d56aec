"""Grade a class into an out folder: every submission gets a row, a result kept when nothing changed.

:func:`grade_many` grades (here, with ``--jobs`` processes, or on a Dask cluster), sets each
result's adjustments (the LMS's, the extension, the written scores merged before) and writes
``results/<student>.json``, ``feedback/<student>.md`` and ``grades.csv`` (autograder/result/).
"""

import concurrent.futures
import multiprocessing
import os
import sys
from pathlib import Path

from ..config import load as load_config
from ..plural import counted
from ..result import from_json
from ..result.out_dir import read_results, render_grades, save
from ..secret import resolve_secret
from .engine import UsageError, question_ids, tests_hash
from .tasks import failed_row, grade_one


def grade_many(submissions, out_dir, *, jobs=1, secret=None, secret_source=None, limits=None, questions_dir=None,
               times=None, force=False, progress=True, mode=None, extensions=None, lms_notes=None, scheduler=None, shared_fs=False,
               policy=None):
    """Grade every submission into ``out_dir``; returns the results dicts in the order given.

    ``extensions``: ``{student: extended due}``; ``lms_notes``: ``{student: [sentences]}`` from an LMS
    export (autograder/lms/apply.py adds both to the student's result). ``policy``: the command's late policy
    (:attr:`autograder.config.Assignment.late`; default: assignment.toml's, read once when times or extensions are given).

    ``scheduler``: a Dask scheduler's address, to grade on that cluster instead of ``jobs``
    processes here (``shared_fs``: send paths, not bytes; see autograder/grade/distributed.py).
    """
    from ..sandbox import student_id_of
    from ..lms.apply import adjust, context_key
    from ..manual import carry_over
    from ..progress import Progress
    from ..sandbox import content_hash

    out_dir = Path(out_dir)
    paths = [Path(p) for p in submissions]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"submission not found: {', '.join(missing)} (give .py, .ipynb or .zip files or folders, one per student)")
    ids = [student_id_of(p) for p in paths]
    seen = {}
    for path, sid in zip(paths, ids):
        if sid in seen:
            raise UsageError(f"two submissions have the same student id {sid!r}: {seen[sid]} and {path} (rename one: the id is the file name without extension)")
        seen[sid] = path
    if jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {jobs}")
    if secret is None:
        secret, secret_source = resolve_secret()
    if policy is None and (times or extensions):  # read once here, not once per submission
        policy = load_config().late
    qids = question_ids(questions_dir)
    digest = tests_hash(questions_dir, qids, secret=secret, limits=limits)
    options = {"secret": secret, "secret_source": secret_source, "limits": limits, "questions_dir": questions_dir,
               "question_ids_": qids, "tests_digest": digest, "mode": mode, "policy": policy}
    results = {}
    todo = []
    extensions, lms_notes = extensions or {}, lms_notes or {}
    bar, kept = Progress(len(paths), "graded", "submissions", enabled=progress), []
    before = {}  # each student's result before this run: a regraded student keeps its written scores (grade --manual)
    untimed = []  # graded before with a submission time, now without one: on time from now on (said, never silent)
    for path, sid in zip(paths, ids):
        previous = read_results(out_dir, sid)
        before[sid] = previous
        if (times or {}).get(sid) is None and ((previous or {}).get("extra_data") or {}).get("submitted_at"):
            untimed.append(sid)
        previous = None if force else previous
        chash = content_hash(path)
        extra = (previous or {}).get("extra_data", {})
        submitted = (times or {}).get(sid)
        same_time = extra.get("submitted_at", "") == (submitted.isoformat() if submitted is not None else "")
        same_context = extra.get("lms_key", "") == context_key(extensions.get(sid), lms_notes.get(sid, ()))
        if previous and extra.get("content_hash") == chash and extra.get("tests_hash") == digest and same_time and same_context:
            results[sid] = previous
            kept.append(sid)
            bar.advance()
            continue
        task_options = dict(options, student_id=sid, submitted_at=(times or {}).get(sid))
        todo.append((sid, chash, (str(path), task_options)))

    def finish(sid, chash, result):
        if "__failed__" in result:
            result = failed_row(sid, result["__failed__"], qids, chash, digest)
        result = from_json(result)  # the adjustments, by name: the LMS's and the extension, the written scores kept
        if sid in extensions or sid in lms_notes:
            result = adjust(result, submitted_at=(times or {}).get(sid), due=extensions.get(sid), notes=lms_notes.get(sid, ()),
                            policy=policy)
        results[sid] = save(out_dir, sid, carry_over(result, before.get(sid)), qids)
        bar.advance()

    if scheduler and todo:
        from .distributed import grade_on_cluster

        grade_on_cluster(scheduler, todo, finish, shared_fs=shared_fs)
    elif jobs == 1 or len(todo) <= 1:
        for sid, chash, task in todo:
            finish(sid, chash, grade_one(task))
    else:
        from ..reference import load_reference
        from ..sandbox import isolation_mode
        from .engine import load_tests

        # Probe, import otter (seconds) and load the tests and the reference once, before forking.
        options["mode"] = mode or isolation_mode()
        load_tests(questions_dir, qids)
        load_reference()
        for _, _, (_, task_options) in todo:
            task_options["mode"] = options["mode"]
        from ..sandbox import job_initializer

        context = multiprocessing.get_context("fork")
        # Each job process dies with this one, SIGKILL included (and takes its sandboxes with it).
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=job_initializer,
                                                    initargs=(os.getpid(),)) as pool:
            futures = {pool.submit(grade_one, task): (sid, chash) for sid, chash, task in todo}
            for future in concurrent.futures.as_completed(futures):
                sid, chash = futures[future]
                try:
                    result = future.result()
                except Exception as error:  # noqa: BLE001 - a broken pool process still gives a row
                    result = {"__failed__": f"{type(error).__name__}: {error}"}
                finish(sid, chash, result)
    bar.close()
    if untimed:
        print(f"warning: no submission time given now for {', '.join(untimed)}, graded earlier with one: "
              f"{'its' if len(untimed) == 1 else 'their'} late penalty is gone; give --times again to keep it",
              file=sys.stderr)
    if kept and progress:  # after the bar: one line for the results reused from an earlier run
        print(f"{counted(len(kept), 'unchanged submission')} kept; --force grades {'it' if len(kept) == 1 else 'them'} again",
              file=sys.stderr)
    ordered = [results[sid] for sid in ids]
    _, earlier = render_grades(out_dir, {sid: results[sid] for sid in ids}, qids)
    if earlier:
        print(f"grades.csv also lists {counted(len(earlier), 'student')} graded earlier into this folder (not given now); "
              f"to leave one out, delete its {out_dir / 'results'}/<student>.json and grade again", file=sys.stderr)
    return ordered
