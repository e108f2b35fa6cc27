"""Working days: Monday to Friday, minus the holidays the admin lists."""
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


class WorkCalendar:
    def __init__(self, holidays: set[date] | frozenset[date] = frozenset()):
        self.holidays = frozenset(holidays)

    def is_working(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def previous_working(self, day: date) -> date:
        """The working day on or before `day`."""
        while not self.is_working(day):
            day -= ONE_DAY
        return day

    def next_working(self, day: date) -> date:
        """The working day on or after `day`."""
        while not self.is_working(day):
            day += ONE_DAY
        return day

    def working_days(self, start: date, end: date) -> list[date]:
        """Working days d with start <= d <= end."""
        days, day = [], start
        while day <= end:
            if self.is_working(day):
                days.append(day)
            day += ONE_DAY
        return days
