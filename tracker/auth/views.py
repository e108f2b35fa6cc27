"""Login, logout and the user's own profile."""
import math

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required

from tracker.auth.forms import EventMailsForm, LoginForm, MailPreferencesForm, PasswordForm
from tracker.auth.operations import (
    TooManyAttempts,
    authenticate,
    change_password,
    end_sessions,
    event_mail_choices,
    event_mails_always_sent,
    update_event_mail_preferences,
    update_mail_preferences,
)
from tracker.auth.sessions import sign_in, sign_out
from tracker.core.errors import ValidationError
from tracker.core.forms import apply_domain_errors
from tracker.core.time import utcnow
from tracker.core.web import handle_form, safe_next
from tracker.extensions import db
from tracker.feeds.operations import create_feed, revoke_feed
from tracker.feeds.queries import active_feed, own_feed

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with email and password; repeated failures are slowed, then locked out, for
    their (account, address) pair only."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        now = utcnow()
        try:
            user = authenticate(form.email.data, form.password.data,
                                remote_addr=request.remote_addr or "", now=now)
        except TooManyAttempts as refused:
            db.session.rollback()
            return _too_many_attempts(refused, now)
        db.session.commit()
        if user is not None:
            sign_in(user, remember=form.remember.data, now=now)
            return redirect(safe_next(request.args.get("next"), url_for("main.home")))
        form.password.errors.append(gettext("Email hoặc mật khẩu không đúng."))
        status = 401
    elif form.is_submitted():
        status = 422
    return render_template("auth/login.html", form=form), status


def _too_many_attempts(refused: TooManyAttempts, now):
    """429 with the wait: locked after many failures, or the growing delay between two."""
    seconds = max(1, math.ceil((refused.until - now).total_seconds()))
    if seconds <= 90:
        wait = ngettext("%(num)s giây", "%(num)s giây", seconds)
    else:
        wait = ngettext("%(num)s phút", "%(num)s phút", math.ceil(seconds / 60))
    if refused.locked:
        message = gettext("Đăng nhập sai nhiều lần từ máy này. Vui lòng thử lại sau %(wait)s "
                          "hoặc liên hệ quản trị.", wait=wait)
    else:
        message = gettext("Mật khẩu vừa nhập sai: vui lòng chờ %(wait)s rồi thử lại (mỗi lần "
                          "sai, thời gian chờ tăng gấp đôi).", wait=wait)
    response = make_response(render_template(
        "errors/error.html", status=429, title=gettext("Thử quá nhiều lần"),
        message=message), 429)
    response.headers["Retry-After"] = str(seconds)
    return response


@bp.post("/logout")
@login_required
def logout():
    """Sign out everywhere (POST only: no state change on GET): every session and remember
    cookie of this user stops working."""
    end_sessions(current_user)
    db.session.commit()
    sign_out()
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
            # This browser stays signed in, with the new generation.
            sign_in(current_user._get_current_object(), remember=False, now=utcnow())
            flash(gettext("Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất."),
                  "success")
            return redirect(url_for("auth.profile"))
    elif form.is_submitted():
        status = 422
    return _profile_page(form, status=status)


def _profile_page(form=None, mail_form=None, status=200, new_feed_url=None, event_form=None):
    mail_form = mail_form or MailPreferencesForm(obj=current_user)
    response = make_response(render_template(
        "auth/profile.html", form=form or PasswordForm(), mail_form=mail_form,
        event_form=event_form or EventMailsForm(obj=current_user),
        event_choices=event_mail_choices(current_user),
        returned_mail_always="returned" in event_mails_always_sent(current_user),
        feed=active_feed(current_user), new_feed_url=new_feed_url),
        status)
    if new_feed_url:  # a secret shown once is never kept by a cache
        response.headers["Cache-Control"] = "no-store"
    return response


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


@bp.post("/profile/event-mails")
@login_required
def event_mail_preferences():
    """Turn each kind of mail on events of the user's role on or off."""
    form = EventMailsForm()

    def done(_):
        flash(gettext("Đã lưu lựa chọn nhận thư báo sự kiện."), "success")
        return redirect(url_for("auth.profile"))
    response, status = handle_form(form, lambda: update_event_mail_preferences(
        current_user, {name: getattr(form, name).data
                       for name in event_mail_choices(current_user)}, now=utcnow()), done)
    return response or _profile_page(event_form=form, status=status)


@bp.post("/profile/calendar")
@login_required
def create_calendar_feed():
    """Create (or rotate) the secret address of the user's calendar; shown once."""
    _feed, secret = create_feed(current_user, now=utcnow())
    db.session.commit()
    url = current_app.config["BASE_URL"].rstrip("/") + url_for("feeds.calendar", secret=secret)
    return _profile_page(new_feed_url=url)


@bp.post("/profile/calendar/<int:feed_id>/revoke")
@login_required
def revoke_calendar_feed(feed_id: int):
    """Revoke the calendar address: it answers 404 from now on."""
    feed = own_feed(current_user, feed_id)
    if feed is None:
        abort(404)
    revoke_feed(feed, actor=current_user, now=utcnow())
    db.session.commit()
    flash(gettext("Đã thu hồi địa chỉ lịch."), "success")
    return redirect(url_for("auth.profile"))
