"""Tasks: list, one (with its assignments), create with its assignments in one call."""
from flask import url_for
from flask_babel import gettext
from flask_login import current_user

from tracker.api.fields import Id, Sort, Str
from tracker.api.framework import allowed
from tracker.api.problems import invalid
from tracker.api.schemas import Task, TaskDetail, page_of
from tracker.api.views import bp
from tracker.api.views.common import PageQuery, page_json, perform, sort_of, task_or_404
from tracker.assignments.queries import assignments_of_task
from tracker.bodies.queries import bodies_for_assignment
from tracker.chain.queries import completion_by_kind, completion_sentence
from tracker.core import permissions
from tracker.core.errors import ValidationError
from tracker.core.time import utcnow, vn_today
from tracker.directives.queries import get_directive
from tracker.tasks import queries
from tracker.tasks.models import TASK_KINDS
from tracker.tasks.operations import assign_bodies, create_task, lead_among

TAG = "Nhiệm vụ"


class TaskQuery(PageQuery):
    q = Str("Tìm kiếm", max_length=200, description="Không phân biệt dấu.")
    kind = Str("Loại nhiệm vụ", enum=TASK_KINDS)
    directive_id = Id("Văn bản")
    sort = Sort(queries.SORTS, load_default="due_on")


@bp.get("/tasks", tags=[TAG])
@bp.query(TaskQuery)
@bp.response(200, page_of(Task))
def list_tasks(args):
    """Các nhiệm vụ

    Tasks owned in the user's subtree or assigned to a body in it."""
    sort, descending = sort_of(args)
    stmt, count = queries.task_page_query(
        current_user, query=args.get("q", ""), kind=args.get("kind", ""),
        directive_id=args.get("directive_id"), sort=sort, descending=descending)
    return page_json(stmt, args, count=count)


@bp.get("/tasks/<int:task_id>", tags=[TAG])
@bp.response(200, TaskDetail)
def show_task(task_id: int):
    """Một nhiệm vụ và các phân công

    A task with the assignments the user may see (lead first)."""
    return detail(task_or_404(task_id))


def detail(task):
    """The task as TaskDetail reads it: the assignments the user may see, and how far they
    have got ("8/8 xã, 16/18 sở, ngành đã hoàn thành", as the task page says it)."""
    task.visible_assignments = assignments_of_task(current_user, task)
    task.completion_by_kind = completion_by_kind(current_user, task, vn_today())
    task.completion = completion_sentence(task.completion_by_kind, "done", task.kind)
    return task


def created(task):
    """201 with the task as TaskDetail reads it, and where it lives."""
    return (detail(queries.get_task(current_user, task.id)),
            {"Location": url_for("api.show_task", task_id=task.id)})


@bp.post("/tasks", tags=[TAG])
@allowed(permissions.is_coordinator)
@bp.arguments(Task)
@bp.response(201, TaskDetail)
def create_task_with_assignments(data):
    """Tạo nhiệm vụ và giao cho các đơn vị

    Derive a task from a directive and, in the same transaction, assign it: all of it is
    written, or nothing."""
    directive = get_directive(current_user, data["directive_id"])
    if directive is None:
        raise invalid("directive_id", gettext("Văn bản: không tìm thấy văn bản đã chọn."))
    now = utcnow()

    def action():
        task = create_task(directive, data, actor=current_user, now=now)
        picked, kind = data.get("body_ids") or [], data.get("body_kind") or ""
        if not picked and not kind:
            lead_among([], data.get("lead_id"))  # a lead is one of the bodies given
            return task
        bodies, missing = bodies_for_assignment(current_user, picked, kind=kind,
                                                level=data.get("body_level") or "")
        if missing:
            raise ValidationError({"body_ids": gettext(
                "Đơn vị được giao: không tìm thấy đơn vị %(ids)s hoặc đơn vị ngoài phạm vi.",
                ids=", ".join(str(i) for i in missing[:10]))})
        assign_bodies(task, bodies, lead=lead_among(bodies, data.get("lead_id")), due_on=None,
                      actor=current_user, now=now, directive=directive)
        return task

    return created(perform(action))
