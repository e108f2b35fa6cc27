"""Reads of the chain, scoped by the actor like every assignment read: the bodies a forward
may reach, the way up (breadcrumb), an assignment's sub-assignments at a glance, completion
by kind of body, and the chain of one task level by level. Each runs a fixed number of
statements, whatever the number of bodies."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, bindparam, case, func, literal_column, not_, or_, select
from sqlalchemy.orm import aliased

from tracker.assignments.models import Assignment
from tracker.assignments.queries import visible_assignment_filter, visible_assignments
from tracker.assignments.state import REPORTED, open_clause, state_expression
from tracker.bodies.models import Body
from tracker.chain.groups import group_label, group_of, group_order
from tracker.core.permissions import scope_condition, scope_params
from tracker.extensions import db
from tracker.tasks.models import Task
from tracker.tasks.queries import get_task

MISSING_SHOWN = 30  # names of bodies still missing listed under a sub-task; the rest counted


def _count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


# ---- forwarding ------------------------------------------------------------------------

def forward_picker(assignment: Assignment, *, url: str, inline_max: int, selected_ids=()):
    """The forward form's picker: active bodies below the assignment's body."""
    from tracker.bodies.picker import picker
    return picker(assignment.body.path, url=url, inline_max=inline_max,
                  extra=(Body.id != assignment.body_id,), selected_ids=selected_ids)


def forward_targets(assignment: Assignment, **filters) -> dict:
    """One page of the bodies below the assignment's body (the picker's search)."""
    from tracker.bodies.picker import search
    return search(assignment.body.path, extra=(Body.id != assignment.body_id,), **filters)


def bodies_to_forward(assignment: Assignment, ids: list[int], *, kind: str = "",
                      level: str = "") -> tuple[list[Body], list[int]]:
    """The bodies picked one by one (the assignment's body itself included, so that the
    operation can say why it is refused) and every active body of a kind and level below
    it; and the picked ids that do not lie in its subtree (the caller answers 404)."""
    body = assignment.body
    inside = Body.path.startswith(body.path, autoescape=True)
    picked = list(db.session.scalars(
        select(Body).where(Body.id.in_(ids), inside).order_by(Body.path))) if ids else []
    missing = sorted(set(ids) - {b.id for b in picked})
    if kind:
        stmt = select(Body).where(inside, Body.id != body.id, Body.kind == kind,
                                  Body.active.is_(True))
        if level:
            stmt = stmt.where(Body.level == level)
        known = {b.id for b in picked}
        picked += [b for b in db.session.scalars(stmt.order_by(Body.path)) if b.id not in known]
    return picked, missing


def assignment_for_forward(actor, assignment_id: int) -> Assignment | None:
    """A visible assignment with its task, directive and body (what forwarding reads)."""
    return db.session.scalar(visible_assignments(actor).where(Assignment.id == assignment_id))


# ---- the way up ------------------------------------------------------------------------

@dataclass
class Step:
    """One level above: the task and the assignment of it that was forwarded."""
    task: Task
    assignment: Assignment


def breadcrumb(actor, task: Task) -> list[Step]:
    """From the top of the chain down to `task`'s parent assignment, as far up as the actor
    may see (one statement per level: chains are a few levels deep)."""
    steps, parent_id = [], task.parent_assignment_id
    while parent_id is not None:
        parent = db.session.scalar(visible_assignments(actor).where(Assignment.id == parent_id))
        if parent is None:
            break
        steps.append(Step(parent.task, parent))
        parent_id = parent.task.parent_assignment_id
    return steps[::-1]


# ---- an assignment's sub-assignments at a glance ------------------------------------------

@dataclass
class SubTaskSummary:
    task: Task
    counts: dict  # derived state -> number
    total: int
    missing: list  # (Body, state) of bodies that have not submitted, most urgent first
    missing_count: int


def sub_tasks_of(actor, assignment: Assignment, today: date) -> list[SubTaskSummary]:
    """The sub-tasks created by forwarding `assignment`, each with its assignments counted
    by derived state and the bodies that have not submitted yet (three statements)."""
    tasks = list(db.session.scalars(
        select(Task).where(Task.parent_assignment_id == assignment.id).order_by(Task.id)))
    if not tasks:
        return []
    ids = [t.id for t in tasks]
    state = state_expression(today)
    counts: dict[int, dict[str, int]] = {i: {} for i in ids}
    unsent: dict[int, int] = dict.fromkeys(ids, 0)
    for task_id, task_state, n, not_sent in db.session.execute(
            select(Assignment.task_id, state, func.count(), _count_if(
                Assignment.status.not_in(REPORTED)))
            .join(Task, Task.id == Assignment.task_id)
            .join(Body, Body.id == Assignment.body_id)
            .where(Assignment.task_id.in_(ids), visible_assignment_filter(actor))
            .group_by(Assignment.task_id, state)):
        counts[task_id][task_state] = n
        unsent[task_id] += not_sent
    # The bodies still missing: ranked per sub-task in SQL, so that a sub-task given to
    # 3,000 communes sends back MISSING_SHOWN names, not 3,000.
    urgency = case((state == "overdue", 0), else_=1)
    rank = func.row_number().over(partition_by=Assignment.task_id,
                                  order_by=(urgency, Body.path)).label("rank")
    ranked = (select(Assignment.task_id, Assignment.body_id, state.label("state"), rank)
              .join(Task, Task.id == Assignment.task_id)
              .join(Body, Body.id == Assignment.body_id)
              .where(Assignment.task_id.in_(ids), Assignment.status.not_in(REPORTED),
                     visible_assignment_filter(actor)).subquery())
    rows = db.session.execute(
        select(ranked.c.task_id, Body, ranked.c.state).join(Body, Body.id == ranked.c.body_id)
        .where(ranked.c.rank <= MISSING_SHOWN).order_by(ranked.c.task_id, ranked.c.rank)).all()
    missing: dict[int, list] = defaultdict(list)
    for task_id, body, body_state in rows:
        missing[task_id].append((body, body_state))
    result = []
    for task in tasks:
        c = counts[task.id]
        result.append(SubTaskSummary(task, c, sum(c.values()), missing[task.id],
                                     unsent[task.id]))
    return result


# ---- completion by kind of body ----------------------------------------------------------

@dataclass
class GroupCount:
    """Assignments of one group of bodies: how many, how many submitted (or done), done."""
    key: str
    total: int = 0
    submitted: int = 0
    done: int = 0
    overdue: int = 0

    @property
    def label(self) -> str:
        return group_label(self.key)


def _grouped(rows) -> list[GroupCount]:
    """(kind, level, total, submitted, done, overdue) rows folded into ordered groups."""
    groups: dict[str, GroupCount] = {}
    for kind, level, total, submitted, done, overdue in rows:
        key = group_of(kind, level)
        g = groups.setdefault(key, GroupCount(key))
        g.total += total
        g.submitted += submitted
        g.done += done
        g.overdue += overdue
    return sorted(groups.values(), key=lambda g: group_order(g.key))


def _group_columns(today: date):
    return (Body.kind, Body.level, func.count(), _count_if(Assignment.status.in_(REPORTED)),
            _count_if(not_(open_clause())),
            _count_if(state_expression(today) == "overdue"))


def completion_by_kind(actor, task: Task, today: date) -> list[GroupCount]:
    """The task's own assignments (not those of its sub-tasks) the actor may see, counted
    by group of bodies: "8/8 xã, 16/18 sở, ban, ngành đã hoàn thành". One statement."""
    rows = db.session.execute(
        select(*_group_columns(today))
        .select_from(Assignment).join(Task, Task.id == Assignment.task_id)
        .join(Body, Body.id == Assignment.body_id)
        .where(Assignment.task_id == task.id, visible_assignment_filter(actor))
        .group_by(Body.kind, Body.level))
    return _grouped(rows)


DONE_VERBS = {"so_ket": _l("đã tổ chức sơ kết"), "tong_ket": _l("đã tổ chức tổng kết")}


def completion_sentence(groups: list[GroupCount], word: str, kind: str = "") -> str:
    """"8/8 huyện, 16/18 sở, ngành đã tổ chức sơ kết" (`word` "done") or "34/34 tỉnh đã
    nộp" (`word` "submitted"), numbers with Vietnamese thousands."""
    if not groups:
        return ""
    count = "done" if word == "done" else "submitted"
    parts = ", ".join(f"{_vn(getattr(g, count))}/{_vn(g.total)} {g.label}" for g in groups)
    verb = DONE_VERBS.get(kind, _l("đã hoàn thành")) if word == "done" else _l("đã nộp")
    return f"{parts} {verb}"


