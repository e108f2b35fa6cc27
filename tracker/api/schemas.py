"""One marshmallow schema per resource: it parses the request (the fields with a Vietnamese
title), serializes the answer and describes both in the OpenAPI document."""
import functools
from types import SimpleNamespace

from flask import g, url_for
from marshmallow import fields

from tracker.api.fields import Date, Id, Int, List, Str, Version
from tracker.api.framework import Schema
from tracker.assignments.badges import state_words, status_words
from tracker.assignments.models import ROLES, STATUSES
from tracker.assignments.operations import MAX_NOTE
from tracker.assignments.state import (
    STATES,
    days_overdue,
    deadline,
    overdue_days,
    state_of,
    state_of_row,
)
from tracker.bodies.models import BODY_KINDS, BODY_LEVELS
from tracker.core.time import vn_today
from tracker.core.web import url_template
from tracker.directives.models import DIRECTIVE_KINDS
from tracker.directives.operations import LIMITS
from tracker.history.labels import ACTIONS
from tracker.tasks.models import TASK_KINDS
from tracker.tasks.operations import LIMITS as TASK_LIMITS
from tracker.tasks.operations import REVIEW_YEARS

MAX_BODIES = 5000


def _today():
    """The day the answer is computed for (one per request, even past midnight)."""
    return _request_cached("api_today", vn_today)


def _request_cached(name: str, make):
    """A value made once per request (kept on `g` under `name`)."""
    if name not in g:
        setattr(g, name, make())
    return getattr(g, name)


def _assignment_url(assignment_id: int) -> str:
    # url_for once a request, the id filled in per row: 25 calls of url_for cost 0.4 ms.
    return _request_cached("api_assignment_url", lambda: url_template(
        "assignments.show", "assignment_id", _external=True))(assignment_id)


def _link(endpoint: str, key: str):
    return fields.Function(lambda obj: url_for(endpoint, **{key: obj.id}, _external=True),
                           metadata={"type": "string", "description": "Trang web tương ứng."})


def _computed(function, kind: str = "string", **metadata):
    return fields.Function(function, metadata={"type": kind, **metadata})


class BodyRef(Schema):
    id = fields.Int()
    name = fields.Str()


class Body(BodyRef):
    short_name = fields.Str()
    kind = fields.Str()
    kind_label = fields.Str()
    level = fields.Str()
    level_label = fields.Str()
    parent_id = fields.Int(allow_none=True)
    active = fields.Bool()
    merged_into_id = fields.Int(allow_none=True)


class DirectiveRef(Schema):
    id = fields.Int()
    number = Str("Số, ký hiệu", max_length=LIMITS["number"], required=True,
                 description="VD: 33-CT/TU")


class Directive(DirectiveRef):
    kind = Str("Loại văn bản", enum=DIRECTIVE_KINDS, required=True)
    kind_label = fields.Str()
    issuer = Str("Cơ quan ban hành", max_length=LIMITS["issuer"], required=True)
    issued_on = Date("Ngày ban hành", required=True)
    title = Str("Trích yếu", max_length=LIMITS["title"], required=True)
    summary = Str("Tóm tắt nội dung", max_length=LIMITS["summary"])
    parent_id = Id("Thực hiện văn bản (cấp trên)", nullable=True,
                   description="Văn bản cấp trên mà văn bản này thực hiện.")
    owner_body = fields.Nested(BodyRef)
    version = fields.Int()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    url = _link("directives.show", "directive_id")


class TaskRef(Schema):
    id = fields.Int()
    title = Str("Tên nhiệm vụ", max_length=TASK_LIMITS["title"], required=True)
    kind = Str("Loại nhiệm vụ", enum=TASK_KINDS, required=True)


class Assignment(Schema):
    id = fields.Int()
    task = fields.Nested(TaskRef)
    directive = fields.Nested(DirectiveRef, attribute="task.directive")
    body = fields.Nested(BodyRef)
    role = fields.Str(metadata={"enum": list(ROLES)})
    due_on = fields.Date()
    extended_due_on = fields.Date(allow_none=True)
    deadline = fields.Date(attribute="effective_due_on", metadata={
        "description": "Hạn đang áp dụng (hạn đã gia hạn nếu có)."})
    status = fields.Str(metadata={"enum": list(STATUSES)})
    status_label = fields.Str()
    state = _computed(lambda a: state_of(a, _today()), enum=list(STATES), description=(
        "Trạng thái suy ra từ ngày (quá hạn, hoàn thành quá hạn...)."))
    state_label = _computed(lambda a: str(STATES[state_of(a, _today())]))
    days_overdue = _computed(lambda a: days_overdue(a, _today()), "integer")
    progress = Int("Tiến độ (%)", minimum=0, maximum=100, required=True)
    submitted_on = fields.Date(allow_none=True)
    completed_on = fields.Date(allow_none=True)
    last_activity_at = fields.DateTime()
    version = Version()
    url = _link("assignments.show", "assignment_id")


def assignment_answer(row) -> dict:
    """What `Assignment().dump()` gives, written out, from a plain row
    (queries.assignment_row) or an assignment's `answer_values`: the API's busiest answer
    (every read and write of an assignment), where marshmallow's dump cost about as much
    as the read itself. tests/api/test_answers.py holds the two equal in every state."""
    due = deadline(row.due_on, row.extended_due_on)
    status, today = row.status, _today()
    state = state_of_row(status, row.completed_on, due, today)
    return {
        "id": row.id,
        "task": {"id": row.task_id, "title": row.task_title, "kind": row.task_kind},
        "directive": {"id": row.directive_id, "number": row.directive_number},
        "body": {"id": row.body_id, "name": row.body_name},
        "role": row.role,
        "due_on": row.due_on.isoformat(),
        "extended_due_on": _iso(row.extended_due_on),
        "deadline": due.isoformat(),
        "status": status,
        "status_label": status_words(status),
        "state": state,
        "state_label": state_words(state),
        "days_overdue": overdue_days(status, due, today),
        "progress": row.progress,
        "submitted_on": _iso(row.submitted_on),
        "completed_on": _iso(row.completed_on),
        "last_activity_at": row.last_activity_at.isoformat(),
        "version": row.version,
        "url": _assignment_url(row.id),
    }


