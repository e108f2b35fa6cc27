"""Writing history: every operation that changes something calls `record`."""
from datetime import date, datetime
from typing import Any

from tracker.extensions import db
from tracker.history.models import HistoryEntry


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def diff(obj: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Apply `values` to `obj` and return {field: [old, new]} for what really changed."""
    changes = {}
    for field, new in values.items():
        old = getattr(obj, field)
        if old != new:
            changes[field] = [_plain(old), _plain(new)]
            setattr(obj, field, new)
    return changes


def record(entity: str, entity_id: int, action: str, *, actor, now: datetime,
           note: str = "", changes: dict | None = None) -> HistoryEntry:
    # An actor standing for someone (core/actors.py: nhập thay, a secret link) says so in
    # every entry it writes.
    changes = {**(changes or {}), **(getattr(actor, "history_stamp", None) or {})}
    entry = HistoryEntry(
        entity=entity, entity_id=entity_id, action=action,
        actor_id=actor.id if actor is not None else None, at=now, note=note,
        changes={k: _plain(v) if not isinstance(v, list) else [_plain(x) for x in v]
                 for k, v in (changes or {}).items()},
    )
    db.session.add(entry)
    return entry
