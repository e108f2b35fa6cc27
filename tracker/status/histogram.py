"""Keeping StatusCount (and its sums per year, StatusYearCount, and over all deadlines,
StatusTotal) exact: a flush hook on assignments, a move of a subtree, a rebuild."""
from collections import Counter, defaultdict
from datetime import date

from sqlalchemy import event, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, attributes

from tracker.assignments import state
from tracker.assignments.models import Assignment
from tracker.bodies.models import Body
from tracker.bodies.queries import locked_paths
from tracker.bodies.signals import body_moved
from tracker.core.database import starts_with
from tracker.status.models import StatusCount, StatusTotal, StatusYearCount

WATCHED = ("status", "completed_on", "due_on", "extended_due_on", "body_id")


def bucket_of(status: str, completed_on: date | None, due: date) -> str:
    """The stored bucket: done on time or late for good, open work by whether it started
    (overdue or not depends on the day it is read: see queries._split)."""
    if not state.is_open(status):
        return state.done_state(completed_on, due)
    return "open_not_started" if state.open_state(status) == "not_started" else "open_started"


def _key(values: dict) -> tuple[int, str, date]:
    due = state.deadline(values["due_on"], values["extended_due_on"])
    return values["body_id"], bucket_of(values["status"], values["completed_on"], due), due


def _old_values(assignment: Assignment) -> dict:
    old = {}
    for name in WATCHED:
        history = attributes.get_history(assignment, name)
        if history.has_changes():
            # A None committed value leaves `deleted` empty: the old value was None.
            old[name] = history.deleted[0] if history.deleted else None
        else:
            old[name] = getattr(assignment, name)
    return old


def _new_values(assignment: Assignment) -> dict:
    return {name: getattr(assignment, name) for name in WATCHED}


def _ancestors(path: str) -> list[int]:
    """The body and every body above it."""
    return [int(part) for part in path.strip("/").split("/") if part]


def apply(session: Session, deltas: Counter) -> None:
    """Add the per-(body, bucket, deadline) deltas to every ancestor's histogram."""
    deltas = Counter({k: v for k, v in deltas.items() if v})
    if not deltas:
        return
    paths = locked_paths(session, [body_id for body_id, _, _ in deltas])
    per_node: Counter = Counter()
    for (body_id, bucket, deadline), delta in deltas.items():
        for node in _ancestors(paths[body_id]):
            per_node[(node, bucket, deadline)] += delta
    upsert(session, per_node)


def upsert(session: Session, per_node: Counter) -> None:
    """Add per-(node, bucket, deadline) counts and their sums per year and in all, creating
    rows as needed: one cached statement per table, executed for many rows.

    Rows are written (and so locked) in one order, by body id then key, in every
    transaction: two changes that move counts between the same ancestors in opposite
    directions (a reassignment from A to B and one from B to A, a merge) would otherwise
    each hold a row the other waits for."""
    per_year: Counter = Counter()
    per_total: Counter = Counter()
    for (node, bucket, deadline), n in per_node.items():
        per_year[(node, bucket, deadline.year)] += n
        per_total[(node, bucket)] += n
    dialect = session.get_bind().dialect.name
    for model, period, counts in ((StatusCount, "deadline", per_node),
                                  (StatusYearCount, "year", per_year),
                                  (StatusTotal, None, per_total)):
        rows = [_row(key, period, n) for key, n in sorted(counts.items()) if n]
        if rows:
            session.execute(_upsert_statement(dialect, model, period), rows)


def _row(key: tuple, period: str | None, n: int) -> dict:
    row = {"node_id": key[0], "bucket": key[1], "n": n}
    if period:
        row[period] = key[2]
    return row


_UPSERTS: dict = {}


def _upsert_statement(dialect: str, model, period: str | None):
    """INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n, built once per dialect and
    table so that SQLAlchemy compiles it once (every flush that touches an assignment runs
    it)."""
    key = (dialect, model.__tablename__)
    if key not in _UPSERTS:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        table = model.__table__
        stmt = insert(table)
        _UPSERTS[key] = stmt.on_conflict_do_update(
            index_elements=["node_id", "bucket", *([period] if period else [])],
            set_={"n": table.c.n + stmt.excluded.n})
    return _UPSERTS[key]


@event.listens_for(Session, "before_flush")
def _track_assignments(session: Session, _context, _instances) -> None:
    """Every change to an assignment moves its count, in the same transaction."""
    deltas: Counter = Counter()
    for obj in session.new:
        if isinstance(obj, Assignment):
            deltas[_key(_new_values(obj))] += 1
    for obj in session.dirty:
        if isinstance(obj, Assignment) and session.is_modified(obj, include_collections=False):
            old, new = _key(_old_values(obj)), _key(_new_values(obj))
            if old != new:
                deltas[old] -= 1
                deltas[new] += 1
    for obj in session.deleted:
        if isinstance(obj, Assignment):
            deltas[_key(_old_values(obj))] -= 1
    apply(session, deltas)


@body_moved.connect
def _body_moved(body, *, session: Session, old_parent_path: str, new_parent_path: str) -> None:
    move_subtree(session, body.id, old_parent_path, new_parent_path)


def move_subtree(session: Session, node_id: int, old_parent_path: str,
                 new_parent_path: str) -> None:
    """A body moved (or was merged): its subtree's histogram leaves the old ancestors and
    joins the new ones; nodes inside the subtree are unchanged.

    The subtree's bodies are locked first, in id order: a write in the subtree that has
    moved counts along the old ancestors (holding its body's share lock, see `locked_paths`)
    commits before its counts are read here; a later one waits and follows the new path."""
    subtree = f"{old_parent_path}{node_id}/"
    session.execute(select(Body.id).where(starts_with(Body.path, subtree))
                    .order_by(Body.id).with_for_update(key_share=True))
    rows = session.execute(select(StatusCount.bucket, StatusCount.deadline, StatusCount.n)
                           .where(StatusCount.node_id == node_id, StatusCount.n != 0)).all()
    per_node: Counter = Counter()
    for bucket, deadline, n in rows:
        for node in _ancestors(old_parent_path):
            per_node[(node, bucket, deadline)] -= n
        for node in _ancestors(new_parent_path):
            per_node[(node, bucket, deadline)] += n
    upsert(session, per_node)


def rebuild(session: Session) -> int:
    """Recompute every count from the assignments (after a bulk load); returns the rows."""
    session.execute(StatusCount.__table__.delete())
    session.execute(StatusYearCount.__table__.delete())
    session.execute(StatusTotal.__table__.delete())
    per_body = session.execute(
        select(Assignment.body_id, Assignment.status, Assignment.completed_on,
               state.effective_due_column(), func.count())
        .group_by(Assignment.body_id, Assignment.status, Assignment.completed_on,
                  state.effective_due_column()))
    paths = dict(session.execute(select(Body.id, Body.path)).all())
    per_node: dict = defaultdict(int)
    per_year: dict = defaultdict(int)
    per_total: dict = defaultdict(int)
    for body_id, status, completed_on, due, n in per_body:
        bucket = bucket_of(status, completed_on, due)
        for node in _ancestors(paths[body_id]):
            per_node[(node, bucket, due)] += n
            per_year[(node, bucket, due.year)] += n
            per_total[(node, bucket)] += n
    for model, period, counts in ((StatusCount, "deadline", per_node),
                                  (StatusYearCount, "year", per_year),
                                  (StatusTotal, None, per_total)):
        rows = [_row(key, period, n) for key, n in counts.items()]
        for start in range(0, len(rows), 5000):
            session.execute(model.__table__.insert(), rows[start:start + 5000])
    return len(per_node)
