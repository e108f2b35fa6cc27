"""The JSON API on flask-smorest: marshmallow schemas parse each request, serialize each
answer and document both in the OpenAPI document, so a field is written once.

What this module adds to flask-smorest: a request parser that answers RFC 9457 problem
documents naming each field in Vietnamese (400 for the query string, 422 for the body,
413/415 for a body too large or not JSON), error responses documented as
application/problem+json, paths relative to /api/v1, and `ApiBlueprint.endpoint`, which
declares a route with everything the document says about it."""
import http
import re
from functools import wraps

import flask_smorest
from apispec import BasePlugin
from flask import current_app, json, request
from flask_babel import gettext
from flask_login import current_user
from flask_smorest.spec.plugins import FlaskPlugin
from marshmallow import RAISE, Schema, ValidationError, fields
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import RequestEntityTooLarge

from tracker.api.problems import ApiProblem, problem

PREFIX = "/api/v1"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Directives and tasks carry at most 10,000 characters of text each, about 60 KB once
# escaped: 128 KB leaves room and keeps a stray upload from being parsed as JSON.
MAX_JSON_BYTES = 128 * 1024
READ_ERRORS = (400, 401, 404, 500)
WRITE_ERRORS = (400, 401, 403, 404, 409, 413, 415, 422, 500)
PROBLEM_MIMETYPE = "application/problem+json"


class ProblemSchema(Schema):
    """The problem document (documentation only; problems.py writes it)."""

    class Meta:
        title = "Problem"

    type = fields.Str(required=True)
    title = fields.Str(required=True)
    status = fields.Int(required=True)
    detail = fields.Str(required=True)
    errors = fields.Dict(keys=fields.Str(), values=fields.Str(), required=True,
                         metadata={"description": "{trường: thông điệp tiếng Việt nêu "
                                                  "tên trường}"})


# ---- parsing ---------------------------------------------------------------------------

class Body(Schema):
    """A JSON request body: members it does not declare are refused."""

    class Meta:
        unknown = RAISE


class Query(Schema):
    """A query string: parameters it does not declare are refused, each one at most once.
    With `EMPTY_IS_NO_FILTER`, an empty value is no filter (what HTML forms send)."""

    EMPTY_IS_NO_FILTER = False

    class Meta:
        unknown = RAISE


_INTEGER = re.compile(r"^[+-]?\d{1,12}$")


def _from_text(field, raw: str):
    """A query-string value as the JSON value it stands for, when it can be one."""
    if isinstance(field, fields.Integer) and _INTEGER.match(raw):
        return int(raw)
    if isinstance(field, fields.Boolean) and raw in ("true", "false"):
        return raw == "true"
    return raw


def _label(schema, name: str) -> str:
    field = schema.fields.get(name)
    return field.metadata.get("title", name) if field is not None else name[:60]


