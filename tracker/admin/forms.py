"""Admin forms: bodies (edit, merge, import) and user accounts."""
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
    name = CleanStringField("Tên đơn vị", validators=[named("Tên đơn vị").required(),
                                                     named("Tên đơn vị").length(255)])
    short_name = CleanStringField("Tên viết tắt", validators=[named("Tên viết tắt").length(100)])
    kind = VNSelectField("Loại đơn vị", choices=list(BODY_KINDS.items()))
    level = VNSelectField("Cấp", choices=list(BODY_LEVELS.items()))

    def data_for_operation(self) -> dict:
        return {"name": self.name.data, "short_name": self.short_name.data,
                "kind": self.kind.data, "level": self.level.data}


class MergeForm(FlaskForm):
    into_id = VNSelectField("Đơn vị tiếp nhận", choices=[], coerce=int)


class ImportForm(FlaskForm):
    file = FileField("Tệp danh sách",
                     validators=[FileRequired("Tệp danh sách: chưa chọn tệp .xlsx hoặc .csv.")],
                     render_kw={"accept": ".xlsx,.csv"})


class UserForm(FlaskForm):
    email = CleanStringField("Email", validators=[named("Email").required(),
                                                  named("Email").length(255)],
                             render_kw={"type": "email", "autocomplete": "off"})
    full_name = CleanStringField("Họ và tên", validators=[named("Họ và tên").required(),
                                                         named("Họ và tên").length(255)])
    position = CleanStringField("Chức vụ", validators=[named("Chức vụ").length(255)])
    role = VNSelectField("Vai trò", choices=list(ROLES.items()))
    body_id = VNSelectField("Đơn vị", choices=[], coerce=int)
    active = BooleanField("Đang hoạt động", default=True)
    password = PasswordField("Mật khẩu", validators=[Optional()],
                             render_kw={"autocomplete": "new-password"})

    def data_for_operation(self, body) -> dict:
        return {"email": self.email.data, "full_name": self.full_name.data,
                "position": self.position.data, "role": self.role.data, "body": body,
                "active": self.active.data, "password": self.password.data or ""}


class NewUserForm(UserForm):
    password = PasswordField("Mật khẩu", validators=[named("Mật khẩu").required()],
                             render_kw={"autocomplete": "new-password"})
