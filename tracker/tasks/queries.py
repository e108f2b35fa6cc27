"""Reads of tasks: those owned in the actor's subtree or assigned to a body in it."""
from datetime import date
from functools import cache

from sqlalchemy import bindparam, exists, func, or_, select, true
from sqlalchemy.orm import aliased, contains_eager

from tracker.assignments.models import Assignment
from tracker.assignments.state import state_expression
from tracker.bodies.models import Body
from tracker.bodies.queries import holds_every_body
from tracker.core.keyset import capped_count
from tracker.core.permissions import scope_condition, scope_filter, scope_params
from tracker.core.search import matches_words
from tracker.directives.models import Directive
from tracker.extensions import db
from tracker.tasks.models import Task, TaskReach

SORTS = {"due_on": Task.due_on, "title": Task.title, "kind": Task.kind,
         "directive": Directive.number}


@cache
def _owners():
    """The owner's aliases, made once (making one cost 1.1 ms, three on each list page),
    at their first use: by then every model is mapped."""
    return aliased(Body, name="scope_owner"), aliased(Body, name="owner_body")


def _visible_condition(in_scope, body_id):
    """Owned in scope or assigned to a body in scope; `in_scope(path)` is the scope
    condition (with the actor's path as a value or as a parameter), `body_id` the actor's
    body (a value or a parameter). Both sides are sets read once, so that the database
    walks the tasks in the list's order and stops after a page."""
    owner = _owners()[0]
    owners = select(owner.id).where(in_scope(owner.path))
    # The tasks assigned in scope: those of the body's own assignments and those its reach
    # counts below it (TaskReach), two index lookups; reading every assignment of the
    # subtree took 40 ms for a province at national scale.
    below = select(TaskReach.task_id).where(TaskReach.node_id == body_id, TaskReach.n > 0)
    own = select(Assignment.task_id).where(Assignment.body_id == body_id)
    return or_(Task.owner_body_id.in_(owners), Task.id.in_(below.union_all(own)))


def _loaded():
    owner = _owners()[1]
    return (select(Task).join(Task.directive).join(owner, owner.id == Task.owner_body_id)
            .options(contains_eager(Task.directive),
                     contains_eager(Task.owner_body.of_type(owner))))


def visible_tasks(actor, condition=None):
    """The tasks the actor sees; `condition`: the actor's `visible_condition`, if known."""
    return _loaded().where(visible_condition(actor) if condition is None else condition)


def visible_condition(actor):
    """Which tasks the actor sees: every one for the root of the only tree of bodies (every
    owner is in its scope; the scope's two sets cost the central Ban 6 ms a statement)."""
    if holds_every_body(actor.body):
        return true()
    return _visible_condition(lambda path: scope_filter(actor, path), actor.body_id)


@cache
def _task_by_id():
    """One task in scope, built once (the actor's path and body and the id are
    parameters): every task, chain and roll-up page opens with it."""
    return _loaded().where(Task.id == bindparam("task_id"), _visible_condition(
        scope_condition, bindparam("scope_body_id")))


def _filters(query: str, kind: str, directive_id: int | None) -> list:
    found = []
    if query:
        found.append(matches_words(query, Task.search_key))
    if kind:
        found.append(Task.kind == kind)
    if directive_id:
        found.append(Task.directive_id == directive_id)
    return found


def task_page_query(actor, *, query: str = "", kind: str = "",
                    directive_id: int | None = None, sort: str = "due_on",
                    descending: bool = False):
    """The list's select and a function counting it up to COUNT_CAP from the tasks alone
    (the directive and owner joins of the rows cost a lookup per task)."""
    conditions = _filters(query, kind, directive_id)
    column = SORTS.get(sort, Task.due_on)
    visible = visible_condition(actor)
    stmt = (visible_tasks(actor, visible).where(*conditions)
            .order_by(column.desc() if descending else column.asc(), Task.id))
    counted = select(Task).where(visible, *conditions)
    return stmt, lambda: capped_count(counted)


def get_task(actor, task_id: int) -> Task | None:
    return db.session.scalar(_task_by_id(), {**scope_params(actor), "task_id": task_id,
                                             "scope_body_id": actor.body_id})


def tasks_with_counts(actor, directive: Directive, today: date) -> list[tuple[Task, dict]]:
    """The directive's visible tasks, each with its assignments counted by derived state."""
    tasks = list(db.session.scalars(
        visible_tasks(actor).where(Task.directive_id == directive.id).order_by(Task.due_on)))
    if not tasks:
        return []
    from tracker.assignments.queries import visible_assignment_filter
    state = state_expression(today)
    rows = db.session.execute(
        select(Assignment.task_id, state, func.count())
        .join(Assignment.task).join(Body, Body.id == Assignment.body_id)
        .where(Assignment.task_id.in_([t.id for t in tasks]), visible_assignment_filter(actor))
        .group_by(Assignment.task_id, state))
    counts: dict[int, dict[str, int]] = {t.id: {} for t in tasks}
    for task_id, task_state, n in rows:
        counts[task_id][task_state] = n
    return [(t, counts[t.id]) for t in tasks]


def _not_assigned(task: Task):
    return ~exists().where(Assignment.task_id == task.id, Assignment.body_id == Body.id)


def assign_picker(actor, task: Task, *, url: str, inline_max: int, selected_ids=()):
    """The assign form's picker: active bodies in scope not yet given the task."""
    from tracker.bodies.picker import picker
    return picker(actor.body.path, url=url, inline_max=inline_max,
                  extra=(_not_assigned(task),), selected_ids=selected_ids)


def assignable_bodies(actor, task: Task, **filters) -> dict:
    """One page of the bodies the task may still be given (the picker's search)."""
    from tracker.bodies.picker import search
    return search(actor.body.path, extra=(_not_assigned(task),), **filters)
