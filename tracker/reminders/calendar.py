"""Working days: Monday to Friday, minus Vietnam's public holidays and the days off the
admin adds, plus the make-up working days (ngày làm bù).

Public holidays come from the maintained `holidays` package (Tết and Giỗ Tổ by the lunar
calendar, 1/1, 30/4, 1/5, 2/9 and the day beside it, 24/11 from 2026, the days in lieu).
The government's yearly decisions move days beyond what the labour code says; where the
package does not have them yet they are listed in GOVERNMENT_DAYS below, with their source.
"""
from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache

import holidays

ONE_DAY = timedelta(days=1)
LONG_BREAK = 3  # days off in a row, a holiday among them, that a reminder announces

# Days off decided by the government that holidays 0.109 lacks (checked 2025-2027).
GOVERNMENT_DAYS_OFF = {
    # Văn bản 12729/VPCP-KGVX (25/12/2025): Tết Dương lịch 2026 from Thursday 1/1 to
    # Sunday 4/1, Friday 2/1 swapped with Saturday 10/1.
    date(2026, 1, 2): "Tết Dương lịch (hoán đổi với thứ Bảy 10/01/2026)",
}
# Saturdays worked in exchange for a day off (ngày làm bù). The package knows the day off
# of the swap but publishes no working days, so they are data here.
GOVERNMENT_WORKING_DAYS = {
    date(2025, 4, 26): "Làm bù cho thứ Sáu 02/05/2025",    # Thông báo hoán đổi 30/4-1/5
    date(2026, 1, 10): "Làm bù cho thứ Sáu 02/01/2026",    # 12729/VPCP-KGVX
    date(2026, 8, 22): "Làm bù cho thứ Hai 31/08/2026",    # hoán đổi dịp Quốc khánh 2026
}


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[date, str]:
    """Vietnam's public holidays of a year, with their Vietnamese names."""
    days = dict(holidays.VN(years=year, language="vi"))
    days.update({d: name for d, name in GOVERNMENT_DAYS_OFF.items() if d.year == year})
    return days


class DaysOff(Mapping):
    """Public holidays of any year (computed when first asked) under the admin's days,
    minus the days worked. Lookups see all of them; iterating gives the admin's days
    only, since the public holidays have no end."""

    def __init__(self, added: Mapping[date, str] | None = None, working=frozenset()):
        self.added = dict(added or {})
        self.working = frozenset(working)

    def __getitem__(self, day: date) -> str:
        if day in self.working:
            raise KeyError(day)
        if day in self.added:
            return self.added[day]
        return public_holidays(day.year)[day]

    def __contains__(self, day) -> bool:
        try:
            self[day]
        except KeyError:
            return False
        return True

    def __iter__(self):
        return iter(self.added)

    def __len__(self) -> int:
        return len(self.added)


class WorkCalendar:
    """`days_off` maps a holiday to its name; `make_up_days` are weekend days worked."""

    def __init__(self, days_off: Mapping[date, str] | None = None,
                 make_up_days=frozenset()):
        self.days_off = days_off if days_off is not None else {}
        self.make_up_days = frozenset(make_up_days)

    def is_working(self, day: date) -> bool:
        if day in self.make_up_days:
            return True
        return day.weekday() < 5 and day not in self.days_off

    def previous_working(self, day: date) -> date:
        """The working day on or before `day`."""
        while not self.is_working(day):
            day -= ONE_DAY
        return day

    def working_days(self, start: date, end: date) -> list[date]:
        """Working days d with start <= d <= end."""
        days, day = [], start
        while day <= end:
            if self.is_working(day):
                days.append(day)
            day += ONE_DAY
        return days

    def days_off_after(self, day: date) -> list[date]:
        """The days off right after `day`, up to the next working day."""
        days, day = [], day + ONE_DAY
        while not self.is_working(day):
            days.append(day)
            day += ONE_DAY
        return days

    def break_after(self, day: date) -> tuple[date, date, str] | None:
        """(first, last, name of the holiday) when a long holiday follows `day`: at least
        LONG_BREAK days off in a row, one of them a holiday (not only a weekend)."""
        days = self.days_off_after(day)
        names = [self.days_off[d] for d in days if d in self.days_off]
        if len(days) < LONG_BREAK or not names:
            return None
        return days[0], days[-1], _common_name(names)


def _common_name(names: list[str]) -> str:
    """"Tết Nguyên Đán" for "Giao thừa Tết Nguyên Đán", "Mùng hai Tết Nguyên Đán" ..."""
    return max(names, key=lambda name: sum(name in other for other in names))
