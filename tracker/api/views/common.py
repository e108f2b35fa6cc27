"""What the API views share: pagination, sorting, committing or refusing."""
from flask_babel import gettext

from tracker.api.fields import Int, Str
from tracker.api.framework import Query
from tracker.api.problems import ApiProblem
from tracker.core.errors import DomainError, edit_conflicts
from tracker.core.keyset import BadCursor, capped_count, count_cap, encode_cursor, keyset_page
from tracker.core.text import format_number
from tracker.extensions import db

MAX_PER_PAGE = 100


class PageQuery(Query):
    page = Int("Trang", minimum=1, maximum=100_000, load_default=1)
    per_page = Int("Số dòng mỗi trang", minimum=1, maximum=MAX_PER_PAGE, load_default=25)


def sort_field(keys, default: str) -> Str:
    """?sort=key or ?sort=-key (descending); the id always breaks ties."""
    return Str("Sắp xếp", enum=[k for key in keys for k in (key, f"-{key}")],
               load_default=default)


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


def _cursor_problem(field: str) -> ApiProblem:
    message = gettext("%(field)s: vị trí không hợp lệ (không thuộc danh sách và cách sắp "
                      "xếp này); hãy bắt đầu lại từ trang đầu.", field=field)
    return ApiProblem(400, gettext("Tham số không hợp lệ"), message, {field: message})


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
            raise _cursor_problem(field) from None
        return {"items": page.items, "page": None, "per_page": per_page,
                "total": page.total, "total_exact": page.total_exact,
                "pages": _pages(page.total, page.total_exact, per_page),
                "next_cursor": page.next_cursor, "prev_cursor": page.prev_cursor}
    if order is not None and (args["page"] - 1) * per_page >= count_cap():
        message = gettext("Trang: chỉ đến %(n)s dòng đầu; các trang sau dùng “after” với "
                          "giá trị next_cursor.", n=format_number(count_cap()))
        raise ApiProblem(400, gettext("Tham số không hợp lệ"), message, {"page": message})
    total, exact = count() if count else capped_count(stmt)
    page = db.paginate(stmt, page=args["page"], per_page=per_page, error_out=False,
                       max_per_page=MAX_PER_PAGE, count=False)
    found = {"items": page.items, "page": page.page, "per_page": per_page, "total": total,
             "total_exact": exact, "pages": _pages(total, exact, per_page)}
    if order is not None:
        found["prev_cursor"] = encode_cursor(order, page.items[0]) \
            if page.items and page.page > 1 else None
        full = len(page.items) == per_page
        found["next_cursor"] = encode_cursor(order, page.items[-1]) \
            if full and (not exact or page.page * per_page < total) else None
    return found


def _pages(total: int, exact: bool, per_page: int) -> int | None:
    return -(-total // per_page) if exact else None


def list_page(items: list, args) -> dict:
    """The same page object for a list already loaded in order."""
    start = (args["page"] - 1) * args["per_page"]
    total = len(items)
    return {"items": items[start:start + args["per_page"]], "page": args["page"],
            "per_page": args["per_page"], "total": total, "total_exact": True,
            "pages": -(-total // args["per_page"])}


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
