"""The chain: forward an assignment to the body's own bodies (a sub-task), and the chain of
one task level by level. Same operations and permissions as the pages (tracker/chain)."""
from flask_babel import gettext
from flask_login import current_user
from marshmallow import fields

from tracker.api.framework import Schema, allowed
from tracker.api.problems import found
from tracker.api.schemas import Assignment, GroupCount, Task, TaskDetail
from tracker.api.views import bp
from tracker.api.views.common import perform
from tracker.api.views.tasks import created
from tracker.chain import queries
from tracker.chain.operations import forward_assignment
from tracker.core import permissions
from tracker.core.time import utcnow, vn_today
from tracker.tasks.operations import lead_among

TAG = "Chuỗi giao nhiệm vụ"

# A sub-task: the task's own fields and whom to give it to.
Forward = Task.part("title", "description", "due_on", "body_ids", "body_kind", "body_level",
                    "lead_id", name="Forward")


class Level(Schema):
    depth = fields.Int(metadata={"description": "0: giao trực tiếp; 1: giao tiếp lần 1..."})
    total = fields.Int()
    groups = fields.List(fields.Nested(GroupCount))
    sentence = fields.Str(metadata={"description": "“34/34 tỉnh đã nộp”, “2.980/3.321 xã "
                                                   "đã hoàn thành”."})


class ChainRow(Schema):
    assignment = fields.Nested(Assignment)
    sub_total = fields.Int()
    sub_counts = fields.Dict(keys=fields.Str(), values=fields.Int(), metadata={
        "description": "Phân công cấp dưới theo tình trạng."})


class Chain(Schema):
    task = fields.Nested(Task, attribute="top")
    levels = fields.List(fields.Nested(Level))
    rows = fields.List(fields.Nested(ChainRow))


@bp.post("/assignments/<int:assignment_id>/forward", tags=[TAG])
@allowed(permissions.is_coordinator)
@bp.arguments(Forward)
@bp.response(201, TaskDetail)
def forward_down(data, assignment_id: int):
    """Giao tiếp cho cấp dưới

    A sub-task of this assignment, owned by its body, given to bodies of its own subtree
    (the coordinators of the body assigned); all of it is written, or nothing."""
    assignment = found(queries.assignment_for_forward(current_user, assignment_id),
                       "Phân công")
    permissions.ensure(permissions.can_forward(current_user, assignment))
    bodies, missing = queries.bodies_to_forward(
        assignment, data.get("body_ids") or [], kind=data.get("body_kind") or "",
        level=data.get("body_level") or "")
    if missing:
        found(None, gettext("Đơn vị được giao"))
    return created(perform(lambda: forward_assignment(assignment, {
        **data, "bodies": bodies, "lead": lead_among(bodies, data.get("lead_id"))},
        actor=current_user, now=utcnow())))


@bp.get("/tasks/<int:task_id>/chain", tags=[TAG])
@bp.response(200, Chain)
def task_chain(task_id: int):
    """Chuỗi giao của một nhiệm vụ

    From the top task of the chain: each level by kind of body (assigned, submitted,
    done, overdue) and each top-level assignment with its sub-assignments by state, as far
    as the user may see."""
    top = found(queries.chain_top(current_user, task_id), "Nhiệm vụ")
    result = queries.chain_of(current_user, top, vn_today(), with_assignments=True)
    for level in result.levels:
        level.sentence = queries.completion_sentence(
            level.groups, "submitted" if level.depth == 0 else "done", top.kind)
    return result
