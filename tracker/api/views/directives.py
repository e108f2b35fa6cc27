"""Directives: list with search, one, register."""
from flask import url_for
from flask_babel import gettext
from flask_login import current_user

from tracker.api.fields import Sort, Str
from tracker.api.framework import allowed
from tracker.api.problems import found, invalid
from tracker.api.schemas import Directive, page_of
from tracker.api.views import bp
from tracker.api.views.common import PageQuery, page_json, perform, sort_of
from tracker.core import permissions
from tracker.core.time import utcnow
from tracker.directives import queries
from tracker.directives.models import DIRECTIVE_KINDS
from tracker.directives.operations import create_directive

TAG = "Văn bản chỉ đạo"


class DirectiveQuery(PageQuery):
    q = Str("Tìm kiếm", max_length=200,
            description="Số, cơ quan ban hành, trích yếu; không phân biệt dấu.")
    kind = Str("Loại văn bản", enum=DIRECTIVE_KINDS)
    sort = Sort(queries.SORTS, load_default="-issued_on")


@bp.get("/directives", tags=[TAG])
@bp.query(DirectiveQuery)
@bp.response(200, page_of(Directive))
def list_directives(args):
    """Các văn bản chỉ đạo

    Directives of the user's subtree and those issued above it (which it implements)."""
    sort, descending = sort_of(args)
    return page_json(queries.directive_list(current_user, query=args.get("q", ""),
                                            kind=args.get("kind", ""), sort=sort,
                                            descending=descending), args)


@bp.get("/directives/<int:directive_id>", tags=[TAG])
@bp.response(200, Directive)
def show_directive(directive_id: int):
    """Một văn bản"""
    return found(queries.get_directive(current_user, directive_id), "Văn bản")


@bp.post("/directives", tags=[TAG])
@allowed(permissions.can_register_directives)
@bp.arguments(Directive)
@bp.response(201, Directive)
def register_directive(data):
    """Đăng ký văn bản

    Register a directive owned by the user's body (coordinators)."""
    parent = None
    if data.get("parent_id"):
        parent = queries.get_directive(current_user, data["parent_id"])
        if parent is None:
            raise invalid("parent_id", gettext(
                "Thực hiện văn bản: không tìm thấy văn bản đã chọn."))
    directive = perform(lambda: create_directive({**data, "parent": parent},
                                                 actor=current_user, now=utcnow()))
    return (queries.get_directive(current_user, directive.id),
            {"Location": url_for("api.show_directive", directive_id=directive.id)})
