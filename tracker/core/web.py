"""What every page shares: filters, error pages, pagination (security headers: security.py)."""
from flask import Flask, render_template, request
from flask_babel import get_locale, gettext
from flask_sqlalchemy.pagination import SelectPagination
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from werkzeug.routing import IntegerConverter

from tracker.core.errors import DomainError
from tracker.core.time import format_date, format_datetime

ID_MAX = 2**31 - 1  # ids are 32-bit integers in PostgreSQL
PAGE_MAX = 1_000_000


def _iso_to_vn(value):
    """History stores dates as ISO text; show them as dd/mm/yyyy."""
    import re
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return f"{value[8:10]}/{value[5:7]}/{value[:4]}"
    if value is None:
        return "—"
    if value is True:
        return gettext("Có")
    if value is False:
        return gettext("Không")
    return value


def init_app(app: Flask) -> None:
    app.jinja_env.filters["d"] = format_date
    app.jinja_env.filters["dt"] = format_datetime
    app.jinja_env.filters["iso_date"] = _iso_to_vn
    from tracker.core.text import format_number, format_size
    app.jinja_env.filters["num"] = format_number  # the one number format of every page
    app.jinja_env.filters["filesize"] = format_size

    # Globals, not a context processor, so that imported macros see them too. Features add
    # their own (the assignment states, the history's words) when they are registered.
    app.jinja_env.globals.update(
        current_locale=lambda: str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"]),
        url_template=url_template)

    @app.context_processor
    def _may():
        """What the menus may offer the user: booleans from core/permissions."""
        from flask_login import current_user

        from tracker.core.permissions import user_can
        return {"may": user_can(current_user)}

    def _error(status: int, title: str, message: str, errors: dict | None = None,
               headers: dict | None = None, back: str | None = None):
        for prefix, answer in app.extensions.get(_ERROR_ANSWERS, {}).items():
            if request.path.startswith(prefix):  # e.g. the JSON API's problem documents
                return answer(status, title, message, errors, headers)
        return render_template("errors/error.html", status=status, title=title,
                               message=message, back=back), status, headers or {}

    # Texts are translated when the handler runs, in the language of the request.
    app.register_error_handler(400, lambda e: _error(
        400, gettext("Yêu cầu không hợp lệ"), gettext("Yêu cầu gửi lên không hợp lệ.")))
    app.register_error_handler(403, lambda e: _error(
        403, gettext("Không có quyền"),
        gettext("Tài khoản của bạn không được thực hiện thao tác này.")))
    app.register_error_handler(404, lambda e: _error(
        404, gettext("Không tìm thấy"),
        gettext("Không tìm thấy trang hoặc dữ liệu này, hoặc nó nằm ngoài phạm vi của bạn.")))
    app.register_error_handler(405, lambda e: _error(
        405, gettext("Phương thức không được phép"),
        gettext("Thao tác này không thực hiện được theo cách đó."),
        headers={"Allow": ", ".join(e.valid_methods or [])}))
    app.register_error_handler(413, lambda e: _error(
        413, gettext("Tệp quá lớn"),
        gettext("Tệp đính kèm: dung lượng vượt quá giới hạn %(mb)s MB.",
                mb=app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024))))
    app.register_error_handler(429, lambda e: _error(
        429, gettext("Thử quá nhiều lần"),
        getattr(e, "description", gettext("Vui lòng thử lại sau."))))
    # An expired session (or a sign-in from another tab) makes a form's token stale. What
    # was typed is kept by the browser (static/app.js) and put back when the form's page
    # opens again, after signing in if need be: this page leads there.
    app.register_error_handler(CSRFError, lambda e: _error(
        400, gettext("Phiên làm việc đã hết hạn"),
        gettext("Nội dung chưa được gửi vì phiên làm việc đã hết hạn hoặc bạn vừa đăng nhập "
                "lại ở cửa sổ khác. Những gì bạn đã nhập vẫn được giữ: mở lại trang (đăng nhập "
                "nếu được hỏi), kiểm tra rồi gửi lại."),
        back=page_of(request.path)))
    app.register_error_handler(DomainError, lambda e: _error(
        e.status, gettext("Không thực hiện được"), e.message, e.errors))
    app.register_error_handler(IntegrityError, lambda e: _duplicate())

    def _duplicate():
        """Two identical saves at once: the unique index refused the second one."""
        from tracker.extensions import db
        db.session.rollback()
        return _error(409, gettext("Trùng dữ liệu"), gettext(DUPLICATE_MESSAGE))

    app.register_error_handler(500, lambda e: _error(
        500, gettext("Lỗi hệ thống"),
        gettext("Đã xảy ra lỗi. Dữ liệu của bạn chưa được lưu; vui lòng thử lại.")))


_ERROR_ANSWERS = "tracker.error_answers"


def compile_templates(app: Flask) -> int:
    """Compile every template of the app's own folder now (a web worker before its first
    request: gunicorn.conf.py), instead of at each page's first request in each worker:
    compiling the status page's templates took 64 of the 101 ms of its first request.
    Returns how many were compiled."""
    names = [name for name in app.jinja_env.list_templates()
             if name.endswith((".html", ".txt"))]
    for name in names:
        app.jinja_env.get_template(name)
    return len(names)


