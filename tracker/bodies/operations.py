"""Writes to the body tree: create, rename/edit, move, merge. Nothing is deleted."""
import re
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import func, update

from tracker.bodies.models import BODY_KINDS, BODY_LEVELS, Body
from tracker.bodies.queries import sibling_named
from tracker.bodies.signals import body_moved
from tracker.core.errors import ValidationError
from tracker.core.text import clean, search_key
from tracker.extensions import db
from tracker.history.operations import diff, record

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def check_body_data(data: dict) -> dict:
    """Clean and check a body's own fields; the import checks every row with it."""
    errors = {}
    values = {
        "name": clean(data.get("name")),
        "short_name": clean(data.get("short_name")),
        "kind": data.get("kind") or "",
        "level": data.get("level") or "",
    }
    if not values["name"]:
        errors["name"] = gettext("Tên đơn vị: không được để trống.")
    elif len(values["name"]) > 255:
        errors["name"] = gettext("Tên đơn vị: không quá 255 ký tự.")
    if len(values["short_name"]) > 100:
        errors["short_name"] = gettext("Tên viết tắt: không quá 100 ký tự.")
    if values["kind"] not in BODY_KINDS:
        errors["kind"] = gettext("Loại đơn vị: không hợp lệ.")
    if values["level"] not in BODY_LEVELS:
        errors["level"] = gettext("Cấp: không hợp lệ.")
    if "contact_email" in data:  # absent: left as it is (callers that do not edit it)
        values["contact_email"] = clean(data.get("contact_email")).lower()
        if values["contact_email"] and (len(values["contact_email"]) > 255
                                        or not _EMAIL.fullmatch(values["contact_email"])):
            errors["contact_email"] = gettext(
                "Email liên hệ: cần một địa chỉ email hợp lệ (ví dụ vanphong@xa.laocai.vn).")
    if errors:
        raise ValidationError(errors)
    values["search_key"] = search_key(values["name"], values["short_name"])
    return values


def _ensure_unique_name(name: str, parent_id: int | None, *, exclude_id: int | None = None):
    twin = sibling_named(parent_id, name, exclude_id=exclude_id)
    if twin is not None:
        raise ValidationError({"name": gettext(
            "Tên đơn vị: “%(name)s” đã có trong cùng đơn vị cấp trên.", name=twin.name)})


def create_body(data: dict, *, parent: Body | None, actor, now: datetime,
                unique_name: bool = False) -> Body:
    """Add a body under `parent` (None only for a root, made from the CLI or demo).

    `unique_name` refuses a name a sibling already has: admins' forms ask for it; fixtures
    and the demo loader build trees whose names they control and skip the query.
    """
    values = check_body_data(data)
    if parent is not None and not parent.active:
        raise ValidationError({"parent_id": gettext(
            "Đơn vị cấp trên: “%(name)s” đã ngừng hoạt động hoặc đã sáp nhập.",
            name=parent.name)})
    if unique_name:
        _ensure_unique_name(values["name"], parent.id if parent else None)
    body = Body(**values, parent_id=parent.id if parent else None, created_at=now)
    db.session.add(body)
    db.session.flush()  # the id is part of the path
    body.path = f"{parent.path if parent else '/'}{body.id}/"
    record("body", body.id, "created", actor=actor, now=now,
           changes={"name": body.name, "parent_id": body.parent_id,
                    "parent": parent.name if parent else ""})
    return body


def update_body(body: Body, data: dict, *, actor, now: datetime,
                unique_name: bool = False) -> Body:
    """Rename or re-classify a body; the old name stays in its history."""
    values = check_body_data(data)
    if unique_name:
        _ensure_unique_name(values["name"], body.parent_id, exclude_id=body.id)
    changes = diff(body, values)
    changes.pop("search_key", None)
    if changes:
        record("body", body.id, "renamed" if "name" in changes else "updated",
               actor=actor, now=now, changes=changes)
    db.session.flush()
    return body


def move_body(body: Body, new_parent: Body, *, actor, now: datetime) -> None:
    """Re-parent a body with its whole subtree (paths rewritten in one statement)."""
    if new_parent.path.startswith(body.path):
        raise ValidationError({"parent_id": gettext(
            "Đơn vị cấp trên: không thể chuyển một đơn vị vào bên trong chính nó.")})
    old_path, new_path = body.path, f"{new_parent.path}{body.id}/"
    old_parent_id = body.parent_id
    old_parent = db.session.get(Body, body.parent_id) if body.parent_id else None
    old_parent_name = old_parent.name if old_parent is not None else ""
    body_moved.send(body, session=db.session, old_parent_path=old_path[:-len(f"{body.id}/")],
                    new_parent_path=new_parent.path)
    db.session.execute(
        update(Body).where(Body.path.startswith(old_path, autoescape=True))
        .values(path=new_path + func.substr(Body.path, len(old_path) + 1))
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()
    body = db.session.get(Body, body.id)
    body.parent_id = new_parent.id
    record("body", body.id, "moved", actor=actor, now=now,
           changes={"parent_id": [old_parent_id, new_parent.id],
                    "parent": [old_parent_name, new_parent.name]})
    db.session.flush()


def merge_body(body: Body, into: Body, *, actor, now: datetime) -> None:
    """Merge `body` into `into`: it becomes an inactive child of its successor.

    Its assignments, figures and history stay attached to it, and because it now lies in
    the successor's subtree, the successor's users see them and status pages count them.
    """
    if body.id == into.id or into.path.startswith(body.path):
        raise ValidationError({"into_id": gettext(
            "Đơn vị tiếp nhận: không thể sáp nhập vào chính đơn vị đó hoặc đơn vị cấp dưới "
            "của nó.")})
    if not body.active:
        raise ValidationError({"into_id": gettext(
            "Đơn vị tiếp nhận: không sáp nhập được vì “%(name)s” đã ngừng hoạt động hoặc đã "
            "sáp nhập.", name=body.name)})
    if not into.active:
        raise ValidationError({"into_id": gettext(
            "Đơn vị tiếp nhận: “%(name)s” đã ngừng hoạt động hoặc đã sáp nhập.",
            name=into.name)})
    from tracker.auth.models import User
    moved_users = db.session.execute(
        update(User).where(User.body_id == body.id).values(body_id=into.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    move_body(body, into, actor=actor, now=now)
    body = db.session.get(Body, body.id)
    body.active = False
    body.merged_into_id = into.id
    record("body", body.id, "merged", actor=actor, now=now,
           changes={"merged_into_id": into.id, "merged_into": into.name,
                    "users_moved": moved_users})
    record("body", into.id, "received_merge", actor=actor, now=now,
           changes={"merged_body_id": body.id, "merged_body_name": body.name})
    db.session.flush()

