"""A :class:`~autograder.result.model.Result` to and from Gradescope's results.json (a dict), the only form on disk.

:func:`to_json` writes the keys results.json always had, in the same order (a key the result
already had keeps its place; a new adjustment's keys come after the grader's facts), with
``score``, ``output``, ``extra_data.max_score`` and the adjustments' fields composed from the
model. :func:`from_json` reads any results.json the kit wrote, also one written before the
model existed (the adjustments are found in ``extra_data``; the written answers' test entries
and the LMS's notes are recognised and not counted twice).

>>> from autograder.result.model import Manual
>>> data = {"score": 7.0, "output": "Score: 7 / 10", "tests": [],
...         "extra_data": {"raw_score": 7.0, "max_score": 10.0, "late_penalty": 0.0, "late_message": ""}}
>>> to_json(from_json(data)) == data
True
>>> merged = to_json(from_json(data).with_manual(Manual({"written_ex1": 4.0}, {"written_ex1": 5.0})))
>>> merged["score"], merged["output"], merged["extra_data"]["max_score"], [t["name"] for t in merged["tests"]]
(11.0, 'Score: 11 / 15', 15.0, ['Written answer: ex1'])
"""

import re

from ..formatting import points
from .model import TEST_PREFIX, Extension, LatePenalty, LmsNotes, Manual, Report, Result, TestEntry

#: The line of the summary that states the totals, as every version of the kit wrote it.
_SCORE = re.compile(r"(?:\A|\n\n)Score: \S+ / \S+(?: \(public tests only\))?(?=\n\n|\Z)")
#: Top-level keys composed from the model, in results.json's order when new.
_COMPOSED = ("score", "output", "tests", "extra_data")


def summary(result):
    """The results.json ``output`` of ``result``: the grader's lead, the late message, ``Score: x / y``, the rest."""
    report, parts = result.report, list(result.report.lead)
    if report.score_line:
        parts.append(result.effective_late.message)
        public = " (public tests only)" if result.facts.get("public_only") else ""
        parts.append(f"Score: {points(result.score)} / {points(result.max_score)}{public}")
    parts += [*report.body, *(result.lms.notes if result.lms is not None else ()), *report.trailer]
    return "\n\n".join(str(part) for part in parts if part)


def to_json(result):
    """The results.json dict of ``result`` (new dicts and lists: changing it never changes the result)."""
    late, extension, lms, manual = result.effective_late, result.extension, result.lms, result.manual
    adjusted = any(a is not None for a in (extension, lms, manual)) or bool(late.points or late.message)
    extra = dict(result.facts)
    composed = {
        "raw_score": result.raw_score if "raw_score" in extra or adjusted else None,
        "max_score": result.max_score if "max_score" in extra or adjusted else None,
        "late_penalty": late.points if "late_penalty" in extra or late.points or late.message else None,
        "submitted_at": late.submitted_at,
        "late_message": late.message if "late_message" in extra or late.message else None,
        "notes": list(result.all_notes) if "notes" in extra or result.all_notes else None,
        "extension": extension.due if extension is not None else None,
        "days_late": late.days_late,
        "lms_key": lms.key if lms is not None else None,
        "manual": manual.to_json() if manual is not None else None,
    }
    for key, value in composed.items():
        if value is None:
            extra.pop(key, None)
        else:
            extra[key] = value
    data = dict(result.top)
    output = summary(result)
    data.update(score=result.score, output=output, tests=[test.to_json() for test in result.all_tests], extra_data=extra)
    if output == "" and "output" not in result.top:
        del data["output"]
    return data


