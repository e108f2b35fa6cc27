"""Time rules: store UTC, reason in Asia/Ho_Chi_Minh, print dd/mm/yyyy."""
import calendar
import re
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask_babel import gettext

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "%d/%m/%Y"


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def vn_today(now: datetime | None = None) -> date:
    """The calendar date in Vietnam at the instant `now` (UTC-aware)."""
    return (now or utcnow()).astimezone(VN).date()


def to_vn(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(VN)


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_vn(value).date()
    # DATE_FORMAT, written out: cheaper than strftime, twice on every row of a list.
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return to_vn(value).strftime("%d/%m/%Y %H:%M")


_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def parse_date(text: str) -> date:
    """Parse dd/mm/yyyy (also d/m/yyyy, dd.mm.yyyy) or ISO yyyy-mm-dd; ValueError otherwise."""
    match = _DMY.match(text or "")
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _ISO.match(text or "")
        if not match:
            raise ValueError(gettext("định dạng phải là dd/mm/yyyy"))
        year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(gettext("tháng %(month)s không tồn tại", month=month))
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(gettext("ngày %(day)s không có trong tháng %(month)s/%(year)s",
                                 day=day, month=month, year=year))
    if not 1900 <= year <= 2200:
        raise ValueError(gettext("năm %(year)s nằm ngoài khoảng cho phép", year=year))
    return date(year, month, day)


def add_years(day: date, years: int) -> date:
    """Same day N years later; 29/02 falls back to 28/02 in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
