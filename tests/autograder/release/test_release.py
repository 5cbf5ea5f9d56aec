"""The release: a student bundle with nothing private in it, and a Gradescope autograder.zip that
always answers, tested end to end in a temporary root standing in for /autograder."""

import ast
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import nbformat
import pytest

from tests.instructor_fixtures import validate_results_json

ROOT = Path(__file__).resolve().parents[3]
SECRET = "release-test-secret-5d1c0b7e9a"  # what the instructor would keep in AUTOGRADER_SECRET


def _release(out):
    env = dict(os.environ, AUTOGRADER_SECRET=SECRET)
    done = subprocess.run([sys.executable, "-m", "autograder", "release", "--out", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    out = tmp_path_factory.mktemp("release")
    done = _release(out)
    assert "autograder.zip" in done.stdout
    return out


def _bundle_texts(released):
    """Every file students get, from the folder and from the zip, as text."""
    texts = {}
    for path in sorted((released / "student").rglob("*")):
        if path.is_file():
            texts[f"student/{path.relative_to(released / 'student')}"] = path.read_bytes().decode("utf-8")
    with zipfile.ZipFile(released / "student.zip") as archive:
        for name in archive.namelist():
            texts[f"student.zip:{name}"] = archive.read(name).decode("utf-8")
    return texts


def _hidden_case_names():
    """{qid: names of its hidden test cases} from the private question files."""
    names = {}
    for path in sorted((ROOT / "autograder" / "questions").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef):
                for decorator in node.decorator_list:
                    if isinstance(decorator, ast.Call) and any(
                            k.arg == "hidden" and isinstance(k.value, ast.Constant) and k.value.value is True
                            for k in decorator.keywords):
                        names.setdefault(path.stem, set()).add(node.name)
    return names


def test_zips_are_byte_identical_when_released_again(released, tmp_path):
    _release(tmp_path)
    for name in ("student.zip", "autograder.zip"):
        assert (tmp_path / name).read_bytes() == (released / name).read_bytes(), f"{name} differs between two releases"
    with zipfile.ZipFile(released / "autograder.zip") as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == sorted(i.filename for i in infos)
        assert {i.date_time for i in infos} == {(2020, 1, 1, 0, 0, 0)}


def test_the_student_bundle_has_what_students_need(released):
    student = released / "student"
    names = {str(p.relative_to(student)) for p in student.rglob("*") if p.is_file()}
    assert {"deepnn.py", "homework.ipynb", "nndata.py", "gradecheck/__init__.py", "README.md", "package_submission.py",
            "requirements.txt", "check.py", "sourcecheck.py", "rules.json"} <= names
    assert any(n.startswith("tests/q1_init") for n in names)
    assert (student / "deepnn.py").read_bytes() == (ROOT / "course" / "deepnn.py").read_bytes()
    notebook = nbformat.read(student / "homework.ipynb", as_version=4)
    assert set(notebook.metadata) == {"kernelspec", "language_info"}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    readme = (student / "README.md").read_text()
    assert "package_submission.py" in readme and 'grader.check("q1_init")' in readme and "python check.py" in readme
    from autograder.rules import assignment_rules, render_markdown

    assert render_markdown(assignment_rules()) in readme  # the rules, as rendered from their sources
    assert "{" not in readme.replace("{value", "")  # every template field was filled
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = project["dependencies"] + project["optional-dependencies"]["student"]  # the notebook needs JupyterLab
    assert (student / "requirements.txt").read_text().split() == pinned and any(p.startswith("jupyterlab==") for p in pinned)
    with zipfile.ZipFile(released / "student.zip") as archive:
        assert all(n.startswith("deepnn_homework/") for n in archive.namelist())


def test_nothing_private_is_in_the_student_bundle(released):
    from autograder import leaks
    from autograder.secret import DEMO_SECRET

    texts = _bundle_texts(released)
    private = leaks.private_material(secrets=(SECRET, DEMO_SECRET))
    code = [line for line in (ROOT / "solutions" / "deepnn.py").read_text().splitlines() if not line.strip().startswith("#")]
    reference = " ".join(" ".join(code).split())  # comment lines dropped, as between a fragment's two lines
    about_reference = [f for f, what in private.fragments.items() if "reference" in what]
    assert len(about_reference) > 100 and all(f in reference for f in about_reference)  # the scan has something to look for
    assert sum("hidden test case" in what for what in private.fragments.values()) > 100
    files = {f"student/{name}": data for name, data in leaks.folder_files(released / "student").items()}
    files.update({f"student.zip:{name}": data for name, data in leaks.zip_files(released / "student.zip").items()})
    assert set(files) == set(texts)
    findings = leaks.scan(files, private)
    assert not findings, leaks.describe(findings)
    for name, text in texts.items():
        assert not re.search(r"test_case\([^)]*hidden\s*=\s*True", text), f"{name} contains a hidden test case"
        assert "solutions/" not in text and "_kit_reference" not in text, f"{name} points at the reference"
    hidden = _hidden_case_names()
    assert sum(map(len, hidden.values())) >= 10  # there are hidden cases to look for
    for qid, names in hidden.items():
        public = texts[f"student/tests/{qid}.py"]
        assert not [n for n in names if re.search(rf"\b{n}\b", public)], f"tests/{qid}.py has hidden cases"


def test_the_shipped_packaging_script_works_without_the_kit(released, tmp_path):
    work = tmp_path / "hw"
    shutil.copytree(released / "student", work)
    script = work / "package_submission.py"
    done = subprocess.run([sys.executable, str(script), str(work)], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": ""})
    assert done.returncode == 1 and "still raise NotImplementedError" in done.stdout
    assert "homework.ipynb: " in done.stdout and "never run" in done.stdout


def _zip_members(released):
    with zipfile.ZipFile(released / "autograder.zip") as archive:
        return {i.filename: i for i in archive.infolist()}, {n: archive.read(n) for n in archive.namelist()}


def test_the_autograder_zip_holds_the_engine_hidden_tests_reference_and_pinned_setup(released):
    infos, data = _zip_members(released)
    for name in ("setup.sh", "run_autograder"):
        assert stat.S_IMODE(infos[name].external_attr >> 16) == 0o755, f"{name} must be executable"
    assert "solutions/deepnn.py" in data and "autograder/grade/engine.py" in data and "autograder/sandbox/launcher.py" in data
    assert any(re.search(rb"hidden\s*=\s*True", v) for k, v in data.items() if k.startswith("autograder/questions/"))
    assert data["autograder/secret.txt"].decode().strip() == SECRET
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in data)
    pinned = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert data["requirements.txt"].decode().split() == pinned
    assert data["constraints.txt"] == (ROOT / "constraints.txt").read_bytes()
    setup = data["setup.sh"].decode()
    assert "bubblewrap" in setup and "-r requirements.txt -c constraints.txt" in setup


def test_setup_sh_installs_bubblewrap_then_the_pinned_requirements(released, tmp_path):
    """setup.sh run against stand-ins for apt-get and python3 that only record what they are asked."""
    _, data = _zip_members(released)
    source = tmp_path / "source"
    source.mkdir()
    (source / "setup.sh").write_bytes(data["setup.sh"])
    (source / "requirements.txt").write_bytes(data["requirements.txt"])
    (source / "constraints.txt").write_bytes(data["constraints.txt"])
    shims, log = tmp_path / "bin", tmp_path / "calls.log"
    shims.mkdir()
    fake = f"#!/bin/bash\necho \"$(basename $0) $*\" >> {log}\n"
    (shims / "apt-get").write_text(fake)
    (shims / "venv-python").write_text(fake)  # the environment's python: records the pip calls
    (shims / "python3").write_text(fake + (  # the system python: makes the venv, really checks its version
        f'if [ "$1 $2" = "-m venv" ]; then mkdir -p "$3/bin"; cp {shims / "venv-python"} "$3/bin/python"; fi\n'
        f'if [ "$1" = "-c" ]; then exec {sys.executable} -I "$@"; fi\n'))
    for shim in shims.iterdir():
        shim.chmod(0o755)
    env = {"PATH": f"{shims}:/usr/bin:/bin", "AUTOGRADER_VENV": str(tmp_path / "venv")}
    done = subprocess.run(["bash", str(source / "setup.sh")], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    calls = log.read_text().splitlines()
    assert done.returncode == 0, done.stderr + "\n".join(calls)
    assert calls[0] == "apt-get update -qq"
    assert calls[1].startswith("apt-get install") and "bubblewrap" in calls[1] and "python3-venv" in calls[1]
    assert any(c == f"python3 -m venv {tmp_path / 'venv'}" for c in calls)
    assert "python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt" in calls
    assert calls[-1].startswith("python -c import numpy")


# ---------------------------------------------------------------- end to end, in a stand-in for /autograder

HOSTILE = '''
import os, sys
# At import: forges Gradescope's answer, tries to read the reference, floods the output,
# then ends its process without a word (under Otter, os._exit(0) left no results at all).
for path in ("@RESULTS@", "/autograder/results/results.json"):
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "w").write('{"score": 1000, "tests": []}')
    except OSError:
        pass
try:
    STOLEN = open("@REFERENCE@").read()
except OSError:
    STOLEN = ""
print("x" * 1_000_000)
os._exit(0)
'''


@pytest.fixture(scope="module")
def gradescope(released, tmp_path_factory):
    """A function grading one submission through the unpacked autograder.zip; returns results.json."""
    base = tmp_path_factory.mktemp("gradescope")
    counter = [0]

    def run(files, *, created_at="2026-12-01T10:00:00+00:00", python=sys.executable, metadata=True):
        counter[0] += 1
        root = base / f"run{counter[0]}"
        (root / "source").mkdir(parents=True)
        with zipfile.ZipFile(released / "autograder.zip") as archive:
            archive.extractall(root / "source")
        for name in ("run_autograder", "setup.sh"):
            (root / "source" / name).chmod(0o755)
        (root / "submission").mkdir()
        for name, text in files.items():
            text = text.replace("@RESULTS@", str(root / "results" / "results.json"))
            (root / "submission" / name).write_text(text.replace("@REFERENCE@", str(root / "source" / "solutions" / "deepnn.py")))
        if metadata:
            (root / "submission_metadata.json").write_text(json.dumps({
                "id": 1000 + counter[0], "created_at": created_at,
                "assignment": {"due_date": "2026-12-11T23:59:00+00:00", "total_points": 100.0},
                "users": [{"email": f"s{counter[0]}@example.edu", "id": 500 + counter[0], "name": "Student"}],
                "previous_submissions": []}))
        env = dict(os.environ, AUTOGRADER_ROOT=str(root), AUTOGRADER_PYTHON=str(python))
        env.pop("AUTOGRADER_SECRET", None)  # Gradescope has only what the zip holds
        done = subprocess.run([str(root / "source" / "run_autograder")], cwd=root, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return validate_results_json(json.loads((root / "results" / "results.json").read_text())), done

    return run


def test_gradescope_grades_the_reference_to_full_marks_less_the_late_penalty(gradescope):
    """One run for two facts (grading is the slow part): every test passes, and lateness costs what the policy says."""
    from autograder.config import load
    from autograder.late import penalty

    submitted = "2026-12-13T12:00:00+00:00"
    results, _ = gradescope({"deepnn.py": (ROOT / "solutions" / "deepnn.py").read_text()}, created_at=submitted)
    tests = _autograded(results)
    failed = [t for t in tests if t["status"] != "passed"]
    assert tests and not failed, failed[:2]
    assert sum(t["score"] for t in tests) == pytest.approx(100)
    expected = penalty(submitted, max_score=100, policy=load().late)
    assert expected.points > 0
    assert results["score"] == pytest.approx(100 - expected.points)
    assert "Late submission" in results["output"]
    assert results["extra_data"]["student"].startswith("gradescope-")
    assert "demo secret" not in results["output"]  # the secret shipped in the zip was used
    from autograder import rules

    model = rules.assignment_rules()  # the rules, stated in the output, with the visibility the results use
    assert f"{rules.fmt(model.hidden_points)} from hidden tests" in results["output"]
    assert all(f"{q.qid}: {t.sentence}" in results["output"] for q in model.questions for t in q.thresholds)
    assert {t["visibility"] for t in tests if t["extra_data"]["hidden"]} == {rules.HIDDEN_VISIBILITY}
    written = [t for t in results["tests"] if t.get("extra_data", {}).get("written")]
    assert len(written) == 1 and "graded by hand after the deadline" in written[0]["name"] and "score" not in written[0]


def _autograded(results):
    """The results' test items without the written answers' item (which has no score: graded by hand)."""
    return [t for t in results["tests"] if not t.get("extra_data", {}).get("written")]


def test_gradescope_grades_the_starter_to_zero_with_not_implemented_messages(gradescope):
    results, _ = gradescope({"deepnn.py": (ROOT / "course" / "deepnn.py").read_text()}, created_at="2026-12-11T23:00:00-05:00")
    assert results["score"] == 0 and _autograded(results)
    assert all(t["status"] == "failed" for t in _autograded(results))
    assert "not implemented yet" in results["tests"][0]["output"]


def test_gradescope_survives_a_hostile_submission(gradescope):
    results, _ = gradescope({"deepnn.py": HOSTILE})
    assert results["score"] < 10, "a hostile submission must not score"
    assert results["score"] != 1000 and _autograded(results), "the forged results.json must not survive"
    assert all(t["status"] == "failed" for t in _autograded(results))
    assert "could not be graded" in results["output"]  # and the student is told why


def test_an_empty_submission_and_a_broken_python_still_give_results(gradescope, tmp_path):
    results, _ = gradescope({})
    assert results["score"] == 0 and "No files were submitted" in results["output"]
    broken = tmp_path / "python"
    broken.write_text("#!/bin/sh\nexit 3\n")
    broken.chmod(0o755)
    results, _ = gradescope({"deepnn.py": "x = 1\n"}, python=broken)
    assert results["score"] == 0 and "failed before it could grade" in results["output"]


def test_the_readme_s_local_check_runs_the_public_tests_in_the_bundle(released, tmp_path):
    """`otter check deepnn.py -q <question>` in the unpacked student folder, as the student README says."""
    otter = Path(sys.executable).with_name("otter")
    if not otter.exists():
        pytest.skip(f"{otter} is missing (otter-grader is a pinned dependency: run make venv)")
    work = tmp_path / "hw"
    with zipfile.ZipFile(released / "student.zip") as archive:
        archive.extractall(tmp_path)
    (tmp_path / "deepnn_homework").rename(work)
    shutil.copy(ROOT / "solutions" / "deepnn.py", work / "deepnn.py")
    done = subprocess.run([str(otter), "check", "deepnn.py", "-q", "q3_cost"], cwd=work, capture_output=True, text=True,
                          timeout=120, env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    assert "All tests passed!" in done.stdout + done.stderr, done.stdout[-2000:] + done.stderr[-2000:]


def test_the_bundle_says_what_is_graded_how_and_names_one_menu_entry(released):
    """README, notebook, checker and packager agree: the tests grade only deepnn.py, the written answers are graded by
    hand, hidden results show when published, and the run-all menu entry is JupyterLab 4's."""
    student = released / "student"
    readme = (student / "README.md").read_text()
    assert "Only this file is graded" not in readme and "Only `deepnn.py` is graded" not in readme
    assert "**The tests grade only this file.**" in readme and "read and graded by hand" in readme
    notebook = (student / "homework.ipynb").read_text(encoding="utf-8")
    assert "Only `deepnn.py` is graded" not in notebook and "graded by hand" in notebook
    texts = {"README.md": readme, "homework.ipynb": notebook,
             "package_submission.py": (student / "package_submission.py").read_text()}
    for name, text in texts.items():
        assert "Kernel > Restart Kernel and Run All Cells" in text, name
        assert "Restart & Run All" not in text and "→ Restart" not in text, name
    check_py = (student / "check.py").read_text()
    assert "run when you submit" not in check_py  # the README's word: hidden results come after publishing
    assert "--max-file-mb" not in texts["package_submission.py"]  # the grader's limit is not the student's to raise
