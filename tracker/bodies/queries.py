"""Reads of the body tree, always within the actor's subtree."""
from sqlalchemy import select

from tracker.bodies.models import Body
from tracker.core.permissions import scope_filter
from tracker.core.text import fold, like_pattern
from tracker.extensions import db


def bodies_in_scope(actor, *, query: str = "", kind: str = "", level: str = "",
                    active_only: bool = False):
    """A select of the bodies in the actor's subtree, in tree order (by path)."""
    stmt = select(Body).where(scope_filter(actor))
    if query:
        stmt = stmt.where(Body.search_key.like(like_pattern(query), escape="\\"))
    if kind:
        stmt = stmt.where(Body.kind == kind)
    if level:
        stmt = stmt.where(Body.level == level)
    if active_only:
        stmt = stmt.where(Body.active.is_(True))
    return stmt.order_by(Body.path)


def body_tree(actor, *, active_only: bool = True) -> list[Body]:
    """Every body in scope, parents before children (for pickers and the admin tree)."""
    bodies = list(db.session.scalars(bodies_in_scope(actor, active_only=active_only)))
    # Sort siblings by name, keeping each subtree together.
    by_id = {b.id: b for b in bodies}

    def sort_key(body: Body):
        return [by_id[i].name if i in by_id else "" for i in body.ancestor_ids] + [body.name]
    return sorted(bodies, key=sort_key)


def get_body(actor, body_id: int) -> Body | None:
    """The body if it lies in the actor's subtree, else None (the view answers 404)."""
    return db.session.scalar(select(Body).where(Body.id == body_id, scope_filter(actor)))


def bodies_by_ids(actor, ids) -> list[Body]:
    if not ids:
        return []
    return list(db.session.scalars(
        select(Body).where(Body.id.in_(ids), scope_filter(actor)).order_by(Body.path)))


def find_body_by_name(name: str, *, within: Body | None = None) -> Body | None:
    """Match a body by name ignoring case, diacritics and tone placement (for imports)."""
    stmt = select(Body).where(Body.search_key.like(like_pattern(name), escape="\\"))
    if within is not None:
        stmt = stmt.where(Body.path.startswith(within.path, autoescape=True))
    for body in db.session.scalars(stmt):
        if fold(body.name) == fold(name) or fold(body.short_name) == fold(name):
            return body
    return None
