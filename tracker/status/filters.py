"""The filters of the status pages, parsed once from the query string and kept in links."""
from dataclasses import asdict, dataclass
from datetime import date

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from tracker.bodies.models import BODY_KINDS, BODY_LEVELS
from tracker.core.errors import ValidationError
from tracker.core.time import parse_date
from tracker.tasks.models import TASK_KINDS


@dataclass(frozen=True)
class StatusFilters:
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
    for name, label, low, high in (("year", _l("Năm"), 1990, 2100),
                                   ("half", _l("Nửa năm"), 1, 2),
                                   ("directive_id", _l("Văn bản"), 1, 2**31 - 1)):
        raw = (args.get(name) or "").strip()
        if raw:
            try:
                number = int(raw)
                if not low <= number <= high:
                    raise ValueError
                values[name] = number
            except ValueError:
                errors[name] = gettext("%(label)s: giá trị “%(value)s” không hợp lệ.",
                                       label=label, value=raw)
    for name, label in (("start", _l("Hạn từ ngày")), ("end", _l("Hạn đến ngày"))):
        raw = (args.get(name) or "").strip()
        if raw:
            try:
                values[name] = parse_date(raw)
            except ValueError as exc:
                errors[name] = gettext("%(label)s: ngày “%(text)s” không hợp lệ (%(reason)s).",
                                       label=label, text=raw, reason=exc)
    for name, label, allowed in (("task_kind", _l("Loại nhiệm vụ"), TASK_KINDS),
                                 ("body_kind", _l("Loại đơn vị"), BODY_KINDS),
                                 ("body_level", _l("Cấp đơn vị"), BODY_LEVELS)):
        raw = (args.get(name) or "").strip()
        if raw and raw not in allowed:
            errors[name] = gettext("%(label)s: giá trị “%(value)s” không hợp lệ.",
                                   label=label, value=raw)
        elif raw:
            values[name] = raw
    if values.get("half") and not values.get("year"):
        errors["half"] = gettext("Nửa năm: cần chọn năm.")
    if values.get("start") and values.get("end") and values["start"] > values["end"]:
        errors["end"] = gettext("Hạn đến ngày: phải từ “Hạn từ ngày” trở đi.")
    if errors:
        raise ValidationError(errors)
    return StatusFilters(**values)
