"""A national-scale dataset written with bulk SQL: 34 provinces, ~10,000 bodies, ~1,000,000
assignments with their users, deterministic (seeded). Used by the benchmark scripts."""
import random
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import text

from tracker.bodies.operations import fill_tree_keys, tree_keys
from tracker.core.text import search_key
from tracker.extensions import db

PROVINCES = 34
DEPARTMENTS = 30          # provincial bodies per province
DISTRICTS = 10            # each: 5 bodies + 20 communes
TASKS_PER_PROVINCE = 100  # each assigned to every body of the province (291)
NOW = datetime(2026, 11, 23, 0, 30, tzinfo=timezone.utc)  # Monday 07:30 in Vietnam
TODAY = date(2026, 11, 23)
PASSWORD_HASH = "$argon2id$v=19$m=65536,t=3,p=4$YmVuY2htYXJrc2FsdA$bGlZ0Wfq0xLQ4l1m8sTDXQ"


def _rows_bodies():
    rows, next_id = [], 1
    rows.append((1, None, "/1/", "Ban Dân vận Trung ương", "ban_dan_van", "trung_uong"))
    provinces = []
    for p in range(PROVINCES):
        next_id += 1
        pid = next_id
        provinces.append(pid)
        rows.append((pid, 1, f"/1/{pid}/", f"Tỉnh số {p + 1}", "dia_phuong", "tinh"))
        for d in range(DEPARTMENTS):
            next_id += 1
            rows.append((next_id, pid, f"/1/{pid}/{next_id}/", f"Sở {d + 1} tỉnh {p + 1}",
                         "so_nganh", "tinh"))
        for h in range(DISTRICTS):
            next_id += 1
            hid = next_id
            rows.append((hid, pid, f"/1/{pid}/{hid}/", f"Huyện {h + 1} tỉnh {p + 1}",
                         "dia_phuong", "huyen"))
            for b in range(5 + 20):
                next_id += 1
                kind, level = ("ubnd", "huyen") if b < 5 else ("cap_uy", "xa")
                rows.append((next_id, hid, f"/1/{pid}/{hid}/{next_id}/",
                             f"Đơn vị {b + 1} huyện {h + 1} tỉnh {p + 1}", kind, level))
    return rows, provinces


def build(seed: int = 7, echo=print) -> dict:
    """Fill an empty, migrated database. Returns counts."""
    rng = random.Random(seed)
    bodies, provinces = _rows_bodies()
    conn = db.session.connection()
    created = NOW.replace(year=2015)

    keys = tree_keys((i, parent, search_key(name)) for i, parent, _, name, _, _ in bodies)
    _bulk(conn, "bodies", ["id", "parent_id", "path", "name", "short_name", "kind", "level",
                           "search_key", "tree_key", "active", "created_at"],
          [(i, parent, path, name, "", kind, level, search_key(name), keys[i], True, created)
           for i, parent, path, name, kind, level in bodies])
    echo(f"  {len(bodies):,} bodies")

    users, uid = [], 0
    by_province: dict[int, list[int]] = {p: [] for p in provinces}
    for i, _parent, path, *_ in bodies:
        parts = path.strip("/").split("/")
        if len(parts) >= 2:
            by_province[int(parts[1])].append(i)
        uid += 1
        users.append((uid, f"canbo{i}@bench.vn", f"Cán bộ {i}", "officer", i))
    for p in provinces:
        for role in ("coordinator", "coordinator", "leader", "leader"):
            uid += 1
            users.append((uid, f"{role}{uid}@bench.vn", f"{role} {uid}", role, p))
    _bulk(conn, "users", ["id", "email", "full_name", "position", "password_hash", "role",
                          "body_id", "active", "created_at", "reminder_mails", "daily_digest"],
          [(u, e, n, "", PASSWORD_HASH, r, b, True, created, True, False)
           for u, e, n, r, b in users])
    echo(f"  {len(users):,} users")

    directives, tasks, did, tid = [], [], 0, 0
    for p in provinces:
        for _ in range(20):
            did += 1
            issued = date(2015, 1, 1) + timedelta(days=rng.randrange(0, 3000))
            directives.append((did, p, f"{did}-CT/TU", f"{did}-ct/tu", "chi_thi", "Tỉnh ủy",
                               "tinh uy", issued, f"Chỉ thị {did}", "",
                               search_key(f"{did}-CT/TU", f"Chỉ thị {did}"),
                               created, created, 1))
        for _ in range(TASKS_PER_PROVINCE):
            tid += 1
            due = date(2016, 1, 1) + timedelta(days=rng.randrange(0, 12 * 365))
            tasks.append((tid, did - rng.randrange(0, 20), p, "bao_cao_dinh_ky",
                          f"Nhiệm vụ {tid}", "", due, created, created, 1,
                          search_key(f"Nhiệm vụ {tid}")))
    _bulk(conn, "directives", ["id", "owner_body_id", "number", "number_key", "kind", "issuer",
                               "issuer_key", "issued_on", "title", "summary", "search_key",
                               "created_at", "updated_at", "version"], directives)
    _bulk(conn, "tasks", ["id", "directive_id", "owner_body_id", "kind", "title", "description",
                          "due_on", "created_at", "updated_at", "version", "search_key"], tasks)
    echo(f"  {len(directives):,} directives, {len(tasks):,} tasks")

    aid, batch, total = 0, [], 0
    columns = ["id", "task_id", "body_id", "role", "due_on", "extended_due_on", "status",
               "progress", "submitted_on", "completed_on", "last_activity_at", "created_at",
               "version"]
    for task_id, _d, province, _k, _t, _s, due, *_ in tasks:
        for n, body_id in enumerate(by_province[province]):
            aid += 1
            extended = due + timedelta(days=30) if rng.random() < 0.05 else None
            deadline = extended or due
            r = rng.random()
            if deadline < TODAY:
                status = "done" if r < 0.92 else rng.choice(["in_progress", "not_started",
                                                              "submitted", "returned"])
            else:
                status = "done" if r < 0.2 else ("in_progress" if r < 0.7 else "not_started")
            submitted = completed = None
            if status == "done":
                completed = deadline + timedelta(days=rng.randrange(-40, 15))
                submitted = completed
            batch.append((aid, task_id, body_id, "lead" if n == 0 else "support", due,
                          extended, status, 100 if status == "done" else rng.randrange(0, 90),
                          submitted, completed, NOW - timedelta(seconds=_spread(aid)), created,
                          1))
            if len(batch) == 50_000:
                _bulk(conn, "assignments", columns, batch)
                total += len(batch)
                batch = []
    _bulk(conn, "assignments", columns, batch)
    total += len(batch)
    echo(f"  {total:,} assignments")
    _reset_sequences(conn)
    # Bulk SQL bypasses the flush hooks that keep the status histogram and the tasks' reach:
    # fill them once here.
    from tracker.status.histogram import rebuild
    echo(f"  {rebuild(db.session):,} status counts")
    from tracker.tasks import reach
    echo(f"  {reach.rebuild(db.session):,} task reach rows")
    db.session.commit()
    return {"bodies": len(bodies), "users": len(users), "assignments": total}


