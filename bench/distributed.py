"""Throughput of grading through a local Dask cluster against --jobs 2, in one run on the same submissions (run by hand).

    .venv/bin/python bench/distributed.py [--count N] [--copies N] [--workers N]

The submissions are bench/run.py's (the sample class's STUDENTS, each graded --copies times under
other student ids). Measured, each batch with ``force`` (everything graded):

* ``jobs2``: ``grade_many(jobs=2)`` on this machine (bench/run.py's ``kit_batch``);
* ``cluster_first``: ``grade_many(scheduler=...)`` on a fresh ``LocalCluster`` of ``--workers``
  worker processes (one thread each): its workers import the tests and the reference and start
  their warm pools during this batch, as a new cluster's would;
* ``cluster_warm``: the same cluster again (what every later batch costs);
* ``cluster_start_s``: starting the LocalCluster itself.

Prints one JSON document on stdout (progress lines go to stderr). Not a test.
"""

import argparse
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# This file's name would hide the distributed package: bench/ leaves sys.path, bench/run.py is loaded by its path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
_spec = importlib.util.spec_from_file_location("bench_run", HERE / "run.py")
bench_run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_run)  # puts the kit on sys.path
SECRET, STUDENTS, kit_batch = bench_run.SECRET, bench_run.STUDENTS, bench_run.kit_batch

from autograder.grade import grade_many  # noqa: E402
from autograder.sample_class import write_sample_class  # noqa: E402
from autograder.sandbox import isolation_mode  # noqa: E402


def sample_paths(work, count, copies):
    """bench/run.py's submissions: the first ``count`` of STUDENTS, each ``copies`` times under other ids."""
    every = {p.stem: p for p in write_sample_class(work / "class")}
    originals = [every[s] for s in STUDENTS[:count]]
    paths = list(originals)
    for copy in range(2, copies + 1):
        for original in originals:
            paths.append(original.with_name(original.name.replace(original.stem, f"{original.stem}_copy{copy}", 1)))
            shutil.copyfile(original, paths[-1])
    return paths


def cluster_batch(paths, out, address):
    """Wall time, throughput and scores of one batch graded on the cluster at ``address``."""
    started = time.monotonic()
    results = grade_many(paths, out, secret=SECRET, force=True, progress=False, scheduler=address)
    wall = time.monotonic() - started
    return {
        "wall_s": round(wall, 3),
        "per_submission_s": round(wall / len(paths), 3),
        "throughput_per_min": round(60 * len(paths) / wall, 2),
        "scores": {r["extra_data"]["student"]: r["score"] for r in results},
        "isolation": sorted({r["extra_data"].get("isolation", "") for r in results}),
    }


def differing_tests(work, batches):
    """{student: {test: {batch: "status: output"}}} for every test whose status or message differs between the batches' results/."""
    first, found = batches[0], {}
    for path in sorted((work / first / "results").glob("*.json")):
        results = {b: json.loads((work / b / "results" / path.name).read_text()) for b in batches}
        failed = {b: r["output"] for b, r in results.items() if not r["tests"]}  # an error row: the grader failed
        if failed:
            found[path.stem] = {"grading failed": failed}
            continue
        tests = {b: {t["name"]: t for t in r["tests"]} for b, r in results.items()}
        for name, test in tests[first].items():
            if any((tests[b].get(name, {}).get("status"), tests[b].get(name, {}).get("output")) != (test["status"], test["output"])
                   for b in batches[1:]):
                found.setdefault(path.stem, {})[name] = {b: f"{tests[b][name]['status']}: {tests[b][name]['output'][:300]}"
                                                         for b in batches if name in tests[b]}
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=len(STUDENTS), help="submissions of bench/run.py's list (default all)")
    parser.add_argument("--copies", type=int, default=2, help="copies of each submission (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="Dask worker processes (default 2, one thread each)")
    args = parser.parse_args(argv)
    from distributed import LocalCluster

    work = Path(tempfile.mkdtemp(prefix="ag-bench-dask-"))
    try:
        paths = sample_paths(work, args.count, args.copies)
        report = {"machine": {"cpus": os.cpu_count(), "isolation": isolation_mode(), "load_average_at_start": os.getloadavg()},
                  "submissions": len(paths), "workers": args.workers}
        print(f"{len(paths)} submissions; --jobs 2 ...", file=sys.stderr, flush=True)
        jobs2 = kit_batch(paths, work / "jobs2", 2)
        report["jobs2"] = {k: jobs2[k] for k in ("wall_s", "per_submission_s", "throughput_per_min", "scores")}
        started = time.monotonic()
        with LocalCluster(n_workers=args.workers, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
            report["cluster_start_s"] = round(time.monotonic() - started, 3)
            print("cluster, first batch ...", file=sys.stderr, flush=True)
            report["cluster_first"] = cluster_batch(paths, work / "cluster1", cluster.scheduler_address)
            print("cluster, warm batch ...", file=sys.stderr, flush=True)
            report["cluster_warm"] = cluster_batch(paths, work / "cluster2", cluster.scheduler_address)
        report["same_scores"] = report["jobs2"]["scores"] == report["cluster_first"]["scores"] == report["cluster_warm"]["scores"]
        csvs = {key: (work / key / "grades.csv").read_text().splitlines() for key in ("jobs2", "cluster1", "cluster2")}
        report["same_grades_csv"] = csvs["jobs2"] == csvs["cluster1"] == csvs["cluster2"]
        report["grades_csv_rows_that_differ"] = {key: [row for row in rows if row not in csvs["jobs2"]] for key, rows in csvs.items()
                                                 if rows != csvs["jobs2"]}
        report["grades_csv_rows_that_differ"]["jobs2"] = sorted({row for rows in csvs.values() for row in csvs["jobs2"] if row not in rows})
        report["tests_that_differ"] = differing_tests(work, ("jobs2", "cluster1", "cluster2"))
        for key in ("jobs2", "cluster_first", "cluster_warm"):
            report[key].pop("scores")
        report["cluster_warm_over_jobs2_throughput"] = round(report["cluster_warm"]["throughput_per_min"] / report["jobs2"]["throughput_per_min"], 2)
        report["load_average_at_end"] = os.getloadavg()
        print(json.dumps(report, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
