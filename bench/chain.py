"""Benchmark of the chain of one task at national scale (not a test).

One central task given to 34 provinces; each province forwards it to all its communes (98)
and 30 departments: 34 + 4,352 assignments, 3,332 communes. Built through the operations
(create, assign, forward), then the states spread by one UPDATE (done on time, late,
submitted, in progress, overdue). Measures, as the central coordinator, the chain page, the
task page (completion by kind of body) and a province's assignment page (its sub-tasks at a
glance) through the app in-process (Flask test client: routing, queries, template), and the
plain SQL that computes the chain page's figures. SQLite, then PostgreSQL:

    python -m bench.chain            # both
    python -m bench.chain sqlite     # one
    BENCH_REUSE=1 python -m bench.chain   # measure again on the chain built last time

Beside each page's times, the SQL inside the request (time in the driver) and the
statements per request: on a busy machine the share of SQL says more than the wall time.
"""
import os
import random
import re
import statistics
import sys
import time
from datetime import date, timedelta

from sqlalchemy import create_engine, make_url, text

from bench.common import BENCH_DIR, PG_ADMIN_URL, SqlClock, app_for, emit

PROVINCES, COMMUNES, DEPARTMENTS = 34, 98, 30
RUNS = 100
EMAIL, PASSWORD = "chuyenvien.trunguong@bench.vn", "benchmark-chuyen-vien-2026"
PG_URL = os.environ.get("BENCH_CHAIN_PG_URL",
                        "postgresql+psycopg://postgres@127.0.0.1:5432/tracker_bench_chain")


def url_for_kind(kind: str) -> str:
    return f"sqlite:///{BENCH_DIR / 'chain.sqlite3'}" if kind == "sqlite" else PG_URL


def fresh_database(kind: str) -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if kind == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (BENCH_DIR / f"chain.sqlite3{suffix}").unlink(missing_ok=True)
        return
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = make_url(PG_URL).database
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def build(today: date) -> dict:
    """The chain, through the operations; returns the ids the measurements need."""
    from argon2 import PasswordHasher

    import tracker.auth.passwords as passwords
    from tracker.auth.operations import create_user
    from tracker.bodies.operations import create_body
    from tracker.chain.operations import forward_assignment
    from tracker.chain.queries import assignment_for_forward
    from tracker.core.time import utcnow
    from tracker.directives.operations import create_directive
    from tracker.extensions import db
    from tracker.tasks.operations import assign_bodies, create_task

    now = utcnow()

    def body(name, kind, level, parent):
        return create_body({"name": name, "kind": kind, "level": level}, parent=parent,
                           actor=None, now=now)
    root = body("Ban Tuyên giáo và Dân vận Trung ương", "ban_dan_van", "trung_uong", None)
    central = create_user({"email": EMAIL, "full_name": "Chuyên viên Trung ương",
                           "role": "coordinator", "body": root, "password": PASSWORD},
                          actor=None, now=now)
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    strong, passwords._hasher = passwords._hasher, cheap  # 34 accounts nobody signs in to
    provinces, coordinators, below = [], {}, {}
    for p in range(PROVINCES):
        province = body(f"Tỉnh số {p + 1}", "dia_phuong", "tinh", root)
        provinces.append(province)
        coordinators[province.id] = create_user({
            "email": f"chuyenvien.tinh{p + 1}@bench.vn", "full_name": f"Chuyên viên tỉnh {p + 1}",
            "role": "coordinator", "body": province, "password": PASSWORD}, actor=None, now=now)
        below[province.id] = [body(f"Đảng ủy xã số {c + 1} tỉnh {p + 1}", "cap_uy", "xa",
                                   province) for c in range(COMMUNES)] + \
                             [body(f"Sở số {d + 1} tỉnh {p + 1}", "so_nganh", "tinh", province)
                              for d in range(DEPARTMENTS)]
    passwords._hasher = strong
    directive = create_directive({"number": "99-KH/BTGDVTW", "kind": "ke_hoach",
                                  "issuer": "Ban Tuyên giáo và Dân vận Trung ương",
                                  "issued_on": today - timedelta(days=120),
                                  "title": "Kế hoạch sơ kết", "parent": None},
                                 actor=central, now=now)
    top = create_task(directive, {"kind": "so_ket", "review_years": 5, "due_on": today +
                                  timedelta(days=20), "title": "Sơ kết 05 năm (benchmark)"},
                      actor=central, now=now)
    given = assign_bodies(top, provinces, lead=None, due_on=None, actor=central, now=now)
    db.session.flush()
    for assignment in given:
        forward_assignment(assignment_for_forward(central, assignment.id), {
            "title": "Sơ kết 05 năm (cấp xã)", "description": "",
            "due_on": today + timedelta(days=random.Random(assignment.id).choice((-10, 5))),
            "bodies": below[assignment.body_id], "lead": None},
            actor=coordinators[assignment.body_id], now=now)
    db.session.commit()
    # States spread in one statement per kind (done on time, late, submitted, started).
    conn = db.session.connection()
    conn.execute(text("UPDATE assignments SET status = 'done', progress = 100, "
                      "submitted_on = due_on - 1, completed_on = due_on - 1 WHERE id % 5 = 0")
                 if conn.dialect.name == "postgresql" else
                 text("UPDATE assignments SET status = 'done', progress = 100, "
                      "submitted_on = date(due_on, '-1 day'), completed_on = date(due_on, "
                      "'-1 day') WHERE id % 5 = 0"))
    conn.execute(text("UPDATE assignments SET status = 'done', progress = 100, "
                      "submitted_on = :late, completed_on = :late WHERE id % 5 = 1"),
                 {"late": today + timedelta(days=30)})
    conn.execute(text("UPDATE assignments SET status = 'submitted', submitted_on = :d "
                      "WHERE id % 5 = 2"), {"d": today})
    conn.execute(text("UPDATE assignments SET status = 'in_progress', progress = 50 "
                      "WHERE id % 5 = 3"))
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as analyze:
        analyze.execute(text("VACUUM ANALYZE" if analyze.dialect.name == "postgresql"
                             else "ANALYZE"))
    return {"top": top.id, "province_assignment": given[0].id,
            "assignments": db.session.scalar(text("SELECT count(*) FROM assignments"))}


