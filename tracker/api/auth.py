"""Who is asking, for every request under /api/: a personal token (Authorization: Bearer)
or, for reads only, the browser's session.

The API blueprint is exempt from CSRF checks because a state-changing API request is only
ever accepted with a token, which a browser never sends by itself; a write that relies on
the session cookie alone is refused (401) before any view runs."""
from flask import g, request
from flask_babel import gettext
from flask_login import current_user

from tracker.api.operations import touch_token
from tracker.api.problems import ApiProblem, from_exception
from tracker.api.queries import token_for_secret
from tracker.api.registry import SAFE_METHODS, bp, forbidden, unauthenticated
from tracker.core.time import utcnow
from tracker.extensions import csrf, db

csrf.exempt(bp)


@bp.before_app_request
def _authenticate():
    """Authenticate API requests by token; refuse cookie-only writes and read-only tokens'
    writes."""
    if not request.path.startswith("/api/"):
        return None
    header = request.headers.get("Authorization")
    if header is None:
        if request.method not in SAFE_METHODS and current_user.is_authenticated:
            return from_exception(unauthenticated(gettext(
                "Thao tác ghi qua API cần mã truy cập (Authorization: Bearer <mã>); cookie "
                "đăng nhập chỉ dùng để đọc.")))
        return None
    scheme, _, secret = header.strip().partition(" ")
    secret = secret.strip()
    token = token_for_secret(secret) if scheme.lower() == "bearer" and secret else None
    if token is None:
        return from_exception(unauthenticated(gettext(
            "Mã truy cập không hợp lệ, đã bị thu hồi, hoặc tài khoản đã bị khóa.")))
    # The token's user for this request only: Flask-Login reads g._login_user, and nothing
    # is written to the session, so no cookie is set.
    g._login_user = token.user
    g.api_token = token
    if token.read_only and request.method not in SAFE_METHODS:
        return from_exception(forbidden(gettext(
            "Mã truy cập này chỉ được đọc, không được thay đổi dữ liệu.")))
    if touch_token(token, now=utcnow()):
        db.session.commit()
    return None


@bp.app_errorhandler(ApiProblem)
def _api_problem(error: ApiProblem):
    return from_exception(error)

