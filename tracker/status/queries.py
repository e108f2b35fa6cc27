"""Reads for the status pages. Unfiltered and period views sum the histogram
(StatusCount and its yearly sums, see sums.py); other filters count the assignments live.
Both give the same numbers."""
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from sqlalchemy import bindparam, func, select

from tracker.assignments import queries as assignment_queries
from tracker.assignments.models import Assignment, Dialogue
from tracker.assignments.state import (
    done_rank_sql,
    effective_due_column,
    overdue_deadlines,
    state_expression,
)
from tracker.bodies.models import Body
from tracker.core.shares import percent
from tracker.directives.models import Directive
from tracker.extensions import db
from tracker.status import sums
from tracker.status.filters import StatusFilters
from tracker.status.models import BUCKETS
from tracker.tasks.models import Task

COLUMNS = ("done_on_time", "done_late", "in_progress", "not_started", "overdue")


@dataclass
class StatusRow:
    body: Body | None          # None: the total row
    direct: bool = False       # assignments given to the node itself, not to its children
    counts: Counter = field(default_factory=Counter)

    @property
    def assigned(self) -> int:
        return sum(self.counts[c] for c in COLUMNS)

    @property
    def done(self) -> int:
        return self.counts["done_on_time"] + self.counts["done_late"]

    @property
    def percent(self) -> float:
        return percent(self.done, self.assigned)


def directive_choices(node: Body, chosen: Directive | None) -> list[tuple[int, str]]:
    """The directives a table of `node` can be filtered by: those issued by its body or a
    body above it (readable by whoever may see `node`), and `chosen`, the one already
    filtered by. A province's own documents are offered once the table is drilled down to
    that province, not in the national table (hundreds of them, each about one row)."""
    rows = db.session.execute(_directive_choices(),
                              {"owners": [*node.ancestor_ids, node.id]}).all()
    if chosen is not None and all(r.id != chosen.id for r in rows):
        rows.insert(0, chosen)
    return [(r.id, f"{r.number} ({r.issuer}, {r.issued_on:%d/%m/%Y})") for r in rows]


@cache
def _directive_choices():
    """Built once: every status page builds its filter's choices (0.4 ms of Python)."""
    return (select(Directive.id, Directive.number, Directive.issuer, Directive.issued_on)
            .where(Directive.owner_body_id.in_(bindparam("owners", expanding=True)))
            .order_by(Directive.issued_on.desc(), Directive.id))


def children_of(node: Body) -> list[Body]:
    return list(db.session.scalars(select(Body).where(Body.parent_id == node.id)
                                   .order_by(Body.active.desc(), Body.name)))


def status_rows(node: Body, filters: StatusFilters, today: date) -> tuple[list[StatusRow],
                                                                         StatusRow]:
    """One row per child of `node` (its subtree), a row for work given to `node` itself
    when there is any, and the total. `node` must already be checked to be in scope."""
    children = children_of(node)
    if filters.needs_live_count:
        by_child = _live_counts(node, filters, today)
    else:
        by_child = _histogram_counts(node, children, filters, today)
    rows = [StatusRow(child, counts=by_child.get(child.id, Counter())) for child in children]
    direct = by_child.get(None, Counter())
    if sum(direct.values()):
        rows.append(StatusRow(node, direct=True, counts=direct))
    total = StatusRow(None, counts=sum((r.counts for r in rows), Counter()))
    return rows, total


def _split(bucket_totals: dict[str, tuple[int, int]]) -> Counter:
    """From (past the deadline, all) per stored bucket to the five derived states."""
    get = lambda b: bucket_totals.get(b, (0, 0))  # noqa: E731
    counts = Counter()
    counts["done_on_time"] = get("done_on_time")[1]
    counts["done_late"] = get("done_late")[1]
    counts["overdue"] = get("open_not_started")[0] + get("open_started")[0]
    counts["not_started"] = get("open_not_started")[1] - get("open_not_started")[0]
    counts["in_progress"] = get("open_started")[1] - get("open_started")[0]
    return counts


def _histogram_counts(node, children, filters, today) -> dict:
    period = half_open(filters)
    found = sums.sums(node, {"all": (period, BUCKETS),
                             "past": (sums.intersect(period, overdue_deadlines(today)),
                                      sums.OPEN)}, children=True)
    per_node: dict[int, dict] = defaultdict(dict)
    for (node_id, bucket), n in found.items():
        per_node[node_id][bucket] = (n["past"], n["all"])
    result = {c.id: _split(per_node.get(c.id, {})) for c in children}
    direct = _split(per_node.get(node.id, {}))
    for child in children:
        direct.subtract(result[child.id])
    result[None] = +direct
    return result


