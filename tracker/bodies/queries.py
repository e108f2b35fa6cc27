"""Reads of the body tree, always within the actor's subtree."""
from sqlalchemy import func, select, text
from sqlalchemy.orm import joinedload

from tracker.bodies.models import Body
from tracker.core.database import starts_with
from tracker.core.permissions import scope_filter
from tracker.core.search import matches_words
from tracker.core.text import fold
from tracker.core.web import ID_MAX
from tracker.extensions import db


def bodies_in_scope(actor, *, query: str = "", kind: str = "", level: str = "",
                    active_only: bool = False, inactive_only: bool = False):
    """A select of the bodies in the actor's subtree, in tree order (by path)."""
    stmt = select(Body).where(scope_filter(actor, Body.path))
    if query:
        stmt = stmt.where(matches_words(query, Body.search_key))
    if kind:
        stmt = stmt.where(Body.kind == kind)
    if level:
        stmt = stmt.where(Body.level == level)
    if active_only:
        stmt = stmt.where(Body.active.is_(True))
    if inactive_only:
        stmt = stmt.where(Body.active.is_(False))
    # '/' sorts before the digits, so each subtree stays together under its parent.
    return stmt.order_by(Body.path)


def body_search(actor, *, query: str = "", kind: str = "", level: str = "",
                status: str = ""):
    """Bodies in scope matching the filters as a flat list, by name (accents ignored)."""
    stmt = bodies_in_scope(actor, query=query, kind=kind, level=level,
                           active_only=status == "active", inactive_only=status == "inactive")
    return stmt.order_by(None).order_by(Body.search_key, Body.id)


def tree_order():
    """ORDER BY term of the tree order: parents first, siblings by name (their search keys)
    then id, subtrees together, as the stored tree keys compare byte by byte. PostgreSQL
    reads that order from the key's index (pattern ops) with ~<~, whatever the database's
    collation; SQLite compares text as bytes already."""
    if db.session.get_bind().dialect.name == "postgresql":
        return text(f"{Body.__table__.name}.tree_key USING ~<~")
    return Body.tree_key


def under_key(body: Body) -> list:
    """Conditions: the tree key lies in the subtree of `body` (the same bodies as its path
    does), so that a page of the subtree in tree order is one range of the key's index:
    "LIKE 'key%'" on PostgreSQL, which seeks it with pattern ops; a range on SQLite, whose
    planner does not seek a LIKE."""
    if db.session.get_bind().dialect.name == "postgresql":
        return [Body.tree_key.startswith(body.tree_key, autoescape=True)]
    after = body.tree_key[:-1] + chr(ord(body.tree_key[-1]) + 1)  # "…0042" -> "…0043"
    return [Body.tree_key >= body.tree_key, Body.tree_key < after]


def bodies_in_tree_order(actor, *, active_only: bool = False):
    """A select of every body in scope in tree order (the admin tree, a page at a time)."""
    stmt = select(Body).where(scope_filter(actor, Body.path), *under_key(actor.body))
    if active_only:
        stmt = stmt.where(Body.active.is_(True))
    return stmt.order_by(tree_order())


def body_tree(actor, *, active_only: bool = True) -> list[Body]:
    """Every body in scope, parents before children (for pickers and the user form). A body
    whose parent is left out (a merged body's own bodies) stays where that parent is."""
    return list(db.session.scalars(bodies_in_tree_order(actor, active_only=active_only)))


def holds_every_body(body: Body) -> bool:
    """Whether `body` is the root of the only tree of bodies: its subtree is then every
    body, and a scope check under it keeps every row."""
    if body.parent_id is not None:
        return False
    roots = select(Body.id).where(Body.parent_id.is_(None)).limit(2).subquery()
    return db.session.scalar(select(func.count()).select_from(roots)) == 1


def get_body(actor, body_id: int) -> Body | None:
    """The body if it lies in the actor's subtree, else None (the view answers 404)."""
    if not 0 < body_id <= ID_MAX:  # from a query string: no such row, and no overflow
        return None
    return db.session.scalar(select(Body).where(Body.id == body_id, scope_filter(actor, Body.path)))


def body_with_links(actor, body_id: int) -> Body | None:
    """A body in scope with its parent and successor loaded (the admin detail page)."""
    return db.session.scalar(
        select(Body).where(Body.id == body_id, scope_filter(actor, Body.path))
        .options(joinedload(Body.parent), joinedload(Body.merged_into)))


