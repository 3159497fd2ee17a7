"""The report's view model: everything a progress report says, computed once for every format.

:func:`build_report` turns a loaded workspace, a period and the as-of date into a
:class:`ReportView`; the Markdown and HTML templates and the Word builder only lay it out. It
reads no clock and no files. Every text taken from the plans is cleaned here of characters
that XML 1.0 forbids (control characters), so that no format can be broken by them; each
format then escapes what it needs to.

How an action's status maps to its RAG rating (:attr:`~pmplan.workspace.vocabulary.Status.rag`):

=====================================  ============
status                                 RAG
=====================================  ============
complete, on-track                     green
at-risk                                amber
delayed                                red
overdue (open, past its due date)      red, whatever its status says
not-started, no-further-action,        none (grey): not rated
cancelled
=====================================  ============

An indicator's RAG is the one :func:`pmplan.indicators.reading.read_indicator` gives, with the rule
that set it. "Completed in the period" counts complete actions whose latest update is dated
within the period (plans record no completion date of their own).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from pmplan.dates.periods import Period, PeriodError, month_end
from pmplan.dates.timescale import read_timescale
from pmplan.indicators.reading import Comparison as ReadingComparison
from pmplan.indicators.reading import has_reading, read_for_period
from pmplan.indicators.reading import trend as indicator_trend
from pmplan.workspace.config import ReportSettings
from pmplan.workspace.index import ActionView, GroupView, Workspace
from pmplan.workspace.models import ActionPlan, Indicator, Update
from pmplan.workspace.vocabulary import CLOSED_STATUSES, EXCEPTION_STATUSES, Status

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# --- cleaning and formatting ------------------------------------------------------------------

# Characters XML 1.0 forbids (C0 controls but tab/newline/return, surrogates, U+FFFE/U+FFFF)
# and the C1 controls, which HTML treats as errors.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(text: object) -> str:
    """Text safe for every format: no characters XML forbids, newlines as ``\\n``, trimmed."""
    value = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return _FORBIDDEN.sub("", value).strip()


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (whitespace kept as it is)."""
    return _FORBIDDEN.sub("", text)


def _opt(text: object | None) -> str | None:
    if text is None:
        return None
    value = clean(text)
    return value or None


def format_date(day: date) -> str:
    """``20 November 2025``."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def format_number(value: float) -> str:
    return f"{value:,.10g}" if abs(value) >= 10000 else f"{value:.10g}"


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


# --- RAG ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RagMark:
    """A RAG rating, always with its word: colour is never the only signal."""

    key: str
    """``red``, ``amber``, ``green`` or ``none``."""
    label: str
    """``Red``, ``Amber``, ``Green`` or ``Not rated``."""
    symbol: str
    """An emoji shown beside the word in Markdown."""


RAGS: dict[str | None, RagMark] = {
    "red": RagMark("red", "Red", "🔴"),
    "amber": RagMark("amber", "Amber", "🟠"),
    "green": RagMark("green", "Green", "🟢"),
    None: RagMark("none", "Not rated", "⚪"),
}

DIRECTION_LABELS = {"improving": "Improving", "worsening": "Worsening", "unchanged": "Unchanged"}


def action_rag(status: Status, overdue: bool) -> RagMark:
    """An action's RAG: its status's (:attr:`Status.rag`), red whatever the status when overdue."""
    return RAGS["red"] if overdue else RAGS[status.rag]


# --- the view model -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Implication:
    heading: str
    text: str


@dataclass(frozen=True, slots=True)
class Contact:
    name: str | None
    title: str | None
    phone: str | None
    email: str | None


@dataclass(frozen=True, slots=True)
class Front:
    """The briefing paper that carries the progress report to a committee."""

    committee: str | None
    report_of: str | None
    date_text: str
    summary: str
    background: tuple[str, ...]
    key_issues: tuple[str, ...]
    options: tuple[str, ...]
    implications: tuple[Implication, ...]
    contact: Contact | None
    appendix_title: str


@dataclass(frozen=True, slots=True)
class StatusCount:
    status: str
    label: str
    rag: RagMark
    count: int


@dataclass(frozen=True, slots=True)
class RagCount:
    rag: RagMark
    count: int


@dataclass(frozen=True, slots=True)
class Summary:
    actions: int
    open: int
    overdue: int
    completed_in_period: int
    exceptions: int
    statuses: tuple[StatusCount, ...]
    indicators: int
    indicator_rags: tuple[RagCount, ...]


@dataclass(frozen=True, slots=True)
class UpdateRow:
    date: date
    date_text: str
    text: str
    by: str | None


@dataclass(frozen=True, slots=True)
class Slip:
    """Where an action's due date has moved from its ``baseline`` timescale."""

    baseline: str
    baseline_due: date | None
    baseline_due_text: str
    days: int | None
    """Days later than the baseline (negative: brought forward); None when unreadable."""
    text: str


