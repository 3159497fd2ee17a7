"""Dates and counts as an officer reads them, the same in the workbook, the status and e-mail."""

from __future__ import annotations

from datetime import date

from pmplan.dates.months import ABBREVIATIONS
from pmplan.dates.months import NAMES as MONTH_NAMES

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def short_date(day: date) -> str:
    """``24 Sep 2026``."""
    return f"{day.day} {ABBREVIATIONS[day.month - 1]} {day.year}"


def long_date(day: date, weekday: bool = True) -> str:
    """``Friday 29 January 2027`` (``29 January 2027`` without the weekday)."""
    words = f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
    return f"{DAYS[day.weekday()]} {words}" if weekday else words


def month_year(day: date) -> str:
    """``February 2027``."""
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def count(n: int, noun: str) -> str:
    """``1 action``, ``3 actions``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
