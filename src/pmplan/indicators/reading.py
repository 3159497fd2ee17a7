"""Reading an indicator for a period: its value, RAG, the rule that set it, direction of travel.

Computed here once and used by ``list``, ``show`` and the reports alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pmplan.dates.periods import APRIL, FinancialYear, Period, PeriodError
from pmplan.indicators.rag import Direction, Rag, direction, quantitative_rag
from pmplan.workspace.models import Indicator, IndicatorValue

_RAG_RANK = {"red": 0, "amber": 1, "green": 2}


@dataclass(frozen=True, slots=True)
class Comparison:
    period: str
    value: IndicatorValue
    direction: Direction | None


@dataclass(frozen=True, slots=True)
class IndicatorReading:
    indicator: Indicator
    period: str | None
    value: IndicatorValue | None
    rag: Rag | None
    reason: str | None
    previous: Comparison | None
    """Against the latest earlier period of the same kind that has a value."""
    year_ago: Comparison | None
    """Against the same period a year before, where there is one."""
    profiled: bool = False
    """Its targets differ from one quarter (or month) of the year to the next: a seasonal
    measure, compared with the same period a year before."""

    @property
    def seasonal(self) -> bool:
        """Compared only with the same period a year before: cumulative values start again each
        year, and a profiled target says the measure moves with the seasons."""
        return self.indicator.cumulative or self.profiled

    @property
    def compared(self) -> Comparison | None:
        """What direction of travel compares with: the previous period (or, where it gives no
        direction, a year before); a seasonal indicator (:attr:`seasonal`) only a year before."""
        choices = (self.year_ago,) if self.seasonal else (self.previous, self.year_ago)
        for comparison in choices:
            if comparison is not None and comparison.direction is not None:
                return comparison
        return None

    @property
    def direction(self) -> Direction | None:
        return self.compared.direction if self.compared is not None else None


def _periods(indicator: Indicator, fy: FinancialYear) -> dict[Period, tuple[str, IndicatorValue]]:
    found = {}
    for label, value in indicator.values.items():
        try:
            found[fy.parse(label)] = (label, value)
        except PeriodError:
            continue
    return found


def has_reading(indicator: Indicator, value: IndicatorValue) -> bool:
    """Whether the value holds a reading: an actual, or for a qualitative indicator a rag."""
    return value.rag is not None if indicator.type == "qualitative" else value.actual is not None


def values_by_period(
    indicator: Indicator, fy: FinancialYear = APRIL
) -> list[tuple[Period, str, IndicatorValue]]:
    """(period, label as written, value) for each key that is a period, in time order."""
    found = [(period, label, value) for period, (label, value) in _periods(indicator, fy).items()]
    return sorted(found, key=lambda t: t[0])


def latest_period(indicator: Indicator, fy: FinancialYear = APRIL) -> str | None:
    """The latest period with an actual (or, for a qualitative indicator, a rag)."""
    periods = _periods(indicator, fy)
    readable = [p for p, (_, v) in periods.items() if has_reading(indicator, v)]
    return periods[max(readable)][0] if readable else None


def rag_of(indicator: Indicator, value: IndicatorValue, tolerance: float) -> tuple[Rag | None, str | None]:
    if indicator.type == "qualitative" or value.actual is None or value.target is None:
        if value.rag is not None:
            return value.rag, "rated by the owner" if indicator.type == "qualitative" else "rag given"
        return None, None
    reading = quantitative_rag(
        value.actual,
        value.target,
        indicator.polarity,
        indicator.tolerance if indicator.tolerance is not None else tolerance,
    )
    return reading.rag, reading.reason


def _direction(indicator: Indicator, now: IndicatorValue, then: IndicatorValue) -> Direction | None:
    if indicator.type == "qualitative":
        if now.rag is None or then.rag is None:
            return None
        return direction(_RAG_RANK[now.rag], _RAG_RANK[then.rag], "higher")
    if now.actual is None or then.actual is None:
        return None
    return direction(now.actual, then.actual, indicator.polarity)


def profiled(indicator: Indicator, period: Period, fy: FinancialYear = APRIL) -> bool:
    """Whether the targets of ``period``'s kind differ within its financial year (or, with
    fewer than two targets set there, within the year before): a target profiled by quarter."""
    if period.kind == "year":
        return False
    periods = _periods(indicator, fy)
    start_year = fy.start_year_of(period.start)
    for year in (start_year, start_year - 1):
        span = fy.year(year)
        targets = [
            v.target
            for p, (_, v) in periods.items()
            if p.kind == period.kind and span.start <= p.start <= span.end and v.target is not None
        ]
        if len(targets) >= 2:
            return len(set(targets)) > 1
    return False


def read_indicator(
    indicator: Indicator, period: str | None, tolerance: float, fy: FinancialYear = APRIL
) -> IndicatorReading:
    """The indicator as it stood in ``period`` (default: its latest period with an actual);
    no reading for a label that is not a period."""
    periods = _periods(indicator, fy)
    label = period if period is not None else latest_period(indicator, fy)
    try:
        target = fy.parse(label) if label is not None else None
    except PeriodError:
        target = None
    if target is None or target not in periods:
        return IndicatorReading(
            indicator, label if target is None else target.label, None, None, None, None, None
        )
    earlier = [
        p
        for p, (_, v) in periods.items()
        if p.kind == target.kind and p < target and has_reading(indicator, v)
    ]
    before = max(earlier) if earlier else None
    return _read(indicator, periods, target, tolerance, before, fy.year_before(target), fy)


def read_all(
    indicator: Indicator, tolerance: float, fy: FinancialYear = APRIL
) -> list[tuple[Period, IndicatorReading]]:
    """The reading of every period the indicator has a value for, in time order, in one
    pass: each label is read once, and the previous reading of each kind of period is
    carried along (an export reads thousands of values)."""
    periods = _periods(indicator, fy)
    by_start = {(p.kind, p.start): p for p in periods}
    latest: dict[str, Period] = {}
    readings = []
    for period in sorted(periods):
        start = period.start
        year_ago = by_start.get((period.kind, start.replace(year=start.year - 1)))
        readings.append(
            (period, _read(indicator, periods, period, tolerance, latest.get(period.kind), year_ago, fy))
        )
        if has_reading(indicator, periods[period][1]):
            latest[period.kind] = period
    return readings


def _read(
    indicator: Indicator,
    periods: dict[Period, tuple[str, IndicatorValue]],
    target: Period,
    tolerance: float,
    before: Period | None,
    year_ago: Period | None,
    fy: FinancialYear = APRIL,
) -> IndicatorReading:
    """The reading of ``target``, compared with ``before`` (the latest earlier period of its
    kind with a reading) and with ``year_ago`` (the same period a year before), where the
    indicator has values for them."""
    label, value = periods[target]
    rag, reason = rag_of(indicator, value, tolerance)
    previous = None
    if before is not None:
        p_label, p_value = periods[before]
        previous = Comparison(p_label, p_value, _direction(indicator, value, p_value))
    year = None
    if year_ago is not None and year_ago in periods:
        y_label, y_value = periods[year_ago]
        year = Comparison(y_label, y_value, _direction(indicator, value, y_value))
    return IndicatorReading(
        indicator, label, value, rag, reason, previous, year, profiled(indicator, target, fy)
    )


def read_for_period(
    indicator: Indicator, period: Period, tolerance: float, fy: FinancialYear = APRIL
) -> IndicatorReading:
    """The reading for ``period``; where it has none, the latest reading in the year before it
    (a quarterly report still shows an annual or late-reported measure)."""
    reading = read_indicator(indicator, period.label, tolerance, fy)
    if reading.value is not None and has_reading(indicator, reading.value):
        return reading
    earliest = date(period.start.year - 1, period.start.month, 1)
    earlier = [
        label
        for p, label, value in values_by_period(indicator, fy)
        if earliest <= p.start and p.end <= period.end and has_reading(indicator, value)
    ]
    if earlier:
        return read_indicator(indicator, earlier[-1], tolerance, fy)
    return reading


def trend(
    indicator: Indicator, shown: Period, fy: FinancialYear = APRIL, points: int = 8
) -> list[tuple[str, float, float | None]]:
    """The last ``points`` actuals up to ``shown``, of periods of its kind: (label, actual, target)."""
    found = [
        (label, value.actual, value.target)
        for p, label, value in values_by_period(indicator, fy)
        if p.kind == shown.kind and p.end <= shown.end and value.actual is not None
    ]
    return found[-points:]


# --- the year's outturn --------------------------------------------------------------------------

OutturnRule = Literal["annual", "sum", "latest", "average"]


@dataclass(frozen=True, slots=True)
class Outturn:
    """An indicator's result for a financial year against its annual target."""

    indicator: Indicator
    year: Period
    actual: float | None
    target: float | None
    rule: OutturnRule
    """``annual`` where the year has a value of its own; else the indicator's ``outturn``
    rule over its quarters (or months)."""
    parts: int
    """How many quarters (or months) gave an actual."""
    expected: int
    """How many there are in a year: 4 (or 12)."""
    latest: str | None
    """The period whose value a ``latest`` outturn is."""
    rag: Rag | None
    reason: str | None
    next_target: float | None
    """The next year's annual target, where set (from its own value or its quarters')."""


