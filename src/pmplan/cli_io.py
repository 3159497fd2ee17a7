"""``pmplan import``, ``export`` and ``calendar``: plans in and out, and the reporting cycle.

Registered on the app by :mod:`pmplan.cli`. Only typer and the standard library are imported
here; python-docx, openpyxl and icalendar are imported when a command runs. The helpers of
:mod:`pmplan.cli` (``fail``, ``parse_as_of`` ...) are imported inside the commands too, as
that module imports this one.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pmplan.cli_options import AsOfOpt, WorkspaceOpt

if TYPE_CHECKING:
    from pmplan.reportcal import Due
    from pmplan.workspace import Workspace


def register(app: typer.Typer) -> None:
    """Add the ``import``, ``export`` and ``calendar`` commands to ``app``."""
    app.command("import")(import_)
    app.command("export")(export)
    app.command("calendar")(calendar)


# --- import ----------------------------------------------------------------------------------


def import_(
    file: Annotated[
        Path, typer.Argument(help="The action plan: a .docx, .xlsx or .csv file.", show_default=False)
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the plan file here (default: stdout).", show_default=False
        ),
    ] = None,
    plan_id: Annotated[
        str | None,
        typer.Option("--id", help="The plan's id (default: from the file name).", show_default=False),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option("--title", help="The plan's title (default: the document's title).", show_default=False),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="Date of the progress updates (default: today).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the output file if it exists.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Turn an action-plan table in Word, Excel or CSV into a plan file.

    Finds the tables by their header row (Rec./No, Action, How, Timescale/When, Lead/Who,
    Progress, Next steps, Priority, Status/RAG), however the council names them; skips header
    rows repeated after page breaks; joins rows carried over a page; reads recommendation and
    theme rows, numbered ids and RECOMMENDATION / RESPONSE / PROGRESS sections. Progress cells
    become updates dated --date. Leads are matched to the workspace's people by id, name or
    initials; words that match nobody are kept as comments above 'leads', and listed.

    Examples:

      pmplan import action-plan.docx -o plans/audit-2010.yaml --id pm-audit --date 2010-04-15

      pmplan import implementation-plan.xlsx --title "Performance Management Strategy" > plan.yaml

      pmplan import actions.csv --workspace ../council -o ../council/plans/actions.yaml
    """
    from pmplan.cli import fail  # noqa: PLC0415
    from pmplan.importer import SourceError, import_file  # noqa: PLC0415
    from pmplan.importer.plan import ID_RE  # noqa: PLC0415

    day = _date_option("--date", on) if on else date.today()
    if plan_id is not None and (not ID_RE.match(plan_id) or len(plan_id) > 40):
        fail(f"--id '{plan_id}' is not an id: letters, digits and . _ / - only, at most 40 (e.g. pm-audit)")
    if output is not None and output.exists() and not force:
        fail(f"{output} already exists: choose another file, or pass --force to overwrite it")
    ws = _optional_workspace(workspace)
    people = [(p.id, p.name) for p in ws.people.values()] if ws else []
    fy_start = ws.config.financial_year_start if ws else 4
    try:
        result = import_file(file, plan_id=plan_id, title=title, day=day, people=people, fy_start=fy_start)
    except SourceError as exc:
        fail(str(exc))
    report = sys.stderr if output is None else sys.stdout
    if output is None:
        sys.stdout.write(result.text)
        sys.stdout.flush()
    else:
        _write(output, result.text.encode("utf-8"))
    plan = result.plan
    lines = [f"Imported {file.name}: {result.summary}."]
    lines += [f"  {note}" for note in result.notes]
    if ws is not None:
        lines.append(f"  leads matched against the {len(people)} people of the workspace {ws.root}")
        if plan.id in ws.plans:
            lines.append(f"  note: the workspace already has a plan '{plan.id}': give this one another --id")
    else:
        lines.append(
            "  no workspace here: leads are kept as comments (import inside a workspace to match them)"
        )
    if result.unplaced:
        lines.append("Could not place (kept as written, see the comments in the file):")
        lines += [f"  {item}" for item in result.unplaced]
    if output is not None:
        lines.append(f"Wrote {output}. Next: check it against the source, then run 'pmplan lint'.")
    print("\n".join(lines), file=report)


