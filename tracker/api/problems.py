"""Errors of the JSON API as RFC 9457 problem details (application/problem+json): the one
place where an API refusal is written."""
from flask import Response, json
from flask_babel import gettext

PROBLEM_MIMETYPE = "application/problem+json"


class ApiProblem(Exception):
    """Raised anywhere in an API request; answered as a problem document. `errors` maps a
    field (a JSON member, a query parameter, `body`) to a Vietnamese message naming it."""

    def __init__(self, status: int, title: str, detail: str, errors: dict | None = None,
                 headers: dict | None = None):
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail
        self.errors, self.headers = errors or {}, headers or {}

    def response(self) -> Response:
        return problem(self.status, self.title, self.detail, self.errors, self.headers)


def problem(status: int, title: str, detail: str, errors: dict | None = None,
            headers: dict | None = None) -> Response:
    document = {"type": "about:blank", "title": str(title), "status": status,
                "detail": str(detail),
                "errors": {str(k): str(v) for k, v in (errors or {}).items()}}
    response = Response(json.dumps(document, ensure_ascii=False), status=status,
                        mimetype=PROBLEM_MIMETYPE, headers=headers)
    response.headers["Cache-Control"] = "no-store"
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


def found(obj, what: str):
    """`obj`, or a 404 (missing and outside the user's scope look the same)."""
    if obj is None:
        raise ApiProblem(404, gettext("Không tìm thấy"), gettext(
            "%(what)s: không tìm thấy, hoặc nằm ngoài phạm vi của bạn.", what=what))
    return obj


def invalid(field: str, message: str, status: int = 422) -> ApiProblem:
    """A value the user may not use (a reference outside their scope) naming its field:
    422 in the body, 400 in the query string."""
    title = gettext("Dữ liệu không hợp lệ") if status == 422 else \
        gettext("Tham số không hợp lệ")
    return ApiProblem(status, title, message, {field: message})
