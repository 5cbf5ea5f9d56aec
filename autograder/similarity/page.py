"""``similarity.html``: the most similar pairs side by side, shared passages highlighted.

One self-contained page that opens offline: inline CSS, no script, no font, no URL, and a
Content-Security-Policy that forbids fetching anything (the report page's policy, without
images: this page has none). Every piece of student text (code, ids, reasons) is
HTML-escaped. The page says what the score means and that it never changes a grade.
"""

import html

import numpy as np

from ..htmlpage import page

#: Unshared lines kept around each shared passage; longer unshared stretches are folded.
CONTEXT = 2
FLAG_CLASS = ' class="flag"'

STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2.5rem; border-bottom: 1px solid #ddd; }
.notice { background: #fff8e1; border: 1px solid #f0c36d; padding: 0.6rem 0.9rem; max-width: 60rem; }
table { border-collapse: collapse; font-size: 0.9rem; } td, th { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
.numbers span { display: inline-block; margin-right: 1.5rem; } .numbers b { font-size: 1.3rem; }
.flag { color: #b00020; font-weight: bold; } .muted { color: #777; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.sides > div { min-width: 0; } .sides h3 { font-size: 1rem; margin: 0.5rem 0; }
pre { background: #fafafa; border: 1px solid #ddd; padding: 0.5rem; overflow-x: auto; font-size: 0.8rem; line-height: 1.35; }
pre .n { color: #999; user-select: none; display: inline-block; width: 3.5em; }
pre .fold { color: #777; font-style: italic; }
mark { background: #ffd54f; }
"""


def render(pairs, students, skipped, *, flag_at, top):
    """The page's HTML for ``pairs`` (most similar first), ``students`` compared and ``skipped`` submissions.

    Shows the first ``top`` pairs with a score above 0 side by side; ``flag_at`` (0..1) is the
    score from which a pair is flagged for reading.
    """
    shown = [p for p in pairs if p.score > 0][:top]
    flagged = [p for p in pairs if p.score >= flag_at]
    parts = ["<h1>Code similarity</h1>",
             "<p class=\"notice\"><b>This page flags pairs for a person to read; it never changes a grade.</b> "
             "A high score means two submissions share much code beyond the starter, not that anyone copied: "
             "read the highlighted passages and judge. Grades come only from <code>python -m autograder grade</code>.</p>",
             f"<p>The <b>score</b> of a pair is the larger of two shares: how much of each student's own code "
             f"(what the starter <code>deepnn.py</code> already contains is not counted) is also found in the other "
             f"submission. Variable names, comments, blank lines and the order of functions are ignored, so renaming or "
             f"reordering does not lower it. Pairs scoring {100 * flag_at:.0f}% or more are "
             f"<span class=\"flag\">flagged</span>. Independently written solutions of this homework share some "
             f"idioms (the same numpy calls in the same order), so a score of a few tens of percent is normal.</p>",
             "<p class=\"numbers\">"
             f"<span><b>{len(students)}</b> submissions compared</span>"
             f"<span><b>{len(pairs)}</b> pairs</span>"
             f"<span><b>{len(flagged)}</b> flagged</span>"
             f"<span><b>{len(skipped)}</b> skipped</span></p>"]
    parts.append(f"<h2 id=\"pairs\">The most similar pairs ({len(shown)} shown; every pair is in similarity.csv)</h2>")
    if shown:
        parts.append("<table><tr><th>#</th><th>student a</th><th>student b</th><th>score</th><th>share of a</th><th>share of b</th></tr>" + "".join(
            f"<tr><td><a href=\"#pair-{n}\">{n}</a></td><td>{html.escape(p.a.student)}</td><td>{html.escape(p.b.student)}</td>"
            f"<td{FLAG_CLASS if p.score >= flag_at else ''}>{100 * p.score:.0f}%</td>"
            f"<td>{100 * p.share_a:.0f}%</td><td>{100 * p.share_b:.0f}%</td></tr>"
            for n, p in enumerate(shown, 1)) + "</table>")
    else:
        parts.append("<p class=\"muted\">No two submissions share code beyond the starter.</p>")
    if skipped:
        parts.append(f"<h2 id=\"skipped\">Not compared ({len(skipped)})</h2><table><tr><th>student</th><th>why</th></tr>" + "".join(
            f"<tr><td>{html.escape(s.student)}</td><td>{html.escape(s.reason)}</td></tr>" for s in skipped) + "</table>")
    noted = [s for s in students if s.note]
    if noted:
        parts.append("<h2 id=\"notes\">Notes</h2><ul>" + "".join(
            f"<li>{html.escape(s.student)}: {html.escape(s.note)}</li>" for s in noted) + "</ul>")
    for n, pair in enumerate(shown, 1):
        covered_a = pair.a.line_map.covered(pair.overlap.slices_a)
        covered_b = pair.b.line_map.covered(pair.overlap.slices_b)
        flag = " <span class=\"flag\">flagged</span>" if pair.score >= flag_at else ""
        parts.append(f"<h2 id=\"pair-{n}\">{n}. {html.escape(pair.a.student)} and {html.escape(pair.b.student)}: "
                     f"{100 * pair.score:.0f}%{flag}</h2><div class=\"sides\">"
                     + _side(pair.a, pair.overlap.slices_a, covered_a, pair.share_a)
                     + _side(pair.b, pair.overlap.slices_b, covered_b, pair.share_b) + "</div>")
    body = "\n".join(parts)
    return page("Code similarity", body, style=STYLE)  # no image: the policy without img-src


def _side(student, slices, covered, share):
    """One column: the student's source, shared passages in ``<mark>``, long unshared stretches folded."""
    lines = _marked_lines(student.line_map, slices, covered)
    keep = np.zeros(len(lines), dtype=bool)
    for index in np.flatnonzero(covered):
        keep[max(0, index - CONTEXT):index + CONTEXT + 1] = True
    out, hidden = [], 0
    for index, text in enumerate(lines):
        if not keep[index]:
            hidden += 1
            continue
        if hidden:
            out.append(f"<span class=\"fold\">\u22ef {hidden} line{'s' if hidden > 1 else ''} not shared \u22ef</span>")
            hidden = 0
        out.append(f"<span class=\"n\">{index + 1}</span>{text}")
    if hidden:
        out.append(f"<span class=\"fold\">\u22ef {hidden} line{'s' if hidden > 1 else ''} not shared \u22ef</span>")
    return (f"<div><h3>{html.escape(student.student)} ({html.escape(student.path.name)}): "
            f"{100 * share:.0f}% of its own code shared</h3><pre>" + "\n".join(out) + "</pre></div>")


def _marked_lines(line_map, slices, covered):
    """The escaped lines of the source, the parts inside ``slices`` wrapped in ``<mark>`` on covered lines."""
    source = line_map.source
    spans = sorted(zip(slices[0].tolist(), slices[1].tolist())) if slices.size else []
    out, first = [], 0
    for index, text in enumerate(line_map.lines):
        start = int(line_map.starts[index])
        end = start + len(text.rstrip("\r\n"))
        if not covered[index]:
            out.append(html.escape(source[start:end]))
            continue
        while first < len(spans) and spans[first][1] <= start:
            first += 1
        pieces, position = [], start
        for span_start, span_end in spans[first:]:
            if span_start >= end:
                break
            a, b = max(span_start, position), min(span_end, end)
            if a > position:
                pieces.append(html.escape(source[position:a]))
            if b > a:
                pieces.append("<mark>" + html.escape(source[a:b]) + "</mark>")
                position = b
        pieces.append(html.escape(source[position:end]))
        out.append("".join(pieces))
    return out
