"""The reporting calendar: which report goes where each month, as a grid, a list, and iCalendar.

The reports come from the workspace's ``kind: calendar`` files (``months: [Feb, May, Aug,
Nov]`` or ``every: month``). A financial year runs from ``financial_year_start`` (April)
for twelve months, as in councils' annual planning and reporting cycles. Each report falls
on one working day of its month, by a rule: the last working day (the default), the first,
or day N (moved back to the working day before when it falls on a weekend or bank
holiday). Working days skip weekends and the regular England and Wales bank holidays.

Named ``reportcal`` so as not to shadow the standard library's ``calendar``.
"""

from __future__ import annotations

import calendar as stdcal
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from pmplan.dates.periods import PeriodError, add_months, fy_label, fy_start_year, parse_period
from pmplan.workspace.index import Workspace
from pmplan.workspace.models import MONTHS, Report

_MONTH_NAMES = {
    name: i + 1
    for i, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}


class CalendarError(ValueError):
    """A flag's value that cannot be read."""


# --- working days ------------------------------------------------------------------------


def _easter(year: int) -> date:
    """Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = date(year, month, stdcal.monthrange(year, month)[1])
    return last - timedelta(days=last.weekday())


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    """The regular England and Wales bank holidays of ``year``, with substitute days
    (one-off holidays, such as a coronation, are not included)."""
    days = set()
    new_year = date(year, 1, 1)
    days.add(new_year + timedelta(days={5: 2, 6: 1}.get(new_year.weekday(), 0)))
    easter = _easter(year)
    days |= {easter - timedelta(days=2), easter + timedelta(days=1)}
    days |= {_first_monday(year, 5), _last_monday(year, 5), _last_monday(year, 8)}
    christmas = date(year, 12, 25)
    shift = {4: (0, 3), 5: (2, 3), 6: (2, 1)}.get(christmas.weekday(), (0, 1))
    days |= {christmas + timedelta(days=shift[0]), christmas + timedelta(days=shift[1])}
    return frozenset(days)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


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
        length = stdcal.monthrange(year, month)[1]
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
    value = text.strip().lower().rstrip(".")
    names = {m.lower(): i + 1 for i, m in enumerate(MONTHS)} | _MONTH_NAMES | {"sept": 9}
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    if value in names:
        return names[value]
    raise CalendarError(f"--month '{text}': write a month such as Feb, February or 2")


def parse_year(text: str, fy_start: int) -> int:
    """The start year of the financial year written ``2025/26`` (or ``2025``)."""
    value = text.strip()
    if re.fullmatch(r"\d{4}", value):
        return int(value)
    try:
        period = parse_period(value, fy_start)
    except PeriodError as exc:
        raise CalendarError(f"--year: {exc}") from None
    if period.kind != "year":
        raise CalendarError(f"--year '{text}': write a financial year such as {fy_label(2025, fy_start)}")
    return period.start.year


# --- the schedule --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Due:
    report: Report
    day: date

    @property
    def uid_month(self) -> str:
        return f"{self.day.year}-{self.day.month:02d}"


def year_months(start_year: int, fy_start: int) -> list[tuple[int, int]]:
    """The (year, month) of each month of the financial year starting in ``start_year``."""
    return [add_months(start_year, fy_start, i) for i in range(12)]


def schedule(reports: list[Report], start_year: int, fy_start: int, rule: DayRule) -> list[Due]:
    """Every report's dates in the financial year, by date then file order."""
    dues: list[Due] = []
    for year, month in year_months(start_year, fy_start):
        day = rule.date_in(year, month)
        dues.extend(Due(report, day) for report in reports if month in report.month_numbers())
    return dues


def due_in_month(reports: list[Report], year: int, month: int, rule: DayRule) -> list[Due]:
    day = rule.date_in(year, month)
    return [Due(r, day) for r in reports if month in r.month_numbers()]


def month_in_year(start_year: int, fy_start: int, month: int) -> tuple[int, int]:
    """The (year, month) of calendar month ``month`` within the financial year."""
    for year, m in year_months(start_year, fy_start):
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


def current_year(as_of: date, fy_start: int) -> int:
    return fy_start_year(as_of, fy_start)


# --- iCalendar ---------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "council"


def ics_bytes(ws: Workspace, dues: list[Due], as_of: date, label: str, rule: DayRule) -> bytes:
    """An iCalendar file with one all-day event per report per month.

    UIDs name the report and the month, so that importing a new file updates the events
    rather than doubling them; DTSTAMP is the as-of date, so that the same input gives the
    same file.
    """
    from icalendar import Calendar, Event  # noqa: PLC0415

    organisation = ws.config.organisation
    domain = f"{_slug(organisation)}.pmplan"
    cal = Calendar()
    cal.add("prodid", "-//pmplan//Reporting calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{organisation}: reporting cycle {label}")
    stamp = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
    for due in dues:
        report = due.report
        event = Event()
        event.add("uid", f"{report.id}-{due.uid_month}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", due.day)
        event.add("dtend", due.day + timedelta(days=1))
        event.add("summary", report.title)
        lines = []
        if report.to:
            lines.append("To: " + ", ".join(report.to))
        if report.owner:
            lines.append(f"Owner: {ws.person_name(report.owner)} ({report.owner})")
        if report.description:
            lines.append(report.description)
        lines.append(
            f"Report '{report.id}' in the {organisation} reporting cycle {label}; due on {rule} of the month."
        )
        event.add("description", "\n".join(lines))
        event.add("categories", ["Reporting cycle"])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


# --- the grid ----------------------------------------------------------------------------------


def grid(ws: Workspace, start_year: int, as_of: date) -> object:
    """A rich table: reports as rows, the financial year's months as columns, ticks where due."""
    from rich.table import Table  # noqa: PLC0415

    fy_start = ws.config.financial_year_start
    months = year_months(start_year, fy_start)
    label = fy_label(start_year, fy_start)
    table = Table(title=f"Reporting cycle {label}: {ws.config.organisation}", title_justify="left")
    table.add_column("Report", overflow="fold", min_width=24, max_width=60)
    for year, month in months:
        now = (year, month) == (as_of.year, as_of.month)
        name = MONTHS[month - 1]
        table.add_column(f"[reverse]{name}[/reverse]" if now else name, justify="center", no_wrap=True)
    from rich.markup import escape  # noqa: PLC0415

    for report in ws.reports.values():
        numbers = report.month_numbers()
        ticks = ["✓" if month in numbers else "" for _, month in months]
        table.add_row(escape(report.title), *ticks)
    return table
