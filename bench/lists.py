"""Benchmark of every list page, API list and export at national scale, through gunicorn
(2 workers), as the central leader and as a provincial coordinator (the admin lists as an
admin of the same body), each beside the plain SQL of the same result:

    python -m bench.lists                # SQLite and PostgreSQL
    python -m bench.lists postgresql     # one of them
    python -m bench.lists --exports sqlite   # the exports only (no page, no plain SQL)
    python -m bench.lists --only "/tasks/" --only "API tasks" --as coordinator postgresql
                                         # some rows only (a label or user containing the
                                         # words), without the exports

For each page: median and p95 of sequential requests (after a warm-up), the median of the
plain SQL (the rows of the page and their count up to 10,001, written by hand) and the
ratio page / (1.5 × SQL + 15 ms); the goals are p95 < 25 ms and a ratio ≤ 1. Exports:
the time of one download and the gunicorn worker's memory before, at its peak and after.
The dataset (bench/dataset.py) is built once in $BENCH_DIR and reused.
"""
import json
import statistics
import sys
import threading
import time
from urllib.parse import urlencode

from sqlalchemy import text

from bench.common import BENCH_DIR, _analyze, app_for, database_url, emit, ensure_dataset
from bench.status import (
    OVERHEAD_MS,
    Server,
    check,
    fetch,
    login,
    p95,
    prepare,
    raw_median,
    raw_statements,
)

PASSWORD = "benchmark-danh-sach-2026"
USERS = {  # label: (email, role, whose body: "root" or "province")
    "central leader": ("lanhdao.tw.lists@bench.vn", "leader", "root"),
    "provincial coordinator": ("chuyenvien.tinh.lists@bench.vn", "coordinator", "province"),
    "central admin": ("quantri.tw.lists@bench.vn", "admin", "root"),
    "provincial admin": ("quantri.tinh.lists@bench.vn", "admin", "province"),
}
SEQUENTIAL, WARMUP = 20, 2
LIST_P95_GOAL = 25.0
EXPORT_MIB_GOAL = 150.0

# ---- the plain SQL -----------------------------------------------------------------------
DEADLINE = "coalesce(a.extended_due_on, a.due_on)"
DONE_RANK = "CASE WHEN a.status = 'done' THEN 1 ELSE 0 END"
VISIBLE = ("(b.path LIKE '{path}%' OR t.owner_body_id IN "
           "(SELECT id FROM bodies WHERE path LIKE '{path}%'))")
ASSIGNMENT_ROWS = """SELECT a.id, a.role, a.due_on, a.extended_due_on, a.status, a.progress,
       a.completed_on, a.last_activity_at, a.version, b.name, t.title, d.number
FROM assignments a JOIN bodies b ON b.id = a.body_id JOIN tasks t ON t.id = a.task_id
JOIN directives d ON d.id = t.directive_id
WHERE {visible} {where} ORDER BY {order} LIMIT 26"""
ASSIGNMENT_COUNT = """SELECT count(*) FROM (SELECT 1 FROM assignments a
JOIN bodies b ON b.id = a.body_id {task_join} WHERE b.path LIKE '{path}%' {where} LIMIT 10001) x"""
ORDERS = {"": f"{DONE_RANK}, {DEADLINE}, a.id", "body": "b.name, a.id",
          "task": "t.title, a.id", "-activity": "a.last_activity_at DESC, a.id DESC",
          "due": f"{DEADLINE}, a.id"}


def assignment_sql(path: str, *, sort: str = "", where: str = "", task: bool = False,
                   after: str = "") -> list[str]:
    rows = ASSIGNMENT_ROWS.format(visible=VISIBLE.format(path=path), where=where + after,
                                  order=ORDERS[sort])
    count = ASSIGNMENT_COUNT.format(path=path, where=where,
                                    task_join="JOIN tasks t ON t.id = a.task_id" if task else "")
    return [rows, count]


def words_sql(query: str) -> str:
    """The search's condition: each word, whole, in the task's or the body's key."""
    return "".join(f" AND (t.search_key LIKE '% {w} %' OR b.search_key LIKE '% {w} %')"
                   for w in query.split())


def capped(sql_from: str) -> str:
    return f"SELECT count(*) FROM (SELECT 1 {sql_from} LIMIT 10001) x"


