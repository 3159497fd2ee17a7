"""Financial years and their periods: years (``2025/26``), quarters (``2025/26 Q2``), months (``2025-08``).

One :class:`FinancialYear` holds the month the council's year starts (April by default) and
does every piece of arithmetic that depends on it: a year's label, its quarters, the period a
day falls in, reading a period or a year as written, and resolving a report's ``q2`` with
``--year`` and the as-of date. Nothing here reads the clock or the disk.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pmplan.errors import UsageError

_YEAR = re.compile(r"^(\d{4})/(\d{2}|\d{4})$")
_QUARTER = re.compile(r"^(\d{4})/(\d{2}|\d{4})\s+Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_PLAIN_YEAR = re.compile(r"^\d{4}$")

REPORT_PERIODS = ("q1", "q2", "q3", "q4", "year")
"""The periods a report covers: a financial quarter or the whole year."""

EARLIEST_YEAR = 1900
LATEST_YEAR = 2100
"""The years pmplan reads: a date, period or ``--as-of`` outside them is refused where it is
read, so that no arithmetic on it (the year after, the quarter before) can leave the calendar."""


class PeriodError(UsageError, ValueError):
    """Text that is not a period, or a period that cannot be had."""


def year_problem(year: int) -> str | None:
    """Why ``year`` cannot be read (outside :data:`EARLIEST_YEAR` to :data:`LATEST_YEAR`), or None."""
    if EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    return f"the year {year} is outside the years pmplan reads ({EARLIEST_YEAR} to {LATEST_YEAR})"


def check_day(day: date, what: str) -> date:
    """``day`` if its year can be read; else a :class:`PeriodError` naming ``what``."""
    problem = year_problem(day.year)
    if problem:
        raise PeriodError(f"{what}: {problem}")
    return day


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A span of the calendar that values and reports belong to."""

    start: date
    end: date
    kind: str  # "year" | "quarter" | "month"
    label: str

    def __str__(self) -> str:
        return self.label

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def number(self) -> int:
        """A quarter's number (1-4); 0 for a year or a month."""
        return int(self.label[-1]) if self.kind == "quarter" else 0


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) ``months`` after the given month (may be negative)."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def month(year: int, number: int) -> Period:
    return Period(date(year, number, 1), month_end(year, number), "month", f"{year}-{number:02d}")


def _in_range(year: int) -> int:
    problem = year_problem(year)
    if problem:
        raise PeriodError(problem)
    return year


def _follows(first: str, second: str) -> int:
    """The first year of ``2025/26`` or ``2025/2026``, when the second follows it."""
    year = _in_range(int(first))
    expected = year + 1 if len(second) == 4 else (year + 1) % 100
    if int(second) != expected:
        raise PeriodError(
            f"{first}/{second}: the second year must follow the first (e.g. {year}/{(year + 1) % 100:02d})"
        )
    return year


