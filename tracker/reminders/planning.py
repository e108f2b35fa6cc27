"""The daily planning pass: decide every reminder of the working days since the last pass
and write them to the outbox in one transaction, each under a unique key
(kind, assignment or digest, day, recipient), so a rerun or a second scheduler adds nothing.

Decisions are taken per deadline, not per assignment: for each rule we know which deadlines
a day reminds of (see schedule.py); the rows are then written by one
INSERT ... SELECT ... ON CONFLICT DO NOTHING per rule, at the speed of the database.
"""
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Date, Integer, String, and_, bindparam, cast, literal, select, true
from sqlalchemy.dialects import postgresql, sqlite

from tracker.assignments.models import Assignment
from tracker.assignments.state import EDITABLE, effective_due_column, open_clause
from tracker.auth.models import User
from tracker.auth.queries import active_members
from tracker.bodies.models import Body
from tracker.core.time import VN
from tracker.core.types import UTCDateTime
from tracker.extensions import db
from tracker.reminders import queries, schedule
from tracker.reminders.calendar import ONE_DAY
from tracker.reminders.models import OutboxMail, PlanningRun
from tracker.tasks.models import Task

CATCH_UP_DAYS = 60  # after a longer outage, older reminders are no longer useful
# Before-deadline reminders of one assignment on one day: only the most urgent is sent.
URGENCY = {"due_today": 0, "before": 1}
COLUMNS = ["key", "kind", "recipient_id", "recipient_email", "assignment_id", "planned_for",
           "status", "attempts", "next_attempt_at", "created_at", "note", "last_error"]


def send_time(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), VN).astimezone(timezone.utc)


def plan_reminders(today: date, *, now: datetime, record: bool = True) -> Counter:
    """Plan every working day since the last planned one up to `today`, and return how many
    mails of each kind were added. After an outage each person gets each kind of reminder
    about an assignment once (the latest one due), not once per missed day. `record=False`
    (a rehearsal of a future day) leaves the days to be planned again when they come: the
    unique keys keep what was already sent from going out twice."""
    policy, cal = queries.policy(), queries.work_calendar()
    last = queries.last_planned_day()
    start = today if last is None else max(last + ONE_DAY, today - timedelta(CATCH_UP_DAYS))
    days = cal.working_days(start, today)
    added: Counter = Counter()
    if days:
        earliest = queries.earliest_open_deadline()

        def at(day: date) -> datetime:
            return max(send_time(day, policy.send_hour, policy.send_minute), now)
        before, overdue, escalation = _choose(days, policy, cal, earliest, today)
        for (kind, detail, day), deadlines in before.items():
            added[kind] += _insert_mails(kind, detail, day, deadlines, at(day), now,
                                         role="officer", via_owner=False)
            added[kind] += _insert_contact_mails(kind, detail, day, deadlines, at(day), now)
        for day, deadlines in overdue.items():
            added["overdue"] += _insert_mails("overdue", "", day, deadlines, at(day), now,
                                              role="officer", via_owner=False)
            added["overdue"] += _insert_contact_mails("overdue", "", day, deadlines, at(day),
                                                      now)
            added["overdue_copy"] += _insert_mails("overdue_copy", "", day, deadlines, at(day),
                                                   now, role="coordinator", via_owner=True)
        for day, deadlines in escalation.items():
            added["escalation"] += _insert_mails("escalation", "", day, deadlines, at(day), now,
                                                 role="leader", via_owner=True, always=True)
        if queries.anyone_wants_daily_digest():
            officer_deadlines = [d for group in (before, overdue) for ds in group.values()
                                 for d in ds]
            added["daily_digest"] += _insert_digests(today, officer_deadlines, at(today), now,
                                                     via_owner=False, role="officer")
            added["daily_digest"] += _insert_digests(
                today, [d for ds in overdue.values() for d in ds], at(today), now,
                via_owner=True, role="coordinator")
        digest_days = [d for d in days if schedule.is_weekly_digest_day(cal, d,
                                                                        policy.digest_weekday)]
        if digest_days:
            added["weekly_digest"] += _insert_weekly_digests(
                digest_days[-1], max(send_time(digest_days[-1], policy.digest_hour, 0), now), now)
    if record and start <= today:
        _insert_ignore(PlanningRun, [{"day": today, "planned_at": now,
                                      "mails": sum(added.values())}], "day")
    db.session.flush()
    return Counter({kind: n for kind, n in added.items() if n})


def _choose(days, policy, cal, earliest, today):
    """For each rule, the deadlines each day reminds of, keeping for each deadline only its
    latest day in the window (and, among before-deadline rules, the most urgent). After an
    outage, a deadline already past gets no before-deadline reminder: the overdue mail says
    it."""
    latest_before: dict[date, tuple] = {}
    for day in days:
        rules = [("before", str(k), schedule.before_deadlines(cal, day, k))
                 for k in policy.offsets]
        rules.append(("due_today", "", schedule.due_today_deadlines(cal, day)))
        for kind, detail, deadlines in rules:
            rank = (day, -URGENCY[kind], int(detail or 0) * -1)
            for deadline in deadlines:
                if deadline not in latest_before or rank > latest_before[deadline][0]:
                    latest_before[deadline] = (rank, kind, detail, day)
    before = defaultdict(list)
    for deadline, (_rank, kind, detail, day) in latest_before.items():
        if deadline >= today:
            before[(kind, detail, day)].append(deadline)

    latest_overdue: dict[date, date] = {}
    latest_escalation: dict[date, date] = {}
    for day in days:
        if earliest is not None:
            for deadline in schedule.overdue_deadlines(
                    cal, day, policy.overdue_every_working_days, earliest):
                latest_overdue[deadline] = day
        for deadline in schedule.escalation_deadlines(cal, day, policy.escalate_after_days):
            latest_escalation[deadline] = day
    return before, _by_day(latest_overdue), _by_day(latest_escalation)


