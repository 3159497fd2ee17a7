"""The reporting calendar for the terminal: the year's grid, its meetings, and lists of what is due."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import groupby

from pmplan.calendar.cycle import Month
from pmplan.calendar.schedule import DayRule
from pmplan.calendar.timetable import Due, Entry, MeetingDate, SpanDates, Timetable
from pmplan.characters import visible
from pmplan.dates.months import ABBREVIATIONS
from pmplan.workspace.index import Workspace
from pmplan.workspace.models import Report

TO_BE_SET = "date to be set"

_LEGEND = {
    "due": "✓ due that month",
    "meeting": "17 a meeting on that day",
    "more": "17+ and more that month",
    "undated": f"? a meeting, {TO_BE_SET}",
    "span": "━━━ a span of months",
}


def grid(ws: Workspace, timetable: Timetable, start_year: int, as_of: date, rule: DayRule) -> object:
    """A rich table: reports as rows, the cycle's months as columns; a tick where a report is
    due, the day of a meeting, ``?`` for a meeting whose date is to be set, a bar for a span.
    A cycle that runs past the financial year's end adds the months it runs into."""
    from rich.console import Group
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    fy = ws.config.financial_year
    months = timetable.months(start_year)
    organisation = escape(visible(ws.config.organisation))
    table = Table(title=f"Reporting cycle {fy.label(start_year)}: {organisation}", title_justify="left")
    table.add_column("Report", overflow="fold", min_width=24, max_width=60)
    twice = {m for _, m in months[12:]}
    for year, month in months:
        name = ABBREVIATIONS[month - 1]
        if month in twice:
            name += f"\n{year}"  # the same month twice: say which year's
        now = (year, month) == (as_of.year, as_of.month)
        table.add_column(f"[reverse]{name}[/reverse]" if now else name, justify="center", no_wrap=True)
    used: set[str] = set()
    for report, entries in _rows(timetable, start_year, rule):
        cells = [_cell(entries, m, used) for m in months]
        table.add_row(escape(visible(report.title)), *_bars(cells))
    legend = " · ".join(text for key, text in _LEGEND.items() if key in used)
    return Group(table, Text(legend)) if legend else table


def _rows(timetable: Timetable, start_year: int, rule: DayRule) -> list[tuple[Report, list[Entry]]]:
    """Each report of the cycle with its entries, in file order; a report of another year's
    file shows where its meetings or spans fall in this one."""
    reports = {r.id: r for r in timetable.reports(start_year)}
    by_id: dict[str, list[Entry]] = {rid: [] for rid in reports}
    for entry in timetable.year(start_year, rule):
        reports.setdefault(entry.report.id, entry.report)
        by_id.setdefault(entry.report.id, []).append(entry)
    return [(reports[rid], entries) for rid, entries in by_id.items()]


def _cell(entries: list[Entry], month: Month, used: set[str]) -> str:
    days = sorted(
        e.day.day for e in entries if isinstance(e, MeetingDate) and e.day is not None and e.month == month
    )
    if days:
        used.add("meeting" if len(days) == 1 else "more")
        return f"{days[0]}+" if len(days) > 1 else str(days[0])
    if any(isinstance(e, MeetingDate) and e.day is None and e.month == month for e in entries):
        used.add("undated")
        return "?"
    if any(isinstance(e, Due) and (e.day.year, e.day.month) == month for e in entries):
        used.add("due")
        return "✓"
    if any(isinstance(e, SpanDates) and e.covers(month) for e in entries):
        used.add("span")
        return "━"
    return ""


def _bars(cells: list[str]) -> list[str]:
    """A span's months drawn as one bar: ``┣━━`` to ``━━┫``."""
    drawn = []
    for i, cell in enumerate(cells):
        if cell != "━":
            drawn.append(cell)
            continue
        starts = i == 0 or cells[i - 1] != "━"
        ends = i == len(cells) - 1 or cells[i + 1] != "━"
        drawn.append(
            {(True, True): "┣━┫", (True, False): "┣━━", (False, True): "━━┫"}.get((starts, ends), "━━━")
        )
    return drawn


