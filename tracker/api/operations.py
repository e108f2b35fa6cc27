"""Writes to API tokens: create (the secret is returned once), revoke, note the last use."""
from datetime import datetime, timedelta

from flask_babel import gettext
from sqlalchemy import func, select

from tracker.api.models import ApiToken
from tracker.core.errors import ConflictError, ValidationError
from tracker.core.keys import digest, new_secret
from tracker.core.text import clean
from tracker.extensions import db
from tracker.history.operations import record

TOKEN_PREFIX = "tdv_"
MAX_ACTIVE_TOKENS = 20
# The last use is shown to the minute; writing it on every request would be wasted work.
TOUCH_EVERY = timedelta(minutes=1)


def create_token(user, data: dict, *, now: datetime) -> tuple[ApiToken, str]:
    """A new token of `user`: the row, and the secret to show once (only its hash is kept)."""
    name = clean(data.get("name"))
    if not name:
        raise ValidationError({"name": gettext("Tên mã truy cập: không được để trống.")})
    if len(name) > 100:
        raise ValidationError({"name": gettext("Tên mã truy cập: không quá 100 ký tự.")})
    active = db.session.scalar(select(func.count()).select_from(ApiToken).where(
        ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None)))
    if active >= MAX_ACTIVE_TOKENS:
        raise ValidationError({"name": gettext(
            "Tên mã truy cập: đã có %(n)s mã đang dùng; hãy thu hồi mã không còn cần.",
            n=active)})
    secret = new_secret(TOKEN_PREFIX)
    token = ApiToken(user_id=user.id, name=name, token_hash=digest(secret),
                     hint=secret[:len(TOKEN_PREFIX) + 4], read_only=bool(data.get("read_only")),
                     created_at=now)
    db.session.add(token)
    db.session.flush()
    record("user", user.id, "api_token_created", actor=user, now=now,
           changes={"name": name, "read_only": token.read_only, "token_id": token.id})
    return token, secret


def revoke_token(token: ApiToken, *, actor, now: datetime) -> ApiToken:
    """From now on the token answers 401."""
    if token.revoked_at is not None:
        raise ConflictError({"token": gettext("Mã truy cập này đã được thu hồi.")})
    token.revoked_at = now
    record("user", token.user_id, "api_token_revoked", actor=actor, now=now,
           changes={"name": token.name, "token_id": token.id})
    db.session.flush()
    return token


def touch_token(token: ApiToken, *, now: datetime) -> bool:
    """Note that the token was used, at most once a minute; True when something changed."""
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_EVERY:
        return False
    token.last_used_at = now
    db.session.flush()
    return True
