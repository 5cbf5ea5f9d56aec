"""``python -m autograder similarity``: copies are found through disguises, the starter is not counted,
the files are written (an offline, escaped page), progress is plain off a terminal, and a broken
submission is listed, never fatal. Also the shared progress display (autograder/progress.py).
"""

import ast
import csv
import html.parser
import io
import json
import os
import subprocess
import sys
import tokenize
import zipfile
from pathlib import Path

import numpy as np
import pytest

from autograder import COURSE_DIR, KIT_ROOT, SOLUTIONS_DIR
from autograder.progress import Progress, is_terminal
from autograder.similarity import FLAG_AT, main
from autograder.similarity.fingerprint import boilerplate_hashes, fingerprint, overlap, share_matrix
from autograder.similarity.outputs import write_outputs
from tests.autograder.questions.test_questions import STUDENT_STYLE  # the kit's differently written correct solution

STARTER = (COURSE_DIR / "deepnn.py").read_text(encoding="utf-8")
REFERENCE = (SOLUTIONS_DIR / "deepnn.py").read_text(encoding="utf-8")

#: A third correct solution, written differently again: while loops, tuple caches, `@`, dict dispatch,
#: a mean instead of dot products, dA[L] from the cost (not AL - Y).
THIRD_STYLE = '''
import numpy as np
import matplotlib.pyplot as plt
from nndata import grid_over


def _sig(x):
    x = np.clip(x, -500, 500)
    return 1.0 / (1.0 + np.exp(-x))


def initialize_parameters(layer_dims, method="random", scale=0.01, seed=1):
    known = {"random", "zeros", "xavier", "he"}
    if method not in known:
        raise ValueError(f"unknown method {method!r}; use one of {sorted(known)}")
    generator = np.random.RandomState(seed)
    out = {}
    i = 1
    while i < len(layer_dims):
        rows, cols = layer_dims[i], layer_dims[i - 1]
        if method == "zeros":
            weight, bias = np.zeros((rows, cols)), np.zeros((rows, 1))
        elif method == "random":
            weight = scale * generator.randn(rows, cols)
            bias = generator.randn(rows, 1)
        else:
            spread = np.sqrt((2.0 if method == "he" else 1.0) / cols)
            weight, bias = spread * generator.randn(rows, cols), np.zeros((rows, 1))
        out.update({"W" + str(i): weight, "b" + str(i): bias})
        i += 1
    return out


def activation_forward(Z, activation):
    table = {"tanh": np.tanh, "sigmoid": _sig, "relu": lambda z: np.maximum(z, 0)}
    if activation not in table:
        raise ValueError("activation must be tanh, sigmoid or relu")
    return table[activation](Z)


def activation_backward(dA, Z, activation):
    if activation == "relu":
        slope = (Z > 0).astype(float)
    elif activation == "tanh":
        slope = 1 - np.tanh(Z) ** 2
    else:
        slope = _sig(Z) * (1 - _sig(Z))
    return slope * dA


def linear_forward(A_prev, W, b):
    return W @ A_prev + b


def layer_forward(A_prev, W, b, activation):
    pre = linear_forward(A_prev, W, b)
    return activation_forward(pre, activation), (A_prev, W, b, pre)


def layer_backward(dA, cache, activation):
    inputs, weight, _, pre = cache
    count = inputs.shape[1]
    delta = activation_backward(dA, pre, activation)
    dW = (delta @ inputs.T) / count
    db = delta.sum(axis=1).reshape(-1, 1) / count
    return weight.T @ delta, dW, db


def model_forward(X, parameters, hidden_activation="tanh"):
    depth = sum(1 for key in parameters if key.startswith("W"))
    out, memory = X, []
    for layer in range(1, depth + 1):
        kind = hidden_activation if layer < depth else "sigmoid"
        out, saved = layer_forward(out, parameters["W" + str(layer)], parameters["b" + str(layer)], kind)
        memory.append(saved)
    return out, memory


def compute_cost(AL, Y):
    p = np.clip(AL, 1e-15, 1 - 1e-15)
    losses = Y * np.log(p) + (1 - Y) * np.log(1 - p)
    return float(-losses.mean())


def model_backward(AL, Y, caches, hidden_activation="tanh"):
    depth = len(caches)
    p = np.clip(AL, 1e-15, 1 - 1e-15)
    upstream = (p - Y) / (p * (1 - p))
    result = {}
    for layer in range(depth, 0, -1):
        kind = "sigmoid" if layer == depth else hidden_activation
        upstream, result["dW" + str(layer)], result["db" + str(layer)] = layer_backward(upstream, caches[layer - 1], kind)
    return result


def update_parameters(parameters, grads, learning_rate):
    return {name: value - learning_rate * grads["d" + name] for name, value in parameters.items()}


def train(X, Y, layer_dims, learning_rate=0.01, num_iterations=10000, init="random", init_scale=0.01, seed=1,
          hidden_activation="tanh", target_cost=None, record_every=100, parameters=None):
    current = parameters if parameters is not None else initialize_parameters(layer_dims, init, init_scale, seed)
    history = []
    step = 0
    while step < num_iterations:
        output, memory = model_forward(X, current, hidden_activation)
        loss = compute_cost(output, Y)
        reached = target_cost is not None and loss < target_cost
        if reached or step % record_every == 0:
            history.append(loss)
        if reached:
            break
        current = update_parameters(current, model_backward(output, Y, memory, hidden_activation), learning_rate)
        step += 1
    return current, history


def predict(X, parameters, hidden_activation="tanh", threshold=0.5):
    probabilities = model_forward(X, parameters, hidden_activation)[0]
    return np.where(probabilities > threshold, 1, 0)


def plot_costs(costs, record_every=100, ax=None):
    axes = ax if ax is not None else plt.subplots()[1]
    steps = np.arange(len(costs)) * record_every
    axes.plot(steps, costs)
    axes.set(xlabel="iteration", ylabel="cost", title="Cost during training")
    return axes


def fast_settings():
    return dict(learning_rate=0.2, init="xavier", init_scale=1.0)
'''

