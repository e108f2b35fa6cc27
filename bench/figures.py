"""Benchmark of the figure roll-up and the figure form on a national chain.

    python -m bench.figures               # SQLite and PostgreSQL
    python -m bench.figures sqlite        # one of them

One central task to 34 provinces; each province forwarded it (a sub-task) to its 100
communes and 30 departments: 4,454 assignments. A template of 10 indicators (two of 8
breakdown cells, one of 3, a text); figures for most bodies, the provinces' adopted. Requests
go through the Flask application in this process (a test client, no HTTP server): median
and p95 of 100 sequential requests after a warm-up, beside the median of the plain SQL that
computes the same sums (or writes the same cells), and the SQL inside the measured
requests (time in the driver; for saving, with the version read before each POST). The
load average of the machine is printed with each figure: this is a shared machine.
"""
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

from sqlalchemy import insert, make_url, text

BENCH_DIR = Path(os.environ.get("BENCH_DIR", "/tmp/tracker-bench-figures"))
PG_URL = os.environ.get("BENCH_FIGURES_PG_URL",
                        "postgresql+psycopg://postgres@127.0.0.1:5432/tracker_chainfig_bench")
PROVINCES, COMMUNES, DEPARTMENTS = 34, 100, 30
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)
PASSWORD = "benchmark-bieu-mau-2026"
RUNS, WARMUP = 100, 10
FIELDS = [{"code": c, "name": c} for c in ("kt", "vhxh", "qpan", "htct")]
HOLDERS = [{"code": "tt", "name": "Tập thể"}, {"code": "cn", "name": "Cá nhân"}]
LEVELS = [{"code": c, "name": c} for c in ("tinh", "huyen", "xa")]
INDICATORS = [
    {"code": "mo_hinh", "name": "Mô hình", "unit": "mô hình", "required": True, "breakdowns": [
        {"code": "lv", "name": "Lĩnh vực", "options": FIELDS},
        {"code": "loai", "name": "Loại", "options": HOLDERS}]},
    {"code": "khen_thuong", "name": "Khen thưởng", "breakdowns": [
        {"code": "lv", "name": "Lĩnh vực", "options": FIELDS},
        {"code": "loai", "name": "Loại", "options": HOLDERS}]},
    {"code": "doi_thoai", "name": "Đối thoại", "breakdowns": [
        {"code": "cap", "name": "Cấp", "options": LEVELS}]},
    *({"code": f"chi_tieu_{n}", "name": f"Chỉ tiêu {n}"} for n in range(1, 7)),
    {"code": "danh_gia", "name": "Đánh giá", "type": "text"},
]
ROLLUP_SQL = """SELECT CASE WHEN a.status = 'done' THEN 'accepted'
  WHEN a.status = 'submitted' THEN 'submitted' ELSE 'missing' END, b.level, b.kind,
  v.indicator, v.cell, sum(v.value), count(v.value)
FROM figure_values v JOIN assignments a ON a.id = v.assignment_id
JOIN bodies b ON b.id = a.body_id
WHERE a.task_id IN ({tasks}) AND v.value IS NOT NULL GROUP BY 1, 2, 3, 4, 5"""


def database_url(kind: str) -> str:
    return f"sqlite:///{BENCH_DIR / 'figures.sqlite3'}" if kind == "sqlite" else PG_URL


def app_for(kind: str):
    from bench.common import BENCH_SECRET_KEY
    from tracker import create_app
    from tracker.config import Config

    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = database_url(kind)
        INSTANCE_DIR = BENCH_DIR
        UPLOAD_DIR = BENCH_DIR / "uploads"
        SECRET_KEY = BENCH_SECRET_KEY
        WTF_CSRF_ENABLED = False
    return create_app(BenchConfig)


def _fresh(kind: str) -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if kind == "sqlite":
        (BENCH_DIR / "figures.sqlite3").unlink(missing_ok=True)
        return
    from sqlalchemy import create_engine
    url = make_url(PG_URL)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}"'))
        conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()


