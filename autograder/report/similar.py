"""The class report's "Similar submissions" section: a link to ``similarity.html`` and its flagged pairs.

``python -m autograder similarity ... --out DIR`` writes ``DIR/similarity.csv`` (every pair, most similar
first) and ``DIR/similarity.html``. The report finds DIR from ``report --similarity DIR``, else at
``<class>/similarity/`` or beside the class folder (``<class>/../similarity/``), and links the page
relative to the report's own file, so the two open offline side by side. It lists pairs for a person to
read; it never changes a grade.
"""

import html
import os
from pathlib import Path

from ..csvfiles import read_csv
from ..similarity import FLAG_AT

#: at most this many flagged pairs are listed in the report (the similarity page has them all)
LISTED = 10


def find_folder(out_dir, given=None):
    """The similarity folder to link: ``given``, else one next to the class output that holds a page; or None."""
    if given is not None:
        return Path(given)
    for candidate in (Path(out_dir) / "similarity", Path(out_dir).resolve().parent / "similarity"):
        if (candidate / "similarity.html").is_file():
            return candidate
    return None


def section(folder, report_path, *, flag_at=FLAG_AT):
    """The section's HTML ("" without a similarity folder); a missing or unreadable file is said, not fatal."""
    if folder is None:
        return ""
    folder = Path(folder)
    page, table = folder / "similarity.html", folder / "similarity.csv"
    head = "<h2 id=\"similarity\">Similar submissions</h2>"
    if not page.is_file() or not table.is_file():
        return head + (f"<p class=\"muted\">No similarity results in {html.escape(str(folder))}: run "
                       "<code>python -m autograder similarity SUBMISSION... --out DIR</code> first.</p>")
    try:
        _, rows = read_csv(table, "similarity table")
    except ValueError as error:
        return head + f"<p class=\"muted\">{html.escape(str(error))}</p>"
    flagged = []
    for row in rows:
        try:
            score = float(row.get("score", ""))
        except ValueError:
            continue
        if score >= flag_at:
            flagged.append((score, row.get("student_a", "?"), row.get("student_b", "?")))
    flagged.sort(key=lambda item: -item[0])
    link = os.path.relpath(page.resolve(), Path(report_path).resolve().parent)
    text = (f"<p>{len(flagged)} pair{'' if len(flagged) == 1 else 's'} scored {flag_at:g} or more "
            f"(<a href=\"{html.escape(link)}\">the similarity page</a> shows them side by side). "
            "Similarity flags pairs for a person to read; it never changes a grade.</p>")
    if flagged:
        text += ("<table><tr><th>student</th><th>student</th><th>score</th></tr>" + "".join(
            f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td><td>{score:.2f}</td></tr>"
            for score, a, b in flagged[:LISTED]) + "</table>")
        if len(flagged) > LISTED:
            text += f"<p class=\"muted\">and {len(flagged) - LISTED} more on the similarity page.</p>"
    return head + text
