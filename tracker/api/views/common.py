"""What the API views share: pagination, sorting, committing or refusing."""
from flask_babel import gettext

from tracker.api.fields import Int, Str
from tracker.api.framework import Query
from tracker.api.problems import ApiProblem
from tracker.core.errors import DomainError, edit_conflicts
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


def page_json(stmt, args) -> dict:
    """One page of a select (already in a stable order) as the API's page object."""
    page = db.paginate(stmt, page=args["page"], per_page=args["per_page"], error_out=False,
                       max_per_page=MAX_PER_PAGE, count=True)
    return {"items": page.items, "page": page.page, "per_page": page.per_page,
            "total": page.total, "pages": page.pages}


def list_page(items: list, args) -> dict:
    """The same page object for a list already loaded in order."""
    start = (args["page"] - 1) * args["per_page"]
    total = len(items)
    return {"items": items[start:start + args["per_page"]], "page": args["page"],
            "per_page": args["per_page"], "total": total,
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
