"""History entries: who changed what, when. Rows are only ever inserted."""
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.types import UTCDateTime
from tracker.extensions import db

if TYPE_CHECKING:  # the history knows no feature; the mapper finds "User" by name
    from tracker.auth.models import User


class HistoryEntry(db.Model):
    __tablename__ = "history_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(30))  # "assignment", "task", "directive", ...
    entity_id: Mapped[int]
    action: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(Text, default="")
    # {"field": [old, new], ...} for edits; free-form details for other actions.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped["User | None"] = relationship(lazy="raise")

    __table_args__ = (Index("ix_history_entries_entity_entity_id", "entity", "entity_id", "at"),)