def other_sql(kind: str, info: dict, path: str, ancestors: str,
              tree_key: str = "") -> dict[str, list[str]]:
    """Plain SQL of the lists other than the assignments'."""
    if kind == "sqlite":  # the subtree's range of tree keys, in byte order
        after = tree_key[:-1] + chr(ord(tree_key[-1]) + 1)
        tree = f"tree_key >= '{tree_key}' AND tree_key < '{after}' ORDER BY tree_key"
    else:  # the pattern-ops index, whatever the collation
        tree = f"tree_key LIKE '{tree_key}%' ORDER BY tree_key USING ~<~"
    bodies = f"FROM bodies WHERE path LIKE '{path}%'"
    owner_seen = f"(o.path LIKE '{path}%' OR d.owner_body_id IN ({ancestors}))"
    directives = f"FROM directives d JOIN bodies o ON o.id = d.owner_body_id WHERE {owner_seen}"
    tasks = ("FROM tasks t JOIN directives d ON d.id = t.directive_id "
             f"JOIN bodies o ON o.id = t.owner_body_id WHERE (o.path LIKE '{path}%' OR EXISTS "
             "(SELECT 1 FROM assignments a JOIN bodies b ON b.id = a.body_id "
             f"WHERE a.task_id = t.id AND b.path LIKE '{path}%'))")
    users = f"FROM users u JOIN bodies b ON b.id = u.body_id WHERE b.path LIKE '{path}%'"
    outbox = ("FROM outbox_mails m LEFT JOIN users u ON u.id = m.recipient_id "
              f"LEFT JOIN bodies b ON b.id = u.body_id WHERE b.path LIKE '{path}%'")
    inbox = ("FROM assignments a JOIN bodies b ON b.id = a.body_id "
             "JOIN tasks t ON t.id = a.task_id JOIN directives d ON d.id = t.directive_id "
             f"WHERE a.status = 'submitted' AND t.owner_body_id IN "
             f"(SELECT id FROM bodies WHERE path LIKE '{path}%')")
    return {
        "directives": [f"SELECT d.*, o.name {directives} ORDER BY d.issued_on DESC, d.id DESC "
                       "LIMIT 25", capped(directives)],
        "tasks": [f"SELECT t.*, d.number, o.name {tasks} ORDER BY t.due_on, t.id LIMIT 25",
                  capped(tasks)],
        "users": [f"SELECT u.*, b.name {users} ORDER BY u.full_name, u.id LIMIT 25",
                  capped(users)],
        "bodies": [f"SELECT * {bodies} AND {tree} LIMIT 25", capped(bodies)],
        "outbox": [f"SELECT m.* {outbox} ORDER BY m.id DESC LIMIT 25", capped(outbox),
                   *(capped(f"{outbox} AND m.status = '{status}'") for status in
                     ("pending", "sending", "sent", "failed", "cancelled"))],
        "inbox": [f"SELECT a.*, b.name, t.title, d.number {inbox} ORDER BY a.submitted_on, "
                  "a.last_activity_at, a.id LIMIT 25", capped(inbox)],
    }


# ---- setting up --------------------------------------------------------------------------

def _fill_outbox() -> None:
    """The outbox as a live instance has it: one day of national planning (about 73,000
    mails; bench.reminders leaves it empty)."""
    from bench.dataset import NOW, TODAY
    from tracker.extensions import db
    from tracker.reminders.planning import plan_reminders
    # Counted by the planning's kinds: event mails (a submitted report's, from
    # bench.writes) once held the outbox above the threshold with no planning in it.
    if db.session.scalar(text("SELECT count(*) FROM outbox_mails WHERE kind IN "
                              "('before', 'due_today', 'overdue', 'overdue_copy')")) < 1000:
        db.session.execute(text("DELETE FROM planning_runs"))
        plan_reminders(TODAY, now=NOW)
        db.session.commit()
        _analyze(db)  # what autovacuum does soon after: statistics, the visibility map


