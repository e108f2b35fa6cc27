"""What the API answers: each object's JSON and, beside it, the schema the OpenAPI document
gives for it. The schemas are closed (every member required, no other member), so the
schemathesis run catches a serializer that drifts from its schema."""
from flask import url_for

from tracker.assignments.state import STATES, days_overdue, state_of
from tracker.core.time import vn_today

COMPONENTS: dict[str, dict] = {}

INT = {"type": "integer"}
STR = {"type": "string"}
BOOL = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}


def nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


def shape(properties: dict, *, description: str = "") -> dict:
    schema = {"type": "object", "properties": properties, "required": list(properties),
              "additionalProperties": False}
    if description:
        schema["description"] = description
    return schema


def component(name: str, schema: dict) -> dict:
    """A named schema under components/schemas; returns the reference to it."""
    COMPONENTS[name] = schema
    return {"$ref": f"#/components/schemas/{name}"}


def page_of(name: str, item_ref: dict) -> dict:
    return component(name, shape({
        "items": {"type": "array", "items": item_ref},
        "page": INT, "per_page": INT, "total": INT, "pages": INT,
    }, description="Một trang kết quả; thứ tự luôn ổn định (cuối cùng theo id)."))


def _iso(value):
    return value.isoformat() if value is not None else None


# ---- bodies ----------------------------------------------------------------------------

BODY_REF = component("BodyRef", shape({"id": INT, "name": STR}))


def body_ref(body) -> dict:
    return {"id": body.id, "name": body.name}


BODY = component("Body", shape({
    "id": INT, "name": STR, "short_name": STR, "kind": STR, "kind_label": STR, "level": STR,
    "level_label": STR, "parent_id": nullable(INT), "active": BOOL,
    "merged_into_id": nullable(INT)}))


def body_json(body) -> dict:
    return {"id": body.id, "name": body.name, "short_name": body.short_name,
            "kind": body.kind, "kind_label": str(body.kind_label), "level": body.level,
            "level_label": str(body.level_label), "parent_id": body.parent_id,
            "active": body.active, "merged_into_id": body.merged_into_id}


# ---- directives ------------------------------------------------------------------------

DIRECTIVE_REF = component("DirectiveRef", shape({"id": INT, "number": STR}))

DIRECTIVE = component("Directive", shape({
    "id": INT, "number": STR, "kind": STR, "kind_label": STR, "issuer": STR,
    "issued_on": DATE, "title": STR, "summary": STR, "parent_id": nullable(INT),
    "owner_body": BODY_REF, "version": INT, "created_at": DATETIME, "updated_at": DATETIME,
    "url": STR}))


def directive_json(directive) -> dict:
    return {"id": directive.id, "number": directive.number, "kind": directive.kind,
            "kind_label": str(directive.kind_label), "issuer": directive.issuer,
            "issued_on": directive.issued_on.isoformat(), "title": directive.title,
            "summary": directive.summary, "parent_id": directive.parent_id,
            "owner_body": body_ref(directive.owner_body), "version": directive.version,
            "created_at": _iso(directive.created_at), "updated_at": _iso(directive.updated_at),
            "url": url_for("directives.show", directive_id=directive.id, _external=True)}


# ---- assignments -----------------------------------------------------------------------

ASSIGNMENT = component("Assignment", shape({
    "id": INT,
    "task": shape({"id": INT, "title": STR, "kind": STR}),
    "directive": DIRECTIVE_REF,
    "body": BODY_REF,
    "role": {"type": "string", "enum": ["lead", "support"]},
    "due_on": DATE, "extended_due_on": nullable(DATE),
    "deadline": {**DATE, "description": "Hạn đang áp dụng (hạn đã gia hạn nếu có)."},
    "status": {"type": "string", "enum": ["not_started", "in_progress", "submitted",
                                          "returned", "done"]},
    "status_label": STR,
    "state": {"type": "string", "enum": list(STATES),
              "description": "Trạng thái suy ra từ ngày (quá hạn, hoàn thành quá hạn...)."},
    "state_label": STR, "days_overdue": INT, "progress": INT,
    "submitted_on": nullable(DATE), "completed_on": nullable(DATE),
    "last_activity_at": DATETIME, "version": INT, "url": STR}))


def assignment_json(assignment, today=None) -> dict:
    today = today or vn_today()
    state = state_of(assignment, today)
    task = assignment.task
    return {
        "id": assignment.id,
        "task": {"id": task.id, "title": task.title, "kind": task.kind},
        "directive": {"id": task.directive.id, "number": task.directive.number},
        "body": body_ref(assignment.body), "role": assignment.role,
        "due_on": assignment.due_on.isoformat(),
        "extended_due_on": _iso(assignment.extended_due_on),
        "deadline": assignment.effective_due_on.isoformat(),
        "status": assignment.status, "status_label": str(assignment.status_label),
        "state": state, "state_label": str(STATES[state]),
        "days_overdue": days_overdue(assignment, today), "progress": assignment.progress,
        "submitted_on": _iso(assignment.submitted_on),
        "completed_on": _iso(assignment.completed_on),
        "last_activity_at": _iso(assignment.last_activity_at), "version": assignment.version,
        "url": url_for("assignments.show", assignment_id=assignment.id, _external=True)}


# ---- tasks -----------------------------------------------------------------------------

_TASK_FIELDS = {
    "id": INT, "directive": DIRECTIVE_REF, "owner_body": BODY_REF, "kind": STR,
    "kind_label": STR, "title": STR, "description": STR, "due_on": DATE,
    "review_years": nullable(INT), "period_start": nullable(DATE),
    "period_end": nullable(DATE), "version": INT, "created_at": DATETIME,
    "updated_at": DATETIME, "url": STR}
TASK = component("Task", shape(_TASK_FIELDS))
TASK_DETAIL = component("TaskDetail", shape({
    **_TASK_FIELDS, "assignments": {"type": "array", "items": ASSIGNMENT}},
    description="Nhiệm vụ cùng các phân công mà bạn được xem."))


def task_json(task, assignments=None, today=None) -> dict:
    data = {"id": task.id, "directive": {"id": task.directive.id,
                                         "number": task.directive.number},
            "owner_body": body_ref(task.owner_body), "kind": task.kind,
            "kind_label": str(task.kind_label), "title": task.title,
            "description": task.description, "due_on": task.due_on.isoformat(),
            "review_years": task.review_years, "period_start": _iso(task.period_start),
            "period_end": _iso(task.period_end), "version": task.version,
            "created_at": _iso(task.created_at), "updated_at": _iso(task.updated_at),
            "url": url_for("tasks.show", task_id=task.id, _external=True)}
    if assignments is not None:
        data["assignments"] = [assignment_json(a, today) for a in assignments]
    return data


# ---- history ---------------------------------------------------------------------------

HISTORY_ENTRY = component("HistoryEntry", shape({
    "id": INT, "at": DATETIME, "action": STR, "action_label": STR,
    "actor": nullable(shape({"id": INT, "name": STR})), "note": STR,
    "changes": {"type": "object", "additionalProperties": True,
                "description": "{trường: [cũ, mới]} khi sửa; chi tiết khác với thao tác khác."}}))


def history_json(entry) -> dict:
    from tracker.history.labels import ACTIONS
    actor = entry.actor
    return {"id": entry.id, "at": _iso(entry.at), "action": entry.action,
            "action_label": str(ACTIONS.get(entry.action, entry.action)),
            "actor": {"id": actor.id, "name": actor.full_name} if actor else None,
            "note": entry.note or "", "changes": entry.changes or {}}
