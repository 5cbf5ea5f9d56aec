"""Grade one submission: run every test case of every question against the student's worker.

The grading process holds the test files, the reference and all judgment; the student's
code runs only in a sandbox worker (autograder/sandbox). ``grade_submission`` returns a
Gradescope results.json dict (see autograder/DESIGN.md, "Grade output").
"""

import ast
import hashlib
import hmac
import time
from functools import lru_cache
from pathlib import Path

from .. import COURSE_DIR, QUESTIONS_DIR, SOLUTIONS_DIR, public_helpers
from ..config import CONFIG_PATH
from ..course_helpers import otterfiles
from ..sandbox import (BUILTIN_ERRORS, WARNINGS, Limits, Session, StudentError, WorkerDied, isolation_mode, load_submission,
                       shared_pool, warm_pool_enabled)
from ..result import LatePenalty, build, to_json
from ..secret import resolve_secret
from .messages import SubmissionFacts, failure_message, redact

ENGINE_VERSION = "2"  # 2: the time budget, the circuit breaker, hidden messages that leak nothing
#: Gradescope visibility of hidden cases ("after_published" or "hidden").
HIDDEN_VISIBILITY = "after_published"
#: What a case says when the test's own code (trusted, but a bug must not hang the batch) runs past its backstop.
TEST_TOO_SLOW = "the test itself took too long (grader problem, not yours)"


class UsageError(Exception):
    """A problem with the command's input (path, option, secret file); the message says what to fix."""


# --------------------------------------------------------------------------- seed (the secret: autograder/secret.py)


