"""What the API views share: pagination, sorting, committing or refusing."""
from flask_babel import gettext
from flask_login import current_user

from tracker.api.fields import Int, Str
from tracker.api.framework import Query
from tracker.api.problems import ApiProblem, found, invalid
from tracker.assignments.queries import get_assignment
from tracker.core.errors import DomainError, edit_conflicts
from tracker.core.keyset import BadCursor, capped_count, count_cap, encode_cursor, keyset_page
from tracker.core.text import format_number
from tracker.core.web import RowsPagination
from tracker.extensions import db
from tracker.tasks.queries import get_task

MAX_PER_PAGE = 100


class PageQuery(Query):
    page = Int("Trang", minimum=1, maximum=100_000, load_default=1)
    per_page = Int("Số dòng mỗi trang", minimum=1, maximum=MAX_PER_PAGE, load_default=25)


def sort_of(args) -> tuple[str, bool]:
    raw = args["sort"]
    return raw.lstrip("-"), raw.startswith("-")


class CursorPageQuery(PageQuery):
    """A list that may hold a million rows: pages by cursor (`after`, `before`); `page`
    serves the first COUNT_CAP rows only (an OFFSET walks every row before it)."""

    after = Str("Sau vị trí", max_length=500,
                description="Giá trị `next_cursor` của trang trước: trang tiếp theo.")
    before = Str("Trước vị trí", max_length=500,
                 description="Giá trị `prev_cursor`: trang liền trước.")


def page_json(stmt, args, order=None, count=None) -> dict:
    """One page of a select (already in a stable order) as the API's page object. The
    count stops at COUNT_CAP: above it `total` is COUNT_CAP, `total_exact` false and
    `pages` null. With an `order` (keyset), `after`/`before` cursors page through any
    depth and `page` may not go past the first COUNT_CAP rows. `count()`: a cheaper
    form of the capped count, if the list has one."""
    per_page = args["per_page"]
    if order is not None and (args.get("after") or args.get("before")):
        field = "before" if args.get("before") else "after"
        try:
            page = keyset_page(stmt, order, per_page, after=args.get("after"),
                               before=args.get("before"), count=count)
        except BadCursor:
            raise invalid(field, gettext(
                "%(field)s: vị trí không hợp lệ (không thuộc danh sách và cách sắp xếp này); "
                "hãy bắt đầu lại từ trang đầu.", field=field), 400) from None
        return _page(page.items, None, per_page, page.total, page.total_exact,
                     next_cursor=page.next_cursor, prev_cursor=page.prev_cursor)
    if order is not None and (args["page"] - 1) * per_page >= count_cap():
        raise invalid("page", gettext("Trang: chỉ đến %(n)s dòng đầu; các trang sau dùng "
                                      "“after” với giá trị next_cursor.",
                                      n=format_number(count_cap())), 400)
    total, exact = count() if count else capped_count(stmt)
    page = RowsPagination(select=stmt, session=db.session, page=args["page"],
                          per_page=per_page, error_out=False, max_per_page=MAX_PER_PAGE,
                          count=False)
    answer = _page(page.items, page.page, per_page, total, exact)
    if order is not None:
        answer["prev_cursor"] = encode_cursor(order, page.items[0]) \
            if page.items and page.page > 1 else None
        full = len(page.items) == per_page
        answer["next_cursor"] = encode_cursor(order, page.items[-1]) \
            if full and (not exact or page.page * per_page < total) else None
    return answer


def _page(items, page, per_page: int, total: int, exact: bool, **cursors) -> dict:
    """The page object (schemas.page_of); a list paged by cursor has both cursors."""
    return {"items": items, "page": page, "per_page": per_page, "total": total,
            "total_exact": exact, "pages": -(-total // per_page) if exact else None, **cursors}


def list_page(items: list, args) -> dict:
    """The same page object for a list already loaded in order."""
    page, per_page = args["page"], args["per_page"]
    return _page(items[(page - 1) * per_page:page * per_page], page, per_page, len(items), True)


def assignment_or_404(assignment_id: int):
    return found(get_assignment(current_user, assignment_id), "Phân công")


def task_or_404(task_id: int):
    return found(get_task(current_user, task_id), "Nhiệm vụ")


def perform(action):
    """Run an operation and commit; a refusal rolls everything back and becomes a problem
    document naming the field, so nothing is half-written."""
    try:
        with edit_conflicts():
            result = action()
            db.session.commit()
    except DomainError as error:
        db.session.rollback()
        title = gettext("Xung đột dữ liệu") if error.status == 409 else \
            gettext("Không thực hiện được")
        raise ApiProblem(error.status, title, error.message, error.errors) from None
    return result
