"""Gather the written answers of a class: one HTML page per exercise and a score sheet.

An answer is the markdown cell whose first line is ``### Your answer: <exercise id>``
(``sourcecheck.ANSWER_HEADING``, the rule the student's packager applies too; any case, text may follow the id)
(plus any markdown cells the student added right after it, up to the next code cell
or heading); the lines of the starter's answer cell (the prompt, "(write here)") are
left out. The exercise's plots are the images saved in the outputs of the code cells
between the exercise's section heading (the nearest ``#``/``##`` heading above the
answer cell) and the answer cell.

Student code is never run: notebooks are read as JSON. Student text is untrusted: it
is rendered with raw HTML disabled, images only from the notebook's own outputs as
``data:`` URLs, under a Content-Security-Policy that allows nothing else.
"""

import base64
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import COURSE_DIR
from ..course_helpers import sourcecheck
from ..csvfiles import read_csv, write_csv
from ..files import write_atomic
from ..formatting import points as fmt_points
from ..htmlpage import page
from ..manual import COLUMN_PREFIX, POINTS_ROW
from ..sandbox import MAX_MEMBER_BYTES, IntakeError, scan_folder, scan_zip, student_id_of

SECTION_HEADING = re.compile(r"^\s*#{1,2}\s+\S")
ANY_HEADING = re.compile(r"^\s*#{1,6}\s+\S")
SHEET_NAME = "scores.csv"
IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")


class WrittenError(ValueError):
    """Bad input; the message says what to fix."""


@dataclass
class Answer:
    status: str  # answered, unchanged, missing, no_notebook
    text: str = ""
    images: list = field(default_factory=list)  # (mime type, base64 text)


@dataclass
class StudentWork:
    student: str
    source: str
    answers: dict
    problem: str = ""
    autograded: dict = field(default_factory=dict)  # {question id: (score, max_score)} from a graded out dir


