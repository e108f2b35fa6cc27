"""The chain: forward an assignment to the body's own bodies (a sub-task), and the chain of
one task level by level. Same operations and permissions as the pages (tracker/chain)."""
from flask import url_for
from flask_babel import gettext
from flask_login import current_user
from marshmallow import Schema, fields

from tracker.api import schemas
from tracker.api.fields import Date, Id, List, Str
from tracker.api.framework import Body
from tracker.api.views import bp
from tracker.api.views.common import created, found, perform
from tracker.api.views.tasks import _detail
from tracker.bodies.models import BODY_KINDS, BODY_LEVELS
from tracker.chain import queries
from tracker.chain.operations import forward_assignment
from tracker.core import permissions
from tracker.core.errors import ValidationError
from tracker.core.time import utcnow, vn_today
from tracker.tasks.queries import get_task

TAG = "Chuỗi giao nhiệm vụ"
MAX_BODIES = 5000


class Forward(Body):
    title = Str("Tên nhiệm vụ", max_length=500, required=True,
                description="Thường lấy theo nhiệm vụ cấp trên.")
    description = Str("Nội dung, yêu cầu", max_length=10_000)
    due_on = Date("Hạn hoàn thành", required=True,
                  description="Không được sau hạn của phân công được giao tiếp.")
    body_ids = List("Đơn vị được giao", Id("Đơn vị"), max_items=MAX_BODIES,
                    description="Các đơn vị trực thuộc đơn vị được phân công; đơn vị ngoài "
                                "phạm vi đó: 404.")
    body_kind = Str("Chọn theo loại đơn vị", enum=BODY_KINDS,
                    description="Giao thêm cho mọi đơn vị đang hoạt động loại này trực thuộc "
                                "đơn vị được phân công.")
    body_level = Str("và cấp", enum=BODY_LEVELS, description="Cùng với body_kind.")
    lead_id = Id("Đơn vị chủ trì", nullable=True,
                 description="Một trong các đơn vị được giao; các đơn vị khác phối hợp.")


class Level(Schema):
    depth = fields.Int(metadata={"description": "0: giao trực tiếp; 1: giao tiếp lần 1..."})
    total = fields.Int()
    groups = fields.List(fields.Nested(schemas.GroupCount))
    sentence = fields.Str(metadata={"description": "“34/34 tỉnh đã nộp”, “2.980/3.321 xã "
                                                   "đã hoàn thành”."})


class ChainRow(Schema):
    assignment = fields.Nested(schemas.Assignment)
    sub_total = fields.Int()
    sub_counts = fields.Dict(keys=fields.Str(), values=fields.Int(), metadata={
        "description": "Phân công cấp dưới theo tình trạng."})


class Chain(Schema):
    task = fields.Nested(schemas.Task, attribute="top")
    levels = fields.List(fields.Nested(Level))
    rows = fields.List(fields.Nested(ChainRow))


@bp.endpoint("/assignments/<int:assignment_id>/forward", "POST",
             summary="Giao tiếp cho cấp dưới", tag=TAG, body=Forward,
             response=schemas.TaskDetail, status=201, allowed=permissions.is_coordinator)
def forward_down(data, assignment_id: int):
    """A sub-task of this assignment, owned by its body, given to bodies of its own subtree
    (the coordinators of the body assigned); all of it is written, or nothing."""
    assignment = found(queries.assignment_for_forward(current_user, assignment_id),
                       "Phân công")
    permissions.ensure(permissions.can_forward(current_user, assignment))
    bodies, missing = queries.bodies_to_forward(
        assignment, data.get("body_ids") or [], kind=data.get("body_kind") or "",
        level=data.get("body_level") or "")
    if missing:
        found(None, gettext("Đơn vị được giao"))
    lead_id = data.get("lead_id")
    lead = next((b for b in bodies if b.id == lead_id), None) if lead_id else None

    def action():
        if lead_id and lead is None:
            raise ValidationError({"lead_id": gettext(
                "Đơn vị chủ trì: phải là một trong các đơn vị được giao.")})
        return forward_assignment(assignment, {
            "title": data["title"], "description": data.get("description"),
            "due_on": data["due_on"], "bodies": bodies, "lead": lead},
            actor=current_user, now=utcnow())

    task = perform(action)
    return created(_detail(get_task(current_user, task.id)),
                   url_for("api.show_task", task_id=task.id))


@bp.endpoint("/tasks/<int:task_id>/chain", summary="Chuỗi giao của một nhiệm vụ", tag=TAG,
             response=Chain)
def task_chain(task_id: int):
    """From the top task of the chain: each level by kind of body (assigned, submitted,
    done, overdue) and each top-level assignment with its sub-assignments by state, as far
    as the user may see."""
    top = found(queries.chain_top(current_user, task_id), "Nhiệm vụ")
    result = queries.chain_of(current_user, top, vn_today(), with_assignments=True)
    for level in result.levels:
        level.sentence = queries.completion_sentence(
            level.groups, "submitted" if level.depth == 0 else "done", top.kind)
    return result