def subtree_states(node: Body, today: date) -> Counter:
    """Every assignment of `node`'s subtree, per derived state, from the histogram."""
    found = sums.sums(node, {"all": ((None, None), BUCKETS),
                             "past": (overdue_deadlines(today), sums.OPEN)})
    return _split({bucket: (n["past"], n["all"]) for (_, bucket), n in found.items()})


# The assignment lists' counts of a scope too large to count (tracker/assignments/queries).
assignment_queries.subtree_states_from(subtree_states)


def half_open(filters: StatusFilters) -> sums.Range:
    """The filters' deadlines (both days included) as [start, end)."""
    start, end = filters.deadline_range
    return start, (end + timedelta(days=1) if end else None)


def _child_key(node: Body):
    """SQL: the id (as text) of the child of `node` whose subtree holds the body, '' for
    the node itself."""
    rest = func.substr(Body.path, len(node.path) + 1)
    if db.session.get_bind().dialect.name == "postgresql":
        return func.split_part(rest, "/", 1)
    return func.substr(rest, 1, func.instr(rest, "/") - 1)


def filtered_assignments(stmt, filters: StatusFilters, *, period=None):
    """Apply the status filters to a select that already joins Assignment, Task, Body. The
    period bounds `period` (a date column), the current deadline unless told otherwise."""
    start, end = filters.deadline_range
    day = effective_due_column() if period is None else period
    if start:
        stmt = stmt.where(day >= start)
    if end:
        stmt = stmt.where(day <= end)
    if filters.directive_id:
        stmt = stmt.where(Task.directive_id == filters.directive_id)
    if filters.task_kind:
        stmt = stmt.where(Task.kind == filters.task_kind)
    if filters.body_kind:
        stmt = stmt.where(Body.kind == filters.body_kind)
    if filters.body_level:
        stmt = stmt.where(Body.level == filters.body_level)
    return stmt


def _live_counts(node, filters, today) -> dict:
    child, state = _child_key(node), state_expression(today)
    stmt = (select(child, state, func.count()).select_from(Assignment)
            .join(Task, Task.id == Assignment.task_id).join(Body, Body.id == Assignment.body_id)
            .where(Body.path.startswith(node.path, autoescape=True)))
    stmt = filtered_assignments(stmt, filters).group_by(child, state)
    result: dict = defaultdict(Counter)
    for key, state_name, n in db.session.execute(stmt):
        result[int(key) if key else None][state_name] += n
    return result


def directive_matrix(actor, directive: Directive, today: date, filters: StatusFilters):
    """Body × task of a directive, each cell the derived state of that assignment."""
    from tracker.assignments.queries import visible_assignment_filter
    state = state_expression(today)
    tasks = list(db.session.scalars(select(Task).where(Task.directive_id == directive.id)
                                    .order_by(Task.due_on, Task.id)))
    stmt = (select(Assignment.id, Assignment.task_id, Body.id, Body.name, state,
                   Assignment.status)
            .join(Task, Task.id == Assignment.task_id).join(Body, Body.id == Assignment.body_id)
            .where(Task.directive_id == directive.id, visible_assignment_filter(actor)))
    stmt = filtered_assignments(stmt, filters).order_by(Body.name)
    bodies: dict[int, str] = {}
    cells: dict[tuple[int, int], tuple[int, str, str]] = {}  # (id, state, stored status)
    per_task: dict[int, Counter] = defaultdict(Counter)
    for assignment_id, task_id, body_id, body_name, state_name, status in \
            db.session.execute(stmt):
        bodies[body_id] = body_name
        cells[(body_id, task_id)] = (assignment_id, state_name, status)
        per_task[task_id][state_name] += 1
    shown = [t for t in tasks if t.id in per_task]
    return shown, sorted(bodies.items(), key=lambda item: item[1]), cells, per_task


