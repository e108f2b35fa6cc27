"""The delivery pass: claim pending outbox rows atomically, send them, record the outcome.

A row is claimed by one UPDATE that re-checks `status = 'pending'`, so two schedulers (or
a rerun) never send the same row. Claims are stamped with the wall clock (not the pass's
`now`, which run-once may set to another day) and renewed, with a check that the row is
still ours, just before each mail goes out: a slow pass never sends a row that another
process took over as stale. Each outcome is committed at once: a crash loses at most the
mail being sent, which a stale claim then retries — one duplicate at most, carrying the
same Message-ID.
"""
import secrets
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import select, update

from tracker.core.mail import PermanentMailError, SmtpMailer, SmtpSettings, TemporaryMailError
from tracker.core.time import utcnow
from tracker.extensions import db
from tracker.reminders import queries
from tracker.reminders.mails import EmptyDigest, compose
from tracker.reminders.models import OutboxMail

STALE_CLAIM = timedelta(minutes=15)  # far longer than one SMTP conversation (SMTP_TIMEOUT)
ABOUT_ASSIGNMENT = {"before", "due_today", "overdue", "overdue_copy", "escalation"}


def backoff(attempts: int) -> timedelta:
    """5 min, 10, 20 … capped at 6 hours: an SMTP outage of days loses nothing."""
    return min(timedelta(minutes=5) * 2 ** max(attempts - 1, 0), timedelta(hours=6))


def deliver_outbox(*, now: datetime, settings: SmtpSettings | None = None, batch: int = 50,
                   only_ids: list[int] | None = None) -> Counter:
    """Send every due pending mail; returns counts of sent, retry, failed, cancelled."""
    settings = settings or SmtpSettings.from_config()
    outcome: Counter = Counter()
    db.session.execute(
        update(OutboxMail).where(OutboxMail.status == "sending",
                                 OutboxMail.claimed_at < utcnow() - STALE_CLAIM)
        .values(status="pending", claim_token=None))
    db.session.commit()
    with SmtpMailer(settings) as mailer:
        while True:
            rows, token = claim(now, batch, only_ids)
            if not rows:
                break
            outcome += send_claimed(rows, token, mailer, now)
            if only_ids is not None:
                break
    return outcome


def send_claimed(rows: list[OutboxMail], token: str, mailer: SmtpMailer,
                 now: datetime) -> Counter:
    """Send a claimed batch, committing each outcome; rows taken over are left alone."""
    outcome: Counter = Counter()
    details = queries.mail_details(r.assignment_id for r in rows)
    for row in rows:
        if not _still_ours(row, token):
            outcome["taken_over"] += 1
            continue
        outcome[_deliver_one(row, details, mailer, now)] += 1
        db.session.commit()
    return outcome


def claim(now: datetime, batch: int, only_ids) -> tuple[list[OutboxMail], str]:
    token = secrets.token_hex(16)
    candidates = (select(OutboxMail.id).where(OutboxMail.status == "pending",
                                              OutboxMail.next_attempt_at <= now)
                  .order_by(OutboxMail.id).limit(batch))
    if only_ids is not None:
        candidates = candidates.where(OutboxMail.id.in_(only_ids))
    db.session.execute(
        update(OutboxMail).where(OutboxMail.id.in_(candidates.scalar_subquery()),
                                 OutboxMail.status == "pending")
        .values(status="sending", claim_token=token, claimed_at=utcnow())
        .execution_options(synchronize_session=False))
    db.session.commit()
    return list(db.session.scalars(
        select(OutboxMail).where(OutboxMail.claim_token == token).order_by(OutboxMail.id))), token


def _still_ours(row: OutboxMail, token: str) -> bool:
    """Renew the claim of a row about to be sent, if no one has taken it over meanwhile
    (a pass slower than STALE_CLAIM has its later rows reset and sent by another one)."""
    renewed = db.session.execute(
        update(OutboxMail).where(OutboxMail.id == row.id, OutboxMail.status == "sending",
                                 OutboxMail.claim_token == token)
        .values(claimed_at=utcnow()).execution_options(synchronize_session=False))
    db.session.commit()
    if renewed.rowcount != 1:
        db.session.expire(row)
        return False
    return True


def _deliver_one(row: OutboxMail, details: dict, mailer: SmtpMailer, now: datetime) -> str:
    detail = details.get(row.assignment_id)
    if row.kind in ABOUT_ASSIGNMENT and (detail is None or detail[0].status == "done"):
        row.status, row.claim_token = "cancelled", None
        return "cancelled"
    try:
        mailer.send(compose(row, detail, now=now))
    except EmptyDigest:
        row.status, row.claim_token = "cancelled", None
        return "cancelled"
    except TemporaryMailError as error:
        row.attempts += 1
        row.status, row.claim_token = "pending", None
        row.next_attempt_at = now + backoff(row.attempts)
        row.last_error = str(error)[:2000]
        return "retry"
    except PermanentMailError as error:
        row.attempts += 1
        row.status, row.claim_token = "failed", None
        row.last_error = str(error)[:2000]
        return "failed"
    row.attempts += 1
    row.status, row.claim_token, row.sent_at, row.last_error = "sent", None, now, ""
    return "sent"


def deliver_now(ids: list[int], *, now: datetime) -> Counter:
    """Send these mails during a web request, with a short timeout; whatever cannot go now
    stays in the outbox for the scheduler."""
    from flask import current_app
    settings = SmtpSettings.from_config()
    settings.timeout = min(settings.timeout, current_app.config["SMTP_INLINE_TIMEOUT"])
    return deliver_outbox(now=now, settings=settings, only_ids=ids)
