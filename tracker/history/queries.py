"""Reading history entries, with the names of who made them."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.history.models import HistoryEntry


def history_of(entity: str, entity_id: int) -> list[HistoryEntry]:
    """Newest first, actors loaded up front (no lazy load in the template)."""
    return list(db.session.scalars(
        select(HistoryEntry).options(selectinload(HistoryEntry.actor))
        .where(HistoryEntry.entity == entity, HistoryEntry.entity_id == entity_id)
        .order_by(HistoryEntry.at.desc(), HistoryEntry.id.desc())))