def _combine(rule: str, numbers: list[float]) -> float | None:
    if not numbers:
        return None
    if rule == "sum":
        return sum(numbers)
    if rule == "average":
        return sum(numbers) / len(numbers)
    return numbers[-1]


def _target(
    rule: str, parts: list[tuple[Period, IndicatorValue]], expected: int, year: Period
) -> float | None:
    """The year's target from its parts' targets: for ``latest``, the target of the year's last
    quarter (or month); for a sum or an average, every part's target is needed."""
    targets = [(p, v.target) for p, v in parts if v.target is not None]
    if rule == "latest":
        return targets[-1][1] if targets and targets[-1][0].end == year.end else None
    if len(targets) < expected:
        return None
    return _combine(rule, [t for _, t in targets])


def _year_parts(
    indicator: Indicator, year: Period, fy: FinancialYear
) -> tuple[IndicatorValue | None, list[tuple[Period, IndicatorValue]], int]:
    """(the year's own value, its quarters' or months' values in order, how many a year has)."""
    periods = _periods(indicator, fy)
    kind, expected = ("month", 12) if indicator.frequency == "monthly" else ("quarter", 4)
    parts = sorted(
        (p, v) for p, (_, v) in periods.items() if p.kind == kind and year.start <= p.start <= year.end
    )
    own = periods.get(year)
    return (own[1] if own else None), parts, expected


