"""Assignment pages: the list (overdue first), the page where a unit reports and the Ban
reviews, file downloads."""
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from tracker.assignments import operations, queries
from tracker.assignments.badges import days_late_label, progress_label, state_badge
from tracker.assignments.can import acting_as, can, may_urge
from tracker.assignments.files import add_attachment, open_attachment
from tracker.assignments.forms import (
    FIGURE_SUGGESTIONS,
    DialogueForm,
    ExtendForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    FigureForm,
    FileForm,
    ProgressForm,
    ReassignForm,
    ReviewForm,
    SubmitForm,
    UrgeForm,
)
from tracker.assignments.models import ROLES, STATUSES
from tracker.assignments.state import STATE_STYLES, STATES, WAITING_STATUSES, days_overdue, state_of
from tracker.bodies.queries import bodies_near, get_body
from tracker.chain import queries as chain_queries
from tracker.core import permissions
from tracker.core.errors import ValidationError
from tracker.core.time import utcnow, vn_today
from tracker.core.web import (
    handle_form,
    int_or_none,
    keyset_page_of,
    paginate,
    safe_next,
    sort_param,
)
from tracker.figures.queries import assignment_links
from tracker.links.queries import links_of
from tracker.reminders.delivery import deliver_now, delivery_message
from tracker.reminders.operations import urge_assignment

bp = Blueprint("assignments", __name__, url_prefix="/assignments")


@bp.record_once
def _template_globals(setup) -> None:
    """The words of the assignment states and the badges of a row for every template
    (globals, not a context processor: imported macros see them too)."""
    setup.app.jinja_env.globals.update(
        STATES=STATES, STATE_STYLES=STATE_STYLES, STATUSES=STATUSES, ROLES=ROLES,
        WAITING_STATUSES=WAITING_STATUSES, state_badge=state_badge,
        progress_label=progress_label, days_late_label=days_late_label)


@bp.before_request
@login_required
def _signed_in():
    pass


def _load(assignment_id: int):
    assignment = queries.get_assignment(current_user, assignment_id)
    if assignment is None:
        abort(404)
    return assignment


@bp.get("/")
def index():
    """Assignments in scope: overdue first, then by deadline."""
    sort, descending = sort_param(queries.SORTS, "")
    state = request.args.get("state", "")
    today = vn_today()
    filters = {"query": request.args.get("q", ""), "state": state if state in STATES else "",
               "mine": request.args.get("mine") == "1"}
    stmt, count = queries.assignment_page_query(current_user, today, sort=sort,
                                                descending=descending, **filters)
    page = keyset_page_of(stmt, queries.list_order(sort, descending, filters["state"]),
                          count=count)
    rows = [(a, state_of(a, today), days_overdue(a, today)) for a in page.items]
    return render_template("assignments/index.html", page=page, rows=rows, sort=sort,
                           descending=descending)


def _forms(**kwargs):
    return {"progress": ProgressForm(prefix="p", **kwargs),
            "submit": SubmitForm(prefix="s", **kwargs), "file": FileForm(prefix="f", **kwargs),
            "figure": FigureForm(prefix="g", **kwargs),
            "dialogue": DialogueForm(prefix="d", **kwargs),
            "review": ReviewForm(prefix="r", **kwargs),
            "ext_request": ExtensionRequestForm(prefix="x", **kwargs),
            "ext_decision": ExtensionDecisionForm(prefix="y", **kwargs),
            "extend": ExtendForm(prefix="e", **kwargs), "urge": UrgeForm(prefix="u", **kwargs),
            "reassign": ReassignForm(prefix="t", **kwargs)}


def too_large_message() -> str:
    return gettext("Tệp đính kèm: dung lượng vượt quá %(mb)s MB.",
                   mb=current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024))


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error):
    """An upload over the limit answers on the assignment's page, next to the file field,
    not on a page of its own (the body was refused unread: nothing of it is kept)."""
    assignment_id = (request.view_args or {}).get("assignment_id")
    if request.endpoint != "assignments.upload" or not current_user.is_authenticated:
        return current_app.handle_http_exception(error)
    forms = _forms(formdata=None)  # the request's form is what was too large to read
    forms["file"].file.errors = [too_large_message()]
    return _render(_load(assignment_id), forms, 413, active="file")


