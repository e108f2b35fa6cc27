"""Bodies in the user's scope."""
from flask_login import current_user

from tracker.api.fields import Bool, Str
from tracker.api.problems import found
from tracker.api.schemas import Body, page_of
from tracker.api.views import bp
from tracker.api.views.common import PageQuery, page_json
from tracker.bodies.models import BODY_KINDS, BODY_LEVELS
from tracker.bodies.models import Body as BodyRow
from tracker.bodies.queries import bodies_in_scope, get_body

TAG = "Đơn vị"


class BodyQuery(PageQuery):
    q = Str("Tìm theo tên", max_length=200, description="Không phân biệt dấu.")
    kind = Str("Loại đơn vị", enum=BODY_KINDS)
    level = Str("Cấp", enum=BODY_LEVELS)
    active = Bool("Đang hoạt động")


@bp.get("/bodies", tags=[TAG])
@bp.query(BodyQuery)
@bp.response(200, page_of(Body))
def list_bodies(args):
    """Các đơn vị trong phạm vi

    Bodies of the user's subtree in tree order (each parent before its children)."""
    active = args.get("active")
    stmt = bodies_in_scope(current_user, query=args.get("q", ""), kind=args.get("kind", ""),
                           level=args.get("level", ""), active_only=active is True,
                           inactive_only=active is False).order_by(BodyRow.id)
    return page_json(stmt, args)


@bp.get("/bodies/<int:body_id>", tags=[TAG])
@bp.response(200, Body)
def show_body(body_id: int):
    """Một đơn vị"""
    return found(get_body(current_user, body_id), "Đơn vị")
