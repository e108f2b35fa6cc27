"""The overdue review: every overdue assignment in a user's scope, grouped by body (bodies
in tree order, the most overdue first within a body), with aging buckets (≤ 30, 31–90,
91–120, > 120 days overdue) that count exactly what the list holds with the same filters."""
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from sqlalchemy import case, func, select, text
from sqlalchemy.orm import aliased

from tracker.assignments.models import Assignment
from tracker.assignments.queries import listed_columns
from tracker.assignments.state import (
    days_overdue,
    effective_due_column,
    overdue_clause,
    overdue_deadlines,
)
from tracker.bodies.models import Body
from tracker.extensions import db
from tracker.status import sums
from tracker.status.filters import StatusFilters
from tracker.status.queries import filtered_assignments, half_open, visible
from tracker.tasks.models import Task

# Aging buckets: (min days, max days) overdue.
AGES = {"le30": (1, 30), "31_90": (31, 90), "91_120": (91, 120), "gt120": (121, None)}


def _days_before(today: date, days: int) -> date:
    return date.fromordinal(today.toordinal() - days)


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _path_range(node: Body) -> list:
    """On SQLite, the subtree of `node` also as a range of paths (the same bodies: paths
    compare byte by byte there), so that its planner walks the bodies in path order on the
    path index, which it cannot use for the LIKE. Only where that order is wanted: for a
    count, walking every body's assignments costs more than the open-deadline index."""
    if _dialect() != "sqlite":
        return []
    after = node.path[:-1] + chr(ord(node.path[-1]) + 1)  # "/1/7/" -> "/1/70"
    return [Body.path >= node.path, Body.path < after]


def _overdue(stmt, node: Body, today: date, filters: StatusFilters, age: str):
    """`stmt` (joining Assignment, Task, Body) narrowed to the overdue assignments of the
    subtree of `node` with these filters and aging bucket."""
    due = effective_due_column()
    stmt = stmt.where(overdue_clause(today), Body.path.startswith(node.path, autoescape=True))
    low, high = AGES.get(age, (None, None))
    if low is not None:
        stmt = stmt.where(due <= _days_before(today, low))
    if high is not None:
        stmt = stmt.where(due >= _days_before(today, high))
    return filtered_assignments(stmt, filters)


def _tree_order():
    """ORDER BY term: the assigned body's place in the tree, by path compared byte by byte,
    so that a body comes before its own bodies and a subtree stays together whatever the
    database's collation. On PostgreSQL that is the order of the path index
    (varchar_pattern_ops), read with ~<~; SQLite compares text as bytes already."""
    if _dialect() == "postgresql":
        return text(f"{Body.__table__.name}.path USING ~<~")
    return Body.path


def overdue_list(actor, today: date, filters: StatusFilters, *, age: str = "",
                 columns: list | None = None):
    """Every overdue assignment in scope: body by body in tree order, the most overdue
    first within a body (walks the bodies on the path index, a few rows per page); objects,
    or plain rows of `columns`."""
    stmt = _overdue(visible(actor, columns), actor.body, today, filters, age)
    return stmt.where(*_path_range(actor.body)).order_by(_tree_order(), effective_due_column(),
                                                         Assignment.id)


def overdue_rows(actor, today: date, filters: StatusFilters, *, age: str = ""):
    """overdue_list as its page shows it: plain rows of the list's columns
    (listed_columns), the path of each row's body (its group's place in the tree) and of
    the task's owner (who may urge): no objects of four kinds a row."""
    owner = _owner()
    columns = [*listed_columns(), Body.path.label("body_path"), owner.path.label("owner_path")]
    return (overdue_list(actor, today, filters, age=age, columns=columns)
            .join(owner, owner.id == Task.owner_body_id))


@cache
def _owner():
    """The task owner's alias, made once at its first use (1.1 ms each time)."""
    return aliased(Body, name="urging_owner")


@dataclass
class OverdueGroup:
    """The rows of one body on a page of the overdue list."""

    body: Body
    overdue: int = 0                          # the body's overdue assignments, every page
    rows: list = field(default_factory=list)  # (assignment, days overdue) on this page


def overdue_groups(node: Body, items, today: date, filters: StatusFilters,
                   age: str = "") -> list[OverdueGroup]:
    """The rows of a page of overdue_rows (in its order) as one group per body, each
    with how many overdue assignments its body has with these filters, counted for the
    page's bodies in one query."""
    groups: list[OverdueGroup] = []
    for row in items:
        if not groups or groups[-1].body.id != row.body_id:
            # The row's body as the group shows it (never added to the session).
            groups.append(OverdueGroup(Body(id=row.body_id, name=row.body_name,
                                            path=row.body_path)))
        groups[-1].rows.append((row, days_overdue(row, today)))
    if groups:
        stmt = (select(Assignment.body_id, func.count()).select_from(Assignment)
                .join(Task, Task.id == Assignment.task_id)
                .join(Body, Body.id == Assignment.body_id)
                .where(Assignment.body_id.in_({g.body.id for g in groups})))
        stmt = _overdue(stmt, node, today, filters, age).group_by(Assignment.body_id)
        counts = dict(db.session.execute(stmt).all())
        for group in groups:
            group.overdue = counts.get(group.body.id, 0)
    return groups


def _age_range(age: str, today: date) -> sums.Range:
    """The deadlines of an aging bucket, as [start, end)."""
    low, high = AGES[age]
    return sums.intersect(overdue_deadlines(today), (
        today - timedelta(days=high) if high else None, today - timedelta(days=low - 1)))


def overdue_figures(node: Body, today: date, filters: StatusFilters,
                    age: str = "") -> tuple[dict[str, int], int]:
    """For the overdue review of a user of `node`: how many of the overdue assignments of
    its subtree that match the filters fall in each aging bucket, and how many rows
    overdue_list holds with these filters and `age` (so the pager never counts them). One
    query: the histogram's sums when it can answer the filters (a period), else a live
    count of the same rows."""
    if filters.needs_live_count:
        ages = _live_ages(node, today, filters)
    else:
        period = half_open(filters)
        found = sums.sums(node, {name: (sums.intersect(_age_range(name, today), period),
                                        sums.OPEN) for name in AGES})
        ages = {name: sum(n[name] for n in found.values()) for name in AGES}
    return ages, ages[age] if age in AGES else sum(ages.values())


def _live_ages(node: Body, today: date, filters: StatusFilters) -> dict[str, int]:
    due = effective_due_column()
    bucket = case(*((due >= _days_before(today, high), name)
                    for name, (_low, high) in AGES.items() if high is not None),
                  else_="gt120")
    stmt = (select(bucket, func.count()).select_from(Assignment)
            .join(Task, Task.id == Assignment.task_id).join(Body, Body.id == Assignment.body_id))
    stmt = _overdue(stmt, node, today, filters, "").group_by(bucket)
    ages = dict.fromkeys(AGES, 0)
    for name, n in db.session.execute(stmt):
        ages[name] += n
    return ages
