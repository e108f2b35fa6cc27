"""Writes to calendar feeds: create or rotate (the secret is returned once), revoke."""
from datetime import datetime, timedelta

from flask_babel import gettext
from sqlalchemy import select

from tracker.core.errors import ConflictError
from tracker.core.keys import digest, new_secret
from tracker.extensions import db
from tracker.feeds.models import CalendarFeed
from tracker.history.operations import record

TOUCH_EVERY = timedelta(hours=1)  # calendar programs poll about hourly


def create_feed(user, *, now: datetime) -> tuple[CalendarFeed, str]:
    """A new secret URL for `user`; the one they had stops working (rotation)."""
    for old in db.session.scalars(select(CalendarFeed).where(
            CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None))):
        old.revoked_at = now
    secret = new_secret()
    feed = CalendarFeed(user_id=user.id, secret_hash=digest(secret), created_at=now)
    db.session.add(feed)
    db.session.flush()
    record("user", user.id, "calendar_feed_created", actor=user, now=now,
           changes={"feed_id": feed.id})
    return feed, secret


def revoke_feed(feed: CalendarFeed, *, actor, now: datetime) -> CalendarFeed:
    """The URL answers 404 from now on."""
    if feed.revoked_at is not None:
        raise ConflictError({"feed": gettext("Địa chỉ lịch này đã được thu hồi.")})
    feed.revoked_at = now
    record("user", feed.user_id, "calendar_feed_revoked", actor=actor, now=now,
           changes={"feed_id": feed.id})
    db.session.flush()
    return feed


def touch_feed(feed: CalendarFeed, *, now: datetime) -> bool:
    """Note when a calendar program last fetched the feed (shown in the profile), at most
    once an hour; True when something changed."""
    if feed.last_used_at is not None and now - feed.last_used_at < TOUCH_EVERY:
        return False
    feed.last_used_at = now
    db.session.flush()
    return True
