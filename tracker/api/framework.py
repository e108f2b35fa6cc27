"""What this API adds to flask-smorest: a request parser that answers RFC 9457 problem
documents naming each field in Vietnamese (400 for the query string, 422 for the body,
413/415 for a body too large or not JSON), the sign-in and role checks before a request is
read, error responses documented as application/problem+json, paths relative to /api/v1.
Routes use flask-smorest's own decorators (route, arguments, response)."""
import http
import re
from functools import wraps

import flask_smorest
from apispec import BasePlugin
from flask import current_app, json, request
from flask_babel import gettext
from flask_login import current_user
from flask_smorest.spec.plugins import FlaskPlugin
from marshmallow import RAISE, ValidationError, fields
from marshmallow import Schema as _Schema
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import RequestEntityTooLarge

from tracker.api.fields import Titled
from tracker.api.problems import PROBLEM_MIMETYPE, ApiProblem, forbidden, unauthenticated

PREFIX = "/api/v1"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Directives and tasks carry at most 10,000 characters of text each, about 60 KB once
# escaped: 128 KB leaves room and keeps a stray upload from being parsed as JSON.
MAX_JSON_BYTES = 128 * 1024
READ_ERRORS = (400, 401, 404, 500)
WRITE_ERRORS = (400, 401, 403, 404, 409, 413, 415, 422, 500)


class Schema(_Schema):
    """A resource: it parses a request, serializes the answer and documents both. A field
    with a Vietnamese title (tracker/api/fields.py) may be sent; the others are read-only.
    Members a request may not send are refused."""

    class Meta:
        unknown = RAISE

    def on_bind_field(self, field_name, field_obj):
        if not isinstance(field_obj, Titled):
            field_obj.dump_only = True

    @classmethod
    def part(cls, *names: str, name: str, **more) -> type[_Schema]:
        """A request body made of some of this resource's fields (and `more`)."""
        return Schema.from_dict({**{n: cls._declared_fields[n] for n in names}, **more},
                                name=name)


class ProblemSchema(_Schema):
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

class Query(Schema):
    """A query string: parameters it does not declare are refused, each one at most once.
    With `EMPTY_IS_NO_FILTER`, an empty value is no filter (what HTML forms send)."""

    EMPTY_IS_NO_FILTER = False


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
        elif name in schema.load_fields:
            errors[name] = value[0]
        else:
            errors[name] = unknown % {"name": name[:60]}
    return errors


def _body_problem(status: int, title: str, message: str) -> ApiProblem:
    return ApiProblem(status, title, message, {"body": message})


def _refuse_constant(name: str):
    raise ValueError(name)  # NaN and Infinity are not JSON


# ---- routes ----------------------------------------------------------------------------

class ApiBlueprint(flask_smorest.Blueprint):
    """Every route needs a signed-in user (a token, or a browser's session for reads)."""

    # unknown=None: each schema's own `unknown` (RAISE), in the body and the query string.
    ARGUMENTS_PARSER = Parser(unknown=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.before_request(_signed_in)

    def query(self, schema, documented: int = 400):
        """The query string, checked by `schema`: a refusal is a 400 (the status filters
        document a 422 too: a period that ends before it starts)."""
        return self.arguments(schema, location="query", error_status_code=documented)


def _signed_in():
    if not current_user.is_authenticated:
        raise unauthenticated()


def allowed(check):
    """The role check that comes before reading the body: a user who may never do this
    gets 403 whatever they send."""
    def decorator(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not check(current_user):
                raise forbidden()
            return view(*args, **kwargs)
        return guarded
    return decorator


# ---- the document ----------------------------------------------------------------------

class _Paths(FlaskPlugin):
    """Paths relative to the server URL (/api/v1), as clients read them."""

    def path_helper(self, rule, operations, parameters, **kwargs):
        path = super().path_helper(rule, operations, parameters, **kwargs)
        return path[len(PREFIX):] if path.startswith(PREFIX + "/") else path


class _Problems(BasePlugin):
    """Every operation lists the errors it may answer (by its method), each a problem
    document (application/problem+json)."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        for method, operation in operations.items():
            codes = READ_ERRORS if method.upper() in SAFE_METHODS else WRITE_ERRORS
            for code in codes:
                operation["responses"].setdefault(code, http.HTTPStatus(code).name)

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
    """Query parameters of a schema that takes empty values say so."""
    schema = field.parent
    return {"allowEmptyValue": True} if getattr(schema, "EMPTY_IS_NO_FILTER", False) else {}


DESCRIPTION = """API JSON của hệ thống Theo dõi nhiệm vụ dân vận.

Xác thực bằng mã truy cập cá nhân (tạo ở trang Mã truy cập API): tiêu đề
`Authorization: Bearer <mã>`. Mã có cùng quyền và phạm vi với tài khoản; mã chỉ đọc không
được thay đổi dữ liệu (403). Ngoài phạm vi: 404.

Danh sách được phân trang (`page`, `per_page` tối đa 100), thứ tự ổn định (cuối cùng theo
id). Số dòng (`total`) chỉ đếm đến 10.000 (tìm phân công theo từ khóa `q`: 1.000): khi nhiều
hơn, `total` là 10000 (1000), `total_exact` là false và `pages` là null. Danh sách phân công
theo vị trí: trang sau bằng `after` = `next_cursor`, trang trước bằng `before` =
`prev_cursor` (mọi độ sâu, cùng chi phí); `page` chỉ đến 10.000 dòng đầu. Ngày dạng
`yyyy-mm-dd` (cũng nhận `dd/mm/yyyy`). Lỗi theo RFC 9457 (`application/problem+json`) với
`errors`: {trường: thông điệp}."""


class Api(flask_smorest.Api):
    """flask-smorest's extension with problem documents for the errors under /api/."""

    DEFAULT_ERROR_RESPONSE_NAME = None  # each operation lists its own errors
    ERROR_SCHEMA = ProblemSchema

    def __init__(self):
        super().__init__(spec_kwargs={
            "title": "Theo dõi nhiệm vụ dân vận – API", "version": "1", "openapi_version": "3.0.3",
            "flask_plugin": _Paths(), "extra_plugins": [_Problems()],
            "info": {"description": DESCRIPTION},
            "servers": [{"url": PREFIX}],
            "security": [{"bearerAuth": []}],
            "components": {"securitySchemes": {"bearerAuth": {
                "type": "http", "scheme": "bearer",
                "description": "Mã truy cập cá nhân, tạo ở trang Mã truy cập API."}}},
        })

    def init_app(self, app, **kwargs):
        super().init_app(app, **kwargs)
        self.ma_plugin.converter.add_parameter_attribute_function(_empty_values)

    def register_blueprint(self, blp, **options):
        super().register_blueprint(blp, **options)
        # Operations carry their resource's tag: the blueprint's own would show in Swagger
        # UI as an empty group.
        self.spec._tags = [tag for tag in self.spec._tags if tag["name"] != blp.name]

    def handle_http_exception(self, error):
        """Under /api/ an HTTP error is a problem document; pages keep Flask's answer."""
        if not request.path.startswith("/api/"):
            return error
        headers = dict(error.get_headers())
        headers.pop("Content-Type", None)
        return ApiProblem(error.code, error.name, error.description, None,
                          headers).response()
