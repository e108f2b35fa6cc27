"""Roll-up (tổng hợp số liệu): the sums of the accepted figures of a task's assignments,
or of an assignment's sub-assignments, by indicator and breakdown cell, by level and by
kind of body; submitted-but-not-accepted and missing bodies apart; and the body ×
indicator table. A fixed number of statements whatever the number of bodies."""
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from sqlalchemy import bindparam, case, func, literal_column, or_, select
from sqlalchemy.orm import aliased

from tracker.assignments.models import STATUSES, Assignment
from tracker.assignments.state import DONE, SUBMITTED
from tracker.bodies.models import Body
from tracker.core.permissions import in_scope, scope_condition, scope_params
from tracker.extensions import db
from tracker.figures import queries
from tracker.figures.indicators import Indicator
from tracker.figures.models import FigureValue
from tracker.tasks.models import Task

Key = tuple[str, str]  # (indicator, cell)
BUCKETS = {DONE: "accepted", SUBMITTED: "submitted"}  # by status; the rest: missing
BUCKET_NAMES = ("accepted", "submitted", "missing")


class AssignmentRef(NamedTuple):
    """What a roll-up shows of an assignment (a plain row, not a loaded model)."""
    id: int
    status: str
    task_id: int

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)


class BodyRef(NamedTuple):
    id: int
    name: str
    level: str
    kind: str
    path: str


@dataclass
class Row:
    assignment: AssignmentRef
    body: BodyRef
    bucket: str  # one of BUCKET_NAMES
    totals: dict[str, int | None] = field(default_factory=dict)  # indicator -> total
    texts: dict[str, str] = field(default_factory=dict)


@dataclass
class Rollup:
    form: queries.TaskForm | None
    rows: list[Row]
    accepted_sums: dict[Key, int]
    accepted_counts: dict[Key, int]  # how many bodies gave the cell (for yes/no, percent)
    submitted_sums: dict[Key, int]
    by_level: dict[str, dict[Key, int]]
    by_kind: dict[str, dict[Key, int]]

    @property
    def indicators(self) -> list[Indicator]:
        return self.form.indicators if self.form else []

    def bucket(self, name: str) -> list[Row]:
        return [r for r in self.rows if r.bucket == name]

    @property
    def accepted(self) -> list[Row]:
        return self.bucket("accepted")

    @property
    def submitted(self) -> list[Row]:
        return self.bucket("submitted")

    @property
    def missing(self) -> list[Row]:
        return self.bucket("missing")

    def margin(self, indicator: Indicator, dim: int, option: str,
               sums: dict[Key, int] | None = None) -> int | None:
        """Sum of the cells of one option of one dimension ("tập thể" over every field)."""
        sums = self.accepted_sums if sums is None else sums
        values = [sums[(indicator.code, key)] for key, _ in indicator.cells()
                  if key.split("/")[dim] == option and (indicator.code, key) in sums]
        return sum(values) if values else None

    def aggregate(self, indicator: Indicator, key: str = "") -> int | None:
        """Sum of a cell; a percent is the mean of the bodies that gave it."""
        total = self.accepted_sums.get((indicator.code, key))
        if total is None:
            return None
        if indicator.type == "percent":
            return total // max(self.accepted_counts.get((indicator.code, key), 1), 1)
        return total


_ROW_COLUMNS = (Assignment.id, Assignment.status, Assignment.task_id, Body.id, Body.name,
                Body.level, Body.kind, Body.path)


