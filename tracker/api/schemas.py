"""Schemas of the API: each one both validates a request and describes it in the OpenAPI
document (OpenAPI 3.0 flavour of JSON Schema), so the two cannot drift apart.

A schema's `title` is the Vietnamese name of the field: every refusal names it, the way
form errors do ("Tiến độ (%): cần một số nguyên.").
"""
import re
from datetime import date

from flask_babel import gettext

from tracker.core.time import parse_date

INT32 = 2**31 - 1
DATE_HELP = "Ngày dạng yyyy-mm-dd (cũng nhận dd/mm/yyyy)."


def _schema(values: dict, nullable: bool, description: str) -> dict:
    schema = {key: value for key, value in values.items() if value is not None}
    if nullable:
        schema["nullable"] = True
    if description:
        schema["description"] = description
    return schema


def integer(title: str, *, minimum: int | None = None, maximum: int | None = None,
            nullable: bool = False, description: str = "") -> dict:
    return _schema({"type": "integer", "title": title, "minimum": minimum,
                    "maximum": maximum}, nullable, description)


def identifier(title: str, *, nullable: bool = False, description: str = "") -> dict:
    return integer(title, minimum=1, maximum=INT32, nullable=nullable, description=description)


def string(title: str, *, max_length: int | None = None, min_length: int | None = None,
           enum=None, nullable: bool = False, description: str = "") -> dict:
    return _schema({"type": "string", "title": title, "maxLength": max_length,
                    "minLength": min_length, "enum": list(enum) if enum else None},
                   nullable, description)


def date_(title: str, *, nullable: bool = False, description: str = "") -> dict:
    return _schema({"type": "string", "format": "date", "title": title}, nullable,
                   description or DATE_HELP)


def boolean(title: str, *, description: str = "") -> dict:
    return _schema({"type": "boolean", "title": title}, False, description)


def array(title: str, items: dict, *, max_items: int, description: str = "") -> dict:
    return _schema({"type": "array", "title": title, "items": items, "maxItems": max_items},
                   False, description)


def closed(properties: dict, *, required=(), title: str | None = None,
           description: str = "") -> dict:
    """An object that refuses members it does not list."""
    schema = _schema({"type": "object", "title": title, "properties": properties,
                      "additionalProperties": False}, False, description)
    if required:
        schema["required"] = list(required)
    return schema


# ---- validation ------------------------------------------------------------------------

def _label(schema: dict, field: str) -> str:
    return schema.get("title") or field


def check(schema: dict, value, field: str, errors: dict):
    """The value converted (dates parsed), or None with a message under `field`."""
    label = _label(schema, field)
    if value is None:
        if not schema.get("nullable"):
            errors[field] = gettext("%(label)s: không được để trống.", label=label)
        return None
    kind = schema["type"]
    if kind == "object":
        return _check_object(schema, value, field, errors)
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            errors[field] = gettext("%(label)s: cần một số nguyên.", label=label)
            return None
        return _check_range(schema, value, field, errors)
    if kind == "boolean":
        if not isinstance(value, bool):
            errors[field] = gettext("%(label)s: cần true hoặc false.", label=label)
            return None
        return value
    if kind == "array":
        return _check_array(schema, value, field, errors)
    if not isinstance(value, str):
        errors[field] = gettext("%(label)s: cần một chuỗi ký tự.", label=label)
        return None
    return _check_string(schema, value, field, errors)


def _check_range(schema: dict, value: int, field: str, errors: dict):
    low, high = schema.get("minimum"), schema.get("maximum")
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            message = gettext("%(label)s: cần một số từ %(low)s đến %(high)s.",
                              label=_label(schema, field), low=low, high=high)
        elif low is not None:
            message = gettext("%(label)s: cần một số không nhỏ hơn %(low)s.",
                              label=_label(schema, field), low=low)
        else:
            message = gettext("%(label)s: cần một số không lớn hơn %(high)s.",
                              label=_label(schema, field), high=high)
        errors[field] = message
        return None
    return value


