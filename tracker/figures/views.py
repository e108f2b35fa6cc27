"""Figure pages: the template library, a template's editor, a task's template, the figure
form of an assignment, and the roll-ups of a task and of a forwarded assignment."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from tracker.assignments.can import acting_as
from tracker.assignments.queries import get_assignment
from tracker.assignments.state import is_editable
from tracker.bodies.models import BODY_KINDS, BODY_LEVELS
from tracker.core import permissions
from tracker.core.errors import DomainError, edit_conflicts
from tracker.core.time import utcnow
from tracker.core.web import int_or_none
from tracker.extensions import db
from tracker.figures import editor, operations, queries, tables, templates
from tracker.figures.indicators import SOURCES, TYPES, format_value
from tracker.figures.library import LIBRARY
from tracker.figures.rollup import rollup_of_assignment, rollup_of_task
from tracker.tasks.queries import get_task

bp = Blueprint("figures", __name__)


@bp.before_request
@login_required
def _signed_in():
    pass


def _commit(action, on_error):
    """Run a write; commit, or roll back and hand the errors to `on_error(errors, status)`."""
    try:
        with edit_conflicts():
            result = action()
    except DomainError as error:
        db.session.rollback()
        return on_error(error.errors, error.status)
    db.session.commit()
    return result


def _assignment(assignment_id: int):
    assignment = get_assignment(current_user, assignment_id)
    if assignment is None:
        abort(404)
    return assignment


def _task(task_id: int):
    task = get_task(current_user, task_id)
    if task is None:
        abort(404)
    return task


def _template(template_id: int):
    template = queries.get_template(current_user, template_id)
    if template is None:
        abort(404)
    return template


# ---- templates ---------------------------------------------------------------------------

@bp.get("/figure-templates/")
def template_list():
    """The shipped library and the templates of the user's Ban and of the Bans above."""
    mine = queries.visible_templates(current_user)
    versions = queries.current_versions([t.id for t in mine])
    return render_template("figures/templates.html", library=LIBRARY, templates=mine,
                           versions=versions, can_copy=permissions.is_coordinator(current_user))


@bp.post("/figure-templates/library/<key>/copy")
def copy_library(key: str):
    """Copy a library template into the user's Ban."""
    permissions.ensure(permissions.is_coordinator(current_user))
    if key not in LIBRARY:
        abort(404)
    template = templates.copy_library_template(key, actor=current_user, now=utcnow())
    db.session.commit()
    flash(gettext("Đã sao chép biểu mẫu; có thể sửa cho phù hợp."), "success")
    return redirect(url_for("figures.edit_template", template_id=template.id))


@bp.post("/figure-templates/<int:template_id>/copy")
def copy(template_id: int):
    """Copy a template the user can read (e.g. the central Ban's) into their Ban."""
    permissions.ensure(permissions.is_coordinator(current_user))
    template = templates.copy_template(_template(template_id), actor=current_user,
                                       now=utcnow())
    db.session.commit()
    flash(gettext("Đã sao chép biểu mẫu; có thể sửa cho phù hợp."), "success")
    return redirect(url_for("figures.edit_template", template_id=template.id))


@bp.route("/figure-templates/<int:template_id>", methods=["GET", "POST"])
def edit_template(template_id: int):
    """A template's indicators: read by all in scope, edited by its Ban's coordinators."""
    template = _template(template_id)
    can_edit = permissions.can_edit_template(current_user, template)
    version = queries.current_versions([template.id])[template.id]
    rows, errors, status = editor.rows_of(version.indicators), {}, 200
    if request.method == "POST":
        permissions.ensure(can_edit)
        rows = editor.rows_from_form(request.form)
        data = {"name": request.form.get("name"), "description": request.form.get(
            "description"), "indicators": editor.definition(rows, version.indicators)}

        def failed(errs, code):
            errors.update(errs)
            return None, code
        result = _commit(lambda: templates.update_template(
            template, data, version=int_or_none(request.form.get("version")),
            actor=current_user, now=utcnow()), failed)
        if not isinstance(result, tuple):
            flash(gettext("Đã lưu biểu mẫu."), "success")
            return redirect(url_for("figures.edit_template", template_id=template_id))
        status = result[1]
        template = _template(template_id)
    return render_template("figures/edit.html", template=template, version=version,
                           rows=rows + [editor.blank_row()] * (3 if can_edit else 0),
                           errors=errors, can_edit=can_edit, types=TYPES, sources=SOURCES,
                           form=request.form if request.method == "POST" else None), status