def prepare_users(kind: str, info: dict) -> dict:
    """The accounts of USERS and an API token of the leader and of the coordinator; the
    ids, cursors and words the pages need."""
    from sqlalchemy import select

    from tracker.api.operations import create_token
    from tracker.assignments import queries
    from tracker.auth.models import User
    from tracker.auth.operations import create_user
    from tracker.bodies.models import Body
    from tracker.core.keyset import encode_cursor
    from tracker.core.time import utcnow
    from tracker.extensions import db
    app = app_for(database_url(kind))
    found = {}
    with app.app_context():
        now = utcnow()
        root = db.session.scalar(select(Body).where(Body.parent_id.is_(None)))
        province = db.session.get(Body, info["province_id"])
        for label, (email, role, where) in USERS.items():
            user = db.session.scalar(select(User).where(User.email == email))
            if user is None:
                user = create_user({"email": email, "full_name": f"{label} (benchmark)",
                                    "role": role, "body": root if where == "root" else province,
                                    "password": PASSWORD}, actor=None, now=now)
            token = None
            if role != "admin":
                token = create_token(user, {"name": f"bench {now.isoformat()}",
                                            "read_only": True}, now=now)[1]
            found[label] = {"email": email, "token": token,
                            "path": (root if where == "root" else province).path,
                            "tree_key": (root if where == "root" else province).tree_key,
                            "ancestors": ",".join(map(str, user.body.ancestor_ids)) or "0"}
        db.session.commit()
        _fill_outbox()
        # A cursor deep in the list (the middle of the province's rows) and one task's word.
        middle = db.session.execute(text(
            f"SELECT a.id FROM assignments a JOIN bodies b ON b.id = a.body_id "
            f"WHERE b.path LIKE '{province.path}%' ORDER BY {DONE_RANK}, {DEADLINE}, a.id "
            "LIMIT 1 OFFSET 15000")).scalar()
        from tracker.assignments.models import Assignment
        row = db.session.get(Assignment, middle)
        found["cursor"] = encode_cursor(queries.list_order(), row)
        found["due_cursor"] = encode_cursor(queries.list_order("due"), row)
        found["cursor_values"] = (int(row.status == "done"), row.effective_due_on, row.id)
        found["task_word"] = db.session.scalar(text(
            f"SELECT t.id FROM tasks t JOIN bodies o ON o.id = t.owner_body_id "
            f"WHERE o.path LIKE '{province.path}%' ORDER BY t.id LIMIT 1"))
        # And one whose number no body's name holds ("Xã số 1" holds "1"): a rare word.
        found["rare_task_word"] = db.session.scalar(text(
            f"SELECT t.id FROM tasks t JOIN bodies o ON o.id = t.owner_body_id "
            f"WHERE o.path LIKE '{province.path}%' AND NOT EXISTS (SELECT 1 FROM bodies b "
            "WHERE b.search_key LIKE '% ' || t.id || ' %') ORDER BY t.id LIMIT 1"))
    return found