def _render(assignment, forms=None, status=200, active=None):
    today = vn_today()
    forms = forms or _forms()
    for name in ("progress", "submit"):
        if name != active:
            forms[name].version.data = assignment.version
    if active != "progress":
        forms["progress"].progress.data = assignment.progress
    return render_template(
        "assignments/show.html", a=assignment, forms=forms,
        page=queries.assignment_page(assignment), state=state_of(assignment, today),
        days_overdue=days_overdue(assignment, today),
        can=can(current_user, assignment),
        chain_steps=chain_queries.breadcrumb(current_user, assignment.task),
        sub_tasks=chain_queries.sub_tasks_of(current_user, assignment, today),
        other_bodies=_other_bodies(assignment), figure_suggestions=FIGURE_SUGGESTIONS,
        active=active,
        figure_links=assignment_links(assignment),
        secret_links=links_of(assignment) if permissions.can_manage_links(
            current_user, assignment) else None), status


def _other_bodies(assignment):
    """Where a coordinator may move the assignment: the active bodies around it (under the
    same parent, within scope) — not a list of every body of the country."""
    if not can(current_user, assignment).reassign:
        return []
    return [b for b in bodies_near(current_user, assignment.body) if b.id != assignment.body_id]


def _inbox_count():
    """The reports waiting for the coordinator, (count, exact), counted once a request."""
    if "inbox_count" not in g:
        g.inbox_count = queries.inbox_count(current_user)
    return g.inbox_count


@bp.app_context_processor
def _menu_count():
    """The menu's "Chờ tiếp nhận" count, counted only when a coordinator's page asks."""
    return {"inbox_count": _inbox_count}


@bp.get("/inbox")
def inbox():
    """Chờ tiếp nhận: submitted reports the coordinator may accept, the oldest first."""
    permissions.ensure(permissions.is_coordinator(current_user))
    today = vn_today()
    page = paginate(queries.inbox(current_user), count=_inbox_count)
    rows = [(a, state_of(a, today), (today - a.submitted_on).days if a.submitted_on else 0)
            for a in page.items]
    return render_template("assignments/inbox.html", page=page, rows=rows)


@bp.get("/<int:assignment_id>")
def show(assignment_id: int):
    """One assignment: state, progress, files, figures, dialogues and its whole history."""
    return _render(_load(assignment_id))


def _post(assignment_id: int, form_name: str, allowed, action, message: str):
    """Shared POST handling of the assignment page's forms."""
    assignment = _load(assignment_id)
    if allowed is not None:  # None: the operation checks the permission itself
        permissions.ensure(allowed(assignment))
    forms = _forms()

    def done(_):
        flash(message, "success")
        return redirect(url_for("assignments.show", assignment_id=assignment.id))

    response, status = handle_form(forms[form_name], lambda: action(assignment, forms[form_name]),
                                   done)
    if response is not None:
        return response
    # A refused save rolled the session back, expiring what was loaded: load it again.
    return _render(_load(assignment_id), forms, status, active=form_name)


def _reporter(assignment):
    return permissions.can_report_on(current_user, assignment)


def _enterer(assignment):
    """Files and submission: the unit's officers, or a coordinator entering for it."""
    return permissions.can_enter_report(current_user, assignment)


def _manager(assignment):
    return permissions.can_manage_task(current_user, assignment.task)


@bp.post("/<int:assignment_id>/progress")
def progress(assignment_id: int):
    """The unit updates its progress with a note."""
    return _post(assignment_id, "progress", _reporter, lambda a, f: operations.update_progress(
        a, {"progress": f.progress.data, "note": f.note.data},
        version=int_or_none(f.version.data), actor=current_user, now=utcnow()),
        gettext("Đã cập nhật tiến độ."))


