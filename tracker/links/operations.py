"""Writes to secret links: issue one (the old one stops working), revoke, use up; plan the
mail that carries a new one. The secret is returned once, to the mail being composed, and
never stored, logged or written to the history."""
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import select

from tracker.assignments.models import Assignment
from tracker.assignments.state import is_editable
from tracker.bodies.models import Body
from tracker.core.errors import ConflictError, ValidationError
from tracker.core.keys import digest, new_secret
from tracker.core.time import vn_today
from tracker.extensions import db
from tracker.history.operations import record
from tracker.links import queries
from tracker.links.models import AssignmentLink
from tracker.reminders.models import OutboxMail


def _public_id() -> str:
    import secrets
    while True:  # 72 random bits: a clash is all but impossible, and checked anyway
        candidate = secrets.token_urlsafe(9)
        if db.session.scalar(select(AssignmentLink.id).where(
                AssignmentLink.public_id == candidate)) is None:
            return candidate


def issue_link(assignment: Assignment, *, sent_to: str, actor, now: datetime
               ) -> tuple[AssignmentLink, str]:
    """A new secret link to this one assignment; the links it had stop working."""
    replaced = []
    for old in queries.live_links(assignment.id):
        old.ended_at, old.end_reason = now, "replaced"
        old.ended_by_id = actor.id if actor is not None else None
        replaced.append(old.public_id)
    secret = new_secret()
    link = AssignmentLink(public_id=_public_id(), assignment_id=assignment.id,
                          secret_hash=digest(secret), sent_to=sent_to, created_at=now,
                          created_by_id=actor.id if actor is not None else None)
    db.session.add(link)
    db.session.flush()
    changes = {"link": link.public_id, "sent_to": sent_to}
    if replaced:
        changes["replaced_link"] = ", ".join(replaced)
    record("assignment", assignment.id, "link_issued", actor=actor, now=now, changes=changes)
    return link, secret


def revoke_link(link: AssignmentLink, *, actor, now: datetime) -> AssignmentLink:
    """The link answers 410 from now on."""
    if link.ended_at is not None:
        raise ConflictError({"link": gettext("Đường dẫn %(id)s: %(reason)s.",
                                             id=link.public_id, reason=link.end_label)})
    link.ended_at, link.ended_by_id, link.end_reason = now, actor.id, "revoked"
    record("assignment", link.assignment_id, "link_revoked", actor=actor, now=now,
           changes={"link": link.public_id})
    db.session.flush()
    return link


def note_use(link: AssignmentLink, *, now: datetime) -> None:
    link.last_used_at = now


def use_up(link: AssignmentLink, *, now: datetime) -> None:
    """After the report went in through the link: it has done its job."""
    link.ended_at, link.end_reason, link.last_used_at = now, "used", now
    db.session.flush()


def send_link_again(assignment: Assignment, body: Body, *, actor, now: datetime) -> OutboxMail:
    """Plan a mail with a new link to the body's contact address (the link itself is made
    when the mail goes out, so its secret is never stored)."""
    if not body.contact_email:
        raise ValidationError({"link": gettext(
            "Gửi đường dẫn: %(body)s chưa có email liên hệ (quản trị nhập ở trang đơn vị).",
            body=body.name)})
    if not is_editable(assignment.status):
        raise ConflictError({"link": gettext(
            "Gửi đường dẫn: phân công đang ở trạng thái “%(status)s”.",
            status=assignment.status_label)})
    row = OutboxMail(key=f"link:{assignment.id}:{now.isoformat()}:b{body.id}", kind="link",
                     recipient_id=None, recipient_email=body.contact_email,
                     assignment_id=assignment.id, planned_for=vn_today(now), note="",
                     status="pending", attempts=0, next_attempt_at=now, created_at=now,
                     last_error="")
    db.session.add(row)
    record("assignment", assignment.id, "link_requested", actor=actor, now=now,
           changes={"sent_to": body.contact_email})
    db.session.flush()
    return row
