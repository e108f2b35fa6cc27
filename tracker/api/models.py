"""Personal API tokens: a user's key for the JSON API, stored only as a hash."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.auth.models import User
from tracker.core.types import UTCDateTime
from tracker.extensions import db
from tracker.history import labels as history_labels


class ApiToken(db.Model):
    """The secret is shown once when created; only its SHA-256 is kept. A token acts with
    its user's permissions, or only reads when `read_only`."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(16))  # the first characters, to recognise it
    read_only: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(lazy="raise")

    @property
    def active(self) -> bool:
        return self.revoked_at is None


history_labels.register(actions={"api_token_created": _l("Tạo mã truy cập API"),
                                 "api_token_revoked": _l("Thu hồi mã truy cập API")},
                        hidden={"token_id"})