def _cells(rng, indicator) -> dict:
    """Random figures of one body for one indicator: {cell: thousandths}."""
    if indicator.get("type") == "text":
        return {"": None}
    keys = []
    dims = indicator.get("breakdowns") or []
    if len(dims) == 2:
        keys = [f"{a['code']}/{b['code']}" for a in dims[0]["options"] for b in dims[1]["options"]]
    elif dims:
        keys = [o["code"] for o in dims[0]["options"]]
    values = {k: rng.randint(0, 40) * 1000 for k in keys}
    values[""] = sum(values.values()) if keys else rng.randint(0, 400) * 1000
    return values


def build(kind: str) -> dict:
    """A fresh, migrated database holding the chain. Returns the ids the measures need."""
    from flask_migrate import upgrade

    from tracker.assignments.models import Assignment
    from tracker.auth.models import User
    from tracker.auth.passwords import hash_password
    from tracker.bodies.models import Body
    from tracker.bodies.operations import fill_tree_keys
    from tracker.directives.models import Directive
    from tracker.extensions import db
    from tracker.figures.indicators import check_definition
    from tracker.figures.models import (
        FigureValue,
        IndicatorTemplate,
        IndicatorTemplateVersion,
        TaskIndicatorTemplate,
    )
    from tracker.tasks.models import Task
    app = app_for(kind)
    # Written once the data is built; named by database, since bench/report.py builds the
    # same chain into a database of its own.
    ready = BENCH_DIR / f"figures-{Path(make_url(database_url(kind)).database).name}.ready"
    if os.environ.get("BENCH_REUSE") == "1" and ready.exists():  # measure the data again
        with app.app_context():
            upgrade()  # migrations newer than the data (a column the pages now read)
            count = db.session.execute(text("SELECT count(*) FROM assignments")).scalar()
            values = db.session.execute(text("SELECT count(*) FROM figure_values")).scalar()
        return {"app": app, "assignments": count, "values": values,
                "province_assignment": 1, "commune_assignment": PROVINCES + 1}
    ready.unlink(missing_ok=True)
    _fresh(kind)
    rng = random.Random(11)
    with app.app_context():
        upgrade()
        s = db.session
        bodies, next_id = [dict(id=1, parent_id=None, path="/1/", name="Ban TG&DV Trung ương",
                                kind="ban_dan_van", level="trung_uong")], 1
        provinces, children = [], {}
        for p in range(PROVINCES):
            next_id += 1
            pid = next_id
            provinces.append(pid)
            bodies.append(dict(id=pid, parent_id=1, path=f"/1/{pid}/", name=f"Tỉnh {p + 1}",
                               kind="dia_phuong", level="tinh"))
            children[pid] = []
            for c in range(COMMUNES + DEPARTMENTS):
                next_id += 1
                commune = c < COMMUNES
                children[pid].append(next_id)
                bodies.append(dict(id=next_id, parent_id=pid, path=f"/1/{pid}/{next_id}/",
                                   name=f"{'Xã' if commune else 'Sở'} {c + 1} tỉnh {p + 1}",
                                   kind="dia_phuong" if commune else "so_nganh",
                                   level="xa" if commune else "tinh"))
        s.execute(insert(Body), [dict(b, short_name="", search_key=b["name"].lower(),
                                      active=True, created_at=NOW) for b in bodies])
        fill_tree_keys(s)
        secret = hash_password(PASSWORD)
        users = [("lanhdao@tw.bench", "leader", 1),
                 ("chuyenvien@tinh1.bench", "coordinator", provinces[0]),
                 ("canbo@xa1.bench", "officer", children[provinces[0]][0])]
        s.execute(insert(User), [dict(email=e, full_name=e, position="", password_hash=secret,
                                      role=r, body_id=b, active=True, created_at=NOW)
                                 for e, r, b in users])
        s.execute(insert(Directive), [dict(id=1, owner_body_id=1, number="1-KH/TW",
                                           number_key="1-kh/tw", kind="ke_hoach",
                                           issuer="Ban Bí thư", issuer_key="ban bi thu",
                                           issued_on=date(2026, 1, 5), title="Kế hoạch",
                                           summary="", search_key="ke hoach", created_at=NOW,
                                           updated_at=NOW)])
        task = dict(directive_id=1, kind="bao_cao_dinh_ky", title="Báo cáo Dân vận khéo",
                    description="", due_on=date(2026, 12, 31), search_key="bao cao",
                    created_at=NOW, updated_at=NOW)
        s.execute(insert(Task), [dict(task, id=1, owner_body_id=1)])
        rows, aid = [], 0
        for pid in provinces:
            aid += 1
            rows.append(dict(id=aid, task_id=1, body_id=pid, status="submitted"))
        defaults = dict(role="support", due_on=date(2026, 12, 31), progress=0,
                        last_activity_at=NOW, created_at=NOW, version=1)
        s.execute(insert(Assignment), [dict(r, **defaults) for r in rows])
        s.execute(insert(Task), [dict(task, id=1 + n, owner_body_id=pid,
                                      parent_assignment_id=n, root_task_id=1, chain_depth=1)
                                 for n, pid in enumerate(provinces, start=1)])
        top = len(rows)
        for n, pid in enumerate(provinces, start=1):
            for body in children[pid]:
                aid += 1
                r = rng.random()
                rows.append(dict(id=aid, task_id=1 + n, body_id=body, status=(
                    "done" if r < .85 else "submitted" if r < .92 else "in_progress")))
        s.execute(insert(Assignment), [dict(r, **defaults) for r in rows[top:]])
        definition = check_definition(INDICATORS)
        s.execute(insert(IndicatorTemplate), [dict(id=1, owner_body_id=1, name="Bench",
                                                   description="", library_key="",
                                                   current_number=1, created_at=NOW,
                                                   updated_at=NOW)])
        s.execute(insert(IndicatorTemplateVersion), [dict(id=1, template_id=1, number=1,
                                                          indicators=definition,
                                                          created_at=NOW)])
        s.execute(insert(TaskIndicatorTemplate), [dict(task_id=t, template_id=1)
                                                  for t in range(1, PROVINCES + 2)])
        values = []
        for r in rows:
            if r["status"] == "in_progress" and rng.random() < .5:
                continue
            for indicator in INDICATORS:
                for cell, value in _cells(rng, indicator).items():
                    values.append(dict(assignment_id=r["id"], template_version_id=1,
                                       indicator=indicator["code"], cell=cell, value=value,
                                       text_value="Tốt" if value is None else None,
                                       source="typed", updated_at=NOW))
        for start in range(0, len(values), 20_000):
            s.execute(insert(FigureValue), values[start:start + 20_000])
        from tracker.tasks.reach import rebuild
        rebuild(s)  # the bulk rows bypassed the flush hook that keeps the tasks' reach
        if kind == "postgresql":
            for table in ("bodies", "users", "directives", "tasks", "assignments",
                          "indicator_templates", "indicator_template_versions"):
                s.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                               f"(SELECT max(id) FROM {table}))"))
        s.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE" if kind == "postgresql" else "ANALYZE"))
    ready.touch()
    return {"app": app, "assignments": len(rows), "values": len(values),
            "province_assignment": 1, "commune_assignment": PROVINCES + 1}


