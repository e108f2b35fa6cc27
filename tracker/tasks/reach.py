"""Keeping TaskReach exact: a flush hook on assignments (assigned, forwarded, reassigned,
removed), a move or merge of a subtree, a rebuild. The same pattern as the status
histogram (status/histogram.py), whose body locks it shares. And one read of it: which
tasks have assignments outside a subtree."""
from collections import Counter

from sqlalchemy import event, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased, attributes

from tracker.assignments.models import Assignment
from tracker.bodies.models import Body
from tracker.bodies.queries import locked_paths  # the share locks a move waits for
from tracker.bodies.signals import body_moved
from tracker.core.database import starts_with
from tracker.tasks.models import TaskReach


def _above(path: str) -> list[int]:
    """The bodies strictly above the body of `path`."""
    return [int(part) for part in path.strip("/").split("/")[:-1]]


def _old(assignment: Assignment, name: str):
    history = attributes.get_history(assignment, name)
    if history.has_changes():
        return history.deleted[0] if history.deleted else None
    return getattr(assignment, name)


def _moved(assignment: Assignment) -> bool:
    return any(attributes.get_history(assignment, name).has_changes()
               for name in ("body_id", "task_id"))


@event.listens_for(Session, "before_flush")
def _track_assignments(session: Session, _context, _instances) -> None:
    """An assignment that appears, changes body (or task) or goes moves its task's reach
    above the bodies concerned, in the same transaction."""
    deltas: Counter = Counter()  # (body id, task id) -> assignments added
    for obj in session.new:
        if isinstance(obj, Assignment):
            deltas[(obj.body_id, obj.task_id)] += 1
    for obj in session.dirty:
        if isinstance(obj, Assignment) and _moved(obj):
            old = (_old(obj, "body_id"), _old(obj, "task_id"))
            new = (obj.body_id, obj.task_id)
            if old != new:
                deltas[old] -= 1
                deltas[new] += 1
    for obj in session.deleted:
        if isinstance(obj, Assignment):
            deltas[(_old(obj, "body_id"), _old(obj, "task_id"))] -= 1
    apply(session, deltas)


def apply(session: Session, deltas: Counter) -> None:
    """Add per-(body, task) deltas to the reach of every body above each body."""
    deltas = Counter({k: v for k, v in deltas.items() if v})
    if not deltas:
        return
    paths = locked_paths(session, [body_id for body_id, _ in deltas])
    per_node: Counter = Counter()
    for (body_id, task_id), delta in deltas.items():
        for node in _above(paths[body_id]):
            per_node[(node, task_id)] += delta
    upsert(session, per_node)


_UPSERTS: dict = {}


def upsert(session: Session, per_node: Counter) -> None:
    """Add per-(node, task) counts, creating rows as needed; rows are written (and locked)
    in one order, by node then task, in every transaction (no deadlock between two
    reassignments in opposite directions)."""
    rows = [{"node_id": node, "task_id": task, "n": n}
            for (node, task), n in sorted(per_node.items()) if n]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    if dialect not in _UPSERTS:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        table = TaskReach.__table__
        stmt = insert(table)
        _UPSERTS[dialect] = stmt.on_conflict_do_update(
            index_elements=["node_id", "task_id"], set_={"n": table.c.n + stmt.excluded.n})
    session.execute(_UPSERTS[dialect], rows)


@body_moved.connect
def _body_moved(body, *, session: Session, old_parent_path: str, new_parent_path: str) -> None:
    move_subtree(session, body.id, old_parent_path, new_parent_path)


def move_subtree(session: Session, node_id: int, old_parent_path: str,
                 new_parent_path: str) -> None:
    """A body moved (or was merged): the tasks assigned in its subtree (its own
    assignments and its reach) leave the bodies above it and reach the new ones; the reach
    of bodies inside the subtree is unchanged. The subtree's bodies are locked first, as
    the histogram's move does, so that no assignment is added there meanwhile."""
    subtree = f"{old_parent_path}{node_id}/"
    session.execute(select(Body.id).where(starts_with(Body.path, subtree))
                    .order_by(Body.id).with_for_update(key_share=True))
    inside: Counter = Counter(dict(session.execute(
        select(TaskReach.task_id, TaskReach.n)
        .where(TaskReach.node_id == node_id, TaskReach.n != 0)).all()))
    inside.update(dict(session.execute(
        select(Assignment.task_id, func.count()).where(Assignment.body_id == node_id)
        .group_by(Assignment.task_id)).all()))
    per_node: Counter = Counter()
    for task_id, n in inside.items():
        for node in _ancestors(old_parent_path):
            per_node[(node, task_id)] -= n
        for node in _ancestors(new_parent_path):
            per_node[(node, task_id)] += n
    upsert(session, per_node)


def assigned_outside(task_id, body_id: int):
    """SQL condition on a task id column: some assignment of the task was given outside the
    subtree of `body_id`. Read from the reach, without the assignments: the task's
    assignments in every tree (below and at each root) outnumber those below and at the
    body."""
    root = aliased(Body, name="reach_root")
    roots = select(root.id).where(root.parent_id.is_(None)).scalar_subquery()

    def assignments_in(nodes):
        # Aliases correlated with nothing but the task: the list's own statement reads
        # assignments too.
        reach, given = aliased(TaskReach), aliased(Assignment)
        below = (select(func.coalesce(func.sum(reach.n), 0))
                 .where(reach.task_id == task_id, reach.node_id.in_(nodes)))
        at = (select(func.count()).select_from(given)
              .where(given.task_id == task_id, given.body_id.in_(nodes)))
        return (below.correlate_except(reach).scalar_subquery()
                + at.correlate_except(given).scalar_subquery())
    return assignments_in(roots) > assignments_in([body_id])


def _ancestors(parent_path: str) -> list[int]:
    return [int(part) for part in parent_path.strip("/").split("/") if part]


def rebuild(session: Session) -> int:
    """Recompute every row from the assignments (after a bulk load); returns the rows.
    Counted per (parent of the assigned body, task): the parent and every body above it
    reach the task."""
    session.execute(TaskReach.__table__.delete())
    paths = dict(session.execute(select(Body.id, Body.path)).all())
    found: Counter = Counter()
    for parent_id, task_id, n in session.execute(
            select(Body.parent_id, Assignment.task_id, func.count())
            .join(Body, Body.id == Assignment.body_id).where(Body.parent_id.is_not(None))
            .group_by(Body.parent_id, Assignment.task_id)):
        for node in _ancestors(paths[parent_id]):
            found[(node, task_id)] += n
    rows = [{"node_id": node, "task_id": task, "n": n} for (node, task), n in found.items()]
    for start in range(0, len(rows), 5000):
        session.execute(TaskReach.__table__.insert(), rows[start:start + 5000])
    return len(rows)
