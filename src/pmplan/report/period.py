"""Which period a report covers: ``q1``..``q4`` or ``year``, of a financial year.

Without a year, a report covers the most recent such period that has begun by the as-of
date: on 20 November 2025 ``q2`` is 2025/26 Q2, ``q4`` is 2024/25 Q4 and ``year`` is 2025/26.
"""

from __future__ import annotations

from datetime import date

from pmplan.dates.periods import Period, PeriodError, financial_year, fy_start_year, parse_period, quarter

PERIOD_NAMES = ("q1", "q2", "q3", "q4", "year")


class ReportPeriodError(ValueError):
    """A period name or year that a report cannot cover."""


def resolve_period(name: str, year: str | None, as_of: date, fy_start: int = 4) -> Period:
    """The period ``name`` (``q1``..``q4`` or ``year``) of financial year ``year`` (``2025/26``),
    or of the latest financial year in which it has begun by ``as_of``."""
    key = name.strip().lower()
    if key not in PERIOD_NAMES:
        raise ReportPeriodError(
            f"'{name}' is not a report period: choose q1, q2, q3, q4 (financial quarters) or year"
        )
    if year is not None:
        start_year = _year(year, fy_start)
    else:
        start_year = fy_start_year(as_of, fy_start)
        if _period(key, start_year, fy_start).start > as_of:
            start_year -= 1
    return _period(key, start_year, fy_start)


def _year(text: str, fy_start: int) -> int:
    example = "2025" if fy_start == 1 else "2025/26"
    try:
        found = parse_period(text, fy_start)
    except PeriodError:
        found = None
    if found is None or found.kind != "year":
        raise ReportPeriodError(
            f"--year '{text}' is not a financial year: write it as YYYY/YY (e.g. {example})"
        )
    return found.start.year


def _period(key: str, start_year: int, fy_start: int) -> Period:
    if key == "year":
        return financial_year(start_year, fy_start)
    return quarter(start_year, int(key[1]), fy_start)


def file_stem(period: Period) -> str:
    """``2025-26-q2`` for 2025/26 Q2, ``2025-26-year`` for 2025/26: the default report file name."""
    year_label, _, part = period.label.partition(" ")
    return f"{year_label.replace('/', '-')}-{(part or 'year').lower()}"
