"""The filters of the status pages, declared once in `FILTERS`: that one list parses the
query string (`parse_filters`), draws the filter form (templates/status/_filters.html),
describes the /api/v1/stats parameters (tracker/status/api.py) and words the filters at
the top of an export (exports.describe_filters)."""
from dataclasses import asdict, dataclass, field
from datetime import date

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from tracker.bodies.models import BODY_KINDS, BODY_LEVELS
from tracker.core.errors import ValidationError
from tracker.core.time import parse_date
from tracker.core.web import ID_MAX
from tracker.tasks.models import TASK_KINDS


@dataclass(frozen=True)
class Filter:
    """One filter: a whole number (`minimum`..`maximum`), a date, or one of `choices`
    (a number among `choices` when both are given). `empty` is what no value means."""

    name: str
    label: object
    kind: str  # "int", "date" or "choice"
    empty: object = ""
    minimum: int | None = None
    maximum: int | None = None
    choices: dict = field(default_factory=dict)
    description: str = ""

    def parse(self, raw: str):
        """The value of `raw`; ValueError with the Vietnamese message otherwise."""
        if self.kind == "date":
            try:
                return parse_date(raw)
            except ValueError as exc:
                raise ValueError(gettext(
                    "%(label)s: ngày “%(text)s” không hợp lệ (%(reason)s).",
                    label=self.label, text=raw, reason=exc)) from None
        value = raw
        if self.kind == "int":
            value = int(raw) if raw.isdigit() and len(raw) <= 12 else None
            if value is not None and not self.minimum <= value <= self.maximum:
                value = None
        if value is None or (self.choices and value not in self.choices):
            raise ValueError(gettext("%(label)s: giá trị “%(value)s” không hợp lệ.",
                                     label=self.label, value=raw))
        return value


FILTERS = (
    Filter("year", _l("Năm (hạn)"), "int", minimum=1990, maximum=2100,
           description="Năm của hạn hoàn thành."),
    Filter("half", _l("Kỳ"), "int", _l("Cả năm"), minimum=1, maximum=2,
           choices={1: _l("6 tháng đầu năm"), 2: _l("6 tháng cuối năm")},
           description="1 hoặc 2 (6 tháng đầu hoặc cuối năm), cùng với year."),
    Filter("start", _l("Hạn từ ngày"), "date"),
    Filter("end", _l("Hạn đến ngày"), "date"),
    Filter("directive_id", _l("Văn bản"), "int", _l("Mọi văn bản"), minimum=1,
           maximum=ID_MAX),
    Filter("task_kind", _l("Loại nhiệm vụ"), "choice", _l("Mọi loại"), choices=TASK_KINDS),
    Filter("body_kind", _l("Loại đơn vị"), "choice", _l("Mọi loại"), choices=BODY_KINDS),
    Filter("body_level", _l("Cấp đơn vị"), "choice", _l("Mọi cấp"), choices=BODY_LEVELS),
)
BY_NAME = {one.name: one for one in FILTERS}


@dataclass(frozen=True)
class StatusFilters:
    """The filters applied, one attribute per entry of FILTERS (a test checks it)."""

    year: int | None = None
    half: int | None = None          # 1 or 2, with a year
    start: date | None = None        # custom range of deadlines
    end: date | None = None
    directive_id: int | None = None
    task_kind: str = ""
    body_kind: str = ""
    body_level: str = ""

    @property
    def deadline_range(self) -> tuple[date | None, date | None]:
        if self.year and self.half == 1:
            return date(self.year, 1, 1), date(self.year, 6, 30)
        if self.year and self.half == 2:
            return date(self.year, 7, 1), date(self.year, 12, 31)
        if self.year:
            return date(self.year, 1, 1), date(self.year, 12, 31)
        return self.start, self.end

    @property
    def needs_live_count(self) -> bool:
        """Filters the histogram cannot answer (it only knows body, bucket and deadline)."""
        return bool(self.directive_id or self.task_kind or self.body_kind or self.body_level)

    def args(self) -> dict:
        """Query-string form, for links that keep the filters (drill-down, exports)."""
        out = {}
        for key, value in asdict(self).items():
            if value not in (None, ""):
                out[key] = value.strftime("%d/%m/%Y") if isinstance(value, date) else value
        return out


def parse_filters(args) -> StatusFilters:
    """Read the filters; a bad value answers 422 with the field named."""
    errors, values = {}, {}
    for one in FILTERS:
        raw = (args.get(one.name) or "").strip()
        if raw:
            try:
                values[one.name] = one.parse(raw)
            except ValueError as exc:
                errors[one.name] = str(exc)
    if values.get("half") and not values.get("year"):
        errors["half"] = gettext("%(label)s: cần chọn năm.", label=BY_NAME["half"].label)
    if values.get("start") and values.get("end") and values["start"] > values["end"]:
        errors["end"] = gettext("%(end)s: phải từ “%(start)s” trở đi.",
                                end=BY_NAME["end"].label, start=BY_NAME["start"].label)
    if errors:
        raise ValidationError(errors)
    return StatusFilters(**values)