def outturn(indicator: Indicator, year: Period, tolerance: float, fy: FinancialYear = APRIL) -> Outturn:
    """The indicator's outturn for ``year``: the year's own actual where given, else its
    quarters' (or months') actuals by its ``outturn`` rule (``latest`` by default); the annual
    target likewise; RAG as for any value; next year's target where one is set. A qualitative
    indicator's outturn is the year's own rating, else its latest."""
    rule: OutturnRule = indicator.outturn or "latest"
    own, parts, expected = _year_parts(indicator, year, fy)
    qualitative = indicator.type == "qualitative"
    readings = [(p, v) for p, v in parts if has_reading(indicator, v)]
    actual: float | None = None
    rag: Rag | None = None
    reason: str | None = None
    latest: str | None = None
    if own is not None and has_reading(indicator, own):
        used: OutturnRule = "annual"
        actual, rag = own.actual, own.rag if qualitative else None
        count = expected
    else:
        used = "latest" if qualitative else rule
        if qualitative:
            rag = readings[-1][1].rag if readings else None
        else:
            actual = _combine(rule, [v.actual for _, v in readings if v.actual is not None])
        latest = readings[-1][0].label if readings and used == "latest" else None
        count = len(readings)
    target = (
        own.target if own is not None and own.target is not None else _target(rule, parts, expected, year)
    )
    if qualitative:
        target = None
        reason = "rated by the owner" if rag else None
    elif actual is not None and target is not None:
        rag, reason = rag_of(indicator, IndicatorValue(target=target, actual=actual), tolerance)
    following = fy.year(fy.start_year_of(year.start) + 1)
    next_own, next_parts, _ = _year_parts(indicator, following, fy)
    if qualitative:
        next_target = None
    elif next_own is not None and next_own.target is not None:
        next_target = next_own.target
    else:
        next_target = _target(rule, next_parts, expected, following)
    return Outturn(indicator, year, actual, target, used, count, expected, latest, rag, reason, next_target)
