"""Building the report's view model from a loaded workspace, a period and the as-of date."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date

from pmplan.calendar.schedule import DayRule
from pmplan.calendar.timetable import MeetingDate, SpanDates, Timetable
from pmplan.dates.periods import Period, PeriodError, month_end
from pmplan.dates.timescale import read_timescale
from pmplan.indicators.rag import quantitative_rag
from pmplan.indicators.reading import Comparison as ReadingComparison
from pmplan.indicators.reading import has_reading, read_for_period
from pmplan.indicators.reading import trend as indicator_trend
from pmplan.report.view.briefing import front_page
from pmplan.report.view.model import (
    DIRECTION_LABELS,
    RAGS,
    ActionRow,
    CalendarEntry,
    CalendarMonth,
    CalendarView,
    Comparison,
    ExceptionRow,
    GroupSection,
    IndicatorRow,
    KeyRow,
    MeetingEntry,
    PlanSection,
    RagCount,
    ReportView,
    Slip,
    StatusCount,
    Summary,
    Term,
    TrendPoint,
    action_rag,
)
from pmplan.report.view.scope import Scope
from pmplan.report.view.text import (
    DAY_NAMES,
    MONTH_NAMES,
    clean,
    describe_period,
    format_count,
    format_date,
    format_number,
    format_value,
    optional,
)
from pmplan.workspace.config import ReportSettings
from pmplan.workspace.index import ActionView, GroupView, Workspace
from pmplan.workspace.models import ActionPlan, Indicator, IndicatorValue, Report
from pmplan.workspace.vocabulary import CLOSED_STATUSES, EXCEPTION_STATUSES, Status


def build_report(
    ws: Workspace,
    period: Period,
    as_of: date,
    plan: str | None = None,
    settings: ReportSettings | None = None,
    front: Mapping[str, str] | None = None,
) -> ReportView:
    """The report for ``period`` as it stands on ``as_of``: all plans, or only ``plan``.

    ``settings`` (default: the workspace's ``report:`` settings) fills the briefing front;
    ``front`` overrides its ``committee`` and ``report_of`` (from the command line).
    """
    if plan is not None and plan not in ws.plans:
        raise KeyError(plan)
    scope = Scope(ws, period, as_of)
    plans = [p for p in ws.plans.values() if plan is None or p.id == plan]
    rows = {a.ref: _action_row(scope, a) for a in ws.action_list if plan is None or a.plan.id == plan}
    sections = tuple(_plan_section(scope, p, rows) for p in plans)
    indicators = _choose_charts(
        tuple(
            _indicator_row(scope, i) for i in ws.indicators.values() if plan is None or _linked(ws, i, plan)
        )
    )
    exceptions = _exceptions(list(rows.values()), indicators)
    summary = _summary(list(rows.values()), indicators, len(exceptions))
    subject = clean(plans[0].title) if plan is not None else "Action plans and performance indicators"
    kind = "quarterly" if period.kind == "quarter" else "annual"
    settings = settings if settings is not None else ws.config.report
    appendix_title = f"Appendix 1: progress report, {period.label}"
    timetable = Timetable(ws)
    committee = (front or {}).get("committee", settings.committee)
    meeting = timetable.meeting_for(period.label, committee)
    day = meeting.day if meeting is not None else None
    view = ReportView(
        organisation=clean(ws.config.organisation),
        title=f"{subject}: {kind} progress report",
        subject=subject,
        period=period.label,
        period_kind=period.kind,
        period_text=describe_period(period),
        period_start=period.start,
        period_end=period.end,
        as_of=as_of,
        as_of_text=format_date(as_of),
        plan=plan,
        front=front_page(scope, settings, front or {}, plans, summary, appendix_title, day),
        summary=summary,
        exceptions=exceptions,
        plans=sections,
        indicators=indicators,
        calendar=_calendar(scope, timetable, day or as_of),
        trends_text=_trends_text(indicators),
        acronyms=(),
        status_key=_status_key(),
        indicator_key=_indicator_key(ws.config.rag.tolerance),
    )
    return dataclasses.replace(view, acronyms=_acronyms(ws.terms, _texts(view)))


def _action_row(scope: Scope, item: ActionView) -> ActionRow:
    overdue = item.overdue(scope.as_of)
    label = item.status.label
    updates = scope.updates_in_period(item.action.updates)
    known = [u for u in item.action.updates if u.date <= scope.as_of]
    latest = scope.update_row(max(known, key=lambda u: u.date)) if known else None
    earlier = latest if not updates and latest is not None and latest.date < scope.period.start else None
    due_text, due_note = _due(item)
    leads = tuple(clean(scope.ws.person_name(p)) for p in item.leads)
    complete = item.status is Status.COMPLETE
    return ActionRow(
        ref=item.ref,
        local_ref=item.local_ref,
        plan=item.plan.id,
        title=clean(item.title),
        leads=leads,
        leads_text=", ".join(leads) or "None named",
        timescale=optional(item.action.timescale),
        due=item.due,
        due_text=due_text,
        due_note=due_note,
        recurring=item.recurring,
        status=item.status,
        status_label=label,
        status_text=f"{label}, overdue" if overdue else label,
        overdue=overdue,
        rag=action_rag(item.status, overdue),
        updates=updates,
        latest_update=latest,
        earlier_update=earlier,
        next=optional(item.action.next),
        slip=_slip(scope, item),
        completed_in_period=complete and latest is not None and scope.in_period(latest.date),
        completed_earlier=complete and (latest is None or latest.date < scope.period.start),
    )


def _due(item: ActionView) -> tuple[str, str | None]:
    """The Due column: the date (or what stands for it), and the timescale as written only
    where it says more than that: a start, a note, a cross-reference, words not read."""
    words = optional(item.action.timescale)
    reading = item.reading
    if item.due is None:
        if words:
            return words, None
        return ("Recurring" if item.recurring else "Not set"), None
    text = format_date(item.due) + (", then recurring" if item.recurring else "")
    if words is None or reading is None:
        return text, None
    adds = reading.start is not None or reading.note or reading.refs or reading.unread
    return text, words if adds else None


def _slip(scope: Scope, item: ActionView) -> Slip | None:
    baseline = optional(item.action.baseline)
    if baseline is None:
        return None
    was = read_timescale(baseline, scope.fy).due
    was_text = format_date(was) if was else "no date read"
    if was is None or item.due is None:
        text = f"Originally {baseline}"
        return Slip(baseline, was, was_text, None, text, text)
    days = (item.due - was).days
    head = f"Originally {baseline} ({was_text}), now {format_date(item.due)}"
    if days == 0:
        return Slip(baseline, was, was_text, 0, f"{head}: not moved", f"Originally {was_text}: not moved")
    moved = "slipped" if days > 0 else "brought forward"
    months = _whole_months(was, item.due)
    amount = format_count(abs(days), "day", "days")
    if months:
        amount = f"{format_count(abs(months), 'month', 'months')} ({amount})"
    short = f"Originally {was_text}; {moved} by " + (
        format_count(abs(months), "month", "months") if months else amount
    )
    return Slip(baseline, was, was_text, days, f"{head}: {moved} by {amount}", short)


def _whole_months(before: date, after: date) -> int | None:
    """Months between two month-end dates; None when either is not a month's last day."""
    if any(day != month_end(day.year, day.month) for day in (before, after)):
        return None
    return (after.year - before.year) * 12 + after.month - before.month


def _group_heading(group_label: str, group_id: str, title: str) -> str:
    if group_label == "Recommendation":
        short = group_id if group_id[:1].isalpha() else f"R{group_id}"
        return f"{short}: {title}"
    return f"Theme {group_id}: {title}"


def _plan_section(scope: Scope, plan: ActionPlan, rows: dict[str, ActionRow]) -> PlanSection:
    label = "Theme" if plan.group_key == "themes" else "Recommendation"
    groups = []
    earlier: list[ActionRow] = []
    for group in plan.groups:
        view: GroupView | None = scope.ws.groups.get(f"{plan.id}:{group.id}")
        if view is None or view.group is not group:
            continue
        chosen = [rows[a.ref] for a in view.actions if a.ref in rows]
        title = clean(group.title)
        groups.append(
            GroupSection(
                ref=view.ref,
                id=group.id,
                heading=_group_heading(label, group.id, title),
                title=title,
                response=optional(group.response or group.description),
                updates=scope.updates_in_period(group.updates),
                actions=tuple(row for row in chosen if not row.completed_earlier),
                completed_earlier=sum(1 for row in chosen if row.completed_earlier),
            )
        )
        earlier.extend(row for row in chosen if row.completed_earlier)
    approved = None
    if plan.approved is not None and (plan.approved.by or plan.approved.date):
        approved = "Approved"
        if plan.approved.by:
            approved += f" by {clean(plan.approved.by)}"
        if plan.approved.date:
            approved += f" on {format_date(plan.approved.date)}"
    return PlanSection(
        plan.id, clean(plan.title), optional(plan.source), approved, label, tuple(groups), tuple(earlier)
    )


def _exceptions(rows: list[ActionRow], indicators: tuple[IndicatorRow, ...]) -> tuple[ExceptionRow, ...]:
    found = []
    for row in rows:
        if row.status not in EXCEPTION_STATUSES and not row.overdue:
            continue
        parts = []
        if row.overdue and row.due is not None:
            parts.append(f"Due {format_date(row.due)}.")
        if row.slip is not None:
            parts.append(row.slip.text + ".")
        if row.latest_update is not None:
            parts.append(f"Latest update ({row.latest_update.date_text}): {row.latest_update.text}")
        found.append(
            ExceptionRow(
                "action",
                row.ref,
                row.title,
                row.leads_text,
                row.due_text,
                row.status_text,
                row.rag,
                " ".join(parts),
                row.next,
            )
        )
    found.sort(key=lambda e: 0 if e.rag.key == "red" else 1)
    for ind in indicators:
        if ind.rag.key == "red":
            reason = ind.reason + (f". {ind.note}" if ind.note else "")
            found.append(
                ExceptionRow(
                    "indicator",
                    ind.id,
                    ind.title,
                    ind.owner or "None named",
                    ind.period,
                    f"{ind.actual_text} against {ind.target_text}",
                    ind.rag,
                    reason,
                    None,
                )
            )
    return tuple(found)


def _summary(rows: list[ActionRow], indicators: tuple[IndicatorRow, ...], exceptions: int) -> Summary:
    statuses = tuple(
        StatusCount(s, s.label, RAGS[s.rag], n)
        for s in Status
        if (n := sum(1 for r in rows if r.status == s))
    )
    rags = tuple(
        RagCount(RAGS[key], n)
        for key in ("green", "amber", "red", None)
        if (n := sum(1 for i in indicators if i.rag.key == RAGS[key].key))
    )
    return Summary(
        actions=len(rows),
        open=sum(1 for r in rows if r.status not in CLOSED_STATUSES),
        overdue=sum(1 for r in rows if r.overdue),
        completed_in_period=sum(1 for r in rows if r.completed_in_period),
        exceptions=exceptions,
        statuses=statuses,
        indicators=len(indicators),
        indicator_rags=rags,
    )


def _linked(ws: Workspace, indicator: Indicator, plan_id: str) -> bool:
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


def _reason(scope: Scope, indicator: Indicator, value: IndicatorValue, unit: str | None) -> str | None:
    """The rule that set a measured indicator's RAG, its values written with their unit."""
    if indicator.type == "qualitative" or value.actual is None or value.target is None:
        return None
    tolerance = indicator.tolerance if indicator.tolerance is not None else scope.ws.config.rag.tolerance
    reading = quantitative_rag(
        value.actual, value.target, indicator.polarity, tolerance, lambda v: format_value(v, unit)
    )
    return reading.reason


def _indicator_row(scope: Scope, indicator: Indicator) -> IndicatorRow:
    reading = read_for_period(indicator, scope.period, scope.ws.config.rag.tolerance, scope.fy)
    unit = optional(indicator.unit)
    value = reading.value
    qualitative = indicator.type == "qualitative"
    shown_period = reading.period or scope.period.label
    if value is None or not has_reading(indicator, value):
        reason = f"No value reported for {scope.period.label}"
    else:
        reason = _reason(scope, indicator, value, unit) or (
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
        direction=reading.direction,
        direction_text=DIRECTION_LABELS.get(reading.direction or "", "—"),
        previous=_comparison(reading.previous, indicator),
        year_ago=_comparison(reading.year_ago, indicator),
        trend=trend,
        chart=False,
    )


MAX_CHARTS = 12
"""At most this many trend charts: a committee reads a dozen, not two hundred."""


def _choose_charts(rows: tuple[IndicatorRow, ...]) -> tuple[IndicatorRow, ...]:
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


CHART_LIMIT = 1e12
"""Values beyond this (a typing slip, ``1e308``) make no chart: an axis cannot span them."""


def _chartable(row: IndicatorRow) -> bool:
    values = [v for p in row.trend for v in (p.actual, p.target) if v is not None]
    return all(abs(v) <= CHART_LIMIT for v in values)


def _trends_text(rows: tuple[IndicatorRow, ...]) -> str:
    """The line under "Trends": which indicators are charted and why."""
    charted = [row.id for row in rows if row.chart]
    if not charted:
        return ""
    names = charted[0] if len(charted) == 1 else ", ".join(charted[:-1]) + " and " + charted[-1]
    return (
        f"Charted: {names}. A chart is drawn for each indicator that is red, amber or getting "
        f"worse and has at least three values to plot (red first, at most {MAX_CHARTS}); "
        "every axis starts at zero."
    )


NEXT_MEETINGS = 4
"""The forward look lists this many meetings to come."""


def _calendar(scope: Scope, timetable: Timetable, day: date) -> CalendarView:
    """The next quarter's months with the reports due or meeting in each, and the next
    meetings after the report's own (its date, or the as-of date)."""
    coming = scope.fy.next_quarter(scope.period)
    months = []
    year, month = coming.start.year, coming.start.month
    for _ in range(3):
        audiences: dict[str, tuple[Report, list[str]]] = {}
        for entry in timetable.in_month(year, month, DayRule("last")):
            if isinstance(entry, SpanDates) and entry.months[0] != (year, month):
                continue
            to = entry.committees if isinstance(entry, MeetingDate) else entry.report.to
            listed = audiences.setdefault(entry.report.id, (entry.report, []))[1]
            listed.extend(t for t in to if t not in listed)
        entries = tuple(
            CalendarEntry(
                clean(r.title),
                tuple(clean(t) for t in to),
                ", ".join(clean(t) for t in to) or "Not set",
                scope.name(r.owner),
            )
            for r, to in audiences.values()
        )
        months.append(CalendarMonth(f"{MONTH_NAMES[month - 1]} {year}", entries))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    meetings = tuple(_meeting_entry(m) for m in timetable.next_meetings(day, NEXT_MEETINGS))
    return CalendarView(coming.label, describe_period(coming), tuple(months), meetings)


def _meeting_entry(meeting: MeetingDate) -> MeetingEntry:
    day = meeting.day
    return MeetingEntry(
        date=day,
        date_text=f"{DAY_NAMES[day.weekday()]} {format_date(day)}" if day else "Date to be set",
        title=clean(meeting.report.title),
        committee=clean(meeting.committee) or "Not set",
        reports_on=meeting.period.label,
        note=optional(meeting.meeting.note),
    )


def _status_key() -> tuple[KeyRow, ...]:
    rows = [KeyRow(s.label, RAGS[s.rag], s.meaning) for s in Status]
    rows.insert(4, KeyRow("Overdue", RAGS["red"], "Open after its due date, whatever its status says."))
    return tuple(rows)


def _indicator_key(tolerance: float) -> tuple[KeyRow, ...]:
    return (
        KeyRow("Green", RAGS["green"], "Meets or beats its target."),
        KeyRow(
            "Amber",
            RAGS["amber"],
            f"Misses its target by no more than the tolerance ({format_number(tolerance)}% "
            "of the target unless the indicator sets its own).",
        ),
        KeyRow("Red", RAGS["red"], "Misses its target by more than the tolerance."),
        KeyRow("Not rated", RAGS[None], "No value or no target for the period."),
    )


def _texts(value: object) -> Iterator[str]:
    """Every text in the view, for finding the acronyms it uses."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _texts(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.metadata.get("shown", True):
                yield from _texts(getattr(value, f.name))


def _acronyms(terms: dict[str, str], texts: Iterable[str]) -> tuple[Term, ...]:
    """Glossary terms found as whole words (case as written, or with a plural ``s``) in the
    texts the report shows."""
    body = "\n".join(texts)
    used = []
    for term, meaning in terms.items():
        word = clean(term)
        if word and re.search(rf"(?<!\w){re.escape(word)}s?(?!\w)", body):
            used.append(Term(word, clean(meaning)))
    return tuple(sorted(used, key=lambda t: (t.term.casefold(), t.term)))
