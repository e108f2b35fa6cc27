"""Errors of the JSON API as RFC 9457 problem details (application/problem+json)."""
from flask import Response, json

PROBLEM_MIMETYPE = "application/problem+json"


class ApiProblem(Exception):
    """Raised anywhere in an API request; answered as a problem document."""

    def __init__(self, status: int, title: str, detail: str, errors: dict | None = None,
                 headers: dict | None = None):
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail
        self.errors, self.headers = errors or {}, headers or {}


def problem(status: int, title: str, detail: str, errors: dict | None = None,
            headers: dict | None = None) -> Response:
    """`errors` maps a field (a JSON member, a query parameter, `body`) to a Vietnamese
    message naming it."""
    document = {"type": "about:blank", "title": str(title), "status": status,
                "detail": str(detail),
                "errors": {str(k): str(v) for k, v in (errors or {}).items()}}
    response = Response(json.dumps(document, ensure_ascii=False), status=status,
                        mimetype=PROBLEM_MIMETYPE)
    response.headers["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def from_exception(error: ApiProblem) -> Response:
    return problem(error.status, error.title, error.detail, error.errors, error.headers)
