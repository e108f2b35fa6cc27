"""Admin pages (placeholder until the admin feature lands)."""
from flask import Blueprint, abort
from flask_login import current_user, login_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _admins_only():
    if current_user.role != "admin":
        abort(404)


@bp.get("/bodies")
def bodies():
    """The body tree."""
    return "bodies"


@bp.get("/users")
def users():
    """Users."""
    return "users"