def children_of(body: Body) -> list[Body]:
    """The direct children of a body (in scope whenever the body is), by name."""
    return list(db.session.scalars(
        select(Body).where(Body.parent_id == body.id).order_by(Body.search_key, Body.id)))


def merge_targets(actor, body: Body) -> list[Body]:
    """Active bodies in scope that may receive `body`: not itself, not below it."""
    return [b for b in body_tree(actor) if not b.path.startswith(body.path)]


def ancestor_names(actor, bodies) -> dict[int, str]:
    """Names of the in-scope ancestors of `bodies`, fetched in one query as plain rows
    (search results, the overdue review's groups): whole bodies cost 3.6 ms of the review's
    Python for two columns."""
    ids = {i for body in bodies for i in body.ancestor_ids}
    if not ids:
        return {}
    return dict(db.session.execute(select(Body.id, Body.name).where(
        Body.id.in_(ids), scope_filter(actor, Body.path))).all())


def sibling_named(parent_id: int | None, name: str, *,
                  exclude_id: int | None = None) -> Body | None:
    """A body under the same parent whose name folds to the same key, if any."""
    stmt = select(Body).where(matches_words(name, Body.search_key))
    stmt = stmt.where(Body.parent_id.is_(None) if parent_id is None
                      else Body.parent_id == parent_id)
    if exclude_id is not None:
        stmt = stmt.where(Body.id != exclude_id)
    return next((b for b in db.session.scalars(stmt) if fold(b.name) == fold(name)), None)


def bodies_by_ids(actor, ids) -> list[Body]:
    if not ids:
        return []
    return list(db.session.scalars(
        select(Body).where(Body.id.in_(ids), scope_filter(actor, Body.path)).order_by(Body.path)))


def bodies_named(name: str, *, within: Body | None = None) -> list[Body]:
    """Every body whose name or short name matches, ignoring case, diacritics and tone
    placement; more than one means the name alone is ambiguous."""
    key = fold(name)
    if not key:
        return []
    stmt = select(Body).where(matches_words(name, Body.search_key))
    if within is not None:
        stmt = stmt.where(starts_with(Body.path, within.path))
    return [body for body in db.session.scalars(stmt.order_by(Body.path))
            if key in (fold(body.name), fold(body.short_name))]


def find_body_by_name(name: str, *, within: Body | None = None) -> Body | None:
    """Match a body by name ignoring case, diacritics and tone placement (for imports)."""
    return next(iter(bodies_named(name, within=within)), None)


def bodies_for_assignment(actor, ids: list[int], *, kind: str = "",
                          level: str = "") -> tuple[list[Body], list[int]]:
    """Bodies picked one by one and/or by kind and level, within scope, and the picked ids
    that are unknown or out of scope."""
    picked = bodies_by_ids(actor, ids)
    missing = sorted(set(ids) - {b.id for b in picked})
    if kind:
        stmt = bodies_in_scope(actor, kind=kind, level=level, active_only=True)
        picked += [b for b in db.session.scalars(stmt) if b.id not in {p.id for p in picked}]
    return picked, missing


def bodies_near(actor, body: Body, limit: int = 500) -> list[Body]:
    """Active bodies under the same parent as `body` (its siblings and their subtrees),
    within the actor's scope, in tree order."""
    parent_path = body.path[:body.path.rstrip("/").rfind("/") + 1] or body.path
    base = parent_path if parent_path.startswith(actor.body.path) else actor.body.path
    return list(db.session.scalars(
        select(Body).where(starts_with(Body.path, base), Body.active.is_(True),
                           scope_filter(actor, Body.path)).order_by(Body.path).limit(limit)))


def locked_paths(session, body_ids) -> dict[int, str]:
    """The bodies' paths, read under a share lock (PostgreSQL; SQLite has one writer): a
    move or merge of a subtree waits for this transaction, and this one, if it waits for the
    move, reads the new path, so a count never moves along an ancestor line that is gone."""
    ids = sorted(set(body_ids))
    if not ids:
        return {}
    with session.no_autoflush:
        return dict(session.execute(
            select(Body.id, Body.path).where(Body.id.in_(ids)).order_by(Body.id)
            .with_for_update(read=True)).all())
