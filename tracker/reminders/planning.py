"""The daily planning pass: decide every reminder of a working day and write it to the
outbox, in one transaction, each under a unique key."""
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy.dialects import postgresql, sqlite

from tracker.core.time import VN
from tracker.extensions import db
from tracker.reminders import queries, schedule
from tracker.reminders.calendar import ONE_DAY
from tracker.reminders.models import OutboxMail, PlanningRun

CATCH_UP_DAYS = 60  # after a longer outage, older reminders are no longer useful
# Among the reminders of one assignment to one person on one day, only the most urgent.
URGENCY = {"due_today": 0, "before": 1}


@dataclass(frozen=True)
class Planned:
    kind: str
    detail: str  # "3" for "3 days before"; "" otherwise
    assignment_id: int | None
    recipient_id: int
    email: str
    day: date
    send_at: datetime

    @property
    def key(self) -> str:
        target = self.assignment_id if self.assignment_id is not None else "-"
        return f"{self.kind}{self.detail}:{target}:{self.day.isoformat()}:{self.recipient_id}"


def send_time(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), VN).astimezone(timezone.utc)


def plan_reminders(today: date, *, now: datetime) -> Counter:
    """Plan every working day since the last planned one up to `today` (catching up an
    outage once), and return how many mails of each kind were added."""
    policy, cal = queries.policy(), queries.work_calendar()
    last = queries.last_planned_day()
    start = today if last is None else max(last + ONE_DAY, today - timedelta(CATCH_UP_DAYS))
    days = cal.working_days(start, today)
    earliest = queries.earliest_open_deadline()
    planned: list[Planned] = []
    for day in days:
        planned += _plan_day(day, policy, cal, earliest)
    planned = _collapse_catch_up(planned)
    added = _insert(planned, now)
    if start <= today:
        _insert_ignore(PlanningRun, [{"day": today, "planned_at": now,
                                      "mails": sum(added.values())}], "day")
    db.session.flush()
    return added


def _plan_day(day, policy, cal, earliest) -> list[Planned]:
    at = send_time(day, policy.send_hour, policy.send_minute)
    planned: list[Planned] = []
    by_rule = [("before", str(k), schedule.before_deadlines(cal, day, k)) for k in policy.offsets]
    by_rule.append(("due_today", "", schedule.due_today_deadlines(cal, day)))
    if earliest is not None:
        by_rule.append(("overdue", "", schedule.overdue_deadlines(
            cal, day, policy.overdue_every_working_days, earliest)))
    officer_rows, copy_rows = [], []
    for kind, detail, deadlines in by_rule:
        for assignment_id, body_id, owner_id, _due in queries.open_assignments_due(deadlines):
            officer_rows.append((kind, detail, assignment_id, body_id))
            if kind == "overdue":
                copy_rows.append((assignment_id, owner_id))
    escalations = queries.open_assignments_due(
        schedule.escalation_deadlines(cal, day, policy.escalate_after_days))

    officers = queries.users_by_body({r[3] for r in officer_rows}, "officer")
    coordinators = queries.users_by_body({r[1] for r in copy_rows}, "coordinator")
    leaders = queries.users_by_body({r[2] for r in escalations}, "leader")

    chosen: dict[tuple[int, int], Planned] = {}
    for kind, detail, assignment_id, body_id in officer_rows:
        for user_id, email, single, digest in officers.get(body_id, ()):
            planned_mail = _personal(kind, detail, assignment_id, user_id, email, single,
                                     digest, day, at)
            if planned_mail is None:
                continue
            if planned_mail.kind == "daily_digest" or kind == "overdue":
                planned.append(planned_mail)
                continue
            slot = (assignment_id, user_id)
            current = chosen.get(slot)
            if current is None or (URGENCY[kind], -int(detail or 0)) < (
                    URGENCY[current.kind], -int(current.detail or 0)):
                chosen[slot] = planned_mail
    planned += chosen.values()
    for assignment_id, owner_id in copy_rows:
        for user_id, email, single, digest in coordinators.get(owner_id, ()):
            planned_mail = _personal("overdue_copy", "", assignment_id, user_id, email, single,
                                     digest, day, at)
            if planned_mail is not None:
                planned.append(planned_mail)
    for assignment_id, _body_id, owner_id, _due in escalations:
        for user_id, email, _single, _digest in leaders.get(owner_id, ()):
            # Escalations cannot be turned off: they ignore the user's preferences.
            planned.append(Planned("escalation", "", assignment_id, user_id, email, day, at))
    if schedule.is_weekly_digest_day(cal, day, policy.digest_weekday):
        digest_at = send_time(day, policy.digest_hour, 0)
        for user_id, email, _path in queries.leaders_with_overdue(day):
            planned.append(Planned("weekly_digest", "", None, user_id, email, day, digest_at))
    return planned


def _personal(kind, detail, assignment_id, user_id, email, single, digest, day, at):
    """A single mail, or the user's daily digest instead, or nothing if mails are off."""
    if digest:
        return Planned("daily_digest", "", None, user_id, email, day, at)
    if not single:
        return None
    return Planned(kind, detail, assignment_id, user_id, email, day, at)


def _collapse_catch_up(planned: list[Planned]) -> list[Planned]:
    """After an outage several days are planned at once: each person gets each kind of
    mail about an assignment once (the latest), and one digest, not one per missed day."""
    latest: dict[tuple, Planned] = {}
    for mail in planned:
        group = "before" if mail.kind in URGENCY else mail.kind
        slot = (group, mail.assignment_id, mail.recipient_id)
        if slot not in latest or mail.day > latest[slot].day:
            latest[slot] = mail
    return list(latest.values())


def _insert(planned: list[Planned], now: datetime) -> Counter:
    planned = list({p.key: p for p in planned}.values())  # one digest per person per day
    rows = [{"key": p.key, "kind": p.kind, "recipient_id": p.recipient_id,
             "recipient_email": p.email, "assignment_id": p.assignment_id,
             "planned_for": p.day, "status": "pending", "attempts": 0,
             "next_attempt_at": max(p.send_at, now), "created_at": now, "note": "",
             "last_error": ""} for p in planned]
    inserted = _insert_ignore(OutboxMail, rows, "key")
    return Counter(kind for kind in inserted)


def _insert_ignore(model, rows: list[dict], unique_column: str) -> list[str]:
    """INSERT ... ON CONFLICT DO NOTHING in chunks; returns the kinds really inserted."""
    if not rows:
        return []
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    inserted: list[str] = []
    for start in range(0, len(rows), 2000):
        chunk = rows[start:start + 2000]
        stmt = insert(model).values(chunk).on_conflict_do_nothing(
            index_elements=[unique_column])
        if model is OutboxMail:
            result = db.session.execute(stmt.returning(OutboxMail.kind))
            inserted += [kind for (kind,) in result]
        else:
            db.session.execute(stmt)
    return inserted