@dataclass(frozen=True, slots=True)
class ActionRow:
    ref: str
    local_ref: str
    plan: str
    title: str
    leads: tuple[str, ...]
    """Names, not initials."""
    leads_text: str
    timescale: str | None
    """The words as written."""
    due: date | None
    due_text: str
    recurring: bool
    status: str
    status_label: str
    status_text: str
    """The status in words, with "overdue" where it is."""
    overdue: bool
    rag: RagMark
    updates: tuple[UpdateRow, ...]
    """Progress updates dated within the period."""
    latest_update: UpdateRow | None
    next: str | None
    slip: Slip | None
    completed_in_period: bool


@dataclass(frozen=True, slots=True)
class GroupSection:
    """A recommendation or theme with its actions."""

    ref: str
    id: str
    heading: str
    title: str
    response: str | None
    updates: tuple[UpdateRow, ...]
    actions: tuple[ActionRow, ...]


@dataclass(frozen=True, slots=True)
class PlanSection:
    id: str
    title: str
    source: str | None
    approved_text: str | None
    group_label: str
    """``Recommendation`` or ``Theme``."""
    groups: tuple[GroupSection, ...]


@dataclass(frozen=True, slots=True)
class ExceptionRow:
    kind: str
    """``action`` or ``indicator``."""
    ref: str
    title: str
    who: str
    """Leads of an action, owner of an indicator."""
    due_text: str
    status_text: str
    rag: RagMark
    reason: str
    next: str | None


@dataclass(frozen=True, slots=True)
class Comparison:
    period: str
    value_text: str
    direction: str | None
    direction_text: str


@dataclass(frozen=True, slots=True)
class TrendPoint:
    period: str
    actual: float
    target: float | None


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    id: str
    title: str
    unit: str | None
    polarity: str
    polarity_text: str
    qualitative: bool
    owner: str | None
    period: str
    """The period whose value is shown: the report's, or the latest before it."""
    latest_instead: bool
    """True when the report's period has no value and an earlier one is shown."""
    target_text: str
    actual_text: str
    rag: RagMark
    reason: str
    """The rule that set the RAG, in words."""
    note: str | None
    direction: str | None
    direction_text: str
    previous: Comparison | None
    year_ago: Comparison | None
    trend: tuple[TrendPoint, ...]
    chart: bool
    """Worth a trend chart (see :func:`_choose_charts`)."""


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    title: str
    to: tuple[str, ...]
    to_text: str
    owner: str | None


@dataclass(frozen=True, slots=True)
class CalendarMonth:
    label: str
    entries: tuple[CalendarEntry, ...]


@dataclass(frozen=True, slots=True)
class CalendarView:
    period: str
    period_text: str
    months: tuple[CalendarMonth, ...]


@dataclass(frozen=True, slots=True)
class Term:
    term: str
    meaning: str


@dataclass(frozen=True, slots=True)
class KeyRow:
    label: str
    rag: RagMark
    meaning: str