#: The names a copier renames (every one of them occurs in STUDENT_STYLE).
RENAMES = {"params": "net", "parameters": "weights", "grads": "gradient_dict", "caches": "memory", "cache": "mem",
           "dZ": "delta", "dA": "upstream", "AL": "y_hat", "m": "count", "L": "depth", "A": "act", "Z": "pre",
           "rng": "gen", "costs": "history", "cost": "loss", "l": "i", "n": "rows", "n_prev": "cols", "EPS": "TINY",
           "key": "name", "value": "val"}


def bodies_of(implementation):
    """({API function: its body without docstring}, [its other top-level statements, as source])."""
    tree, lines = ast.parse(implementation), implementation.splitlines()
    bodies, extra = {}, []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            body = node.body[1:] if ast.get_docstring(node, clean=False) is not None else node.body
            bodies[node.name] = "\n".join(lines[body[0].lineno - 1:body[-1].end_lineno])
        else:
            first = node.decorator_list[0].lineno if getattr(node, "decorator_list", None) else node.lineno
            extra.append("\n".join(lines[first - 1:node.end_lineno]))
    return bodies, extra


def filled_starter(implementation):
    """What a student hands in: the starter with its stubs replaced by ``implementation``'s bodies, its helpers appended."""
    bodies, extra = bodies_of(implementation)
    lines = STARTER.splitlines()
    for node in reversed(ast.parse(STARTER).body):
        if isinstance(node, ast.FunctionDef) and node.name in bodies:
            stub = node.body[-1]
            lines[stub.lineno - 1:stub.end_lineno] = bodies[node.name].splitlines()
    return "\n".join(lines) + "\n\n\n" + "\n\n\n".join(extra) + "\n"


