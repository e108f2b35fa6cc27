"""The reminder job: every minute, plan the day once its send time has come (catching up
after an outage), then deliver due mails (retries and urges included)."""
from flask import current_app

from tracker.core.time import utcnow
from tracker.reminders.passes import run_pass


def reminders_tick() -> None:
    """One pass; cheap when there is nothing to do."""
    planned, delivered = run_pass(now=utcnow())
    if planned or delivered:
        current_app.logger.info("reminders: planned %s, delivered %s", dict(planned),
                                dict(delivered))