class Parser(FlaskParser):
    """webargs' parser with this API's rules for the body and the query string."""

    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
                                   "query": RAISE, "querystring": RAISE, "json": RAISE}

    def load_querystring(self, req, schema):
        values, repeated = {}, {}
        for name in req.args:
            given = req.args.getlist(name)
            if getattr(schema, "EMPTY_IS_NO_FILTER", False):
                given = [value for value in given if value.strip()]
            if len(given) > 1:
                repeated[name] = [gettext("%(label)s: chỉ được gửi một lần.",
                                          label=_label(schema, name))]
            elif given:
                values[name] = _from_text(schema.fields.get(name), given[0])
        if repeated:
            raise ValidationError(repeated)
        return values

    def load_json(self, req, schema):
        """The body as a JSON object; nothing is read past the limit."""
        limit = current_app.config.get("API_MAX_JSON_BYTES", MAX_JSON_BYTES)
        too_large = _body_problem(413, gettext("Nội dung quá lớn"), gettext(
            "Nội dung yêu cầu: không quá %(kb)s KB.", kb=limit // 1024))
        if req.mimetype != "application/json":
            message = gettext("Content-Type: cần application/json.")
            raise ApiProblem(415, gettext("Kiểu nội dung không được hỗ trợ"), message,
                             {"Content-Type": message})
        if req.content_length is not None and req.content_length > limit:
            raise too_large
        req.max_content_length = limit  # also bounds a body sent without Content-Length
        try:
            raw = req.get_data(cache=False)
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
            raise _body_problem(400, gettext("JSON không hợp lệ"), gettext(
                "Nội dung yêu cầu: không phải JSON hợp lệ%(where)s.", where=where)) from None
        if not isinstance(value, dict):
            raise _body_problem(422, gettext("Dữ liệu không hợp lệ"),
                                gettext("Nội dung yêu cầu: cần một đối tượng JSON."))
        return value

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):
        (location, messages), = error.messages.items()
        query = location in ("query", "querystring")
        unknown = gettext("%(name)s: tham số này không được hỗ trợ.") if query else \
            gettext("%(name)s: trường này không được hỗ trợ.")
        errors = _flatten(messages, schema, unknown)
        if query:
            raise ApiProblem(400, gettext("Tham số không hợp lệ"),
                             gettext("Một số tham số trên địa chỉ không hợp lệ."), errors)
        raise ApiProblem(422, gettext("Dữ liệu không hợp lệ"), " ".join(errors.values()),
                         errors)


def _flatten(messages: dict, schema, unknown: str) -> dict:
    """marshmallow's {field: [message]} or {field: {index: [message]}} as {field: message};
    a member the schema does not declare gets `unknown`."""
    errors = {}
    for name, value in messages.items():
        if isinstance(value, dict):  # the items of a list
            for index, inner in value.items():
                errors[f"{name}[{index}]"] = inner[0]
        elif name in schema.fields:
            errors[name] = value[0]
        else:
            errors[name] = unknown % {"name": name[:60]}
    return errors


def _body_problem(status: int, title: str, message: str) -> ApiProblem:
    return ApiProblem(status, title, message, {"body": message})


def _refuse_constant(name: str):
    raise ValueError(name)  # NaN and Infinity are not JSON


# ---- routes ----------------------------------------------------------------------------

def unauthenticated(detail: str | None = None) -> ApiProblem:
    return ApiProblem(401, gettext("Chưa xác thực"),
                      detail or gettext("Cần mã truy cập (API token) hợp lệ: gửi tiêu đề "
                                        "Authorization: Bearer <mã>."),
                      {"Authorization": gettext("Authorization: thiếu hoặc không hợp lệ.")},
                      {"WWW-Authenticate": 'Bearer realm="api"'})


def forbidden(detail: str | None = None) -> ApiProblem:
    return ApiProblem(403, gettext("Không có quyền"),
                      detail or gettext("Tài khoản của bạn không được thực hiện thao tác này."))


class ApiBlueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = Parser()

    def endpoint(self, rule: str, method: str = "GET", *, summary: str, tag: str,
                 response, status: int = 200, query=None, body=None, allowed=None,
                 errors: tuple | None = None, description: str = "", name: str | None = None,
                 responses: dict | None = None):
        """Register `view` at `rule`. The view gets the checked query string (`query`) or
        JSON body (`body`) as its first argument, besides the URL's values, and returns
        what `response` serializes (or that with a status and headers).

        `allowed(user)` is the role check that comes before reading the body: a user who
        may never do this gets 403 whatever they send. `name` is the endpoint's, when one
        view serves two rules (the view's name for the first). `responses` documents by
        hand what no schema describes (a file download: `response=None`)."""
        def decorator(view):
            handler = self.response(status, response)(view)
            codes = errors or (WRITE_ERRORS if method not in SAFE_METHODS else READ_ERRORS)
            for code in sorted(codes, reverse=True):
                handler = self.alt_response(code, response=http.HTTPStatus(code).name)(handler)
            if body is not None:
                handler = self.arguments(body, location="json")(handler)
            if query is not None:
                handler = self.arguments(query, location="query",
                                         error_status_code=400)(handler)
            handler = _guarded(handler, allowed)
            handler = self.doc(summary=summary,
                               description=description or (view.__doc__ or "").strip(),
                               **({"responses": responses} if responses else {}))(handler)
            self.route(rule, methods=[method], tags=[tag], endpoint=name)(handler)
            return handler
        return decorator


def _guarded(view, allowed):
    @wraps(view)
    def handler(*args, **kwargs):
        if not current_user.is_authenticated:
            raise unauthenticated()
        if allowed is not None and not allowed(current_user):
            raise forbidden()
        return view(*args, **kwargs)
    return handler


# ---- the document ----------------------------------------------------------------------

class _Paths(FlaskPlugin):
    """Paths relative to the server URL (/api/v1), as clients read them."""

    def path_helper(self, rule, operations, parameters, **kwargs):
        path = super().path_helper(rule, operations, parameters, **kwargs)
        return path[len(PREFIX):] if path.startswith(PREFIX + "/") else path


class _Problems(BasePlugin):
    """Every error response is a problem document (application/problem+json), and query
    parameters of a schema that takes empty values say so."""

    def response_helper(self, response, **kwargs):
        content = response.get("content", {})
        if "application/json" not in content:
            return None
        code = _CODES.get(response.get("description"))
        return {"content": {PROBLEM_MIMETYPE: content["application/json"]},
                "description": ERRORS.get(code, response.get("description", ""))}


_CODES = {status.phrase: status.value for status in http.HTTPStatus}
ERRORS = {
    400: "Yêu cầu không hợp lệ (JSON sai cú pháp, tham số không hợp lệ).",
    401: "Thiếu mã truy cập, mã sai hoặc đã bị thu hồi.",
    403: "Không có quyền (hoặc mã truy cập chỉ đọc).",
    404: "Không tìm thấy, hoặc nằm ngoài phạm vi của bạn.",
    409: "Xung đột: dữ liệu đã được người khác cập nhật (version) hoặc đã đổi trạng thái.",
    413: "Nội dung yêu cầu quá lớn.",
    415: "Content-Type phải là application/json.",
    422: "Dữ liệu không hợp lệ: sai kiểu, trường lạ, ngày sai, vi phạm quy tắc.",
    500: "Lỗi hệ thống; không có gì được ghi.",
}


def _empty_values(converter, field, **kwargs) -> dict:
    schema = field.parent
    return {"allowEmptyValue": True} if getattr(schema, "EMPTY_IS_NO_FILTER", False) else {}


DESCRIPTION = """API JSON của hệ thống Theo dõi nhiệm vụ dân vận.

Xác thực bằng mã truy cập cá nhân (tạo ở trang Mã truy cập API): tiêu đề
`Authorization: Bearer <mã>`. Mã có cùng quyền và phạm vi với tài khoản; mã chỉ đọc không
được thay đổi dữ liệu (403). Ngoài phạm vi: 404.

Danh sách được phân trang (`page`, `per_page` tối đa 100), thứ tự ổn định (cuối cùng theo
id). Ngày dạng `yyyy-mm-dd` (cũng nhận `dd/mm/yyyy`). Lỗi theo RFC 9457
(`application/problem+json`) với `errors`: {trường: thông điệp}."""


class Api(flask_smorest.Api):
    """flask-smorest's extension with problem documents for the errors under /api/."""

    DEFAULT_ERROR_RESPONSE_NAME = None  # each operation lists its own errors
    ERROR_SCHEMA = ProblemSchema

    def __init__(self):
        problems = _Problems()
        super().__init__(spec_kwargs={
            "flask_plugin": _Paths(), "extra_plugins": [problems],
            "info": {"description": DESCRIPTION},
            "servers": [{"url": PREFIX}],
            "security": [{"bearerAuth": []}],
            "components": {"securitySchemes": {"bearerAuth": {
                "type": "http", "scheme": "bearer",
                "description": "Mã truy cập cá nhân, tạo ở trang Mã truy cập API."}}},
        })

    def init_app(self, app, **kwargs):
        app.config.setdefault("API_TITLE", "Theo dõi nhiệm vụ dân vận – API")
        app.config.setdefault("API_VERSION", "1")
        app.config.setdefault("OPENAPI_VERSION", "3.0.3")
        super().init_app(app, **kwargs)
        self.ma_plugin.converter.add_parameter_attribute_function(_empty_values)

    def handle_http_exception(self, error):
        """Under /api/ an HTTP error is a problem document; pages keep Flask's answer."""
        if not request.path.startswith("/api/"):
            return error
        headers = dict(error.get_headers())
        headers.pop("Content-Type", None)
        return problem(error.code, error.name, error.description, None, headers)