def disguised(source, renames=RENAMES):
    """``source`` with names renamed, every comment rewritten, a new comment in every function, functions reversed."""
    tokens = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.NAME and tok.string in renames:
            tok = tok._replace(string=renames[tok.string])
        elif tok.type == tokenize.COMMENT:
            tok = tok._replace(string="# my own working, step by step")
        tokens.append(tok)
    renamed = tokenize.untokenize(tokens)
    tree, lines = ast.parse(renamed), renamed.splitlines()
    imports, rest = [], []
    for node in tree.body:
        first = node.decorator_list[0].lineno if getattr(node, "decorator_list", None) else node.lineno
        chunk = "\n".join(lines[first - 1:node.end_lineno])
        if isinstance(node, ast.FunctionDef):
            chunk = chunk.replace(":\n", ":\n    # this part was hard, I worked it out on paper\n", 1)
        (imports if isinstance(node, (ast.Import, ast.ImportFrom)) else rest).append(chunk)
    return "\n".join(imports) + "\n\n\n" + "\n\n\n".join(reversed(rest)) + "\n"


def scores(out):
    """{frozenset({a, b}): score} of DIR/similarity.csv."""
    with open(Path(out) / "similarity.csv", newline="", encoding="utf-8") as handle:
        return {frozenset((row["student_a"], row["student_b"])): float(row["score"]) for row in csv.DictReader(handle)}


def write_class(folder, sources):
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in sources.items():
        path = folder / f"{name}.py"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def solutions():
    """Three independently written correct solutions, each filled into the starter as a student would."""
    return {"ref": filled_starter(REFERENCE), "style": filled_starter(STUDENT_STYLE), "third": filled_starter(THIRD_STYLE)}


# --------------------------------------------------------------------------- what is counted


def test_a_disguised_copy_scores_above_every_pair_of_independent_solutions(tmp_path, solutions):
    copy = disguised(solutions["style"])
    names = {tok.string for tok in tokenize.generate_tokens(io.StringIO(copy).readline) if tok.type == tokenize.NAME}
    assert not names & set(RENAMES) and set(RENAMES.values()) <= names  # the disguise is real: every name renamed,
    assert copy.index("def circles_settings") < copy.index("def initialize_parameters")
    assert solutions["style"].index("def circles_settings") > solutions["style"].index("def initialize_parameters")
    assert "worked it out on paper" in copy and "# Student starter" not in copy  # comments rewritten; reordered:
    paths = write_class(tmp_path / "class", {**solutions, "copier": copy})
    assert write_outputs(paths, tmp_path / "out", top=5, flag_at=FLAG_AT, progress=False).flagged == 1
    found = scores(tmp_path / "out")
    independent = {pair: score for pair, score in found.items() if "copier" not in pair}
    assert len(independent) == 3
    copied = found[frozenset(("style", "copier"))]
    assert copied >= FLAG_AT and copied > max(independent.values())
    assert max(independent.values()) < FLAG_AT, independent
    assert found[frozenset(("ref", "copier"))] < FLAG_AT and found[frozenset(("third", "copier"))] < FLAG_AT


def test_shared_starter_code_is_not_counted(tmp_path, solutions):
    """Docstrings, signatures and constants of the starter are the same for everybody: they never make a pair similar."""
    bodies_a = filled_starter(REFERENCE)
    bodies_b = filled_starter(THIRD_STYLE)
    paths = write_class(tmp_path / "class", {"a": bodies_a, "b": bodies_b, "untouched": STARTER, "untouched2": STARTER})
    result = write_outputs(paths, tmp_path / "out", top=5, flag_at=FLAG_AT, progress=False)
    found = scores(tmp_path / "out")
    assert found[frozenset(("a", "b"))] < FLAG_AT and result.flagged == 0
    assert found[frozenset(("untouched", "untouched2"))] == 0  # the same 460 lines, all of them the starter's
    assert found[frozenset(("a", "untouched"))] == 0
    # the shared lines the csv names are code, never the starter's docstrings
    rows = list(csv.DictReader(open(tmp_path / "out" / "similarity.csv", encoding="utf-8")))
    row = next(r for r in rows if {r["student_a"], r["student_b"]} == {"a", "b"})
    text = {"a": bodies_a, "b": bodies_b}[row["student_a"]].splitlines()
    assert row["lines_a"]
    for part in row["lines_a"].split(";"):
        first, _, last = part.partition("-")
        for number in range(int(first), int(last or first) + 1):
            assert "Parameters" not in text[number - 1] and ">>>" not in text[number - 1]
    # without the starter as boilerplate, the same two would share much more
    plain = overlap(fingerprint(bodies_a), fingerprint(bodies_b)).score
    assert plain > found[frozenset(("a", "b"))] + 0.05