def _source(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def starter_template(path=None):
    """``{exercise id: set of template lines}`` from the starter notebook's answer cells, in order."""
    path = Path(path) if path else COURSE_DIR / "homework.ipynb"
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise WrittenError(f"cannot read the starter notebook {path}: {error}") from None
    template = {}
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        lines = _source(cell).splitlines()
        match = sourcecheck.ANSWER_HEADING.match(lines[0]) if lines else None
        if match:
            template[match.group(1)] = {line.strip() for line in lines[1:] if line.strip()}
    if not template:
        raise WrittenError(f"{path} has no answer cells (markdown cells starting with '### Your answer: <exercise id>')")
    return template


def _pick(names, where):
    notebooks = sorted(n for n in names if n.endswith(".ipynb") and "__MACOSX" not in n and ".ipynb_checkpoints" not in n)
    if not notebooks:
        return None
    preferred = [n for n in notebooks if n.rsplit("/", 1)[-1] == "homework.ipynb"]
    if preferred:
        return min(preferred, key=len)
    if len(notebooks) > 1:
        raise WrittenError(f"{where} holds several notebooks ({', '.join(notebooks)}) and none is homework.ipynb")
    return notebooks[0]


def read_submission_notebook(path):
    """The submission's notebook (parsed JSON) or None when it has none; raises WrittenError when unreadable.

    A folder or zip is read like the grader reads it (autograder/sandbox/intake.py): links
    are never followed, sizes are checked before reading, the same caps apply.
    """
    path = Path(path)
    if not path.exists():
        raise WrittenError(f"{path} does not exist (give one notebook, folder or zip per student)")
    try:
        if path.is_dir() or path.suffix.lower() == ".zip":
            with (scan_folder(path) if path.is_dir() else scan_zip(path)) as upload:
                chosen = _pick(list(upload.files), path)
                links = [name for name, _ in upload.ignored if name.endswith(".ipynb")]
                if chosen is None and links:
                    raise WrittenError(f"{', '.join(links)} in {path.name} is not a plain file (a link?): it was not read")
                text = upload.read(chosen, MAX_MEMBER_BYTES).decode("utf-8-sig") if chosen else None
        elif path.suffix.lower() == ".ipynb":
            if path.stat().st_size > MAX_MEMBER_BYTES:
                raise WrittenError(f"{path.name} is larger than {MAX_MEMBER_BYTES // 2**20} MB")
            text = path.read_text(encoding="utf-8-sig")
        else:
            text = None
    except IntakeError as error:
        raise WrittenError(f"cannot read {path.name}: {error}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise WrittenError(f"cannot read {path}: {error}") from None
    if text is None:
        return None
    try:
        notebook = json.loads(text)
        notebook["cells"]
    except (json.JSONDecodeError, KeyError, TypeError):
        raise WrittenError(f"the notebook in {path} is not a Jupyter notebook (JSON with cells)") from None
    return notebook


def _images(cell):
    found = []
    for output in cell.get("outputs") or []:
        data = output.get("data") or {}
        for mime in IMAGE_TYPES:
            if mime not in data:
                continue
            value = data[mime]
            value = "".join(value) if isinstance(value, list) else str(value)
            if mime == "image/svg+xml":
                encoded = base64.b64encode(value.encode("utf-8")).decode("ascii")
            else:
                encoded = re.sub(r"\s+", "", value)
                try:
                    raw = base64.b64decode(encoded, validate=True)
                except ValueError:
                    continue
                if mime == "image/png" and not raw.startswith(b"\x89PNG"):
                    continue
            found.append((mime, encoded))
            break  # one picture per output
    return found


def extract_answers(notebook, template):
    """``{exercise id: Answer}`` for every exercise of ``template``."""
    cells = notebook.get("cells", [])
    answers = {}
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "markdown":
            continue
        lines = _source(cell).splitlines()
        match = sourcecheck.ANSWER_HEADING.match(lines[0]) if lines else None
        if not match or match.group(1) not in template or match.group(1) in answers:
            continue
        qid = match.group(1)
        body = lines[1:]
        for following in cells[index + 1:]:  # markdown cells the student added under the answer cell
            text = _source(following)
            if following.get("cell_type") != "markdown" or ANY_HEADING.match(text):
                break
            body += [""] + text.splitlines()
        kept = [line for line in body if line.strip() not in template[qid]]
        text = "\n".join(kept).strip()
        start = 0
        for back in range(index - 1, -1, -1):
            previous = cells[back]
            if previous.get("cell_type") == "markdown":
                first = _source(previous).lstrip().splitlines()[:1]
                if first and (SECTION_HEADING.match(first[0]) or sourcecheck.ANSWER_HEADING.match(first[0])):
                    start = back + 1
                    break
        images = [image for c in cells[start:index] if c.get("cell_type") == "code" for image in _images(c)]
        answers[qid] = Answer("answered" if text else "unchanged", text, images)
    for qid in template:
        answers.setdefault(qid, Answer("missing"))
    return answers


def gather(submissions, template=None):
    """One :class:`StudentWork` per submission, in the order given (ids must be unique)."""
    template = template if template is not None else starter_template()
    works, seen = [], {}
    for path in submissions:
        if not Path(path).exists():
            raise WrittenError(f"{path} does not exist (give one notebook, folder or zip per student)")
        student = student_id_of(path)  # the id the grade command gives the same submission
        if student in seen:
            raise WrittenError(f"two submissions are named {student!r} ({seen[student]} and {path}): student ids must be unique")
        seen[student] = path
        try:
            notebook = read_submission_notebook(path)
        except WrittenError as error:  # this student's notebook is broken: say so on the sheet, go on with the class
            answers = {qid: Answer("no_notebook") for qid in template}
            works.append(StudentWork(student, str(path), answers, problem=f"the notebook could not be read: {error}"))
            continue
        if notebook is None:
            answers = {qid: Answer("no_notebook") for qid in template}
            works.append(StudentWork(student, str(path), answers, problem="no notebook in the submission"))
        else:
            try:
                works.append(StudentWork(student, str(path), extract_answers(notebook, template)))
            except Exception as error:  # noqa: BLE001 - a notebook of an odd shape is noted, the class goes on
                answers = {qid: Answer("no_notebook") for qid in template}
                problem = f"the notebook could not be read ({type(error).__name__}: {error})"[:200]
                works.append(StudentWork(student, str(path), answers, problem=problem))
    return works


# ---------------------------------------------------------------- HTML

STATUS_TEXT = {
    "answered": "",
    "unchanged": "No answer: the cell is unchanged from the starter.",
    "missing": "No answer cell found (the heading '### Your answer: {qid}' is missing).",
    "no_notebook": "No notebook in this submission.",
}

STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; background: #fafafa; }
h1 { font-size: 1.4rem; } nav a { margin-right: 1rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(26rem, 1fr)); gap: 1rem; }
.card { background: white; border: 1px solid #ddd; border-radius: 6px; padding: 0.8rem 1rem; overflow-wrap: anywhere; }
.card h2 { font-size: 1.05rem; margin: 0 0 0.5rem; display: flex; justify-content: space-between; }
.card img { max-width: 100%; border: 1px solid #eee; margin-top: 0.5rem; }
.empty { color: #a33; font-style: italic; }
.count { color: #777; font-weight: normal; font-size: 0.85rem; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 0.2rem 0.6rem; }
td.answered { background: #e8f5e9; } td.unchanged, td.missing, td.no_notebook { background: #fdecea; }
"""


def _render_markdown(text):
    from markdown_it import MarkdownIt  # pinned (pyproject.toml): without it the install is broken

    md = MarkdownIt("commonmark", {"html": False, "linkify": False})
    md.disable("image")  # no external fetches from student text
    return md.render(text)


def attach_autograded(works, graded_dir):
    """Add each student's autograded question scores from ``graded_dir/results/<student>.json``."""
    for work in works:
        path = Path(graded_dir) / "results" / f"{work.student}.json"
        try:
            extra = json.loads(path.read_text(encoding="utf-8")).get("extra_data", {})
        except (OSError, ValueError):
            continue
        for qid, value in (extra.get("questions") or {}).items():
            if isinstance(value, dict):
                work.autograded[qid] = (value.get("score", 0), value.get("max_score", 0))


def exercise_page(qid, works, exercises):
    nav = " ".join(f"<a href=\"{html.escape(q)}.html\">{html.escape(q)}</a>" for q in exercises)
    answered = sum(w.answers[qid].status == "answered" for w in works)
    cards = []
    for work in works:
        answer = work.answers[qid]
        parts = [f"<h2><span class=\"student\">{html.escape(work.student)}</span>"
                 f"<span class=\"count\">{len(answer.images)} plot{'s' if len(answer.images) != 1 else ''}</span></h2>"]
        if qid in work.autograded:
            score, top = work.autograded[qid]
            parts.append(f"<p class=\"count autograded\">code of this exercise, autograded: {fmt_points(score)} / {fmt_points(top)}</p>")
        if answer.status == "answered":
            parts.append(f"<div class=\"answer\">{_render_markdown(answer.text)}</div>")
        else:
            parts.append(f"<p class=\"empty\">{html.escape(STATUS_TEXT[answer.status].format(qid=qid))}</p>")
        for mime, encoded in answer.images:
            parts.append(f"<img alt=\"plot of {html.escape(work.student)}\" src=\"data:{mime};base64,{encoded}\">")
        cards.append(f"<section class=\"card\" id=\"{html.escape(work.student)}\">{''.join(parts)}</section>")
    body = (f"<nav><a href=\"index.html\">index</a> {nav}</nav>\n<h1>{html.escape(qid)}: written answers "
            f"<span class=\"count\">{answered} of {len(works)} students answered</span></h1>\n"
            f"<p>Score them in <code>{SHEET_NAME}</code>, column <code>{COLUMN_PREFIX}{html.escape(qid)}</code>.</p>\n"
            f"<div class=\"grid\">\n" + "\n".join(cards) + "\n</div>")
    return page(f"{qid}: written answers", body, style=STYLE, images=True)


def index_page(works, exercises):
    head = "".join(f"<th><a href=\"{html.escape(q)}.html\">{html.escape(q)}</a></th>" for q in exercises)
    rows = []
    for work in works:
        cells = "".join(f"<td class=\"{work.answers[q].status}\">{work.answers[q].status.replace('_', ' ')}</td>" for q in exercises)
        rows.append(f"<tr><td>{html.escape(work.student)}</td>{cells}</tr>")
    body = (f"<h1>Written answers of {len(works)} students</h1>\n<p>One page per exercise; score sheet: "
            f"<code>{SHEET_NAME}</code> (fill it in, then <code>python -m autograder grade ... --manual {SHEET_NAME}</code>).</p>\n"
            f"<table><tr><th>student</th>{head}</tr>\n" + "\n".join(rows) + "</table>")
    return page("Written answers", body, style=STYLE, images=True)


# ---------------------------------------------------------------- score sheet

#: The sheet's column for the kit's own notes ("no notebook in the submission", "no answer: ..."): for the
#: instructor only. The ``comments`` column is the instructor's words, shown to the student (autograder/manual.py).
NOTES_COLUMN = "notes"
#: A comment an older kit wrote itself (it pre-filled ``comments`` with its notes): moved to ``notes`` on a re-run.
_OLD_KIT_NOTE = re.compile(r"^(no notebook in the submission|the notebook could not be read\b.*"
                           r"|no answer: [A-Za-z0-9_]+ (unchanged|missing|no notebook)(, [A-Za-z0-9_]+ (unchanged|missing|no notebook))*)$",
                           re.DOTALL)


def sheet_note(work, exercises):
    """The kit's note on ``work`` for the sheet's notes column ("" when every exercise was answered)."""
    if work.problem:
        return work.problem
    unanswered = [f"{q} {work.answers[q].status.replace('_', ' ')}" for q in exercises if work.answers[q].status != "answered"]
    return "no answer: " + ", ".join(unanswered) if unanswered else ""


def write_sheet(path, works, exercises, *, points):
    """Write (or extend) the score sheet; scores and comments already filled in are kept.

    A cell with nothing to read stays blank, like any other: the instructor decides (the merge
    refuses blanks). The kit's notes go to the ``notes`` column, rewritten on every run; an older
    sheet (no ``notes`` column, the kit's notes in ``comments``) is read and its notes moved.
    """
    path = Path(path)
    columns = [f"{COLUMN_PREFIX}{q}" for q in exercises]
    existing, possible = {}, {c: f"{points:g}" for c in columns}
    if path.is_file():  # saved from a spreadsheet, maybe with a byte-order mark: read_csv copes
        for row in read_csv(path, "score sheet", WrittenError)[1]:
            if row.get("student") == POINTS_ROW:
                possible.update({c: row[c] for c in columns if row.get(c)})
            elif row.get("student"):
                existing[row["student"]] = row
    fields = ["student", *columns, "comments", NOTES_COLUMN]
    rows = []
    for work in works:
        row = {"student": work.student, **{c: "" for c in columns}, "comments": ""}
        if work.student in existing:
            old = existing.pop(work.student)
            if _OLD_KIT_NOTE.match((old.get("comments") or "").strip()):
                old["comments"] = ""  # the older kit's own note, not the instructor's words
            row.update({k: v for k, v in old.items() if k in row and v not in (None, "")})
        row[NOTES_COLUMN] = sheet_note(work, exercises)
        rows.append(row)
    rows += [{k: existing[s].get(k) or "" for k in fields} for s in sorted(existing)]
    points_row = {"student": POINTS_ROW, **possible, "comments": "points of each exercise (edit here)",
                  NOTES_COLUMN: "the kit's notes, for you only: comments are shown to the student"}
    return write_csv(path, fields, [points_row, *rows])


def write_pages(works, out, *, points=5.0, template=None):
    """Write index.html, one <exercise>.html per exercise and the score sheet into ``out``."""
    template = template if template is not None else starter_template()
    exercises = list(template)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(out / "index.html", index_page(works, exercises))
    for qid in exercises:
        write_atomic(out / f"{qid}.html", exercise_page(qid, works, exercises))
    write_sheet(out / SHEET_NAME, works, exercises, points=points)
    return exercises
