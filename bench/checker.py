"""Benchmark of the student's check (run by hand, not a test): `python check.py` against `otter check`.

In a student folder made by ``python -m autograder release`` (the real bundle, unpacked) with the
reference as ``deepnn.py`` (a correct module: every test runs to its end), it times, per question
and as wall-clock seconds of a fresh process (what the student waits for):

* ``python check.py QID`` (the kit's checker: in-process, Otter's test files without its whole API);
* ``otter check deepnn.py -q QID`` (Otter's own command, on the same test files);

and once ``python check.py`` for all questions, and, in one process, each question's tests alone
(``Checker.run`` after the module is loaded: the time a question costs once Python, numpy and
matplotlib are up, as in the notebook's ``grader.check``). Both run with the kit's interpreter (it has the
student's pinned requirements), with the same environment. Prints JSON.

    .venv/bin/python bench/checker.py [--repeat N] [--questions q1_init,q3_cost]
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _timed(command, cwd, env):
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    return time.perf_counter() - started, done


def student_folder(tmp):
    """The released student bundle, unpacked, with the reference as deepnn.py."""
    out = Path(tmp) / "release"
    subprocess.run([sys.executable, "-m", "autograder", "release", "--out", str(out)], cwd=ROOT, check=True,
                   capture_output=True, timeout=300)
    with zipfile.ZipFile(out / "student.zip") as archive:
        archive.extractall(Path(tmp) / "unpacked")
    folder = next((Path(tmp) / "unpacked").iterdir())
    shutil.copy(ROOT / "solutions" / "deepnn.py", folder / "deepnn.py")
    return folder


IN_PROCESS = """
import json, os, time
os.environ.setdefault("MPLBACKEND", "Agg")
import check
checker = check.Checker()
started = time.perf_counter()
env, source, _ = checker.load()
times = {"load_s": round(time.perf_counter() - started, 3)}
for qid in checker.qids:
    started = time.perf_counter()
    result = checker.run(qid, env, source)
    times[qid] = round(time.perf_counter() - started, 3) if result.passed else None
print(json.dumps(times))
"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command (the median is reported)")
    parser.add_argument("--questions", default=None, help="comma-separated question ids (default: all)")
    args = parser.parse_args(argv)
    otter = Path(sys.executable).with_name("otter")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = student_folder(tmp)
        rules = json.loads((folder / "rules.json").read_text())
        qids = args.questions.split(",") if args.questions else [q["qid"] for q in rules["questions"]]
        rows = {}
        for qid in qids:
            kit, anchor = [], []
            for _ in range(args.repeat):
                seconds, done = _timed([sys.executable, "check.py", qid], folder, env)
                kit.append(seconds)
                kit_ok = done.returncode == 0
                seconds, done = _timed([str(otter), "check", "deepnn.py", "-q", qid], folder, env)
                anchor.append(seconds)
                otter_ok = done.returncode == 0 and "All tests passed" in done.stdout + done.stderr
                otter_noise = "Kernel is running over TCP" in done.stdout + done.stderr
            rows[qid] = {"check_py_s": round(statistics.median(kit), 3), "otter_check_s": round(statistics.median(anchor), 3),
                         "ratio": round(statistics.median(anchor) / statistics.median(kit), 1),
                         "check_py_passed": kit_ok, "otter_passed": otter_ok, "otter_tcp_warning": otter_noise}
        seconds, done = _timed([sys.executable, "check.py"], folder, env)
        _, inside = _timed([sys.executable, "-c", IN_PROCESS], folder, env)
        in_process = json.loads(inside.stdout.strip().splitlines()[-1])
    result = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "per_question": rows,
        "in_process_s": in_process,
        "all_questions_check_py_s": round(seconds, 3), "all_questions_exit": done.returncode,
        "sum_otter_check_s": round(sum(r["otter_check_s"] for r in rows.values()), 3),
        "max_check_py_s": max(r["check_py_s"] for r in rows.values()),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
