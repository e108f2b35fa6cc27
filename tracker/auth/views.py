"""Login, logout and the user's own profile."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required, login_user, logout_user

from tracker.auth.forms import LoginForm, MailPreferencesForm, PasswordForm
from tracker.auth.operations import (
    TooManyAttempts, authenticate, change_password, update_mail_preferences,
)
from tracker.core.errors import ValidationError
from tracker.core.forms import apply_domain_errors
from tracker.core.time import utcnow
from tracker.core.web import handle_form, safe_next
from tracker.extensions import db

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with email and password; failures are counted and locked out."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = authenticate(form.email.data, form.password.data,
                                remote_addr=request.remote_addr or "", now=utcnow())
        except TooManyAttempts:
            db.session.rollback()
            abort(429, description=gettext("Đăng nhập sai quá nhiều lần. Vui lòng thử lại "
                                           "sau 15 phút hoặc liên hệ quản trị."))
        db.session.commit()
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next"), url_for("main.home")))
        form.password.errors.append(gettext("Email hoặc mật khẩu không đúng."))
        status = 401
    elif form.is_submitted():
        status = 422
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    """Sign out (POST only: no state change on GET)."""
    logout_user()
    flash(gettext("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """The user's own account, mail preferences and password change."""
    form = PasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current_password.data, form.new_password.data,
                            now=utcnow())
        except ValidationError as error:
            db.session.rollback()
            apply_domain_errors(form, error)
            status = error.status
        else:
            db.session.commit()
            flash(gettext("Đã đổi mật khẩu."), "success")
            return redirect(url_for("auth.profile"))
    elif form.is_submitted():
        status = 422
    return _profile_page(form, status=status)


def _profile_page(form=None, mail_form=None, status=200):
    mail_form = mail_form or MailPreferencesForm(obj=current_user)
    return render_template("auth/profile.html", form=form or PasswordForm(),
                           mail_form=mail_form), status


@bp.post("/profile/mail")
@login_required
def mail_preferences():
    """Turn single reminder mails off, or choose one daily digest instead."""
    form = MailPreferencesForm()

    def done(_):
        flash(gettext("Đã lưu lựa chọn nhận thư."), "success")
        return redirect(url_for("auth.profile"))
    response, status = handle_form(form, lambda: update_mail_preferences(
        current_user, {"reminder_mails": form.reminder_mails.data,
                       "daily_digest": form.daily_digest.data}, now=utcnow()), done)
    return response or _profile_page(mail_form=form, status=status)
