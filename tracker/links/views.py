"""The page a body without an account reaches from its reminder mail: one assignment's
figures, one file, submit; nothing else of the app.

The secret is in the URL of the mail only: opening it checks the secret, remembers the
link in the (signed) session and redirects to a URL without it, so the secret appears in
one request line, never in the browser's address bar, history or a Referer; the logs
mask it. Unknown or tampered links answer 404; revoked, replaced, used-up or expired ones
410 with whom to call. Every page is no-store."""
import logging
import re

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext
from werkzeug.exceptions import RequestEntityTooLarge

from tracker.assignments import operations as assignment_operations
from tracker.assignments import queries as assignment_queries
from tracker.assignments.files import add_attachment
from tracker.core.actors import LinkActor
from tracker.core.errors import DomainError, edit_conflicts
from tracker.core.ratelimit import hit
from tracker.core.time import utcnow, vn_today
from tracker.core.web import int_or_none
from tracker.extensions import db
from tracker.figures import operations as figure_operations
from tracker.figures import queries as figure_queries
from tracker.figures.editor import form_values
from tracker.figures.indicators import format_value
from tracker.links import operations, queries
from tracker.links.models import AssignmentLink

bp = Blueprint("links", __name__, url_prefix="/link")

SESSION_KEY = "links"
KEPT_IN_SESSION = 5
# "/link/<public id>/<secret>" in a log line keeps the id and loses the secret.
_SECRET_IN_PATH = re.compile(r"(/link/[A-Za-z0-9_-]{1,16}/)[A-Za-z0-9_-]+")


