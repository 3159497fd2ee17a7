"""Where one report's months, spans and undated meetings fall in a year's cycle.

A report's cycle for the financial year starting in ``start_year`` places each of its
``months`` in that financial year, read in the order written:

- listed in the financial year's order (``[May, Aug, Nov, Feb]``) or in the calendar's
  (``[Feb, May, Aug, Nov]``, the way a January-to-December grid reads), every month falls in
  the financial year, as it always has;
- a list that starts in the year and runs on past its end (``[Jun, Sep, Dec, Mar, Apr]``, a
  cycle from June to the following April) keeps the months after the end in the following
  year: April 2026 in the 2025/26 cycle, not April 2025, before the cycle starts.

Only the written order tells the two apart: a list read in calendar order begins with months
of the financial year's second calendar year (January to March for April years) and only
then wraps round to the year's start.
"""

from __future__ import annotations

from datetime import date

from pmplan.dates.months import ABBREVIATIONS
from pmplan.dates.periods import FinancialYear, Period, add_months
from pmplan.workspace.models import Meeting, Report, Span

Month = tuple[int, int]
"""A calendar month as (year, month)."""


def _number(name: str) -> int:
    return ABBREVIATIONS.index(name) + 1


def cycle_months(report: Report, start_year: int, fy: FinancialYear) -> list[Month]:
    """The (year, month) of each of the report's months in the cycle of ``start_year``."""
    if report.every == "month":
        return fy.months(start_year)
    numbers = [_number(m) for m in report.months or ()]
    placed: list[Month] = []
    offset = 0
    previous: int | None = None
    for index, number in enumerate(numbers):
        position = (number - fy.start_month) % 12
        if previous is not None and position <= previous:
            calendar_order = offset == 0 and all(n < fy.start_month for n in numbers[:index])
            if not calendar_order:
                offset += 12
        placed.append(add_months(start_year, fy.start_month, position + offset))
        previous = position
    return placed


def span_months(span: Span, start_year: int, fy: FinancialYear) -> tuple[Month, Month]:
    """The first and last (year, month) of a span in the cycle of ``start_year``.

    A span written with years (``2025-09``) is the same in every cycle; one written with the
    cycle's months (``Sep`` to ``Feb``) starts in the financial year and runs forward to its
    ``to``, into the following calendar year where it must.
    """
    if len(span.start) > 3:
        first = (int(span.start[:4]), int(span.start[5:]))
        last = (int(span.to[:4]), int(span.to[5:]))
        return first, last
    start = _number(span.start)
    first = add_months(start_year, fy.start_month, (start - fy.start_month) % 12)
    return first, add_months(*first, (_number(span.to) - start) % 12)


def is_dated(span: Span) -> bool:
    """Whether a span is written with its years (``2025-09``) rather than the cycle's months."""
    return len(span.start) > 3


def expected_month(report: Report, meeting: Meeting, period: Period) -> Month:
    """The month a meeting with no date yet is expected in: the first of the report's months
    after its period ends, or the month after the period where the report lists none (a
    dated meeting is in its date's month)."""
    if meeting.date is not None:
        return meeting.date.year, meeting.date.month
    numbers = set(report.month_numbers())
    month = add_months(period.end.year, period.end.month, 1)
    for _ in range(12):
        if not numbers or month[1] in numbers:
            return month
        month = add_months(*month, 1)
    return add_months(period.end.year, period.end.month, 1)


def first_day(month: Month) -> date:
    return date(month[0], month[1], 1)
