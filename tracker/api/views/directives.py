"""Directives: list with search, one, register."""
from flask import url_for
from flask_babel import gettext
from flask_login import current_user

from tracker.api.registry import api_route
from tracker.api.schemas import closed, date_, identifier, string
from tracker.api.serializers import DIRECTIVE, directive_json, page_of
from tracker.api.views.common import (
    PAGE_QUERY,
    created,
    found,
    invalid,
    page_json,
    perform,
    sort_of,
    sort_query,
)
from tracker.core import permissions
from tracker.core.time import utcnow
from tracker.directives import queries
from tracker.directives.models import DIRECTIVE_KINDS
from tracker.directives.operations import LIMITS, create_directive

TAG = "Văn bản chỉ đạo"

NEW_DIRECTIVE = closed({
    "number": string("Số, ký hiệu", max_length=LIMITS["number"],
                     description="VD: 33-CT/TU"),
    "kind": string("Loại văn bản", enum=DIRECTIVE_KINDS),
    "issuer": string("Cơ quan ban hành", max_length=LIMITS["issuer"]),
    "issued_on": date_("Ngày ban hành"),
    "title": string("Trích yếu", max_length=LIMITS["title"]),
    "summary": string("Tóm tắt nội dung", max_length=LIMITS["summary"]),
    "parent_id": identifier("Thực hiện văn bản (cấp trên)", nullable=True,
                            description="Văn bản cấp trên mà văn bản này thực hiện."),
}, required=("number", "kind", "issuer", "issued_on", "title"))


@api_route("/directives", summary="Các văn bản chỉ đạo", tag=TAG, query={
    **PAGE_QUERY,
    "q": string("Tìm kiếm", max_length=200,
                description="Số, cơ quan ban hành, trích yếu; không phân biệt dấu."),
    "kind": string("Loại văn bản", enum=DIRECTIVE_KINDS),
    **sort_query(queries.SORTS, "-issued_on"),
}, response=page_of("DirectivePage", DIRECTIVE))
def list_directives(args, data):
    """Directives of the user's subtree and those issued above it (which it implements)."""
    sort, descending = sort_of(args)
    return page_json(queries.directive_list(current_user, query=args["q"] or "",
                                            kind=args["kind"] or "", sort=sort,
                                            descending=descending), args, directive_json)


@api_route("/directives/<int:directive_id>", summary="Một văn bản", tag=TAG,
           response=DIRECTIVE)
def show_directive(directive_id: int, args, data):
    """One directive the user may read."""
    return directive_json(found(queries.get_directive(current_user, directive_id),
                                "Văn bản"))


@api_route("/directives", "POST", summary="Đăng ký văn bản", tag=TAG, body=NEW_DIRECTIVE,
           body_name="NewDirective", response=DIRECTIVE, status=201,
           allowed=permissions.can_register_directives)
def register_directive(args, data):
    """Register a directive owned by the user's body (coordinators)."""
    parent = None
    if data.get("parent_id"):
        parent = queries.get_directive(current_user, data["parent_id"])
        if parent is None:
            raise invalid("parent_id", gettext(
                "Thực hiện văn bản: không tìm thấy văn bản đã chọn."))
    directive = perform(lambda: create_directive({**data, "parent": parent},
                                                 actor=current_user, now=utcnow()))
    directive = queries.get_directive(current_user, directive.id)
    return created(directive_json(directive),
                   url_for("api.show_directive", directive_id=directive.id))

