"""What the LMS and the extensions add to one graded result: notes for the student, a student's own deadline.

The grade command grades every submission the same way, then :func:`adjust` sets the
result's named adjustments (autograder/result/): the LMS's notes (which upload was graded,
Canvas's LATE mark) and, for a student with an extension, the extension with the late penalty
under their deadline (:func:`autograder.late.reapplied`).
:func:`context_key` is what the result was adjusted for: a result kept from an earlier run
is reused only when it matches.
"""

import hashlib
import json

from ..result import LmsNotes, apply_to
from ..result.model import one_paragraph


def context_key(due=None, notes=()):
    """A short hash of a student's extension and LMS notes ("" when there are none)."""
    if due is None and not notes:
        return ""
    text = json.dumps([due.isoformat() if due is not None else "", list(notes)])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def adjust(result, *, submitted_at=None, due=None, notes=(), policy=None):
    """``result`` (a Result, or a results.json dict rewritten in place) with the LMS ``notes`` and the extension
    ``due`` (an aware datetime; ``None``: no extension, and one set before is taken away) as its named adjustments.

    Setting them again replaces them: adjusting twice is adjusting once. ``policy``: the assignment's late
    policy (:attr:`autograder.config.Assignment.late`; default: read assignment.toml).
    """
    from .. import config, late

    def assignment_policy():
        return policy if policy is not None else config.load().late

    def change(model):
        added = list(notes)
        if due is not None:
            extended = late.extended(assignment_policy(), due)
            model = late.reapplied(model, submitted_at, extended)
            if submitted_at is None and extended.extended_from is not None:
                added.insert(0, f"{late.extension_sentence(extended)} No submission time was given to the grader, "
                                "so no late penalty was computed.")
        elif model.extension is not None:  # taken away: the assignment's deadline again
            if model.late is None:  # read from a results.json under the extension: its own penalty is taken again
                model = late.reapplied(model, submitted_at, assignment_policy())
                model = model.with_late(model.extension.late)
            model = model.with_extension(None)
        added = [note for note in added if note not in model.notes]
        key = context_key(due, notes)
        return model.with_lms(LmsNotes(tuple(one_paragraph(n) for n in added), key) if key or added else None)

    return apply_to(result, change)
