"""Task pages: derive from a directive (sơ kết / tổng kết proposed, periodic reports), list,
show with assignments, edit, assign to bodies, import from Excel."""
import io

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required

from tracker.assignments.queries import assignments_of_task
from tracker.assignments.state import state_of
from tracker.bodies.picker import search_args
from tracker.bodies.queries import bodies_for_assignment
from tracker.chain import queries as chain_queries
from tracker.core import permissions
from tracker.core.errors import ValidationError
from tracker.core.forms import apply_domain_errors
from tracker.core.time import format_date, utcnow, vn_today
from tracker.core.web import handle_form, int_or_none, paginate, sort_param
from tracker.directives.queries import get_directive
from tracker.extensions import db
from tracker.figures.queries import task_section
from tracker.history.queries import history_of
from tracker.imports.pending import claim_pending, discard_pending, keep_pending
from tracker.tasks import importer, queries
from tracker.tasks.forms import (
    AssignForm,
    ConfirmImportForm,
    ImportSheetForm,
    PeriodicTaskForm,
    TaskForm,
)
from tracker.tasks.models import REVIEW_KINDS, TASK_KINDS
from tracker.tasks.operations import (
    REVIEW_YEARS,
    assign_bodies,
    create_periodic_tasks,
    create_task,
    is_review_years,
    lead_among,
    propose_review,
    update_task,
)

bp = Blueprint("tasks", __name__, url_prefix="/tasks")
# Deriving tasks starts on a directive's page, and these pages keep its address.
from_directive = Blueprint("directive_tasks", __name__,
                           url_prefix="/directives/<int:directive_id>/tasks")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.before_request
@from_directive.before_request
@login_required
def _signed_in():
    pass


def _load(task_id: int):
    task = queries.get_task(current_user, task_id)
    if task is None:
        abort(404)
    return task


def _assign_form(task, form=None):
    """The assign form and its body picker (None for who may not assign)."""
    form = form or AssignForm()
    picker = None
    if permissions.can_manage_task(current_user, task):
        picker = queries.assign_picker(
            current_user, task, url=url_for("tasks.assignable", task_id=task.id),
            inline_max=current_app.config["BODY_PICKER_INLINE_MAX"],
            selected_ids=form.body_ids.data if form.is_submitted() else ())
    leads = (picker.inline if picker.inline is not None else picker.selected) if picker else []
    form.lead_id.choices = [(0, gettext("— Không có —"))] + [(b.id, b.name) for b in leads]
    return form, picker


@bp.get("/")
def index():
    """Tasks in scope, searchable and sortable."""
    sort, descending = sort_param(queries.SORTS, "due_on")
    kind = request.args.get("kind", "")
    stmt, count = queries.task_page_query(
        current_user, query=request.args.get("q", ""), kind=kind if kind in TASK_KINDS else "",
        sort=sort, descending=descending)
    return render_template("tasks/index.html", page=paginate(stmt, count=count), sort=sort,
                           descending=descending, kinds=TASK_KINDS,
                           can_import=permissions.is_coordinator(current_user))


@bp.get("/<int:task_id>")
def show(task_id: int):
    """A task, its assignments with derived state, and the form to assign more bodies."""
    task = _load(task_id)
    form, picker = _assign_form(task)
    return _render_show(task, form, picker)


@bp.get("/<int:task_id>/bodies")
def assignable(task_id: int):
    """JSON for the assign form's picker: a page of the bodies in scope not yet given the
    task, matching the words typed, the kind and the level."""
    task = _load(task_id)
    permissions.ensure(permissions.can_manage_task(current_user, task))
    return queries.assignable_bodies(current_user, task, **search_args(request.args))


def _render_show(task, form, picker, status=200):
    today = vn_today()
    rows = [(a, state_of(a, today)) for a in assignments_of_task(current_user, task)]
    return render_template(
        "tasks/show.html", task=task, rows=rows, form=form, picker=picker, today=today,
        history=history_of("task", task.id),
        completion=chain_queries.completion_by_kind(current_user, task, today),
        completion_sentence=chain_queries.completion_sentence,
        chain_steps=chain_queries.breadcrumb(current_user, task),
        figures=task_section(current_user, task,
                             permissions.can_manage_task(current_user, task)),
        can_manage=permissions.can_manage_task(current_user, task)), status


