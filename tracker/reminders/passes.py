"""A full pass, as the scheduler and `flask reminders run-once` run it: plan the day's
reminders once it is time, then deliver what is due."""
from collections import Counter
from datetime import date, datetime

from tracker.core.time import VN, vn_today
from tracker.extensions import db
from tracker.reminders import queries
from tracker.reminders.delivery import deliver_outbox
from tracker.reminders.planning import plan_reminders, send_time


def run_pass(*, now: datetime, today: date | None = None, record: bool = True,
             catch_up: bool = False) -> tuple[Counter, Counter]:
    """Plan `today` if its send time has come and it is not planned yet; then deliver
    (with `catch_up`, also the mails waiting for a retry, see deliver_outbox)."""
    today = today or vn_today(now)
    policy = queries.policy()
    planned: Counter = Counter()
    if now >= send_time(today, policy.send_hour, policy.send_minute) \
            and not queries.is_planned(today):
        planned = plan_reminders(today, now=now, record=record)
        db.session.commit()
    delivered = deliver_outbox(now=now, catch_up=catch_up)
    return planned, delivered


def simulated_now(today: date) -> datetime:
    """For run-once on a given date: the moment that day's mails go out."""
    policy = queries.policy()
    return max(send_time(today, policy.send_hour, policy.send_minute),
               send_time(today, policy.digest_hour, 0))


def preview(today: date, *, now: datetime) -> list[tuple]:
    """What the plan for `today` would add, without writing it."""
    from sqlalchemy import select

    from tracker.reminders.models import OutboxMail
    before = db.session.scalar(select(db.func.max(OutboxMail.id))) or 0
    try:
        plan_reminders(today, now=now)
        db.session.flush()
        rows = db.session.execute(
            select(OutboxMail.kind, OutboxMail.recipient_email, OutboxMail.assignment_id,
                   OutboxMail.planned_for, OutboxMail.next_attempt_at)
            .where(OutboxMail.id > before).order_by(OutboxMail.id)).all()
    finally:
        db.session.rollback()
    return [(kind, email, aid, day, at.astimezone(VN)) for kind, email, aid, day, at in rows]
