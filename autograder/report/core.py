"""An offline HTML report of a graded class (grades.csv + results/<student>.json).

One self-contained page: every plot is a matplotlib PNG inlined as base64, no script,
no external URL (a Content-Security-Policy forbids any fetch but ``data:`` images).
"""

import base64
import html
import io
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..csvfiles import read_csv, require_columns
from ..files import write_atomic
from ..formatting import points as fmt_points
from ..htmlpage import page
from ..result import TEST_PREFIX as MANUAL_PREFIX  # the tests the manual merge adds: graded by hand, not failures
from . import similar
from .diagnosis import NOT_IMPLEMENTED, diagnose, diagnose_student, is_named, ranked, shorten  # noqa: F401 - diagnose: API

LOW_SCORE = 0.5  # below this fraction of the maximum, a student needs attention


class ReportError(ValueError):
    """The out dir is not a graded class; the message says what to fix."""


@dataclass
class Student:
    student: str
    score: float
    max_score: float
    status: str
    questions: dict
    late_penalty: float = 0.0
    tests: list = field(default_factory=list)
    results_problem: str = ""
    mistakes: set = field(default_factory=set)
    question_max: dict = field(default_factory=dict)
    extension: str = ""  # the student's extended deadline (ISO time; extra_data.extension), empty without one

    @property
    def fraction(self):
        return self.score / self.max_score if self.max_score else 0.0


def _float(text, default=0.0):
    try:
        return float(text)
    except (TypeError, ValueError):
        return default


def load_class(out_dir):
    """The graded class: (question ids, [Student]) from grades.csv and results/*.json."""
    out_dir = Path(out_dir)
    grades = out_dir / "grades.csv"
    if not grades.is_file():
        raise ReportError(f"{grades} does not exist: pass the --out folder of `python -m autograder grade`")
    fields, rows = read_csv(grades, "grades file", ReportError)
    require_columns(grades, fields, ("student", "score", "max_score", "status"), ReportError, "is it a grades.csv written by the grade command?")
    questions = [f for f in fields[4:] if f != "late_penalty"]
    students = []
    for row in rows:
        student = Student(row["student"], _float(row["score"]), _float(row["max_score"]), row["status"] or "?",
                          {q: _float(row.get(q), None) for q in questions}, _float(row.get("late_penalty")))
        try:
            _read_results(out_dir, student)
        except Exception as error:  # noqa: BLE001 - one student's broken data is noted, the class is reported
            student.tests, student.question_max, student.mistakes = [], {}, set()
            student.results_problem = f"results json not usable ({type(error).__name__}: {error})"[:200]
        students.append(student)
    return questions, students


def _read_results(out_dir, student):
    """Fill ``student``'s tests, question maxima and mistakes from ``results/<student>.json``."""
    if student.student in ("", ".", "..") or "/" in student.student or "\\" in student.student:
        student.results_problem = "not a plain student id: no results json read"
        return
    path = out_dir / "results" / f"{student.student}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        student.results_problem = "no results json"
        return
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        student.results_problem = f"unreadable results json ({error})"
        return
    if not isinstance(data, dict):
        student.results_problem = "results json is not an object"
        return
    tests = data.get("tests") if isinstance(data.get("tests"), list) else []
    student.tests = [t for t in tests if isinstance(t, dict) and not str(t.get("name", "")).startswith(MANUAL_PREFIX)]
    extra = data.get("extra_data") if isinstance(data.get("extra_data"), dict) else {}
    questions = extra.get("questions") if isinstance(extra.get("questions"), dict) else {}
    student.extension = str(extra.get("extension") or "")
    for q, value in questions.items():
        if isinstance(value, dict):
            student.question_max[q] = _float(value.get("max_score"))
    manual = extra.get("manual") if isinstance(extra.get("manual"), dict) else {}
    for column, value in (manual.get("points") if isinstance(manual.get("points"), dict) else {}).items():
        student.question_max[column] = _float(value)
    student.mistakes = diagnose_student(extra, student.tests, _failed)


