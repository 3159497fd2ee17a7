"""Text for the report: cleaning what is taken from the plans, and writing dates, numbers and
periods as a committee reads them."""

from __future__ import annotations

from datetime import date

from pmplan.characters import CONTROL, without_controls
from pmplan.dates.months import NAMES as MONTH_NAMES
from pmplan.dates.periods import Period

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def clean(text: object) -> str:
    """Text safe for every format: no control characters (which XML forbids and HTML treats
    as errors), newlines as ``\\n``, trimmed."""
    return without_controls(str(text)).strip()


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (whitespace kept as it is)."""
    return CONTROL.sub("", text)


def optional(text: object | None) -> str | None:
    if text is None:
        return None
    value = clean(text)
    return value or None


def format_date(day: date) -> str:
    """``20 November 2025``."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def format_number(value: float) -> str:
    """``3,150``, ``46.9``, ``0.25``: thousands separated, no trailing zeros."""
    if abs(value) >= 1000 and value == int(value):
        return f"{int(value):,}"
    return f"{value:,.10g}" if abs(value) >= 1000 else f"{value:.10g}"


def format_count(count: int, one: str, many: str) -> str:
    """``1 action``, ``1,204 actions``."""
    return f"{count:,} {one if count == 1 else many}"


def format_value(value: float | None, unit: str | None) -> str:
    """``46.9%``, ``£1,200``, ``14 days``; ``—`` for no value."""
    if value is None:
        return "—"
    number = format_number(value)
    if not unit:
        return number
    if unit == "%":
        return f"{number}%"
    if unit in {"£", "$", "€"}:
        return f"{unit}{number}"
    return f"{number} {unit}"


def describe_period(period: Period) -> str:
    """``Quarter 2, 2025/26 (July to September 2025)`` or ``2025/26 (April 2025 to March 2026)``."""
    first, last = MONTH_NAMES[period.start.month - 1], MONTH_NAMES[period.end.month - 1]
    if period.kind == "quarter":
        year_label, _, part = period.label.partition(" ")
        span = f"{first} to {last} {period.end.year}"
        if period.start.year != period.end.year:
            span = f"{first} {period.start.year} to {last} {period.end.year}"
        return f"Quarter {part[1:]}, {year_label} ({span})"
    if period.kind == "year":
        return f"{period.label} ({first} {period.start.year} to {last} {period.end.year})"
    return f"{first} {period.start.year}"