def _date_option(flag: str, value: str) -> date:
    from pmplan.cli import fail  # noqa: PLC0415

    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{flag} '{value}' is not a date: write it as YYYY-MM-DD (e.g. 2026-03-31)")


def _optional_workspace(workspace: Path | None) -> Workspace | None:
    """The workspace given, or the one around the current folder if any (import works anywhere)."""
    from pmplan.cli import open_workspace  # noqa: PLC0415
    from pmplan.config import WorkspaceError  # noqa: PLC0415
    from pmplan.workspace import load_workspace  # noqa: PLC0415

    if workspace is not None:
        return open_workspace(workspace)
    try:
        return load_workspace(None)
    except WorkspaceError:
        return None


def _write(path: Path, data: bytes) -> None:
    from pmplan.cli import fail  # noqa: PLC0415
    from pmplan.files import atomic_write  # noqa: PLC0415

    try:
        atomic_write(path, data)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")


# --- export ----------------------------------------------------------------------------------


def export(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The file to write ('-' for stdout: csv and json).", show_default=False
        ),
    ],
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="csv, xlsx, json or sqlite (default: from the file's suffix).",
            show_default=False,
        ),
    ] = None,
    what: Annotated[
        str,
        typer.Option(
            "--what",
            help="all, actions, updates or indicators. csv: 'all' writes the actions to FILE and the "
            "indicator values to FILE-indicators.csv; the others write just that to FILE.",
        ),
    ] = "all",
    plan: Annotated[str | None, typer.Option("--plan", help="Only this plan's actions.")] = None,
    workspace: WorkspaceOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Export every action, progress update and indicator value as flat rows.

    xlsx: sheets Actions, Updates and Indicator values, with filters and a frozen header.
    sqlite: tables people, plans, plan_groups, actions, action_leads, updates, indicators,
    indicator_values and reports, with keys, ready for Datasette. 'overdue' is as of --as-of.

    Examples:

      pmplan export -o plans.xlsx

      pmplan export --format csv -o out/actions.csv      (and out/actions-indicators.csv)

      pmplan export --format sqlite -o pmplan.db && datasette pmplan.db

      pmplan export --format json -o - --what indicators
    """
    from pmplan import export as exporting  # noqa: PLC0415
    from pmplan.cli import fail, open_workspace, parse_as_of  # noqa: PLC0415

    chosen = format or exporting.SUFFIX_FORMATS.get(output.suffix.lower())
    if chosen is None:
        fail(
            f"--format is needed: cannot tell the format from '{output}' (use .csv, .xlsx, .json or .sqlite)"
        )
    if chosen not in exporting.FORMATS:
        fail(f"--format '{chosen}' is not one of: {', '.join(exporting.FORMATS)}")
    if what not in exporting.WHAT:
        fail(f"--what '{what}' is not one of: {', '.join(exporting.WHAT)}")
    stdout = str(output) == "-"
    if stdout and chosen not in {"csv", "json"}:
        fail(f"-o - (stdout) works for csv and json, not {chosen}: give a file name")
    if not stdout and not (output.parent if str(output.parent) else Path(".")).is_dir():
        fail(f"cannot write {output}: the folder {output.parent} does not exist")
    day = parse_as_of(as_of)
    ws = open_workspace(workspace)
    if plan is not None and plan not in ws.plans:
        fail(f"--plan {plan}: no such plan; plans are {', '.join(sorted(ws.plans)) or 'none'}")
    data = exporting.collect(ws, day, plan)
    if stdout:
        if chosen == "json":
            sys.stdout.write(exporting.json_text(data, what))
        else:
            _, columns, rows = exporting.tables(data, "actions" if what == "all" else what)[0]
            sys.stdout.write(exporting.csv_text(columns, rows))
        return
    try:
        written = exporting.export(data, chosen, output, what)
    except exporting.ExportError as exc:
        fail(str(exc))
    counts = f"{len(data.actions)} actions, {len(data.updates)} updates, {len(data.indicator_values)} indicator values"
    typer.echo(f"Exported {counts} as {chosen} to {', '.join(str(p) for p in written)}", err=True)


# --- calendar --------------------------------------------------------------------------------


def calendar(
    month: Annotated[
        str | None,
        typer.Option(
            "--month",
            metavar="MON",
            help="What is due in this month (Feb, February or 2).",
            show_default=False,
        ),
    ] = None,
    ics: Annotated[
        Path | None,
        typer.Option(
            "--ics", metavar="FILE", help="Write the year's reports as an iCalendar file.", show_default=False
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
            help="The day of the month each report falls on: a day 1-31 (moved back to a working "
            "day), or the last or first working day. Working days skip weekends and England and "
            "Wales bank holidays.",
        ),
    ] = "last-working-day",
    workspace: WorkspaceOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """The reporting cycle as a month grid, what is due next, and an iCalendar file.

    The grid shows the financial year's months (April to March) with a tick where a report
    is due; --month lists one month's reports; --ics writes one all-day event per report per
    month that Outlook and Google Calendar import (importing a newer file updates the events).

    Examples:

      pmplan calendar

      pmplan calendar --month Nov

      pmplan calendar --ics reporting-2025-26.ics --year 2025/26 --day 20
    """
    from pmplan import reportcal  # noqa: PLC0415
    from pmplan.cli import console, fail, open_workspace, parse_as_of  # noqa: PLC0415
    from pmplan.periods import fy_label  # noqa: PLC0415

    today = parse_as_of(as_of)
    try:
        rule = reportcal.parse_day_rule(day)
        month_number = reportcal.parse_month(month) if month is not None else None
    except reportcal.CalendarError as exc:
        fail(str(exc))
    ws = open_workspace(workspace)
    fy_start = ws.config.financial_year_start
    try:
        start_year = reportcal.parse_year(year, fy_start) if year else reportcal.current_year(today, fy_start)
    except reportcal.CalendarError as exc:
        fail(str(exc))
    reports = list(ws.reports.values())
    if not reports:
        fail(
            f"the workspace {ws.root} has no reporting calendar: add a plan file with 'kind: calendar' and its reports"
        )
    label = fy_label(start_year, fy_start)
    if ics is not None:
        dues = reportcal.schedule(reports, start_year, fy_start, rule)
        _write(ics, reportcal.ics_bytes(ws, dues, today, label, rule))
        typer.echo(f"Wrote {ics}: {len(dues)} events for {label}, each on {rule} of its month.")
    if month_number is not None:
        y, m = reportcal.month_in_year(start_year, fy_start, month_number)
        _print_dues(ws, reportcal.due_in_month(reports, y, m, rule), f"Due in {_month_label(y, m)}")
    if ics is not None or month_number is not None:
        return
    console().print(reportcal.grid(ws, start_year, today))
    upcoming = reportcal.next_due(reports, today, rule)
    if not upcoming:
        typer.echo(f"Nothing due from {today.isoformat()}.")
    for dues in upcoming:
        _print_dues(ws, dues, f"Next due (from {today.isoformat()})" if dues is upcoming[0] else "Then")


def _month_label(year: int, month: int) -> str:
    return date(year, month, 1).strftime("%B %Y")


def _print_dues(ws: Workspace, dues: list[Due], heading: str) -> None:
    if not dues:
        typer.echo(f"{heading}: nothing.")
        return
    when = dues[0].day
    typer.echo(f"{heading}: {when.strftime('%a')} {when.day} {when.strftime('%b %Y')}")
    for due in dues:
        report = due.report
        to = f" -> {', '.join(report.to)}" if report.to else ""
        owner = f" (owner: {ws.person_name(report.owner)})" if report.owner else ""
        typer.echo(f"  - {report.title}{to}{owner}")