# --- lists of what falls when --------------------------------------------------------------


def describe(ws: Workspace, entry: Entry) -> str:
    """One entry as a line: what, to whom, by whom."""
    report = entry.report
    title = report.title
    to: Iterable[str] = report.to
    if isinstance(entry, MeetingDate):
        title += f": {entry.period.label}"
        to = entry.committees
    elif isinstance(entry, SpanDates):
        title += f": {_month_text(entry.start)} to {_month_text(entry.end)}"
    text = title + (f" -> {', '.join(to)}" if to else "")
    if report.owner:
        text += f" (owner: {ws.person_name(report.owner)})"
    note = entry.meeting.note if isinstance(entry, MeetingDate) else None
    return text + (f"; {note}" if note else "")


def _month_text(day: date) -> str:
    return day.strftime("%b %Y")


def day_text(day: date) -> str:
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b %Y')}"


def by_day(ws: Workspace, entries: list[Entry], heading: str, then: str = "Then") -> list[str]:
    """Dated entries under a heading for each day: ``heading: Fri 28 Nov 2025``, then ``then: ...``."""
    lines = []
    dated = [e for e in entries if not (isinstance(e, MeetingDate) and e.day is None)]
    for i, (day, group) in enumerate(groupby(sorted(dated, key=lambda e: e.start), key=lambda e: e.start)):
        lines.append(f"{heading if i == 0 else then}: {day_text(day)}")
        lines.extend(f"  - {describe(ws, e)}" for e in group)
    return lines


def month_listing(ws: Workspace, entries: list[Entry], month: Month) -> list[str]:
    """What falls in one month: by day, then the meetings with dates to be set, then the
    spans that run through it."""
    label = date(month[0], month[1], 1).strftime("%B %Y")
    starts = [e for e in entries if not isinstance(e, SpanDates) or e.months[0] == month]
    lines = by_day(ws, starts, f"Due in {label}")
    undated = [e for e in entries if isinstance(e, MeetingDate) and e.day is None]
    if undated:
        lines.append(f"Meetings expected in {label}, {TO_BE_SET}:")
        lines.extend(f"  - {describe(ws, e)}" for e in undated)
    running = [e for e in entries if isinstance(e, SpanDates) and e.months[0] != month]
    if running:
        lines.append(f"Running through {label}:")
        lines.extend(f"  - {describe(ws, e)}" for e in running)
    return lines or [f"Due in {label}: nothing."]


def in_month(entries: list[Entry], month: Month) -> list[Entry]:
    """The entries of a year's cycle that fall in (or, for a span, run through) ``month``."""
    found: list[Entry] = []
    for e in entries:
        if isinstance(e, SpanDates):
            if e.covers(month):
                found.append(e)
        elif isinstance(e, MeetingDate):
            if e.month == month:
                found.append(e)
        elif (e.day.year, e.day.month) == month:
            found.append(e)
    return found


def meeting_lines(ws: Workspace, meetings: list[MeetingDate]) -> list[str]:
    """The meetings by report, each with its date (or "date to be set"), the period it
    reports on and its committee."""
    if not meetings:
        return []
    width = max(len(day_text(m.day)) if m.day else len(TO_BE_SET) for m in meetings)
    lines = ["Meetings:"]
    by_report: dict[int, list[MeetingDate]] = {}
    for m in meetings:
        by_report.setdefault(id(m.report), []).append(m)
    for group in by_report.values():
        report = group[0].report
        owner = f" (owner: {ws.person_name(report.owner)})" if report.owner else ""
        lines.append(f"  {report.title}{owner}")
        for m in group:
            when = day_text(m.day) if m.day else TO_BE_SET
            to = f" -> {m.committee}" if m.committee else ""
            note = f"; {m.meeting.note}" if m.meeting.note else ""
            lines.append(f"    {when:<{width}}  {m.period.label}{to}{note}")
    return lines