@dataclass(frozen=True, slots=True)
class ReportView:
    organisation: str
    title: str
    subject: str
    period: str
    """``2025/26 Q2`` or ``2025/26``."""
    period_kind: str
    period_text: str
    period_start: date
    period_end: date
    as_of: date
    as_of_text: str
    plan: str | None
    """The one plan reported on (``--plan``), or None for all."""
    front: Front
    summary: Summary
    exceptions: tuple[ExceptionRow, ...]
    plans: tuple[PlanSection, ...]
    indicators: tuple[IndicatorRow, ...]
    calendar: CalendarView
    acronyms: tuple[Term, ...]
    status_key: tuple[KeyRow, ...]
    indicator_key: tuple[KeyRow, ...]


# --- building it ----------------------------------------------------------------------------------


class _Scope:
    """The period, the as-of date and the workspace facts every part of the build reads."""

    def __init__(self, ws: Workspace, period: Period, as_of: date) -> None:
        self.ws = ws
        self.period = period
        self.as_of = as_of
        self.fy = ws.config.financial_year
        self.last_day = min(period.end, as_of)

    def in_period(self, day: date) -> bool:
        return self.period.start <= day <= self.last_day

    def name(self, person_id: str | None) -> str | None:
        return clean(self.ws.person_name(person_id)) if person_id else None

    def update_row(self, update: Update) -> UpdateRow:
        return UpdateRow(update.date, format_date(update.date), clean(update.text), self.name(update.by))

    def updates_in_period(self, updates: Iterable[Update]) -> tuple[UpdateRow, ...]:
        chosen = sorted((u for u in updates if self.in_period(u.date)), key=lambda u: u.date)
        return tuple(self.update_row(u) for u in chosen)


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
    scope = _Scope(ws, period, as_of)
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
        front=_front(scope, settings, front or {}, plans, summary, appendix_title),
        summary=summary,
        exceptions=exceptions,
        plans=sections,
        indicators=indicators,
        calendar=_calendar(scope),
        acronyms=(),
        status_key=_status_key(),
        indicator_key=_indicator_key(ws.config.rag.tolerance),
    )
    return dataclasses.replace(view, acronyms=_acronyms(ws.terms, _texts(view)))


# --- actions ------------------------------------------------------------------------------------


def _action_row(scope: _Scope, item: ActionView) -> ActionRow:
    overdue = item.overdue(scope.as_of)
    label = item.status.label
    updates = scope.updates_in_period(item.action.updates)
    known = [u for u in item.action.updates if u.date <= scope.as_of]
    latest = scope.update_row(sorted(known, key=lambda u: u.date)[-1]) if known else None
    if item.due is not None:
        due_text = format_date(item.due) + (", then recurring" if item.recurring else "")
    else:
        due_text = "Recurring" if item.recurring else "Not set"
    leads = tuple(clean(scope.ws.person_name(p)) for p in item.leads)
    completed = item.status is Status.COMPLETE and latest is not None and scope.in_period(latest.date)
    return ActionRow(
        ref=item.ref,
        local_ref=item.local_ref,
        plan=item.plan.id,
        title=clean(item.title),
        leads=leads,
        leads_text=", ".join(leads) or "None named",
        timescale=_opt(item.action.timescale),
        due=item.due,
        due_text=due_text,
        recurring=item.recurring,
        status=item.status,
        status_label=label,
        status_text=f"{label}, overdue" if overdue else label,
        overdue=overdue,
        rag=action_rag(item.status, overdue),
        updates=updates,
        latest_update=latest,
        next=_opt(item.action.next),
        slip=_slip(scope, item),
        completed_in_period=completed,
    )