def _vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# ---- the chain of one task ---------------------------------------------------------------

@dataclass
class Level:
    """Every assignment of the chain at one depth (0: the top task's own assignments)."""
    depth: int
    groups: list[GroupCount] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(g.total for g in self.groups)


@dataclass
class ChainRow:
    """A top-level assignment and the sub-assignments its body gave, by derived state."""
    assignment_id: int
    body_name: str
    state: str
    sub_counts: dict
    sub_total: int
    assignment: Assignment | None = None  # the whole assignment, for the API's document

    @property
    def sub_done(self) -> int:
        return self.sub_counts.get("done_on_time", 0) + self.sub_counts.get("done_late", 0)


@dataclass
class Chain:
    top: Task
    levels: list[Level]
    rows: list[ChainRow]


_owner = aliased(Body, name="chain_owner")


def _visible_in_chain(stmt):
    """`visible_assignment_filter` (assigned body or task owner in scope) as a join to the
    owner: the owner's row by primary key, instead of the list of every body in scope that
    the general filter builds (8 of 32 ms on the national chain, SQLite)."""
    return stmt.join(_owner, _owner.id == Task.owner_body_id).where(
        or_(scope_condition(Body.path), scope_condition(_owner.path)))


@cache
def _chain_statements():
    """The chain's two statements, built once (the actor's path, the top task and today
    are parameters): every assignment of the chain grouped by depth, parent assignment,
    kind and level of body and derived state (a few hundred rows for 4,400 assignments);
    and the top task's own assignments as plain rows (id, body, state)."""
    today, root = bindparam("today", type_=Date), bindparam("root")
    state = state_expression(today)
    # Grouped by the state's name, not by the CASE again (evaluated twice a row).
    grouped = _visible_in_chain(
        select(Task.chain_depth, Task.parent_assignment_id, Body.kind, Body.level,
               state.label("chain_state"), func.count(),
               _count_if(Assignment.status.in_(REPORTED)))
        .select_from(Assignment).join(Task, Task.id == Assignment.task_id)
        .join(Body, Body.id == Assignment.body_id)).where(
        or_(Task.id == root, Task.root_task_id == root)).group_by(
        Task.chain_depth, Task.parent_assignment_id, Body.kind, Body.level,
        literal_column("chain_state"))
    top = _visible_in_chain(
        select(Assignment.id, Body.name, state).select_from(Assignment)
        .join(Task, Task.id == Assignment.task_id).join(Body, Body.id == Assignment.body_id)
    ).where(Assignment.task_id == root).order_by(Body.path)
    return grouped, top


