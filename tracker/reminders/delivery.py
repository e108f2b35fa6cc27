"""The delivery pass: claim pending outbox rows atomically, send them, record the outcome.

A row is claimed by one UPDATE that re-checks `status = 'pending'`, so two schedulers (or
a rerun) never send the same row. Claims are stamped with the wall clock (not the pass's
`now`, which run-once may set to another day) and renewed, with a check that the row is
still ours, just before each mail goes out: a slow pass never sends a row that another
process took over as stale. Each outcome is committed at once: a crash loses at most the
mail being sent, which a stale claim then retries — one duplicate at most, carrying the
same Message-ID.

Every mail about an assignment is checked again just before it goes out, against the
assignment as it is then (done, deadline extended, given to another body): a mail planned
days ago, retried after an outage or queued again by an admin never says what is no
longer true. A server that does not answer is given up for the pass after the first
failure, so a hung server holds a pass for one SMTP_TIMEOUT, not one per mail.
"""
import secrets
import smtplib
from collections import Counter
from datetime import date, datetime, timedelta

from flask_babel import gettext
from sqlalchemy import or_, select, update

from tracker.assignments.state import days_overdue, is_editable, is_open, is_past
from tracker.auth.queries import is_active_member
from tracker.core.mail import PermanentMailError, SmtpMailer, SmtpSettings, TemporaryMailError
from tracker.core.time import utcnow, vn_today
from tracker.extensions import db
from tracker.reminders import events, queries, schedule
from tracker.reminders.mails import EmptyDigest, compose
from tracker.reminders.models import OutboxMail

STALE_CLAIM = timedelta(minutes=15)  # far longer than one SMTP conversation (SMTP_TIMEOUT)
# Who each mail about an assignment is for: the assigned body's officers, or the
# coordinators or leaders of the body that assigned it.
RECIPIENT = {"before": "officer", "due_today": "officer", "overdue": "officer",
             "urge": "officer", "link": "officer", "overdue_copy": "coordinator",
             "escalation": "leader"}
ABOUT_ASSIGNMENT = set(RECIPIENT)
SERVER_DOWN = "server_down"


def reason_not_to_send(row: OutboxMail, detail: tuple | None, user, *, today: date,
                       cal, policy) -> str:
    """Why a mail about an assignment must not go out now ("" when it still must)."""
    if row.kind in events.EVENT_KINDS:
        return events.reason_not_to_send(row, detail, user, today=today)
    if row.kind not in ABOUT_ASSIGNMENT:
        return ""
    if detail is None:
        return "gone"
    assignment, task = detail[0], detail[1]
    if not is_open(assignment.status):
        return "done"
    role = RECIPIENT[row.kind]
    body_id = assignment.body_id if role == "officer" else task.owner_body_id
    if row.recipient_id is None:  # a body's contact address: its mail carries a link
        if not is_editable(assignment.status):
            return "submitted"
        if detail[3].contact_email != row.recipient_email:
            return "reassigned"
    elif not is_active_member(user, body_id, role):
        return "reassigned"
    due = assignment.effective_due_on
    if row.kind in ("before", "due_today") and \
            due > schedule.due_soon_until(cal, today, policy.offsets):
        return "deadline_moved"
    if row.kind in ("overdue", "overdue_copy") and not is_past(due, today):
        return "deadline_moved"
    if row.kind == "escalation" and days_overdue(assignment, today) < policy.escalate_after_days:
        return "deadline_moved"
    return ""


def _server_down(error: TemporaryMailError) -> bool:
    """A fault of the server or the network (no answer, refused connection, login), not
    a 4xx answer about one mail."""
    cause = error.__cause__
    return isinstance(cause, smtplib.SMTPAuthenticationError) or not isinstance(
        cause, (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused))


def backoff(attempts: int) -> timedelta:
    """5 min, 10, 20 … capped at 6 hours: an SMTP outage of days loses nothing."""
    return min(timedelta(minutes=5) * 2 ** max(attempts - 1, 0), timedelta(hours=6))


def deliver_outbox(*, now: datetime, settings: SmtpSettings | None = None, batch: int = 50,
                   only_ids: list[int] | None = None, catch_up: bool = False) -> Counter:
    """Send every due pending mail; returns counts of sent, retry, failed, cancelled.
    `catch_up` (an operator's run-once) also sends the mails waiting for their next
    retry, without waiting for the end of their backoff."""
    settings = settings or SmtpSettings.from_config()
    outcome: Counter = Counter()
    db.session.execute(
        update(OutboxMail).where(OutboxMail.status == "sending",
                                 OutboxMail.claimed_at < utcnow() - STALE_CLAIM)
        .values(status="pending", claim_token=None))
    db.session.commit()
    with SmtpMailer(settings) as mailer:
        while True:
            rows, token = claim(now, batch, only_ids, catch_up=catch_up)
            if not rows:
                break
            sent = send_claimed(rows, token, mailer, now)
            outcome += sent
            if only_ids is not None or SERVER_DOWN in sent:
                break
    outcome.pop(SERVER_DOWN, None)
    return outcome