def dialogue_figures(node: Body, filters: StatusFilters):
    """Dialogues held, participants, opinions raised and settled, per child and level. The
    period is the day a dialogue was held; the other filters are those of the assignment
    it was recorded on (directive, task kind, kind and level of the body)."""
    child = _child_key(node)
    stmt = (select(child, Dialogue.level, func.count(), func.sum(Dialogue.participants),
                   func.sum(Dialogue.opinions_raised), func.sum(Dialogue.opinions_settled))
            .join(Assignment, Assignment.id == Dialogue.assignment_id)
            .join(Task, Task.id == Assignment.task_id).join(Body, Body.id == Assignment.body_id)
            .where(Body.path.startswith(node.path, autoescape=True))
            .group_by(child, Dialogue.level))
    stmt = filtered_assignments(stmt, filters, period=Dialogue.held_on)
    result: dict = defaultdict(dict)
    for key, level, n, people, raised, settled in db.session.execute(stmt):
        result[int(key) if key else None][level] = (n, int(people or 0), int(raised or 0),
                                                    int(settled or 0))
    return result


def dialogue_levels(figures: dict, levels) -> dict:
    """The figures of `dialogue_figures` added up per level, and in total (key None), as the
    reports give them: "cấp tỉnh ... cuộc, cấp huyện ..., cấp xã ..."."""
    totals = {level: [0, 0, 0, 0] for level in levels}
    for per_level in figures.values():
        for level, values in per_level.items():
            totals[level] = [a + b for a, b in zip(totals.setdefault(level, [0, 0, 0, 0]),
                                                   values, strict=True)]
    totals[None] = [sum(v[i] for v in totals.values()) for i in range(4)]
    return {level: tuple(v) for level, v in totals.items()}


def export_columns(today: date) -> list:
    """The columns of an export's plain rows (see visible_rows): names, the deadline in
    force and the derived state computed by the database, the dates as stored."""
    return [Body.name.label("body"), Task.title.label("task"),
            Directive.number.label("directive"), Assignment.role,
            effective_due_column().label("due"), state_expression(today).label("state"),
            Assignment.status, Assignment.progress, Assignment.completed_on,
            Assignment.last_activity_at]


def visible(actor, columns: list | None):
    """The visible assignments as objects, or as plain rows of `columns`."""
    from tracker.assignments.queries import visible_assignments, visible_rows
    return visible_assignments(actor) if columns is None else visible_rows(actor, columns)


def assignments_of_body(actor, body: Body, filters: StatusFilters, today: date, *,
                        subtree: bool = False, columns: list | None = None):
    """The assignments given to exactly this body (or, with `subtree`, to it and every body
    below it, as its row of the status table counts them), overdue first then by deadline
    (objects, or plain rows of `columns`)."""
    stmt = visible(actor, columns).where(
        Body.path.startswith(body.path, autoescape=True) if subtree
        else Assignment.body_id == body.id)
    # The list's default order (overdue first, then open work, then done, by deadline),
    # as the index of migration 0017 serves it: the same rows as sorting by urgency.
    return filtered_assignments(stmt, filters).order_by(done_rank_sql(Assignment),
                                                        effective_due_column(), Assignment.id)


def subtree_count(body: Body, filters: StatusFilters, today: date) -> int | None:
    """How many assignments `assignments_of_body(..., subtree=True)` lists, from the
    histogram; None when a filter needs the rows (directive, kinds, level)."""
    if filters.needs_live_count:
        return None
    return sum(_histogram_counts(body, [], filters, today)[None].values())


def directive_results(actor, directive: Directive, today: date, filters: StatusFilters):
    """For the report of a directive: each visible assignment with its state, by task then
    body, and the figures each one reported ({assignment id: [Figure]}), in two queries."""
    from tracker.assignments.models import Figure
    from tracker.assignments.queries import visible_assignment_filter, visible_assignments
    stmt = visible_assignments(actor).add_columns(state_expression(today)) \
        .where(Task.directive_id == directive.id)
    stmt = filtered_assignments(stmt, filters).order_by(Task.due_on, Task.id, Body.name,
                                                        Assignment.id)
    rows = [(assignment, state) for assignment, state in db.session.execute(stmt)]
    figures_stmt = (select(Figure).join(Assignment, Assignment.id == Figure.assignment_id)
                    .join(Task, Task.id == Assignment.task_id)
                    .join(Body, Body.id == Assignment.body_id)
                    .where(Task.directive_id == directive.id, visible_assignment_filter(actor)))
    figures: dict[int, list] = defaultdict(list)
    for figure in db.session.scalars(filtered_assignments(figures_stmt, filters)
                                     .order_by(Figure.assignment_id, Figure.id)):
        figures[figure.assignment_id].append(figure)
    return rows, figures
