"""The reporting calendar: which report falls due in which month of the financial year.

The reports come from the workspace's ``kind: calendar`` files (``months: [Feb, May, Aug,
Nov]`` or ``every: month``). A financial year runs for twelve months from the council's
:class:`~pmplan.dates.periods.FinancialYear` start. Each report falls on one working day of
its month, by a rule: the last working day (the default), the first, or day N (moved back to
the working day before when it falls on a weekend or bank holiday).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from pmplan.dates.months import month_number
from pmplan.dates.periods import FinancialYear, add_months
from pmplan.dates.workdays import is_working_day
from pmplan.errors import UsageError
from pmplan.workspace.models import Report


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


# --- the schedule --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Due:
    report: Report
    day: date

    @property
    def uid_month(self) -> str:
        return f"{self.day.year}-{self.day.month:02d}"


def schedule(reports: list[Report], start_year: int, fy: FinancialYear, rule: DayRule) -> list[Due]:
    """Every report's dates in the financial year, by date then file order."""
    dues: list[Due] = []
    for year, month in fy.months(start_year):
        day = rule.date_in(year, month)
        dues.extend(Due(report, day) for report in reports if month in report.month_numbers())
    return dues


def due_in_month(reports: list[Report], year: int, month: int, rule: DayRule) -> list[Due]:
    day = rule.date_in(year, month)
    return [Due(r, day) for r in reports if month in r.month_numbers()]


def month_in_year(start_year: int, fy: FinancialYear, month: int) -> tuple[int, int]:
    """The (year, month) of calendar month ``month`` within the financial year."""
    for year, m in fy.months(start_year):
        if m == month:
            return year, m
    raise AssertionError(month)


def next_due(reports: list[Report], as_of: date, rule: DayRule, months: int = 2) -> list[list[Due]]:
    """The next ``months`` months (from ``as_of``, inclusive) that have reports due, each a list."""
    found: list[list[Due]] = []
    year, month = as_of.year, as_of.month
    for _ in range(24):
        dues = [d for d in due_in_month(reports, year, month, rule) if d.day >= as_of]
        if dues:
            found.append(dues)
            if len(found) == months:
                break
        year, month = add_months(year, month, 1)
    return found
