"""The coordinators' side of secret links, on the assignment page: send a new link to the
body's contact address (the old one stops working), revoke one."""
from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from tracker.assignments.queries import get_assignment
from tracker.core import permissions
from tracker.core.time import utcnow
from tracker.core.web import handle_form
from tracker.extensions import db
from tracker.links import operations
from tracker.links.models import AssignmentLink
from tracker.reminders.delivery import deliver_now, delivery_message

bp = Blueprint("link_manage", __name__, url_prefix="/assignments")


@bp.before_request
@login_required
def _signed_in():
    pass


def _assignment(assignment_id: int):
    assignment = get_assignment(current_user, assignment_id)
    if assignment is None:
        abort(404)
    permissions.ensure(permissions.can_manage_links(current_user, assignment))
    return assignment


def _back(assignment_id: int):
    return redirect(url_for("assignments.show", assignment_id=assignment_id) + "#links")


def _flash_errors(form) -> None:
    for errors in form.errors.values():
        for message in errors:
            flash(message, "danger")
    for message in form.form_errors:
        flash(message, "danger")


@bp.post("/<int:assignment_id>/links/send")
def send(assignment_id: int):
    """Mail the body a new secret link now (whatever cannot go now waits in the outbox)."""
    assignment = _assignment(assignment_id)
    form = FlaskForm()

    def done(row):
        flash(*delivery_message(deliver_now([row.id], now=utcnow())))
        return _back(assignment_id)
    response, _status = handle_form(form, lambda: operations.send_link_again(
        assignment, assignment.body, actor=current_user, now=utcnow()), done)
    if response is None:
        _flash_errors(form)
        return _back(assignment_id)
    return response


@bp.post("/<int:assignment_id>/links/<int:link_id>/revoke")
def revoke(assignment_id: int, link_id: int):
    """The link answers 410 from now on."""
    assignment = _assignment(assignment_id)
    link = db.session.get(AssignmentLink, link_id)
    if link is None or link.assignment_id != assignment.id:
        abort(404)
    form = FlaskForm()
    response, _status = handle_form(form, lambda: operations.revoke_link(
        link, actor=current_user, now=utcnow()), lambda _: (
        flash(gettext("Đã thu hồi đường dẫn %(id)s.", id=link.public_id), "success"),
        _back(assignment_id))[1])
    if response is None:
        _flash_errors(form)
        return _back(assignment_id)
    return response
