"""Mails on events of the report workflow: a report submitted (to the coordinators of the
assigning body), accepted or returned, an extension granted or refused (to the officers
of the assigned body).

They are written to the outbox by a receiver of `report_event`, in the transaction of the
event itself (the operation knows no mail), under a key naming the event: a second signal
for the same event, a rerun or a second scheduler adds nothing. The delivery pass sends
them within a minute and checks each again just before it goes out (`reason_not_to_send`).
"""
from datetime import date
from functools import cache

from sqlalchemy import bindparam, inspect, select
from sqlalchemy.dialects import postgresql, sqlite

from tracker.assignments.signals import report_event
from tracker.assignments.state import DONE, SUBMITTED, is_open
from tracker.auth.models import EVENT_MAILS, User
from tracker.auth.queries import active_members, is_active_member
from tracker.core.time import vn_today
from tracker.extensions import db
from tracker.reminders.models import OutboxMail
from tracker.tasks.models import Task

# Who hears of each event, and the user's switch for it (auth.models.EVENT_MAILS).
RECIPIENT = {kind: role for kind, (role, _switch) in EVENT_MAILS.items()}
PREFERENCE = {kind: switch for kind, (_role, switch) in EVENT_MAILS.items()}
EVENT_KINDS = set(RECIPIENT)
# The status the report is left in by each event: a mail about a report that moved on
# since (reviewed, submitted again) no longer tells the truth.
LEAVES_STATUS = {"submitted": SUBMITTED, "accepted": DONE, "returned": "returned"}
# News only while it is news: after a longer mail outage (or for the past events of the
# demo data) the page and the history say it, a mail would mislead.
MAX_AGE_DAYS = 7


def event_key(kind: str, assignment_id: int, *, entry_id: int, request_id: int | None,
              user_id: int) -> str:
    """One key per event and recipient. A report is accepted once; an extension request is
    decided once; a submission or a return is one history entry (the assignment's version
    column refuses a second, concurrent one)."""
    if kind == "accepted":
        return f"accepted:{assignment_id}:{user_id}"
    if request_id is not None:
        return f"{kind}:{assignment_id}:r{request_id}:{user_id}"
    return f"{kind}:{assignment_id}:e{entry_id}:{user_id}"


def recipients(kind: str, body_id: int) -> list[tuple[int, str]]:
    """(id, email) of the active users of the body who receive this kind of mail."""
    return [tuple(row) for row in db.session.execute(_recipients(kind), {"body_id": body_id})]


@cache
def _recipients(kind: str):
    """Built once per kind: every submission runs it."""
    stmt = select(User.id, User.email).where(
        active_members(bindparam("body_id"), RECIPIENT[kind]))
    if PREFERENCE[kind] is not None:
        stmt = stmt.where(getattr(User, PREFERENCE[kind]).is_(True))
    return stmt.order_by(User.id)


def queue_event_mails(assignment, *, kind: str, entry, note: str, request, now) -> int:
    """Write the mails of one event to the outbox; returns how many were added."""
    body_id = assignment.body_id
    if RECIPIENT[kind] == "coordinator":
        body_id = _owner_body_id(assignment)
    request_id = request.id if request is not None else None
    rows = [{"key": event_key(kind, assignment.id, entry_id=entry.id, request_id=request_id,
                              user_id=user_id),
             "kind": kind, "recipient_id": user_id, "recipient_email": email,
             "assignment_id": assignment.id, "planned_for": vn_today(now),
             "status": "pending", "attempts": 0, "next_attempt_at": now,
             "created_at": now, "note": note or "", "last_error": ""}
            for user_id, email in recipients(kind, body_id)]
    if not rows:
        return 0
    return db.session.execute(_insert_mail(db.session.get_bind().dialect.name),
                              rows).rowcount


def _owner_body_id(assignment) -> int:
    """The body that owns the assignment's task: from the task when the caller loaded it
    (the pages and the API do), else read."""
    if "task" not in inspect(assignment).unloaded:
        return assignment.task.owner_body_id
    return db.session.scalar(select(Task.owner_body_id).where(Task.id == assignment.task_id))


@cache
def _insert_mail(dialect: str):
    """INSERT ... ON CONFLICT (key) DO NOTHING for a list of mails, built once per dialect:
    a statement with the rows' values inside was built and compiled again at every
    submission."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (insert(OutboxMail.__table__).on_conflict_do_nothing(index_elements=["key"])
            .execution_options(preserve_rowcount=True))  # else -1 for INSERT on psycopg


@report_event.connect
def _report_event(assignment, *, kind, entry, note, request, now, **_):
    """The assignment operations announce an event: its mails join the transaction."""
    queue_event_mails(assignment, kind=kind, entry=entry, note=note, request=request,
                      now=now)


def reason_not_to_send(row: OutboxMail, detail: tuple | None, user, *, today: date) -> str:
    """Why an event mail must not go out now ("" when it still must). What it says of the
    deadline is read when it goes out, so a deadline moved again since is no reason."""
    if detail is None:
        return "gone"
    assignment, task = detail[0], detail[1]
    if (today - row.planned_for).days > MAX_AGE_DAYS:
        return "stale"
    body_id = assignment.body_id if RECIPIENT[row.kind] == "officer" else task.owner_body_id
    if not is_active_member(user, body_id, RECIPIENT[row.kind]):
        return "reassigned"
    if row.kind in LEAVES_STATUS:
        if assignment.status != LEAVES_STATUS[row.kind]:
            return "reviewed" if row.kind == "submitted" else "superseded"
    elif not is_open(assignment.status):  # an extension decided, then the report accepted
        return "done"
    return ""