def _spread(aid: int) -> int:
    """Seconds before NOW of an assignment's latest activity: spread over a year, so that
    every province has work at every moment, as in real use (not all at one instant)."""
    return aid * 7919 % (365 * 86400)


def _bulk(conn, table: str, columns: list[str], rows: list[tuple]) -> None:
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        raw = conn.connection.driver_connection
        with raw.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join("?" for _ in columns)
    conn.connection.driver_connection.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",
        [tuple(_sqlite(v) for v in row) for row in rows])


def _sqlite(value):
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _reset_sequences(conn) -> None:
    if conn.dialect.name != "postgresql":
        return
    for table in ("bodies", "users", "directives", "tasks", "assignments"):
        conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                          f"(SELECT max(id) FROM {table}))"))


def repair_activity(conn) -> bool:
    """Datasets built when every assignment's latest activity was the same instant: spread
    them as `build` now does (one UPDATE)."""
    if conn.execute(text("SELECT count(DISTINCT last_activity_at) FROM "
                         "(SELECT last_activity_at FROM assignments LIMIT 1000) x")).scalar() > 1:
        return False
    seconds = "(id::bigint * 7919 % 31536000)" if conn.dialect.name == "postgresql" \
        else "(id * 7919 % 31536000)"
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"UPDATE assignments SET last_activity_at = "
                          f":now - make_interval(secs => {seconds})"), {"now": NOW})
    else:
        conn.execute(text(f"UPDATE assignments SET last_activity_at = datetime(:now, "
                          f"'-' || {seconds} || ' seconds')"),
                     {"now": _sqlite(NOW)})
    return True


def repair_search_keys(conn) -> bool:
    """Datasets built before the keys were made as the app makes them ("nhiem vu 7" for
    " nhiem vu 7 "): rebuild them, so that the search finds what a user would."""
    if conn.execute(text("SELECT search_key FROM tasks ORDER BY id LIMIT 1")).scalar() \
            .startswith(" "):
        return False
    for table, texts in (("bodies", "name"), ("directives", "number, title"),
                         ("tasks", "title")):
        rows = conn.execute(text(f"SELECT id, {texts} FROM {table}")).all()
        conn.execute(text(f"UPDATE {table} SET search_key = :key WHERE id = :id"),
                     [{"id": row[0], "key": search_key(*row[1:])} for row in rows])
    fill_tree_keys(conn)  # the bodies' places among their siblings follow their keys
    return True
