"""Figure forms, roll-ups and figure templates: the same operations and permissions as the
pages (tracker/figures)."""
from flask_login import current_user
from marshmallow import fields

from tracker.api.fields import Dict, Version
from tracker.api.framework import Schema
from tracker.api.problems import found
from tracker.api.views import bp
from tracker.api.views.common import perform
from tracker.assignments.can import acting_as
from tracker.assignments.queries import get_assignment
from tracker.assignments.state import is_editable
from tracker.core import permissions
from tracker.core.time import utcnow
from tracker.figures import documents, operations, queries
from tracker.figures.rollup import rollup_of_assignment, rollup_of_task
from tracker.tasks.queries import get_task

TAG = "Biểu mẫu số liệu"
VALUE = {"description": "Số (1234, 1.5), chuỗi theo cách viết Việt Nam (\"1.234\", "
                        "\"1,5\"), true/false cho Có/Không, chuỗi cho chỉ tiêu văn bản, "
                        "hoặc null (để trống)."}


class Option(Schema):
    code = fields.Str(required=True)
    name = fields.Str(required=True)


class Breakdown(Schema):
    code = fields.Str(required=True)
    name = fields.Str(required=True)
    options = fields.List(fields.Nested(Option), required=True)


class Indicator(Schema):
    code = fields.Str(required=True)
    name = fields.Str(required=True)
    unit = fields.Str(required=True)
    type = fields.Str(required=True, metadata={"enum": ["integer", "decimal", "percent",
                                                        "boolean", "text"]})
    required = fields.Bool(required=True)
    source = fields.Str(required=True, metadata={
        "description": "Nguồn tự động: \"dialogues.count\"... (lấy từ các cuộc đối thoại đã "
                       "ghi nhận) hoặc rỗng."})
    breakdowns = fields.List(fields.Nested(Breakdown), required=True)


class IndicatorWithCells(Indicator):
    cells = fields.List(fields.Str(), required=True, metadata={
        "description": "Mã các ô phân tổ, ví dụ \"kinh_te/tap_the\"."})


class TemplateRef(Schema):
    id = fields.Int(required=True)
    name = fields.Str(required=True)
    version = fields.Int(required=True)


class FormIndicator(IndicatorWithCells):
    value = fields.Raw(allow_none=True, required=True, metadata=VALUE)
    values = fields.Dict(keys=fields.Str(), values=fields.Raw(allow_none=True), required=True,
                         metadata={"description": "Giá trị từng ô phân tổ."})
    origin = fields.Str(allow_none=True, required=True, metadata={
        "description": "typed (nhập tay), adopted (lấy từ tổng hợp cấp dưới), dialogues."})
    from_dialogues = fields.Bool(required=True)


class FigureForm(Schema):
    """The form as read, and as sent back whole (`version` and `values`)."""

    assignment_id = fields.Int(required=True)
    version = Version()
    editable = fields.Bool(required=True)
    template = fields.Nested(TemplateRef, required=True)
    indicators = fields.List(fields.Nested(FormIndicator), required=True)
    values = Dict("Giá trị các chỉ tiêu", keys=fields.Str(), values=fields.Raw(allow_none=True),
                  required=True, load_only=True, description=(
                      "{mã chỉ tiêu: giá trị} hoặc {mã chỉ tiêu: {\"value\": tổng, \"cells\": "
                      "{mã ô: giá trị}}}. Cả biểu mẫu được thay thế: chỉ tiêu không gửi là để "
                      "trống."))


class RollupIndicator(IndicatorWithCells):
    total = fields.Raw(allow_none=True)
    values = fields.Dict(keys=fields.Str(), values=fields.Raw(allow_none=True))
    bodies_reporting = fields.Int()
    submitted_total = fields.Raw(allow_none=True)
    by_level = fields.Dict(keys=fields.Str(), values=fields.Raw(allow_none=True))
    by_kind = fields.Dict(keys=fields.Str(), values=fields.Raw(allow_none=True))