def _failed(test):
    if test.get("status") == "failed":
        return True
    return "status" not in test and _float(test.get("score")) < _float(test.get("max_score"))


def question_points(students, questions):
    """The points of each question: from a results json's ``extra_data.questions`` (or ``extra_data.manual``)
    when there, else the largest score any student got there (grades.csv has no max per question)."""
    points = {}
    for q in questions:
        known = [s.question_max[q] for s in students if s.question_max.get(q)]
        points[q] = max(known) if known else max([(s.questions[q] or 0.0) for s in students] or [0.0])
    return points


# ---------------------------------------------------------------- plots

def _png(fig):
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def plain_label(text):
    """``text`` as a matplotlib label shown as written: a ``$`` never starts mathtext (student text can hold ``$\\x$``)."""
    return str(text).replace("$", r"\$")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_scores(students):
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 3.2))
    values = [100 * s.fraction for s in students]
    ax.hist(values, bins=[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100.0001], color="#4c72b0", edgecolor="white")
    ax.axvline(100 * LOW_SCORE, color="#c44e52", linestyle="--", label=f"{100 * LOW_SCORE:g}%: needs attention")
    ax.set_xlabel("score (% of the maximum)")
    ax.set_ylabel("students")
    ax.set_title(f"Score distribution ({len(students)} students)")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="upper left")
    return _png(fig)


def plot_questions(students, questions):
    plt = _pyplot()
    points = question_points(students, questions)
    full, partial, zero = [], [], []
    for q in questions:
        scores = [s.questions[q] or 0.0 for s in students]
        top = points[q]
        full.append(sum(top > 0 and v >= top - 1e-9 for v in scores))
        zero.append(sum(v <= 1e-9 for v in scores))
        partial.append(len(scores) - full[-1] - zero[-1])
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(questions) + 1.2))
    y = list(range(len(questions)))[::-1]
    ax.barh(y, full, color="#55a868", label="full marks")
    ax.barh(y, partial, left=full, color="#dd8452", label="partial")
    ax.barh(y, zero, left=[f + p for f, p in zip(full, partial)], color="#c44e52", label="zero")
    ax.set_yticks(y, [plain_label(q) for q in questions])
    ax.set_xlabel("students")
    ax.set_title("Each question: how many students got full, partial or no marks")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.5 / max(1, len(questions)) ** 0.5), ncol=3, fontsize="small", frameon=False)
    return _png(fig)


def plot_ranked(counter, title, colour, top=15):
    plt = _pyplot()
    items = (counter.most_common(top) if isinstance(counter, Counter) else list(counter)[:top])[::-1]  # or [(label, n)] in order
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(items) + 1.2))
    labels = [plain_label(shorten(label, 60)) for label, _ in items]
    ax.barh(range(len(items)), [n for _, n in items], color=colour)
    ax.set_yticks(range(len(items)), labels)
    for i, (_, n) in enumerate(items):
        ax.text(n, i, f" {n}", va="center")
    ax.set_xlabel("students")
    ax.set_title(title)
    ax.xaxis.get_major_locator().set_params(integer=True)
    return _png(fig)


def plot_status(students):
    plt = _pyplot()
    counts = Counter(s.status for s in students)
    order = [k for k in ("ok", "error", "timeout", "memory") if k in counts] + sorted(k for k in counts if k not in ("ok", "error", "timeout", "memory"))
    colours = {"ok": "#55a868", "error": "#c44e52", "timeout": "#dd8452", "memory": "#8172b3"}
    fig, ax = plt.subplots(figsize=(5, 2.6))
    ax.bar(range(len(order)), [counts[k] for k in order], color=[colours.get(k, "#777777") for k in order])
    ax.set_xticks(range(len(order)), [plain_label(k) for k in order])
    ax.set_ylabel("students")
    ax.set_title("Grading status")
    ax.yaxis.get_major_locator().set_params(integer=True)
    return _png(fig)


