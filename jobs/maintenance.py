"""Housekeeping jobs."""
from datetime import timedelta

from flask import current_app

from tracker.auth.operations import purge_login_attempts as purge
from tracker.core.ratelimit import purge_counters
from tracker.core.time import utcnow
from tracker.extensions import db


def purge_login_attempts() -> int:
    """Forget login attempts older than 30 days (they only serve the rate limit)."""
    now = utcnow()
    removed = purge(now=now)
    purge_counters(before=now - timedelta(hours=1))  # the API's rate windows, long over
    db.session.commit()
    current_app.logger.info("purged %s old login attempts", removed)
    return removed
