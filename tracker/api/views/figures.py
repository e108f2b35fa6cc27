"""Figure forms, roll-ups and figure templates: the same operations and permissions as the
pages (tracker/figures)."""
from flask_login import current_user
from marshmallow import fields

from tracker.api.fields import Dict, Version
from tracker.api.framework import Schema
from tracker.api.problems import found
from tracker.api.views import bp
from tracker.api.views.common import assignment_or_404, perform, task_or_404
from tracker.assignments.can import acting_as
from tracker.assignments.state import is_editable
from tracker.core import permissions
from tracker.core.time import utcnow
from tracker.figures import operations, queries
from tracker.figures.indicators import TYPES, json_value
from tracker.figures.library import LIBRARY
from tracker.figures.rollup import BUCKET_NAMES, rollup_of_assignment, rollup_of_task

TAG = "Biểu mẫu số liệu"
VALUE = {"description": "Số (1234, 1.5), chuỗi theo cách viết Việt Nam (\"1.234\", "
                        "\"1,5\"), true/false cho Có/Không, chuỗi cho chỉ tiêu văn bản, "
                        "hoặc null (để trống)."}
ANY = {"type": "object", "additionalProperties": {"nullable": True}}


class With:
    """An object read with more attributes (an indicator with its form or roll-up): the
    schemas below read the figures' own objects, so each member is written once, here."""

    def __init__(self, obj, **more):
        self._obj = obj
        vars(self).update(more)

    def __getattr__(self, name):
        return getattr(self._obj, name)


class Option(Schema):
    code = fields.Str(required=True)
    name = fields.Str(required=True)


class Breakdown(Schema):
    code = fields.Str(required=True)
    name = fields.Str(required=True)
    options = fields.List(fields.Nested(Option), required=True)


class Indicator(Schema):
    """An indicator (tracker/figures/indicators.py), or its definition as stored."""

    code = fields.Str(required=True)
    name = fields.Str(required=True)
    unit = fields.Str(required=True)
    type = fields.Str(required=True, metadata={"enum": list(TYPES)})
    required = fields.Bool(required=True)
    source = fields.Str(required=True, metadata={
        "description": "Nguồn tự động: \"dialogues.count\"... (lấy từ các cuộc đối thoại đã "
                       "ghi nhận) hoặc rỗng."})
    breakdowns = fields.List(fields.Nested(Breakdown), required=True)


class IndicatorWithCells(Indicator):
    cells = fields.Function(lambda i: [key for key, _ in i.cells()], required=True, metadata={
        "type": "array", "items": {"type": "string"},
        "description": "Mã các ô phân tổ, ví dụ \"kinh_te/tap_the\"."})


class TemplateRef(Schema):
    """The template of a task's form (a TaskForm)."""

    id = fields.Int(required=True, attribute="template.id")
    name = fields.Str(required=True, attribute="template.name")
    version = fields.Int(required=True, attribute="version.number")


def _typed(row):
    total = row.state.values.get((row.code, ""))
    if total is None:
        return None
    return total.text_value if row.type == "text" else json_value(row, total.value)


class FormIndicator(IndicatorWithCells):
    """An indicator `With` the assignment's form `state`."""

    value = fields.Function(_typed, allow_none=True, required=True, metadata=VALUE)
    values = fields.Function(lambda row: {
        key: json_value(row, row.state.values[(row.code, key)].value)
        for key, _ in row.cells() if (row.code, key) in row.state.values},
        required=True, metadata={**ANY, "description": "Giá trị từng ô phân tổ."})
    origin = fields.Function(
        lambda row: getattr(row.state.values.get((row.code, "")), "source", None),
        allow_none=True, required=True, metadata={"type": "string", "description": (
            "typed (nhập tay), adopted (lấy từ tổng hợp cấp dưới), dialogues.")})
    from_dialogues = fields.Function(lambda row: bool(row.source and row.state.locked),
                                     required=True, metadata={"type": "boolean"})


class FigureForm(Schema):
    """The form as read (an assignment `With` its form), and as sent back whole (`version`
    and `values`)."""

    assignment_id = fields.Int(required=True, attribute="id")
    version = Version()
    editable = fields.Bool(required=True)
    template = fields.Nested(TemplateRef, required=True, attribute="form")
    indicators = fields.List(fields.Nested(FormIndicator), required=True)
    values = Dict("Giá trị các chỉ tiêu", keys=fields.Str(), values=fields.Raw(allow_none=True),
                  required=True, load_only=True, description=(
                      "{mã chỉ tiêu: giá trị} hoặc {mã chỉ tiêu: {\"value\": tổng, \"cells\": "
                      "{mã ô: giá trị}}}. Cả biểu mẫu được thay thế: chỉ tiêu không gửi là để "
                      "trống."))


def _summed(compute, empty, **kwargs):
    """A figure of the roll-up of an indicator `With` its `roll`; `empty` for a text one."""
    return fields.Function(lambda row: empty if row.type == "text" else compute(row, row.roll),
                           **kwargs)


def _by(row, sums_by: dict) -> dict:
    key = (row.code, "")
    return {name: json_value(row, sums[key]) for name, sums in sums_by.items() if key in sums}


