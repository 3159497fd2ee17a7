"""Building the report's view model from the workspace as at the report's date, the period
and its dates.

The build reads the plans as :mod:`pmplan.report.position` gives them (as they stood on the
as-of date) and goes section by section: the actions (:mod:`.actions`), the indicators by
priority (:mod:`.indicators`), the exceptions (:mod:`.exceptions`), the year end, the forward
look, and the front page written from the same figures (:mod:`.briefing`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date

from pmplan.calendar.schedule import DayRule
from pmplan.calendar.timetable import MeetingDate, SpanDates, Timetable
from pmplan.dates.periods import Period
from pmplan.report.position import Basis, report_dates
from pmplan.report.view.actions import action_row, brief, completed_since, due_in, plan_section
from pmplan.report.view.briefing import Facts, front_page
from pmplan.report.view.exceptions import exceptions as find_exceptions
from pmplan.report.view.indicators import MAX_CHARTS, indicator_groups, linked, outturn_row
from pmplan.report.view.model import (
    RAGS,
    ActionRow,
    CalendarEntry,
    CalendarMonth,
    CalendarView,
    Exceptions,
    ForwardLook,
    IndicatorRow,
    KeyRow,
    LeftOutRow,
    MeetingEntry,
    Position,
    RagCount,
    ReportView,
    StatusCount,
    Summary,
    Term,
    YearEnd,
)
from pmplan.report.view.scope import Scope
from pmplan.report.view.text import (
    DAY_NAMES,
    MONTH_NAMES,
    clean,
    describe_period,
    format_date,
    format_number,
    optional,
)
from pmplan.workspace.config import ReportSettings
from pmplan.workspace.index import Workspace
from pmplan.workspace.models import ActionPlan, Report
from pmplan.workspace.vocabulary import CLOSED_STATUSES, Status


def build_report(
    ws: Workspace,
    period: Period,
    as_of: date,
    plan: str | None = None,
    settings: ReportSettings | None = None,
    front: Mapping[str, str] | None = None,
    basis: Basis | None = None,
) -> ReportView:
    """The report for ``period`` as it stands on ``as_of``: all plans, or only ``plan``.

    ``ws`` is the workspace as at ``as_of`` (see :func:`pmplan.report.position.plans_at`),
    ``basis`` the period's dates and where the plans came from (default: the period's
    cut-offs from the settings, the plans as given). ``settings`` (default: the workspace's
    ``report:`` settings) fills the briefing front; ``front`` overrides its ``committee`` and
    ``report_of`` (from the command line). Plans approved after the period's end are left out.
    """
    if plan is not None and plan not in ws.plans:
        raise KeyError(plan)
    settings = settings if settings is not None else ws.config.report
    fy = ws.config.financial_year
    if basis is None:
        basis = Basis(report_dates(fy, period, settings, as_of, as_of))
    scope = Scope(ws, basis.dates, basis.timelines)
    plans = [p for p in ws.plans.values() if (plan is None or p.id == plan) and _approved_by(p, period)]
    included = {p.id for p in plans}
    row_list = [action_row(scope, a) for a in ws.action_list if a.plan.id in included]
    rows = {r.ref: r for r in row_list}
    sections = tuple(plan_section(scope, p, rows) for p in plans)
    chosen = [i for i in ws.indicators.values() if plan is None or linked(ws, i, plan)]
    groups = indicator_groups(scope, chosen)
    indicator_rows = tuple(r for g in groups for r in g.rows)
    exceptions = find_exceptions(row_list, indicator_rows)
    summary = _summary(row_list, indicator_rows, exceptions)
    year_end = _year_end(scope, row_list, [i for g in groups for i in g.rows], chosen)
    coming = fy.next_quarter(period)
    forward = ForwardLook(coming.label, describe_period(coming), due_in(row_list, coming))
    subject = (
        clean(plans[0].title) if plan is not None and plans else "Action plans and performance indicators"
    )
    kind = "quarterly" if period.kind == "quarter" else "annual"
    appendix_title = f"Appendix 1: progress report, {period.label}"
    facts = Facts(summary, row_list, indicator_rows, exceptions, year_end)
    timetable = Timetable(ws)
    meeting_date = basis.meeting_date
    if meeting_date is None:
        meeting = timetable.meeting_for(period.label, (front or {}).get("committee", settings.committee))
        meeting_date = meeting.day if meeting is not None else None
    view = ReportView(
        organisation=clean(ws.config.organisation),
        title=f"{subject}: {kind} progress report",
        subject=subject,
        period=period.label,
        period_kind=period.kind,
        period_text=describe_period(period),
        period_start=period.start,
        period_end=period.end,
        as_of=basis.dates.as_of,
        as_of_text=format_date(basis.dates.as_of),
        position=_position(basis),
        plan=plan,
        front=front_page(scope, settings, front or {}, plans, facts, appendix_title, meeting_date),
        summary=summary,
        exceptions=exceptions,
        plans=sections,
        indicator_groups=groups,
        year_end=year_end,
        forward=forward,
        calendar=_calendar(scope, timetable, meeting_date or basis.dates.as_of),
        trends_text=_trends_text(indicator_rows),
        acronyms=(),
        status_key=_status_key(),
        indicator_key=_indicator_key(ws.config.rag.tolerance),
        left_out=tuple(
            LeftOutRow(clean(m.file), clean(m.what), clean(f"line {m.line}: {m.reason}"))
            for m in ws.missing()
        ),
    )
    return dataclasses.replace(view, acronyms=_acronyms(ws.terms, _texts(view)))


def _approved_by(plan: ActionPlan, period: Period) -> bool:
    """A plan approved after the period's end is not reported on for it."""
    approved = plan.approved.date if plan.approved is not None else None
    return approved is None or approved <= period.end