@bp.post("/<int:task_id>/assign")
def assign(task_id: int):
    """Assign the task to the bodies picked (one by one or by kind and level)."""
    task = _load(task_id)
    permissions.ensure(permissions.can_manage_task(current_user, task))
    form = AssignForm()

    def action():
        bodies, missing = bodies_for_assignment(
            current_user, form.body_ids.data or [], kind=form.pick_kind.data or "",
            level=form.pick_level.data or "")
        if missing:
            raise ValidationError({"body_ids": gettext(
                "Đơn vị được giao: không tìm thấy đơn vị đã chọn hoặc đơn vị ngoài phạm vi.")})
        return assign_bodies(task, bodies, lead=lead_among(bodies, form.lead_id.data),
                             due_on=form.due_on.data,
                             actor=current_user, now=utcnow(), directive=task.directive)

    def done(created):
        flash(ngettext("Đã giao nhiệm vụ cho %(num)s đơn vị.",
                       "Đã giao nhiệm vụ cho %(num)s đơn vị.", len(created)), "success")
        return redirect(url_for("tasks.show", task_id=task.id))

    response, status = handle_form(form, action, done)
    if response is not None:
        return response
    # A refused save rolled the session back, expiring what was loaded: load it again.
    task = _load(task_id)
    return _render_show(task, *_assign_form(task, form), status)


@bp.route("/<int:task_id>/edit", methods=["GET", "POST"])
def edit(task_id: int):
    """Edit a task's title, description and default deadline."""
    task = _load(task_id)
    permissions.ensure(permissions.can_manage_task(current_user, task))
    form = TaskForm(obj=task)
    form.kind.choices = [(task.kind, task.kind_label)]
    if not form.is_submitted():
        form.version.data = task.version

    def done(_):
        flash(gettext("Đã lưu thay đổi."), "success")
        return redirect(url_for("tasks.show", task_id=task.id))

    response, status = handle_form(
        form, lambda: update_task(task, task.directive, form.data_for_operation(),
                                  version=int_or_none(form.version.data), actor=current_user,
                                  now=utcnow()), done)
    return response or (render_template("tasks/edit.html", form=form, task=task,
                                        review=task.kind in REVIEW_KINDS), status)


# ---- import from Excel -----------------------------------------------------------------

