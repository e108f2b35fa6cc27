"""Tasks: list, one (with its assignments), create with its assignments in one call."""
from flask import url_for
from flask_babel import gettext
from flask_login import current_user

from tracker.api import schemas
from tracker.api.fields import Date, Id, Int, List, Str
from tracker.api.framework import Body
from tracker.api.views import bp
from tracker.api.views.common import (
    PageQuery,
    created,
    found,
    invalid,
    page_json,
    perform,
    sort_field,
    sort_of,
)
from tracker.assignments.queries import assignments_of_task
from tracker.bodies.models import BODY_KINDS, BODY_LEVELS
from tracker.bodies.queries import bodies_for_assignment
from tracker.chain.queries import completion_by_kind, completion_sentence
from tracker.core import permissions
from tracker.core.errors import ValidationError
from tracker.core.time import utcnow, vn_today
from tracker.directives.queries import get_directive
from tracker.tasks import queries
from tracker.tasks.models import TASK_KINDS
from tracker.tasks.operations import assign_bodies, create_task

TAG = "Nhiệm vụ"
MAX_BODIES = 5000


class NewTask(Body):
    directive_id = Id("Văn bản", required=True)
    kind = Str("Loại nhiệm vụ", enum=TASK_KINDS, required=True)
    title = Str("Tên nhiệm vụ", max_length=500, required=True)
    description = Str("Nội dung, yêu cầu", max_length=10_000)
    due_on = Date("Hạn hoàn thành", required=True)
    review_years = Int("Số năm (sơ kết/tổng kết)", minimum=1, maximum=50, nullable=True,
                       description="Bắt buộc với sơ kết, tổng kết.")
    body_ids = List("Đơn vị được giao", Id("Đơn vị"), max_items=MAX_BODIES,
                    description="Giao ngay cho các đơn vị này (cùng hạn của nhiệm vụ).")
    body_kind = Str("Chọn theo loại đơn vị", enum=BODY_KINDS,
                    description="Giao thêm cho mọi đơn vị loại này trong phạm vi.")
    body_level = Str("và cấp", enum=BODY_LEVELS, description="Cùng với body_kind.")
    lead_id = Id("Đơn vị chủ trì", nullable=True,
                 description="Một trong các đơn vị được giao; các đơn vị khác phối hợp.")


class TaskQuery(PageQuery):
    q = Str("Tìm kiếm", max_length=200, description="Không phân biệt dấu.")
    kind = Str("Loại nhiệm vụ", enum=TASK_KINDS)
    directive_id = Id("Văn bản")
    sort = sort_field(queries.SORTS, "due_on")


@bp.endpoint("/tasks", summary="Các nhiệm vụ", tag=TAG, query=TaskQuery,
             response=schemas.page_of(schemas.Task))
def list_tasks(args):
    """Tasks owned in the user's subtree or assigned to a body in it."""
    sort, descending = sort_of(args)
    return page_json(queries.task_list(current_user, query=args.get("q", ""),
                                       kind=args.get("kind", ""),
                                       directive_id=args.get("directive_id"), sort=sort,
                                       descending=descending), args)


@bp.endpoint("/tasks/<int:task_id>", summary="Một nhiệm vụ và các phân công", tag=TAG,
             response=schemas.TaskDetail)
def show_task(task_id: int):
    """A task with the assignments the user may see (lead first)."""
    return _detail(found(queries.get_task(current_user, task_id), "Nhiệm vụ"))


class _Detail:
    """A task as TaskDetail reads it: the task's own attributes and the assignments."""

    def __init__(self, task, assignments):
        self._task, self.assignments = task, assignments

    def __getattr__(self, name):
        return getattr(self._task, name)


def _detail(task) -> _Detail:
    detail = _Detail(task, assignments_of_task(current_user, task))
    # "8/8 xã, 16/18 sở, ngành đã hoàn thành": as the task page says it (tracker/chain).
    detail.completion_by_kind = completion_by_kind(current_user, task, vn_today())
    detail.completion = completion_sentence(detail.completion_by_kind, "done", task.kind)
    return detail


@bp.endpoint("/tasks", "POST", summary="Tạo nhiệm vụ và giao cho các đơn vị", tag=TAG,
             body=NewTask, response=schemas.TaskDetail, status=201,
             allowed=permissions.is_coordinator)
def create_task_with_assignments(data):
    """Derive a task from a directive and, in the same transaction, assign it: all of it
    is written, or nothing."""
    directive = get_directive(current_user, data["directive_id"])
    if directive is None:
        raise invalid("directive_id", gettext("Văn bản: không tìm thấy văn bản đã chọn."))
    now = utcnow()

    def action():
        task = create_task(directive, data, actor=current_user, now=now)
        picked, kind = data.get("body_ids") or [], data.get("body_kind") or ""
        lead_id = data.get("lead_id")
        if not picked and not kind:
            if lead_id:
                raise ValidationError({"lead_id": gettext(
                    "Đơn vị chủ trì: phải là một trong các đơn vị được giao.")})
            return task
        bodies, missing = bodies_for_assignment(current_user, picked, kind=kind,
                                                level=data.get("body_level") or "")
        if missing:
            raise ValidationError({"body_ids": gettext(
                "Đơn vị được giao: không tìm thấy đơn vị %(ids)s hoặc đơn vị ngoài phạm vi.",
                ids=", ".join(str(i) for i in missing[:10]))})
        lead = next((b for b in bodies if b.id == lead_id), None) if lead_id else None
        if lead_id and lead is None:
            raise ValidationError({"lead_id": gettext(
                "Đơn vị chủ trì: phải là một trong các đơn vị được giao.")})
        assign_bodies(task, bodies, lead=lead, due_on=None, actor=current_user, now=now,
                      directive=directive)
        return task

    task = perform(action)
    return created(_detail(queries.get_task(current_user, task.id)),
                   url_for("api.show_task", task_id=task.id))
