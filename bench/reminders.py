"""Benchmark of the daily reminder planning pass at national scale.

    python -m bench.reminders            # SQLite and PostgreSQL
    python -m bench.reminders sqlite     # one of them

Prints the time and peak memory of one planning pass, the time of the plain SQL that finds
the same due assignments and inserts their outbox rows, and a second pass for the same day.
The dataset is built once in $BENCH_DIR (default /tmp/tracker-bench) and reused.
"""
import json
import sys
import time

from sqlalchemy import text

from bench.common import app_for, database_url, emit, ensure_dataset, peak_rss_mib, run_child

COLUMNS = ("key, kind, recipient_id, recipient_email, assignment_id, planned_for, status, "
           "attempts, next_attempt_at, created_at, note, last_error")
RAW_SQL = f"""
INSERT INTO outbox_mails ({COLUMNS})
SELECT 'raw' || :kind || ':' || a.id || ':' || u.id, :kind, u.id, u.email, a.id, :day,
       'pending', 0, :now, :now, '', ''
FROM assignments a JOIN tasks t ON t.id = a.task_id
JOIN users u ON u.body_id = {{recipient_body}} AND u.role = :role AND u.active
WHERE a.status != 'done' AND coalesce(a.extended_due_on, a.due_on) IN ({{deadlines}})
ON CONFLICT (key) DO NOTHING
"""
RAW_WEEKLY = f"""
INSERT INTO outbox_mails ({COLUMNS})
SELECT 'rawweekly:' || u.id, 'weekly_digest', u.id, u.email, NULL, :day, 'pending', 0,
       :now, :now, '', ''
FROM users u JOIN bodies lb ON lb.id = u.body_id
WHERE u.role = 'leader' AND u.active AND EXISTS (
  SELECT 1 FROM assignments a JOIN bodies b ON b.id = a.body_id
  WHERE a.status != 'done' AND coalesce(a.extended_due_on, a.due_on) < :day
    AND b.path LIKE lb.path || '%')
ON CONFLICT (key) DO NOTHING
"""


def child(kind: str, what: str) -> None:
    from bench.dataset import NOW, TODAY
    from tracker.extensions import db
    from tracker.reminders import queries, schedule
    from tracker.reminders.models import OutboxMail, PlanningRun
    from tracker.reminders.planning import plan_reminders
    app = app_for(database_url(kind))
    with app.app_context():
        db.session.execute(text("DELETE FROM outbox_mails"))
        db.session.execute(text("DELETE FROM planning_runs"))
        db.session.commit()
        if what == "plan":
            started = time.perf_counter()
            added = plan_reminders(TODAY, now=NOW)
            db.session.commit()
            first = time.perf_counter() - started
            started = time.perf_counter()
            again = plan_reminders(TODAY, now=NOW)  # the same day: already planned
            db.session.commit()
            second = time.perf_counter() - started
            # Forget that the day was planned: the unique keys alone refuse every row.
            db.session.query(PlanningRun).delete()
            db.session.commit()
            started = time.perf_counter()
            forced = plan_reminders(TODAY, now=NOW)
            db.session.commit()
            forced_time = time.perf_counter() - started
            rows = db.session.query(OutboxMail).count()
            print(json.dumps({"first": first, "mails": sum(added.values()),
                              "by_kind": dict(added), "second": second,
                              "second_mails": sum(again.values()), "forced": forced_time,
                              "forced_mails": sum(forced.values()), "rows": rows,
                              "peak_rss_mib": peak_rss_mib()}))
            return
        # The plain SQL doing the same work: the same deadline sets, INSERT ... SELECT, with
        # the same "+ 0" that keeps SQLite from a slow plan (see planning._recipients).
        policy, cal = queries.policy(), queries.work_calendar()
        earliest = queries.earliest_open_deadline()
        officers = "a.body_id + 0"
        rules = [("before", schedule.before_deadlines(cal, TODAY, k), "officer", officers)
                 for k in policy.offsets]
        rules.append(("due_today", schedule.due_today_deadlines(cal, TODAY), "officer",
                      officers))
        overdue = schedule.overdue_deadlines(cal, TODAY, policy.overdue_every_working_days,
                                             earliest)
        rules.append(("overdue", overdue, "officer", officers))
        rules.append(("overdue_copy", overdue, "coordinator", "t.owner_body_id"))
        rules.append(("escalation", schedule.escalation_deadlines(
            cal, TODAY, policy.escalate_after_days), "leader", "t.owner_body_id"))
        stamp = NOW.replace(tzinfo=None).isoformat(" ") if kind == "sqlite" else NOW
        started = time.perf_counter()
        for rule_kind, deadlines, role, recipient_body in rules:
            if not deadlines:
                continue
            literal = ", ".join(f"'{d.isoformat()}'" for d in deadlines)
            db.session.execute(text(RAW_SQL.format(recipient_body=recipient_body,
                                                   deadlines=literal)),
                               {"kind": rule_kind, "role": role, "day": TODAY, "now": stamp})
        db.session.execute(text(RAW_WEEKLY), {"day": TODAY, "now": stamp})
        db.session.commit()
        raw = time.perf_counter() - started
        rows = db.session.execute(text("SELECT count(*) FROM outbox_mails")).scalar()
        db.session.execute(text("DELETE FROM outbox_mails"))
        db.session.commit()
        if kind != "sqlite":
            # Both passes wrote and deleted ~150,000 rows: without this the outbox stays
            # that size on disk, dead rows, until autovacuum comes, and the lists benchmark
            # run next reads them (26-38 ms for an empty outbox page).
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE outbox_mails"))
        print(json.dumps({"raw": raw, "rows": rows}))


def main(kinds: list[str]) -> None:
    for kind in kinds:
        ensure_dataset(kind)
        plan = run_child("bench.reminders", "--child", kind, "plan")
        raw = run_child("bench.reminders", "--child", kind, "raw")
        print(f"\n{kind}: daily planning pass over {database_url(kind)}")
        print(f"  first pass          {plan['first']:7.3f} s   {plan['mails']:,} mails "
              f"{plan['by_kind']}")
        print(f"  plain SQL           {raw['raw']:7.3f} s   {raw['rows']:,} rows "
              f"(ratio {plan['first'] / raw['raw']:.2f}x)")
        print(f"  peak memory         {plan['peak_rss_mib']:7.0f} MiB (whole process)")
        print(f"  second pass         {plan['second']:7.3f} s   {plan['second_mails']} mails")
        print(f"  forced re-plan      {plan['forced']:7.3f} s   {plan['forced_mails']} mails "
              f"(unique keys refuse every row)")
        table = f"Reminders, {kind}"
        emit([(table, "first planning pass", "seconds", plan["first"]),
              (table, "plain SQL", "seconds", raw["raw"]),
              (table, "peak memory", "MiB", plan["peak_rss_mib"]),
              (table, "second pass", "seconds", plan["second"]),
              (table, "first pass", "mails", plan["mails"])])


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    else:
        main(sys.argv[1:] or ["sqlite", "postgresql"])