def _position(basis: Basis) -> Position:
    dates, source = basis.dates, basis.source
    start, end = dates.window_start, dates.window_end
    if start > end:
        window = "No update counts as progress for the period yet."
    else:
        window = f"Progress for the period is the updates dated {format_date(start)} to {format_date(end)}"
        window += (
            " (the period's cut-off is the date of its meeting)."
            if dates.calendar_cutoff
            else f" (the cut-off is {format_date(dates.cutoff)})."
        )
    return Position(
        as_of=dates.as_of,
        as_of_text=format_date(dates.as_of),
        headline=f"Position as at {format_date(dates.as_of)}",
        source=source.kind,
        source_text=source.text,
        commit=source.commit,
        commit_date=source.commit_day,
        cutoff=dates.cutoff,
        cutoff_text=format_date(dates.cutoff),
        window_start=start,
        window_end=end,
        window_text=window,
    )


def _summary(rows: list[ActionRow], indicators: tuple[IndicatorRow, ...], exceptions: Exceptions) -> Summary:
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
        revised_in_period=len(exceptions.revised_dates),
        exceptions=exceptions.count,
        statuses=statuses,
        indicators=len(indicators),
        indicator_rags=rags,
        unrated=sum(1 for i in indicators if i.rag.key == "none"),
    )


def _year_end(
    scope: Scope, rows: list[ActionRow], indicator_rows: list[IndicatorRow], indicators: list
) -> YearEnd | None:
    """For a report on a year or its last quarter: outturns, completions, what carries on."""
    period = scope.period
    if period.kind != "year" and period.number != 4:
        return None
    fy = scope.fy
    year = fy.year(fy.start_year_of(period.start))
    following = fy.year(fy.start_year_of(year.start) + 1)
    by_id = {i.id: i for i in indicators}
    outturns = tuple(outturn_row(scope, by_id[r.id], year) for r in indicator_rows)
    views = {a.ref: a for a in scope.ws.action_list}
    completed = tuple(
        brief(r, "") for r in rows if completed_since(scope, views[r.ref], scope.dates.year_cutoff)
    )
    notes = scope.ws.notes.get(period.label) or scope.ws.notes.get(year.label)
    closures = {}
    for ref, reason in notes.propose_closure.items() if notes else ():
        found = next((r for r in rows if ref in (r.ref, r.local_ref)), None)
        if found is not None:
            closures[found.ref] = clean(reason)
    carried = tuple(
        brief(
            r,
            f"Propose closure: {closures[r.ref]}"
            if r.ref in closures
            else f"Carry forward into {following.label}",
        )
        for r in rows
        if r.status not in CLOSED_STATUSES
    )
    return YearEnd(year.label, describe_period(year), following.label, outturns, completed, carried)


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