def pages(kind: str, info: dict, who: str, ctx: dict) -> list[tuple[str, str, list[str]]]:
    """(label, path, plain SQL statements) of every list this user opens."""
    me = ctx[who]
    path = me["path"]
    rank, due, aid = ctx["cursor_values"]
    after = f" AND ({DONE_RANK}, {DEADLINE}, a.id) > ({rank}, '{due.isoformat()}', {aid})"
    due_after = f" AND ({DEADLINE}, a.id) > ('{due.isoformat()}', {aid})"
    today = info["today"].isoformat()
    overdue = f" AND a.status != 'done' AND {DEADLINE} < '{today}'"
    word, rare = str(ctx["task_word"]), str(ctx["rare_task_word"])
    other = other_sql(kind, info, path, me["ancestors"], me["tree_key"])
    found = []
    if who in ("central admin", "provincial admin"):
        return [("/admin/bodies", "/admin/bodies", other["bodies"]),
                ("/admin/users", "/admin/users", other["users"]),
                ("/admin/reminders/outbox", "/admin/reminders/outbox", other["outbox"])]
    found += [
        ("/assignments/", "/assignments/", assignment_sql(path)),
        ("/assignments/?sort=due", "/assignments/?sort=due", assignment_sql(path, sort="due")),
        ("/assignments/?sort=body", "/assignments/?sort=body", assignment_sql(path, sort="body")),
        ("/assignments/?sort=task", "/assignments/?sort=task", assignment_sql(path, sort="task")),
        ("/assignments/?sort=-activity", "/assignments/?sort=-activity",
         assignment_sql(path, sort="-activity")),
        ("/assignments/?state=overdue", "/assignments/?state=overdue",
         assignment_sql(path, where=overdue)),
        ("/assignments/?q=<one task>", "/assignments/?" + urlencode({"q": f"nhiem vu {word}"}),
         assignment_sql(path, where=words_sql(f"nhiem vu {word}"), task=True)),
        ("/assignments/?q=<a rare word>", "/assignments/?" + urlencode({"q": f"nhiem vu {rare}"}),
         assignment_sql(path, where=words_sql(f"nhiem vu {rare}"), task=True)),
        ("/assignments/?after=<deep cursor>", "/assignments/?after=" + ctx["cursor"],
         assignment_sql(path, after=after)),
    ]
    if who == "provincial coordinator":
        found.append(("/assignments/inbox", "/assignments/inbox", other["inbox"]))
    status = raw_statements(kind, info["today"], path, info["province_path"],
                            info["directive_id"])
    found += [
        ("/directives/", "/directives/", other["directives"]),
        ("/tasks/", "/tasks/", other["tasks"]),
        ("/status/", "/status/", [status["status"] if path == info["root_path"]
                                  else status["province"]]),
        ("/status/overdue", "/status/overdue",
         [raw_statements(kind, info["today"], path, path, 0)["overdue"]]),
        ("/status/bodies/<province>/assignments",
         f"/status/bodies/{info['province_id']}/assignments?subtree=1",
         assignment_sql(info["province_path"])),
    ]
    api = [
        ("API assignments", "/api/v1/assignments?per_page=25", assignment_sql(path, sort="due")),
        ("API assignments ?sort=-activity", "/api/v1/assignments?per_page=25&sort=-activity",
         assignment_sql(path, sort="-activity")),
        ("API assignments ?sort=body", "/api/v1/assignments?per_page=25&sort=body",
         assignment_sql(path, sort="body")),
        ("API assignments ?state=overdue", "/api/v1/assignments?per_page=25&state=overdue",
         assignment_sql(path, sort="due", where=overdue)),
        ("API assignments ?directive_id", "/api/v1/assignments?per_page=25&directive_id="
         f"{info['directive_id']}", assignment_sql(
             path, sort="due", where=f" AND t.directive_id = {info['directive_id']}",
             task=True)),
        ("API assignments ?body_id=<province>", "/api/v1/assignments?per_page=25&body_id="
         f"{info['province_id']}", assignment_sql(path, sort="due", where=(
             f" AND b.path LIKE '{info['province_path']}%'"))),
        ("API assignments ?after=<deep cursor>", "/api/v1/assignments?per_page=25&after="
         + ctx["due_cursor"], assignment_sql(path, sort="due", after=due_after)),
        ("API directives", "/api/v1/directives?per_page=25", other["directives"]),
        ("API tasks", "/api/v1/tasks?per_page=25", other["tasks"]),
        ("API overdue", "/api/v1/stats/overdue", [raw_statements(
            kind, info["today"], path, path, 0)["overdue"]]),
    ]
    return found + [(label, p, sql) for label, p, sql in api]


# ---- measuring ---------------------------------------------------------------------------

def timed(port: int, path: str, headers: dict) -> list[float]:
    for _ in range(WARMUP):
        check(*fetch(port, path, **headers), path)
    times = []
    for _ in range(SEQUENTIAL):
        started = time.perf_counter()
        status, response_headers, body = fetch(port, path, **headers)
        times.append((time.perf_counter() - started) * 1000)
        check(status, response_headers, body, path)
    return times


API_USERS = ("central leader", "provincial coordinator")
PAGE_BESIDE, API_BESIDE = "/assignments/?sort=due", "/api/v1/assignments?per_page=25"


def api_beside_page(port: int, cookie: str, token: str) -> dict:
    """The API list and the HTML page of the same rows (both by deadline, 25 rows),
    requested by turns, SEQUENTIAL pairs after a warm-up: measured one after the other, as
    in the table of lists, the two were minutes apart and the machine's drift between them
    was as large as their difference. A refusal by the rate limit (the token's calls of the
    lists above, within the same minute) is waited out and not timed."""
    sides = {"page": (PAGE_BESIDE, {"cookie": cookie}),
             "api": (API_BESIDE, {"headers": {"Authorization": f"Bearer {token}"}})}
    times = {"page": [], "api": []}
    for n in range(WARMUP + SEQUENTIAL):
        for side, (path, headers) in sides.items():
            while True:
                started = time.perf_counter()
                status, response_headers, body = fetch(port, path, **headers)
                spent = (time.perf_counter() - started) * 1000
                if status != 429:
                    break
                time.sleep(int(response_headers.get("Retry-After", "5")) + 0.5)
            check(status, response_headers, body, path)
            if n >= WARMUP:
                times[side].append(spent)
    return {f"{side} {what}": f(ts) for side, ts in times.items()
            for what, f in (("median", statistics.median), ("p95", p95))}


