"""A user's calendar feed: a secret URL that calendar programs poll."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.core.types import UTCDateTime
from tracker.extensions import db
from tracker.history import labels as history_labels


class CalendarFeed(db.Model):
    """The secret in the URL is shown once; only its SHA-256 is kept. Rotating revokes the
    old row and adds a new one, so at most one row per user is active."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


history_labels.register(actions={"calendar_feed_created": _l("Tạo địa chỉ lịch"),
                                 "calendar_feed_revoked": _l("Thu hồi địa chỉ lịch")},
                        hidden={"feed_id"})