@bp.post("/<int:assignment_id>/submit")
def submit(assignment_id: int):
    """The unit submits its report to the Ban."""
    return _post(assignment_id, "submit", _enterer, lambda a, f: operations.submit_report(
        a, note=f.note.data, version=int_or_none(f.version.data), actor=acting_as(current_user, a),
        now=utcnow(), confirm_empty=f.confirm_empty.data == "1"),
        gettext("Đã nộp báo cáo. Ban Dân vận sẽ xem xét và tiếp nhận."))


@bp.post("/<int:assignment_id>/files")
def upload(assignment_id: int):
    """Attach a report file (pdf, doc, docx, xls, xlsx, odt, jpg, png)."""
    config = current_app.config
    return _post(assignment_id, "file", _enterer, lambda a, f: add_attachment(
        a, f.file.data, allowed=config["ALLOWED_UPLOAD_EXTENSIONS"],
        max_bytes=config["MAX_CONTENT_LENGTH"], actor=acting_as(current_user, a), now=utcnow()),
        gettext("Đã đính kèm tệp."))


def _attachment_or_error(assignment, attachment_id: int):
    attachment = queries.get_attachment(assignment, attachment_id)
    if attachment is None:
        raise ValidationError({"file": gettext("Tệp đính kèm: không tìm thấy.")})
    return attachment


@bp.post("/<int:assignment_id>/files/<int:attachment_id>/remove")
def remove_file(assignment_id: int, attachment_id: int):
    """Take a file off the report before it is submitted (the file is kept)."""
    return _post(assignment_id, "file", _enterer, lambda a, f: operations.remove_attachment(
        a, _attachment_or_error(a, attachment_id), actor=acting_as(current_user, a),
        now=utcnow()),
        gettext("Đã gỡ tệp khỏi báo cáo (tệp vẫn được lưu trong lịch sử)."))


@bp.post("/<int:assignment_id>/files/<int:attachment_id>/replace")
def replace_file(assignment_id: int, attachment_id: int):
    """Put another file in place of one added by mistake (the old one is kept)."""
    config = current_app.config

    def action(assignment, form):
        old = _attachment_or_error(assignment, attachment_id)
        operations.check_removable(assignment, old)  # before the new file is stored
        actor = acting_as(current_user, assignment)
        new = add_attachment(
            assignment, form.file.data, allowed=config["ALLOWED_UPLOAD_EXTENSIONS"],
            max_bytes=config["MAX_CONTENT_LENGTH"], actor=actor, now=utcnow())
        return operations.remove_attachment(assignment, old, actor=actor, now=utcnow(),
                                            replaced_by=new.original_name)
    return _post(assignment_id, "file", _enterer, action, gettext("Đã thay tệp đính kèm."))


@bp.get("/<int:assignment_id>/files/<int:attachment_id>")
def download(assignment_id: int, attachment_id: int):
    """Serve an attachment, as a download, to users who may see the assignment."""
    assignment = _load(assignment_id)
    attachment = queries.get_attachment(assignment, attachment_id)
    if attachment is None:
        abort(404)
    content = open_attachment(attachment)
    if content is None:
        abort(404)
    response = send_file(content, mimetype=attachment.content_type, as_attachment=True,
                         download_name=attachment.original_name, max_age=0,
                         etag=attachment.sha256, last_modified=attachment.uploaded_at)
    if response.status_code == 200:  # a stream has no size Werkzeug can see: give it
        response.content_length = attachment.size
    return response


@bp.post("/<int:assignment_id>/figures")
def figure(assignment_id: int):
    """Record or change a named figure (số liệu)."""
    return _post(assignment_id, "figure", _reporter, lambda a, f: operations.set_figure(
        a, {"name": f.name.data, "unit": f.unit.data, "value": f.value.data},
        actor=current_user, now=utcnow()), gettext("Đã lưu số liệu."))


