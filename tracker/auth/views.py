"""Login, logout and the user's own profile."""
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required, login_user, logout_user

from tracker.auth.forms import LoginForm, PasswordForm
from tracker.auth.operations import TooManyAttempts, authenticate, change_password
from tracker.core.errors import ValidationError
from tracker.core.forms import apply_domain_errors
from tracker.core.time import utcnow
from tracker.extensions import db

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    if target and not urlsplit(target).netloc and target.startswith("/") \
            and not target.startswith("//"):
        return target
    return url_for("main.home")


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
            return redirect(_safe_next(request.args.get("next")))
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
    """The user's own account and password change."""
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
    return render_template("auth/profile.html", form=form), status