# ---------------------------------------------------------------- page

STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem auto; max-width: 60rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
figure { margin: 0.5rem 0; } figure img { max-width: 100%; }
table { border-collapse: collapse; font-size: 0.9rem; } td, th { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
.numbers span { display: inline-block; margin-right: 1.5rem; } .numbers b { font-size: 1.3rem; }
.muted { color: #777; }
"""


def _figure(png, alt):
    return f"<figure><img alt=\"{html.escape(alt)}\" src=\"data:image/png;base64,{png}\"></figure>"


def _plot(alt, make, *args):
    """The figure ``make(*args)`` draws, or a note saying it could not be drawn (the rest of the page still is)."""
    try:
        return _figure(make(*args), alt)
    except Exception as error:  # noqa: BLE001 - a plot never costs the report
        import matplotlib.pyplot as plt

        plt.close("all")
        return f"<p class=\"muted\">The {html.escape(alt)} plot could not be drawn ({html.escape(type(error).__name__)}: {html.escape(str(error)[:200])}).</p>"


def _names(names, limit=12):
    names = sorted(names)
    shown = ", ".join(html.escape(n) for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def attention(students):
    """``[(student, [reasons])]`` of the students who need attention, most reasons first."""
    out = []
    for s in students:
        reasons = []
        if s.status != "ok":
            reasons.append(f"status {s.status}")
        if s.fraction < LOW_SCORE:
            reasons.append(f"score {fmt_points(s.score)} / {fmt_points(s.max_score)}")
        if s.late_penalty > 0:
            reasons.append(f"late (-{fmt_points(s.late_penalty)})")
        diagnosed = sorted(m for m in s.mistakes if m != NOT_IMPLEMENTED)
        if len(diagnosed) >= 3:
            reasons.append(f"{len(diagnosed)} different mistakes")
        if s.results_problem:
            reasons.append(s.results_problem)
        if reasons:
            out.append((s, reasons))
    return sorted(out, key=lambda item: (-len(item[1]), item[0].fraction, item[0].student))


def _first_failure(student):
    for test in student.tests:
        if _failed(test) and test.get("output"):
            return f"{test.get('name', '')}: {shorten(str(test['output']).strip().splitlines()[0], 160)}"
    return ""


def render(out_dir, *, title=None, similarity=None, report_path=None):
    """The report's HTML text; ``similarity``: the folder of ``python -m autograder similarity`` to link, if any."""
    questions, students = load_class(out_dir)
    if not students:
        raise ReportError(f"{Path(out_dir) / 'grades.csv'} has no students: nothing to report")
    failing, mistakes = defaultdict(set), defaultdict(set)
    for s in students:
        for test in s.tests:
            if _failed(test):
                failing[str(test.get("name", "?"))].add(s.student)
        for m in s.mistakes:
            mistakes[m].add(s.student)
    fractions = sorted(100 * s.fraction for s in students)
    median = fractions[len(fractions) // 2] if len(fractions) % 2 else (fractions[len(fractions) // 2 - 1] + fractions[len(fractions) // 2]) / 2
    statuses = Counter(s.status for s in students)
    late = [s for s in students if s.late_penalty > 0]
    parts = [f"<h1>{html.escape(title or 'Class report')}</h1>",
             "<p class=\"numbers\">"
             f"<span><b>{len(students)}</b> students</span>"
             f"<span>mean <b>{sum(fractions) / len(fractions):.0f}%</b></span>"
             f"<span>median <b>{median:.0f}%</b></span>"
             f"<span><b>{statuses.get('ok', 0)}</b> graded normally</span>"
             f"<span><b>{len(students) - statuses.get('ok', 0)}</b> error/timeout/memory</span>"
             f"<span><b>{len(late)}</b> late</span></p>"]
    parts.append("<h2 id=\"scores\">Score distribution</h2>" + _plot("score distribution", plot_scores, students))
    extended = sorted((s for s in students if s.extension), key=lambda s: s.student)
    if extended:  # who had a deadline extension (grade --extensions, or Gradescope's per-student due date)
        parts.append(f"<h2 id=\"extensions\">Deadline extensions ({len(extended)})</h2>"
                     "<table><tr><th>student</th><th>extended to</th><th>late penalty</th></tr>" + "".join(
                         f"<tr><td>{html.escape(s.student)}</td><td>{html.escape(s.extension)}</td><td>{fmt_points(s.late_penalty)}</td></tr>"
                         for s in extended) + "</table>")
    if questions:
        parts.append("<h2 id=\"questions\">Questions</h2>" + _plot("per-question marks", plot_questions, students, questions))
    parts.append("<h2 id=\"mistakes\">What the class misunderstood</h2>")
    if mistakes:  # the named mistakes first; a symptom or a test's hint only for students with no named mistake
        order = ranked(mistakes)
        parts.append(_plot("diagnosed mistakes", plot_ranked, order, "Diagnosed mistakes (students)", "#c44e52"))
        parts.append("<table><tr><th>mistake</th><th>students</th><th>who</th></tr>" + "".join(
            f"<tr><td>{html.escape(m)}</td><td>{n}</td><td>{_names(mistakes[m])}</td></tr>" for m, n in order) + "</table>"
            + ("<p class=\"muted\">Rows starting with \"hint:\" repeat a test's hint to students whose failures named no "
               "known mistake; a student's other failing tests are counted under the mistake named first.</p>"
               if not all(is_named(m) for m in mistakes) else ""))
    else:
        parts.append("<p class=\"muted\">No failing test pointed to a known mistake.</p>")
    parts.append("<h2 id=\"failing\">Failing tests</h2>")
    if failing:
        counter = Counter({t: len(v) for t, v in failing.items()})
        parts.append(_plot("failing tests", plot_ranked, counter, "Failing tests (students)", "#dd8452"))
    else:
        parts.append("<p class=\"muted\">No test failed.</p>")
    parts.append("<h2 id=\"crashes\">Timeouts and crashes</h2>" + _plot("grading status", plot_status, students))
    broken = [s for s in students if s.status != "ok"]
    if broken:
        parts.append("<table><tr><th>student</th><th>status</th><th>first failure</th></tr>" + "".join(
            f"<tr><td>{html.escape(s.student)}</td><td>{html.escape(s.status)}</td><td>{html.escape(_first_failure(s))}</td></tr>"
            for s in sorted(broken, key=lambda s: (s.status, s.student))) + "</table>")
    parts.append(similar.section(similarity, report_path or Path(out_dir) / "report.html"))
    needing = attention(students)
    parts.append(f"<h2 id=\"attention\">Students who need attention ({len(needing)})</h2>")
    if needing:
        parts.append("<table><tr><th>student</th><th>score</th><th>why</th><th>diagnosed</th></tr>" + "".join(
            f"<tr><td>{html.escape(s.student)}</td><td>{fmt_points(s.score)} / {fmt_points(s.max_score)}</td><td>{html.escape('; '.join(r))}</td>"
            f"<td>{html.escape(', '.join(sorted(s.mistakes)))}</td></tr>" for s, r in needing) + "</table>")
    else:
        parts.append("<p class=\"muted\">Nobody: every student scored at least half, on time, without a crash.</p>")
    body = "\n".join(parts)
    return page(title or "Class report", body, style=STYLE, images=True)


def write_report(out_dir, *, out=None, title=None, similarity=None):
    """Write the report (default ``<out_dir>/report.html``); returns its path.

    ``similarity``: the ``--out`` folder of ``python -m autograder similarity`` (default: found beside the class).
    """
    path = Path(out) if out else Path(out_dir) / "report.html"
    text = render(out_dir, title=title, similarity=similar.find_folder(out_dir, similarity), report_path=path)
    return write_atomic(path, text)
