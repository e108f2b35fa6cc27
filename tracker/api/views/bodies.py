"""Bodies in the user's scope."""
from flask_login import current_user

from tracker.api import schemas
from tracker.api.fields import Bool, Str
from tracker.api.views import bp
from tracker.api.views.common import PageQuery, found, page_json
from tracker.bodies.models import BODY_KINDS, BODY_LEVELS, Body
from tracker.bodies.queries import bodies_in_scope, get_body

TAG = "Đơn vị"


class BodyQuery(PageQuery):
    q = Str("Tìm theo tên", max_length=200, description="Không phân biệt dấu.")
    kind = Str("Loại đơn vị", enum=BODY_KINDS)
    level = Str("Cấp", enum=BODY_LEVELS)
    active = Bool("Đang hoạt động")


@bp.endpoint("/bodies", summary="Các đơn vị trong phạm vi", tag=TAG, query=BodyQuery,
             response=schemas.page_of(schemas.Body))
def list_bodies(args):
    """Bodies of the user's subtree in tree order (each parent before its children)."""
    active = args.get("active")
    stmt = bodies_in_scope(current_user, query=args.get("q", ""), kind=args.get("kind", ""),
                           level=args.get("level", ""), active_only=active is True,
                           inactive_only=active is False).order_by(Body.id)
    return page_json(stmt, args)


@bp.endpoint("/bodies/<int:body_id>", summary="Một đơn vị", tag=TAG, response=schemas.Body)
def show_body(body_id: int):
    """One body of the user's subtree."""
    return found(get_body(current_user, body_id), "Đơn vị")
