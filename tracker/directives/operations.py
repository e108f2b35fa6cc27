"""Writes to directives: register and edit, with validation and history."""
from datetime import datetime

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from tracker.assignments.models import Assignment
from tracker.bodies.models import Body
from tracker.core.errors import ValidationError, check_version
from tracker.core.text import clean, clean_multiline, fold, format_number, search_key
from tracker.core.time import format_date, vn_today
from tracker.directives.models import DIRECTIVE_KINDS, Directive
from tracker.extensions import db
from tracker.history.operations import diff, record
from tracker.tasks.models import Task

LIMITS = {"number": 60, "issuer": 255, "title": 500, "summary": 10_000}


def _number_key(number: str) -> str:
    """'290-QĐ/TW' and '290-qđ/tw ' are the same number."""
    return fold(number).replace(" ", "")


def _validate(data: dict, *, owner_body_id: int, current: Directive | None) -> dict:
    errors = {}
    values = {
        "number": clean(data.get("number")),
        "kind": data.get("kind") or "",
        "issuer": clean(data.get("issuer")),
        "issued_on": data.get("issued_on"),
        "title": clean(data.get("title")),
        "summary": clean_multiline(data.get("summary")),
    }
    labels = {"number": _l("Số, ký hiệu"), "issuer": _l("Cơ quan ban hành"),
              "title": _l("Trích yếu"), "summary": _l("Tóm tắt nội dung")}
    for field, label in labels.items():
        if field != "summary" and not values[field]:
            errors[field] = gettext("%(label)s: không được để trống.", label=label)
        elif len(values[field]) > LIMITS[field]:
            limit = format_number(LIMITS[field])  # not the comma in "Số, ký hiệu"
            errors[field] = gettext("%(label)s: không quá %(max)s ký tự.", label=label,
                                    max=limit)
    if values["kind"] not in DIRECTIVE_KINDS:
        errors["kind"] = gettext("Loại văn bản: không hợp lệ.")
    if values["issued_on"] is None:
        errors.setdefault("issued_on", gettext("Ngày ban hành: không được để trống."))
    parent = data.get("parent")
    if parent is not None and current is not None and parent.id == current.id:
        errors["parent_id"] = gettext(
            "Thực hiện văn bản: một văn bản không thể thực hiện chính nó.")
    if parent is not None and values["issued_on"] and parent.issued_on > values["issued_on"]:
        errors["parent_id"] = gettext("Thực hiện văn bản: văn bản cấp trên được ban hành sau "
                                      "ngày ban hành của văn bản này.")
    if errors:
        raise ValidationError(errors)
    values["parent_id"] = parent.id if parent is not None else None
    values["number_key"] = _number_key(values["number"])
    values["issuer_key"] = fold(values["issuer"])
    _refuse_duplicate(values, owner_body_id, current)
    if current is not None and values["issued_on"] != current.issued_on:
        _refuse_date_after_deadlines(current, values["issued_on"])
    values["search_key"] = search_key(DIRECTIVE_KINDS[values["kind"]], values["number"],
                                      values["issuer"], values["title"], values["summary"])
    return values


def _refuse_duplicate(values: dict, owner_body_id: int, current: Directive | None) -> None:
    """The same number from the same issuer, registered by this body, a body above it (whose
    directives it already sees and implements) or a body below it, is a duplicate. Sibling
    provinces may each register a central text: they cannot see each other's."""
    owner = db.session.get(Body, owner_body_id)
    related = or_(Body.id.in_([*owner.ancestor_ids, owner.id]),
                  Body.path.startswith(owner.path, autoescape=True))
    found = db.session.execute(
        select(Body.id, Body.name).select_from(Directive)
        .join(Body, Body.id == Directive.owner_body_id)
        .where(Directive.number_key == values["number_key"],
               Directive.issuer_key == values["issuer_key"], related)
        .where(Directive.id != (current.id if current is not None else -1))).first()
    if found is None:
        return
    if found.id == owner.id:
        message = gettext("Số, ký hiệu: %(issuer)s đã có văn bản số %(number)s trong hệ thống.",
                          issuer=values["issuer"], number=values["number"])
    else:
        message = gettext("Số, ký hiệu: văn bản số %(number)s của %(issuer)s đã được %(body)s "
                          "đăng ký; hãy dùng văn bản đó.", number=values["number"],
                          issuer=values["issuer"], body=found.name)
    raise ValidationError({"number": message})


def _refuse_date_after_deadlines(directive: Directive, issued_on) -> None:
    """A new issue date may not fall after a deadline already derived from the directive,
    nor after the issue date of a text implementing it."""
    task = db.session.execute(
        select(Task.title, Task.due_on).where(Task.directive_id == directive.id,
                                              Task.due_on < issued_on)
        .order_by(Task.due_on).limit(1)).first()
    if task is not None:
        raise ValidationError({"issued_on": gettext(
            "Ngày ban hành: sau hạn %(due)s của nhiệm vụ “%(task)s” đã giao từ văn bản này; "
            "hãy sửa hạn nhiệm vụ trước.", due=format_date(task.due_on), task=task.title)})
    assignment_due = db.session.scalar(
        select(func.min(Assignment.due_on)).join(Task, Task.id == Assignment.task_id)
        .where(Task.directive_id == directive.id))
    if assignment_due is not None and assignment_due < issued_on:
        raise ValidationError({"issued_on": gettext(
            "Ngày ban hành: sau hạn %(due)s của một phân công đã giao từ văn bản này.",
            due=format_date(assignment_due))})
    child = db.session.execute(
        select(Directive.number, Directive.issued_on).where(
            Directive.parent_id == directive.id, Directive.issued_on < issued_on)
        .limit(1)).first()
    if child is not None:
        raise ValidationError({"issued_on": gettext(
            "Ngày ban hành: sau ngày ban hành %(day)s của văn bản số %(number)s thực hiện "
            "văn bản này.", day=format_date(child.issued_on), number=child.number)})


def create_directive(data: dict, *, actor, now: datetime) -> Directive:
    """Register a directive owned by the actor's body. `data["warned"]` False (the web
    form's first save) stops at an issue date in the future, which is likely a typo."""
    values = _validate(data, owner_body_id=actor.body_id, current=None)
    if data.get("warned", True) is False and values["issued_on"] > vn_today(now):
        raise ValidationError({"confirm": gettext(
            "Ngày ban hành: ngày %(date)s là ngày trong tương lai.",
            date=format_date(values["issued_on"]))})
    directive = Directive(**values, owner_body_id=actor.body_id, created_by_id=actor.id,
                          created_at=now, updated_at=now)
    db.session.add(directive)
    db.session.flush()
    record("directive", directive.id, "created", actor=actor, now=now,
           changes={"number": directive.number, "issuer": directive.issuer})
    return directive


def update_directive(directive: Directive, data: dict, *, version: int, actor,
                     now: datetime) -> Directive:
    """Edit a directive; a stale `version` (someone saved first) is a conflict."""
    check_version(directive, version)
    values = _validate(data, owner_body_id=directive.owner_body_id, current=directive)
    changes = diff(directive, values)
    for internal in ("number_key", "issuer_key", "search_key"):
        changes.pop(internal, None)
    if changes:
        directive.updated_at = now
        record("directive", directive.id, "updated", actor=actor, now=now, changes=changes)
    db.session.flush()
    return directive
