"""Writes to directives: register and edit, with validation and history."""
from datetime import datetime

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker.core.errors import ConflictError, ValidationError
from tracker.core.text import clean, clean_multiline, fold
from tracker.directives.models import DIRECTIVE_KINDS, Directive
from tracker.extensions import db
from tracker.history.operations import diff, record

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
            limit = f"{LIMITS[field]:,}".replace(",", ".")  # not the comma in "Số, ký hiệu"
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
    duplicate = db.session.scalar(select(Directive.id).where(
        Directive.owner_body_id == owner_body_id, Directive.number_key == values["number_key"],
        Directive.issuer_key == values["issuer_key"]))
    if duplicate is not None and (current is None or duplicate != current.id):
        raise ValidationError({"number": gettext(
            "Số, ký hiệu: %(issuer)s đã có văn bản số %(number)s trong hệ thống.",
            issuer=values["issuer"], number=values["number"])})
    values["search_key"] = fold(" ".join([values["number"], values["issuer"], values["title"],
                                          values["summary"]]))
    return values


def create_directive(data: dict, *, actor, now: datetime) -> Directive:
    """Register a directive owned by the actor's body."""
    values = _validate(data, owner_body_id=actor.body_id, current=None)
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
    if version != directive.version:
        raise ConflictError({"version": gettext(
            "Văn bản này vừa được người khác cập nhật. Vui lòng tải lại trang để xem thay đổi "
            "rồi sửa lại.")})
    values = _validate(data, owner_body_id=directive.owner_body_id, current=directive)
    changes = diff(directive, values)
    for internal in ("number_key", "issuer_key", "search_key"):
        changes.pop(internal, None)
    if changes:
        directive.updated_at = now
        record("directive", directive.id, "updated", actor=actor, now=now, changes=changes)
    db.session.flush()
    return directive
