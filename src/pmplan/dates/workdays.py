"""Working days: weekends and the regular England and Wales bank holidays."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache


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
    last = date(year, month, calendar.monthrange(year, month)[1])
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
