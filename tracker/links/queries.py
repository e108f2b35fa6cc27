"""Reads of secret links. The public page has no user: the link itself is the key, so the
lookups here take a public id and a secret, not an actor."""
import hmac
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.assignments.models import Assignment
from tracker.assignments.state import is_editable
from tracker.auth.models import User
from tracker.auth.queries import active_members
from tracker.core.keys import digest
from tracker.extensions import db
from tracker.links.models import AssignmentLink
from tracker.tasks.models import Task

MAX_SECRET = 100  # token_urlsafe(32) is 43 characters: longer is not ours


def link_by_public_id(public_id: str) -> AssignmentLink | None:
    """The link with its assignment, task (and its owner) and body, for the public page."""
    if not public_id or len(public_id) > 16:
        return None
    return db.session.scalar(
        select(AssignmentLink)
        .options(joinedload(AssignmentLink.assignment).joinedload(Assignment.body),
                 joinedload(AssignmentLink.assignment).joinedload(Assignment.task)
                 .joinedload(Task.owner_body))
        .where(AssignmentLink.public_id == public_id))


def find_link(public_id: str, secret: str) -> AssignmentLink | None:
    """The link whose secret this is, or None (unknown id, tampered secret): the hashes are
    compared in constant time."""
    if not secret or len(secret) > MAX_SECRET:
        return None
    link = link_by_public_id(public_id)
    if link is None or not hmac.compare_digest(link.secret_hash, digest(secret)):
        return None
    return link


def why_closed(link: AssignmentLink, *, today: date, days_after: int) -> str:
    """Why the link no longer opens ("" while it does): revoked, replaced, used, expired,
    or the report already submitted (by someone else) or accepted."""
    if link.end_reason:
        return link.end_reason
    if today > link.expires_on(link.assignment, days_after):
        return "expired"
    if not is_editable(link.assignment.status):
        return "closed"
    return ""


def links_of(assignment: Assignment) -> list[AssignmentLink]:
    """The assignment's links, the newest first (the assignment page's panel)."""
    return list(db.session.scalars(
        select(AssignmentLink).where(AssignmentLink.assignment_id == assignment.id)
        .order_by(AssignmentLink.id.desc())))


def live_links(assignment_id: int) -> list[AssignmentLink]:
    return list(db.session.scalars(select(AssignmentLink).where(
        AssignmentLink.assignment_id == assignment_id, AssignmentLink.ended_at.is_(None))))


def coordinators_of(task: Task) -> list[User]:
    """Whom a body with a closed link should call: the coordinators of the body that gave
    it the task (the forwarding body)."""
    return list(db.session.scalars(
        select(User).where(active_members(task.owner_body_id, "coordinator"))
        .order_by(User.full_name)))