def plain_sql(url: str, statements: list[str]) -> float:
    return sum(raw_median(url, s, runs=7, seconds=2.0, least=3) for s in statements)


def worker_rss(server: Server) -> dict[int, float]:
    """Resident memory (MiB) of each gunicorn worker."""
    import os
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            if int(stat[1]) != server.process.pid:
                continue
            for line in open(f"/proc/{pid}/status"):
                if line.startswith("VmRSS:"):
                    found[int(pid)] = int(line.split()[1]) / 1024
        except OSError:
            continue
    return found


def export(server: Server, cookie: str, path: str) -> dict:
    """One download: its time and the workers' memory before, at the peak, after."""
    before = worker_rss(server)
    peak, done = dict(before), threading.Event()

    def sample():
        while not done.is_set():
            for pid, mib in worker_rss(server).items():
                peak[pid] = max(peak.get(pid, 0), mib)
            time.sleep(0.05)
    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    status, headers, body = fetch(server.port, path, cookie=cookie)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if status != 200:  # e.g. gunicorn's worker timeout (30 s): shown as failed, not fatal
        return {"seconds": seconds, "rows": 0, "bytes": 0, "failed": status,
                "before": 0, "peak": 0, "after": 0}
    time.sleep(1.0)
    after = worker_rss(server)
    grown = max(peak, key=lambda pid: peak[pid] - before.get(pid, peak[pid]))
    return {"seconds": seconds, "rows": _rows(body), "bytes": len(body),
            "before": before.get(grown, 0), "peak": peak[grown], "after": after.get(grown, 0)}


def _rows(xlsx: bytes) -> int:
    import io

    from openpyxl import load_workbook
    sheet = load_workbook(io.BytesIO(xlsx), read_only=True).worksheets[0]
    return sheet.max_row or sum(1 for _ in sheet.iter_rows(values_only=True))


def exports(info: dict) -> list[tuple[str, str]]:
    year = urlencode({"year": 2026})
    return [("overdue export (central)", "/status/overdue/export.xlsx"),
            ("body assignments export, 2026 (central)",
             f"/status/bodies/1/assignments/export.xlsx?subtree=1&{year}"),
            ("status table export (province)", f"/status/bodies/{info['province_id']}/"
             "export.xlsx"),
            ("directive export, both sheets (central)",
             f"/status/directives/{info['directive_id']}/export.xlsx"),
            ("dialogue figures export (central)", "/status/dialogues/export.xlsx")]


def run(kind: str, *, pages_too: bool = True, only: list[str] = (),
        who_only: list[str] = ()) -> dict:
    ensure_dataset(kind)
    info = prepare(kind)
    ctx = prepare_users(kind, info)
    url = database_url(kind)
    server = Server(kind)
    results, downloads, beside = [], [], []
    try:
        for who in USERS if pages_too else ():
            if who_only and not any(w in who for w in who_only):
                continue
            cookie = login(server.port, ctx[who]["email"], PASSWORD)
            for label, path, statements in pages(kind, info, who, ctx):
                if only and not any(o in label for o in only):
                    continue
                headers = {"cookie": cookie}
                if path.startswith("/api/"):
                    headers = {"headers": {"Authorization": f"Bearer {ctx[who]['token']}"}}
                started = time.perf_counter()
                times = timed(server.port, path, headers)
                raw = plain_sql(url, statements)
                print(f"  {kind} {who}: {label} {time.perf_counter() - started:.1f} s",
                      file=sys.stderr, flush=True)
                median = statistics.median(times)
                results.append({"page": label, "who": who, "median": median,
                                "p95": p95(times), "raw": raw,
                                "ratio": median / (1.5 * raw + OVERHEAD_MS)})
        for who in () if only or who_only or not pages_too else API_USERS:
            beside.append({"who": who, **api_beside_page(
                server.port, login(server.port, ctx[who]["email"], PASSWORD),
                ctx[who]["token"])})
        cookie = login(server.port, ctx["central leader"]["email"], PASSWORD)
        for label, path in () if only or who_only else exports(info):
            downloads.append({"export": label, **export(server, cookie, path)})
    finally:
        server.stop()
    report = {"kind": kind, "assignments": info["assignments"], "pages": results,
              "exports": downloads, "api_beside_page": beside}
    name = f"lists-{kind}.json" if pages_too else f"lists-exports-{kind}.json"
    if only or who_only:
        name = f"lists-some-{kind}.json"  # a part: the full run's file stays
    (BENCH_DIR / name).write_text(json.dumps(report, indent=1, default=str))
    return report


