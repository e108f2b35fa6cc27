"""Housekeeping jobs."""
from flask import current_app

from tracker.auth.operations import purge_login_attempts as purge
from tracker.core.time import utcnow
from tracker.extensions import db


def purge_login_attempts() -> int:
    """Forget login attempts older than 30 days (they only serve the rate limit)."""
    removed = purge(now=utcnow())
    db.session.commit()
    current_app.logger.info("purged %s old login attempts", removed)
    return removed
