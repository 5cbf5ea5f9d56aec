"""Benchmark of the secure grader against the `otter run` anchor (not a test; `make bench`).

Measured in one run, on the same submissions (from the sample class) and the same test files:

* the kit: `grade_many` with --jobs 1 pinned to one core (the issue's "per submission on one
  core": wall time there is all the CPU the grading took, the warm pool's start-up included),
  with --jobs 1 and --jobs 2 on every core (a warm process: what a batch costs per submission),
  and one cold `python -m autograder grade` of one submission (a fresh process: what
  Gradescope's run_autograder pays, Otter's import included);
* the anchor: `otter run -a autograder.zip` per submission (built with `otter generate` from the
  same test files; the kit's nndata.py and gradecheck/ package go in a support folder, and each submission
  gets one line prepended that puts that folder on sys.path, since Otter refuses extra top-level
  .py files), pinned to one core like the kit's first run. Its hidden cases fail there (no
  `ref`/`seed`): only its time is compared.

The kit grades each submission --copies times under different student ids (default 2: a
class of 16), so that a batch's fixed costs (starting a warm pool per job) weigh as they
do in a class rather than in a handful.

Prints a table and writes bench/results/bench.json. Options: --count N (submissions), --copies N,
--otter-count N.
"""

import argparse
import contextlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(KIT))

from autograder import COURSE_DIR, QUESTIONS_DIR, public_helpers  # noqa: E402
from autograder.grade import grade_many  # noqa: E402
from autograder.grade.engine import load_tests, question_ids  # noqa: E402
from autograder.sample_class import write_sample_class  # noqa: E402
from autograder.reference import load_reference  # noqa: E402
from autograder.sandbox import isolation_mode  # noqa: E402
from autograder.sandbox import close_pools  # noqa: E402

STUDENTS = ["good_student", "dw_not_divided_by_m", "db_wrong_shape", "tanh_sigmoid_derivative", "params_in_place", "untouched_starter",
            "notebook_student", "zipped_student"]
SECRET = "bench-secret"
#: The core the "one core" measurements run on.
ONE_CORE = {min(os.sched_getaffinity(0))} if hasattr(os, "sched_getaffinity") else None