def _slip(scope: _Scope, item: ActionView) -> Slip | None:
    baseline = _opt(item.action.baseline)
    if baseline is None:
        return None
    was = read_timescale(baseline, scope.fy).due
    was_text = format_date(was) if was else "no date read"
    if was is None or item.due is None:
        return Slip(baseline, was, was_text, None, f"Originally {baseline}")
    days = (item.due - was).days
    head = f"Originally {baseline} ({was_text}), now {format_date(item.due)}"
    if days == 0:
        return Slip(baseline, was, was_text, 0, f"{head}: not moved")
    moved = "slipped" if days > 0 else "brought forward"
    months = _whole_months(was, item.due)
    amount = f"{abs(days)} days"
    if months:
        amount = f"{abs(months)} month{'s' if abs(months) != 1 else ''} ({amount})"
    return Slip(baseline, was, was_text, days, f"{head}: {moved} by {amount}")


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


def _plan_section(scope: _Scope, plan: ActionPlan, rows: dict[str, ActionRow]) -> PlanSection:
    label = "Theme" if plan.group_key == "themes" else "Recommendation"
    groups = []
    for group in plan.groups:
        view: GroupView | None = scope.ws.groups.get(f"{plan.id}:{group.id}")
        if view is None or view.group is not group:
            continue
        title = clean(group.title)
        groups.append(
            GroupSection(
                ref=view.ref,
                id=group.id,
                heading=_group_heading(label, group.id, title),
                title=title,
                response=_opt(group.response or group.description),
                updates=scope.updates_in_period(group.updates),
                actions=tuple(rows[a.ref] for a in view.actions if a.ref in rows),
            )
        )
    approved = None
    if plan.approved is not None and (plan.approved.by or plan.approved.date):
        approved = "Approved"
        if plan.approved.by:
            approved += f" by {clean(plan.approved.by)}"
        if plan.approved.date:
            approved += f" on {format_date(plan.approved.date)}"
    return PlanSection(plan.id, clean(plan.title), _opt(plan.source), approved, label, tuple(groups))


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


# --- indicators ---------------------------------------------------------------------------------


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
        shown = format_value(value.actual, _opt(indicator.unit))
    return Comparison(period, shown, direction, DIRECTION_LABELS.get(direction or "", "—"))


def _indicator_row(scope: _Scope, indicator: Indicator) -> IndicatorRow:
    reading = read_for_period(indicator, scope.period, scope.ws.config.rag.tolerance, scope.fy)
    unit = _opt(indicator.unit)
    value = reading.value
    qualitative = indicator.type == "qualitative"
    shown_period = reading.period or scope.period.label
    if value is None or not has_reading(indicator, value):
        reason = f"No value reported for {scope.period.label}"
    else:
        reason = clean(reading.reason) if reading.reason else "No target set: not rated"
        reason = reason[:1].upper() + reason[1:]
    trend: tuple[TrendPoint, ...] = ()
    if not qualitative and value is not None:
        try:
            shown = scope.fy.parse(shown_period)
        except PeriodError:
            shown = None
        if shown is not None:
            trend = tuple(TrendPoint(*point) for point in indicator_trend(indicator, shown, scope.fy))
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
        note=_opt(value.note) if value else None,
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
        if row.qualitative or len(row.trend) < 3:
            return None
        order = {"red": 0, "amber": 1}.get(row.rag.key)
        if order is None and row.direction == "worsening":
            order = 2
        return order

    ranked = sorted((r, i) for i, row in enumerate(rows) if (r := rank(row)) is not None)
    chosen = {i for _, i in ranked[:MAX_CHARTS]}
    return tuple(dataclasses.replace(row, chart=True) if i in chosen else row for i, row in enumerate(rows))


# --- the reporting calendar -------------------------------------------------------------------


def _calendar(scope: _Scope) -> CalendarView:
    coming = scope.fy.next_quarter(scope.period)
    months = []
    year, month = coming.start.year, coming.start.month
    for _ in range(3):
        entries = tuple(
            CalendarEntry(
                clean(r.title),
                tuple(clean(t) for t in r.to),
                ", ".join(clean(t) for t in r.to) or "Not set",
                scope.name(r.owner),
            )
            for r in scope.ws.reports.values()
            if month in r.month_numbers()
        )
        months.append(CalendarMonth(f"{MONTH_NAMES[month - 1]} {year}", entries))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return CalendarView(coming.label, describe_period(coming), tuple(months))