def _by_day(latest: dict[date, date]) -> dict[date, list[date]]:
    grouped = defaultdict(list)
    for deadline, day in latest.items():
        grouped[day].append(deadline)
    return grouped


def _open_due_in():
    return and_(open_clause(),
                effective_due_column().in_(bindparam("deadlines", expanding=True)))


def _recipients(role: str, via_owner: bool):
    # "+ 0": the assignment's body must not be read through an index here. Otherwise SQLite
    # starts from every user and probes the (body, deadline) index once per deadline of
    # years of overdue work (2.5x slower); the deadline index is the way in.
    body_id = Task.owner_body_id if via_owner else Assignment.body_id + 0
    return active_members(body_id, role)


def _insert_mails(kind, detail, day, deadlines, send_at, now, *, role, via_owner,
                  always=False) -> int:
    """One INSERT ... SELECT of the mails of a rule on a day; returns the rows added."""
    if not deadlines:
        return 0
    prefix = f"{kind}{detail}:"
    key = (literal(prefix, String) + cast(Assignment.id, String)
           + literal(f":{day.isoformat()}:", String) + cast(User.id, String))
    preference = true() if always else and_(User.reminder_mails.is_(True),
                                            User.daily_digest.is_(False))
    rows = (select(key, literal(kind, String), User.id, User.email, Assignment.id,
                   literal(day, Date), literal("pending", String), literal(0),
                   literal(send_at, UTCDateTime()), literal(now, UTCDateTime()),
                   literal("", String), literal("", String))
            .select_from(Assignment).join(Task, Task.id == Assignment.task_id)
            .join(User, and_(_recipients(role, via_owner), preference))
            .where(_open_due_in()))
    return _insert_select(rows, {"deadlines": sorted(set(deadlines))})


def _insert_contact_mails(kind, detail, day, deadlines, send_at, now) -> int:
    """The officers' reminders also to the contact address of a body that has one (a
    commune without an account), while its report is still to be sent; the mail carries a
    secret link to the assignment, made when it goes out (tracker/links)."""
    if not deadlines:
        return 0
    key = (literal(f"{kind}{detail}:", String) + cast(Assignment.id, String)
           + literal(f":{day.isoformat()}:b", String) + cast(Body.id, String))
    rows = (select(key, literal(kind, String), literal(None, type_=Integer), Body.contact_email,
                   Assignment.id, literal(day, Date), literal("pending", String), literal(0),
                   literal(send_at, UTCDateTime()), literal(now, UTCDateTime()),
                   literal("", String), literal("", String))
            .select_from(Assignment).join(Body, Body.id == Assignment.body_id)
            .where(_open_due_in(), Assignment.status.in_(EDITABLE), Body.contact_email != ""))
    return _insert_select(rows, {"deadlines": sorted(set(deadlines))})


def _insert_digests(day, deadlines, send_at, now, *, via_owner, role) -> int:
    """A daily digest, instead of single mails, for each person who chose it and has at
    least one reminder: a digest with nothing in it is never planned."""
    if not deadlines:
        return 0
    people = (select(User.id, User.email).distinct()
              .select_from(Assignment).join(Task, Task.id == Assignment.task_id)
              .join(User, and_(_recipients(role, via_owner), User.daily_digest.is_(True)))
              .where(_open_due_in())).subquery()
    key = literal(f"daily_digest:-:{day.isoformat()}:", String) + cast(people.c.id, String)
    rows = select(key, literal("daily_digest", String), people.c.id, people.c.email,
                  literal(None, type_=Assignment.id.type), literal(day, Date),
                  literal("pending", String), literal(0), literal(send_at, UTCDateTime()),
                  literal(now, UTCDateTime()), literal("", String), literal("", String))
    return _insert_select(rows, {"deadlines": sorted(set(deadlines))})


def _insert_weekly_digests(day, send_at, now) -> int:
    rows = [{"key": f"weekly_digest:-:{day.isoformat()}:{user_id}", "kind": "weekly_digest",
             "recipient_id": user_id, "recipient_email": email, "assignment_id": None,
             "planned_for": day, "status": "pending", "attempts": 0,
             "next_attempt_at": send_at, "created_at": now, "note": "", "last_error": ""}
            for user_id, email, _path in queries.leaders_with_overdue(day)]
    return _insert_ignore(OutboxMail, rows, "key")


def _dialect_insert():
    dialect = db.session.get_bind().dialect.name
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def _insert_select(rows, params) -> int:
    # SQLite needs a WHERE in an INSERT ... SELECT ... ON CONFLICT to parse it.
    rows = rows.where(literal(1) == 1)
    stmt = (_dialect_insert()(OutboxMail.__table__).from_select(COLUMNS, rows)
            .on_conflict_do_nothing(index_elements=["key"])
            .execution_options(preserve_rowcount=True))  # else -1 for INSERT on psycopg
    return db.session.execute(stmt, params).rowcount


def _insert_ignore(model, rows: list[dict], unique_column: str) -> int:
    """INSERT ... VALUES ... ON CONFLICT DO NOTHING; returns the rows added."""
    if not rows:
        return 0
    stmt = (_dialect_insert()(model.__table__).values(rows)
            .on_conflict_do_nothing(index_elements=[unique_column])
            .execution_options(preserve_rowcount=True))
    return db.session.execute(stmt).rowcount
