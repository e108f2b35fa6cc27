"""Home: each role lands where its daily work is."""
from flask import Blueprint, redirect, url_for
from flask_login import current_user, login_required

from tracker.core import permissions

bp = Blueprint("main", __name__)


@bp.get("/")
@login_required
def home():
    """Each role lands where its daily work is (permissions.home_endpoint)."""
    return redirect(url_for(permissions.home_endpoint(current_user)))


@bp.get("/healthz")
def healthz():
    """Liveness probe for the process manager."""
    return {"status": "ok"}
