"""The report's indicators: each one's row for the period, grouped by the Council Plan priority
it serves (the golden thread), the trend charts worth drawing, and the year's outturns."""

from __future__ import annotations

import dataclasses

from pmplan.dates.periods import Period, PeriodError
from pmplan.indicators.rag import quantitative_rag
from pmplan.indicators.reading import Comparison as ReadingComparison
from pmplan.indicators.reading import has_reading, outturn, read_for_period
from pmplan.indicators.reading import trend as indicator_trend
from pmplan.report.view.model import (
    DIRECTION_LABELS,
    RAGS,
    Comparison,
    IndicatorGroup,
    IndicatorRow,
    Outturn,
    TrendPoint,
)
from pmplan.report.view.scope import Scope
from pmplan.report.view.text import clean, format_value, optional
from pmplan.workspace.index import Workspace
from pmplan.workspace.models import Indicator


def priority_of(ws: Workspace, indicator: Indicator) -> str | None:
    """The priority an indicator serves: its first link that is a priority, or an outcome of one."""
    for link in indicator.links:
        if link in ws.priorities:
            return link
        if link in ws.outcomes:
            return ws.outcomes[link][1].id
    return None


def linked(ws: Workspace, indicator: Indicator, plan_id: str) -> bool:
    """Whether the indicator is on the golden thread of one of the plan's actions."""
    plan_links: set[str] = set()
    for action in ws.action_list:
        if action.plan.id == plan_id:
            plan_links.update(action.links)
    expanded = set(plan_links)
    for link in plan_links:
        if link in ws.outcomes:
            expanded.add(ws.outcomes[link][1].id)
        if link in ws.priorities:
            expanded.update(o.id for o in ws.priorities[link].outcomes)
    if indicator.id in expanded:
        return True
    for link in indicator.links:
        if link in expanded or (link in ws.outcomes and ws.outcomes[link][1].id in expanded):
            return True
    return False


def _comparison(comparison: ReadingComparison | None, indicator: Indicator) -> Comparison | None:
    if comparison is None:
        return None
    period, value, direction = comparison.period, comparison.value, comparison.direction
    if indicator.type == "qualitative":
        shown = RAGS[value.rag].label if value.rag else "—"
    else:
        shown = format_value(value.actual, optional(indicator.unit))
    return Comparison(period, shown, direction, DIRECTION_LABELS.get(direction or "", "—"))


def _kind_word(label: str) -> str:
    if " Q" in label:
        return "quarter"
    return "month" if "-" in label and "/" not in label else "year"


def _reason(
    scope: Scope, indicator: Indicator, actual: float | None, target: float | None, unit: str | None
) -> str | None:
    """The rule that set a measured indicator's RAG, its values written with their unit."""
    if indicator.type == "qualitative" or actual is None or target is None:
        return None
    tolerance = indicator.tolerance if indicator.tolerance is not None else scope.ws.config.rag.tolerance
    return quantitative_rag(
        actual, target, indicator.polarity, tolerance, lambda v: format_value(v, unit)
    ).reason


def indicator_row(scope: Scope, indicator: Indicator) -> IndicatorRow:
    reading = read_for_period(indicator, scope.period, scope.ws.config.rag.tolerance, scope.fy)
    unit = optional(indicator.unit)
    value = reading.value
    qualitative = indicator.type == "qualitative"
    shown_period = reading.period or scope.period.label
    if value is None or not has_reading(indicator, value):
        reason = f"No value reported for {scope.period.label}"
    else:
        reason = _reason(scope, indicator, value.actual, value.target, unit) or (
            clean(reading.reason) if reading.reason else "No target set: not rated"
        )
        reason = reason[:1].upper() + reason[1:]
    trend: tuple[TrendPoint, ...] = ()
    if not qualitative and value is not None:
        try:
            shown = scope.fy.parse(shown_period)
        except PeriodError:
            shown = None
        if shown is not None:
            trend = tuple(
                TrendPoint(period, actual, target, format_value(actual, unit), format_value(target, unit))
                for period, actual, target in indicator_trend(indicator, shown, scope.fy)
            )
    polarity = "Higher is better" if indicator.polarity == "higher" else "Lower is better"
    kind = _kind_word(shown_period)
    compared = reading.compared
    if reading.seasonal:
        compared_with = f"the same {kind} last year"
    elif compared is not None and compared is reading.year_ago:
        compared_with = f"the same {kind} last year (no earlier {kind} to compare)"
    else:
        compared_with = f"the previous {kind}"
    return IndicatorRow(
        id=indicator.id,
        title=clean(indicator.title),
        unit=unit,
        polarity=indicator.polarity,
        polarity_text="" if qualitative else polarity,
        qualitative=qualitative,
        owner=scope.name(indicator.owner),
        period=shown_period,
        latest_instead=shown_period != scope.period.label,
        target_text="—" if qualitative or value is None else format_value(value.target, unit),
        actual_text=(
            (RAGS[value.rag].label if value and value.rag else "—")
            if qualitative
            else format_value(value.actual if value else None, unit)
        ),
        rag=RAGS[reading.rag],
        reason=reason,
        note=optional(value.note) if value else None,
        corrective_action=optional(value.corrective_action) if value else None,
        direction=reading.direction,
        direction_text=DIRECTION_LABELS.get(reading.direction or "", "—"),
        compared_with=compared_with,
        compared=_comparison(compared, indicator),
        previous=_comparison(reading.previous, indicator),
        year_ago=_comparison(reading.year_ago, indicator),
        priority=priority_of(scope.ws, indicator),
        trend=trend,
        chart=False,
    )


