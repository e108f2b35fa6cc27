"""Write throughput at national scale, through gunicorn (2 workers), PostgreSQL by default:

    python -m bench.writes               # PostgreSQL
    python -m bench.writes sqlite        # or SQLite

CLIENTS threads for SECONDS, each writing for the officers of COMMUNES_PER_PAIR communes
(one API token each): read an assignment (its version), then send its progress with that
version, or (30 %) submit its report. Two clients share each set of communes and their
pools of assignments, so some writes meet a newer version (409, a genuine race). The
communes are those of one province with the most open assignments: a submitted report
leaves its pool, and with one commune per pair (about 13 open assignments each) the pools
ran dry after about 350 writes, so that a faster server only ended sooner (the rate then
said how fast the last pools emptied); tokens spread over more communes also stay under
API_RATE_LIMIT (300 calls a minute per token). Counted: writes per second, 409s, and any
5xx (the goal: none). Then
the status histogram of every node the writes touched is compared with a recount from the
assignments, and the submitted reports are returned (through the operations, so that the
histogram follows) for the next run. The goal: ≥ 150 writes/s on PostgreSQL with 16 clients.
"""
import json
import os
import random
import sys
import threading
import time
from collections import Counter

from sqlalchemy import create_engine, delete, select, text

from bench.common import app_for, database_url, emit, ensure_dataset
from bench.status import Server, fetch, prepare

CLIENTS, SECONDS, SUBMIT_SHARE = 16, 10.0, 0.3
COMMUNES_PER_PAIR = 4
EDITABLE = ("not_started", "in_progress", "returned")
BUCKETS = """CASE WHEN a.status = 'done' THEN
    CASE WHEN a.completed_on <= coalesce(a.extended_due_on, a.due_on) THEN 'done_on_time'
         ELSE 'done_late' END
  WHEN a.status = 'not_started' THEN 'open_not_started' ELSE 'open_started' END"""


