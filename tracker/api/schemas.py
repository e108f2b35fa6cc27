"""What the API answers: one marshmallow schema per object, which both serializes it and
describes it in the OpenAPI document."""
from flask import g, url_for
from marshmallow import Schema, fields

from tracker.assignments.models import STATUSES
from tracker.assignments.state import STATES, days_overdue, state_of
from tracker.core.time import vn_today


def _today():
    """The day the answer is computed for (one per request, even past midnight)."""
    if "api_today" not in g:
        g.api_today = vn_today()
    return g.api_today


def nullable(field_class, **kwargs):
    return field_class(allow_none=True, **kwargs)


def _link(endpoint: str, key: str):
    return fields.Function(lambda obj: url_for(endpoint, **{key: obj.id}, _external=True),
                           metadata={"type": "string", "description": "Trang web tương ứng."})


class BodyRef(Schema):
    id = fields.Int()
    name = fields.Str()


class Body(BodyRef):
    short_name = fields.Str()
    kind = fields.Str()
    kind_label = fields.Str()
    level = fields.Str()
    level_label = fields.Str()
    parent_id = nullable(fields.Int)
    active = fields.Bool()
    merged_into_id = nullable(fields.Int)


class DirectiveRef(Schema):
    id = fields.Int()
    number = fields.Str()


class Directive(DirectiveRef):
    kind = fields.Str()
    kind_label = fields.Str()
    issuer = fields.Str()
    issued_on = fields.Date()
    title = fields.Str()
    summary = fields.Str()
    parent_id = nullable(fields.Int)
    owner_body = fields.Nested(BodyRef)
    version = fields.Int()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    url = _link("directives.show", "directive_id")


class TaskRef(Schema):
    id = fields.Int()
    title = fields.Str()
    kind = fields.Str()


class Assignment(Schema):
    id = fields.Int()
    task = fields.Nested(TaskRef)
    directive = fields.Nested(DirectiveRef, attribute="task.directive")
    body = fields.Nested(BodyRef)
    role = fields.Str(metadata={"enum": ["lead", "support"]})
    due_on = fields.Date()
    extended_due_on = nullable(fields.Date)
    deadline = fields.Date(attribute="effective_due_on", metadata={
        "description": "Hạn đang áp dụng (hạn đã gia hạn nếu có)."})
    status = fields.Str(metadata={"enum": list(STATUSES)})
    status_label = fields.Str()
    state = fields.Function(lambda a: state_of(a, _today()), metadata={
        "type": "string", "enum": list(STATES),
        "description": "Trạng thái suy ra từ ngày (quá hạn, hoàn thành quá hạn...)."})
    state_label = fields.Function(lambda a: str(STATES[state_of(a, _today())]),
                                  metadata={"type": "string"})
    days_overdue = fields.Function(lambda a: days_overdue(a, _today()),
                                   metadata={"type": "integer"})
    progress = fields.Int()
    submitted_on = nullable(fields.Date)
    completed_on = nullable(fields.Date)
    last_activity_at = fields.DateTime()
    version = fields.Int()
    url = _link("assignments.show", "assignment_id")


class Task(Schema):
    id = fields.Int()
    directive = fields.Nested(DirectiveRef)
    owner_body = fields.Nested(BodyRef)
    kind = fields.Str()
    kind_label = fields.Str()
    title = fields.Str()
    description = fields.Str()
    due_on = fields.Date()
    review_years = nullable(fields.Int)
    period_start = nullable(fields.Date)
    period_end = nullable(fields.Date)
    version = fields.Int()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    parent_assignment_id = nullable(fields.Int, metadata={
        "description": "Nhiệm vụ giao tiếp: phân công cấp trên mà nhiệm vụ này giao tiếp."})
    root_task_id = nullable(fields.Int, metadata={
        "description": "Nhiệm vụ đầu chuỗi (null với chính nhiệm vụ đầu chuỗi)."})
    chain_depth = fields.Int(metadata={"description": "0: nhiệm vụ đầu chuỗi."})
    url = _link("tasks.show", "task_id")


class GroupCount(Schema):
    """A task's assignments to one group of bodies (tracker/chain/groups.py)."""

    key = fields.Str(metadata={"description": "Nhóm đơn vị: tinh, xa, so_nganh, mttq..."})
    label = fields.Str()
    total = fields.Int()
    submitted = fields.Int(metadata={"description": "Đã nộp báo cáo (kể cả đã hoàn thành)."})
    done = fields.Int()
    overdue = fields.Int()


class TaskDetail(Task):
    """A task with the assignments the user may see and how far they have got."""

    assignments = fields.List(fields.Nested(Assignment))
    completion_by_kind = fields.List(fields.Nested(GroupCount), metadata={
        "description": "Các phân công của nhiệm vụ theo nhóm đơn vị."})
    completion = fields.Str(metadata={
        "description": "“8/8 xã, 16/18 sở, ngành đã hoàn thành”."})


class Actor(Schema):
    id = fields.Int()
    name = fields.Str(attribute="full_name")


class HistoryEntry(Schema):
    id = fields.Int()
    at = fields.DateTime()
    action = fields.Str()
    action_label = fields.Function(lambda entry: str(_actions().get(entry.action,
                                                                    entry.action)),
                                   metadata={"type": "string"})
    actor = fields.Nested(Actor, allow_none=True)
    note = fields.Function(lambda entry: entry.note or "", metadata={"type": "string"})
    changes = fields.Function(lambda entry: entry.changes or {}, metadata={
        "type": "object", "additionalProperties": True,
        "description": "{trường: [cũ, mới]} khi sửa; chi tiết khác với thao tác khác."})


def _actions():
    from tracker.history.labels import ACTIONS
    return ACTIONS


_PAGES: dict = {}


def page_of(item: type[Schema]) -> type[Schema]:
    """The page object of a list of `item` (one schema class per item type)."""
    if item not in _PAGES:
        _PAGES[item] = Schema.from_dict({
            "items": fields.List(fields.Nested(item)), "page": fields.Int(),
            "per_page": fields.Int(), "total": fields.Int(), "pages": fields.Int(),
        }, name=f"{item.__name__}Page")
    return _PAGES[item]
