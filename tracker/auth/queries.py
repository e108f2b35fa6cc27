"""Reads about users."""
from sqlalchemy import func, select

from tracker.auth.models import LoginAttempt, User
from tracker.extensions import db


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the user with their body (for scope), if still active."""
    try:
        return db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def recent_failures(*, email: str, remote_addr: str, since) -> tuple[int, int]:
    """Failed logins since `since`: for this account name, and from this address."""
    def count(column, value):
        return db.session.scalar(
            select(func.count()).select_from(LoginAttempt).where(
                column == value, LoginAttempt.at >= since, LoginAttempt.succeeded.is_(False))
        )
    return count(LoginAttempt.email, email), count(LoginAttempt.remote_addr, remote_addr)
