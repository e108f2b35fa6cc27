"""Login and password forms."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired


class LoginForm(FlaskForm):
    email = StringField("Email", validators=[DataRequired("Email: không được để trống.")])
    password = PasswordField("Mật khẩu",
                             validators=[DataRequired("Mật khẩu: không được để trống.")])
    remember = BooleanField("Ghi nhớ đăng nhập")


class PasswordForm(FlaskForm):
    current_password = PasswordField(
        "Mật khẩu hiện tại", validators=[DataRequired("Mật khẩu hiện tại: không được để trống.")])
    new_password = PasswordField(
        "Mật khẩu mới", validators=[DataRequired("Mật khẩu mới: không được để trống.")])