class _MaskSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _SECRET_IN_PATH.sub(r"\1…", message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


@bp.record_once
def _mask_logs(setup) -> None:
    for name in ("werkzeug", "gunicorn.access"):
        logging.getLogger(name).addFilter(_MaskSecrets())


@bp.before_request
def _rate_limit():
    """At most LINK_RATE_LIMIT requests a minute from one address, counted in the
    database (every host shares it): guessing is hopeless anyway (256-bit secrets), this
    keeps a script from loading the server through an unauthenticated page."""
    now = utcnow()
    if hit(f"link:addr:{request.remote_addr or ''}", now=now) \
            > current_app.config["LINK_RATE_LIMIT"]:
        g.retry_after = 60 - int(now.timestamp()) % 60
        abort(429, description=gettext("Quá nhiều lần truy cập trong một phút. Vui lòng thử "
                                       "lại sau %(s)s giây.", s=g.retry_after))


@bp.after_request
def _private(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _days_after() -> int:
    return current_app.config["LINK_DAYS_AFTER_DEADLINE"]


def _gone(link: AssignmentLink, reason: str):
    task = link.assignment.task
    return render_template("links/gone.html", link=link, reason=reason, task=task,
                           owner=task.owner_body,
                           contacts=queries.coordinators_of(task)), 410


def _closed(link: AssignmentLink):
    reason = queries.why_closed(link, today=vn_today(), days_after=_days_after())
    return _gone(link, reason) if reason else None


def _live(public_id: str) -> AssignmentLink:
    """The link this browser opened, still open; else 404 or the 410 page."""
    link = _load(public_id)
    closed = _closed(link)
    if closed is not None:
        abort(make_response(*closed))
    return link


@bp.get("/<public_id>/<secret>")
def enter(public_id: str, secret: str):
    """The URL of the mail: check the secret, remember the link, drop the secret."""
    link = queries.find_link(public_id, secret)
    if link is None:
        abort(404)
    closed = _closed(link)
    if closed is not None:
        return closed
    kept = [p for p in session.get(SESSION_KEY, []) if p != public_id]
    session[SESSION_KEY] = (kept + [public_id])[-KEPT_IN_SESSION:]
    return redirect(url_for("links.page", public_id=public_id), 303)


def _load(public_id: str) -> AssignmentLink:
    """The link this browser opened with its secret, or 404."""
    if public_id not in session.get(SESSION_KEY, []):
        abort(404)
    link = queries.link_by_public_id(public_id)
    if link is None:
        abort(404)
    return link


def _render(link: AssignmentLink, *, errors=None, typed=None, file_error=None,
            submit_errors=None, note="", status=200, done=False):
    assignment = link.assignment
    state = figure_queries.assignment_form(assignment)
    page = assignment_queries.assignment_page(assignment)
    return render_template(
        "links/page.html", link=link, a=assignment, state=state, errors=errors or {},
        typed=typed, can_fill=not done, format_value=format_value, done=done,
        attachments=page.attachments, frozen=page.frozen, file_error=file_error,
        submit_errors=submit_errors or {}, note=note,
        expires_on=link.expires_on(assignment, _days_after())), status


@bp.get("/<public_id>")
def page(public_id: str):
    """Title, requirement, deadline; the figure form, one file, submit."""
    return _render(_live(public_id))


def _write(link: AssignmentLink, action):
    """Run a write as the link; None when done, else the errors and the status."""
    try:
        with edit_conflicts():
            action(LinkActor(link.public_id, link.assignment.body))
            operations.note_use(link, now=utcnow())
    except DomainError as error:
        db.session.rollback()
        return error.errors, error.status
    db.session.commit()
    return None


@bp.post("/<public_id>/figures")
def figures(public_id: str):
    """Save the figure form (the page's checks and messages)."""
    link = _live(public_id)
    state = figure_queries.assignment_form(link.assignment)
    if state is None:
        abort(404)
    refused = _write(link, lambda actor: figure_operations.save_figures(
        link.assignment, form_values(request.form, state.form),
        version=int_or_none(request.form.get("version")), actor=actor, now=utcnow()))
    if refused is None:
        return redirect(url_for("links.page", public_id=public_id, saved="figures"), 303)
    link = _load(public_id)
    return _render(link, errors=refused[0], typed=dict(request.form), status=refused[1])


def _replace_own_file(link: AssignmentLink, actor, upload):
    """One file through the link: a second upload replaces the first while it may."""
    config = current_app.config
    assignment = link.assignment
    new = add_attachment(assignment, upload, allowed=config["ALLOWED_UPLOAD_EXTENSIONS"],
                         max_bytes=config["MAX_CONTENT_LENGTH"], actor=actor, now=utcnow())
    page = assignment_queries.assignment_page(assignment)
    for old in page.attachments:
        if old.id != new.id and old.uploaded_by_id is None and not page.frozen(old):
            assignment_operations.remove_attachment(assignment, old, actor=actor, now=utcnow(),
                                                    replaced_by=new.original_name)
    return new


@bp.post("/<public_id>/file")
def upload(public_id: str):
    """Attach the report file (same types, size and content checks as the page)."""
    link = _live(public_id)
    refused = _write(link, lambda actor: _replace_own_file(link, actor,
                                                           request.files.get("file")))
    if refused is None:
        return redirect(url_for("links.page", public_id=public_id, saved="file"), 303)
    return _render(_load(public_id), file_error=" ".join(refused[0].values()),
                   status=refused[1])


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error):
    """An upload over the limit answers on the link's page, next to the file field."""
    public_id = (request.view_args or {}).get("public_id")
    if request.endpoint != "links.upload" or public_id not in session.get(SESSION_KEY, []):
        return current_app.handle_http_exception(error)
    link = _load(public_id)
    return _render(link, status=413, file_error=gettext(
        "Tệp đính kèm: dung lượng vượt quá %(mb)s MB.",
        mb=current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)))


@bp.post("/<public_id>/submit")
def submit(public_id: str):
    """Submit the report; the link is then used up."""
    link = _live(public_id)

    def action(actor):
        assignment_operations.submit_report(
            link.assignment, note=request.form.get("note"),
            version=int_or_none(request.form.get("version")), actor=actor,
            now=utcnow(), confirm_empty=request.form.get("confirm_empty") == "1")
        operations.use_up(link, now=utcnow())
    refused = _write(link, action)
    if refused is None:
        link = queries.link_by_public_id(public_id)  # as committed
        return render_template("links/done.html", link=link, a=link.assignment,
                               contacts=queries.coordinators_of(link.assignment.task))
    return _render(_load(public_id), submit_errors=refused[0], status=refused[1],
                   note=request.form.get("note", ""))
