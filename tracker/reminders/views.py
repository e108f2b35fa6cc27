"""Admin pages for reminders: policy and holidays, the outbox, retries, a test mail."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from tracker.core import permissions
from tracker.core.errors import DomainError
from tracker.core.time import format_date, utcnow, vn_today
from tracker.core.web import handle_form, paginate
from tracker.extensions import db
from tracker.reminders import operations, queries
from tracker.reminders.delivery import deliver_now, delivery_message
from tracker.reminders.forms import WEEKDAYS, HolidayForm, PolicyForm, TestMailForm
from tracker.reminders.models import MAIL_KINDS, OUTBOX_STATUSES, POLICY_DEFAULTS, Holiday

bp = Blueprint("reminders", __name__, url_prefix="/admin/reminders")


@bp.before_request
@login_required
def _admins_only():
    if not permissions.can_administer(current_user):
        abort(404)


def _policy_page(policy_form=None, holiday_form=None, status=200):
    policy = queries.policy()
    if policy_form is None:
        policy_form = PolicyForm(obj=policy)
    return render_template(
        "reminders/policy.html", form=policy_form, holiday_form=holiday_form or HolidayForm(),
        holidays=queries.holidays(), weekdays=dict(WEEKDAYS),
        public=queries.public_holidays_around(vn_today()), defaults=POLICY_DEFAULTS,
        can_edit=permissions.can_edit_reminder_policy(current_user)), status


@bp.get("/")
def policy():
    """The reminder policy and the list of holidays."""
    return _policy_page()


@bp.post("/")
def save_policy():
    """Save the reminder policy (admins of the root body)."""
    permissions.ensure(permissions.can_edit_reminder_policy(current_user))
    form = PolicyForm()

    def done(_):
        flash(gettext("Đã lưu chính sách nhắc việc."), "success")
        return redirect(url_for("reminders.policy"))
    response, status = handle_form(form, lambda: operations.update_policy(
        form.data_for_operation(), actor=current_user, now=utcnow()), done)
    return response or _policy_page(policy_form=form, status=status)


@bp.post("/holidays")
def add_holiday():
    """Add a holiday."""
    permissions.ensure(permissions.can_edit_reminder_policy(current_user))
    form = HolidayForm()

    def done(days):
        flash(gettext("Đã thêm %(count)s ngày: %(first)s – %(last)s.", count=len(days),
                      first=format_date(days[0].day), last=format_date(days[-1].day)),
              "success")
        return redirect(url_for("reminders.policy"))
    response, status = handle_form(form, lambda: operations.add_holiday(
        form.day.data, form.name.data, until=form.until.data, working=form.working.data,
        actor=current_user, now=utcnow()), done)
    return response or _policy_page(holiday_form=form, status=status)


@bp.post("/holidays/<int:holiday_id>/delete")
def delete_holiday(holiday_id: int):
    """Remove a holiday (kept in the history)."""
    permissions.ensure(permissions.can_edit_reminder_policy(current_user))
    holiday = db.session.get(Holiday, holiday_id)
    if holiday is None:
        abort(404)
    operations.remove_holiday(holiday, actor=current_user, now=utcnow())
    db.session.commit()
    flash(gettext("Đã xóa ngày nghỉ."), "success")
    return redirect(url_for("reminders.policy"))


def _outbox_page(test_form=None, status_code=200):
    status = request.args.get("status", "")
    status = status if status in OUTBOX_STATUSES else ""
    counts = queries.outbox_counts(current_user)
    # The list's total is the counts' (one status's, or their sum), not counted again.
    shown = [counts[status]] if status in counts else [] if status else counts.values()
    total = (sum(n for n, _ in shown), all(exact for _, exact in shown))
    return render_template("reminders/outbox.html",
                           page=paginate(queries.outbox(current_user, status=status),
                                         count=lambda: total),
                           counts=counts, status=status,
                           statuses=OUTBOX_STATUSES, kinds=MAIL_KINDS,
                           test_form=test_form or TestMailForm()), status_code


@bp.get("/outbox")
def outbox():
    """Mails in the admin's scope: pending, sent, failed (with the reason)."""
    return _outbox_page()


@bp.post("/outbox/<int:mail_id>/retry")
def retry(mail_id: int):
    """Queue a failed mail again and try it at once."""
    mail = queries.get_mail(current_user, mail_id)
    if mail is None:
        abort(404)
    try:
        operations.retry_mail(mail, actor=current_user, now=utcnow())
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return redirect(url_for("reminders.outbox", status="failed"))
    db.session.commit()
    mail_id = mail.id
    flash(*delivery_message(deliver_now([mail_id], now=utcnow()),
                            queries.get_mail(current_user, mail_id)))
    return redirect(url_for("reminders.outbox"))


@bp.post("/test-mail")
def test_mail():
    """Send a test mail to check the SMTP settings."""
    form = TestMailForm()

    def done(row):
        flash(*delivery_message(deliver_now([row.id], now=utcnow())))
        return redirect(url_for("reminders.outbox"))
    response, status = handle_form(form, lambda: operations.queue_test_mail(
        form.email.data, actor=current_user, now=utcnow()), done)
    return response or _outbox_page(form, status)
