"""The body picker of the assign and forward forms. A scope of a few dozen bodies is listed
whole on the page (checkboxes: it works without JavaScript); a larger one (4,387 bodies for
the central Ban) is searched: the page holds a search box and the bodies picked, and
static/body_picker.js asks the form's JSON endpoint for one page of matches at a time.
Both read the same pickable bodies: active, below `path`, with the caller's condition."""
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from tracker.bodies.models import BODY_KINDS, BODY_LEVELS, Body
from tracker.bodies.queries import tree_order
from tracker.core.database import starts_with
from tracker.core.search import matches_words
from tracker.extensions import db

PAGE = 30  # matches sent at a time


@dataclass
class Picker:
    """What the form's page shows: every body (`inline`, few) or a search box."""
    url: str  # the JSON endpoint searched
    total: int  # bodies that may be picked
    inline: list[Body] | None  # tree order, when `total` is at most the inline limit
    selected: list[Body] = field(default_factory=list)  # picked before (a refused form)


def _pickable(path: str, extra=()):
    return (starts_with(Body.path, path), Body.active.is_(True), *extra)


def picker(path: str, *, url: str, inline_max: int, extra=(),
           selected_ids=()) -> Picker:
    """The picker of the bodies below `path` (and `extra` conditions): a count, then the
    whole list only when it is short, and the bodies already picked. At most three
    statements, whatever the number of bodies."""
    conditions = _pickable(path, extra)
    total = db.session.scalar(select(func.count()).select_from(Body).where(*conditions))
    inline = None
    if total <= inline_max:
        inline = list(db.session.scalars(select(Body).where(*conditions).order_by(tree_order())))
    selected = []
    ids = sorted({int(i) for i in selected_ids or () if i})
    if ids:
        selected = list(db.session.scalars(
            select(Body).where(Body.id.in_(ids), *conditions).order_by(Body.path)))
    return Picker(url, total, inline, selected)


@cache
def _parent():
    """The parent's alias, made once (1.1 ms each time), at its first use."""
    return aliased(Body, name="parent_body")


def search(path: str, *, extra=(), query: str = "", kind: str = "", level: str = "",
           offset: int = 0) -> dict:
    """One page of the pickable bodies matching the words typed (accents and case ignored),
    the kind and the level, by name; for the JSON endpoint. One statement."""
    parent = _parent()
    stmt = (select(Body.id, Body.name, Body.kind, Body.level, parent.name)
            .outerjoin(parent, parent.id == Body.parent_id).where(*_pickable(path, extra)))
    if query:
        stmt = stmt.where(matches_words(query, Body.search_key))
    if kind in BODY_KINDS:
        stmt = stmt.where(Body.kind == kind)
    if level in BODY_LEVELS:
        stmt = stmt.where(Body.level == level)
    offset = max(offset, 0)
    rows = db.session.execute(stmt.order_by(Body.search_key, Body.id)
                              .offset(offset).limit(PAGE + 1)).all()
    items = [{"id": i, "name": name, "kind": str(BODY_KINDS.get(k, k)),
              "level": str(BODY_LEVELS.get(lv, lv)), "parent": parent_name or ""}
             for i, name, k, lv, parent_name in rows[:PAGE]]
    return {"items": items, "more": len(rows) > PAGE, "offset": offset}


def search_args(args) -> dict:
    """The search's filters from a query string (?q=&kind=&level=&offset=)."""
    try:
        offset = int(args.get("offset", 0))
    except ValueError:
        offset = 0
    return {"query": (args.get("q") or "")[:200], "kind": args.get("kind", ""),
            "level": args.get("level", ""), "offset": min(max(offset, 0), 1_000_000)}