def answer_errors_under(app: Flask, prefix: str, answer) -> None:
    """Errors of requests under `prefix` are answered by `answer(status, title, message,
    errors, headers)` instead of the HTML error page."""
    app.extensions.setdefault(_ERROR_ANSWERS, {})[prefix] = answer


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: a row id, 1 to 2**31 - 1. A larger number is no row of
    any table, so it answers 404 instead of overflowing the database driver."""

    def __init__(self, map, fixed_digits=0, min=1, max=ID_MAX, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def url_template(endpoint: str, key: str, **values):
    """For many links that differ by one integer argument (a row per body): url_for once,
    and a function of that argument that fills it in."""
    from flask import url_for
    marker = "918273645"
    head, tail = url_for(endpoint, **{key: int(marker)}, **values).split(marker, 1)
    return lambda value: f"{head}{int(value)}{tail}"


def page_number() -> int:
    try:
        number = int(request.args.get("page", 1))
    except ValueError:
        return 1
    # An offset past 64 bits overflows the database driver (500); no list is that long.
    return min(max(1, number), PAGE_MAX)


class RowsPagination(SelectPagination):
    """Flask-SQLAlchemy's page of a select, whose rows are plain rows when the select
    names columns rather than an entity (keyset.fetch)."""

    def _query_items(self) -> list:
        from tracker.core.keyset import fetch
        return fetch(self._query_args["select"].limit(self.per_page)
                     .offset(self._query_offset))


def paginate(select, per_page: int | None = None, total: int | None = None, count=None):
    """A Flask-SQLAlchemy page of `select`. A page past the end (an old link, a list that
    shrank) shows the last page rather than an empty list that reads "nothing yet". A
    `total` known otherwise (the overdue list's, from the status histogram) saves counting
    rows; else the rows are counted up to COUNT_CAP (by `count()` -> (total, exact), a
    cheaper statement of the list's own, if given), and a longer list reads "hơn 10.000"
    (`total_exact` False) with page links up to the cap."""
    from flask import current_app

    from tracker.core.keyset import capped_count
    from tracker.extensions import db
    per_page = per_page or current_app.config["PAGE_SIZE"]
    exact = True
    if total is None:
        total, exact = count() if count else capped_count(select)
    number = min(page_number(), max(1, -(-total // per_page)))
    page = RowsPagination(select=select, session=db.session, page=number, per_page=per_page,
                          error_out=False, count=False)
    page.total, page.total_exact = total, exact
    return page


def keyset_page_of(select, order, per_page: int | None = None, count=None):
    """A keyset page of `select` in `order`, from the request's ?after= or ?before= cursor
    (a cursor of another list or sort shows the first page); `count` as keyset_page's."""
    from flask import current_app

    from tracker.core.keyset import BadCursor, keyset_page
    per_page = per_page or current_app.config["PAGE_SIZE"]
    after, before = request.args.get("after") or None, request.args.get("before") or None
    try:
        return keyset_page(select, order, per_page, after=None if before else after,
                           before=before, count=count)
    except BadCursor:
        return keyset_page(select, order, per_page, count=count)


def sort_param(allowed: dict, default: str) -> tuple[str, bool]:
    """Read ?sort=name or ?sort=-name, limited to `allowed` keys."""
    raw = request.args.get("sort", default)
    descending = raw.startswith("-")
    key = raw.lstrip("-")
    if key not in allowed:
        key, descending = default.lstrip("-"), default.startswith("-")
    return key, descending


def N_(text: str) -> str:
    """Mark a text for extraction (a default pybabel keyword); gettext translates it where
    it is shown."""
    return text


DUPLICATE_MESSAGE = N_("Cùng nội dung này vừa được lưu ở nơi khác cùng lúc. Nội dung của bạn "
                       "chưa được lưu; vui lòng tải lại trang để kiểm tra.")


def handle_form(form, action, on_success):
    """Run a form's operation: commit and return `on_success(result)`, or roll back.

    Returns (response, status): response is None when the page must be re-rendered with
    the form's errors, and status is then the 4xx code to answer with.
    """
    from sqlalchemy.exc import IntegrityError

    from tracker.core.errors import edit_conflicts
    from tracker.core.forms import apply_domain_errors
    from tracker.extensions import db

    if not form.is_submitted():
        return None, 200
    if not form.validate():
        return None, 422
    try:
        with edit_conflicts():
            result = action()
    except DomainError as error:
        db.session.rollback()
        apply_domain_errors(form, error)
        return None, error.status
    except IntegrityError:  # a unique index caught a simultaneous identical save
        db.session.rollback()
        form.form_errors.append(gettext(DUPLICATE_MESSAGE))
        return None, 409
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        form.form_errors.append(gettext(DUPLICATE_MESSAGE))
        return None, 409
    return on_success(result), 200


def int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def page_of(target: str) -> str | None:
    """The page a path belongs to: itself when it can be opened (GET), else the nearest
    parent path that can. A form's POST-only URL (/assignments/5/progress) after signing in
    again must open its page (/assignments/5), not answer 405."""
    from flask import current_app
    from werkzeug.exceptions import HTTPException
    from werkzeug.routing import RequestRedirect
    adapter = current_app.url_map.bind("localhost")
    path, _, query = target.partition("?")
    candidate = path
    while candidate:
        try:
            adapter.match(candidate, method="GET")
        except RequestRedirect:  # "/status" -> "/status/": a page all the same
            pass
        except HTTPException:
            candidate = candidate.rsplit("/", 1)[0]
            continue
        return target if candidate == path else candidate
    return None


def safe_next(target: str | None, fallback: str) -> str:
    """A redirect target from the query string, only if it stays on this site, and the page
    it belongs to when it is a form's POST-only URL."""
    from urllib.parse import urlsplit
    if target and any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return fallback  # a line break in a Location header fails the response (500)
    if target and target.startswith("/") and not target.startswith("//") \
            and "\\" not in target and not urlsplit(target).netloc:
        return page_of(target) or fallback
    return fallback
