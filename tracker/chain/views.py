"""Chain pages: the form to forward an assignment to the body's own bodies, and the chain
of one task level by level."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required

from tracker.bodies.picker import search_args
from tracker.chain import queries
from tracker.chain.forms import ForwardForm
from tracker.chain.operations import forward_assignment, propose_sub_deadline
from tracker.core import permissions
from tracker.core.time import utcnow, vn_today
from tracker.core.web import handle_form
from tracker.reminders.queries import work_calendar
from tracker.tasks.operations import lead_among

bp = Blueprint("chain", __name__)


@bp.before_request
@login_required
def _signed_in():
    pass


def _forwardable(assignment_id: int):
    assignment = queries.assignment_for_forward(current_user, assignment_id)
    if assignment is None:
        abort(404)
    permissions.ensure(permissions.can_forward(current_user, assignment))
    return assignment


def _picker(assignment, form):
    picker = queries.forward_picker(
        assignment, url=url_for("chain.targets", assignment_id=assignment.id),
        inline_max=current_app.config["BODY_PICKER_INLINE_MAX"],
        selected_ids=form.body_ids.data if form.is_submitted() else ())
    leads = picker.inline if picker.inline is not None else picker.selected
    form.lead_id.choices = [(0, gettext("— Không có —"))] + [(b.id, b.name) for b in leads]
    return picker


def _form(assignment):
    form = ForwardForm()
    if not form.is_submitted():
        form.title.data = assignment.task.title
        form.description.data = assignment.task.description
        form.due_on.data = propose_sub_deadline(
            assignment, today=vn_today(), calendar=work_calendar(),
            lead_days=current_app.config["FORWARD_LEAD_WORKING_DAYS"])
    return form


def forward_data(assignment, ids, kind, level, lead_id, values) -> dict:
    """The operation's input from picked ids, kind and level: 404 for a body outside the
    assignment body's subtree."""
    bodies, missing = queries.bodies_to_forward(assignment, ids or [], kind=kind or "",
                                                level=level or "")
    if missing:
        abort(404)
    return {**values, "bodies": bodies, "lead": lead_among(bodies, lead_id)}


@bp.route("/assignments/<int:assignment_id>/forward", methods=["GET", "POST"])
def forward(assignment_id: int):
    """Giao tiếp cho cấp dưới: a sub-task of this assignment for the body's own bodies."""
    assignment = _forwardable(assignment_id)
    form = _form(assignment)

    def action():
        data = forward_data(
            assignment, form.body_ids.data, form.pick_kind.data, form.pick_level.data,
            form.lead_id.data, {"title": form.title.data, "description": form.description.data,
                                "due_on": form.due_on.data})
        forward_assignment(assignment, data, actor=current_user, now=utcnow())
        return len(data["bodies"])

    def done(count):
        flash(ngettext("Đã giao tiếp cho %(num)s đơn vị cấp dưới.",
                       "Đã giao tiếp cho %(num)s đơn vị cấp dưới.", count), "success")
        return redirect(url_for("assignments.show", assignment_id=assignment.id))

    response, status = handle_form(form, action, done)
    if response is not None:
        return response
    if status != 200:  # a refused save rolled the session back: load again
        assignment = _forwardable(assignment_id)
    return render_template("chain/forward.html", a=assignment, form=form,
                           picker=_picker(assignment, form),
                           lead_days=current_app.config["FORWARD_LEAD_WORKING_DAYS"]), status


@bp.get("/assignments/<int:assignment_id>/forward/bodies")
def targets(assignment_id: int):
    """JSON for the forward form's picker: a page of the bodies below the assignment's
    body matching the words typed, the kind and the level."""
    assignment = _forwardable(assignment_id)
    return queries.forward_targets(assignment, **search_args(request.args))


@bp.get("/tasks/<int:task_id>/chain")
def chain(task_id: int):
    """The chain of a task from its top: each level with its completion, and drill-down."""
    top = queries.chain_top(current_user, task_id)
    if top is None:
        abort(404)
    today = vn_today()
    return render_template("chain/chain.html", chain=queries.chain_of(current_user, top, today),
                           today=today, sentence=queries.completion_sentence)