def test_the_shares_are_copydetects_and_the_same_in_every_process(solutions):
    from copydetect.detector import compare_files

    boilerplate = boilerplate_hashes(STARTER)
    a, b = fingerprint(solutions["ref"], boilerplate), fingerprint(solutions["style"], boilerplate)
    mine = overlap(a, b)
    _, shares, slices = compare_files(a, b)
    assert (mine.share_a, mine.share_b) == pytest.approx(shares)
    assert np.array_equal(np.sort(mine.slices_a), np.sort(slices[0])) and np.array_equal(np.sort(mine.slices_b), np.sort(slices[1]))
    every = [fingerprint(solutions[name], boilerplate) for name in ("ref", "style", "third")] + [fingerprint(STARTER, boilerplate)]
    matrix = share_matrix(every)
    for i, j in [(0, 1), (0, 2), (1, 2), (0, 3)]:
        _, shares, _ = compare_files(every[i], every[j])
        assert (matrix[i, j], matrix[j, i]) == pytest.approx(shares)
    assert matrix[0, 3] == matrix[3, 0] == 0 and matrix[0, 1] > 0.1  # the bare starter shares nothing; two solutions some idioms
    # Python's str hash is salted per process; the fingerprints are not
    script = ("import json, sys; from autograder.similarity.fingerprint import *; a, b = json.load(sys.stdin); "
              "bp = boilerplate_hashes(open(sys.argv[1]).read()); o = overlap(fingerprint(a, bp), fingerprint(b, bp)); "
              "print(repr((o.share_a, o.share_b, o.slices_a.tolist())))")
    outputs = set()
    for seed in ("1", "2"):
        run = subprocess.run([sys.executable, "-c", script, str(COURSE_DIR / "deepnn.py")], input=json.dumps([solutions["ref"], solutions["style"]]),
                             capture_output=True, text=True, cwd=KIT_ROOT, env={**os.environ, "PYTHONHASHSEED": seed}, check=True)
        outputs.add(run.stdout)
    assert len(outputs) == 1 and repr((mine.share_a, mine.share_b, mine.slices_a.tolist())) + "\n" in outputs


