"""Shared by the benchmark scripts: fresh databases, the dataset, a child process per
measurement (so peak memory is that of the measured work)."""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

BENCH_DIR = Path(os.environ.get("BENCH_DIR", "/tmp/tracker-bench"))
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PG_URL = os.environ.get("BENCH_PG_URL",
                        "postgresql+psycopg://postgres@127.0.0.1:5432/tracker_bench")


KINDS = ("sqlite", "postgresql")


def database_url(kind: str) -> str:
    if kind not in KINDS:  # "--help" once built a dataset named after itself
        raise SystemExit(f"{kind!r}: the database is sqlite or postgresql "
                         "(python -m bench.<script> [sqlite] [postgresql]; see its docstring)")
    return f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}" if kind == "sqlite" else PG_URL


BENCH_SECRET_KEY = "bench-only-" + "0123456789abcdef" * 2  # a throwaway database's key


def app_for(url: str):
    from tracker import create_app
    from tracker.config import Config

    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = url
        INSTANCE_DIR = BENCH_DIR
        UPLOAD_DIR = BENCH_DIR / "uploads"
        SECRET_KEY = BENCH_SECRET_KEY
    return create_app(BenchConfig)


def ensure_dataset(kind: str, *, rebuild: bool = False) -> None:
    """Create, migrate and fill the benchmark database once; later runs reuse it."""
    url = database_url(kind)  # refuses an unknown kind before anything is built
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    marker = BENCH_DIR / f"{kind}.ready"
    if marker.exists() and not rebuild:
        _bring_up_to_date(kind)
        return
    if kind == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(str(BENCH_DIR / "bench.sqlite3") + suffix).unlink(missing_ok=True)
    else:
        name = make_url(PG_URL).database
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    app = app_for(url)
    with app.app_context():
        from flask_migrate import upgrade

        from bench.dataset import build
        from tracker.extensions import db
        upgrade()
        print(f"Building the {kind} dataset ...", flush=True)
        started = time.perf_counter()
        build()
        db.session.commit()
        _analyze(db)
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    marker.touch()


def _analyze(db) -> None:
    """Planner statistics; on PostgreSQL also the visibility map that index-only scans need
    (what autovacuum does a little later on a live database)."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if conn.dialect.name == "postgresql" else "ANALYZE"))


def run_child(module: str, *args: str) -> dict:
    """Run `python -m module args` and return the JSON it prints last."""
    out = subprocess.run([sys.executable, "-m", module, *args], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def peak_rss_mib() -> float:
    """Peak resident memory of this process. Read from VmHWM, which starts afresh at exec:
    getrusage's ru_maxrss survives exec on Linux, so a child started by a parent that had
    just built the dataset would report the parent's peak."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def _bring_up_to_date(kind: str) -> None:
    """A dataset built earlier: apply newer migrations (indexes) and fill the status
    histogram if it was built before the histogram existed."""
    app = app_for(database_url(kind))
    with app.app_context():
        from flask_migrate import upgrade

        from tracker.extensions import db
        from tracker.status.histogram import rebuild
        before = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        db.session.rollback()
        upgrade()
        changed = before != db.session.execute(
            text("SELECT version_num FROM alembic_version")).scalar()
        from bench.dataset import repair_activity, repair_search_keys
        if repair_search_keys(db.session.connection()):
            print(f"Rebuilt the {kind} search keys", flush=True)
            changed = True
        if repair_activity(db.session.connection()):
            print(f"Spread the {kind} assignments' latest activity over a year", flush=True)
            changed = True
        if db.session.execute(text("SELECT count(*) FROM status_counts")).scalar() == 0:
            print(f"Filling the {kind} status histogram ...", flush=True)
            print(f"  {rebuild(db.session):,} status counts", flush=True)
            changed = True
        db.session.commit()
        if changed:
            _analyze(db)


class SqlClock:
    """Time spent in the database driver by the statements of the measured requests (from
    the start of each statement to the end of its execute, on the app's engine): beside the
    wall time of a request it says how much of it is SQL, which a busy machine inflates
    less than the Python that builds statements and renders pages."""

    def __init__(self, engine):
        from sqlalchemy import event
        self.seconds, self.statements = 0.0, 0
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_started"] = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        self.seconds += time.perf_counter() - conn.info.pop("bench_started", time.perf_counter())
        self.statements += 1

    def reset(self) -> None:
        self.seconds, self.statements = 0.0, 0


FIGURES_MARK = "BENCH-FIGURES "


def emit(figures: list[tuple]) -> None:
    """Print a script's figures as one line that bench/all.py reads: (table, row, column,
    value) each; the runner prints the median of three runs of each."""
    print(FIGURES_MARK + json.dumps([list(f) for f in figures], default=float), flush=True)
