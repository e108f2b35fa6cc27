"""Reads about users."""
from sqlalchemy import and_, case, func, or_, select
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


def active_members(body_id, role: str):
    """SQL: the active users of `role` in the body `body_id` (a value, a column, or a list
    of ids): whom a body's mail of that role goes to, whom a body calls. `is_active_member`
    is the same rule in Python."""
    body = User.body_id.in_(body_id) if isinstance(body_id, (list, tuple, set, frozenset)) \
        else User.body_id == body_id
    return and_(body, User.role == role, User.active.is_(True))


def is_active_member(user: User | None, body_id: int, role: str) -> bool:
    return user is not None and user.active and user.role == role and user.body_id == body_id


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def pair_failures(*, email: str, remote_addr: str, since):
    """Failed logins of this (account, address) pair since `since`: how many, the latest,
    and the latest that locked the pair out (None when none did)."""
    locked_at = case((LoginAttempt.locked_out.is_(True), LoginAttempt.at))
    return db.session.execute(
        select(func.count(), func.max(LoginAttempt.at), func.max(locked_at)).where(
            LoginAttempt.email == email, LoginAttempt.remote_addr == remote_addr,
            LoginAttempt.at > since, LoginAttempt.succeeded.is_(False))).one()


def lockouts(actor, *, since):
    """The lock-outs since `since`, latest first: of accounts in the actor's scope, and,
    for an admin of the whole tree, of names that are no account."""
    stmt = (select(LoginAttempt).outerjoin(User, User.email == LoginAttempt.email)
            .outerjoin(Body, User.body_id == Body.id)
            .where(LoginAttempt.locked_out.is_(True), LoginAttempt.at >= since))
    if actor.body.parent_id is None:
        stmt = stmt.where(or_(User.id.is_(None), scope_filter(actor, Body.path)))
    else:
        stmt = stmt.where(scope_filter(actor, Body.path))
    return stmt.order_by(LoginAttempt.at.desc(), LoginAttempt.id.desc())


def users_in_scope(actor, *, query: str = "", role: str = "", sort: str = "name",
                   descending: bool = False):
    """A select of the users whose body lies in the actor's subtree, with their body."""
    stmt = (select(User).join(Body, User.body_id == Body.id).options(contains_eager(User.body))
            .where(scope_filter(actor, Body.path)))
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
        .join(Body, User.body_id == Body.id).where(scope_filter(actor, Body.path)))
    return [row.id for row in rows if key in fold(row.full_name) or key in fold(row.email)]


def get_user(actor, user_id: int) -> User | None:
    """The user if their body lies in the actor's subtree, else None (the view answers 404)."""
    return db.session.scalar(
        select(User).join(Body, User.body_id == Body.id).options(contains_eager(User.body))
        .where(User.id == user_id, scope_filter(actor, Body.path)))


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