def test_notebooks_folders_and_zips_are_read_as_the_grader_reads_them(tmp_path, solutions):
    copy = disguised(solutions["style"])
    folder = tmp_path / "class"
    write_class(folder, {"ref": solutions["ref"], "style": solutions["style"]})
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "# my homework"}]
    cells += [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": part}
              for part in copy.split("\n\n\n")] + [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": "train(X, Y, [2, 1])"}]
    (folder / "nb.ipynb").write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    with zipfile.ZipFile(folder / "zipped.zip", "w") as archive:
        archive.writestr("work/deepnn.py", copy)
    (folder / "dir").mkdir()
    (folder / "dir" / "deepnn.py").write_text(solutions["third"], encoding="utf-8")
    paths = [folder / n for n in ("ref.py", "style.py", "nb.ipynb", "zipped.zip", "dir")]
    result = write_outputs(paths, tmp_path / "out", top=5, flag_at=FLAG_AT, progress=False)
    assert [s.student for s in result.students] == ["ref", "style", "nb", "zipped", "dir"] and not result.skipped
    found = scores(tmp_path / "out")
    assert found[frozenset(("style", "nb"))] >= FLAG_AT and found[frozenset(("style", "zipped"))] >= FLAG_AT
    assert found[frozenset(("nb", "zipped"))] >= FLAG_AT
    assert found[frozenset(("dir", "style"))] < FLAG_AT


def test_student_code_is_read_never_run(tmp_path, solutions):
    marker = tmp_path / "ran"
    hostile = solutions["style"] + f"\nopen({str(marker)!r}, 'w').write('x')\nimport os\nos._exit(3)\n"
    paths = write_class(tmp_path / "class", {"hostile": hostile, "ref": solutions["ref"]})
    result = write_outputs(paths, tmp_path / "out", top=5, flag_at=FLAG_AT, progress=False)
    assert len(result.students) == 2 and not marker.exists()


# --------------------------------------------------------------------------- the files


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attributes = set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.extend(attrs)


def test_csv_and_an_offline_escaped_page_are_written(tmp_path, solutions):
    attack = '    # </pre><script>alert("x")</script><img src="http://evil.example/a.png">\n'
    style = solutions["style"].replace('    m = cache["A_prev"].shape[1]\n', '    m = cache["A_prev"].shape[1]\n' + attack)
    assert attack in style
    paths = write_class(tmp_path / "class", {"ref": solutions["ref"], "style": style, "copier": disguised(style), "third": solutions["third"]})
    result = write_outputs(paths, tmp_path / "out", top=3, flag_at=FLAG_AT, progress=False)
    assert [p.name for p in result.written] == ["similarity.csv", "similarity.html"]
    assert sorted(os.listdir(tmp_path / "out")) == ["similarity.csv", "similarity.html"]  # nothing else: no grade touched
    rows = list(csv.DictReader(open(tmp_path / "out" / "similarity.csv", encoding="utf-8")))
    assert list(rows[0]) == ["student_a", "student_b", "score", "share_a", "share_b", "lines_a", "lines_b"]
    assert len(rows) == 6 and {rows[0]["student_a"], rows[0]["student_b"]} == {"style", "copier"}
    assert [float(r["score"]) for r in rows] == sorted((float(r["score"]) for r in rows), reverse=True)
    assert rows[0]["lines_a"] and rows[0]["lines_b"]
    page = (tmp_path / "out" / "similarity.html").read_text(encoding="utf-8")
    assert "&lt;/pre&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page  # shown, escaped
    assert "<script" not in page.lower() and "evil.example/a.png\">" not in page
    parser = _Tags()
    parser.feed(page)
    assert parser.tags <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "b", "code", "span",
                           "table", "tr", "th", "td", "a", "div", "pre", "mark", "ul", "li"}
    for name, value in parser.attributes:  # no URL anywhere: links stay on the page
        assert name not in ("src", "srcset", "action") and (name != "href" or value.startswith("#"))
    assert "http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'" in page
    assert "http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"" in page  # no img-src
    assert "url(" not in page and "@import" not in page
    assert "never changes a grade" in page
    assert page.count("<mark>") > 10 and "flagged" in page


