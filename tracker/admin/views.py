"""Admin pages: the body tree (add, edit, merge, import), user accounts, lock-outs."""
import io
from datetime import timedelta

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
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from tracker.admin.forms import BodyForm, ImportForm, MergeForm, NewUserForm, UserForm, body_choices
from tracker.api.queries import tokens_of
from tracker.auth.models import ROLES
from tracker.auth.operations import create_user, update_user
from tracker.auth.password_policy import MIN_PASSWORD
from tracker.auth.queries import USER_SORTS, get_user, user_counts, users_in_scope, users_of_body
from tracker.auth.queries import lockouts as login_lockouts
from tracker.bodies.importer import (
    COLUMNS,
    KIND_LABELS,
    LEVEL_LABELS,
    MAX_ROWS,
    ImportRejected,
    import_bodies,
    read_rows,
    template_workbook,
)
from tracker.bodies.models import BODY_KINDS, BODY_LEVELS
from tracker.bodies.operations import create_body, merge_body, update_body
from tracker.bodies.queries import (
    ancestor_names,
    bodies_in_tree_order,
    body_search,
    body_tree,
    body_with_links,
    children_of,
    get_body,
    merge_targets,
)
from tracker.core import permissions
from tracker.core.errors import ValidationError
from tracker.core.time import utcnow
from tracker.core.web import handle_form, paginate, sort_param
from tracker.history.queries import history_of
from tracker.imports import MAX_FILE_BYTES

bp = Blueprint("admin", __name__, url_prefix="/admin")

BODY_STATUSES = {"active": _l("Đang hoạt động"), "inactive": _l("Đã ngừng hoặc đã sáp nhập")}
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.before_request
@login_required
def _admins_only():
    # 404 rather than 403: other roles need not learn that these pages exist.
    if not permissions.can_administer(current_user):
        abort(404)


def _load_body(body_id: int | None):
    body = get_body(current_user, body_id) if body_id else None
    if body is None:
        abort(404)
    return body


def _load_user(user_id: int):
    user = get_user(current_user, user_id)
    if user is None:
        abort(404)
    return user


def _choice(name: str, allowed) -> str:
    value = request.args.get(name, "")
    return value if value in allowed else ""


# ---- bodies ----------------------------------------------------------------------------

@bp.get("/bodies")
def bodies():
    """The body tree in scope: search without diacritics, filter by kind, level and status."""
    filters = {"q": request.args.get("q", "").strip(), "kind": _choice("kind", BODY_KINDS),
               "level": _choice("level", BODY_LEVELS), "status": _choice("status", BODY_STATUSES)}
    filtered = any(filters.values())
    if filtered:
        page = paginate(body_search(current_user, query=filters["q"], kind=filters["kind"],
                                    level=filters["level"], status=filters["status"]))
    else:
        page = paginate(bodies_in_tree_order(current_user))
    return render_template(
        "admin/bodies.html", page=page, filters=filters, filtered=filtered,
        kinds=BODY_KINDS, levels=BODY_LEVELS, statuses=BODY_STATUSES, root=current_user.body,
        user_counts=user_counts([b.id for b in page.items]),
        # A filtered list loses the tree's shape, so each row names where it sits.
        ancestors=ancestor_names(current_user, page.items) if filtered else {})


@bp.get("/bodies/<int:body_id>")
def body(body_id: int):
    """One body: where it sits, the bodies below it, its accounts and its history."""
    body = body_with_links(current_user, body_id)
    if body is None:
        abort(404)
    children = children_of(body)
    return render_template(
        "admin/body.html", body=body, children=children, users=users_of_body(body),
        user_counts=user_counts([c.id for c in children]), history=history_of("body", body.id),
        root=current_user.body)


@bp.route("/bodies/new", methods=["GET", "POST"])
def body_new():
    """Add a body under a parent in scope (the admin's own body unless ?parent_id= says)."""
    parent = _load_body(request.args.get("parent_id", type=int) or current_user.body_id)
    form = BodyForm()
    if not form.is_submitted():
        form.level.data = parent.level  # most new bodies sit at their parent's level

    def action():
        return create_body(form.data_for_operation(), parent=parent, actor=current_user,
                           now=utcnow(), unique_name=True)

    def done(body):
        flash(gettext("Đã thêm đơn vị “%(name)s”.", name=body.name), "success")
        return redirect(url_for("admin.body", body_id=body.id))

    response, status = handle_form(form, action, done)
    return response or (render_template("admin/body_form.html", form=form, body=None,
                                        parent=parent), status)


@bp.route("/bodies/<int:body_id>/edit", methods=["GET", "POST"])
def body_edit(body_id: int):
    """Rename or re-classify a body; the old values stay in its history."""
    body = _load_body(body_id)
    form = BodyForm(obj=body)

    def action():
        return update_body(body, form.data_for_operation(), actor=current_user, now=utcnow(),
                           unique_name=True)

    def done(_):
        flash(gettext("Đã lưu thay đổi. Tên và phân loại cũ vẫn còn trong lịch sử."), "success")
        return redirect(url_for("admin.body", body_id=body.id))

    response, status = handle_form(form, action, done)
    return response or (render_template("admin/body_form.html", form=form, body=body,
                                        parent=None), status)