def _import_page(form, status=200):
    columns = importer.COLUMNS
    return render_template(
        "tasks/import.html", form=form, columns=columns, kinds=importer.KIND_LABELS,
        required=[columns[field] for field in importer.REQUIRED_COLUMNS],
        max_rows=importer.MAX_ROWS, max_mb=importer.MAX_FILE_BYTES // (1024 * 1024)), status


def _preview_page(preview, token=None):
    return render_template("tasks/import_preview.html", preview=preview,
                           form=ConfirmImportForm(token=token)), 200 if preview.ok else 422


@bp.get("/proposal")
def proposal():
    """JSON for the task form: the conventional title and due date of a sơ kết / tổng kết
    of a directive after N years (tasks.operations.propose_review), so the browser never
    restates the rule. Reads only; the same scope and role as the form."""
    directive = get_directive(current_user, int_or_none(request.args.get("directive_id")) or 0)
    if directive is None:
        abort(404)
    permissions.ensure(permissions.is_coordinator(current_user))
    kind, years = request.args.get("kind", ""), int_or_none(request.args.get("years"))
    if kind not in REVIEW_KINDS or not is_review_years(years):
        return {"error": gettext("Số năm: từ %(low)s đến %(high)s, với sơ kết hoặc tổng kết.",
                                 low=REVIEW_YEARS[0], high=REVIEW_YEARS[1])}, 422
    title, due = propose_review(directive, kind, years)
    return {"title": title, "due_on": format_date(due)}


@bp.get("/import")
def import_form():
    """The form to import tasks and their assignments from an Excel sheet."""
    permissions.ensure(permissions.is_coordinator(current_user))
    return _import_page(ImportSheetForm())


@bp.post("/import")
def import_preview():
    """Check an uploaded sheet and show every row with its errors; nothing is written."""
    permissions.ensure(permissions.is_coordinator(current_user))
    form = ImportSheetForm()
    if not form.validate_on_submit():
        return _import_page(form, 422)
    try:
        content = importer.read_upload(form.file.data)
        rows = importer.sheet_rows(content)
    except ValidationError as error:
        apply_domain_errors(form, error)
        return _import_page(form, error.status)
    preview = importer.preview_import(rows, actor=current_user)
    token = None
    if preview.ok:  # kept for the confirmation, so that it imports what was checked
        token = keep_pending(content, kind="tasks", user_id=current_user.id, now=utcnow())
        db.session.commit()
    return _preview_page(preview, token)


@bp.post("/import/confirm")
def import_confirm():
    """Write every row of the previewed sheet with its assignments, or none of them."""
    permissions.ensure(permissions.is_coordinator(current_user))
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    # Claimed in the transaction that imports: a second confirmation at the same time
    # waits for this one and then finds nothing (see tracker.imports.pending).
    content = claim_pending(form.token.data, kind="tasks", user_id=current_user.id,
                            now=utcnow())
    if content is None:  # unknown, expired, already imported, or another user's
        db.session.rollback()
        abort(404)
    try:
        result = importer.import_tasks(importer.sheet_rows(content), actor=current_user,
                                       now=utcnow())
    except importer.ImportRejected as rejected:  # the data changed since the preview
        page = _preview_page(rejected.preview)  # before the rollback expires what it shows
        db.session.rollback()
        discard_pending(form.token.data, kind="tasks", user_id=current_user.id)
        db.session.commit()
        return page
    db.session.commit()
    flash(gettext("Đã nhập %(tasks)s nhiệm vụ, %(assignments)s phân công.",
                  tasks=len(result.tasks), assignments=len(result.assignments)), "success")
    return redirect(url_for("tasks.index"))


@bp.get("/import/template.xlsx")
def import_template():
    """The import template: the headings and two example rows from real directives."""
    permissions.ensure(permissions.is_coordinator(current_user))
    return send_file(io.BytesIO(importer.template_workbook()), mimetype=XLSX_MIMETYPE,
                     as_attachment=True, download_name="mau-nhap-nhiem-vu.xlsx")


def _directive(directive_id: int):
    """The directive a task is derived from: 404 outside the user's scope, then 403 for
    anyone but a coordinator."""
    directive = get_directive(current_user, directive_id)
    if directive is None:
        abort(404)
    permissions.ensure(permissions.is_coordinator(current_user))
    return directive


@from_directive.route("/new", methods=["GET", "POST"])
def new_task(directive_id: int):
    """Derive a task; for sơ kết / tổng kết the title and due date are proposed."""
    directive = _directive(directive_id)
    form = TaskForm()
    if not form.is_submitted():
        kind = request.args.get("kind", "so_ket")
        form.kind.data = kind if kind in dict(form.kind.choices) else "khac"
        if form.kind.data in REVIEW_KINDS:
            years = int_or_none(request.args.get("years")) or 3
            years = min(max(years, REVIEW_YEARS[0]), REVIEW_YEARS[1])
            form.review_years.data = years
            form.title.data, form.due_on.data = propose_review(directive, form.kind.data, years)

    def done(task):
        flash(gettext("Đã tạo nhiệm vụ. Hãy giao nhiệm vụ cho các đơn vị."), "success")
        return redirect(url_for("tasks.show", task_id=task.id))

    response, status = handle_form(
        form, lambda: create_task(directive, form.data_for_operation(), actor=current_user,
                                  now=utcnow()), done)
    return response or (render_template("tasks/new.html", form=form, directive=directive,
                                        review_kinds=REVIEW_KINDS), status)


@from_directive.route("/periodic", methods=["GET", "POST"])
def new_periodic(directive_id: int):
    """Create one periodic report task per period over a span of years."""
    directive = _directive(directive_id)
    form = PeriodicTaskForm()
    if not form.is_submitted():
        year = vn_today().year
        form.first_year.data, form.last_year.data = year, year + 1

    def done(tasks):
        flash(ngettext("Đã tạo %(num)s nhiệm vụ báo cáo định kỳ.",
                       "Đã tạo %(num)s nhiệm vụ báo cáo định kỳ.", len(tasks)), "success")
        return redirect(url_for("directives.show", directive_id=directive.id))

    response, status = handle_form(
        form, lambda: create_periodic_tasks(directive, form.data_for_operation(),
                                            actor=current_user, now=utcnow()), done)
    return response or (render_template("tasks/periodic.html", form=form,
                                        directive=directive), status)
