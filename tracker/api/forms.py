"""The form that creates a personal API token (on the profile page)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField

from tracker.core.forms import CleanStringField, named


class ApiTokenForm(FlaskForm):
    name = CleanStringField(_l("Tên mã truy cập"),
                            validators=[named(_l("Tên mã truy cập")).required(),
                                        named(_l("Tên mã truy cập")).length(100)],
                            render_kw={"placeholder": _l("VD: Kết nối iOffice")})
    read_only = BooleanField(_l("Chỉ đọc (không được thay đổi dữ liệu)"))