class RollupBody(Schema):
    assignment_id = fields.Int(required=True)
    body_id = fields.Int(required=True)
    body = fields.Str(required=True)
    level = fields.Str(required=True)
    kind = fields.Str(required=True)
    status = fields.Str(required=True)
    bucket = fields.Str(required=True, metadata={"enum": ["accepted", "submitted", "missing"]})
    values = fields.Dict(keys=fields.Str(), values=fields.Raw(allow_none=True), required=True)


class Counts(Schema):
    accepted = fields.Int(required=True)
    submitted = fields.Int(required=True)
    missing = fields.Int(required=True)


class Rollup(Schema):
    template = fields.Nested(TemplateRef, allow_none=True, required=True)
    counts = fields.Nested(Counts, required=True)
    indicators = fields.List(fields.Nested(RollupIndicator), required=True)
    bodies = fields.List(fields.Nested(RollupBody), required=True)


class LibraryTemplate(Schema):
    key = fields.Str(required=True)
    name = fields.Str(required=True)
    description = fields.Str(required=True)
    indicators = fields.List(fields.Nested(Indicator), required=True)


class OwnTemplate(Schema):
    id = fields.Int(required=True)
    name = fields.Str(required=True)
    description = fields.Str(required=True)
    owner_body_id = fields.Int(required=True)
    owner_body = fields.Str(required=True)
    version = fields.Int(required=True)
    library_key = fields.Str(required=True)
    indicators = fields.List(fields.Nested(Indicator), required=True)


class Templates(Schema):
    library = fields.List(fields.Nested(LibraryTemplate), required=True)
    items = fields.List(fields.Nested(OwnTemplate), required=True)


def _assignment(assignment_id: int):
    return found(get_assignment(current_user, assignment_id), "Phân công")


def _form(assignment):
    state = found(queries.assignment_form(assignment), "Biểu mẫu số liệu")
    editable = permissions.can_enter_figures(current_user, assignment) \
        and is_editable(assignment.status)
    return documents.form_document(assignment, state, editable=editable)


FIGURES = "/assignments/<int:assignment_id>/figures"


@bp.get(FIGURES, tags=[TAG])
@bp.response(200, FigureForm)
def show_figures(assignment_id: int):
    """Biểu mẫu số liệu của một phân công

    The assignment's figure form: the task's indicators and the values entered."""
    return _form(_assignment(assignment_id))


@bp.put(FIGURES, tags=[TAG])
@bp.arguments(FigureForm)
@bp.response(200, FigureForm)
def save_figures(data, assignment_id: int):
    """Lưu biểu mẫu số liệu

    Replace the whole form, from the version read before (409 if it changed since).
    Breakdown cells must add up to their total; a refused form writes nothing."""
    assignment = _assignment(assignment_id)
    permissions.ensure(permissions.can_enter_figures(current_user, assignment))
    perform(lambda: operations.save_figures(assignment, data["values"],
                                            version=data["version"],
                                            actor=acting_as(current_user, assignment),
                                            now=utcnow()))
    return _form(_assignment(assignment_id))


@bp.get("/assignments/<int:assignment_id>/rollup", tags=[TAG])
@bp.response(200, Rollup)
def assignment_rollup(assignment_id: int):
    """Tổng hợp số liệu của cấp dưới

    Sums of the accepted figures of the bodies this assignment was forwarded to."""
    assignment = _assignment(assignment_id)
    return documents.rollup_document(rollup_of_assignment(current_user, assignment))


@bp.get("/tasks/<int:task_id>/rollup", tags=[TAG])
@bp.response(200, Rollup)
def task_rollup(task_id: int):
    """Tổng hợp số liệu của một nhiệm vụ"""
    task = found(get_task(current_user, task_id), "Nhiệm vụ")
    return documents.rollup_document(rollup_of_task(current_user, task))


@bp.get("/indicator-templates", tags=[TAG])
@bp.response(200, Templates)
def indicator_templates():
    """Thư viện và các biểu mẫu số liệu

    The shipped library and the templates of the user's Ban and of the Bans above."""
    templates = queries.visible_templates(current_user)
    return documents.templates_document(templates, queries.current_versions(
        [t.id for t in templates]))
