"""What an indicator is: its type, its breakdown cells, how a typed number is read, and
how a template's definition is checked. Pure functions, no database."""
import itertools
import math
import re
from dataclasses import dataclass, field

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from tracker.core.text import clean, fold
from tracker.figures.models import SCALE

TYPES = {
    "integer": _l("Số nguyên"),
    "decimal": _l("Số thập phân"),
    "percent": _l("Tỷ lệ (%)"),
    "boolean": _l("Có/Không"),
    "text": _l("Văn bản"),
}
NUMERIC = ("integer", "decimal", "percent")
# Recorded dialogues feed these indicators (by the dialogue's level when broken down).
SOURCES = {
    "dialogues.count": _l("Số cuộc đối thoại đã ghi nhận"),
    "dialogues.participants": _l("Số người tham gia các cuộc đối thoại"),
    "dialogues.opinions_raised": _l("Số ý kiến, kiến nghị tại các cuộc đối thoại"),
    "dialogues.opinions_settled": _l("Số ý kiến đã giải quyết tại các cuộc đối thoại"),
}
MAX_VALUE = 10**12
MAX_TEXT = 2000
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_PLAIN = re.compile(r"^\d+([.,]\d+)?$")


@dataclass
class Indicator:
    code: str
    name: str
    unit: str = ""
    type: str = "integer"
    required: bool = False
    source: str = ""
    breakdowns: list[dict] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict) -> "Indicator":
        return cls(code=data["code"], name=data["name"], unit=data.get("unit", ""),
                   type=data.get("type", "integer"), required=bool(data.get("required")),
                   source=data.get("source", ""), breakdowns=data.get("breakdowns") or [])

    def to_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "unit": self.unit, "type": self.type,
                "required": self.required, "source": self.source,
                "breakdowns": self.breakdowns}

    @property
    def type_label(self) -> str:
        return TYPES.get(self.type, self.type)

    @property
    def numeric(self) -> bool:
        return self.type in NUMERIC

    def cells(self) -> list[tuple[str, str]]:
        """(key, label) of every breakdown cell: the product of the dimensions' options.
        Computed once per indicator (a form asks for them once per cell)."""
        cached = self.__dict__.get("_cells")
        if cached is None:
            dims = [[(o["code"], o["name"]) for o in d["options"]] for d in self.breakdowns]
            cached = [("/".join(c for c, _ in combo), " – ".join(n for _, n in combo))
                      for combo in itertools.product(*dims)] if dims else []
            self.__dict__["_cells"] = cached
            self.__dict__["_labels"] = dict(cached)
        return cached

    def cell_label(self, key: str) -> str:
        self.cells()
        return self.__dict__["_labels"].get(key, key)

    def label(self, cell: str = "") -> str:
        return f"{self.name} ({self.cell_label(cell)})" if cell else self.name


def indicators_of(definition: list[dict]) -> list[Indicator]:
    return [Indicator.from_dict(d) for d in definition]


def format_value(indicator: Indicator, value: int | None, text: str | None = None) -> str:
    """A stored value as a Vietnamese reader writes it: 4.198; 12,5; Có."""
    if indicator.type == "text":
        return text or ""
    if value is None:
        return ""
    if indicator.type == "boolean":
        return gettext("Có") if value else gettext("Không")
    return format_number(value)


def json_value(indicator: Indicator, value: int | None):
    """A stored value as JSON gives it (the API): 1234, 1.5; yes/no is a boolean."""
    if value is None or indicator.type == "boolean":
        return value if value is None else bool(value)
    return value // SCALE if value % SCALE == 0 else value / SCALE


def format_number(value: int) -> str:
    whole, frac = divmod(abs(value), SCALE)
    digits = f"{whole:,}".replace(",", ".")
    if frac:
        digits += "," + f"{frac:03d}".rstrip("0")
    return ("-" if value < 0 else "") + digits