def send_claimed(rows: list[OutboxMail], token: str, mailer: SmtpMailer,
                 now: datetime) -> Counter:
    """Send a claimed batch, committing each outcome; rows taken over are left alone.
    When the server is down, the rest of the batch is released untouched (not counted
    as attempts) and the outcome says SERVER_DOWN."""
    outcome: Counter = Counter()
    details = queries.mail_details(r.assignment_id for r in rows)
    users = queries.recipients(r.recipient_id for r in rows)
    context = {"today": vn_today(now), "cal": queries.work_calendar(),
               "policy": queries.policy()}
    for index, row in enumerate(rows):
        if not _still_ours(row, token):
            outcome["taken_over"] += 1
            continue
        result = _deliver_one(row, details, users, mailer, now, context)
        db.session.commit()
        if result == SERVER_DOWN:
            outcome.update({"retry": 1, SERVER_DOWN: 1})
            _release([r.id for r in rows[index + 1:]], token)
            break
        outcome[result] += 1
    return outcome


def _release(ids: list[int], token: str) -> None:
    """Give claimed rows back to the queue as they were."""
    if ids:
        db.session.execute(
            update(OutboxMail).where(OutboxMail.id.in_(ids), OutboxMail.claim_token == token)
            .values(status="pending", claim_token=None)
            .execution_options(synchronize_session=False))
        db.session.commit()


def claim(now: datetime, batch: int, only_ids, *,
          catch_up: bool = False) -> tuple[list[OutboxMail], str]:
    token = secrets.token_hex(16)
    due = OutboxMail.next_attempt_at <= now
    if catch_up:  # waiting for a retry (attempted before), not for its day to come
        due = or_(due, OutboxMail.attempts > 0)
    candidates = (select(OutboxMail.id).where(OutboxMail.status == "pending", due)
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


def _cancel(row: OutboxMail, reason: str) -> str:
    row.status, row.claim_token, row.reason = "cancelled", None, reason
    return "cancelled"


def _deliver_one(row: OutboxMail, details: dict, users: dict, mailer: SmtpMailer,
                 now: datetime, context: dict) -> str:
    detail = details.get(row.assignment_id)
    reason = reason_not_to_send(row, detail, users.get(row.recipient_id), **context)
    if reason:
        return _cancel(row, reason)
    try:
        mailer.send(compose(row, detail, now=now, cal=context["cal"],
                            policy=context["policy"]))
    except EmptyDigest:
        return _cancel(row, "nothing_due")
    except TemporaryMailError as error:
        _forget_link(row)
        row.attempts += 1
        row.status, row.claim_token = "pending", None
        row.next_attempt_at = now + backoff(row.attempts)
        row.last_error = str(error)[:2000]
        return SERVER_DOWN if _server_down(error) else "retry"
    except PermanentMailError as error:
        _forget_link(row)
        row.attempts += 1
        row.status, row.claim_token = "failed", None
        row.last_error = str(error)[:2000]
        return "failed"
    row.attempts += 1
    row.status, row.claim_token, row.sent_at, row.last_error = "sent", None, now, ""
    return "sent"


def _forget_link(row: OutboxMail) -> None:
    """A mail to a contact address that did not go out: the link made for it is undone,
    so the one the body already has keeps working (everything before was committed)."""
    if row.recipient_id is None and row.assignment_id is not None:
        db.session.rollback()


def deliver_now(ids: list[int], *, now: datetime) -> Counter:
    """Send these mails during a web request, with a short timeout; whatever cannot go now
    stays in the outbox for the scheduler."""
    from flask import current_app
    settings = SmtpSettings.from_config()
    settings.timeout = min(settings.timeout, current_app.config["SMTP_INLINE_TIMEOUT"])
    return deliver_outbox(now=now, settings=settings, only_ids=ids)


def delivery_message(outcome: Counter, mail: OutboxMail | None = None) -> tuple[str, str]:
    """What to tell the user who sent mail at once (a flash message and its category): it
    went out, waits in the outbox, or was not sent because it is no longer true."""
    if outcome.get("cancelled") and mail is not None:
        return gettext("Không gửi thư: %(reason)s.", reason=mail.reason_label), "warning"
    if outcome.get("sent"):
        return gettext("Đã gửi thư."), "success"
    if outcome.get("failed"):
        return gettext("Gửi thư thất bại; xem lý do trong hộp thư đi."), "danger"
    return gettext("Chưa gửi được thư ngay; hệ thống sẽ thử lại."), "warning"