def plain_sql(today: date, top: int) -> list[str]:
    """What the chain page computes, as plain SQL: the levels by kind of body, the rows of
    the top task's assignments, their sub-assignments by state."""
    due = "coalesce(a.extended_due_on, a.due_on)"
    state = (f"CASE WHEN a.status = 'done' THEN CASE WHEN a.completed_on <= {due} THEN 'on' "
             f"ELSE 'late' END WHEN {due} < '{today}' THEN 'overdue' WHEN a.status = "
             f"'not_started' THEN 'ns' ELSE 'ip' END")
    return [
        f"SELECT t.chain_depth, b.kind, b.level, count(*), sum(CASE WHEN a.status IN "
        f"('submitted', 'done') THEN 1 ELSE 0 END), sum(CASE WHEN a.status = 'done' THEN 1 "
        f"ELSE 0 END), sum(CASE WHEN a.status != 'done' AND {due} < '{today}' THEN 1 ELSE 0 "
        f"END) FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN bodies b ON b.id = "
        f"a.body_id WHERE t.id = {top} OR t.root_task_id = {top} "
        f"GROUP BY t.chain_depth, b.kind, b.level",
        f"SELECT a.*, b.* FROM assignments a JOIN bodies b ON b.id = a.body_id "
        f"WHERE a.task_id = {top} ORDER BY b.path",
        f"SELECT t.parent_assignment_id, {state}, count(*) FROM assignments a JOIN tasks t "
        f"ON t.id = a.task_id WHERE t.root_task_id = {top} AND t.chain_depth = 1 "
        f"GROUP BY t.parent_assignment_id, {state}",
    ]


def median_sql(url: str, statements: list[str]) -> float:
    engine = create_engine(url)
    times = []
    with engine.connect() as conn:
        for _ in range(3):
            for s in statements:
                conn.execute(text(s)).all()
        for _ in range(RUNS):
            started = time.perf_counter()
            for s in statements:
                conn.execute(text(s)).all()
            times.append((time.perf_counter() - started) * 1000)
    engine.dispose()
    return statistics.median(times)