def _timed(fn, runs=RUNS, warmup=WARMUP, clock=None) -> list[float]:
    for _ in range(warmup):
        fn()
    if clock is not None:
        clock.reset()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _p95(times):
    return sorted(times)[int(len(times) * .95) - 1]


class _Client:
    """A test client whose every request runs in its own app context (as in production),
    so that the signed-in user is never taken from another client's request."""

    def __init__(self, app):
        self.app, self.client = app, app.test_client()

    def get(self, *args, **kwargs):
        with self.app.app_context():
            return self.client.get(*args, **kwargs)

    def post(self, *args, **kwargs):
        with self.app.app_context():
            return self.client.post(*args, **kwargs)


def _client(app, email):
    client = _Client(app)
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client


def measure(kind: str) -> list[tuple]:
    from bench.common import SqlClock
    from tracker.extensions import db
    info = build(kind)
    app = info["app"]
    results = []
    if True:  # no app context held across requests (see _Client)
        def get(client, path):
            def run():
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
            return run

        def raw(statement):
            def run():
                with app.app_context(), db.engine.connect() as conn:
                    conn.execute(text(statement)).fetchall()
            return run
        leader = _client(app, "lanhdao@tw.bench")
        coordinator = _client(app, "chuyenvien@tinh1.bench")
        officer = _client(app, "canbo@xa1.bench")
        sub_tasks = ", ".join(str(t) for t in range(2, PROVINCES + 2))
        pages = [
            ("central roll-up /tasks/<central>/rollup (34 provinces)",
             get(leader, "/tasks/1/rollup"), raw(ROLLUP_SQL.format(tasks="1"))),
            ("province roll-up /assignments/<province>/rollup (130 bodies)",
             get(coordinator, f"/assignments/{info['province_assignment']}/rollup"),
             raw(ROLLUP_SQL.format(tasks="2"))),
            ("all 4,420 sub-assignments summed in SQL (for scale)", None,
             raw(ROLLUP_SQL.format(tasks=sub_tasks))),
        ]
        commune = info["commune_assignment"]
        with app.app_context():
            db.session.execute(text("UPDATE assignments SET status = 'in_progress' "
                                    "WHERE id = :id"), {"id": commune})
            db.session.commit()
        counter = iter(range(10**6))

        def save():
            n = next(counter) % 7
            with app.app_context(), db.engine.connect() as conn:
                version = conn.execute(text("SELECT version FROM assignments WHERE id = :id"),
                                       {"id": commune}).scalar()
            form = {"version": str(version), "v-mo_hinh": "",
                    **{f"v-mo_hinh-{f['code']}/{h['code']}": str(n + 1)
                       for f in FIELDS for h in HOLDERS},
                    **{f"v-chi_tieu_{i}": f"1.{n}0{i}" for i in range(1, 7)},
                    "v-doi_thoai-xa": str(n), "v-danh_gia": f"Lần {n}"}
            response = officer.post(f"/assignments/{commune}/figure-form", data=form)
            assert response.status_code == 302, response.get_data(as_text=True)[:500]

        def raw_save():
            n = next(counter) % 7
            with app.app_context(), db.engine.begin() as conn:
                for i in range(1, 7):
                    conn.execute(text("UPDATE figure_values SET value = :v, updated_at = :t "
                                      "WHERE assignment_id = :a AND indicator = :c AND cell = ''"),
                                 {"v": (1000 + n) * 1000, "t": NOW, "a": commune,
                                  "c": f"chi_tieu_{i}"})
                conn.execute(text("UPDATE assignments SET version = version + 1 WHERE id = :a"),
                             {"a": commune})
                conn.execute(text("INSERT INTO history_entries (entity, entity_id, action, at, "
                                  "note, changes) VALUES ('assignment', :a, 'figures', :t, '', "
                                  "'{}')"), {"a": commune, "t": NOW})
        pages.append(("saving a figure form (POST, 8 cells + 6 totals change)", save, raw_save))
        with app.app_context():
            clock = SqlClock(db.engine)
        for name, page, plain in pages:
            load = os.getloadavg()[0]
            times = _timed(page, clock=clock) if page else None
            in_request = clock.seconds * 1000 / RUNS if page else None
            plain_times = _timed(plain, runs=30, warmup=3)
            results.append((name, statistics.median(times) if times else None,
                            _p95(times) if times else None, in_request,
                            statistics.median(plain_times), load, os.getloadavg()[0]))
    print(f"{kind}: {info['assignments']:,} assignments, {info['values']:,} figure values")
    return results


def _ms(value) -> str:
    return f"{value:.1f} ms" if value is not None else "–"


def show(kind, results):
    print(f"\n| {kind} | median | p95 | SQL in the request | plain SQL | load before/after |")
    print("|---|---|---|---|---|---|")
    for name, median, p95, in_request, plain, before, after in results:
        print(f"| {name} | {_ms(median)} | {_ms(p95)} | {_ms(in_request)} | {_ms(plain)} | "
              f"{before:.1f} / {after:.1f} |")
    from bench.common import emit
    emit([(f"Figures and roll-ups, {kind}", name, column, value)
          for name, median, p95, plain, *_ in results
          for column, value in (("median ms", median), ("p95 ms", p95), ("plain SQL ms", plain))
          if value is not None])


def main(kinds):
    for kind in kinds:
        show(kind, measure(kind))


if __name__ == "__main__":
    main(sys.argv[1:] or ["sqlite", "postgresql"])
