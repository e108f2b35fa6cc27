"""The CPU one read + write of bench/writes.py costs the web process, measured in-process
(Flask's test client, no gunicorn, no network): a machine-independent-ish figure to set
beside the writes per second, which depend on what else the machine runs.

    python -m bench.writes_cpu               # PostgreSQL
    python -m bench.writes_cpu sqlite
    python -m bench.writes_cpu postgresql --profile   # and the hottest functions

One officer of a commune, with a write token: N times, GET an assignment, then POST its
progress with the version read (3 pairs in 10: submit its report, which the province's
coordinator then returns through the API, outside what is measured, so that the data
stays as it was). Reported: the process CPU time and the SQL statements per read + write
(in SQLite the rate counter's included; on PostgreSQL it counts on connections of its own,
outside the engine), and the Python function calls per read + write, counted
exactly by cProfile in a further 100 pairs (--profile: and the hottest functions).
"""
import cProfile
import os
import pstats
import sys
import time
from collections import Counter

from sqlalchemy import event, select, text

from bench.common import app_for, database_url, ensure_dataset
from bench.status import prepare

PAIRS = int(os.environ.get("BENCH_PAIRS", "300"))
WARM = 30
CALLS_PAIRS = 100


def run(kind: str, profile: bool = False) -> dict:
    ensure_dataset(kind)
    info = prepare(kind)
    from tracker.api.operations import create_token, revoke_token
    from tracker.auth.models import User
    from tracker.auth.operations import create_user
    from tracker.bodies.models import Body
    from tracker.core.time import utcnow
    from tracker.extensions import db
    app = app_for(database_url(kind))
    # Counted as ever (one statement a call), never refused: this measures the cost.
    app.config["API_RATE_LIMIT"] = 10**9
    with app.app_context():
        now = utcnow()
        province = db.session.get(Body, info["province_id"])
        commune = db.session.scalar(select(Body).where(
            Body.path.startswith(province.path), Body.level == "xa").order_by(Body.id.desc())
            .limit(1))
        email = f"canbo.cpu.{commune.id}@bench.vn"
        user = db.session.scalar(select(User).where(User.email == email)) or create_user(
            {"email": email, "full_name": f"Cán bộ đo CPU {commune.id}", "role": "officer",
             "body": commune, "password": "Tien-do-song-song-2026"}, actor=None, now=now)
        token, secret = create_token(user, {"name": f"cpu {now.isoformat()}"}, now=now)
        email = "chuyenvien.cpu@bench.vn"
        coordinator = db.session.scalar(select(User).where(User.email == email)) or create_user(
            {"email": email, "full_name": "Chuyên viên (đo CPU)", "role": "coordinator",
             "body": province, "password": "Tien-do-song-song-2026"}, actor=None, now=now)
        reviewer, reviewer_secret = create_token(coordinator, {"name": "cpu"}, now=now)
        pool = list(db.session.scalars(text(
            "SELECT id FROM assignments WHERE body_id = :b AND status IN "
            "('not_started', 'in_progress', 'returned') ORDER BY id"), {"b": commune.id}))
        db.session.commit()
        token_ids = [token.id, reviewer.id]
    if not pool:
        raise SystemExit("no open assignment in the commune")

    statements: Counter = Counter()
    counting = [False]
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, *args):
        if counting[0]:
            statements[statement.split(None, 1)[0].upper()] += 1
    event.listen(engine, "before_cursor_execute", count)

    client = app.test_client()
    headers = {"Authorization": f"Bearer {secret}"}
    review = {"Authorization": f"Bearer {reviewer_secret}"}
    answers: Counter = Counter()
    spent = [0.0, 0.0]  # CPU, wall
    profiler = None

    def pair(n: int, measured: bool):
        aid = pool[n % len(pool)]
        counting[0] = measured
        cpu, wall = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        got = client.get(f"/api/v1/assignments/{aid}", headers=headers)
        found = got.get_json()
        assert got.status_code == 200, found
        submit = n % 10 in (2, 5, 8)
        if submit:
            sent = client.post(f"/api/v1/assignments/{aid}/submit", headers=headers,
                               json={"note": "Báo cáo (đo CPU)", "version": found["version"]})
        else:
            progress = (found["progress"] + 1 + n % 7) % 100
            sent = client.post(f"/api/v1/assignments/{aid}/progress", headers=headers,
                               json={"progress": progress, "version": found["version"]})
        if profiler:
            profiler.disable()
        if measured:
            spent[0] += time.process_time() - cpu
            spent[1] += time.perf_counter() - wall
            answers[f"GET {got.status_code}"] += 1
            answers[f"POST {sent.status_code}"] += 1
        counting[0] = False
        if submit and sent.status_code == 200:
            back = client.post(f"/api/v1/assignments/{aid}/return", headers=review,
                               json={"reason": "Trả lại (đo CPU)"})
            assert back.status_code == 200, back.get_json()

    for n in range(WARM):
        pair(n, False)
    server = _server_cpu(app)
    for n in range(WARM, WARM + PAIRS):
        pair(n, True)
    server = _server_cpu(app, server)
    cpu, wall = spent
    # The Python function calls of a read + write: what the CPU time is made of, counted
    # exactly (the CPU time varies with what else the machine runs).
    profiler = cProfile.Profile(time.process_time)  # CPU, not waits
    for n in range(WARM + PAIRS, WARM + PAIRS + CALLS_PAIRS):
        pair(n, False)
    calls = pstats.Stats(profiler).total_calls / CALLS_PAIRS
    event.remove(engine, "before_cursor_execute", count)

    with app.app_context():
        from tracker.api.models import ApiToken
        for token_id in token_ids:
            revoke_token(db.session.get(ApiToken, token_id), actor=None, now=utcnow())
        db.session.commit()
    if profile:
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
        stats.dump_stats("/tmp/writes_cpu.prof")
    return {"pairs": PAIRS, "cpu_ms": 1000 * cpu / PAIRS, "wall_ms": 1000 * wall / PAIRS,
            "statements": sum(statements.values()) / PAIRS, "calls": calls,
            "server_ms": None if server is None else 1000 * server / PAIRS,
            "by_kind": {k: round(v / PAIRS, 2) for k, v in statements.most_common()},
            "answers": dict(answers)}


def _server_cpu(app, before: dict | None = None):
    """PostgreSQL: the CPU seconds (user + system) of the server processes serving this
    database, from /proc (same machine); with `before`, the seconds spent since. None
    elsewhere."""
    from tracker.extensions import db
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            return None
        with db.engine.connect() as conn:
            pids = conn.scalars(text("SELECT pid FROM pg_stat_activity WHERE datname = "
                                     "current_database()")).all()
    now = {}
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        now[pid] = (int(fields[11]) + int(fields[12])) / tick
    if before is None:
        return now
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in now.items())


def main(args: list[str]) -> None:
    profile = "--profile" in args
    kinds = [a for a in args if not a.startswith("--")] or ["postgresql"]
    for kind in kinds:
        r = run(kind, profile)
        print(f"{kind}: {r['pairs']} read + write pairs in-process: {r['cpu_ms']:.2f} ms CPU "
              f"and {r['wall_ms']:.2f} ms wall each, {r['calls']:,.0f} Python calls each, "
              f"{r['statements']:.2f} statements each "
              + (f"(PostgreSQL: {r['server_ms']:.2f} ms CPU each) "
                 if r["server_ms"] is not None else "") +
              f"{r['by_kind']}; answers {r['answers']}")


if __name__ == "__main__":
    main(sys.argv[1:])
