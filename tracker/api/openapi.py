"""The OpenAPI 3 document, generated from the app's routes and the operations registry:
the same schemas check the requests, and the schemathesis run checks the answers."""
import re

from flask import Flask

from tracker.api.registry import OPERATIONS
from tracker.api.schemas import identifier, string
from tracker.api.serializers import COMPONENTS

PREFIX = "/api/v1"
_PARAMETER = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")

PROBLEM = {
    "type": "object", "required": ["type", "title", "status", "detail", "errors"],
    "description": "Lỗi theo RFC 9457 (application/problem+json).",
    "properties": {
        "type": {"type": "string"}, "title": {"type": "string"},
        "status": {"type": "integer"}, "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": {"type": "string"},
                   "description": "{trường: thông điệp tiếng Việt nêu tên trường}"},
    },
}
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
DESCRIPTION = """API JSON của hệ thống Theo dõi nhiệm vụ dân vận.

Xác thực bằng mã truy cập cá nhân (tạo ở trang Tài khoản): tiêu đề
`Authorization: Bearer <mã>`. Mã có cùng quyền và phạm vi với tài khoản; mã chỉ đọc không
được thay đổi dữ liệu (403). Ngoài phạm vi: 404.

Danh sách được phân trang (`page`, `per_page` tối đa 100), thứ tự ổn định (cuối cùng theo
id). Ngày dạng `yyyy-mm-dd` (cũng nhận `dd/mm/yyyy`). Lỗi theo RFC 9457
(`application/problem+json`) với `errors`: {trường: thông điệp}."""


def _path(rule) -> tuple[str, list[dict]]:
    """An OpenAPI path and its path parameters from a Flask rule."""
    parameters = []

    def replace(match):
        name = match.group("name")
        schema = identifier(name) if match.group("converter") == "int" else string(name)
        parameters.append({"name": name, "in": "path", "required": True, "schema": schema})
        return "{" + name + "}"
    return _PARAMETER.sub(replace, rule.rule)[len(PREFIX):], parameters


def _operation_id(method: str, path: str) -> str:
    return method.lower() + re.sub(r"\W+", "_", path).rstrip("_")


def _responses(operation) -> dict:
    responses = {str(operation.status): {
        "description": "Thành công.",
        "content": {"application/json": {"schema": operation.response or {"type": "object"}}},
    }}
    for status in (*operation.errors, 500):
        responses[str(status)] = {
            "description": ERRORS[status],
            "content": {"application/problem+json": {
                "schema": {"$ref": "#/components/schemas/Problem"}}}}
    if not operation.public:
        responses.setdefault("401", {
            "description": ERRORS[401], "content": {"application/problem+json": {
                "schema": {"$ref": "#/components/schemas/Problem"}}}})
    return dict(sorted(responses.items()))


def openapi_document(app: Flask) -> dict:
    paths: dict[str, dict] = {}
    bodies: dict[str, dict] = {}
    tags: list[str] = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            operation = OPERATIONS.get((rule.endpoint, method))
            if operation is None:
                continue
            path, parameters = _path(rule)
            entry = {
                "tags": [operation.tag], "summary": operation.summary,
                "description": operation.description,
                "operationId": _operation_id(method, path),
                "parameters": parameters + [
                    {"name": name, "in": "query", "required": False, "schema": schema,
                     **({"allowEmptyValue": True} if operation.empty_values else {})}
                    for name, schema in operation.query.items()],
                "responses": _responses(operation),
            }
            if operation.body is not None:
                bodies[operation.body_name] = operation.body
                entry["requestBody"] = {"required": True, "content": {"application/json": {
                    "schema": {"$ref": f"#/components/schemas/{operation.body_name}"}}}}
            if operation.public:
                entry["security"] = []
            if operation.tag not in tags:
                tags.append(operation.tag)
            paths.setdefault(path, {})[method.lower()] = entry
    return {
        "openapi": "3.0.3",
        "info": {"title": "Theo dõi nhiệm vụ dân vận – API", "version": "1",
                 "description": DESCRIPTION},
        "servers": [{"url": PREFIX}],
        "tags": [{"name": tag} for tag in tags],
        "paths": paths,
        "components": {
            "schemas": {**COMPONENTS, **bodies, "Problem": PROBLEM},
            "securitySchemes": {"bearerAuth": {
                "type": "http", "scheme": "bearer",
                "description": "Mã truy cập cá nhân, tạo ở trang Tài khoản."}},
        },
        "security": [{"bearerAuth": []}],
    }
