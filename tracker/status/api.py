"""The status figures as JSON under /api/v1/stats, on the API's framework: the same
queries and filters as the status pages, each answer described by its schema."""
from marshmallow import fields

from tracker.api.fields import Date, Id, Int, Sort, Str
from tracker.api.framework import ApiBlueprint, Query, Schema
from tracker.api.schemas import BodyRef, DirectiveRef
from tracker.assignments.models import DIALOGUE_LEVELS, ROLES
from tracker.assignments.state import STATES
from tracker.status.filters import FILTERS, Filter
from tracker.status.overdue import AGES
from tracker.status.queries import COLUMNS
from tracker.status.views import (
    DIALOGUE_FIGURES,
    SORTS,
    _dialogues,
    _directive_matrix,
    _overdue_page,
    _table,
)

bp = ApiBlueprint("stats_api", __name__, url_prefix="/api/v1/stats")

TAG = "Tình hình thực hiện"


# ---- what they take --------------------------------------------------------------------

def _field(one: Filter):
    """The API's description of one status filter (tracker/status/filters.py)."""
    label, description = str(one.label), one.description
    if one.kind == "date":
        return Date(label, description=description)
    if one.kind == "int":
        return Int(label, minimum=one.minimum, maximum=one.maximum, description=description)
    return Str(label, enum=one.choices, description=description)


class StatusQuery(Query):
    EMPTY_IS_NO_FILTER = True  # an empty value is no filter (the pages' forms send them)


Filters = StatusQuery.from_dict({one.name: _field(one) for one in FILTERS},
                                name="StatusFilters")


class TableQuery(Filters):
    sort = Sort(SORTS, description="Thêm “-” phía trước để giảm dần; mặc định theo tên.")


class OverdueQuery(Filters):
    age = Str("Nhóm quá hạn", enum=AGES, description="Số ngày quá hạn: ≤ 30, 31–90, "
                                                      "91–120, > 120; bỏ trống: mọi nhóm.")
    page = Int("Trang", minimum=1, maximum=100_000)


class DialogueQuery(Filters):
    body_id = Id("Đơn vị", description="Mã đơn vị trong phạm vi (mặc định: đơn vị của bạn).")


# ---- what they give --------------------------------------------------------------------

StatusRow = Schema.from_dict({
    # The total row has no body: null.
    "body_id": fields.Pluck(BodyRef, "id", attribute="body", allow_none=True),
    "body": fields.Pluck(BodyRef, "name", allow_none=True),
    "direct": fields.Bool(), "assigned": fields.Int(),
    **{column: fields.Int(attribute=f"counts.{column}") for column in COLUMNS},
    "done": fields.Int(), "percent_done": fields.Float(attribute="percent"),
}, name="StatusRow")


class StatusTable(Schema):
    node = fields.Nested(BodyRef)
    today = fields.Date()
    filters = fields.Function(lambda table: table["filters"].args(), metadata={
        "type": "object", "additionalProperties": True,
        "description": "Các bộ lọc đã áp dụng (ngày dạng dd/mm/yyyy)."})
    rows = fields.List(fields.Nested(StatusRow))
    total = fields.Nested(StatusRow)


class OverdueGroup(Schema):
    body_id = fields.Int(attribute="body.id")
    body = fields.Str(attribute="body.name")
    overdue = fields.Int()
    on_page = fields.Function(lambda group: len(group.rows), metadata={"type": "integer"})


class OverdueItem(Schema):
    """One overdue assignment and its days overdue."""

    assignment_id = fields.Int(attribute="assignment.id")
    body_id = fields.Int(attribute="assignment.body_id")
    body = fields.Str(attribute="assignment.body_name")
    task = fields.Str(attribute="assignment.task_title")
    directive = fields.Str(attribute="assignment.directive_number")
    role = fields.Str(attribute="assignment.role", metadata={"enum": list(ROLES)})
    deadline = fields.Date(attribute="assignment.effective_due_on")
    days_overdue = fields.Int()
    last_activity_at = fields.DateTime(attribute="assignment.last_activity_at")


class StatusOverdue(Schema):
    today = fields.Date()
    page = fields.Int()
    pages = fields.Int()
    total = fields.Int()
    ages = fields.Dict(keys=fields.Str(), values=fields.Int(),
                       metadata={"description": f"Theo nhóm: {', '.join(AGES)}"})
    groups = fields.List(fields.Nested(OverdueGroup), metadata={
        "description": "Các đơn vị có phân công trên trang này, theo thứ tự của items: số "
                       "việc quá hạn của đơn vị (mọi trang) và số dòng trên trang."})
    items = fields.List(fields.Nested(OverdueItem))


