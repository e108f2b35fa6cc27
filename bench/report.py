"""Benchmark of the draft report on the national chain of bench/figures.py.

    python -m bench.report                 # SQLite and PostgreSQL, the national chain
    python -m bench.report sqlite          # one of them
    BENCH_SCALE=small python -m bench.report sqlite   # 3 provinces x (10 + 3): a quick check
    BENCH_REUSE=1 python -m bench.report   # measure again on the data built last time

The chain is bench/figures.py's own (its builder, not a copy): one central task to 34
provinces, each forwarded to its 100 communes and 30 departments (4,454 assignments), a
template of 10 indicators, in its own databases (/tmp/tracker-bench-report and
`tracker_bench_report`). Each measure runs in a child process, so that its peak memory
(ru_maxrss) is the request's and not the builder's: the central leader's draft report with
its full annex (.docx, then the .xlsx annex) and a province coordinator's. Each request
goes through the Flask application (a test client), 5 times after a warm-up; the median
is shown with the peak memory of the child and its memory before the first request.
Goals: the central report < 3 s and < 300 MiB, a province's < 0.5 s.
"""
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import figures as chain
from bench.common import BENCH_SECRET_KEY, emit

# bench/figures.py's app reads the key from the environment (a throwaway database's key).
os.environ.setdefault("SECRET_KEY", BENCH_SECRET_KEY)

BENCH_DIR = Path(os.environ.get("BENCH_DIR", "/tmp/tracker-bench-report"))
PG_URL = os.environ.get("BENCH_REPORT_PG_URL",
                        "postgresql+psycopg://postgres@127.0.0.1:5432/tracker_bench_report")
RUNS = 5
MEASURES = {  # name: (user, path, goal in seconds)
    "central .docx (34 provinces + full annex)": ("lanhdao@tw.bench", "/tasks/1/report", 3.0),
    "central .xlsx annex": ("lanhdao@tw.bench", "/tasks/1/report?format=xlsx", 3.0),
    "province .docx (130 bodies)": ("chuyenvien@tinh1.bench", "/assignments/1/report", 0.5),
    "province .xlsx annex": ("chuyenvien@tinh1.bench", "/assignments/1/report?format=xlsx",
                             0.5),
}


def _configure() -> None:
    """bench/figures.py's builder, pointed at this benchmark's databases and scale."""
    chain.BENCH_DIR, chain.PG_URL = BENCH_DIR, PG_URL
    if os.environ.get("BENCH_SCALE") == "small":
        chain.PROVINCES, chain.COMMUNES, chain.DEPARTMENTS = 3, 10, 3


def _mib(kib: int) -> float:
    return kib / 1024  # ru_maxrss is in KiB on Linux


def child(kind: str, name: str) -> None:
    """In the child process: one measure, printed as JSON on the last line."""
    _configure()
    user, path, _goal = MEASURES[name]
    app = chain.app_for(kind)
    client = chain._client(app, user)
    before = _mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    times, size = [], 0
    for run in range(RUNS + 1):
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, (path, response.status_code)
        size = len(response.data)
        if run:  # the first is the warm-up
            times.append(elapsed)
    print(json.dumps({"median": statistics.median(times), "max": max(times), "size": size,
                      "before": before,
                      "peak": _mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)}))


def measure(kind: str) -> None:
    _configure()
    info = chain.build(kind)
    print(f"\n{kind}: {info['assignments']:,} assignments, {info['values']:,} figure values")
    print("| | median | slowest | goal | peak memory (at start) | file | load |")
    print("|---|---|---|---|---|---|---|")
    for name, (_user, _path, goal) in MEASURES.items():
        load = os.getloadavg()[0]
        done = subprocess.run([sys.executable, "-m", "bench.report", "--child", kind, name],
                              capture_output=True, text=True, check=False,
                              env={**os.environ, "BENCH_REUSE": "1"})
        if done.returncode:
            print(done.stdout, done.stderr)
            raise SystemExit(f"{name}: the child process failed")
        r = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"| {name} | {r['median']:.2f} s | {r['max']:.2f} s | < {goal} s | "
              f"{r['peak']:.0f} MiB ({r['before']:.0f}) | {r['size'] / 1024:.0f} KiB | "
              f"{load:.1f} |")
        emit([(f"Draft report, {kind}", name, column, r[key]) for column, key in (
            ("median s", "median"), ("slowest s", "max"), ("peak MiB", "peak"))])


def main(args):
    if args[:1] == ["--child"]:
        return child(args[1], args[2])
    for kind in args or ["sqlite", "postgresql"]:
        measure(kind)


if __name__ == "__main__":
    main(sys.argv[1:])