def _check_string(schema: dict, value: str, field: str, errors: dict):
    label = _label(schema, field)
    if "\x00" in value or not _encodable(value):  # no database stores these
        errors[field] = gettext("%(label)s: chứa ký tự không hợp lệ.", label=label)
        return None
    if schema.get("format") == "date":
        try:
            return parse_date(value)
        except ValueError as exc:
            errors[field] = gettext("%(label)s: ngày “%(text)s” không hợp lệ (%(reason)s).",
                                    label=label, text=value[:40], reason=str(exc))
            return None
    if "enum" in schema and value not in schema["enum"]:
        errors[field] = gettext("%(label)s: giá trị “%(text)s” không hợp lệ.", label=label,
                                text=value[:40])
        return None
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        limit = f"{schema['maxLength']:,}".replace(",", ".")
        errors[field] = gettext("%(label)s: không quá %(max)s ký tự.", label=label, max=limit)
        return None
    if "minLength" in schema and len(value) < schema["minLength"]:
        errors[field] = gettext("%(label)s: không được để trống.", label=label)
        return None
    return value


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")  # a lone surrogate ("\\ud800" in JSON) is not text
    except UnicodeEncodeError:
        return False
    return True


def _check_array(schema: dict, value, field: str, errors: dict):
    label = _label(schema, field)
    if not isinstance(value, list):
        errors[field] = gettext("%(label)s: cần một danh sách.", label=label)
        return None
    if len(value) > schema["maxItems"]:
        errors[field] = gettext("%(label)s: không quá %(max)s phần tử.", label=label,
                                max=schema["maxItems"])
        return None
    items = schema["items"]
    item_schema = {**items, "title": f"{label} (phần tử %s)"}
    result = []
    for index, item in enumerate(value):
        named = {**item_schema, "title": item_schema["title"] % (index + 1)}
        result.append(check(named, item, f"{field}[{index}]", errors))
    return result


def _check_object(schema: dict, value, field: str, errors: dict):
    if not isinstance(value, dict):
        errors[field or "body"] = gettext("%(label)s: cần một đối tượng JSON.",
                                          label=schema.get("title") or gettext("Nội dung"))
        return None
    properties = schema.get("properties", {})
    prefix = f"{field}." if field else ""
    for name in value:
        if name not in properties:
            errors[prefix + name] = gettext("%(name)s: trường này không được hỗ trợ.",
                                            name=name[:60])
    result = {}
    for name, sub in properties.items():
        if name in value:
            result[name] = check(sub, value[name], prefix + name, errors)
        elif name in schema.get("required", ()):
            errors[prefix + name] = gettext("%(label)s: không được để trống.",
                                            label=_label(sub, name))
    return result


# ---- query strings ---------------------------------------------------------------------

_INTEGER = re.compile(r"^[+-]?\d{1,12}$")


def check_query(parameters: dict, args, errors: dict) -> dict:
    """Query-string values converted by their schema; unknown parameters are refused."""
    values = {}
    for name in args:
        if name not in parameters:
            errors[name] = gettext("%(name)s: tham số này không được hỗ trợ.", name=name[:60])
    for name, schema in parameters.items():
        raw = args.getlist(name)
        if not raw:
            values[name] = schema.get("default")
            continue
        if len(raw) > 1:
            errors[name] = gettext("%(label)s: chỉ được gửi một lần.",
                                   label=_label(schema, name))
            continue
        values[name] = check(schema, _from_text(schema, raw[0]), name, errors)
    return values


def _from_text(schema: dict, raw: str):
    """A query-string value as the JSON value it stands for, when it can be one."""
    if schema["type"] == "integer" and _INTEGER.match(raw):
        return int(raw)
    if schema["type"] == "boolean" and raw in ("true", "false"):
        return raw == "true"
    return raw


def plain(value):
    """A converted value back to JSON (dates as ISO text)."""
    return value.isoformat() if isinstance(value, date) else value