def indicator_groups(scope: Scope, indicators: list[Indicator]) -> tuple[IndicatorGroup, ...]:
    """The indicators' rows by Council Plan priority, in the framework's order; those linked
    to no priority last."""
    rows = choose_charts(tuple(indicator_row(scope, i) for i in indicators))
    groups = []
    for priority_id, priority in scope.ws.priorities.items():
        chosen = tuple(r for r in rows if r.priority == priority_id)
        if chosen:
            groups.append(IndicatorGroup(priority_id, f"{priority_id}: {clean(priority.title)}", chosen))
    rest = tuple(r for r in rows if r.priority is None)
    if rest:
        title = "Other indicators" if groups else "Indicators"
        groups.append(IndicatorGroup(None, title, rest))
    return tuple(groups)


MAX_CHARTS = 12
"""At most this many trend charts: a committee reads a dozen, not two hundred."""


CHART_LIMIT = 1e12
"""Values beyond this (a typing slip, ``1e308``) make no chart: an axis cannot span them."""


def _chartable(row: IndicatorRow) -> bool:
    values = [v for p in row.trend for v in (p.actual, p.target) if v is not None]
    return all(abs(v) <= CHART_LIMIT for v in values)


def choose_charts(rows: tuple[IndicatorRow, ...]) -> tuple[IndicatorRow, ...]:
    """Chart the indicators where a picture says more than a row of numbers: those with three
    or more values that are red, amber or worsening, red first, at most :data:`MAX_CHARTS`."""

    def rank(row: IndicatorRow) -> int | None:
        if row.qualitative or len(row.trend) < 3 or not _chartable(row):
            return None
        order = {"red": 0, "amber": 1}.get(row.rag.key)
        if order is None and row.direction == "worsening":
            order = 2
        return order

    ranked = sorted((r, i) for i, row in enumerate(rows) if (r := rank(row)) is not None)
    chosen = {i for _, i in ranked[:MAX_CHARTS]}
    return tuple(dataclasses.replace(row, chart=True) if i in chosen else row for i, row in enumerate(rows))


_RULES = {
    "annual": "The year's own value",
    "sum": "Sum of the {parts}",
    "average": "Average of the {parts}",
    "latest": "Latest value ({latest})",
}


def outturn_row(scope: Scope, indicator: Indicator, year: Period) -> Outturn:
    result = outturn(indicator, year, scope.ws.config.rag.tolerance, scope.fy)
    unit = optional(indicator.unit)
    word = "months" if indicator.frequency == "monthly" else "quarters"
    parts = (
        f"{result.parts} of {result.expected} {word}"
        if result.parts < result.expected
        else f"{result.expected} {word}"
    )
    rule = _RULES[result.rule].format(parts=parts, latest=result.latest or "none")
    qualitative = indicator.type == "qualitative"
    if qualitative:
        actual_text = RAGS[result.rag].label if result.rag else "—"
        target_text = "—"
    else:
        actual_text = format_value(result.actual, unit)
        target_text = format_value(result.target, unit) if result.target is not None else "Not set"
    if result.reason:
        reason = _reason(scope, indicator, result.actual, result.target, unit) or clean(result.reason)
        reason = reason[:1].upper() + reason[1:]
    elif result.actual is None and not qualitative:
        reason = f"No value for {year.label}"
    else:
        reason = "No annual target: not rated"
    return Outturn(
        id=indicator.id,
        title=clean(indicator.title),
        priority=priority_of(scope.ws, indicator),
        actual_text=actual_text,
        target_text=target_text,
        rag=RAGS[result.rag],
        rule_text=rule,
        reason=reason,
        next_target_text=format_value(result.next_target, unit)
        if result.next_target is not None
        else "Not set",
    )
