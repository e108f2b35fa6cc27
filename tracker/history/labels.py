"""Vietnamese words for history actions, changed fields and stored codes.

The history knows no feature: each feature labels its own entries with `register`, when
its models are imported (at app creation). Only the words every entry shares live here."""
from flask_babel import lazy_gettext as _l

ACTIONS = {"created": _l("Tạo mới"), "updated": _l("Cập nhật"), "deleted": _l("Xóa")}
FIELDS = {"name": _l("Tên"), "title": _l("Tên/Trích yếu"), "kind": _l("Loại"),
          "status": _l("Trạng thái"), "role": _l("Vai trò"), "level": _l("Cấp"),
          "active": _l("Đang hoạt động"), "due_on": _l("Hạn"), "due": _l("Hạn"),
          "body_id": _l("Mã đơn vị"), "body": _l("Đơn vị"), "description": _l("Nội dung")}
# Ids are kept in the entries for programs; people read the names recorded beside them.
HIDDEN = {"body_id", "parent_id"}
# Stored codes shown as words, by field ("in_progress" → "Đang thực hiện").
VALUES: dict[str, dict] = {}


def register(*, actions: dict | None = None, fields: dict | None = None,
             hidden: set | tuple = (), values: dict[str, dict] | None = None) -> None:
    """A feature's own words for its history entries."""
    ACTIONS.update(actions or {})
    FIELDS.update(fields or {})
    HIDDEN.update(hidden)
    for field, labels in (values or {}).items():
        VALUES.setdefault(field, {}).update(labels)


def value_label(value, field: str):
    """A stored code shown as its Vietnamese word ("in_progress" → "Đang thực hiện")."""
    if isinstance(value, str):
        return VALUES.get(field, {}).get(value, value)
    return value
