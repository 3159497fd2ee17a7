"""What an officer typed into a return's editable cells, read as plan values.

Each reader returns the value as the plans write it, None for an empty cell, or raises
:class:`CellError` saying what is wrong with it (the caller names the file, sheet and cell).
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from pmplan.changes.edit.indicator import number_text
from pmplan.dates.months import NAMES as MONTH_NAMES
from pmplan.returns.contents import number, text
from pmplan.returns.reading import Cell
from pmplan.workspace.vocabulary import Status

_LABELS = {s.label.lower(): s.value for s in Status} | {s.value: s.value for s in Status}
_LABELS |= {s.value.replace("-", " "): s.value for s in Status}
_RATINGS = {"red": "red", "amber": "amber", "green": "green", "r": "red", "a": "amber", "g": "green"}
_NUMBER = re.compile(r"^\s*([£$€])?\s*([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?)\s*(.*?)\s*$")


class CellError(ValueError):
    """What is wrong with a cell's value, in words for the officer."""


def text_of(cell: Cell) -> str:
    """The cell's words as the plans keep them; empty for an empty cell. A date typed into a
    text column reads as the words of the date (``30 June 2027``)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return text(value)


def status_of(cell: Cell) -> str | None:
    """A status, by its label (``On track``) or as plan files write it (``on-track``)."""
    value = text_of(cell)
    if not value:
        return None
    found = _LABELS.get(" ".join(value.lower().split()))
    if found is None:
        raise CellError(f"'{value}' is not a status: choose one of {', '.join(s.label for s in Status)}")
    return found


def rating_of(cell: Cell) -> str | None:
    """Red, amber or green (or R, A, G)."""
    value = text_of(cell)
    if not value:
        return None
    found = _RATINGS.get(value.lower())
    if found is None:
        raise CellError(f"'{value}' is not a rating: write Red, Amber or Green")
    return found


def actual_of(cell: Cell, unit: str | None) -> str | None:
    """An actual as the number to write, from a number, a number with its unit (``7.4 days``,
    ``£1,200``, ``47.2%``), or a percentage Excel keeps as a fraction (0.472 shown as 47.2%)."""
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool | datetime | date):
        raise CellError(f"'{text_of(cell)}' is not a number")
    if isinstance(value, int | float):
        found = float(value)
        if "%" in (cell.number_format or ""):
            if unit != "%":
                raise CellError(
                    f"typed as a percentage, but the indicator is measured in {unit or 'numbers'}"
                )
            found *= 100
        return _finite(found)
    match = _NUMBER.match(str(value))
    if match is None or not match.group(2) or match.group(2) in {"+", "-"}:
        raise CellError(f"'{text_of(cell)}' is not a number: type the actual as a number, e.g. 47.2")
    symbol, digits, suffix = match.groups()
    written = (symbol or suffix).strip()
    if written and not _unit_matches(written, unit):
        raise CellError(
            f"'{text_of(cell)}' is in '{written}', but the indicator is measured in {unit or 'plain numbers'}"
        )
    return _finite(float(digits.replace(",", "")))


def _finite(value: float) -> str:
    if not math.isfinite(value):
        raise CellError("not a number")
    return number(float(number_text(value)))


def _unit_matches(written: str, unit: str | None) -> bool:
    if unit is None:
        return False
    a, b = written.lower().rstrip("s. "), unit.lower().rstrip("s. ")
    return a == b or (a in {"percent", "per cent", "pc"} and b == "%")