def test_student_ids_are_escaped_on_the_page(tmp_path, solutions):
    paths = write_class(tmp_path / "class", {"<b>x": solutions["style"], "y": disguised(solutions["style"])})
    write_outputs(paths, tmp_path / "out", top=3, flag_at=FLAG_AT, progress=False)
    page = (tmp_path / "out" / "similarity.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;x" in page and "<b>x" not in page


# --------------------------------------------------------------------------- bad input


def test_a_broken_submission_is_listed_and_skipped_not_fatal(tmp_path, solutions, capsys):
    folder = tmp_path / "class"
    paths = write_class(folder, {"ref": solutions["ref"], "style": solutions["style"], "empty": ""})
    (folder / "badzip.zip").write_bytes(b"this is not a zip")
    (folder / "badnb.ipynb").write_text("{not json", encoding="utf-8")
    (folder / "nofile").mkdir()
    (folder / "nofile" / "notes.txt").write_text("hello", encoding="utf-8")
    (folder / "huge.py").write_text("x = 1\n" * 200_000, encoding="utf-8")
    paths += [folder / "badzip.zip", folder / "badnb.ipynb", folder / "nofile"] + [folder / "huge.py"]
    code = main(submissions=[str(p) for p in paths], out=str(tmp_path / "out"), quiet=True)
    assert code == 0
    skipped = {r["student"]: r["reason"] for r in csv.DictReader(open(tmp_path / "out" / "skipped.csv", encoding="utf-8"))}
    assert set(skipped) == {"empty", "badzip", "badnb", "nofile", "huge"}
    assert "not a valid zip file" in skipped["badzip"] and "cannot be read" in skipped["badnb"]
    assert "deepnn.py" in skipped["nofile"] and "no code" in skipped["empty"]
    assert "1,200,000 characters" in skipped["huge"] and "read it by hand" in skipped["huge"]
    assert all(reason.endswith(".") and "\n" not in reason for reason in skipped.values())
    assert set().union(*scores(tmp_path / "out")) == {"ref", "style"}
    err = capsys.readouterr().err
    assert "skipped badzip: badzip.zip is not a valid zip file" in err
    page = (tmp_path / "out" / "similarity.html").read_text(encoding="utf-8")
    assert "Not compared (5)" in page and "badnb" in page


def test_a_path_that_does_not_exist_is_a_usage_error_not_a_skip(tmp_path, solutions, capsys):
    paths = write_class(tmp_path / "class", {"ref": solutions["ref"], "style": solutions["style"]})
    out = tmp_path / "out"
    assert main(submissions=[*map(str, paths), str(tmp_path / "nope.py")], out=str(out), quiet=True) == 2
    err = capsys.readouterr().err
    assert err == (f"similarity: {tmp_path / 'nope.py'} does not exist: give one .py, notebook, folder or zip per student, "
                   "or a Canvas or Gradescope export\n")
    assert not out.exists()  # nothing written, nothing skipped


def test_one_submission_leaves_nothing_to_compare(tmp_path, solutions, capsys):
    paths = write_class(tmp_path / "class", {"ref": solutions["ref"], "empty": ""})
    out = tmp_path / "out"
    assert main(submissions=[str(paths[0])], out=str(out), quiet=True) == 2
    assert "there is nothing to compare: only one submission was given" in capsys.readouterr().err
    assert not (out / "similarity.html").exists()
    assert main(submissions=[str(p) for p in paths], out=str(out), quiet=True) == 1  # two given, one readable
    err = capsys.readouterr().err
    assert "skipped empty:" in err and "there is nothing to compare: only 1 of 2 submissions could be read" in err
    assert (out / "skipped.csv").exists()


def test_usage_mistakes_get_a_sentence(tmp_path, solutions, capsys):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.py").write_text(solutions["ref"], encoding="utf-8")
    (tmp_path / "b" / "x.py").write_text(solutions["style"], encoding="utf-8")
    assert main(submissions=[str(tmp_path / "a" / "x.py"), str(tmp_path / "b" / "x.py")], out=str(tmp_path / "out"), quiet=True) == 2
    assert "two submissions have the same student id 'x'" in capsys.readouterr().err
    assert main(submissions=[str(tmp_path / "a" / "x.py")], out=str(tmp_path / "a" / "x.py"), quiet=True) == 2
    assert "is a file: give a folder" in capsys.readouterr().err
    assert main(submissions=[str(tmp_path / "a" / "x.py")], out=str(tmp_path / "out"), flag_at=50, quiet=True) == 2
    assert "--flag-at must be a score between 0 and 1" in capsys.readouterr().err
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "y.py").write_text(solutions["style"], encoding="utf-8")
    assert main(submissions=[str(tmp_path / "a" / "x.py"), str(tmp_path / "c" / "y.py")], out=str(tmp_path / "out"),
                starter=str(tmp_path / "none.py"), quiet=True) == 2
    assert "cannot read the starter" in capsys.readouterr().err


# --------------------------------------------------------------------------- progress


