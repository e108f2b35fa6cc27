"""Admin forms: bodies (edit, merge, import) and user accounts."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, PasswordField
from wtforms.validators import Optional

from tracker.auth.models import ROLES
from tracker.bodies.models import BODY_KINDS, BODY_LEVELS
from tracker.core.forms import CleanStringField, VNSelectField, named


def body_choices(bodies, root) -> list[tuple[int, str]]:
    """Bodies as select options, indented under their parents from the admin's own body."""
    return [(b.id, "— " * max(0, b.depth - root.depth) + b.name) for b in bodies]


class BodyForm(FlaskForm):
    name = CleanStringField(_l("Tên đơn vị"), validators=[named(_l("Tên đơn vị")).required(),
                                                         named(_l("Tên đơn vị")).length(255)])
    short_name = CleanStringField(_l("Tên viết tắt"),
                                  validators=[named(_l("Tên viết tắt")).length(100)])
    kind = VNSelectField(_l("Loại đơn vị"), choices=list(BODY_KINDS.items()))
    level = VNSelectField(_l("Cấp"), choices=list(BODY_LEVELS.items()))
    contact_email = CleanStringField(_l("Email liên hệ"))

    def data_for_operation(self) -> dict:
        return {"name": self.name.data, "short_name": self.short_name.data,
                "kind": self.kind.data, "level": self.level.data,
                "contact_email": self.contact_email.data}


class MergeForm(FlaskForm):
    into_id = VNSelectField(_l("Đơn vị tiếp nhận"), choices=[], coerce=int)


class ImportForm(FlaskForm):
    file = FileField(_l("Tệp danh sách"),
                     validators=[FileRequired(_l("Tệp danh sách: chưa chọn tệp .xlsx hoặc "
                                                 ".csv."))],
                     render_kw={"accept": ".xlsx,.csv"})


class UserForm(FlaskForm):
    email = CleanStringField(_l("Email"), validators=[named(_l("Email")).required(),
                                                      named(_l("Email")).length(255)],
                             render_kw={"type": "email", "autocomplete": "off"})
    full_name = CleanStringField(_l("Họ và tên"),
                                 validators=[named(_l("Họ và tên")).required(),
                                             named(_l("Họ và tên")).length(255)])
    position = CleanStringField(_l("Chức vụ"), validators=[named(_l("Chức vụ")).length(255)])
    # Most new accounts are the bodies' officers: the form starts there, not at coordinator.
    role = VNSelectField(_l("Vai trò"), choices=list(ROLES.items()), default="officer")
    body_id = VNSelectField(_l("Đơn vị"), choices=[], coerce=int)
    active = BooleanField(_l("Đang hoạt động"), default=True)
    password = PasswordField(_l("Mật khẩu"), validators=[Optional()],
                             render_kw={"autocomplete": "new-password"})

    def data_for_operation(self, body) -> dict:
        return {"email": self.email.data, "full_name": self.full_name.data,
                "position": self.position.data, "role": self.role.data, "body": body,
                "active": self.active.data, "password": self.password.data or ""}


class NewUserForm(UserForm):
    password = PasswordField(_l("Mật khẩu"), validators=[named(_l("Mật khẩu")).required()],
                             render_kw={"autocomplete": "new-password"})
