"""Reporting periods: financial years (``2025/26``), quarters (``2025/26 Q2``), months (``2025-08``).

Quarters are of the financial year, which starts in the workspace's
``financial_year_start`` month (April by default): Q1 is its first three months.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_YEAR = re.compile(r"^(\d{4})/(\d{2}|\d{4})$")
_QUARTER = re.compile(r"^(\d{4})/(\d{2}|\d{4})\s+Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class PeriodError(ValueError):
    """Text that is not a period."""


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A span of the calendar that values and reports belong to."""

    start: date
    end: date
    kind: str  # "year" | "quarter" | "month"
    label: str

    def __str__(self) -> str:
        return self.label


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) ``months`` after the given month (may be negative)."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def fy_label(start_year: int, fy_start: int = 4) -> str:
    """``2025/26`` for the financial year starting in 2025 (a calendar year when it starts in January)."""
    if fy_start == 1:
        return str(start_year)
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def fy_start_year(day: date, fy_start: int = 4) -> int:
    """The calendar year in which the financial year holding ``day`` starts."""
    return day.year if day.month >= fy_start else day.year - 1


def financial_year(start_year: int, fy_start: int = 4) -> Period:
    end_year, end_month = add_months(start_year, fy_start, 11)
    return Period(
        date(start_year, fy_start, 1), month_end(end_year, end_month), "year", fy_label(start_year, fy_start)
    )


def quarter(start_year: int, number: int, fy_start: int = 4) -> Period:
    y, m = add_months(start_year, fy_start, 3 * (number - 1))
    ey, em = add_months(y, m, 2)
    return Period(date(y, m, 1), month_end(ey, em), "quarter", f"{fy_label(start_year, fy_start)} Q{number}")


def month(year: int, number: int) -> Period:
    return Period(date(year, number, 1), month_end(year, number), "month", f"{year}-{number:02d}")


def _start_year(first: str, second: str) -> int:
    year = int(first)
    follows = int(second)
    expected = year + 1 if len(second) == 4 else (year + 1) % 100
    if follows != expected:
        raise PeriodError(f"{first}/{second}: the second year must follow the first (e.g. {fy_label(year)})")
    return year


def parse_period(text: str, fy_start: int = 4) -> Period:
    """Read ``2025/26``, ``2025/26 Q2`` or ``2025-08`` (also ``2025`` when the year starts in January)."""
    text = " ".join(str(text).split())
    if m := _QUARTER.match(text):
        return quarter(_start_year(m.group(1), m.group(2)), int(m.group(3)), fy_start)
    if m := _YEAR.match(text):
        return financial_year(_start_year(m.group(1), m.group(2)), fy_start)
    if (m := _MONTH.match(text)) and 1 <= int(m.group(2)) <= 12:
        return month(int(m.group(1)), int(m.group(2)))
    if fy_start == 1 and re.fullmatch(r"\d{4}", text):
        return financial_year(int(text), 1)
    raise PeriodError(
        f"'{text}' is not a period: write a financial year ('2025/26'), "
        "a quarter ('2025/26 Q2') or a month ('2025-08')"
    )


def shift_year(period: Period, fy_start: int = 4) -> Period:
    """The same period a year before."""
    start = date(period.start.year - 1, period.start.month, 1)
    if period.kind == "month":
        return month(start.year, start.month)
    fy = fy_start_year(start, fy_start)
    if period.kind == "year":
        return financial_year(fy, fy_start)
    return quarter(fy, int(period.label[-1]), fy_start)


def quarter_of(day: date, fy_start: int = 4) -> Period:
    """The financial quarter that holds ``day``."""
    fy = fy_start_year(day, fy_start)
    months_in = (day.month - fy_start) % 12
    return quarter(fy, months_in // 3 + 1, fy_start)


def next_quarter(period: Period, fy_start: int = 4) -> Period:
    y, m = add_months(period.end.year, period.end.month, 1)
    return quarter_of(date(y, m, 1), fy_start)
