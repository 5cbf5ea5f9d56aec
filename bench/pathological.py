"""Benchmark of a pathological class (not a test; run by hand: ``.venv/bin/python bench/pathological.py``).

Grades, through the real CLI (``python -m autograder grade ... --jobs 1``, one grading process
and its warm pool, as a class is graded), a class of hostile submissions, each defining every
API function as its attack:

* ``infinite_loop``: every function loops forever (the time limits, and whatever budget or
  circuit breaker the engine has, bound it);
* ``huge_reply``: every function writes a 64 MB reply of nested empty lists on the worker's pipe;
* ``tmpfs_filler``: every function writes 4 MB files into /tmp and /dev/shm until they are full;
* ``fork_bomb``: every function forks until it cannot, the children sleeping;
* ``memory_hog``: every function allocates 64 MB blocks until it fails;

and, for scale, the sample class's ``good_student``. Prints JSON: per submission its wall time
(``execution_time`` of its results), score and status; the grading process's peak RSS (VmHWM,
polled every 50 ms) and the peak growth of the host's shared memory (``Shmem`` of /proc/meminfo).
Options: --jobs N, --timeout S (per case), --out FILE (also write the JSON there).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import KIT, SECRET  # noqa: E402  (bench/run.py: the kit's root on sys.path, the bench secret)

from autograder.sample_class import mutant_sources  # noqa: E402
from autograder.reference import api_names  # noqa: E402

ATTACKS = {
    "infinite_loop": "def _attack():\n    while True:\n        pass\n",
    "huge_reply": '''
import fcntl, os, stat, struct, time

def _attack():
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        try:
            if stat.S_ISFIFO(os.fstat(fd).st_mode) and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY:
                body = b"[" + b"[]," * (64 * 2**20 // 3) + b"[]]"
                data = memoryview(struct.pack(">I", len(body)) + body)
                while data:
                    data = data[os.write(fd, data):]
        except OSError:
            pass
    time.sleep(60)
''',
    "tmpfs_filler": '''
import os

def _attack():
    block = b"x" * (4 << 20)
    for folder in ("/tmp", "/dev/shm"):
        for i in range(1500):
            try:
                with open(os.path.join(folder, f"fill-{i}"), "wb") as handle:
                    handle.write(block)
            except OSError:
                break
''',
    "fork_bomb": '''
import os, time

def _attack():
    while True:
        try:
            pid = os.fork()
        except OSError:
            return None
        if pid == 0:
            time.sleep(300)
            os._exit(0)
''',
    "memory_hog": '''
def _attack():
    blocks = []
    while True:
        blocks.append(bytearray(64 << 20))
''',
}


def attack_source(setup):
    return setup + "".join(f"\n\ndef {name}(*args, **kwargs):\n    return _attack()\n" for name in api_names())


def _status_value(pid, field):
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _host_shmem_mb():
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("Shmem:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _graders(pid):
    """The grading process and its --jobs processes (python children without a worker's token)."""
    found = [pid]
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                ppid = int(handle.read().rsplit(b")", 1)[1].split()[1])
            with open(f"/proc/{name}/environ", "rb") as handle:
                worker = b"AG_WORKER_TOKEN=" in handle.read()
            if ppid == pid and not worker:
                found.append(int(name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def run(jobs=1, timeout=None):
    work = Path(tempfile.mkdtemp(prefix="ag-pathological-"))
    paths = []
    for name, setup in ATTACKS.items():
        paths.append(work / f"{name}.py")
        paths[-1].write_text(attack_source(setup))
    paths.append(work / "good_student.py")
    paths[-1].write_text(mutant_sources()["good_student"])
    out = work / "out"
    cmd = [sys.executable, "-m", "autograder", "grade", *map(str, paths), "--out", str(out), "--jobs", str(jobs), "--force"]
    if timeout:
        cmd += ["--timeout", str(timeout)]
    shmem_before = _host_shmem_mb()
    peak = {"rss_mb": 0.0, "shmem_mb": 0.0}
    started = time.monotonic()
    grader = subprocess.Popen(cmd, cwd=KIT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              env=dict(os.environ, AUTOGRADER_SECRET=SECRET))

    def watch():
        while grader.poll() is None:
            for pid in _graders(grader.pid):
                peak["rss_mb"] = max(peak["rss_mb"], _status_value(pid, "VmHWM"))
            peak["shmem_mb"] = max(peak["shmem_mb"], _host_shmem_mb() - shmem_before)
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    _, err = grader.communicate()
    watcher.join()
    report = {"jobs": jobs, "returncode": grader.returncode, "total_wall_s": round(time.monotonic() - started, 1),
              "grader_peak_rss_mb": round(peak["rss_mb"], 1), "host_shmem_growth_peak_mb": round(peak["shmem_mb"], 1),
              "submissions": {}}
    for path in paths:
        sid = path.stem
        try:
            result = json.loads((out / "results" / f"{sid}.json").read_text())
        except (OSError, ValueError):
            report["submissions"][sid] = {"row": False}
            continue
        extra = result.get("extra_data", {})
        report["submissions"][sid] = {"wall_s": result.get("execution_time"), "score": result.get("score"),
                                      "status": extra.get("status"), "peak_worker_rss_kb": extra.get("peak_worker_rss_kb")}
    if grader.returncode:
        report["stderr"] = err[-2000:]
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=None, help="seconds per test case (default: the kit's)")
    parser.add_argument("--out", type=Path, default=None, help="also write the JSON to this file")
    args = parser.parse_args(argv)
    report = run(args.jobs, args.timeout)
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
