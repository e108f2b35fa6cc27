"""Reads about users."""
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from tracker.auth.models import LoginAttempt, User
from tracker.bodies.models import Body
from tracker.core.permissions import scope_filter
from tracker.core.text import fold
from tracker.extensions import db

USER_SORTS = {
    "name": User.full_name,
    "email": User.email,
    "role": User.role,
    "body": Body.name,
    "last_login": User.last_login_at,
}


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


def users_in_scope(actor, *, query: str = "", role: str = "", sort: str = "name",
                   descending: bool = False):
    """A select of the users whose body lies in the actor's subtree, with their body."""
    stmt = (select(User).join(Body, User.body_id == Body.id).options(contains_eager(User.body))
            .where(scope_filter(actor)))
    if query:
        stmt = stmt.where(User.id.in_(_ids_matching(actor, query)))
    if role:
        stmt = stmt.where(User.role == role)
    column = USER_SORTS.get(sort, User.full_name)
    order = column.desc() if descending else column.asc()
    # NULLS LAST: SQLite and PostgreSQL disagree on where never-logged-in users go.
    return stmt.order_by(order.nulls_last(), User.id)


def _ids_matching(actor, query: str) -> list[int]:
    """Users in scope whose name or email contains the query, accents ignored.

    Users have no stored search key (bodies do), so the fold happens here over the
    scope's names and emails: a few thousand short rows at most.
    """
    key = fold(query)
    rows = db.session.execute(
        select(User.id, User.full_name, User.email)
        .join(Body, User.body_id == Body.id).where(scope_filter(actor)))
    return [row.id for row in rows if key in fold(row.full_name) or key in fold(row.email)]


def get_user(actor, user_id: int) -> User | None:
    """The user if their body lies in the actor's subtree, else None (the view answers 404)."""
    return db.session.scalar(
        select(User).join(Body, User.body_id == Body.id).options(contains_eager(User.body))
        .where(User.id == user_id, scope_filter(actor)))


def users_of_body(body: Body) -> list[User]:
    """The accounts attached to one body, by name."""
    return list(db.session.scalars(
        select(User).where(User.body_id == body.id).order_by(User.full_name, User.id)))


def user_counts(body_ids) -> dict[int, int]:
    """How many accounts each of these bodies holds, in one grouped query."""
    if not body_ids:
        return {}
    return dict(db.session.execute(
        select(User.body_id, func.count()).where(User.body_id.in_(body_ids))
        .group_by(User.body_id)).all())
