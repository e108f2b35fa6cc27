"""Fields a client may send (marshmallow): each is declared once with its Vietnamese title
and its limits; the same declaration checks a request, serializes the answer and describes
both in the OpenAPI document, and every refusal names the field the way form errors do
("Tiến độ (%): cần một số nguyên."). A schema field without a title is read-only."""
import re

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields
from marshmallow.validate import Length, OneOf, Range

from tracker.core.text import format_number
from tracker.core.time import parse_date
from tracker.core.web import ID_MAX, N_

DATE_HELP = "Ngày dạng yyyy-mm-dd (cũng nhận dd/mm/yyyy)."
EMPTY = N_("%(label)s: không được để trống.")  # "required" and "null"
# No database stores these: NUL, and a lone surrogate ("\\ud800" in JSON is not text).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class Titled:
    """A field with a title (the Vietnamese name its messages use) and its own messages;
    marshmallow's own checks (a string, a strict integer, a list...) answer with them. Its
    limits are marshmallow's validators (Range, Length, OneOf), which apispec documents,
    each with a message naming the field (lazy: translated when a value is refused)."""

    messages: dict = {}

    def __init__(self, title: str, *, nullable: bool = False, description: str = "",
                 **kwargs):
        metadata = {"title": title}
        if description:
            metadata["description"] = description
        super().__init__(allow_none=nullable, metadata=metadata, **kwargs)

    def make_error(self, key: str, **kwargs) -> ValidationError:
        kwargs.pop("input", None)
        return ValidationError(gettext(self.messages.get(key) or EMPTY,
                                       label=self.metadata["title"], **kwargs))


class Int(Titled, fields.Integer):
    messages = {"invalid": N_("%(label)s: cần một số nguyên."),
                "too_large": N_("%(label)s: cần một số nguyên.")}

    def __init__(self, title: str, *, minimum: int, maximum: int, **kwargs):
        between = _l("%(label)s: cần một số từ %(low)s đến %(high)s.", label=title,
                     low=minimum, high=maximum)
        super().__init__(title, strict=True, validate=Range(minimum, maximum, error=between),
                         **kwargs)


def Id(title: str, **kwargs) -> Int:  # noqa: N802  (reads like a field class)
    """A row id: 1 to 2**31 - 1."""
    return Int(title, minimum=1, maximum=ID_MAX, **kwargs)


def Version() -> Int:  # noqa: N802
    """The version read before: a change based on a stale one is refused (409)."""
    return Int("Phiên bản", minimum=1, maximum=ID_MAX, required=True,
               description="Giá trị `version` đọc được lần trước: nếu đã có người khác cập "
                           "nhật từ đó, yêu cầu bị từ chối với 409 và không ghi gì.")


class Str(Titled, fields.String):
    messages = {"invalid": N_("%(label)s: cần một chuỗi ký tự."),
                "invalid_utf8": N_("%(label)s: chứa ký tự không hợp lệ.")}

    def __init__(self, title: str, *, max_length: int | None = None, enum=None, **kwargs):
        checks = []
        if enum:  # the value is put in by the validator ({input}, its first 40 characters)
            checks.append(OneOf(list(enum), error=_l(
                "%(label)s: giá trị “{input:.40}” không hợp lệ.", label=title)))
        if max_length is not None:
            checks.append(Length(max=max_length, error=_l(
                "%(label)s: không quá %(max)s ký tự.", label=title,
                max=format_number(max_length))))
        super().__init__(title, validate=checks, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if _UNSTORABLE.search(value):
            raise self.make_error("invalid_utf8")
        return value


def Sort(keys, **kwargs) -> Str:  # noqa: N802
    """?sort=key or ?sort=-key (descending); the id always breaks ties."""
    return Str("Sắp xếp", enum=[k for key in keys for k in (key, f"-{key}")], **kwargs)


class Date(Titled, fields.Date):
    """yyyy-mm-dd or dd/mm/yyyy in, yyyy-mm-dd out."""

    messages = {"invalid": N_("%(label)s: ngày “%(text)s” không hợp lệ (%(reason)s)."),
                "type": N_("%(label)s: cần một chuỗi ký tự.")}

    def __init__(self, title: str, *, description: str = "", **kwargs):
        super().__init__(title, description=description or DATE_HELP, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise self.make_error("type")
        try:
            return parse_date(value)
        except ValueError as exc:
            text = value[:40].encode("utf-8", "replace").decode()  # no lone surrogate
            raise self.make_error("invalid", text=text, reason=str(exc)) from None


class Bool(Titled, fields.Boolean):
    """true or false, nothing else ("yes", 1 and "on" are refused)."""

    messages = {"invalid": N_("%(label)s: cần true hoặc false.")}

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):  # 1 == True in Python
            raise self.make_error("invalid")
        return value


class List(Titled, fields.List):
    messages = {"invalid": N_("%(label)s: cần một danh sách.")}

    def __init__(self, title: str, item: fields.Field, *, max_items: int, **kwargs):
        too_many = _l("%(label)s: không quá %(max)s phần tử.", label=title, max=max_items)
        super().__init__(title, cls_or_instance=item,
                         validate=Length(max=max_items, error=too_many), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, list):
            self._validate(value)  # the length first, rather than each item's refusal
        return super()._deserialize(value, attr, data, **kwargs)


class Dict(Titled, fields.Dict):
    messages = {"invalid": N_("%(label)s: cần một đối tượng JSON.")}
