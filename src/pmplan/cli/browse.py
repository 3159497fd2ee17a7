"""Looking at the plans: ``pmplan list``, ``show``, ``thread`` and ``calendar``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pmplan import outputs
from pmplan.characters import json_safe, visible, without_controls
from pmplan.cli.common import (
    AllowInvalidOpt,
    AsOfOpt,
    WorkspaceOpt,
    check_format,
    check_person,
    check_plan,
    console,
    fail,
    open_workspace,
    parse_as_of,
    split_list,
    write_output,
)
from pmplan.outputs import choices

if TYPE_CHECKING:
    from pmplan.calendar.schedule import DayRule
    from pmplan.calendar.timetable import Entry


# --- list --------------------------------------------------------------------------------


def list_(
    what: Annotated[str, typer.Argument(help="actions or indicators.", metavar="WHAT")] = "actions",
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status", help="Only these statuses (comma-separated).", show_default=False, metavar="STATUS"
        ),
    ] = None,
    lead: Annotated[
        str | None, typer.Option("--lead", help="Only actions this person leads.", metavar="ID")
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue actions.")] = False,
    due_within: Annotated[
        int | None,
        typer.Option("--due-within", metavar="DAYS", help="Only open actions due in the next DAYS days."),
    ] = None,
    plan: Annotated[
        str | None, typer.Option("--plan", help="Only this plan's actions.", metavar="PLAN")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="Indicators: the period, e.g. '2025/26 Q2' (default: each one's latest).",
            metavar="PERIOD",
        ),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help=f"{choices(outputs.LIST)}.", metavar="FORMAT")
    ] = "table",
    allow_invalid: AllowInvalidOpt = False,
    workspace: WorkspaceOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """List actions or indicators, filtered.

    Examples:

      pmplan list --overdue

      pmplan list actions --lead JP --status on-track,at-risk --format csv

      pmplan list indicators --period "2025/26 Q2" --format json
    """
    from pmplan.browse import listing
    from pmplan.dates.periods import PeriodError
    from pmplan.indicators.records import indicator_records
    from pmplan.workspace.vocabulary import STATUSES, suggest_status

    if what not in {"actions", "indicators"}:
        fail(f"'{what}' cannot be listed: choose actions or indicators")
    check_format(format, outputs.LIST)
    statuses = split_list(status)
    if unknown := sorted(statuses - set(STATUSES)):
        fail("; ".join(f"--status {suggest_status(word)}" for word in unknown))
    if due_within is not None and not 0 <= due_within <= MAX_DAYS:
        fail(f"--due-within takes a number of days from 0 to {MAX_DAYS} (a hundred years), not {due_within}")
    if what == "actions" and period is not None:
        fail("--period is for indicators: pmplan list indicators --period '2025/26 Q2'")
    action_only = {"--status": statuses, "--lead": lead, "--overdue": overdue, "--due-within": due_within,
                   "--plan": plan}  # fmt: skip
    if what == "indicators" and (
        used := [k for k, v in action_only.items() if v not in (None, False, frozenset())]
    ):
        fail(f"{', '.join(used)} filter actions, not indicators")
    day = parse_as_of(as_of)
    ws = open_workspace(workspace, allow_invalid=allow_invalid)
    check_plan(ws, plan)
    check_person(ws, lead)
    if what == "actions":
        rows = listing.action_records(
            ws, listing.ActionFilter(day, statuses, lead, overdue, due_within, plan)
        )
        columns = ["ref", "title", "leads", "timescale", "due", "status"]
    else:
        if period is not None:
            try:
                period = ws.config.financial_year.parse(period).label
            except PeriodError as exc:
                fail(f"--period: {exc}")
        rows = indicator_records(ws, period)
        columns = ["id", "title", "owner", "period", "target", "actual", "rag", "direction"]
    given = {**action_only, "--period": period}
    used = [f"{flag} {value}" if value is not True else flag for flag, value in given.items() if value]
    used = [u.replace("frozenset({", "").replace("})", "") for u in used]
    if statuses:
        used = [f"--status {','.join(sorted(statuses))}" if u.startswith("--status") else u for u in used]
    none = f"No {what} match {' '.join(used)}." if used else f"No {what} in the workspace."
    _print_rows(rows, columns, format, title=what.capitalize(), none=none)


MAX_DAYS = 36500
"""The longest --due-within: a hundred years from --as-of stays in the calendar."""


def _print_rows(
    rows: list[dict[str, object]], columns: list[str], format: str, title: str, none: str = "Nothing to list."
) -> None:
    if format == "json":
        import json

        typer.echo(json_safe(json.dumps(rows, indent=2, ensure_ascii=False, allow_nan=False)))
        return
    if format == "csv":
        import csv

        from pmplan.exchange.cells import csv_value

        fields = list(rows[0]) if rows else columns
        writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: csv_value(_csv_cell(v)) for k, v in row.items()})
        return
    if not rows:
        typer.echo(none)
        return
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    out = console()
    gap = 2 if out.width >= 100 else 1  # on a narrow terminal, one space between columns
    table = Table(
        title=f"{title} ({len(rows)})",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, gap - 1, 0, 0),
    )
    body = []
    for row in rows:
        cells = [visible(_cell(row.get(c))) for c in columns]
        if row.get("overdue"):
            cells[columns.index("status")] += " (overdue)"
        body.append(cells)
    for column, width in zip(columns, _widths(columns, body, out.width, gap), strict=True):
        table.add_column(column, overflow="fold", width=width)
    for cells in body:
        table.add_row(*map(escape, cells))
    out.print(table)


_SHRINK = {"leads": 8, "owner": 8, "timescale": 10, "period": 10}
"""How narrow a column of words may go to make room (they wrap); the title takes the rest."""


def _widths(columns: list[str], body: list[list[str]], total: int, gap: int) -> list[int]:
    """Each column's width so that the table fits ``total`` characters: every column is kept,
    whole statuses, dates and figures; the title, leads and timescale wrap, and only where
    even that is not enough does a long reference fold."""
    natural = [max([len(column), *(len(cells[i]) for cells in body)]) for i, column in enumerate(columns)]
    if "status" in columns:  # "not-started (overdue)" may wrap at its space, never inside a word
        i = columns.index("status")
        natural[i] = max([len("status"), *(len(w) for cells in body for w in cells[i].split())])
    room = total - gap * (len(columns) - 1)
    widths = dict(zip(columns, natural, strict=True))
    for column, narrowest in _SHRINK.items():
        if column in widths and sum(widths.values()) > room:
            widths[column] = min(widths[column], narrowest)
    if "title" in widths:
        others = sum(w for c, w in widths.items() if c != "title")
        widths["title"] = max(min(widths["title"], room - others), 12)
    key = "ref" if "ref" in widths else "id"
    excess = sum(widths.values()) - room
    if excess > 0 and key in widths:
        widths[key] = max(widths[key] - excess, 8)
    return [widths[c] for c in columns]


def _csv_cell(value: object) -> object:
    if isinstance(value, list):
        value = "; ".join(map(str, value))
    return without_controls(value) if isinstance(value, str) else value


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, bool):
        return "yes" if value else ""
    return str(value)


# --- show and thread ----------------------------------------------------------------------


def show(
    ref: Annotated[
        str,
        typer.Argument(
            help="An action (pm-audit:R1.a, or R1.a if unique), recommendation, "
            "theme, indicator, priority, outcome or person.",
            metavar="REF",
        ),
    ],
    allow_invalid: AllowInvalidOpt = False,
    workspace: WorkspaceOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Show one item in full.

    Examples:

      pmplan show pm-audit:R3.b

      pmplan show LPI-07
    """
    from pmplan.browse.show import render_item

    day = parse_as_of(as_of)
    ws = open_workspace(workspace, allow_invalid=allow_invalid)
    console().print(render_item(ws, ref, day))


