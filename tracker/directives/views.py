"""Directive pages: list, register, show (with derived tasks), edit. Deriving a task from a
directive is a task page (tracker/tasks/views.py)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from tracker.core import permissions
from tracker.core.errors import ValidationError
from tracker.core.time import utcnow, vn_today
from tracker.core.web import handle_form, int_or_none, paginate, sort_param
from tracker.directives import queries
from tracker.directives.forms import DirectiveForm
from tracker.directives.models import DIRECTIVE_KINDS
from tracker.directives.operations import create_directive, update_directive
from tracker.history.queries import history_of
from tracker.tasks.queries import tasks_with_counts

bp = Blueprint("directives", __name__, url_prefix="/directives")


@bp.before_request
@login_required
def _signed_in():
    pass


def _load(directive_id: int):
    directive = queries.get_directive(current_user, directive_id)
    if directive is None:
        abort(404)
    return directive


def _chosen_parent(form):
    """The parent directive picked in the form, only among those the user may see."""
    if not form.parent_id.data:
        return None
    parent = queries.get_directive(current_user, form.parent_id.data)
    if parent is None:
        raise ValidationError({"parent_id": gettext(
            "Thực hiện văn bản: không tìm thấy văn bản đã chọn.")})
    return parent


@bp.get("/")
def index():
    """Directives in scope, searchable without diacritics, sortable, paginated."""
    sort, descending = sort_param(queries.SORTS, "-issued_on")
    kind = request.args.get("kind", "")
    stmt = queries.directive_list(current_user, query=request.args.get("q", ""),
                                  kind=kind if kind in DIRECTIVE_KINDS else "",
                                  sort=sort, descending=descending)
    return render_template("directives/index.html", page=paginate(stmt), sort=sort,
                           descending=descending, kinds=DIRECTIVE_KINDS)


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Register a directive."""
    permissions.ensure(permissions.can_register_directives(current_user))
    form = DirectiveForm()
    form.parent_id.choices = [(0, gettext("— Không —"))] + queries.parent_choices(current_user)

    def action():
        return create_directive(form.data_for_operation(_chosen_parent(form)),
                                actor=current_user, now=utcnow())

    def done(directive):
        flash(gettext("Đã đăng ký văn bản %(number)s.", number=directive.number), "success")
        return redirect(url_for("directives.show", directive_id=directive.id))

    response, status = handle_form(form, action, done)
    return response or (render_template("directives/form.html", form=form, directive=None),
                        status)


@bp.get("/<int:directive_id>")
def show(directive_id: int):
    """A directive, what it implements, what implements it, and its tasks' completion."""
    directive = _load(directive_id)
    return render_template(
        "directives/show.html", directive=directive,
        parent=queries.parent_of(current_user, directive),
        children=queries.child_directives(current_user, directive),
        tasks=tasks_with_counts(current_user, directive, vn_today()),
        history=history_of("directive", directive.id),
        can_edit=permissions.can_edit_directive(current_user, directive),
        can_derive=permissions.is_coordinator(current_user))


@bp.route("/<int:directive_id>/edit", methods=["GET", "POST"])
def edit(directive_id: int):
    """Edit a directive (conflicting saves are refused, not overwritten)."""
    directive = _load(directive_id)
    permissions.ensure(permissions.can_edit_directive(current_user, directive))
    form = DirectiveForm(obj=directive)
    form.parent_id.choices = [(0, gettext("— Không —"))] + queries.parent_choices(
        current_user, exclude_id=directive.id)
    if not form.is_submitted():
        form.parent_id.data = directive.parent_id or 0
        form.version.data = directive.version

    def action():
        return update_directive(directive, form.data_for_operation(_chosen_parent(form)),
                                version=int_or_none(form.version.data), actor=current_user,
                                now=utcnow())

    def done(_):
        flash(gettext("Đã lưu thay đổi."), "success")
        return redirect(url_for("directives.show", directive_id=directive.id))

    response, status = handle_form(form, action, done)
    return response or (render_template("directives/form.html", form=form,
                                        directive=directive), status)
