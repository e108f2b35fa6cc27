"""directives pages."""
from flask import Blueprint
from flask_login import login_required

bp = Blueprint("directives", __name__, url_prefix="/directives")


@bp.get("/")
@login_required
def index():
    """List."""
    return "directives"
