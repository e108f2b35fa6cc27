"""Writes of the chain: forward an assignment to bodies of its own subtree."""
from datetime import date, datetime, timedelta

from flask_babel import gettext

from tracker.assignments.models import Assignment
from tracker.assignments.state import is_open
from tracker.bodies.models import Body
from tracker.chain.signals import assignment_forwarded
from tracker.core.errors import ConflictError, ValidationError
from tracker.core.time import format_date
from tracker.extensions import db
from tracker.history.operations import record
from tracker.reminders.calendar import WorkCalendar
from tracker.tasks.models import Task
from tracker.tasks.operations import assign_bodies, create_task

DEFAULT_LEAD_DAYS = 5  # working days between a sub-deadline and the deadline above it


def propose_sub_deadline(assignment: Assignment, *, today: date, calendar: WorkCalendar,
                         lead_days: int = DEFAULT_LEAD_DAYS) -> date:
    """`lead_days` working days before the assignment's current deadline, so that the
    forwarding body has time to gather the reports; never before today, never after it."""
    due = assignment.effective_due_on
    day, left = due, lead_days
    while left > 0:
        day -= timedelta(days=1)
        if calendar.is_working(day):
            left -= 1
    return min(due, max(day, today))


def _check(assignment: Assignment, data: dict) -> None:
    errors = {}
    if not is_open(assignment.status):
        raise ConflictError({"status": gettext(
            "Giao tiếp cho cấp dưới: phân công đã hoàn thành, không giao tiếp được nữa.")})
    due = data.get("due_on")
    if due is not None and due > assignment.effective_due_on:
        errors["due_on"] = gettext(
            "Hạn hoàn thành: không được sau hạn của phân công cấp trên (%(date)s).",
            date=format_date(assignment.effective_due_on))
    bodies: list[Body] = data.get("bodies") or []
    body = assignment.body
    if not bodies:
        errors["body_ids"] = gettext("Đơn vị được giao: chọn ít nhất một đơn vị.")
    elif any(b.id == body.id for b in bodies):
        errors["body_ids"] = gettext(
            "Đơn vị được giao: không giao tiếp cho chính đơn vị mình (%(body)s).",
            body=body.name)
    else:
        outside = [b.name for b in bodies if not b.path.startswith(body.path)]
        if outside:
            errors["body_ids"] = gettext(
                "Đơn vị được giao: không thuộc các đơn vị trực thuộc %(body)s: %(bodies)s.",
                body=body.name, bodies=", ".join(outside))
    if errors:
        raise ValidationError(errors)


def forward_assignment(assignment: Assignment, data: dict, *, actor, now: datetime) -> Task:
    """Giao tiếp cho cấp dưới: a sub-task of `assignment`, owned by its body, given to bodies
    of that body's subtree (`data`: title, description, due_on, bodies, lead).

    The sub-task keeps the parent's directive, kind and review years; the forwarding body's
    coordinators follow it like any task of theirs. `assignment` needs its task (with the
    directive) and body loaded. The permission is the caller's (permissions.can_forward).
    """
    _check(assignment, data)
    parent = assignment.task
    task = create_task(parent.directive, {
        "kind": parent.kind, "review_years": parent.review_years,
        "title": data.get("title"), "description": data.get("description"),
        "due_on": data.get("due_on")}, actor=actor, now=now,
        period=(parent.period_start, parent.period_end) if parent.period_start else None,
        parent_assignment=assignment)
    created = assign_bodies(task, data.get("bodies") or [], lead=data.get("lead"),
                            due_on=task.due_on, actor=actor, now=now,
                            directive=parent.directive)
    assignment.last_activity_at = now
    record("assignment", assignment.id, "forwarded", actor=actor, now=now, changes={
        "sub_task_id": task.id, "title": task.title, "due_on": task.due_on,
        "bodies": len(created)})
    db.session.flush()
    assignment_forwarded.send(assignment, sub_task=task, assignments=created, actor=actor,
                              now=now)
    return task
