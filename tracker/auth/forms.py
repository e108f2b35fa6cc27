"""Login, password and mail preference forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired

from tracker.auth.models import EVENT_MAIL_CHOICES


class LoginForm(FlaskForm):
    email = StringField(_l("Email"),
                        validators=[DataRequired(_l("Email: không được để trống."))])
    password = PasswordField(_l("Mật khẩu"),
                             validators=[DataRequired(_l("Mật khẩu: không được để trống."))])
    remember = BooleanField(_l("Ghi nhớ đăng nhập"))


class PasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Mật khẩu hiện tại"),
        validators=[DataRequired(_l("Mật khẩu hiện tại: không được để trống."))])
    new_password = PasswordField(
        _l("Mật khẩu mới"), validators=[DataRequired(_l("Mật khẩu mới: không được để trống."))])


class MailPreferencesForm(FlaskForm):
    reminder_mails = BooleanField(_l("Nhận thư nhắc hạn, quá hạn cho từng việc"))
    daily_digest = BooleanField(_l("Thay vào đó, nhận một thư tổng hợp mỗi ngày làm việc"))


class EventMailsForm(FlaskForm):
    """The switches of the mails on events; the page shows those of the user's role."""
    mail_on_submitted = BooleanField(EVENT_MAIL_CHOICES["mail_on_submitted"][1])
    mail_on_accepted = BooleanField(EVENT_MAIL_CHOICES["mail_on_accepted"][1])
    mail_on_extension = BooleanField(EVENT_MAIL_CHOICES["mail_on_extension"][1])
