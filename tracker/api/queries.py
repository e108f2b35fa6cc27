"""Reads of API tokens: a user's own, and the token a request presents."""
from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.orm import contains_eager

from tracker.api.models import ApiToken
from tracker.auth.models import User
from tracker.core.keys import digest
from tracker.extensions import db


def tokens_of(user) -> list[ApiToken]:
    """The user's tokens, active first, newest first."""
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(),
                  ApiToken.id.desc())))


def own_token(user, token_id: int) -> ApiToken | None:
    """One of the user's own tokens (another user's answers None, and the view 404)."""
    return db.session.scalar(select(ApiToken).where(ApiToken.id == token_id,
                                                    ApiToken.user_id == user.id))


def token_for_secret(secret: str) -> ApiToken | None:
    """The active token with this secret, with its user and body, if the user is active."""
    return db.session.scalar(_token_by_hash(), {"token_hash": digest(secret)})


@cache
def _token_by_hash():
    """Built once: every API call runs it (building it cost about as much as running it)."""
    return (select(ApiToken).join(ApiToken.user)
            .options(contains_eager(ApiToken.user).joinedload(User.body))
            .where(ApiToken.token_hash == bindparam("token_hash"),
                   ApiToken.revoked_at.is_(None), User.active.is_(True)))
