"""Errors raised by operations, mapped to 4xx answers by the views."""
from contextlib import contextmanager

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

# The one wording of an edit conflict, whatever was edited and however it was caught.
CONFLICT_MESSAGE = _l("Dữ liệu vừa được người khác cập nhật. Nội dung của bạn chưa được lưu; "
                      "vui lòng tải lại trang để xem thay đổi rồi nhập lại.")


class DomainError(Exception):
    """A rule was broken; `errors` maps a field name to a Vietnamese message naming it."""

    status = 422

    def __init__(self, errors: dict[str, str] | str):
        if isinstance(errors, str):
            errors = {"": errors}
        self.errors = errors
        super().__init__("; ".join(errors.values()))

    @property
    def message(self) -> str:
        return " ".join(self.errors.values())


class ValidationError(DomainError):
    status = 422


class ConflictError(DomainError):
    """Someone else saved first (version mismatch) or the object changed state."""

    status = 409


class PermissionDenied(DomainError):
    status = 403


class EditConflict(ConflictError):
    """Someone else saved first: the page or request was based on an older version."""

    def __init__(self):
        super().__init__({"version": str(CONFLICT_MESSAGE)})


def check_version(obj, version: int | None, *, required: bool = True) -> None:
    """Raise EditConflict when `version` (what the user's page was based on) is not the
    object's current version; without `required`, a missing version is not checked."""
    if version is None and not required:
        return
    if version != obj.version:
        raise EditConflict()


@contextmanager
def edit_conflicts():
    """SQLAlchemy's StaleDataError (the version column caught a concurrent save at flush)
    raised as the same EditConflict, for the pages and the API alike."""
    try:
        yield
    except StaleDataError:
        raise EditConflict() from None
