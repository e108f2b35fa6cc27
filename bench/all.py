"""Every benchmark, three times, as the README's tables: the median of the three runs of
each figure, with the 1-minute load average when each run began.

    python -m bench.all                  # everything, SQLite and PostgreSQL, 3 runs
    python -m bench.all --runs 1         # one run (a check that everything works)

Datasets already built in $BENCH_DIR are reused (BENCH_REUSE=1): the national one of
bench/dataset.py (lists, status pages, writes, reminders), the chain's and the figures'.
The first run builds what is missing (several minutes); later runs only measure. Each
script runs in its own process; its figures come back on one line (bench/common.emit).
The measurements are shortened (fewer sequential requests, 3 s of load instead of 10)
so that three runs of everything take minutes; the scripts run alone measure longer.
Markdown goes to stdout, ready to paste; every run's figures to $BENCH_DIR/all.json. A
median that neither of the other runs reproduces within 30 % reads † (bench/all._cell).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from importlib.util import find_spec

from bench.common import BENCH_DIR, FIGURES_MARK

SCRIPTS = [  # (module, arguments)
    ("bench.lists", ["sqlite", "postgresql"]),
    ("bench.status", ["sqlite", "postgresql"]),
    ("bench.writes", ["postgresql"]),
    ("bench.chain", ["sqlite", "postgresql"]),
    ("bench.figures", ["sqlite", "postgresql"]),
    ("bench.report", ["sqlite", "postgresql"]),  # once the draft report has its benchmark
    ("bench.reminders", ["sqlite", "postgresql"]),
]
SHORTER = {"BENCH_REUSE": "1", "BENCH_SEQUENTIAL": "40", "BENCH_LOAD_SECONDS": "3",
           "BENCH_ATTEMPTS": "1", "BENCH_QUIET_WAIT": "0"}


def machine_figures() -> list[list]:
    """How fast this machine is, so that tables of two machines can be set side by side:
    one core's Python on a fixed loop, and PostgreSQL on a fixed sum (each the best of 3).
    Two machines of the same kind (2 cores) gave the same pages in 15 and in 30 ms."""
    from sqlalchemy import create_engine, text

    from bench.common import PG_URL

    def best(work) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
        return min(times)
    figures = [["Machine", "Python: sum(range(10⁷)) on one core", "seconds",
                best(lambda: sum(range(10**7)))]]
    try:
        engine = create_engine(PG_URL)
        with engine.connect() as conn:
            figures.append(["Machine", "PostgreSQL: sum over generate_series(1, 3·10⁶)",
                            "seconds", best(lambda: conn.execute(text(
                                "SELECT sum(g) FROM generate_series(1, 3000000) g")))])
        engine.dispose()
    except Exception as error:  # no PostgreSQL: the Python figure alone
        print(f"  PostgreSQL's figure left out: {error}", file=sys.stderr, flush=True)
    return figures


def run_script(module: str, args: list[str]) -> tuple[list, float, str]:
    """Run one script; its figures, its wall time and its printed text."""
    started = time.perf_counter()
    # The script's progress and errors go straight to our stderr; its stdout is read.
    done = subprocess.run([sys.executable, "-m", module, *args], stdout=subprocess.PIPE,
                          text=True, env=dict(os.environ, **SHORTER))
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        print(f"  {module} failed (exit {done.returncode})", file=sys.stderr, flush=True)
    figures = [f for line in done.stdout.splitlines() if line.startswith(FIGURES_MARK)
               for f in json.loads(line[len(FIGURES_MARK):])]
    return figures, seconds, done.stdout


def _value(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f}".replace(",", " ")
    return f"{value:.1f}" if abs(value) >= 1 or value == 0 else f"{value:.2f}"


REPRODUCED = 0.30  # another run within 30 % of the median, or the median is not reported


def _cell(values: list[float]) -> str:
    """The median of the runs, or † when neither of the other runs reproduces it within
    30 % (with three or more runs): a figure one quiet run cannot repeat is not reported."""
    median = statistics.median(values)
    others = list(values)
    others.remove(min(values, key=lambda v: abs(v - median)))
    if len(values) >= 3 and not any(abs(v - median) <= REPRODUCED * abs(median)
                                    for v in others):
        return "†"
    return _value(median)


def tables(runs: list[dict]) -> str:
    """One markdown table per benchmark table: rows × columns, each cell the median of
    the runs (a cell missing from a run is left out of its median)."""
    cells: dict = {}
    for run in runs:
        for table, row, column, value in run["figures"]:
            cells.setdefault(table, {}).setdefault(row, {}).setdefault(column, []).append(value)
    loads = " / ".join(f"{run['load']:.2f}" for run in runs)
    out = [f"Median of {len(runs)} run(s); 1-minute load average when each run began: "
           f"{loads}."]
    for table, rows in cells.items():
        columns = list(dict.fromkeys(c for row in rows.values() for c in row))
        out.append(f"\n**{table}**\n")
        out.append("| | " + " | ".join(columns) + " |")
        out.append("|---|" + "---|" * len(columns))
        for row, values in rows.items():
            out.append(f"| {row} | " + " | ".join(
                _cell(values[c]) if c in values else "–" for c in columns) + " |")
    shown = [_cell(v) for rows in cells.values() for row in rows.values() for v in row.values()]
    out[0] += f" Not reproduced within 30 % (†): {shown.count('†')} of {len(shown)} figures.\n"
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", help="modules to run (default: all)")
    options = parser.parse_args()
    scripts = [(m, a) for m, a in SCRIPTS if find_spec(m) is not None
               and (not options.only or m in options.only)]
    runs, started = [], time.perf_counter()
    for n in range(options.runs):
        run = {"load": os.getloadavg()[0], "figures": machine_figures(), "seconds": {}}
        for module, args in scripts:
            print(f"run {n + 1}/{options.runs}: {module} (load {os.getloadavg()[0]:.2f})",
                  file=sys.stderr, flush=True)
            figures, seconds, _ = run_script(module, args)
            run["figures"] += figures
            run["seconds"][module] = seconds
        runs.append(run)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    (BENCH_DIR / "all.json").write_text(json.dumps(runs, indent=1))
    print(tables(runs))
    per_script = {m: statistics.median(r["seconds"][m] for r in runs) for m, _ in scripts}
    print("Wall time per script (median): " + ", ".join(
        f"{m.split('.')[-1]} {s:.0f} s" for m, s in per_script.items())
        + f"; all {options.runs} run(s): {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