def cpu_seconds():
    """CPU time (user + system) of this process and of its reaped descendants (workers, pool processes, otter)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _sum_by_function(used, count):
    total = {}
    for u in used:
        for name, seconds in (u.get("by_function") or {}).items():
            total[name] = total.get(name, 0.0) + seconds
    return {k: round(v / count, 3) for k, v in sorted(total.items(), key=lambda kv: -kv[1])}


@contextlib.contextmanager
def pinned(cores):
    """Run the block (and every process it starts) on ``cores`` only (None: leave as is)."""
    if cores is None or not hasattr(os, "sched_setaffinity"):
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, cores)
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def kit_batch(paths, out, jobs, cores=None):
    close_pools()  # each batch pays for starting its own warm pool
    with pinned(cores):
        return _kit_batch(paths, out, jobs)


def _kit_batch(paths, out, jobs):
    started, cpu = time.monotonic(), cpu_seconds()
    results = grade_many(paths, out, jobs=jobs, secret=SECRET, force=True, progress=False)
    wall = time.monotonic() - started
    cpu = cpu_seconds() - cpu
    # Workers under bubblewrap are not in RUSAGE_CHILDREN (their sandbox's init is killed, not reaped): each
    # submission's results say what its grading process and its workers used.
    used = [r["extra_data"].get("cpu_s", {}) for r in results]
    grader_cpu = sum(u.get("grader", 0) for u in used)
    worker_cpu = sum(u.get("workers", 0) for u in used)
    return {
        "cpu_per_submission_s": round((grader_cpu + worker_cpu) / len(paths), 3),
        "grader_cpu_per_submission_s": round(grader_cpu / len(paths), 3),
        "worker_cpu_per_submission_s": round(worker_cpu / len(paths), 3),
        "worker_cpu_by_function_s": _sum_by_function(used, len(paths)),
        "cpu_by_submission_s": {r["extra_data"]["student"]: round(u.get("grader", 0) + u.get("workers", 0), 3) for r, u in zip(results, used)},
        "jobs": jobs,
        "wall_s": round(wall, 3),
        "per_submission_s": round(wall / len(paths), 3),
        "throughput_per_min": round(60 * len(paths) / wall, 2),
        "execution_time_s": {r["extra_data"]["student"]: r["execution_time"] for r in results},
        "scores": {r["extra_data"]["student"]: r["score"] for r in results},
        "peak_worker_rss_mb": round(max(r["extra_data"].get("peak_worker_rss_kb", 0) for r in results) / 1024, 1),
    }


def kit_cold(path, out):
    started, cpu = time.monotonic(), cpu_seconds()
    subprocess.run([sys.executable, "-m", "autograder", "grade", str(path), "--out", str(out), "--force"], cwd=KIT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, AUTOGRADER_SECRET=SECRET))
    wall, cpu = time.monotonic() - started, cpu_seconds() - cpu  # the grading process (reaped) ...
    result = json.loads((Path(out) / "results" / f"{path.name.split('.')[0]}.json").read_text())
    cpu += result["extra_data"].get("cpu_s", {}).get("workers", 0)  # ... and its workers (hidden from rusage by bwrap)
    return round(wall, 3), round(cpu, 3)


def otter_zip(work):
    tests = work / "tests"
    tests.mkdir(parents=True)
    for qid in question_ids():
        shutil.copyfile(QUESTIONS_DIR / f"{qid}.py", tests / f"{qid}.py")
    support = work / "support"
    support.mkdir()
    for name in public_helpers():  # paths relative to course/, a package's modules in its folder
        (support / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(COURSE_DIR / name, support / name)
    tops = sorted({name.split("/")[0] for name in public_helpers()})  # nndata.py and the gradecheck folder
    otter = Path(sys.executable).with_name("otter")
    subprocess.run([str(otter), "generate", "-t", "tests", "-o", "autograder.zip", *(f"support/{top}" for top in tops)],
                   cwd=work, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return work / "autograder.zip"


def otter_run(zip_path, submission, work):
    folder = work / f"otter-{submission.stem}"
    folder.mkdir()
    target = folder / f"{submission.stem}.py"
    target.write_text('import os, sys; sys.path.insert(0, os.path.abspath("support"))\n' + submission.read_text())
    otter = Path(sys.executable).with_name("otter")
    started, cpu = time.monotonic(), cpu_seconds()
    with pinned(ONE_CORE):
        done = subprocess.run([str(otter), "run", "-a", str(zip_path), "-o", str(folder), str(target)], cwd=folder,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)
    wall = time.monotonic() - started
    results = folder / "results.json"
    points = None
    if results.is_file():
        data = json.loads(results.read_text())
        points = sum(t.get("score", 0) or 0 for t in data.get("tests", []))
    return {"wall_s": round(wall, 3), "cpu_s": round(cpu_seconds() - cpu, 3), "exit": done.returncode, "public_points": points}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=len(STUDENTS), help="submissions to grade (default: all of the bench's list)")
    parser.add_argument("--copies", type=int, default=2, help="copies of each submission the kit grades (default 2)")
    parser.add_argument("--otter-count", type=int, default=3, help="submissions graded by otter run (default 3)")
    parser.add_argument("--out", default=str(KIT / "bench" / "results"), help="where bench.json goes")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="ag-bench-"))
    try:
        all_paths = {p.stem: p for p in write_sample_class(work / "class")}
        originals = [all_paths[s] for s in STUDENTS[: args.count]]
        paths = list(originals)
        for copy in range(2, args.copies + 1):
            for original in originals:
                name = original.name.replace(original.stem, f"{original.stem}_copy{copy}", 1)
                paths.append(original.with_name(name))
                shutil.copyfile(original, paths[-1])
        mode = isolation_mode()
        load_tests(QUESTIONS_DIR, question_ids())  # imports otter (about 1-4 s): once per batch, measured by the cold run
        load_reference()
        report = {
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_average_at_start": os.getloadavg(),
                        "isolation": mode},
            "submissions": [p.name for p in paths],
        }
        print(f"{len(paths)} submissions, {os.cpu_count()} CPUs, isolation {mode}, load average {os.getloadavg()[0]:.2f}", flush=True)
        report["kit_one_core"] = kit_batch(paths, work / "out0", 1, cores=ONE_CORE)
        print(f"kit --jobs 1 on one core: {report['kit_one_core']['per_submission_s']} s/submission", flush=True)
        report["kit_jobs1"] = kit_batch(paths, work / "out1", 1)
        print(f"kit --jobs 1: {report['kit_jobs1']['per_submission_s']} s/submission", flush=True)
        report["kit_jobs2"] = kit_batch(paths, work / "out2", 2)
        print(f"kit --jobs 2: {report['kit_jobs2']['per_submission_s']} s/submission", flush=True)
        report["kit_cold_single_s"], report["kit_cold_single_cpu_s"] = kit_cold(paths[0], work / "cold")
        print(f"kit cold single submission (fresh process): {report['kit_cold_single_s']} s", flush=True)
        zip_path = otter_zip(work / "otter")
        runs = {}
        for path in paths[: args.otter_count]:
            runs[path.stem] = otter_run(zip_path, path, work / "otter")
            print(f"otter run {path.stem}: {runs[path.stem]['wall_s']} s", flush=True)
        report["otter_run"] = runs
        otter_mean = statistics.mean(r["wall_s"] for r in runs.values()) if runs else None
        otter_cpu = statistics.mean(r["cpu_s"] for r in runs.values()) if runs else None
        report["load_average_at_end"] = os.getloadavg()
        j0, j1, j2 = report["kit_one_core"], report["kit_jobs1"], report["kit_jobs2"]
        if otter_mean:
            report["ratios"] = {
                "otter_over_kit_one_core": round(otter_mean / j0["per_submission_s"], 2),
                "otter_per_submission_s": round(otter_mean, 3),
                "otter_cpu_per_submission_s": round(otter_cpu, 3),
                "otter_cpu_over_kit_cpu_jobs1": round(otter_cpu / j1["cpu_per_submission_s"], 2),
                "otter_over_kit_jobs1": round(otter_mean / j1["per_submission_s"], 2),
                "otter_over_kit_jobs2": round(otter_mean / j2["per_submission_s"], 2),
                "otter_over_kit_cold_single": round(otter_mean / report["kit_cold_single_s"], 2),
                "jobs2_speedup": round(j1["wall_s"] / j2["wall_s"], 2),
            }
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "bench.json").write_text(json.dumps(report, indent=2) + "\n")
        print()
        print(f"{'':38}{'wall s/sub':>12}{'CPU s/sub':>11}{'subs/min':>10}")
        print(f"{'kit, --jobs 1, one core (warm batch)':38}{j0['per_submission_s']:>12}{j0['cpu_per_submission_s']:>11}{j0['throughput_per_min']:>10}")
        print(f"{'kit, --jobs 1 (warm batch)':38}{j1['per_submission_s']:>12}{j1['cpu_per_submission_s']:>11}{j1['throughput_per_min']:>10}")
        print(f"{'kit, --jobs 2 (warm batch)':38}{j2['per_submission_s']:>12}{j2['cpu_per_submission_s']:>11}{j2['throughput_per_min']:>10}")
        print(f"{'kit, one submission, fresh process':38}{report['kit_cold_single_s']:>12}{report['kit_cold_single_cpu_s']:>11}")
        if otter_mean:
            print(f"{'otter run, one core (anchor)':38}{round(otter_mean, 3):>12}{round(otter_cpu, 3):>11}{round(60 / otter_mean, 2):>10}")
            r = report["ratios"]
            print(f"\notter / kit per submission (wall): {r['otter_over_kit_one_core']}x (one core), {r['otter_over_kit_jobs1']}x (jobs 1), {r['otter_over_kit_jobs2']}x (jobs 2), "
                  f"{r['otter_over_kit_cold_single']}x (fresh process); CPU: {r['otter_cpu_over_kit_cpu_jobs1']}x; "
                  f"--jobs 2 speed-up {r['jobs2_speedup']}x")
        print(f"CPU per submission (jobs 1): grading process {j1['grader_cpu_per_submission_s']} s, workers {j1['worker_cpu_per_submission_s']} s; "
              "student functions: " + ", ".join(f"{k} {v}" for k, v in list(j1["worker_cpu_by_function_s"].items())[:5]))
        print(f"peak worker memory: {max(j1['peak_worker_rss_mb'], j2['peak_worker_rss_mb'])} MB; "
              f"load average {report['machine']['load_average_at_start'][0]:.2f} -> {report['load_average_at_end'][0]:.2f}")
        print(f"wrote {out / 'bench.json'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
