"""Uploaded sheets waiting for their uploader to confirm the import.

The preview writes nothing; the confirmation must import exactly the sheet that was
previewed, without asking for it again, on whichever web server it lands. So the sheet is
a row of `pending_imports`, found by the sha256 of a random token and its uploader (a
token alone opens nothing of another user's), swept after a day.

Claiming deletes the row inside the transaction that imports: of two confirmations at
once, the second waits on the row lock and then finds nothing to delete, so the sheet is
imported once; if the import fails and rolls back, the row is back.
"""
import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from tracker.extensions import db
from tracker.imports.models import PendingImport

MAX_AGE = timedelta(days=1)


def _hash(token) -> str | None:
    if not isinstance(token, str) or not 20 <= len(token) <= 64:
        return None
    return hashlib.sha256(token.encode()).hexdigest()


def keep_pending(content: bytes, *, kind: str, user_id: int, now: datetime) -> str:
    """Store the sheet and return the token that opens it again for this user."""
    db.session.execute(delete(PendingImport).where(PendingImport.created_at < now - MAX_AGE))
    token = secrets.token_urlsafe(24)
    db.session.add(PendingImport(token_hash=_hash(token), kind=kind, user_id=user_id,
                                 content=content, created_at=now))
    db.session.flush()
    return token


def _find(token, kind: str, user_id: int, now: datetime):
    token_hash = _hash(token)
    if token_hash is None:
        return None
    return db.session.execute(
        select(PendingImport.id, PendingImport.content).where(
            PendingImport.token_hash == token_hash, PendingImport.kind == kind,
            PendingImport.user_id == user_id, PendingImport.created_at >= now - MAX_AGE)
    ).first()


def load_pending(token, *, kind: str, user_id: int, now: datetime) -> bytes | None:
    """The sheet kept under this token by this user, or None (unknown, another user's,
    older than a day, or already imported)."""
    found = _find(token, kind, user_id, now)
    return None if found is None else found.content


def claim_pending(token, *, kind: str, user_id: int, now: datetime) -> bytes | None:
    """Like load_pending, and take the sheet: None if another request claimed it first.
    Call it before any write of the import, in the same transaction."""
    found = _find(token, kind, user_id, now)
    if found is None:
        return None
    claimed = db.session.execute(delete(PendingImport).where(PendingImport.id == found.id))
    return found.content if claimed.rowcount == 1 else None


def discard_pending(token, *, kind: str, user_id: int) -> None:
    token_hash = _hash(token)
    if token_hash is not None:
        db.session.execute(delete(PendingImport).where(
            PendingImport.token_hash == token_hash, PendingImport.kind == kind,
            PendingImport.user_id == user_id))
