"""Benchmark of ``python -m autograder similarity`` on a generated class (run by hand; prints JSON).

    taskset -c 0 .venv/bin/python bench/similarity.py [--students 300] [--copies 10] [--no-anchor]

Generates a class of ``--students`` varied submissions: each student takes each function
from one of the kit's three independently written correct solutions (tests/autograder/similarity/test_similarity.py)
at random, renames variables at random and puts its functions in a random order (so two
students share a third of their functions on average: far more alike than a real class); ``--copies`` of them are disguised copies of another student
(renamed, recommented, reordered). Then it times ``write_outputs`` (read, fingerprint,
compare every pair, write the csv and the page) and, as an anchor measured in the same run,
copydetect's own ``CopyDetector`` on the same files with the same starter as boilerplate
(it compares with a Python loop over the shared fingerprints and writes no files). Pin it
to one core with ``taskset -c 0`` to measure what one core does.
"""

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(KIT))
os.environ.setdefault("MPLBACKEND", "Agg")

from autograder.similarity import FLAG_AT  # noqa: E402
from autograder.similarity.fingerprint import GUARANTEE, NOISE  # noqa: E402
from autograder.similarity.compare import compare_class, read_class  # noqa: E402
from autograder.similarity.outputs import write_outputs  # noqa: E402
from tests.autograder.questions.test_questions import STUDENT_STYLE  # noqa: E402
from tests.autograder.similarity.test_similarity import REFERENCE, RENAMES, STARTER, THIRD_STYLE, bodies_of, disguised, filled_starter  # noqa: E402

NAMES = ["x", "y", "tmp", "val", "out", "res", "acc", "buf", "cur", "nxt", "arr", "mat", "vec", "pos", "idx"]


def student(rng, parts):
    """One student's deepnn.py: each function from one of the three solutions at random, names and order varied."""
    chosen = [rng.randrange(len(parts)) for _ in parts[0][0]]
    bodies = {name: parts[pick][0].get(name, parts[0][0][name]) for name, pick in zip(parts[0][0], chosen)}
    helpers = [chunk for pick in sorted(set(chosen)) for chunk in parts[pick][1]]
    source = "\n\n\n".join(["import numpy as np", *helpers] + [f"def {name}(*args, **kwargs):\n{body}" for name, body in bodies.items()])
    renames = {old: f"{rng.choice(NAMES)}_{n}" for n, old in enumerate(RENAMES) if rng.random() < 0.5}
    chunks = disguised(source, renames).split("\n\n\n")
    head, rest = chunks[0], chunks[1:]
    rng.shuffle(rest)
    return filled_starter("\n\n\n".join([head, *rest]))


def make_class(folder, count, copies, seed=13):
    """Write ``count`` submissions into ``folder`` (``copies`` of them disguised copies); returns (paths, copied pairs)."""
    rng = random.Random(seed)
    parts = [bodies_of(s) for s in (REFERENCE, STUDENT_STYLE, THIRD_STYLE)]
    folder.mkdir(parents=True, exist_ok=True)
    sources = [student(rng, parts) for _ in range(count - copies)]
    planted = []
    for n in range(copies):
        original = rng.randrange(len(sources))
        renames = {old: f"{rng.choice(NAMES)}{n}" for old in RENAMES}
        sources.append(disguised(sources[original], renames))
        planted.append((f"s{original:03d}", f"s{len(sources) - 1:03d}"))
    paths = []
    for n, source in enumerate(sources):
        path = folder / f"s{n:03d}.py"
        path.write_text(source, encoding="utf-8")
        paths.append(path)
    return paths, planted


def anchor(paths, starter_file):
    """(wall s, CPU s) copydetect's CopyDetector takes to fingerprint and compare the same files (no report)."""
    from copydetect import CopyDetector

    detector = CopyDetector(test_dirs=[], ref_dirs=[], boilerplate_dirs=[], extensions=["py"], noise_t=NOISE,
                            guarantee_t=GUARANTEE, silent=True, autoopen=False)
    for path in paths:
        detector.add_file(str(path))
    detector.add_file(str(starter_file), type="boilerplate")
    started, cpu = time.perf_counter(), time.process_time()
    detector.run()
    return time.perf_counter() - started, time.process_time() - cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--no-anchor", action="store_true", help="skip copydetect's own CopyDetector")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        paths, planted = make_class(tmp / "class", args.students, args.copies)
        started, cpu = time.perf_counter(), time.process_time()
        result = write_outputs(paths, tmp / "out", top=20, flag_at=FLAG_AT, progress=False)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        stage = time.process_time()
        students, _ = read_class(paths, progress=False)
        read_cpu, stage = time.process_time() - stage, time.process_time()
        compare_class(students, progress=False)
        compare_cpu = time.process_time() - stage
        rank = {frozenset((p.a.student, p.b.student)): n for n, p in enumerate(result.pairs)}
        copy_ranks = sorted(rank[frozenset(pair)] + 1 for pair in planted)
        starter_file = tmp / "starter.py"
        starter_file.write_text(STARTER, encoding="utf-8")
        anchor_s, anchor_cpu = (None, None) if args.no_anchor else anchor(paths, starter_file)
        report = {
            "students": args.students, "pairs": len(result.pairs), "cores": sorted(os.sched_getaffinity(0)),
            "similarity_wall_s": round(wall, 2), "similarity_cpu_s": round(cpu, 2),
            "pairs_per_s": round(len(result.pairs) / wall),
            "stage_cpu_s": {"read_and_fingerprint": round(read_cpu, 2), "compare_all_pairs": round(compare_cpu, 2),
                            "csv_and_page": round(cpu - read_cpu - compare_cpu, 2)},
            "copydetect_anchor_wall_s": None if anchor_s is None else round(anchor_s, 2),
            "copydetect_anchor_cpu_s": None if anchor_s is None else round(anchor_cpu, 2),
            "anchor_over_kit_wall": None if anchor_s is None else round(anchor_s / wall, 2),
            "anchor_over_kit_cpu": None if anchor_s is None else round(anchor_cpu / cpu, 2),
            "planted_copies": len(planted), "planted_copy_ranks": copy_ranks,
            "planted_copy_min_score": round(min(p.score for p in result.pairs if frozenset((p.a.student, p.b.student)) in map(frozenset, planted)), 3) if planted else None,
            "csv_mb": round((tmp / "out" / "similarity.csv").stat().st_size / 2**20, 2),
            "html_mb": round((tmp / "out" / "similarity.html").stat().st_size / 2**20, 2),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),  # the anchor's included
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
