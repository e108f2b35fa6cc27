"""Bodies in the user's scope."""
from flask_login import current_user

from tracker.api.registry import api_route
from tracker.api.schemas import boolean, string
from tracker.api.serializers import BODY, body_json, page_of
from tracker.api.views.common import PAGE_QUERY, found, page_json
from tracker.bodies.models import BODY_KINDS, BODY_LEVELS, Body
from tracker.bodies.queries import bodies_in_scope, get_body

TAG = "Đơn vị"


@api_route("/bodies", summary="Các đơn vị trong phạm vi", tag=TAG, query={
    **PAGE_QUERY,
    "q": string("Tìm theo tên", max_length=200, description="Không phân biệt dấu."),
    "kind": string("Loại đơn vị", enum=BODY_KINDS),
    "level": string("Cấp", enum=BODY_LEVELS),
    "active": boolean("Đang hoạt động"),
}, response=page_of("BodyPage", BODY))
def list_bodies(args, data):
    """Bodies of the user's subtree in tree order (each parent before its children)."""
    stmt = bodies_in_scope(current_user, query=args["q"] or "", kind=args["kind"] or "",
                           level=args["level"] or "", active_only=args["active"] is True,
                           inactive_only=args["active"] is False).order_by(Body.id)
    return page_json(stmt, args, body_json)


@api_route("/bodies/<int:body_id>", summary="Một đơn vị", tag=TAG, response=BODY)
def show_body(body_id: int, args, data):
    """One body of the user's subtree."""
    return body_json(found(get_body(current_user, body_id), "Đơn vị"))