DONE_STATES = ("done_on_time", "done_late")


def chain_of(actor, root: Task, today: date, *, with_assignments: bool = False) -> Chain:
    """The chain below a top task as far as the actor may see: each depth with its groups of
    bodies (total, submitted, done, overdue) and one row per top-level assignment with its
    sub-assignments by state. Two statements, whatever the number of bodies (three
    `with_assignments`: the rows' whole assignments, for the API)."""
    grouped, top = _chain_statements()
    params = {**scope_params(actor), "root": root.id, "today": today}
    levels: dict[int, dict] = defaultdict(dict)
    subs: dict[int, dict[str, int]] = defaultdict(dict)
    run = db.session.connection().execute  # plain rows: no ORM processing of each
    for depth, parent_id, kind, level, state, n, sent in run(grouped, params):
        key = group_of(kind, level)
        g = levels[depth].get(key) or levels[depth].setdefault(key, GroupCount(key))
        g.total += n
        g.submitted += sent
        if state in DONE_STATES:
            g.done += n
        elif state == "overdue":
            g.overdue += n
        if depth == 1:
            subs[parent_id][state] = subs[parent_id].get(state, 0) + n
    rows = [ChainRow(aid, name, state, subs.get(aid, {}), sum(subs.get(aid, {}).values()))
            for aid, name, state in run(top, params)]
    if with_assignments and rows:
        by_id = {a.id: a for a in db.session.scalars(visible_assignments(actor).where(
            Assignment.id.in_([r.assignment_id for r in rows])))}
        for r in rows:
            r.assignment = by_id[r.assignment_id]
    return Chain(root, [Level(d, sorted(levels[d].values(), key=lambda g: group_order(g.key)))
                        for d in sorted(levels)], rows)


def chain_top(actor, task_id: int) -> Task | None:
    """The top task of the chain `task_id` belongs to, if the actor may see it."""
    task = get_task(actor, task_id)
    if task is None or task.root_task_id is None:
        return task
    return get_task(actor, task.root_task_id)


