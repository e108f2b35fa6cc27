"""Reads for calendar feeds: the user's active feed, the feed a URL names, its events."""
from datetime import date, timedelta

from sqlalchemy import case, or_, select
from sqlalchemy.orm import joinedload

from tracker.assignments.models import Assignment
from tracker.assignments.queries import visible_assignments
from tracker.assignments.state import effective_due_column, open_clause
from tracker.auth.models import User
from tracker.core.keys import digest
from tracker.extensions import db
from tracker.feeds.models import CalendarFeed

# Done work drops out of the calendar a year after its deadline; open work stays.
KEEP_DONE_DAYS = 366


def active_feed(user) -> CalendarFeed | None:
    return db.session.scalar(select(CalendarFeed).where(
        CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None)))


def own_feed(user, feed_id: int) -> CalendarFeed | None:
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.id == feed_id,
                                                        CalendarFeed.user_id == user.id))


def feed_for_secret(secret: str) -> tuple[CalendarFeed, User] | None:
    """The active feed with this secret and its (active) user, or None."""
    row = db.session.execute(
        select(CalendarFeed, User).join(User, User.id == CalendarFeed.user_id)
        .options(joinedload(User.body))
        .where(CalendarFeed.secret_hash == digest(secret), CalendarFeed.revoked_at.is_(None),
               User.active.is_(True))).first()
    return (row[0], row[1]) if row else None


def feed_assignments(user, today: date, limit: int) -> list[Assignment]:
    """Every deadline in the user's scope: open assignments, and those done within the last
    year; at most `limit`, the coming deadlines first (soonest first), then the past ones
    (latest first), so that a national scope with years of overdue work still shows what
    is coming."""
    due = effective_due_column()
    coming = due >= today
    return list(db.session.scalars(
        visible_assignments(user)
        .where(or_(open_clause(),
                   due >= today - timedelta(days=KEEP_DONE_DAYS)))
        .order_by(case((coming, 0), else_=1), case((coming, due)), due.desc(), Assignment.id)
        .limit(limit)))
