"""Home: each role lands where its daily work is."""
from flask import Blueprint, redirect, url_for
from flask_login import current_user, login_required

bp = Blueprint("main", __name__)


@bp.get("/")
@login_required
def home():
    """Officers land on their assignments, leaders on the status page, coordinators on the
    directives, admins on the body tree."""
    if current_user.role == "officer":
        return redirect(url_for("assignments.index"))
    if current_user.role == "admin":
        return redirect(url_for("admin.bodies"))
    if current_user.role == "leader":
        return redirect(url_for("status.index"))
    return redirect(url_for("directives.index"))


@bp.get("/healthz")
def healthz():
    """Liveness probe for the process manager."""
    return {"status": "ok"}
