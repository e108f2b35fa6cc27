"""One registry of API operations: `api_route` registers a Flask route together with what
the OpenAPI document says about it, and checks each request against that same description
(query string, JSON body, size, media type) before the view runs."""
from dataclasses import dataclass, field
from functools import wraps

from flask import Blueprint, Response, current_app, json, request
from flask_babel import gettext
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from tracker.api import schemas
from tracker.api.problems import ApiProblem

bp = Blueprint("api", __name__, url_prefix="/api/v1")

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Directives and tasks carry at most 10,000 characters of text each, about 60 KB once
# escaped: 128 KB leaves room and keeps a stray upload from being parsed as JSON.
MAX_JSON_BYTES = 128 * 1024
READ_ERRORS = (400, 401, 404)
WRITE_ERRORS = (400, 401, 403, 404, 409, 413, 415, 422)


@dataclass
class Operation:
    endpoint: str
    method: str
    summary: str
    tag: str
    description: str = ""
    query: dict = field(default_factory=dict)
    body: dict | None = None
    response: dict | None = None
    status: int = 200
    errors: tuple = READ_ERRORS
    public: bool = False
    body_name: str | None = None
    empty_values: bool = False  # an empty query value means "no filter" (HTML forms)


# (endpoint, method) -> Operation; the OpenAPI document is generated from it and url_map.
OPERATIONS: dict[tuple[str, str], Operation] = {}


def document(operation: Operation) -> Operation:
    """Describe a route (of this blueprint or another one under /api/v1)."""
    OPERATIONS[(operation.endpoint, operation.method)] = operation
    return operation


def api_route(rule: str, method: str = "GET", *, summary: str, tag: str, description: str = "",
              query: dict | None = None, body: dict | None = None, body_name: str | None = None,
              response: dict | None = None, status: int = 200, errors: tuple | None = None,
              public: bool = False, allowed=None):
    """Register `view` at `rule`; it is called with `args` (the checked query string) and
    `data` (the checked JSON body, or None) besides the URL's values.

    `allowed(user)` is the role check that comes before reading the body: a user who may
    never do this gets 403 whatever they send."""
    def decorator(view):
        endpoint = f"{bp.name}.{view.__name__}"
        document(Operation(
            endpoint=endpoint, method=method, summary=summary, tag=tag,
            description=description or (view.__doc__ or "").strip(), query=query or {},
            body=body, body_name=body_name, response=response, status=status,
            errors=errors or (WRITE_ERRORS if method not in SAFE_METHODS else READ_ERRORS),
            public=public))

        @wraps(view)
        def handler(**values):
            if not public and not current_user.is_authenticated:
                raise unauthenticated()
            if allowed is not None and not allowed(current_user):
                raise forbidden()
            problems: dict = {}
            args = schemas.check_query(query or {}, request.args, problems)
            if problems:
                raise ApiProblem(400, gettext("Tham số không hợp lệ"),
                                 gettext("Một số tham số trên địa chỉ không hợp lệ."), problems)
            data = read_json(body) if body is not None else None
            result = view(**values, args=args, data=data)
            return result if isinstance(result, Response) else json_response(result, status)

        bp.add_url_rule(rule, view.__name__, handler, methods=[method])
        return handler
    return decorator


def json_response(data, status: int = 200, headers: dict | None = None) -> Response:
    response = Response(json.dumps(data, ensure_ascii=False), status=status,
                        mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def unauthenticated(detail: str | None = None) -> ApiProblem:
    return ApiProblem(401, gettext("Chưa xác thực"),
                      detail or gettext("Cần mã truy cập (API token) hợp lệ: gửi tiêu đề "
                                        "Authorization: Bearer <mã>."),
                      {"Authorization": gettext("Authorization: thiếu hoặc không hợp lệ.")},
                      {"WWW-Authenticate": 'Bearer realm="api"'})


def forbidden(detail: str | None = None) -> ApiProblem:
    return ApiProblem(403, gettext("Không có quyền"),
                      detail or gettext("Tài khoản của bạn không được thực hiện thao tác này."))


def _body_problem(status: int, title: str, message: str) -> ApiProblem:
    return ApiProblem(status, title, message, {"body": message})


def read_json(schema: dict) -> dict:
    """The request's JSON body checked against `schema`; nothing is read past the limit."""
    limit = current_app.config.get("API_MAX_JSON_BYTES", MAX_JSON_BYTES)
    too_large = _body_problem(413, gettext("Nội dung quá lớn"), gettext(
        "Nội dung yêu cầu: không quá %(kb)s KB.", kb=limit // 1024))
    if request.mimetype != "application/json":
        raise ApiProblem(415, gettext("Kiểu nội dung không được hỗ trợ"),
                         gettext("Content-Type: cần application/json."),
                         {"Content-Type": gettext("Content-Type: cần application/json.")})
    if request.content_length is not None and request.content_length > limit:
        raise too_large
    request.max_content_length = limit  # also bounds a body sent without Content-Length
    try:
        raw = request.get_data(cache=False)
    except RequestEntityTooLarge:
        raise too_large from None
    try:
        value = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except UnicodeDecodeError:
        raise _body_problem(400, gettext("JSON không hợp lệ"),
                            gettext("Nội dung yêu cầu: cần mã hóa UTF-8.")) from None
    except (ValueError, RecursionError) as exc:
        where = (gettext(" (dòng %(line)s, cột %(col)s)", line=exc.lineno, col=exc.colno)
                 if hasattr(exc, "lineno") else "")
        raise _body_problem(400, gettext("JSON không hợp lệ"),
                            gettext("Nội dung yêu cầu: không phải JSON hợp lệ%(where)s.",
                                    where=where)) from None
    if not isinstance(value, dict):
        raise ApiProblem(422, gettext("Dữ liệu không hợp lệ"), gettext(
            "Nội dung yêu cầu: cần một đối tượng JSON."), {"body": gettext(
                "Nội dung yêu cầu: cần một đối tượng JSON.")})
    problems: dict = {}
    data = schemas.check(schema, value, "", problems)
    if problems:
        raise ApiProblem(422, gettext("Dữ liệu không hợp lệ"),
                         " ".join(problems.values()), problems)
    return data


def _refuse_constant(name: str):
    raise ValueError(name)  # NaN and Infinity are not JSON
