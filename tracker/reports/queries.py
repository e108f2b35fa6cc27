"""What a draft report reads, scoped to the actor like the roll-up pages: the bodies the
task (or a forwarded assignment) was given to with their figures, then each level of the
chain below them, one level at a time. A fixed number of statements per level of the
chain, whatever the number of bodies."""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from tracker.assignments.models import Assignment
from tracker.bodies.models import Body
from tracker.chain.groups import group_of, group_order
from tracker.chain.queries import SUBMITTED, GroupCount
from tracker.core.permissions import in_scope
from tracker.extensions import db
from tracker.figures import queries as figure_queries
from tracker.figures.rollup import Rollup, Row, rollup_of_tasks
from tracker.tasks.models import Task

MAX_DEPTH = 10  # chains are a few levels deep; a guard, not a limit anyone meets


@dataclass
class Level:
    """The assignments at one depth below the report's own: `parents` names, for each, the
    body that forwarded it (None at the report's own level)."""
    depth: int
    roll: Rollup
    parents: dict[int, Body] = field(default_factory=dict)  # assignment id -> body above

    @property
    def rows(self) -> list[Row]:
        return self.roll.rows

    def by_parent(self) -> list[tuple[Body | None, list[Row]]]:
        """The rows grouped under the body that forwarded them, in tree order."""
        groups: dict[int | None, tuple[Body | None, list[Row]]] = {}
        for row in self.rows:
            parent = self.parents.get(row.assignment.id)
            groups.setdefault(parent.id if parent else None, (parent, []))[1].append(row)
        return sorted(groups.values(), key=lambda g: g[0].path if g[0] else "")


@dataclass
class Note:
    """A body's own words in a text indicator (difficulties, proposals), quoted with its name."""
    body: Body
    indicator: str
    text: str


@dataclass
class ReportData:
    task: Task                    # the task reported on (a roll-up: the assignment's task)
    assignment: Assignment | None  # the forwarded assignment of a roll-up report
    reporting_body: Body
    today: date
    levels: list[Level]           # [0]: the bodies the report is about; then below them

    @property
    def own(self) -> Level:
        return self.levels[0]

    @property
    def form(self):
        return self.own.roll.form

    def groups(self, level: Level) -> list[GroupCount]:
        """The level's assignments counted by group of bodies ("8/8 xã, 16/18 sở, ngành")."""
        found: dict[str, GroupCount] = {}
        for row in level.rows:
            key = group_of(row.body.kind, row.body.level)
            g = found.setdefault(key, GroupCount(key))
            g.total += 1
            g.submitted += row.assignment.status in SUBMITTED
            g.done += row.assignment.status == "done"
        return sorted(found.values(), key=lambda g: group_order(g.key))

    def notes(self, depth: int = 1) -> list[Note]:
        """The text indicators of the bodies down to `depth` levels below the report's own."""
        texts = [i for i in (self.form.indicators if self.form else []) if i.type == "text"]
        return [Note(row.body, i.name, row.texts[i.code].strip())
                for level in self.levels[:depth + 1] for row in level.rows
                for i in texts if row.texts.get(i.code, "").strip()]


def _levels(actor, task_ids, form, owner_visible: bool) -> list[Level]:
    """Level 0 from the tasks `task_ids` (a list or a sub-select), then the sub-tasks their
    assignments were forwarded to, until a level is empty."""
    levels = [Level(0, rollup_of_tasks(actor, task_ids, form, owner_visible=owner_visible))]
    while levels[-1].rows and len(levels) < MAX_DEPTH:
        above = levels[-1]
        by_id = {row.assignment.id: row.body for row in above.rows}
        below = select(Task.id).where(Task.parent_assignment_id.in_(
            select(Assignment.id).where(Assignment.task_id.in_(task_ids))))
        roll = rollup_of_tasks(actor, below, form, owner_visible=owner_visible)
        if not roll.rows:
            break
        parent_of = dict(db.session.execute(
            select(Task.id, Task.parent_assignment_id).where(Task.id.in_(below))).all())
        parents = {row.assignment.id: by_id.get(parent_of.get(row.assignment.task_id))
                   for row in roll.rows}
        levels.append(Level(above.depth + 1, roll, {k: v for k, v in parents.items() if v}))
        task_ids = below
    return levels


def task_report(actor, task: Task, today: date) -> ReportData:
    """The report of a task: its own assignees, and the chain below them. The reporting
    body is the task's owner when the actor may see it, else the actor's own body (a
    province reporting on what the centre gave it)."""
    owner = task.owner_body
    reporting = owner if in_scope(actor, owner) else actor.body
    form = figure_queries.form_of_task(task.id)
    return ReportData(task, None, reporting, today,
                      _levels(actor, [task.id], form, in_scope(actor, owner)))


def assignment_report(actor, assignment: Assignment, today: date) -> ReportData:
    """The report of a forwarding body's roll-up: the bodies its assignment was forwarded
    to (every sub-task of it), and the chain below them; the body reports."""
    body = assignment.body
    form = figure_queries.form_of_task(assignment.task_id)
    return ReportData(assignment.task, assignment, body, today,
                      _levels(actor, figure_queries.sub_tasks_of(assignment.id), form,
                              in_scope(actor, body)))