@bp.post("/<int:assignment_id>/dialogues")
def dialogue(assignment_id: int):
    """Record a dialogue held with the people."""
    return _post(assignment_id, "dialogue", _reporter, lambda a, f: operations.record_dialogue(
        a, {name: getattr(f, name).data for name in (
            "held_on", "level", "host", "place", "participants", "opinions_raised",
            "opinions_settled")}, actor=current_user, now=utcnow()),
        gettext("Đã ghi nhận cuộc đối thoại."))


@bp.post("/<int:assignment_id>/accept")
def accept(assignment_id: int):
    """The Ban accepts the report: the assignment is done."""
    return _post(assignment_id, "review", None, lambda a, f: operations.accept_report(
        a, note=f.note.data, actor=current_user, now=utcnow()),
        gettext("Đã tiếp nhận báo cáo; phân công hoàn thành."))


@bp.post("/<int:assignment_id>/return")
def return_(assignment_id: int):
    """The Ban returns the report with a reason."""
    return _post(assignment_id, "review", None, lambda a, f: operations.return_report(
        a, reason=f.note.data, actor=current_user, now=utcnow()),
        gettext("Đã trả lại báo cáo cho đơn vị."))


@bp.post("/<int:assignment_id>/extension")
def request_extension(assignment_id: int):
    """The unit asks for a later deadline."""
    return _post(assignment_id, "ext_request", _reporter,
                 lambda a, f: operations.request_extension(
                     a, {"requested_due_on": f.requested_due_on.data, "reason": f.reason.data},
                     actor=current_user, now=utcnow()), gettext("Đã gửi đề nghị gia hạn."))


@bp.post("/<int:assignment_id>/extension/<int:request_id>/<decision>")
def decide_extension(assignment_id: int, request_id: int, decision: str):
    """The Ban grants or refuses an extension request."""
    if decision not in ("grant", "refuse"):
        abort(404)

    def action(assignment, form):
        extension = queries.get_extension_request(assignment, request_id)
        if extension is None:
            raise ValidationError({"note": gettext("Đề nghị gia hạn: không tìm thấy.")})
        return operations.decide_extension(extension, assignment, grant=decision == "grant",
                                           note=form.note.data, actor=current_user,
                                           now=utcnow())
    return _post(assignment_id, "ext_decision", _manager, action,
                 gettext("Đã gia hạn.") if decision == "grant"
                 else gettext("Đã từ chối đề nghị gia hạn."))


@bp.post("/<int:assignment_id>/extend")
def extend(assignment_id: int):
    """The Ban moves the deadline itself (the original deadline is kept)."""
    return _post(assignment_id, "extend", _manager, lambda a, f: operations.extend_deadline(
        a, {"new_due_on": f.new_due_on.data, "reason": f.reason.data}, actor=current_user,
        now=utcnow()), gettext("Đã gia hạn."))


@bp.post("/<int:assignment_id>/urge")
def urge(assignment_id: int):
    """Đôn đốc: mail the body's officers at once; logged in the assignment's history."""
    assignment = _load(assignment_id)
    permissions.ensure(may_urge(current_user, assignment))
    form = UrgeForm(prefix="u")
    back = safe_next(request.args.get("next"),
                     url_for("assignments.show", assignment_id=assignment.id))

    def done(rows):
        if not rows:
            flash(gettext("Đã ghi nhận đôn đốc; đơn vị chưa có cán bộ đầu mối để nhận thư."),
                  "warning")
        else:
            flash(*delivery_message(deliver_now([row.id for row in rows], now=utcnow())))
        return redirect(back)

    response, status = handle_form(form, lambda: urge_assignment(
        assignment, note=form.note.data, actor=current_user, now=utcnow()), done)
    return response or _render(_load(assignment_id), {**_forms(), "urge": form}, status,
                               active="urge")


@bp.post("/<int:assignment_id>/reassign")
def reassign(assignment_id: int):
    """Move an open assignment to another body (history, files and figures go with it)."""
    return _post(assignment_id, "reassign", _manager, lambda a, f: operations.reassign(
        a, get_body(current_user, f.body_id.data) if f.body_id.data else None,
        reason=f.reason.data, actor=current_user, now=utcnow()),
        gettext("Đã chuyển phân công sang đơn vị mới."))
