"""What a draft report reads, scoped to the actor like the roll-up pages: the bodies the
task (or a forwarded assignment) was given to, with the roll-up of their figures, then each
level of the chain below them, one level at a time (its assignments and each one's totals,
read as plain rows: thousands on a national chain). A fixed number of statements per level
of the chain, whatever the number of bodies."""
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlalchemy import select

from tracker.assignments.models import Assignment
from tracker.assignments.queries import visible_assignment_filter
from tracker.assignments.state import REPORTED, is_open
from tracker.bodies.models import Body
from tracker.chain.groups import group_of, group_order
from tracker.chain.queries import GroupCount
from tracker.core.permissions import in_scope
from tracker.extensions import db
from tracker.figures import queries as figure_queries
from tracker.figures.models import FigureValue
from tracker.figures.rollup import BUCKETS, Rollup, rollup_of_tasks
from tracker.tasks.models import Task

MAX_DEPTH = 10  # chains are a few levels deep; a guard, not a limit anyone meets


class BodyRef(NamedTuple):
    id: int
    name: str
    kind: str
    level: str
    path: str


@dataclass
class Entry:
    """One assignment of the report: its body, stored status, roll-up bucket (accepted,
    submitted, missing) and its totals per indicator (thousandths) and texts."""
    id: int
    status: str
    task_id: int
    body: BodyRef | Body
    bucket: str
    totals: dict = field(default_factory=dict)
    texts: dict = field(default_factory=dict)


@dataclass
class Level:
    """The assignments at one depth (0: those the report is about); `parents` names, for
    each below level 0, the body that forwarded it."""
    depth: int
    rows: list[Entry]
    parents: dict[int, BodyRef | Body] = field(default_factory=dict)  # assignment id -> body

    def by_parent(self) -> list[tuple]:
        """(body above, its rows), in tree order."""
        groups: dict = {}
        for row in self.rows:
            parent = self.parents.get(row.id)
            groups.setdefault(parent.id if parent else None, (parent, []))[1].append(row)
        return sorted(groups.values(), key=lambda g: g[0].path if g[0] else "")


@dataclass
class Note:
    """A body's own words in a text indicator (difficulties, proposals), quoted with its name."""
    body: BodyRef | Body
    indicator: str
    text: str


@dataclass
class ReportData:
    task: Task                    # the task reported on (a roll-up: the assignment's task)
    assignment: Assignment | None  # the forwarded assignment of a roll-up report
    reporting_body: Body
    today: date
    roll: Rollup                  # the roll-up of level 0 (sums, margins, in words)
    levels: list[Level]           # [0]: the bodies the report is about; then below them

    @property
    def own(self) -> Level:
        return self.levels[0]

    @property
    def form(self):
        return self.roll.form

    @staticmethod
    def groups(level: Level) -> list[GroupCount]:
        """The level's assignments counted by group of bodies ("8/8 xã, 16/18 sở, ngành")."""
        found: dict[str, GroupCount] = {}
        for row in level.rows:
            key = group_of(row.body.kind, row.body.level)
            g = found.setdefault(key, GroupCount(key))
            g.total += 1
            g.submitted += row.status in REPORTED
            g.done += not is_open(row.status)
        return sorted(found.values(), key=lambda g: group_order(g.key))

    def notes(self, depth: int = 1) -> list[Note]:
        """The text indicators of the bodies down to `depth` levels below the report's own."""
        texts = [i for i in (self.form.indicators if self.form else []) if i.type == "text"]
        return [Note(row.body, i.name, row.texts[i.code].strip())
                for level in self.levels[:depth + 1] for row in level.rows
                for i in texts if (row.texts.get(i.code) or "").strip()]


def _entries(actor, task_ids, with_figures: bool) -> list[Entry]:
    """The assignments of `task_ids` (a sub-select) the actor may see (everything when
    `actor` is None), with their totals: two statements."""
    stmt = (select(Assignment.id, Assignment.status, Assignment.task_id, Body.id, Body.name,
                   Body.kind, Body.level, Body.path)
            .join(Body, Body.id == Assignment.body_id).where(Assignment.task_id.in_(task_ids)))
    if actor is not None:
        stmt = stmt.join(Task, Task.id == Assignment.task_id).where(
            visible_assignment_filter(actor))
    entries = {aid: Entry(aid, status, task_id, BodyRef(*body), BUCKETS.get(status, "missing"))
               for aid, status, task_id, *body in db.session.execute(
                   stmt.order_by(Body.path, Assignment.id))}
    if entries and with_figures:
        values = (select(FigureValue.assignment_id, FigureValue.indicator, FigureValue.value,
                         FigureValue.text_value)
                  .join(Assignment, Assignment.id == FigureValue.assignment_id)
                  .where(Assignment.task_id.in_(task_ids), FigureValue.cell == ""))
        for aid, code, value, text in db.session.execute(values):
            if aid not in entries:
                continue  # not in the actor's scope
            if text is not None:
                entries[aid].texts[code] = text
            else:
                entries[aid].totals[code] = value
    return list(entries.values())


def _levels(actor, task_ids, form, owner_visible: bool) -> tuple[Rollup, list[Level]]:
    """Level 0 from the tasks `task_ids` (a list or a sub-select) with its roll-up, then the
    sub-tasks their assignments were forwarded to, until a level is empty. When the owner
    is in the actor's scope, every assignment below is too (a chain runs down the owner's
    subtree): they are read without the scope condition."""
    roll = rollup_of_tasks(actor, task_ids, form, owner_visible=owner_visible)
    levels = [Level(0, [Entry(r.assignment.id, r.assignment.status, r.assignment.task_id,
                              r.body, r.bucket, r.totals, r.texts) for r in roll.rows])]
    scope = None if owner_visible else actor
    while levels[-1].rows and len(levels) < MAX_DEPTH:
        above = {row.id: row.body for row in levels[-1].rows}
        below = select(Task.id).where(Task.parent_assignment_id.in_(
            select(Assignment.id).where(Assignment.task_id.in_(task_ids))))
        rows = _entries(scope, below, form is not None)
        if not rows:
            break
        parent_of = dict(db.session.execute(
            select(Task.id, Task.parent_assignment_id).where(Task.id.in_(below))).all())
        parents = {row.id: above.get(parent_of.get(row.task_id)) for row in rows}
        levels.append(Level(len(levels), rows, {k: v for k, v in parents.items() if v}))
        task_ids = below
    return roll, levels


def task_report(actor, task: Task, today: date) -> ReportData:
    """The report of a task: its own assignees, and the chain below them. The reporting
    body is the task's owner when the actor may see it, else the actor's own body (a
    province reporting on what the centre gave it)."""
    owner = db.session.get(Body, task.owner_body_id)  # loaded with the task by get_task
    reporting = owner if in_scope(actor, owner) else actor.body
    form = figure_queries.form_of_task(task.id)
    roll, levels = _levels(actor, [task.id], form, in_scope(actor, owner))
    return ReportData(task, None, reporting, today, roll, levels)


def assignment_report(actor, assignment: Assignment, today: date) -> ReportData:
    """The report of a forwarding body's roll-up: the bodies its assignment was forwarded
    to (every sub-task of it), and the chain below them; the body reports."""
    body = db.session.get(Body, assignment.body_id)
    form = figure_queries.form_of_task(assignment.task_id)
    roll, levels = _levels(actor, figure_queries.sub_tasks_of(assignment.id), form,
                           in_scope(actor, body))
    return ReportData(assignment.task, assignment, body, today, roll, levels)