class MatrixTask(Schema):
    id = fields.Int(attribute="task.id")
    title = fields.Str(attribute="task.title")
    deadline = fields.Date(attribute="task.due_on")
    counts = fields.Dict(keys=fields.Str(), values=fields.Int())


class MatrixBody(Schema):
    id = fields.Int()
    name = fields.Str()
    states = fields.Dict(keys=fields.Str(), values=fields.Str(metadata={"enum": list(STATES)}),
                         metadata={"description": "{id nhiệm vụ: tình trạng}"})


class StatusDirective(Schema):
    directive = fields.Nested(DirectiveRef)
    tasks = fields.List(fields.Nested(MatrixTask))
    bodies = fields.List(fields.Nested(MatrixBody))


Figures = Schema.from_dict({name: fields.Int() for name in DIALOGUE_FIGURES},
                           name="DialogueFigures")


class DialogueRow(Schema):
    body_id = fields.Int(allow_none=True)
    body = fields.Str()
    levels = fields.Dict(keys=fields.Str(), values=fields.Nested(Figures), metadata={
        "description": f"Theo cấp: {', '.join(DIALOGUE_LEVELS)}"})


class StatusDialogues(Schema):
    node = fields.Nested(BodyRef)
    rows = fields.List(fields.Nested(DialogueRow))


# ---- routes ----------------------------------------------------------------------------

def _status_table(body_id: int | None):
    node, filters, today, rows, total, _sort, _desc = _table(body_id)
    return {"node": node, "today": today, "filters": filters, "rows": rows, "total": total}


@bp.get("/provinces", tags=[TAG])
@bp.query(TableQuery, 422)
@bp.response(200, StatusTable)
def stats_table(args):
    """Tình hình thực hiện theo đơn vị

    One row per child body of the user's body (or of body_id) and the total row, with the
    filters of the status page."""
    return _status_table(None)


@bp.get("/bodies/<int:body_id>", tags=[TAG])
@bp.query(TableQuery, 422)
@bp.response(200, StatusTable)
def stats_body_table(args, body_id: int):
    """Tình hình thực hiện của một đơn vị"""
    return _status_table(body_id)


@bp.get("/overdue", tags=[TAG])
@bp.query(OverdueQuery, 422)
@bp.response(200, StatusOverdue)
def stats_overdue(args):
    """Các phân công quá hạn

    The overdue review (one page) grouped by body in tree order, the longest overdue first
    within a body, with the counts by age."""
    _filters, today, _age, ages, page, groups = _overdue_page()
    return {"today": today, "page": page.page, "pages": page.pages, "total": page.total,
            "ages": ages, "groups": groups,
            "items": [{"assignment": a, "days_overdue": late}
                      for g in groups for a, late in g.rows]}


@bp.get("/directives/<int:directive_id>", tags=[TAG])
@bp.query(Filters(exclude=["directive_id"]), 422)  # the directive is in the path
@bp.response(200, StatusDirective)
def stats_directive(args, directive_id: int):
    """Tình hình theo văn bản

    A directive's tasks with counts by state, and each body's state per task (a matrix of
    bodies by tasks)."""
    found, _filters, _today, (tasks, bodies, cells, per_task) = _directive_matrix(directive_id)
    return {"directive": found,
            "tasks": [{"task": t, "counts": dict(per_task[t.id])} for t in tasks],
            "bodies": [{"id": body_id, "name": name,
                        "states": {str(t.id): cells[(body_id, t.id)][1]
                                   for t in tasks if (body_id, t.id) in cells}}
                       for body_id, name in bodies]}


@bp.get("/dialogues", tags=[TAG])
@bp.query(DialogueQuery, 422)
@bp.response(200, StatusDialogues)
def stats_dialogues(args):
    """Số liệu đối thoại

    Dialogues held, people taking part, opinions raised and settled, per child body and
    level; the period filters the dialogue's date."""
    node, _filters, figures, children = _dialogues(args.get("body_id"))
    return {"node": node,
            "rows": [{"body_id": key, "body": children.get(key, node).name,
                      "levels": {level: dict(zip(DIALOGUE_FIGURES, v, strict=True))
                                 for level, v in levels.items()}}
                     for key, levels in figures.items()]}