def answer_values(assignment) -> SimpleNamespace:
    """A loaded assignment (with its task, directive and body) as the row
    `assignment_answer` reads."""
    task = assignment.task
    return SimpleNamespace(
        id=assignment.id, task_id=task.id, task_title=task.title, task_kind=task.kind,
        directive_id=task.directive.id, directive_number=task.directive.number,
        body_id=assignment.body.id, body_name=assignment.body.name, role=assignment.role,
        due_on=assignment.due_on, extended_due_on=assignment.extended_due_on,
        status=assignment.status, progress=assignment.progress,
        submitted_on=assignment.submitted_on, completed_on=assignment.completed_on,
        last_activity_at=assignment.last_activity_at, version=assignment.version)


def _iso(day):
    return day.isoformat() if day is not None else None


def _note(title: str, **kwargs):
    return Str(title, max_length=MAX_NOTE, **kwargs)


# What the report workflow takes: the assignment's own fields and a note.
Progress = Assignment.part("progress", "version", note=_note("Ghi chú"), name="Progress")
Submit = Assignment.part("version", note=_note("Nội dung báo cáo"), name="Submit")
Accept = Schema.from_dict({"note": _note("Nhận xét")}, name="Accept")
Return = Schema.from_dict({"reason": _note("Lý do trả lại", required=True)}, name="Return")


class Task(TaskRef):
    directive_id = Id("Văn bản", required=True, load_only=True)
    directive = fields.Nested(DirectiveRef)
    owner_body = fields.Nested(BodyRef)
    kind_label = fields.Str()
    description = Str("Nội dung, yêu cầu", max_length=TASK_LIMITS["description"])
    due_on = Date("Hạn hoàn thành", required=True)
    review_years = Int("Số năm (sơ kết/tổng kết)", minimum=REVIEW_YEARS[0],
                       maximum=REVIEW_YEARS[1], nullable=True,
                       description="Bắt buộc với sơ kết, tổng kết.")
    period_start = fields.Date(allow_none=True)
    period_end = fields.Date(allow_none=True)
    version = fields.Int()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    parent_assignment_id = fields.Int(allow_none=True, metadata={
        "description": "Nhiệm vụ giao tiếp: phân công cấp trên mà nhiệm vụ này giao tiếp."})
    root_task_id = fields.Int(allow_none=True, metadata={
        "description": "Nhiệm vụ đầu chuỗi (null với chính nhiệm vụ đầu chuỗi)."})
    chain_depth = fields.Int(metadata={"description": "0: nhiệm vụ đầu chuỗi."})
    url = _link("tasks.show", "task_id")
    # Whom to give it to, in the same call (creating a task, forwarding an assignment).
    body_ids = List("Đơn vị được giao", Id("Đơn vị"), max_items=MAX_BODIES, load_only=True,
                    description="Giao ngay cho các đơn vị này (trong phạm vi; khi giao "
                                "tiếp: trực thuộc đơn vị được phân công).")
    body_kind = Str("Chọn theo loại đơn vị", enum=BODY_KINDS, load_only=True,
                    description="Giao thêm cho mọi đơn vị đang hoạt động loại này.")
    body_level = Str("và cấp", enum=BODY_LEVELS, load_only=True,
                     description="Cùng với body_kind.")
    lead_id = Id("Đơn vị chủ trì", nullable=True, load_only=True,
                 description="Một trong các đơn vị được giao; các đơn vị khác phối hợp.")


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

    assignments = fields.List(fields.Nested(Assignment), attribute="visible_assignments")
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
    action_label = _computed(lambda entry: str(ACTIONS.get(entry.action, entry.action)))
    actor = fields.Nested(Actor, allow_none=True)
    note = _computed(lambda entry: entry.note or "")
    changes = _computed(lambda entry: entry.changes or {}, "object",
                        additionalProperties=True, description=(
                            "{trường: [cũ, mới]} khi sửa; chi tiết khác với thao tác khác."))


@functools.cache
def page_of(item: type[Schema]) -> type[Schema]:
    """The page object of a list of `item` (one schema class per item type)."""
    return Schema.from_dict({
        "items": fields.List(fields.Nested(item)),
        "page": fields.Int(allow_none=True, metadata={
            "description": "Số trang; null khi trang được chọn bằng after/before."}),
        "per_page": fields.Int(),
        "total": fields.Int(metadata={
            "description": "Số dòng, đếm tối đa đến 10.000 (tìm phân công theo từ khóa `q`: "
                           "1.000): khi nhiều hơn, total là 10000 (1000) và total_exact là "
                           "false (“hơn 10.000”)."}),
        "total_exact": fields.Bool(metadata={
            "description": "false: danh sách có hơn `total` dòng (không đếm hết)."}),
        "pages": fields.Int(allow_none=True, metadata={
            "description": "Số trang; null khi total_exact là false."}),
        "next_cursor": fields.Str(allow_none=True, metadata={
            "description": "Danh sách theo vị trí: truyền vào `after` để lấy trang "
                           "sau; null ở trang cuối."}),
        "prev_cursor": fields.Str(allow_none=True, metadata={
            "description": "Truyền vào `before` để lấy trang trước; null ở trang đầu."}),
    }, name=f"{item.__name__}Page")
