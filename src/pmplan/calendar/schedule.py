"""The day of its month a report in the cycle falls on, and reading the calendar's flags.

A report listed by its ``months`` (``[Feb, May, Aug, Nov]``, or ``every: month``) falls on
one working day of each, by a rule: the last working day (the default), the first, or day N
(moved back to the working day before when it falls on a weekend or bank holiday). A meeting
with a date is on that date whatever the rule (see :mod:`pmplan.calendar.timetable`).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from pmplan.dates.months import month_number
from pmplan.dates.workdays import is_working_day
from pmplan.errors import UsageError


class CalendarError(UsageError):
    """A flag's value that cannot be read."""


@dataclass(frozen=True, slots=True)
class DayRule:
    """Which day of its month a report falls on."""

    kind: str
    """``last`` (last working day), ``first`` (first working day) or ``day``."""
    day: int = 0

    def __str__(self) -> str:
        if self.kind == "day":
            return f"day {self.day} (or the working day before it)"
        return f"the {self.kind} working day"

    def date_in(self, year: int, month: int) -> date:
        length = calendar.monthrange(year, month)[1]
        if self.kind == "first":
            day = date(year, month, 1)
            while not is_working_day(day):
                day += timedelta(days=1)
            return day
        day = date(year, month, length if self.kind == "last" else min(self.day, length))
        while not is_working_day(day) and day.day > 1:
            day -= timedelta(days=1)
        if not is_working_day(day):  # the month starts on a weekend or holiday: the next working day
            while not is_working_day(day):
                day += timedelta(days=1)
        return day


def parse_day_rule(text: str) -> DayRule:
    """``last-working-day`` (default), ``first-working-day``, or a day of the month 1-31."""
    value = text.strip().lower()
    if value in {"last", "last-working-day", "last-working"}:
        return DayRule("last")
    if value in {"first", "first-working-day", "first-working"}:
        return DayRule("first")
    if value.isdigit() and 1 <= int(value) <= 31:
        return DayRule("day", int(value))
    raise CalendarError(f"--day '{text}': use last-working-day, first-working-day or a day of the month 1-31")


def parse_month(text: str) -> int:
    """A month: ``Feb``, ``February``, ``2``."""
    number = month_number(text)
    if number is None:
        raise CalendarError(f"--month '{text}': write a month such as Feb, February or 2")
    return number