# --- the briefing front -------------------------------------------------------------------------


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _paragraphs(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(p for p in (clean(part) for part in clean(text).split("\n\n")) if p)


def _front(
    scope: _Scope,
    settings: ReportSettings,
    overrides: Mapping[str, str],
    plans: list[ActionPlan],
    summary: Summary,
    appendix_title: str,
) -> Front:
    period_words = "quarter" if scope.period.kind == "quarter" else "year"
    titles = [f"the {clean(p.title)}" for p in plans]
    summary_text = _opt(settings.summary) or (
        f"To update Members on the performance indicators for {describe_period(scope.period)} "
        f"and on progress against {_join(titles) or 'the action plans'}."
    )
    background = _paragraphs(settings.background) or tuple(
        text for text in (_plan_background(p) for p in plans) if text
    )
    issues = [clean(i) for i in settings.key_issues if clean(i)] or _default_issues(summary)
    issues.append(
        f"Progress against each action, and the performance indicators for the {period_words}, "
        f"is set out in {appendix_title.partition(':')[0]}."
    )
    options = tuple(clean(o) for o in settings.options if clean(o)) or (
        f"That the Committee notes progress against the action plans and the performance "
        f"indicators for the {period_words}.",
    )
    implications = tuple(
        Implication(clean(k), clean(v)) for k, v in settings.implications.items() if clean(k)
    )
    fields = (settings.contact_name, settings.contact_title, settings.contact_phone, settings.contact_email)
    contact = Contact(*(_opt(f) for f in fields)) if any(fields) else None
    day = scope.as_of
    return Front(
        committee=_opt(overrides.get("committee", settings.committee)),
        report_of=_opt(overrides.get("report_of", settings.report_of)),
        date_text=f"{DAY_NAMES[day.weekday()]} {format_date(day)}",
        summary=summary_text,
        background=background,
        key_issues=tuple(issues),
        options=options,
        implications=implications,
        contact=contact,
        appendix_title=appendix_title,
    )


def _plan_background(plan: ActionPlan) -> str | None:
    title = clean(plan.title)
    source = _opt(plan.source)
    approval = plan.approved
    if approval is not None and (approval.by or approval.date):
        text = f"The {title}" + (f" ({source})" if source else "") + " was approved"
        if approval.by:
            text += f" by {clean(approval.by)}"
        if approval.date:
            text += f" on {format_date(approval.date)}"
        return text + "."
    if source:
        return f"The {title} is based on {source}."
    return None


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _default_issues(summary: Summary) -> list[str]:
    by_status = {s.status: s.count for s in summary.statuses}
    issues = [
        f"Of {_count(summary.actions, 'action', 'actions')}, {by_status.get('complete', 0)} "
        f"{'is' if by_status.get('complete', 0) == 1 else 'are'} complete and "
        f"{by_status.get('on-track', 0)} on track; {summary.completed_in_period} "
        f"{'was' if summary.completed_in_period == 1 else 'were'} completed in the period."
    ]
    red = next((r.count for r in summary.indicator_rags if r.rag.key == "red"), 0)
    if summary.exceptions:
        issues.append(
            f"{_count(summary.exceptions - red, 'action is', 'actions are')} delayed, at risk or overdue, "
            f"and {_count(red, 'indicator is', 'indicators are')} red: these are reported by exception."
        )
    return issues


# --- keys and acronyms --------------------------------------------------------------------------


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
            yield from _texts(getattr(value, f.name))


def _acronyms(terms: dict[str, str], texts: Iterable[str]) -> tuple[Term, ...]:
    """Glossary terms found as whole words (case as written) anywhere in the texts."""
    body = "\n".join(texts)
    used = []
    for term, meaning in terms.items():
        word = clean(term)
        if word and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", body):
            used.append(Term(word, clean(meaning)))
    return tuple(sorted(used, key=lambda t: (t.term.casefold(), t.term)))