def prepare_officers(kind: str, province_id: int) -> dict:
    """An officer with a write token in each of CLIENTS // 2 * COMMUNES_PER_PAIR communes
    of one province (those with the most open assignments); the open assignments of each
    commune; a coordinator of the province to return reports."""
    from tracker.api.operations import create_token, revoke_token
    from tracker.api.queries import tokens_of
    from tracker.auth.models import User
    from tracker.auth.operations import create_user
    from tracker.bodies.models import Body
    from tracker.core.time import utcnow
    from tracker.extensions import db
    app = app_for(database_url(kind))
    with app.app_context():
        now = utcnow()
        province = db.session.get(Body, province_id)
        commune_ids = db.session.scalars(text(
            "SELECT b.id FROM bodies b JOIN assignments a ON a.body_id = b.id "
            "WHERE b.path LIKE :p AND b.level = 'xa' AND a.status IN "
            "('not_started', 'in_progress', 'returned') GROUP BY b.id "
            "ORDER BY count(*) DESC, b.id LIMIT :n"),
            {"p": province.path + "%", "n": CLIENTS // 2 * COMMUNES_PER_PAIR}).all()
        communes = [db.session.get(Body, commune_id) for commune_id in commune_ids]
        pools, tokens = [], []
        for commune in communes:
            email = f"canbo.ghi.{commune.id}@bench.vn"
            user = db.session.scalar(select(User).where(User.email == email)) or create_user(
                {"email": email, "full_name": f"Cán bộ ghi {commune.id}", "role": "officer",
                 "body": commune, "password": "Tien-do-song-song-2026"}, actor=None, now=now)
            for old in tokens_of(user):  # a user may hold 20 active tokens: one a run
                if old.revoked_at is None and old.name.startswith("bench "):
                    revoke_token(old, actor=None, now=now)
            tokens.append(create_token(user, {"name": f"bench {now.isoformat()}"},
                                       now=now)[1])
            pools.append(list(db.session.scalars(text(
                "SELECT id FROM assignments WHERE body_id = :b AND status IN "
                "('not_started', 'in_progress', 'returned') ORDER BY id"), {"b": commune.id})))
        email = "chuyenvien.ghi@bench.vn"
        coordinator = db.session.scalar(select(User).where(User.email == email)) or create_user(
            {"email": email, "full_name": "Chuyên viên (benchmark ghi)", "role": "coordinator",
             "body": province, "password": "Tien-do-song-song-2026"}, actor=None, now=now)
        db.session.commit()
        return {"pools": pools, "tokens": tokens, "bodies": [c.id for c in communes],
                "coordinator_id": coordinator.id}


def writers(port: int, setup: dict) -> dict:
    """CLIENTS threads for SECONDS; two threads per commune (token and pool)."""
    counts: Counter = Counter()
    submitted: list[int] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + SECONDS

    def client(n: int):
        rng = random.Random(n)
        mine = range(n // 2 * COMMUNES_PER_PAIR, (n // 2 + 1) * COMMUNES_PER_PAIR)
        pools = {k: list(setup["pools"][k]) for k in mine}  # this client's view of them
        while time.monotonic() < stop_at and any(pools.values()):
            k = rng.choice([k for k, pool in pools.items() if pool])
            pool, headers = pools[k], {"Authorization": f"Bearer {setup['tokens'][k]}"}
            aid = rng.choice(pool)
            status, _, body = fetch(port, f"/api/v1/assignments/{aid}", headers=headers)
            if status != 200:
                with lock:
                    counts[f"GET {status}"] += 1
                continue
            found = json.loads(body)
            if found["status"] not in EDITABLE:
                pool.remove(aid)
                continue
            if rng.random() < SUBMIT_SHARE:
                path, data = f"/api/v1/assignments/{aid}/submit", {
                    "note": "Báo cáo (benchmark)", "version": found["version"]}
            else:
                # Never the value read: the clients' seeds replay the same numbers every
                # run, which had many writes refused as changing nothing (422).
                path, data = f"/api/v1/assignments/{aid}/progress", {
                    "progress": (found["progress"] + rng.randrange(1, 100)) % 100,
                    "version": found["version"]}
            status, _, _ = fetch(port, path, method="POST", headers=headers, json_body=data)
            with lock:
                counts[status] += 1
                if status == 200 and path.endswith("/submit"):
                    submitted.append(aid)
    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return {"elapsed": elapsed, "ok": counts[200], "conflicts": counts[409],
            "errors": sum(n for k, n in counts.items() if str(k).startswith("5")
                          or str(k).startswith("GET 5")),
            "other": {str(k): n for k, n in counts.items() if k not in (200, 409)},
            "submitted": submitted}


def histogram_exact(kind: str, bodies: list[int]) -> bool:
    """The stored totals of each node above and at the written bodies equal a recount."""
    from tracker.extensions import db
    app = app_for(database_url(kind))
    with app.app_context():
        paths = [db.session.scalar(text("SELECT path FROM bodies WHERE id = :b"), {"b": b})
                 for b in bodies]
        nodes = {int(n) for path in paths for n in path.strip("/").split("/")}
        for node in sorted(nodes):
            path = db.session.scalar(text("SELECT path FROM bodies WHERE id = :n"), {"n": node})
            live = dict(db.session.execute(text(
                f"SELECT {BUCKETS} AS bucket, count(*) FROM assignments a "
                "JOIN bodies b ON b.id = a.body_id WHERE b.path LIKE :p GROUP BY 1"),
                {"p": path + "%"}).all())
            stored = {k: n for k, n in db.session.execute(text(
                "SELECT bucket, n FROM status_totals WHERE node_id = :n"), {"n": node}).all()
                if n}
            if live != stored:
                print(f"  node {node}: stored {stored} != recount {live}", file=sys.stderr)
                return False
        return True


def return_reports(kind: str, ids: list[int], coordinator_id: int) -> int:
    """Return the reports the run submitted (operations: the histogram follows), and drop
    the mails that the submissions and returns queued: left, they filled the outbox that
    bench.lists measures with one province's event mails (29,733 after a session's runs)
    instead of the day of national planning it is meant to hold."""
    from tracker.assignments import operations
    from tracker.assignments.queries import get_assignment
    from tracker.auth.models import User
    from tracker.core.time import utcnow
    from tracker.extensions import db
    from tracker.reminders.models import OutboxMail
    app = app_for(database_url(kind))
    with app.app_context():
        coordinator = db.session.get(User, coordinator_id)
        for aid in ids:
            operations.return_report(get_assignment(coordinator, aid),
                                     reason="Trả lại (benchmark)", actor=coordinator,
                                     now=utcnow())
        db.session.execute(delete(OutboxMail).where(
            OutboxMail.kind.in_(["submitted", "returned"]), OutboxMail.assignment_id.in_(ids)))
        db.session.commit()
        return len(ids)


def cpu_seconds(server: Server, kind: str) -> dict:
    """CPU seconds (user + system, /proc) so far of the gunicorn workers, of the database's
    server processes (PostgreSQL on this machine) and of this process (the clients): per
    write, what a busy machine's writes per second cannot show."""
    tick = os.sysconf("SC_CLK_TCK")

    def of(pid: int) -> float:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / tick
    master = server.process.pid
    with open(f"/proc/{master}/task/{master}/children") as children:
        workers = [int(pid) for pid in children.read().split()]
    found = {"workers": sum(of(pid) for pid in workers), "clients": time.process_time()}
    if kind == "postgresql":
        engine = create_engine(database_url(kind))
        with engine.connect() as conn:
            pids = conn.scalars(text("SELECT pid FROM pg_stat_activity WHERE datname = "
                                     "current_database() AND pid <> pg_backend_pid()")).all()
        engine.dispose()
        found["database"] = sum(of(pid) for pid in pids)
    return found


def run(kind: str) -> dict:
    ensure_dataset(kind)
    info = prepare(kind)
    setup = prepare_officers(kind, info["province_id"])
    server = Server(kind)
    try:
        before = cpu_seconds(server, kind)
        found = writers(server.port, setup)
        spent = {k: v - before[k] for k, v in cpu_seconds(server, kind).items()}
    finally:
        server.stop()
    found["cpu_ms"] = {k: 1000 * v / max(found["ok"], 1) for k, v in spent.items()}
    found["exact"] = histogram_exact(kind, setup["bodies"])
    found["returned"] = return_reports(kind, found.pop("submitted"), setup["coordinator_id"])
    found["per_second"] = found["ok"] / found["elapsed"]
    return found


def main(kinds: list[str]) -> None:
    for kind in kinds:
        r = run(kind)
        print(f"\n{kind}: {CLIENTS} clients for {SECONDS:.0f} s (GET + progress with version, "
              f"{SUBMIT_SHARE:.0%} submit), gunicorn 2 workers")
        print(f"  {r['per_second']:.0f} writes/s ({r['ok']:,} saved in {r['elapsed']:.1f} s), "
              f"{r['conflicts']} "
              f"version conflicts (409), {r['errors']} errors (5xx); other answers "
              f"{r['other']}; histogram {'exact' if r['exact'] else 'NOT EXACT'} after "
              f"(recount); {r['returned']} reports returned for the next run")
        print("  CPU per write: " + ", ".join(f"{name} {ms:.1f} ms"
                                              for name, ms in r["cpu_ms"].items()))
        table = f"Writes, {kind}, {CLIENTS} clients"
        emit([(table, "writes per second", "value", r["per_second"]),
              (table, "version conflicts (409)", "value", r["conflicts"]),
              (table, "errors (5xx)", "value", r["errors"]),
              (table, "histogram exact after (1 = yes)", "value", int(r["exact"]))])
        if r["errors"] or not r["exact"]:
            raise SystemExit(1)


if __name__ == "__main__":
    main(sys.argv[1:] or ["postgresql"])