def show(report: dict) -> None:
    kind = report["kind"]
    print(f"\n{kind}: {report['assignments']:,} assignments, gunicorn 2 workers")
    print("| page | as | median | p95 | plain SQL | page / (1.5 × SQL + 15 ms) | goals |")
    print("|---|---|---|---|---|---|---|")
    figures = []
    for r in report["pages"]:
        missed = [f"p95 ≥ {LIST_P95_GOAL:.0f} ms"] if r["p95"] >= LIST_P95_GOAL else []
        if r["ratio"] > 1:
            missed.append("ratio > 1")
        verdict = "missed: " + ", ".join(missed) if missed else "met"
        print(f"| {r['page']} | {r['who']} | {r['median']:.1f} ms | {r['p95']:.1f} ms | "
              f"{r['raw']:.1f} ms | {r['ratio']:.2f} | {verdict} |")
        row = f"{r['page']} · {r['who']}"
        figures += [(f"Lists, {kind}", row, "median ms", r["median"]),
                    (f"Lists, {kind}", row, "p95 ms", r["p95"]),
                    (f"Lists, {kind}", row, "plain SQL ms", r["raw"]),
                    (f"Lists, {kind}", row, "page / (1.5 × SQL + 15 ms)", r["ratio"])]
    if report.get("api_beside_page"):
        print("\n| API list beside its page, by turns | page median | API median | "
              "page p95 | API p95 |")
        print("|---|---|---|---|---|")
    for b in report.get("api_beside_page", ()):
        print(f"| {b['who']} | {b['page median']:.1f} ms | {b['api median']:.1f} ms | "
              f"{b['page p95']:.1f} ms | {b['api p95']:.1f} ms |")
        figures += [(f"API list beside its page, {kind}", b["who"], label, b[key])
                    for label, key in (("page median ms", "page median"),
                                       ("API median ms", "api median"),
                                       ("page p95 ms", "page p95"), ("API p95 ms", "api p95"))]
    print("\n| export | rows | seconds | worker MiB before → peak → after |")
    print("|---|---|---|---|")
    for e in report["exports"]:
        if e.get("failed"):
            print(f"| {e['export']} | HTTP {e['failed']} after {e['seconds']:.1f} s | | |")
            figures.append((f"Exports, {kind}", e["export"], "failed (HTTP status)",
                            e["failed"]))
            continue
        print(f"| {e['export']} | {e['rows']:,} | {e['seconds']:.1f} s | {e['before']:.0f} → "
              f"{e['peak']:.0f} → {e['after']:.0f} |")
        figures += [(f"Exports, {kind}", e["export"], "rows", e["rows"]),
                    (f"Exports, {kind}", e["export"], "seconds", e["seconds"]),
                    (f"Exports, {kind}", e["export"], "worker MiB before", e["before"]),
                    (f"Exports, {kind}", e["export"], "worker MiB peak", e["peak"]),
                    (f"Exports, {kind}", e["export"], "worker MiB after", e["after"])]
    emit(figures)


def main(args: list[str]) -> None:
    only, who_only, kinds = [], [], []
    words = iter(args)
    for arg in words:
        if arg == "--only":
            only.append(next(words))
        elif arg == "--as":
            who_only.append(next(words))
        elif arg in ("sqlite", "postgresql"):
            kinds.append(arg)
        elif arg != "--exports":  # --help too: a kind unknown would be built as a dataset
            sys.exit(__doc__)
    for kind in kinds or ["sqlite", "postgresql"]:
        show(run(kind, pages_too="--exports" not in args, only=only, who_only=who_only))


if __name__ == "__main__":
    main(sys.argv[1:])
