"""The calendar feed: /calendar/<secret>.ics, read by calendar programs without a login.
The secret is the only key: unknown, revoked or another user's lookalike answer 404."""
from flask import Blueprint, Response, abort, current_app

from tracker.core.time import utcnow, vn_today
from tracker.extensions import db
from tracker.feeds import ical
from tracker.feeds.operations import touch_feed
from tracker.feeds.queries import feed_assignments, feed_for_secret

bp = Blueprint("feeds", __name__)

MAX_EVENTS = 5000  # a central user's scope is the whole country: keep a feed readable


@bp.get("/calendar/<secret>.ics")
def calendar(secret: str):
    """Every deadline in the feed owner's scope, as all-day events (RFC 5545)."""
    found = feed_for_secret(secret) if len(secret) <= 100 else None
    if found is None:
        abort(404)
    feed, user = found
    now = utcnow()
    text = ical.calendar_text(
        user, feed_assignments(user, vn_today(now),
                               current_app.config.get("CALENDAR_MAX_EVENTS", MAX_EVENTS)),
        now=now, today=vn_today(now), base_url=current_app.config["BASE_URL"])
    if touch_feed(feed, now=now):
        db.session.commit()
    response = Response(text, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="han-nhiem-vu.ics"'
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