@cache
def _statements():
    """The roll-up's statements, built once; the tasks summed are the parameter `tasks`
    (a list, expanded) and, when not every assignment of them is visible, the actor's path
    `scope` (tracker.core.permissions.scope_condition)."""
    tasks = bindparam("tasks", expanding=True)
    owner = aliased(Body, name="rollup_owner")
    rows = (select(*_ROW_COLUMNS).join(Body, Body.id == Assignment.body_id)
            .where(Assignment.task_id.in_(tasks)).order_by(Body.path, Assignment.id))
    visible = (rows.join(Task, Task.id == Assignment.task_id)
               .join(owner, owner.id == Task.owner_body_id)
               .where(or_(scope_condition(Body.path), scope_condition(owner.path))))
    base = (select().select_from(FigureValue)
            .join(Assignment, Assignment.id == FigureValue.assignment_id)
            .join(Body, Body.id == Assignment.body_id))
    totals = base.add_columns(FigureValue.assignment_id, FigureValue.indicator,
                              FigureValue.value, FigureValue.text_value
                              ).where(FigureValue.cell == "")
    bucket = case(*((Assignment.status == s, b) for s, b in BUCKETS.items()),
                  else_="missing").label("rollup_bucket")
    columns = (Body.level, Body.kind, FigureValue.indicator, FigureValue.cell)
    # Grouped by the bucket's name, not by the CASE again (evaluated twice a row: +50 %).
    sums = (base.add_columns(bucket, *columns, func.sum(FigureValue.value),
                             func.count(FigureValue.value))
            .where(FigureValue.value.is_not(None))
            .group_by(literal_column("rollup_bucket"), *columns))
    # Either every assignment of the tasks, or those visible (their ids, expanded).
    by_task = Assignment.task_id.in_(tasks)
    by_id = Assignment.id.in_(bindparam("ids", expanding=True))
    return {"rows": rows, "visible": visible, "totals": (totals.where(by_task),
            totals.where(by_id)), "sums": (sums.where(by_task), sums.where(by_id))}


def _rollup(actor, task_ids, form: queries.TaskForm | None, *,
            owner_visible: bool) -> Rollup:
    """Sums of the assignments of `task_ids` (a list or a sub-select). With `actor` None
    (an operation) every assignment counts; otherwise only those in scope. `owner_visible`:
    the tasks' owner is in the actor's scope, so all their assignments are visible and the
    sums need no scope condition (which costs the planner dearly). Plain rows throughout: a
    province's roll-up reads 1,300 values, and ORM objects would cost more than the SQL."""
    statements = _statements()
    run = db.session.connection().execute
    every = actor is None or owner_visible
    if not isinstance(task_ids, list | tuple):  # a sub-select: its ids, once
        task_ids = list(db.session.scalars(task_ids))
    params = {"tasks": list(task_ids)}
    if every:
        found = run(statements["rows"], params)
    else:
        found = run(statements["visible"], {**params, **scope_params(actor)})
    rows = {aid: Row(AssignmentRef(aid, status, task_id), BodyRef(*body),
                     BUCKETS.get(status, "missing"))
            for aid, status, task_id, *body in found}
    which = 0 if every else 1
    if not every:
        params = {"ids": list(rows)}
    sums: dict = {name: {} for name in BUCKET_NAMES}
    counts: dict[Key, int] = {}
    by_level: dict = defaultdict(dict)
    by_kind: dict = defaultdict(dict)
    if rows and form is not None:
        # The body x indicator table: each body's totals and texts (cell "").
        for aid, code, value, text in run(statements["totals"][which], params):
            if text is not None:
                rows[aid].texts[code] = text
            else:
                rows[aid].totals[code] = value
        # The sums, in SQL: by bucket, level and kind of body, indicator and cell.
        for name, level, kind, code, cell, total, n in run(statements["sums"][which], params):
            key, total = (code, cell), int(total)
            sums[name][key] = sums[name].get(key, 0) + total
            if name == "accepted":
                counts[key] = counts.get(key, 0) + n
                by_level[level][key] = by_level[level].get(key, 0) + total
                by_kind[kind][key] = by_kind[kind].get(key, 0) + total
    return Rollup(form, list(rows.values()), sums["accepted"], counts, sums["submitted"],
                  dict(by_level), dict(by_kind))


def rollup_of_task(actor, task) -> Rollup:
    """A task across its assignees."""
    return _rollup(actor, [task.id], queries.form_of_task(task.id),
                   owner_visible=actor is not None and in_scope(
                       actor, db.session.get(Body, task.owner_body_id)))


def rollup_of_assignment(actor, assignment: Assignment) -> Rollup:
    """An assignment across the assignments of the sub-tasks it was forwarded to."""
    # A sub-task belongs to the forwarding body, the assignment's own.
    return _rollup(actor, queries.sub_task_ids(assignment.id),
                   queries.form_of_task(assignment.task_id),
                   owner_visible=actor is not None and in_scope(
                       actor, db.session.get(Body, assignment.body_id)))


def rollup_of_tasks(actor, task_ids, form: queries.TaskForm | None, *,
                    owner_visible: bool) -> Rollup:
    """The assignments of several tasks at once (`task_ids`: a list or a sub-select), with
    the form given: one level of a chain, for the draft report's annex."""
    return _rollup(actor, task_ids, form, owner_visible=owner_visible)