def test_progress_is_plain_lines_when_not_a_terminal(tmp_path, solutions):
    paths = write_class(tmp_path / "class", {"ref": solutions["ref"], "style": solutions["style"], "third": solutions["third"]})
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    run = subprocess.run([sys.executable, "-m", "autograder", "similarity", *map(str, paths), "--out", str(tmp_path / "out")],
                         capture_output=True, text=True, cwd=KIT_ROOT, env=env, check=True)
    lines = run.stderr.splitlines()
    assert any(line.startswith("read 3/3 submissions in ") for line in lines)
    assert any(line.startswith("compared 3/3 pairs in ") for line in lines)
    assert "\r" not in run.stderr and "\x1b" not in run.stderr  # no bar, no terminal codes
    assert "compared 3 submissions (3 pairs), 0 flagged" in run.stdout and f"wrote {tmp_path / 'out' / 'similarity.html'}" in run.stdout


class FakeClock:
    """``time.monotonic`` for autograder.progress: moves only when told (tests check behaviour, not timings)."""

    def __init__(self, monkeypatch):
        self.now = 1000.0
        monkeypatch.setattr("autograder.progress.time.monotonic", lambda: self.now)


def test_plain_progress_writes_a_line_per_tenth_with_rate_and_time_left(monkeypatch):
    clock = FakeClock(monkeypatch)
    stream = io.StringIO()
    with Progress(300, "compared", "pairs", stream=stream, terminal=False) as bar:
        for _ in range(300):
            clock.now += 0.1  # 30 s in all: 3 s for the first tenth
            bar.advance()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 10
    assert lines[0] == "compared 30/300 pairs (10.0/s, about 27 s left)"
    assert lines[-1].startswith("compared 300/300 pairs in ")
    quiet = io.StringIO()
    with Progress(5, "read", stream=quiet, enabled=False) as bar:
        bar.advance(5)
    assert quiet.getvalue() == "" and bar.done == 5


def test_an_instant_job_writes_only_its_final_line(monkeypatch):
    clock = FakeClock(monkeypatch)  # a cached run: 19 submissions in no time at all
    stream = io.StringIO()
    with Progress(19, "graded", "submissions", stream=stream, terminal=False) as bar:
        for _ in range(19):
            bar.advance()
    assert stream.getvalue().splitlines() == ["graded 19/19 submissions in 0 s"]


def test_no_rate_or_time_left_until_it_means_something(monkeypatch):
    clock = FakeClock(monkeypatch)
    bar = Progress(19, "graded", "submissions", stream=io.StringIO(), terminal=False)
    bar.advance(2)  # two cached results at once
    clock.now += 0.004
    assert bar.rate() == 0 and bar.line() == "graded 2/19 submissions"
    clock.now += 2
    bar.advance(1)  # one item done, but only after 2 s: a rate now means something
    assert bar.line() == "graded 3/19 submissions (1.5/s, about 11 s left)"
    slow = io.StringIO()  # a slow job gets its tenths, the first with no rate yet (one step in 1.5 s)
    with Progress(10, "graded", "submissions", stream=slow, terminal=False) as bar:
        clock.now += 1.5
        bar.advance()
        clock.now += 1.5
        bar.advance()
    assert slow.getvalue().splitlines() == ["graded 1/10 submissions", "graded 2/10 submissions (0.7/s, about 12 s left)"]


def test_a_terminal_gets_a_bar_unless_ci(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert is_terminal(Tty()) and not is_terminal(io.StringIO())
    stream = Tty()
    with Progress(4, "compared", "pairs", stream=stream) as bar:
        assert bar.terminal
        bar.advance(4)
    shown = stream.getvalue()
    assert "4/4" in shown and "pairs" in shown and "compared 4/4 pairs in" not in shown  # a bar, not plain lines
    monkeypatch.setenv("CI", "true")
    assert not is_terminal(Tty())
    monkeypatch.delenv("CI")
    monkeypatch.setenv("TERM", "dumb")
    assert not is_terminal(Tty())
