"""assignments pages."""
from flask import Blueprint
from flask_login import login_required

bp = Blueprint("assignments", __name__, url_prefix="/assignments")


@bp.get("/")
@login_required
def index():
    """List."""
    return "assignments"