@bp.post("/tasks/<int:task_id>/figure-template")
def attach(task_id: int):
    """Give a task its figure form (a library template is copied into the Ban first)."""
    task = _task(task_id)
    permissions.ensure(permissions.can_manage_task(current_user, task))
    choice = request.form.get("template", "")
    now = utcnow()

    def action():
        if choice.startswith("library:"):
            key = choice.removeprefix("library:")
            if key not in LIBRARY:
                abort(404)
            template = templates.copy_library_template(key, actor=current_user, now=now)
        elif choice:
            template = _template(int_or_none(choice) or 0)
        else:
            template = None
        templates.attach_template(task, template, actor=current_user, now=now)
        return True

    def failed(errs, code):
        for message in errs.values():
            flash(message, "danger")
        return False
    if _commit(action, failed):
        flash(gettext("Đã gắn biểu mẫu số liệu cho nhiệm vụ."), "success")
    return redirect(url_for("tasks.show", task_id=task_id))


# ---- the figure form ---------------------------------------------------------------------

@bp.route("/assignments/<int:assignment_id>/figure-form", methods=["GET", "POST"])
def form(assignment_id: int):
    """The figure form of one assignment, on one page."""
    assignment = _assignment(assignment_id)
    can_fill = permissions.can_enter_figures(current_user, assignment)
    errors, typed, status = {}, None, 200
    if request.method == "POST":
        # Only the indicators, to read the inputs: the operation loads the form's state.
        task_form = queries.form_of_task(assignment.task_id)
        if task_form is None:
            abort(404)
        permissions.ensure(can_fill)
        typed = dict(request.form)

        def failed(errs, code):
            errors.update(errs)
            return code
        result = _commit(lambda: operations.save_figures(
            assignment, editor.form_values(request.form, task_form),
            version=int_or_none(request.form.get("version")),
            actor=acting_as(current_user, assignment), now=utcnow()), failed)
        if not isinstance(result, int):
            flash(gettext("Đã lưu biểu mẫu số liệu.") if result else
                  gettext("Không có thay đổi nào."), "success" if result else "info")
            return redirect(url_for("figures.form", assignment_id=assignment_id))
        status = result
        assignment = _assignment(assignment_id)
    state = queries.assignment_form(assignment)
    if state is None:
        abort(404)
    return render_template("figures/form.html", a=assignment, state=state, errors=errors,
                           typed=typed, can_fill=can_fill and is_editable(
                           assignment.status), format_value=format_value,
                           forwarded=queries.is_forwarded(assignment.id),
                           on_behalf=can_fill and permissions.can_act_for(
                               current_user, assignment)), status


# ---- roll-ups ----------------------------------------------------------------------------

def _labels(roll) -> dict:
    levels = sorted(roll.by_level)
    return {"body_levels": BODY_LEVELS, "body_kinds": BODY_KINDS, "levels": levels,
            "sums": tables.sums_table(roll, levels), "kinds": tables.kinds_table(roll),
            "bodies": tables.bodies_table(roll)}


@bp.get("/tasks/<int:task_id>/rollup")
def task_rollup(task_id: int):
    """The sums of a task's accepted figures across its assignees."""
    task = _task(task_id)
    roll = rollup_of_task(current_user, task)
    return render_template("figures/rollup.html", roll=roll, task=task, a=None,
                           can_adopt=False, **_labels(roll))


@bp.get("/assignments/<int:assignment_id>/rollup")
def assignment_rollup(assignment_id: int):
    """The sums of the accepted figures of the bodies this assignment was forwarded to."""
    assignment = _assignment(assignment_id)
    roll = rollup_of_assignment(current_user, assignment)
    can_adopt = permissions.can_fill_figures(current_user, assignment) \
        and is_editable(assignment.status) and roll.form is not None
    return render_template("figures/rollup.html", roll=roll, task=assignment.task,
                           a=assignment, can_adopt=can_adopt, **_labels(roll))


@bp.post("/assignments/<int:assignment_id>/rollup/adopt")
def adopt(assignment_id: int):
    """The forwarding body takes the roll-up as its own figures (then edits, submits up)."""
    assignment = _assignment(assignment_id)
    permissions.ensure(permissions.can_fill_figures(current_user, assignment))

    def failed(errs, code):
        for message in errs.values():
            flash(message, "danger")
        return None
    if _commit(lambda: operations.adopt_rollup(
            assignment, version=int_or_none(request.form.get("version")),
            actor=current_user, now=utcnow()), failed) is not None:
        flash(gettext("Đã lấy số liệu tổng hợp làm số liệu của đơn vị; có thể sửa trước khi "
                      "nộp báo cáo."), "success")
        return redirect(url_for("figures.form", assignment_id=assignment_id))
    return redirect(url_for("figures.assignment_rollup", assignment_id=assignment_id))
