"""Signed-in sessions: what the session and remember cookies hold, and when they end.

The user id Flask-Login keeps (in the session and in the remember cookie) is
"id:generation:signed-in-at". A cookie of an older generation (logout, password change or
reset, deactivation) or older than SESSION_MAX_HOURS is refused by `load_user`, whatever
the browser still holds; a session left alone for SESSION_IDLE_MINUTES ends on its next
request.
"""
from datetime import datetime

from flask import Flask, current_app, flash, request, session
from flask_babel import gettext
from flask_login import current_user, login_user, logout_user

from tracker.core.time import utcnow
from tracker.extensions import db

LAST_SEEN = "_last_seen"


def sign_in(user, *, remember: bool, now: datetime) -> None:
    """Open a session (and a remember cookie if asked) for `user`, stamped with `now`."""
    login_user(user, remember=remember)
    session["_user_id"] = f"{user.id}:{user.session_generation}:{int(now.timestamp())}"
    session[LAST_SEEN] = int(now.timestamp())


def sign_out() -> None:
    """End this browser's session and drop its remember cookie."""
    logout_user()
    session.pop(LAST_SEEN, None)


def load_user(user_id: str):
    """Flask-Login's loader: the active user of a current-generation, unexpired cookie."""
    from tracker.auth.models import User
    try:
        raw_id, generation, signed_in_at = (int(part) for part in str(user_id).split(":"))
    except ValueError:
        return None
    user = db.session.get(User, raw_id)
    if user is None or not user.active or user.session_generation != generation:
        return None
    max_age = current_app.config["SESSION_MAX_HOURS"] * 3600
    if not 0 <= utcnow().timestamp() - signed_in_at <= max_age:
        return None
    return user


def init_app(app: Flask) -> None:
    @app.before_request
    def _idle_timeout():
        """End a session idle for longer than SESSION_IDLE_MINUTES; note the activity."""
        if request.path.startswith("/static/") or "_user_id" not in session:
            return
        now = int(utcnow().timestamp())
        last_seen = session.get(LAST_SEEN)
        if last_seen is not None and now - last_seen > \
                current_app.config["SESSION_IDLE_MINUTES"] * 60:
            sign_out()
            flash(gettext("Phiên làm việc đã hết hạn vì lâu không thao tác. Vui lòng đăng "
                          "nhập lại."), "warning")
            return
        if last_seen is None or now - last_seen >= 60:  # rewrite the cookie once a minute
            if current_user.is_authenticated:
                session[LAST_SEEN] = now