@bp.route("/bodies/<int:body_id>/merge", methods=["GET", "POST"])
def body_merge(body_id: int):
    """Merge a body into its successor: accounts move there, its own history stays."""
    body = _load_body(body_id)
    form = MergeForm()
    form.into_id.choices = body_choices(merge_targets(current_user, body), current_user.body)

    def action():
        into = get_body(current_user, form.into_id.data)
        if into is None:  # the choices were in scope a moment ago; it may have moved since
            raise ValidationError({"into_id": gettext(
                "Đơn vị tiếp nhận: không tồn tại hoặc ngoài phạm vi của bạn.")})
        merge_body(body, into, actor=current_user, now=utcnow())
        return into

    def done(into):
        flash(gettext("Đã sáp nhập “%(body)s” vào “%(into)s”.", body=body.name,
                      into=into.name), "success")
        return redirect(url_for("admin.body", body_id=into.id))

    response, status = handle_form(form, action, done)
    return response or (render_template("admin/body_merge.html", form=form, body=body), status)


@bp.route("/bodies/import", methods=["GET", "POST"])
def body_import():
    """Import a list of bodies from .xlsx or .csv: all rows, or none and a report per row."""
    form = ImportForm()
    rejected = []

    def action():
        try:
            return import_bodies(read_rows(form.file.data), root=current_user.body,
                                 actor=current_user, now=utcnow())
        except ImportRejected as error:
            rejected.extend(error.rows)  # handle_form shows the summary; the page, each row
            raise

    def done(result):
        flash(ngettext("Đã nhập %(num)s đơn vị.", "Đã nhập %(num)s đơn vị.",
                       len(result.created)), "success")
        return redirect(url_for("admin.bodies"))

    response, status = handle_form(form, action, done)
    return response or (render_template(
        "admin/body_import.html", form=form, row_errors=rejected, columns=COLUMNS,
        kinds=KIND_LABELS, levels=LEVEL_LABELS, max_rows=MAX_ROWS,
        max_mb=MAX_FILE_BYTES // (1024 * 1024), root=current_user.body), status)


@bp.get("/bodies/import/template.xlsx")
def body_import_template():
    """The import template: headings, example rows, the catalogue of kinds and levels."""
    return send_file(io.BytesIO(template_workbook()), mimetype=XLSX_MIMETYPE,
                     as_attachment=True, download_name="mau-danh-sach-don-vi.xlsx")


# ---- users -----------------------------------------------------------------------------

@bp.get("/users")
def users():
    """Accounts in scope: search name or email without diacritics, filter by role, sort."""
    sort, descending = sort_param(USER_SORTS, "name")
    filters = {"q": request.args.get("q", "").strip(), "role": _choice("role", ROLES)}
    page = paginate(users_in_scope(current_user, query=filters["q"], role=filters["role"],
                                   sort=sort, descending=descending))
    return render_template("admin/users.html", page=page, filters=filters, roles=ROLES,
                           sort=sort, descending=descending)


def _user_form(form_class, user=None):
    """The form with the bodies in scope to choose from, and a lookup of the chosen one."""
    form = form_class(obj=user)
    bodies = {b.id: b for b in body_tree(current_user)}
    form.body_id.choices = body_choices(bodies.values(), current_user.body)
    return form, bodies


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    """Create an account in a body in scope."""
    form, bodies = _user_form(NewUserForm)
    if not form.is_submitted():
        form.body_id.data = request.args.get("body_id", type=int) or current_user.body_id

    def action():
        return create_user(form.data_for_operation(bodies.get(form.body_id.data)),
                           actor=current_user, now=utcnow())

    def done(user):
        flash(gettext("Đã tạo tài khoản %(email)s.", email=user.email), "success")
        return redirect(url_for("admin.users"))

    response, status = handle_form(form, action, done)
    return response or (render_template("admin/user_form.html", form=form, user=None,
                                        min_password=MIN_PASSWORD), status)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def user_edit(user_id: int):
    """Change an account's role, body, name, position, active flag or password."""
    user = _load_user(user_id)
    form, bodies = _user_form(UserForm, user)

    def action():
        return update_user(user, form.data_for_operation(bodies.get(form.body_id.data)),
                           actor=current_user, now=utcnow())

    def done(_):
        flash(gettext("Đã lưu tài khoản %(email)s.", email=user.email), "success")
        if form.password.data and _active_tokens(user):
            # A reset suggests the account was taken over: its API tokens still work.
            flash(gettext("Mật khẩu đã được đặt lại, nhưng tài khoản còn mã truy cập API "
                          "đang hoạt động: hãy xem lại danh sách bên dưới."), "warning")
            return redirect(url_for("admin.user_edit", user_id=user.id))
        return redirect(url_for("admin.users"))

    response, status = handle_form(form, action, done)
    return response or (render_template("admin/user_form.html", form=form, user=user,
                                        history=history_of("user", user.id),
                                        tokens=_active_tokens(user),
                                        min_password=MIN_PASSWORD), status)


def _active_tokens(user):
    return [token for token in tokens_of(user) if token.active]


@bp.get("/lockouts")
def lockouts():
    """Every login lock-out of the last 30 days in scope, the pairs still locked first."""
    now = utcnow()
    window = timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])
    page = paginate(login_lockouts(current_user, since=now - timedelta(days=30)))
    return render_template("admin/lockouts.html", page=page, now=now, window=window)
