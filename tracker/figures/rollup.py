"""Roll-up (tổng hợp số liệu): the sums of the accepted figures of a task's assignments,
or of an assignment's sub-assignments, by indicator and breakdown cell, by level and by
kind of body; submitted-but-not-accepted and missing bodies apart; and the body ×
indicator table. A fixed number of statements whatever the number of bodies."""
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import contains_eager

from tracker.assignments.models import Assignment
from tracker.assignments.queries import visible_assignments
from tracker.bodies.models import Body
from tracker.core.permissions import in_scope
from tracker.extensions import db
from tracker.figures import queries
from tracker.figures.indicators import Indicator
from tracker.figures.models import FigureValue

Key = tuple[str, str]  # (indicator, cell)
BUCKETS = {"done": "accepted", "submitted": "submitted"}


@dataclass
class Row:
    assignment: Assignment
    body: Body
    bucket: str  # accepted, submitted, missing
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


def _rollup(actor, task_ids, form: queries.TaskForm | None, *, owner_visible: bool) -> Rollup:
    """`task_ids`: a list or a sub-select of the tasks whose assignments are summed. With
    `actor` None (an operation) every assignment counts; otherwise only those in scope.
    `owner_visible`: the tasks' owner is in the actor's scope, so all their assignments are
    visible and the sums need no scope condition (which costs the planner dearly)."""
    if actor is None:
        stmt = (select(Assignment).join(Assignment.body)
                .options(contains_eager(Assignment.body)))
    else:
        stmt = visible_assignments(actor)
    assignments = list(db.session.scalars(
        stmt.where(Assignment.task_id.in_(task_ids)).order_by(Body.path, Assignment.id)))
    if actor is None or owner_visible:
        scope = Assignment.task_id.in_(task_ids)
    else:
        scope = Assignment.id.in_([a.id for a in assignments])
    rows = {a.id: Row(a, a.body, BUCKETS.get(a.status, "missing")) for a in assignments}
    sums: dict = {"accepted": {}, "submitted": {}, "missing": {}}
    counts: dict[Key, int] = {}
    by_level: dict = defaultdict(dict)
    by_kind: dict = defaultdict(dict)
    if rows and form is not None:
        base = (select().select_from(FigureValue)
                .join(Assignment, Assignment.id == FigureValue.assignment_id)
                .join(Body, Body.id == Assignment.body_id).where(scope))
        # The body x indicator table: each body's totals and texts (cell "").
        for aid, code, value, text in db.session.execute(base.add_columns(
                FigureValue.assignment_id, FigureValue.indicator, FigureValue.value,
                FigureValue.text_value).where(FigureValue.cell == "")):
            if text is not None:
                rows[aid].texts[code] = text
            else:
                rows[aid].totals[code] = value
        # The sums, in SQL: by bucket, level and kind of body, indicator and cell.
        bucket = case(*((Assignment.status == s, b) for s, b in BUCKETS.items()),
                      else_="missing")
        columns = (bucket, Body.level, Body.kind, FigureValue.indicator, FigureValue.cell)
        for name, level, kind, code, cell, total, n in db.session.execute(
                base.add_columns(*columns, func.sum(FigureValue.value),
                                 func.count(FigureValue.value))
                .where(FigureValue.value.is_not(None)).group_by(*columns)):
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
    return _rollup(actor, queries.sub_tasks_of(assignment.id),
                   queries.form_of_task(assignment.task_id),
                   owner_visible=actor is not None and in_scope(
                       actor, db.session.get(Body, assignment.body_id)))


def rollup_of_tasks(actor, task_ids, form: queries.TaskForm | None, *,
                    owner_visible: bool) -> Rollup:
    """The assignments of several tasks at once (`task_ids`: a list or a sub-select), with
    the form given: one level of a chain, for the draft report's annex."""
    return _rollup(actor, task_ids, form, owner_visible=owner_visible)