@dataclass(frozen=True, slots=True)
class FinancialYear:
    """The council's financial year, which starts on the first of ``start_month``.

    A year is named by the calendar year it starts in: with April years, 2025 is the year
    ``2025/26`` (April 2025 to March 2026); with January years it is simply ``2025``.
    """

    start_month: int = 4

    def __post_init__(self) -> None:
        if not isinstance(self.start_month, int) or not 1 <= self.start_month <= 12:
            raise ValueError(f"a financial year starts in a month 1-12, not {self.start_month!r}")

    @property
    def is_calendar_year(self) -> bool:
        return self.start_month == 1

    # --- naming and building periods ---------------------------------------------------------

    def label(self, start_year: int) -> str:
        """``2025/26`` for the year starting in 2025 (``2025`` when years start in January)."""
        if self.is_calendar_year:
            return str(start_year)
        return f"{start_year}/{(start_year + 1) % 100:02d}"

    def year(self, start_year: int) -> Period:
        end_year, end_month = add_months(start_year, self.start_month, 11)
        return Period(
            date(start_year, self.start_month, 1),
            month_end(end_year, end_month),
            "year",
            self.label(start_year),
        )

    def quarter(self, start_year: int, number: int) -> Period:
        """Quarter ``number`` (1-4) of the year starting in ``start_year``."""
        y, m = add_months(start_year, self.start_month, 3 * (number - 1))
        ey, em = add_months(y, m, 2)
        return Period(date(y, m, 1), month_end(ey, em), "quarter", f"{self.label(start_year)} Q{number}")

    def months(self, start_year: int) -> list[tuple[int, int]]:
        """The (year, month) of each month of the year starting in ``start_year``, in order."""
        return [add_months(start_year, self.start_month, i) for i in range(12)]

    # --- where a day falls ---------------------------------------------------------------------

    def start_year_of(self, day: date) -> int:
        """The calendar year in which the financial year holding ``day`` starts."""
        return day.year if day.month >= self.start_month else day.year - 1

    def quarter_of(self, day: date) -> Period:
        """The financial quarter that holds ``day``."""
        months_in = (day.month - self.start_month) % 12
        return self.quarter(self.start_year_of(day), months_in // 3 + 1)

    def next_quarter(self, period: Period) -> Period:
        """The quarter after the one that ends ``period``."""
        y, m = add_months(period.end.year, period.end.month, 1)
        return self.quarter_of(date(y, m, 1))

    def previous(self, period: Period) -> Period:
        """The period of the same kind just before ``period``."""
        if period.kind == "month":
            return month(*add_months(period.start.year, period.start.month, -1))
        if period.kind == "year":
            return self.year(self.start_year_of(period.start) - 1)
        y, m = add_months(period.start.year, period.start.month, -3)
        return self.quarter_of(date(y, m, 1))

    def year_before(self, period: Period) -> Period:
        """The same period a year before."""
        start = date(period.start.year - 1, period.start.month, 1)
        if period.kind == "month":
            return month(start.year, start.month)
        start_year = self.start_year_of(start)
        if period.kind == "year":
            return self.year(start_year)
        return self.quarter(start_year, period.number)

    # --- reading what people write ---------------------------------------------------------------

    def parse(self, text: str) -> Period:
        """Read ``2025/26``, ``2025/26 Q2`` or ``2025-08`` (also ``2025`` when years start in January)."""
        return _parse(self, str(text))

    def _parse(self, text: str) -> Period:
        text = " ".join(text.split())
        if m := _QUARTER.match(text):
            return self.quarter(_follows(m.group(1), m.group(2)), int(m.group(3)))
        if m := _YEAR.match(text):
            return self.year(_follows(m.group(1), m.group(2)))
        if (m := _MONTH.match(text)) and 1 <= int(m.group(2)) <= 12:
            return month(_in_range(int(m.group(1))), int(m.group(2)))
        if self.is_calendar_year and _PLAIN_YEAR.match(text):
            return self.year(_in_range(int(text)))
        if not self.is_calendar_year and (meant := period_meant(text)) is not None:
            raise PeriodError(f"'{text}' is not a period as pmplan writes them: write '{meant}'")
        raise PeriodError(
            f"'{text}' is not a period: write a financial year ('{self.label(2025)}'), "
            f"a quarter ('{self.label(2025)} Q2') or a month ('2025-08')"
        )

    def parse_year(self, text: str, flag: str = "--year") -> int:
        """The start year of the financial year written ``2025/26`` (``2025`` for January years).

        A bare ``2025`` with April years could mean 2024/25 or 2025/26, so it is refused with
        both named rather than guessed; every command that takes ``--year`` reads it here.
        """
        value = " ".join(str(text).split())
        if not self.is_calendar_year and _PLAIN_YEAR.match(value):
            year = int(value)
            raise PeriodError(
                f"{flag} '{value}' could be {self.label(year - 1)} or {self.label(year)}: "
                f"write the financial year in full, e.g. {self.label(year)}"
            )
        try:
            found = self.parse(value)
        except PeriodError as exc:
            raise PeriodError(f"{flag} '{value}': {exc}") from None
        if found.kind != "year":
            raise PeriodError(f"{flag} '{value}' is not a financial year: write it as {self.label(2025)}")
        return found.start.year

    def resolve(self, name: str, year: str | None, as_of: date) -> Period:
        """A report's period: ``name`` (``q1``..``q4`` or ``year``) of the financial year
        ``year``; without a year, the latest such quarter that has begun by ``as_of``, or for
        ``year`` the latest financial year that has ended by it."""
        key = name.strip().lower()
        if key not in REPORT_PERIODS:
            raise PeriodError(
                f"'{name}' is not a report period: choose q1, q2, q3, q4 (financial quarters) or year"
            )
        if year is not None:
            return self._named(key, self.parse_year(year))
        check_day(as_of, "the as-of date")
        start_year = self.start_year_of(as_of)
        if key == "year" or self._named(key, start_year).start > as_of:
            start_year -= 1
        return self._named(key, start_year)

    def _named(self, key: str, start_year: int) -> Period:
        return self.year(start_year) if key == "year" else self.quarter(start_year, int(key[1]))


@lru_cache(maxsize=8192)
def _parse(fy: FinancialYear, text: str) -> Period:
    """Periods as read, remembered: a workspace writes the same few dozen labels thousands of times."""
    return fy._parse(text)


def cutoff(period: Period, window: int) -> date:
    """The last day of the ``window`` months after ``period`` ends: by then its updates are in."""
    year, number = add_months(period.end.year, period.end.month, window)
    return month_end(year, number)


APRIL = FinancialYear(4)
"""The usual UK local-government financial year, April to March."""


def file_stem(period: Period) -> str:
    """``2025-26-q2`` for 2025/26 Q2, ``2025-26-year`` for 2025/26: a report's default file name."""
    year_label, _, part = period.label.partition(" ")
    return f"{year_label.replace('/', '-')}-{(part or 'year').lower()}"


_LOOSE_PERIOD = re.compile(
    r"^(?:(?:q|quarter)\s*([1-4])\s*,?\s*)?(\d{4}|\d{2})\s*[/-]\s*(\d{2}|\d{4})(?:\s*,?\s*(?:q|quarter)\s*([1-4]))?$",
    re.IGNORECASE,
)


def period_meant(text: str) -> str | None:
    """The period key a financial year or quarter written another way plainly means:
    ``Q1 2024/25``, ``2024-25 Q1``, ``24/25 q1``, ``Quarter 1 2024/25`` are ``2024/25 Q1``;
    ``2024-25`` is ``2024/25``. None where it is not that plain (or already the key)."""
    written = " ".join(str(text).split())
    m = _LOOSE_PERIOD.match(written)
    if m is None or (m.group(1) and m.group(4)):
        return None
    first, second = int(m.group(2)), int(m.group(3))
    first += 2000 if first < 100 else 0
    if second != ((first + 1) % 100 if second < 100 else first + 1):
        return None
    quarter = m.group(1) or m.group(4)
    key = f"{first}/{(first + 1) % 100:02d}" + (f" Q{quarter}" if quarter else "")
    return key if key != written else None
