"""Tasks: list, one (with its assignments), create with its assignments in one call."""
from flask import url_for
from flask_babel import gettext
from flask_login import current_user

from tracker.api.registry import api_route
from tracker.api.schemas import array, closed, date_, identifier, integer, string
from tracker.api.serializers import TASK, TASK_DETAIL, page_of, task_json
from tracker.api.views.common import (
    PAGE_QUERY,
    created,
    found,
    invalid,
    page_json,
    perform,
    sort_of,
    sort_query,
)
from tracker.assignments.queries import assignments_of_task
from tracker.bodies.models import BODY_KINDS, BODY_LEVELS
from tracker.bodies.queries import bodies_for_assignment
from tracker.core import permissions
from tracker.core.errors import ValidationError
from tracker.core.time import utcnow, vn_today
from tracker.directives.queries import get_directive
from tracker.tasks import queries
from tracker.tasks.models import TASK_KINDS
from tracker.tasks.operations import assign_bodies, create_task

TAG = "Nhiệm vụ"
MAX_BODIES = 5000

NEW_TASK = closed({
    "directive_id": identifier("Văn bản"),
    "kind": string("Loại nhiệm vụ", enum=TASK_KINDS),
    "title": string("Tên nhiệm vụ", max_length=500),
    "description": string("Nội dung, yêu cầu", max_length=10_000),
    "due_on": date_("Hạn hoàn thành"),
    "review_years": integer("Số năm (sơ kết/tổng kết)", minimum=1, maximum=50, nullable=True,
                            description="Bắt buộc với sơ kết, tổng kết."),
    "body_ids": array("Đơn vị được giao", identifier("Đơn vị"), max_items=MAX_BODIES,
                      description="Giao ngay cho các đơn vị này (cùng hạn của nhiệm vụ)."),
    "body_kind": string("Chọn theo loại đơn vị", enum=BODY_KINDS,
                        description="Giao thêm cho mọi đơn vị loại này trong phạm vi."),
    "body_level": string("và cấp", enum=BODY_LEVELS, description="Cùng với body_kind."),
    "lead_id": identifier("Đơn vị chủ trì", nullable=True,
                          description="Một trong các đơn vị được giao; các đơn vị khác "
                                      "phối hợp."),
}, required=("directive_id", "kind", "title", "due_on"))


@api_route("/tasks", summary="Các nhiệm vụ", tag=TAG, query={
    **PAGE_QUERY,
    "q": string("Tìm kiếm", max_length=200, description="Không phân biệt dấu."),
    "kind": string("Loại nhiệm vụ", enum=TASK_KINDS),
    "directive_id": identifier("Văn bản"),
    **sort_query(queries.SORTS, "due_on"),
}, response=page_of("TaskPage", TASK))
def list_tasks(args, data):
    """Tasks owned in the user's subtree or assigned to a body in it."""
    sort, descending = sort_of(args)
    return page_json(queries.task_list(current_user, query=args["q"] or "",
                                       kind=args["kind"] or "",
                                       directive_id=args["directive_id"], sort=sort,
                                       descending=descending), args, task_json)


@api_route("/tasks/<int:task_id>", summary="Một nhiệm vụ và các phân công", tag=TAG,
           response=TASK_DETAIL)
def show_task(task_id: int, args, data):
    """A task with the assignments the user may see (lead first)."""
    return _detail(found(queries.get_task(current_user, task_id), "Nhiệm vụ"))


def _detail(task) -> dict:
    return task_json(task, assignments_of_task(current_user, task), vn_today())


@api_route("/tasks", "POST", summary="Tạo nhiệm vụ và giao cho các đơn vị", tag=TAG,
           body=NEW_TASK, body_name="NewTask", response=TASK_DETAIL, status=201,
           allowed=permissions.is_coordinator)
def create_task_with_assignments(args, data):
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