class RollupIndicator(IndicatorWithCells):
    total = _summed(lambda row, roll: json_value(row, roll.aggregate(row)), None,
                    allow_none=True)
    values = _summed(lambda row, roll: {
        key: json_value(row, roll.aggregate(row, key)) for key, _ in row.cells()
        if (row.code, key) in roll.accepted_sums}, {}, metadata=ANY)
    bodies_reporting = _summed(lambda row, roll: roll.accepted_counts.get((row.code, ""), 0),
                               0, metadata={"type": "integer"})
    submitted_total = _summed(lambda row, roll: json_value(
        row, roll.submitted_sums.get((row.code, ""))), None, allow_none=True)
    by_level = _summed(lambda row, roll: _by(row, roll.by_level), {}, metadata=ANY)
    by_kind = _summed(lambda row, roll: _by(row, roll.by_kind), {}, metadata=ANY)


class RollupBody(Schema):
    """A row of the roll-up `With` the form's indicators `by_code`."""

    assignment_id = fields.Int(required=True, attribute="assignment.id")
    body_id = fields.Int(required=True, attribute="body.id")
    body = fields.Str(required=True, attribute="body.name")
    level = fields.Str(required=True, attribute="body.level")
    kind = fields.Str(required=True, attribute="body.kind")
    status = fields.Str(required=True, attribute="assignment.status")
    bucket = fields.Str(required=True, metadata={"enum": list(BUCKET_NAMES)})
    values = fields.Function(lambda row: {
        **{code: json_value(row.by_code[code], v) for code, v in row.totals.items()
           if code in row.by_code},
        **{code: text for code, text in row.texts.items() if code in row.by_code}},
        required=True, metadata=ANY)


Counts = Schema.from_dict({name: fields.Function(
    lambda roll, name=name: len(roll.bucket(name)), required=True,
    metadata={"type": "integer"}) for name in BUCKET_NAMES}, name="Counts")


class Rollup(Schema):
    template = fields.Nested(TemplateRef, allow_none=True, required=True, attribute="form")
    counts = fields.Nested(Counts, required=True)
    indicators = fields.List(fields.Nested(RollupIndicator), required=True)
    bodies = fields.List(fields.Nested(RollupBody), required=True)


class LibraryTemplate(Schema):
    key = fields.Str(required=True)
    name = fields.Str(required=True)
    description = fields.Str(required=True)
    indicators = fields.List(fields.Nested(Indicator), required=True)


class OwnTemplate(Schema):
    """A template `With` its `current` version."""

    id = fields.Int(required=True)
    name = fields.Str(required=True)
    description = fields.Str(required=True)
    owner_body_id = fields.Int(required=True)
    owner_body = fields.Str(required=True, attribute="owner_body.name")
    version = fields.Int(required=True, attribute="current_number")
    library_key = fields.Str(required=True)
    indicators = fields.List(fields.Nested(Indicator), required=True,
                             attribute="current.indicators")


class Templates(Schema):
    library = fields.List(fields.Nested(LibraryTemplate), required=True)
    items = fields.List(fields.Nested(OwnTemplate), required=True)


def _form(assignment):
    state = found(queries.assignment_form(assignment), "Biểu mẫu số liệu")
    editable = permissions.can_enter_figures(current_user, assignment) \
        and is_editable(assignment.status)
    return With(assignment, editable=editable, form=state.form,
                indicators=[With(i, state=state) for i in state.form.indicators])


def _rollup(roll):
    by_code = {i.code: i for i in roll.indicators}
    return With(roll, counts=roll, indicators=[With(i, roll=roll) for i in roll.indicators],
                bodies=[With(r, by_code=by_code) for r in roll.rows] if roll.form else [])


FIGURES = "/assignments/<int:assignment_id>/figures"


@bp.get(FIGURES, tags=[TAG])
@bp.response(200, FigureForm)
def show_figures(assignment_id: int):
    """Biểu mẫu số liệu của một phân công

    The assignment's figure form: the task's indicators and the values entered."""
    return _form(assignment_or_404(assignment_id))


@bp.put(FIGURES, tags=[TAG])
@bp.arguments(FigureForm)
@bp.response(200, FigureForm)
def save_figures(data, assignment_id: int):
    """Lưu biểu mẫu số liệu

    Replace the whole form, from the version read before (409 if it changed since).
    Breakdown cells must add up to their total; a refused form writes nothing."""
    assignment = assignment_or_404(assignment_id)
    permissions.ensure(permissions.can_enter_figures(current_user, assignment))
    perform(lambda: operations.save_figures(assignment, data["values"],
                                            version=data["version"],
                                            actor=acting_as(current_user, assignment),
                                            now=utcnow()))
    return _form(assignment_or_404(assignment_id))


@bp.get("/assignments/<int:assignment_id>/rollup", tags=[TAG])
@bp.response(200, Rollup)
def assignment_rollup(assignment_id: int):
    """Tổng hợp số liệu của cấp dưới

    Sums of the accepted figures of the bodies this assignment was forwarded to."""
    assignment = assignment_or_404(assignment_id)
    return _rollup(rollup_of_assignment(current_user, assignment))


@bp.get("/tasks/<int:task_id>/rollup", tags=[TAG])
@bp.response(200, Rollup)
def task_rollup(task_id: int):
    """Tổng hợp số liệu của một nhiệm vụ"""
    return _rollup(rollup_of_task(current_user, task_or_404(task_id)))


@bp.get("/indicator-templates", tags=[TAG])
@bp.response(200, Templates)
def indicator_templates():
    """Thư viện và các biểu mẫu số liệu

    The shipped library and the templates of the user's Ban and of the Bans above."""
    templates = queries.visible_templates(current_user)
    versions = queries.current_versions([t.id for t in templates])
    return {"library": [{"key": key, **item} for key, item in LIBRARY.items()],
            "items": [With(t, current=versions[t.id]) for t in templates]}