def thread(
    id: Annotated[
        str | None,
        typer.Argument(help="Start from this priority or outcome.", show_default=False, metavar="ID"),
    ] = None,
    allow_invalid: AllowInvalidOpt = False,
    workspace: WorkspaceOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """The golden thread as a tree, from the vision down.

    Vision, priorities and outcomes, with the actions and indicators linked to each.

    Examples:

      pmplan thread

      pmplan thread P2
    """
    from pmplan.browse.show import thread_tree

    day = parse_as_of(as_of)
    ws = open_workspace(workspace, allow_invalid=allow_invalid)
    if id is None and not ws.priorities:
        typer.echo(
            "The golden thread is empty: no priorities yet (they go in a file with 'kind: framework')."
        )
        return
    console().print(thread_tree(ws, id, day))


# --- calendar --------------------------------------------------------------------------------


def calendar(
    month: Annotated[
        str | None,
        typer.Option(
            "--month",
            metavar="MON",
            help="What falls in this month of the year (Feb, February or 2).",
            show_default=False,
        ),
    ] = None,
    ics: Annotated[
        Path | None,
        typer.Option(
            "--ics",
            metavar="FILE",
            help="Write the year's reports, meetings and spans as an iCalendar file.",
            show_default=False,
        ),
    ] = None,
    year: Annotated[
        str | None,
        typer.Option(
            "--year",
            metavar="YYYY/YY",
            help="The financial year (default: the one holding --as-of).",
            show_default=False,
        ),
    ] = None,
    day: Annotated[
        str,
        typer.Option(
            "--day",
            metavar="N|last-working-day|first-working-day",
            help="The day of the month a report listed by its months falls on: a day 1-31 (moved "
            "back to a working day), or the last or first working day. Working days skip weekends "
            "and England and Wales bank holidays. A meeting with a date is on its date.",
        ),
    ] = "last-working-day",
    allow_invalid: AllowInvalidOpt = False,
    workspace: WorkspaceOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """The reporting cycle: grid, meetings, what is due next, .ics.

    The grid: the year's months (on past March where a cycle runs into the next year), a
    tick where a report is due, a meeting's day, ? where its date is to be set, a bar for a
    span.

    --month lists one month. --ics writes one all-day event per report due, dated meeting
    (its period in the summary) and span, for Outlook or Google Calendar; importing a newer
    file updates them.

    Examples:

      pmplan calendar

      pmplan calendar --month Nov

      pmplan calendar --ics reporting-2025-26.ics --year 2025/26 --day 20
    """
    from pmplan.browse import calendar_grid as shown
    from pmplan.calendar import schedule as reportcal
    from pmplan.calendar.timetable import MeetingDate, Timetable
    from pmplan.dates.periods import PeriodError
    from pmplan.exchange.ics import events, ics_bytes

    today = parse_as_of(as_of)
    try:
        rule = reportcal.parse_day_rule(day)
        month_number = reportcal.parse_month(month) if month is not None else None
    except reportcal.CalendarError as exc:
        fail(str(exc))
    ws = open_workspace(workspace, allow_invalid=allow_invalid)
    fy = ws.config.financial_year
    try:
        start_year = fy.parse_year(year) if year else fy.start_year_of(today)
    except PeriodError as exc:
        fail(str(exc))
    timetable = Timetable(ws)
    if not timetable:
        fail(
            f"the workspace {ws.root} has no reporting calendar: add a plan file with 'kind: calendar' and its reports"
        )
    label = fy.label(start_year)
    entries = timetable.year(start_year, rule)
    if ics is not None:
        written = events(entries)
        write_output(ics, ics_bytes(ws, entries, today, label, rule))
        typer.echo(f"Wrote {ics}: {len(written)} events for {label}{_ics_counts(entries, rule)}.")
    if month_number is not None:
        columns = [m for m in timetable.months(start_year) if m[1] == month_number]
        found = [(m, shown.in_month(entries, m)) for m in columns]
        for m, listed in [(m, e) for m, e in found if e] or found[:1]:
            _echo(shown.month_listing(ws, listed, m))
    if ics is not None or month_number is not None:
        return
    console().print(shown.grid(ws, timetable, start_year, today, rule))
    _echo(shown.meeting_lines(ws, [e for e in entries if isinstance(e, MeetingDate)]))
    upcoming = timetable.next_due(today, rule)
    if not upcoming:
        typer.echo(f"Nothing due from {today.isoformat()}.")
    for i, due in enumerate(upcoming):
        _echo(shown.by_day(ws, due, f"Next due (from {today.isoformat()})" if i == 0 else "Then"))


def _echo(lines: list[str]) -> None:
    for line in lines:
        typer.echo(visible(line))


def _ics_counts(entries: list[Entry], rule: DayRule) -> str:
    """``: 4 reports due on the last working day of their month, 2 meetings on their dates``."""
    from pmplan.calendar.timetable import Due, MeetingDate, SpanDates

    dues = sum(isinstance(e, Due) for e in entries)
    meetings = sum(isinstance(e, MeetingDate) and e.day is not None for e in entries)
    undated = sum(isinstance(e, MeetingDate) and e.day is None for e in entries)
    spans = sum(isinstance(e, SpanDates) for e in entries)
    parts = [
        f"{dues} report{'s' if dues != 1 else ''} due on {rule} of the month" if dues else "",
        f"{meetings} meeting{'s' if meetings != 1 else ''} on {'their dates' if meetings != 1 else 'its date'}"
        if meetings
        else "",
        f"{spans} span{'s' if spans != 1 else ''} of months" if spans else "",
        f"none for {undated} meeting{'s' if undated != 1 else ''} with the date to be set" if undated else "",
    ]
    text = "; ".join(p for p in parts if p)
    return f" ({text})" if text else ""