def parse_value(indicator: Indicator, raw, label: str) -> tuple[int | None, str | None]:
    """Read what a user typed (or a JSON value) for one cell: (thousandths, text).

    Vietnamese writing: "1.234" is one thousand two hundred thirty-four, "1,5" one and a
    half. Raises ValueError with a Vietnamese message naming the cell.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    if isinstance(raw, (dict, list)):
        raise ValueError(gettext("%(label)s: cần một giá trị, không phải danh sách.",
                                 label=label))
    if indicator.type == "text":
        text = clean(str(raw))
        if len(text) > MAX_TEXT:
            raise ValueError(gettext("%(label)s: không quá %(max)s ký tự.", label=label,
                                     max="2.000"))
        return None, text
    if indicator.type == "boolean":
        if isinstance(raw, bool):
            return (SCALE if raw else 0), None
        word = fold(str(raw)).strip()
        if word in ("co", "1", "true", "x", "dat"):
            return SCALE, None
        if word in ("khong", "0", "false", "chua"):
            return 0, None
        raise ValueError(gettext("%(label)s: chọn “Có” hoặc “Không”.", label=label))
    value = _number(raw, label)
    if value < 0:
        raise ValueError(gettext("%(label)s: không được là số âm.", label=label))
    if indicator.type == "integer" and value % SCALE:
        raise ValueError(gettext("%(label)s: cần một số nguyên (không có phần thập phân), "
                                 "nhận được “%(raw)s”.", label=label, raw=raw))
    if indicator.type == "percent" and value > 100 * SCALE:
        raise ValueError(gettext("%(label)s: tỷ lệ phải từ 0 đến 100.", label=label))
    if value > MAX_VALUE * SCALE:
        raise ValueError(gettext("%(label)s: số quá lớn.", label=label))
    return value, None


def _number(raw, label: str) -> int:
    if isinstance(raw, bool):
        raise ValueError(gettext("%(label)s: cần một số.", label=label))
    if isinstance(raw, int):
        if abs(raw) > MAX_VALUE:
            raise ValueError(gettext("%(label)s: số quá lớn.", label=label))
        return raw * SCALE
    if isinstance(raw, float):
        if not math.isfinite(raw) or abs(raw) > MAX_VALUE:
            raise ValueError(gettext("%(label)s: số quá lớn.", label=label))
        scaled = round(raw * SCALE)
        if abs(raw * SCALE - scaled) > 1e-6:
            raise ValueError(gettext("%(label)s: tối đa 3 chữ số thập phân.", label=label))
        return scaled
    if not isinstance(raw, str) or len(raw) > 40:
        raise ValueError(gettext("%(label)s: “%(raw)s” không phải là một số.", label=label,
                                 raw=str(raw)[:40]))
    text = raw.strip().replace(" ", "").replace("\u00a0", "")
    negative = text.startswith("-")
    text = text.lstrip("-")
    if _THOUSANDS.match(text):
        text = text.replace(".", "")  # 1.234 and 1.234,5: dots group thousands
    elif not _PLAIN.match(text):
        raise ValueError(gettext("%(label)s: “%(raw)s” không phải là một số.", label=label,
                                 raw=raw))
    whole, _, frac = text.replace(",", ".").partition(".")
    if len(frac) > 3:
        raise ValueError(gettext("%(label)s: tối đa 3 chữ số thập phân.", label=label))
    value = int(whole) * SCALE + (int(frac.ljust(3, "0")) if frac else 0)
    return -value if negative else value


def slug(name: str) -> str:
    """A code from a name: "Văn hóa – xã hội" -> "van_hoa_xa_hoi"."""
    code = re.sub(r"[^a-z0-9]+", "_", fold(name).replace("đ", "d")).strip("_")
    if code and not code[0].isalpha():
        code = "c_" + code
    return code[:50]


def check_definition(definition: list[dict]) -> list[dict]:
    """Validate a template's indicators; return them normalised. Raises ValueError with
    a Vietnamese message naming the indicator."""
    if not definition:
        raise ValueError(gettext("Chỉ tiêu: biểu mẫu cần ít nhất một chỉ tiêu."))
    if len(definition) > 60:
        raise ValueError(gettext("Chỉ tiêu: không quá 60 chỉ tiêu."))
    seen, result = set(), []
    for position, raw in enumerate(definition, start=1):
        name = clean(raw.get("name"))
        code = clean(raw.get("code")) or slug(name)
        where = gettext("Chỉ tiêu %(n)s", n=position) + (f" “{name}”" if name else "")
        if not name or len(name) > 200:
            raise ValueError(gettext("%(where)s: tên không được để trống, không quá 200 ký "
                                     "tự.", where=where))
        if not _CODE.match(code):
            raise ValueError(gettext("%(where)s: mã chỉ gồm chữ thường không dấu, số và dấu "
                                     "gạch dưới, bắt đầu bằng chữ.", where=where))
        if code in seen:
            raise ValueError(gettext("%(where)s: mã “%(code)s” bị trùng.", where=where,
                                     code=code))
        seen.add(code)
        kind = raw.get("type") or "integer"
        if kind not in TYPES:
            raise ValueError(gettext("%(where)s: kiểu dữ liệu không hợp lệ.", where=where))
        source = raw.get("source") or ""
        if source and (source not in SOURCES or kind != "integer"):
            raise ValueError(gettext("%(where)s: nguồn số liệu không hợp lệ.", where=where))
        unit = clean(raw.get("unit"))[:50]
        breakdowns = _check_breakdowns(raw.get("breakdowns") or [], kind, where)
        result.append(Indicator(code, name, unit, kind, bool(raw.get("required")), source,
                                breakdowns).to_dict())
    return result


def _check_breakdowns(dims: list[dict], kind: str, where: str) -> list[dict]:
    if dims and kind not in ("integer", "decimal"):
        raise ValueError(gettext("%(where)s: chỉ chỉ tiêu số nguyên hoặc số thập phân mới "
                                 "có phân tổ.", where=where))
    if len(dims) > 2:
        raise ValueError(gettext("%(where)s: tối đa 2 chiều phân tổ.", where=where))
    result, cells = [], 1
    for dim in dims:
        name = clean(dim.get("name"))
        options = []
        for option in dim.get("options") or []:
            option_name = clean(option.get("name") if isinstance(option, dict) else option)
            option_code = clean(option.get("code")) if isinstance(option, dict) else ""
            option_code = option_code or slug(option_name)
            if option_name and option_code not in {o["code"] for o in options}:
                options.append({"code": option_code, "name": option_name})
        if not name or len(options) < 2:
            raise ValueError(gettext("%(where)s: mỗi chiều phân tổ cần tên và ít nhất 2 lựa "
                                     "chọn.", where=where))
        cells *= len(options)
        result.append({"code": clean(dim.get("code")) or slug(name), "name": name,
                       "options": options})
    if cells > 40:
        raise ValueError(gettext("%(where)s: tối đa 40 ô phân tổ.", where=where))
    return result
