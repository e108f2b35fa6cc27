"""Directives: list with search, one, register."""
from flask import url_for
from flask_babel import gettext
from flask_login import current_user

from tracker.api import schemas
from tracker.api.fields import Date, Id, Str
from tracker.api.framework import Body
from tracker.api.views import bp
from tracker.api.views.common import (
    PageQuery,
    created,
    found,
    invalid,
    page_json,
    perform,
    sort_field,
    sort_of,
)
from tracker.core import permissions
from tracker.core.time import utcnow
from tracker.directives import queries
from tracker.directives.models import DIRECTIVE_KINDS
from tracker.directives.operations import LIMITS, create_directive

TAG = "Văn bản chỉ đạo"


class NewDirective(Body):
    number = Str("Số, ký hiệu", max_length=LIMITS["number"], required=True,
                 description="VD: 33-CT/TU")
    kind = Str("Loại văn bản", enum=DIRECTIVE_KINDS, required=True)
    issuer = Str("Cơ quan ban hành", max_length=LIMITS["issuer"], required=True)
    issued_on = Date("Ngày ban hành", required=True)
    title = Str("Trích yếu", max_length=LIMITS["title"], required=True)
    summary = Str("Tóm tắt nội dung", max_length=LIMITS["summary"])
    parent_id = Id("Thực hiện văn bản (cấp trên)", nullable=True,
                   description="Văn bản cấp trên mà văn bản này thực hiện.")


class DirectiveQuery(PageQuery):
    q = Str("Tìm kiếm", max_length=200,
            description="Số, cơ quan ban hành, trích yếu; không phân biệt dấu.")
    kind = Str("Loại văn bản", enum=DIRECTIVE_KINDS)
    sort = sort_field(queries.SORTS, "-issued_on")


@bp.endpoint("/directives", summary="Các văn bản chỉ đạo", tag=TAG, query=DirectiveQuery,
             response=schemas.page_of(schemas.Directive))
def list_directives(args):
    """Directives of the user's subtree and those issued above it (which it implements)."""
    sort, descending = sort_of(args)
    return page_json(queries.directive_list(current_user, query=args.get("q", ""),
                                            kind=args.get("kind", ""), sort=sort,
                                            descending=descending), args)


@bp.endpoint("/directives/<int:directive_id>", summary="Một văn bản", tag=TAG,
             response=schemas.Directive)
def show_directive(directive_id: int):
    """One directive the user may read."""
    return found(queries.get_directive(current_user, directive_id), "Văn bản")


@bp.endpoint("/directives", "POST", summary="Đăng ký văn bản", tag=TAG, body=NewDirective,
             response=schemas.Directive, status=201,
             allowed=permissions.can_register_directives)
def register_directive(data):
    """Register a directive owned by the user's body (coordinators)."""
    parent = None
    if data.get("parent_id"):
        parent = queries.get_directive(current_user, data["parent_id"])
        if parent is None:
            raise invalid("parent_id", gettext(
                "Thực hiện văn bản: không tìm thấy văn bản đã chọn."))
    directive = perform(lambda: create_directive({**data, "parent": parent},
                                                 actor=current_user, now=utcnow()))
    return created(queries.get_directive(current_user, directive.id),
                   url_for("api.show_directive", directive_id=directive.id))