def measure(client, path: str, clock) -> tuple[float, float, float, float]:
    """Median and p95 of the page, its SQL per request (ms) and statements per request."""
    for _ in range(5):
        assert client.get(path).status_code == 200, path
    times = []
    clock.reset()
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return (statistics.median(times), statistics.quantiles(times, n=20, method="inclusive")[-1],
            clock.seconds * 1000 / RUNS, clock.statements / RUNS)


def _database_exists(kind: str) -> bool:
    """The chain's database is there (bench/all.py asks to reuse it on a first run too)."""
    if kind == "sqlite":
        return (BENCH_DIR / "chain.sqlite3").exists()
    admin = create_engine(PG_ADMIN_URL)
    with admin.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                             {"n": make_url(PG_URL).database}).scalar()
    admin.dispose()
    return found is not None


def reuse(today: date) -> dict | None:
    """BENCH_REUSE=1: the ids of the chain built last time, if its database is there."""
    from tracker.extensions import db
    top = db.session.scalar(text("SELECT id FROM tasks WHERE title = 'Sơ kết 05 năm "
                                 "(benchmark)' AND root_task_id IS NULL"))
    if top is None:
        return None
    return {"top": top, "province_assignment": db.session.scalar(
                text("SELECT min(id) FROM assignments WHERE task_id = :t"), {"t": top}),
            "assignments": db.session.scalar(text("SELECT count(*) FROM assignments"))}


def run(kind: str) -> dict:
    from tracker.core.time import vn_today
    url = url_for_kind(kind)
    again = os.environ.get("BENCH_REUSE") == "1"  # measure again on the chain built last time
    if not again or not _database_exists(kind):
        fresh_database(kind)
    app = app_for(url)
    with app.app_context():
        from flask_migrate import upgrade
        upgrade()
        today = vn_today()
        started = time.perf_counter()
        ids = (reuse(today) if again else None) or build(today)
        built = time.perf_counter() - started
        from tracker.extensions import db
        clock = SqlClock(db.engine)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    assert client.post("/login", data={"email": EMAIL, "password": PASSWORD,
                                       "csrf_token": token}).status_code == 302
    result = {"kind": kind, "assignments": ids["assignments"], "built_s": round(built),
              "load_before": os.getloadavg()[0], "pages": {}}
    for label, path in (("chain page", f"/tasks/{ids['top']}/chain"),
                        ("task page", f"/tasks/{ids['top']}"),
                        ("province's assignment page",
                         f"/assignments/{ids['province_assignment']}")):
        result["pages"][label] = measure(client, path, clock)
    result["sql"] = median_sql(url, plain_sql(today, ids["top"]))
    result["load_after"] = os.getloadavg()[0]
    return result


def show(r: dict) -> None:
    print(f"\n{r['kind']}: {r['assignments']:,} assignments (built in {r['built_s']} s), "
          f"load average {r['load_before']:.1f} → {r['load_after']:.1f}")
    print("| page | median | p95 | SQL in the request | statements |")
    print("|---|---|---|---|---|")
    for label, (median, p95, sql, statements) in r["pages"].items():
        print(f"| {label} | {median:.1f} ms | {p95:.1f} ms | {sql:.1f} ms | {statements:.0f} |")
    chain_p95 = r["pages"]["chain page"][1]
    print(f"plain SQL of the chain page: {r['sql']:.1f} ms (median); chain page p95 / "
          f"(SQL × 1.5 + 15 ms) = {chain_p95 / (r['sql'] * 1.5 + 15):.2f}")
    table = f"Chain, {r['kind']}, central coordinator"
    emit([(table, label, column, value) for label, (median, p95, *_) in r["pages"].items()
          for column, value in (("median ms", median), ("p95 ms", p95))]
         + [(table, "chain page", "plain SQL ms", r["sql"]),
            (table, "chain page", "p95 / (1.5 × SQL + 15 ms)",
             chain_p95 / (r["sql"] * 1.5 + 15))])


def main(kinds: list[str]) -> None:
    for kind in kinds or ["sqlite", "postgresql"]:
        show(run(kind))


if __name__ == "__main__":
    main(sys.argv[1:])