def student_seed(secret, student_id):
    """The per-student seed: HMAC-SHA256(secret, student_id) reduced to a 31-bit int."""
    digest = hmac.new(secret.encode("utf-8"), student_id.encode("utf-8"), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") & 0x7FFFFFFF


# --------------------------------------------------------------------------- tests


def question_ids(questions_dir=None):
    """QUESTION_IDS of a questions folder, read from its __init__.py without importing it."""
    questions_dir = Path(questions_dir or QUESTIONS_DIR)
    init = questions_dir / "__init__.py"
    if init.is_file():
        tree = ast.parse(init.read_text(encoding="utf-8"))
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
            if any(isinstance(t, ast.Name) and t.id == "QUESTION_IDS" for t in targets) and node.value is not None:
                return [str(q) for q in ast.literal_eval(node.value)]
    found = sorted(p.stem for p in questions_dir.glob("*.py") if not p.name.startswith("_"))
    if not found:
        raise UsageError(f"no test files in {questions_dir}: the questions (autograder/questions/<qid>.py) are missing")
    return found


def _file_digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest() if Path(path).is_file() else "-"


@lru_cache(maxsize=8)
def _load_tests_cached(questions_dir, ids, stamp):
    # course/otterfiles.py loads Otter's ExceptionTestFile without Otter's whole API (1.5 s per cold process);
    # course/ is on sys.path (course_helpers), where the test files find gradecheck
    ExceptionTestFile = otterfiles.exception_test_file_class()
    tests = []
    for qid in ids:
        path = Path(questions_dir) / f"{qid}.py"
        if not path.is_file():
            raise UsageError(f"the test file for question {qid!r} is missing: {path}")
        tests.append((qid, ExceptionTestFile.from_file(str(path))))
    return tuple(tests)


def load_tests(questions_dir=None, ids=None):
    """[(qid, ExceptionTestFile)] in question order."""
    questions_dir = Path(questions_dir or QUESTIONS_DIR)
    ids = tuple(ids or question_ids(questions_dir))
    stamp = tuple(_file_digest(questions_dir / f"{qid}.py") for qid in ids)
    return list(_load_tests_cached(str(questions_dir), ids, stamp))


def tests_hash(questions_dir=None, ids=None, *, secret="", limits=None, public_only=False):
    """What a graded result depends on besides the submission (resume regrades when it changes)."""
    questions_dir = Path(questions_dir or QUESTIONS_DIR)
    ids = list(ids or question_ids(questions_dir))
    digest = hashlib.sha256(f"engine {ENGINE_VERSION} public_only={public_only} limits={limits or Limits()}".encode())
    digest.update(",".join(ids).encode())
    for path in [questions_dir / f"{qid}.py" for qid in ids] + [SOLUTIONS_DIR / "deepnn.py", *(COURSE_DIR / name for name in public_helpers()),
                                                              COURSE_DIR / "otterfiles.py",  # how the grader loads the tests
                                                              CONFIG_PATH]:  # its late policy
        digest.update(_file_digest(path).encode())
    digest.update(hmac.new(secret.encode(), b"tests-hash", hashlib.sha256).digest())
    return digest.hexdigest()


# --------------------------------------------------------------------------- one case


def run_case(test_case, base_env, session, limits, facts=None, timeout=None):
    """(passed, message, died_reason) for one otter test case (``timeout``: its seconds, default the limit)."""
    session.begin_case(limits.timeout if timeout is None else timeout)
    env = dict(base_env)
    env.update(session.api_env())
    env["fresh_env"] = session.fresh_env
    error = None
    try:
        with otterfiles.time_limit(limits.timeout * 2 + 30, TEST_TOO_SLOW):  # a bug in a test must not hang the batch
            test_case.body.call_func(env)
    except (KeyboardInterrupt, SystemExit):
        session.end_case()
        raise
    except BaseException as caught:  # noqa: BLE001 - any failure of the case is the student's result
        error = caught
    events = session.end_case()
    died = next((p for kind, _, p in events if kind == "died"), None)
    not_run = any(kind == "not_run" for kind, _, _ in events)  # a call the breaker refused fails the case, caught or not
    if error is None and died is None and not not_run:
        return True, test_case.success_message or "", None
    message, reason = failure_message(error, events, test_case.hidden, facts or SubmissionFacts(session.source, session.api))
    missing = [n for n in test_case.body._get_func_params() if n in session.api and n not in session.defined]
    if died is None and not not_run and missing:
        names = ", ".join(f"`{n}`" for n in missing)
        message = (f"{names} {'is' if len(missing) == 1 else 'are'} not defined in your deepnn.py: "
                   "define it with exactly this name and parameters (see the starter's docstring).")
    if test_case.failure_message:
        message = f"{message}\n{test_case.failure_message}"
    return False, message, reason


# --------------------------------------------------------------------------- one submission


def _functions_of(test_case, api):
    """The API functions a test case takes (its parameters), in API order: what a failure asks the student to fix."""
    try:
        params = set(test_case.body._get_func_params())
    except Exception:  # noqa: BLE001 - a name list is a courtesy, never a reason to fail grading
        return []
    return [name for name in api if name in params]


def _status(load_failure, reasons):
    if load_failure is not None:
        reason = load_failure[0]
        return reason if reason in ("timeout", "memory") else "error"
    for wanted in ("timeout", "memory"):
        if wanted in reasons:
            return wanted
    if reasons & {"exit", "crash", "output"}:
        return "error"
    return "ok"


def grade_submission(path, *, secret=None, limits=None, questions_dir=None, question_ids_=None, student_id=None,
                     public_only=False, submitted_at=None, mode=None, secret_source=None, tests_digest=None, policy=None):
    """Grade one submission; returns Gradescope's results.json dict (with the kit's ``extra_data``).

    ``secret``: the instructor secret (default: resolved as DESIGN.md says); ``limits``: a
    :class:`~autograder.sandbox.Limits`; ``questions_dir`` / ``question_ids_``: the test files
    (default: autograder/questions, QUESTION_IDS); ``public_only``: only the public cases (the
    check command); ``submitted_at``: the submission time for the late policy (None: no penalty);
    ``policy``: the command's late policy (:attr:`autograder.config.Assignment.late`; default: read assignment.toml);
    ``mode``: force the isolation ("bwrap", "nobody", "basic").
    """
    started, grader_cpu = time.monotonic(), time.process_time()
    limits = limits or Limits()
    if secret is None:
        secret, secret_source = resolve_secret()
    mode = mode or isolation_mode()
    pool = None
    if mode == "bwrap":
        # started first: it imports numpy and matplotlib while this process loads the tests (a spare core helps)
        pool = shared_pool(limits) if warm_pool_enabled() else None
    questions_dir = Path(questions_dir or QUESTIONS_DIR)
    ids = list(question_ids_ or question_ids(questions_dir))
    tests = load_tests(questions_dir, ids)
    from ..reference import api_names, load_reference

    api = api_names()
    reference = load_reference()
    submission = load_submission(path, student_id)
    sid = submission.student_id
    base_env = {
        "ref": reference,
        "seed": student_seed(secret, sid),
        "submission_source": submission.source,
    }
    session = Session(submission.source, api=api, limits=limits, mode=mode, pool=pool)
    facts = SubmissionFacts(submission.source, api)
    budget_end = started + limits.budget  # the whole submission's wall-clock budget
    results, questions, reasons = [], {}, set()
    load_failure = ("error", submission.error) if submission.error else None
    try:
        for qid, test_file in tests:
            q_score = q_max = 0.0
            for tc in test_file.test_cases:
                if public_only and tc.hidden:
                    continue
                points = float(tc.points or 0)
                q_max += points
                if load_failure is None:
                    load_failure = session.ensure_loaded()
                left = budget_end - time.monotonic()
                if load_failure is not None:
                    passed, message, reason = False, load_failure[1], None
                elif left <= 0:
                    passed, message, reason = False, (f"not run: grading your submission used up its time budget of "
                                                      f"{limits.budget:g} s (see the tests that ran out of time)"), "timeout"
                else:
                    passed, message, reason = run_case(tc, base_env, session, limits, facts, min(limits.timeout, left))
                    if reason == "timeout" and left < limits.timeout:
                        message += f"\n(This test had only the {left:.0f} s left of the submission's time budget of {limits.budget:g} s.)"
                if reason:
                    reasons.add(reason)
                score = points if passed else 0.0
                q_score += score
                name = tc.name if str(tc.name).startswith(qid) else f"{qid}: {tc.name}"
                results.append({
                    "name": name,
                    "score": round(score, 4),
                    "max_score": round(points, 4),
                    "status": "passed" if passed else "failed",
                    "output": redact(message or ("Test case passed" if passed else "Test case failed"), secret),
                    "visibility": HIDDEN_VISIBILITY if tc.hidden else "visible",
                    "extra_data": {"question": qid, "hidden": bool(tc.hidden), "functions": _functions_of(tc, api)},
                })
            questions[qid] = {"score": round(q_score, 4), "max_score": round(q_max, 4)}
    finally:
        session.close()
    raw = round(sum(q["score"] for q in questions.values()), 4)
    max_score = round(sum(q["max_score"] for q in questions.values()), 4)
    status = _status(load_failure, reasons)
    notes = list(submission.notes)
    late_points, late_message = 0.0, ""
    if submitted_at is not None:
        from .. import late

        outcome = late.penalty(submitted_at, max_score=max_score, score=raw, policy=policy)
        late_points, late_message = float(outcome.points), outcome.message
    paragraphs = []  # the grader's own, after the totals (the result composes the rest: autograder/result/)
    if load_failure is not None:
        paragraphs.append(f"Your submission could not be graded: {load_failure[1]}")
    elif status != "ok":
        paragraphs.append(f"Status: {status} (some tests stopped your code; see each test's message)")
    paragraphs.extend(notes)
    if WARNINGS.get(mode):
        paragraphs.append(WARNINGS[mode])
    # The demo secret is the instructor's concern (extra_data.demo_secret, grade's stderr), never the student's to read.
    result = build.graded(
        tests=results, questions=questions, paragraphs=paragraphs, clean=lambda text: redact(text, secret),
        execution_time=round(time.monotonic() - started, 3),
        late=LatePenalty(round(late_points, 4), late_message,
                         submitted_at.isoformat() if hasattr(submitted_at, "isoformat") else str(submitted_at or "")),
        facts={
            "student": sid,
            "status": status,
            "load_error": load_failure[1] if load_failure else "",
            "notes": notes,
            "isolation": mode,
            "demo_secret": secret_source == "demo",
            "public_only": bool(public_only),
            "content_hash": submission.content_hash,
            "tests_hash": tests_digest or "",
            "peak_worker_rss_kb": session.peak_rss_kb,
            "cpu_s": {"grader": round(time.process_time() - grader_cpu, 3), "workers": round(session.worker_cpu_s, 3),
                      "by_function": {k: round(v, 3) for k, v in sorted(session.cpu_by_function.items())}},
            "workers_started": session.workers_started,
            "budget_s": limits.budget,
            "timeouts": [dict(r) for r in session.breaker.records],  # each: called, running, line, stopped
            "submission_kind": submission.kind,
        },
    )
    return to_json(result)

__all__ = [
    "grade_submission", "student_seed", "question_ids", "load_tests", "tests_hash", "UsageError",
    "BUILTIN_ERRORS", "StudentError", "WorkerDied",
]