def _number(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else float(value or 0)


def _manual(extra, tests):
    """The :class:`Manual` in ``extra_data.manual`` (``None`` without written points)."""
    manual = extra.get("manual")
    if not isinstance(manual, dict) or not isinstance(manual.get("points"), dict):
        return None
    comment = manual.get("comment")
    if comment is None:  # merged before the comment was kept in extra_data: it is each written test's output
        comment = next((t.output or "" for t in tests if str(t.name).startswith(TEST_PREFIX)), "")
    scores = manual.get("scores") if isinstance(manual.get("scores"), dict) else {}
    return Manual({c: _number(v) for c, v in scores.items()}, {c: _number(v) for c, v in manual["points"].items()}, str(comment))


def _cut(text, piece, *, at_end):
    """``text`` without ``piece`` and its ``\\n\\n`` separator at its end (or start); ``None`` when not there."""
    if not piece:
        return text
    if text == piece:
        return ""
    if at_end and text.endswith("\n\n" + piece):
        return text[: -len(piece) - 2]
    if not at_end and text.startswith(piece + "\n\n"):
        return text[len(piece) + 2:]
    return None


def _split_lms(output, notes):
    """``(LMS notes, the grader's notes, output without the LMS notes)``: the LMS's notes are the first of
    ``extra_data.notes`` and the last paragraphs of ``output``; the most that fit, while the grader's own are still shown."""
    for count in range(len(notes), 0, -1):
        rest = _cut(output, "\n\n".join(map(str, notes[:count])), at_end=True)
        if rest is not None and all(str(note) in rest for note in notes[count:]):
            return tuple(notes[:count]), tuple(notes[count:]), rest
    return (), tuple(notes), output


def _report(output, late_message):
    """The grader's :class:`Report` from an ``output`` without the LMS's notes: what stands before and after the totals."""
    match = _SCORE.search(output)
    if match is None:
        return Report(lead=(output,) if output else (), score_line=False)
    before, after = output[: match.start()], output[match.end():].removeprefix("\n\n")
    for at_end in (True, False):  # the grade command wrote it just before the totals; late.apply_to_out_dir (before the result model) put it first
        cut = _cut(before, late_message, at_end=at_end)
        if cut is not None:
            before = cut
            break
    return Report(lead=(before,) if before else (), body=(after,) if after else ())


def from_json(data):
    """The :class:`Result` of a results.json dict (a file any version of the kit wrote; missing fields are empty)."""
    extra = dict(data.get("extra_data")) if isinstance(data.get("extra_data"), dict) else {}
    tests = [TestEntry.from_json(t) for t in data.get("tests") or [] if isinstance(t, dict)]
    manual = _manual(extra, tests)
    if manual is not None:
        tests = [t for t in tests if not str(t.name).startswith(TEST_PREFIX)]
    penalty = LatePenalty(_number(extra.get("late_penalty", 0)), str(extra.get("late_message") or ""),
                          extra.get("submitted_at"), extra.get("days_late"))
    written = manual.earned if manual is not None else 0
    raw = _number(extra["raw_score"]) if "raw_score" in extra else round(_number(data.get("score")) + penalty.points - written, 4)
    maximum = _number(extra.get("max_score", 0))
    if manual is not None:
        maximum = round(maximum - manual.possible, 4)
    notes = list(extra.get("notes") or []) if isinstance(extra.get("notes"), list) else []
    output = str(data.get("output") or "")
    lms = None
    if "lms_key" in extra:
        shown, notes, output = _split_lms(output, notes)
        lms = LmsNotes(shown, str(extra["lms_key"]))
    extension = Extension(str(extra["extension"] or ""), penalty) if "extension" in extra else None
    return Result(
        tests=tuple(tests), facts=extra, raw_score=raw, autograded_max=maximum, notes=tuple(notes),
        report=_report(output, penalty.message), late=penalty if extension is None else None, extension=extension,
        lms=lms, manual=manual, top={k: v for k, v in data.items()},
    )


def apply_to(data, change):
    """``change`` (a Result in, a Result out) applied to ``data``: a :class:`Result` gives the changed copy;
    a results.json dict is rewritten whole, in place, and returned (for callers that hold the dict)."""
    if isinstance(data, Result):
        return change(data)
    new = to_json(change(from_json(data)))
    data.clear()
    data.update(new)
    return data
