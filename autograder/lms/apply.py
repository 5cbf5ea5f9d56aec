"""What the LMS and the extensions add to one graded result: notes for the student, a student's own deadline.

The grade command grades every submission the same way, then :func:`adjust` adds the
LMS's notes (which upload was graded, Canvas's LATE mark) and, for a student with an
extension, takes the late penalty again under their deadline (:func:`autograder.late.reapply`).
:func:`context_key` is what the result was adjusted for: a result kept from an earlier run
is reused only when it matches.
"""

import hashlib
import json


def context_key(due=None, notes=()):
    """A short hash of a student's extension and LMS notes ("" when there are none)."""
    if due is None and not notes:
        return ""
    text = json.dumps([due.isoformat() if due is not None else "", list(notes)])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def adjust(result, *, submitted_at=None, due=None, notes=()):
    """``result`` (results.json dict) with the LMS ``notes`` and the extension ``due`` (an aware datetime) applied."""
    from .. import config, late

    extra = result.setdefault("extra_data", {})
    added = list(notes)
    if due is not None:
        policy = late.extended(config.load().late, due)
        late.reapply(result, submitted_at, policy)
        if submitted_at is None and policy.extended_from is not None:
            added.insert(0, f"{late.extension_sentence(policy)} No submission time was given to the grader, "
                            "so no late penalty was computed.")
    existing = list(extra.get("notes") or [])
    added = [note for note in added if note not in existing]
    if added:
        extra["notes"] = added + existing
        result["output"] = "\n\n".join([result.get("output") or "", *added]).strip()
    extra["lms_key"] = context_key(due, notes)
    return result
