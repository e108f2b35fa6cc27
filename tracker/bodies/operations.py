"""Writes to the body tree: create, rename/edit, move, merge. Nothing is deleted."""
import re
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import bindparam, func, select, update

from tracker.bodies.models import BODY_KINDS, BODY_LEVELS, Body, key_segment
from tracker.bodies.queries import sibling_named
from tracker.bodies.signals import body_moved
from tracker.core.database import starts_with
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
    body.tree_key = (parent.tree_key if parent else "") + key_segment(body.search_key, body.id)
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
    old_search_key = changes.pop("search_key", [None])[0]
    if changes:
        record("body", body.id, "renamed" if "name" in changes else "updated",
               actor=actor, now=now, changes=changes)
    db.session.flush()
    if old_search_key is not None:  # a new place among its siblings, with its subtree
        old_key = body.tree_key
        parent_key = old_key[:len(old_key) - len(key_segment(old_search_key, body.id))]
        _rekey_subtree(body.path, old_key, parent_key + key_segment(body.search_key, body.id))
    return body


def _rekey_subtree(path: str, old_key: str, new_key: str, *, new_path: str | None = None):
    """Rewrite the tree keys (and, given `new_path`, the paths) of the subtree at `path`
    whose top's key was `old_key`, in one statement; the session's bodies are expired."""
    values = {"tree_key": new_key + func.substr(Body.tree_key, len(old_key) + 1)}
    if new_path is not None:
        values["path"] = new_path + func.substr(Body.path, len(path) + 1)
    db.session.execute(
        update(Body).where(starts_with(Body.path, path)).values(**values)
        .execution_options(synchronize_session=False))
    db.session.expire_all()


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
    _rekey_subtree(old_path, body.tree_key,
                   new_parent.tree_key + key_segment(body.search_key, body.id),
                   new_path=new_path)
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


def tree_keys(rows) -> dict[int, str]:
    """The tree key of every body of `rows` (id, parent_id, search_key; parents anywhere
    among them): for bodies written in bulk (benchmark data)."""
    rows = {row[0]: row for row in rows}
    keys: dict[int, str] = {}

    def key(body_id: int) -> str:
        if body_id not in keys:
            _, parent_id, search = rows[body_id]
            keys[body_id] = ((key(parent_id) if parent_id is not None else "")
                             + key_segment(search, body_id))
        return keys[body_id]
    for body_id in rows:
        key(body_id)
    return keys


def fill_tree_keys(connection) -> int:
    """Compute every body's tree key from the parents and search keys, on a session or a
    connection (after a bulk write of bodies or of their search keys); returns how many
    were written."""
    table = Body.__table__
    keys = tree_keys(connection.execute(
        select(table.c.id, table.c.parent_id, table.c.search_key)).all())
    if keys:
        connection.execute(
            update(table).where(table.c.id == bindparam("body_id"))
            .values(tree_key=bindparam("key")),
            [{"body_id": i, "key": k} for i, k in keys.items()])
    return len(keys)
