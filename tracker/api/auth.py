"""Who is asking, for every request under /api/: a personal token (Authorization: Bearer,
read by Flask-Login's request loader) or, for reads only, the browser's session.

The API is exempt from CSRF checks because a state-changing API request is only ever
accepted with a token, which a browser never sends by itself; a write that relies on the
session cookie alone is refused (401) before any view runs."""
from flask import g, request
from flask_babel import gettext
from flask_login import current_user

from tracker.api.framework import SAFE_METHODS
from tracker.api.operations import touch_token
from tracker.api.problems import forbidden, unauthenticated
from tracker.api.queries import token_for_secret
from tracker.core.time import utcnow
from tracker.core.web import N_
from tracker.extensions import db

BAD_TOKEN = N_("Mã truy cập không hợp lệ, đã bị thu hồi, hoặc tài khoản đã bị khóa.")


def presented_token():
    """The active token the request's Authorization header carries (looked up once), or
    None; only under /api/, so that a token never opens the pages."""
    if "api_token" not in g:
        g.api_token = None
        header = request.headers.get("Authorization")
        if header is not None and request.path.startswith("/api/"):
            scheme, _, secret = header.strip().partition(" ")
            secret = secret.strip()
            if scheme.lower() == "bearer" and secret:
                g.api_token = token_for_secret(secret)
    return g.api_token


def user_of_token(request_):
    """Flask-Login's request loader: the token's user, for this request only (nothing is
    written to the session, so no cookie is set)."""
    token = presented_token()
    return token.user if token is not None else None


def authenticate():
    """Before every request under /api/: refuse a bad token, a cookie-only write and a
    read-only token's write; note the token's use."""
    if not request.path.startswith("/api/"):
        return
    read_without_transaction()
    if "Authorization" not in request.headers:
        if request.method not in SAFE_METHODS and current_user.is_authenticated:
            raise unauthenticated(gettext(
                "Thao tác ghi qua API cần mã truy cập (Authorization: Bearer <mã>); cookie "
                "đăng nhập chỉ dùng để đọc."))
        return
    token = presented_token()
    # A browser signed in as someone else may send a token too (Swagger UI's "Authorize"):
    # the session's user then acts, so the token must be theirs.
    if token is None or (current_user.is_authenticated and current_user.id != token.user_id):
        raise unauthenticated(gettext(BAD_TOKEN))
    if token.read_only and request.method not in SAFE_METHODS:
        raise forbidden(gettext("Mã truy cập này chỉ được đọc, không được thay đổi dữ liệu."))
    if touch_token(token, now=utcnow()):
        db.session.commit()


def read_without_transaction() -> None:
    """On PostgreSQL, a read of one object by its id under /api/ runs its statements
    outside a transaction (autocommit): in READ COMMITTED each statement sees its own
    snapshot anyway, so a transaction gave such a read nothing but a BEGIN and a COMMIT,
    two round trips of the four a token's read of an assignment made; and with no
    ROLLBACK, psycopg keeps the statements it prepared on the connection. Lists still run
    in a transaction that rolls back: kept prepared, the same list statement serves the
    whole country and a province, and after five executions PostgreSQL may settle on a
    generic plan that is good for one and poor for the other (kept prepared in a
    measurement, the task list's statement got one costing 2.3 ms more of PostgreSQL's CPU
    a request). Only before the request's first statement (a browser's session may have
    loaded its user already: that read stays as it was)."""
    rule = request.url_rule
    # One object by its id: the route's path ends with the id
    # (/api/v1/assignments/<int:assignment_id>), not with a list or a part of it.
    if request.method in SAFE_METHODS and rule is not None and rule.rule.endswith(">") \
            and db.engine.dialect.name == "postgresql" and not db.session().in_transaction():
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
