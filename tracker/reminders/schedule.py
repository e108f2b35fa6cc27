"""Which deadlines a working day reminds of: the inverse of each reminder rule.

A reminder belongs to a working day S. For each rule we compute the set of (effective)
deadlines D whose reminder falls on S, so that one indexed `deadline IN (...)` query finds
the assignments, whatever their number.

- before k days: on D - k, or the working day before it when that is a day off (so a
  deadline on a holiday is still announced on the working days before it);
- due today: on D, or the working day before it;
- overdue: on the 1st working day after D, then every N working days;
- escalation: on the first working day at least E calendar days after D.
"""
from datetime import date, timedelta

from tracker.reminders.calendar import ONE_DAY, WorkCalendar


def _days_mapping_to(cal: WorkCalendar, s: date) -> list[date]:
    """Days x with cal.previous_working(x) == s: s and the days off right after it."""
    days, day = [s], s + ONE_DAY
    while not cal.is_working(day):
        days.append(day)
        day += ONE_DAY
    return days


def due_soon_until(cal: WorkCalendar, s: date, offsets: list[int]) -> date:
    """The last deadline that day `s` reminds of before it comes: what is "due soon" for
    single mails and digests alike. The earliest reminder of a deadline D is on D - k
    (k the largest offset) or the working day before it, so on `s` it reaches up to the
    days off after `s`, plus k."""
    return _days_mapping_to(cal, s)[-1] + timedelta(days=max(offsets, default=0))


def before_deadlines(cal: WorkCalendar, s: date, k: int) -> list[date]:
    return [x + timedelta(days=k) for x in _days_mapping_to(cal, s)]


def due_today_deadlines(cal: WorkCalendar, s: date) -> list[date]:
    return _days_mapping_to(cal, s)


def overdue_deadlines(cal: WorkCalendar, s: date, every: int, earliest: date) -> list[date]:
    """Deadlines D in [earliest, s) such that s is the (1 + j*every)-th working day after D."""
    # working_after = number of working days in (day, s]; s itself is a working day.
    deadlines, working_after, day = [], 1, s - ONE_DAY
    while day >= earliest:
        if (working_after - 1) % every == 0:
            deadlines.append(day)
        if cal.is_working(day):
            working_after += 1
        day -= ONE_DAY
    return deadlines


def escalation_deadlines(cal: WorkCalendar, s: date, after_days: int) -> list[date]:
    """Deadlines D with previous working day - D < after_days <= s - D."""
    previous = cal.previous_working(s - ONE_DAY)
    first = previous - timedelta(days=after_days) + ONE_DAY
    last = s - timedelta(days=after_days)
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def is_weekly_digest_day(cal: WorkCalendar, s: date, weekday: int) -> bool:
    """The first working day of the week on or after the chosen weekday (Monday, or
    Tuesday when Monday is a holiday)."""
    if not cal.is_working(s) or s.weekday() < weekday:
        return False
    monday = s - timedelta(days=s.weekday())
    return not any(cal.is_working(monday + timedelta(days=i))
                   for i in range(weekday, s.weekday()))
