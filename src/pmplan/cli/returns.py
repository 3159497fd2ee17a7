"""The quarter's returns: ``pmplan returns issue``, ``collect`` and ``status``.

Only typer and the standard library are imported here; openpyxl and the returns package
are imported when a command runs.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from pmplan import outputs
from pmplan.characters import visible
from pmplan.cli.common import (
    AllowInvalidOpt,
    AsOfOpt,
    Exit,
    WorkspaceOpt,
    check_format,
    fail,
    open_workspace,
    parse_as_of,
    parse_date,
    writing_workspace,
)
from pmplan.outputs import choices

HELP = "Quarterly returns: workbooks out, officers' updates in."

PeriodArg = Annotated[str, typer.Argument(metavar="PERIOD", help="The quarter: q1, q2, q3 or q4.")]
YearOpt = Annotated[
    str | None,
    typer.Option(
        "--year",
        metavar="YYYY/YY",
        help="The financial year (default: the latest such quarter begun by --as-of).",
        show_default=False,
    ),
]
FolderOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="The returns folder; each period's returns go in a folder of their own inside it "
        "(default: returns/ in the workspace).",
        show_default=False,
        metavar="DIR",
    ),
]
DeadlineOpt = Annotated[
    str | None,
    typer.Option(
        "--deadline",
        metavar="YYYY-MM-DD",
        help="When returns are due (default: from the reporting calendar).",
        show_default=False,
    ),
]


def _date(flag: str, value: str | None) -> date | None:
    return None if value is None else parse_date(value, flag)


def _echo(text: str, err: bool = False) -> None:
    """A line for the terminal: names and words from the plans and the returns are shown with
    any control character escaped, never acted on."""
    typer.echo(visible(text), err=err)


def issue(
    period: PeriodArg,
    year: YearOpt = None,
    lead: Annotated[
        list[str] | None,
        typer.Option(
            "--lead",
            help="Only this officer's return (repeat for several).",
            show_default=False,
            metavar="ID",
        ),
    ] = None,
    output: FolderOpt = None,
    deadline: DeadlineOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Write over returns already in the period's folder.")
    ] = False,
    allow_invalid: AllowInvalidOpt = False,
    workspace: WorkspaceOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Write an Excel return for each lead officer and indicator owner.

    One workbook per officer for the quarter. Each workbook has an Actions sheet (the officer's open actions: status, progress update, next step, revised timescale), an Indicators sheet (their indicators' actual, note and corrective action for the period) and an About sheet (who it is for, the deadline, how to fill it in). The plan as it stands is locked; a hidden record of what was issued lets 'pmplan returns collect' tell what the officer changed.

    Examples:

      pmplan returns issue q3

      pmplan returns issue q3 --year 2026/27 --lead ND -o returns/

      pmplan returns issue q4 --deadline 2027-04-23
    """
    from pmplan.returns.issuing import issue_returns, quarter
    from pmplan.returns.words import count

    today = parse_as_of(as_of)
    due = _date("--deadline", deadline)
    ws = open_workspace(workspace, allow_invalid=allow_invalid)  # a return must not lack an action
    chosen = quarter(ws.config.financial_year, period, year, today)
    base = output if output is not None else ws.root / "returns"
    now = (
        datetime.now().replace(microsecond=0)
        if as_of is None
        else datetime.combine(today, datetime.min.time())
    )
    result = issue_returns(
        ws, chosen, base, now=now, leads=frozenset(lead) if lead else None, deadline_day=due, force=force
    )
    when = f"; due {result.deadline.day.isoformat()}" if result.deadline else "; no deadline in the calendar"
    _echo(f"Issued {count(len(result.issued), 'return')} for {chosen.label} in {result.folder}{when}:")
    for item in result.issued:
        ret = item.ret
        _echo(
            f"  {item.path.name}: {ret.person.name}, {count(len(ret.actions), 'action')}, "
            f"{count(len(ret.indicators), 'indicator value')}"
        )
    if result.contents.unassigned and not lead:
        _echo(f"No return covers {len(result.contents.unassigned)} items (no person leads them):", err=True)
        for ref, why in result.contents.unassigned:
            _echo(f"  {ref}: {why}", err=True)


def collect(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="The returns, as the officers sent them back (.xlsx).", show_default=False, metavar="FILE..."
        ),
    ],
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            metavar="QUARTER",
            help="Only returns for this quarter (q1..q4, with --year); by default a return for this "
            "quarter or the last is taken.",
            show_default=False,
        ),
    ] = None,
    year: YearOpt = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="Date of the new updates (default: the day each return was filled in).",
            show_default=False,
        ),
    ] = None,
    commit: Annotated[
        bool, typer.Option("--commit", help="One git commit per return, authored by its officer.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would change, and show it; write nothing.")
    ] = False,
    workspace: WorkspaceOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Read the officers' returns back into the plans.

    Every edited cell is checked first (a status not in the list, a revised timescale that cannot be read or has no reason, an actual that is not a number in the indicator's unit, a row that was not issued): each problem is named by file, sheet and cell, and then nothing is applied (exit 1). Good changes go into the plan files with their comments and formatting kept: new progress updates dated the day the return was filled in, statuses, next steps, revised timescales (the old one kept as the baseline) and indicator values. A change to something the plan also changed since the return was issued is a conflict: listed, never applied (exit 1). Collecting a return twice changes nothing.

    Examples:

      pmplan returns collect returns/2026-27-q3/received/*.xlsx --dry-run

      pmplan returns collect returns/2026-27-q3/received/*.xlsx --commit

      pmplan returns collect late-return.xlsx --period q2 --year 2026/27 --date 2026-11-03
    """
    from pmplan.returns.applying import prepare_texts, write_collection
    from pmplan.returns.collect import plan_collection
    from pmplan.returns.issuing import quarter

    today = parse_as_of(as_of)
    day = _date("--date", on)
    if day is not None and day > today:
        fail(
            f"--date {day.isoformat()} is after today ({today.isoformat()}): an update records what has happened"
        )
    if commit and dry_run:
        fail("--dry-run writes nothing, so there is nothing to --commit: give one or the other")
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        fail(f"no such file: {', '.join(missing)}")
    with writing_workspace(workspace, lock=not dry_run) as ws:
        chosen = quarter(ws.config.financial_year, period, year, today) if period else None
        if year and not period:
            fail("--year goes with --period: say which quarter (e.g. --period q3 --year 2026/27)")
        batch = plan_collection(ws, files, as_of=today, period=chosen, day=day)
        problems = batch.problems
        if problems:
            for problem in problems:
                _echo(f"pmplan: {problem}", err=True)
            files_with = len({p.file for p in problems})
            _echo(
                f"pmplan: {len(problems)} problem{'s' if len(problems) != 1 else ''} in {files_with} "
                f"return{'s' if files_with != 1 else ''}: nothing was collected. Ask the officer to correct "
                "the cells named, or collect the other returns without it.",
                err=True,
            )
            raise typer.Exit(Exit.FINDINGS)
        prepare_texts(ws, batch)
        commits = [] if dry_run else write_collection(ws, batch, commit=commit)
    _report_collection(batch, dry_run, commits)
    if any(r.conflicts for r in batch.returns):
        raise typer.Exit(Exit.FINDINGS)


def _report_collection(batch: object, dry_run: bool, commits: list[str]) -> None:
    from pmplan.returns.collect import Batch

    assert isinstance(batch, Batch)
    verb = "would apply" if dry_run else "applied"
    for collected in batch.returns:
        found, person = collected.source, collected.person
        counts = [f"{len(collected.applied)} {verb}"]
        if collected.already:
            counts.append(f"{len(collected.already)} already in the plans")
        if collected.conflicts:
            counts.append(f"{len(collected.conflicts)} in conflict")
        _echo(
            f"{found.path.name} ({person.name}, {found.period}, updates dated {collected.day.isoformat()}): {', '.join(counts)}"
        )
        for change in collected.applied:
            _echo(f"  {change.describe()}")
        for change in collected.conflicts:
            _echo(f"  CONFLICT {change.describe()}")
    if dry_run:
        sys.stdout.write(visible(batch.diff()))
    elif commits:
        _echo(f"{len(commits)} commit{'s' if len(commits) != 1 else ''} made, one per officer.")
    if any(r.conflicts for r in batch.returns):
        _echo(
            "pmplan: conflicts are changes to values the plan also changed since the return was issued: "
            "decide them, then make them with 'pmplan update'",
            err=True,
        )


def status(
    period: PeriodArg,
    year: YearOpt = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help=f"{choices(outputs.RETURNS_STATUS)}.", metavar="FORMAT")
    ] = "text",
    returns_folder: Annotated[
        Path | None,
        typer.Option(
            "--returns",
            help="The returns folder, as given to 'returns issue -o' (default: returns/ in the workspace).",
            show_default=False,
            metavar="DIR",
        ),
    ] = None,
    deadline: DeadlineOpt = None,
    remind: Annotated[
        bool,
        typer.Option(
            "--remind",
            help="Write an e-mail draft (.eml, the return attached) to each officer who has not returned, "
            "into the period's reminders/ folder; pmplan sends nothing.",
        ),
    ] = False,
    sender: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="'NAME <EMAIL>'",
            help="Who the reminders are from (default: the report contact in pmplan.yaml).",
            show_default=False,
        ),
    ] = None,
    workspace: WorkspaceOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Who has returned, what still has no update, and the days left.

    Who has returned and who has not, which actions and indicators still have no update for the period, and the days to the deadline.

    Returns are looked for in the period's folder (and folders inside it, such as received/), by what they are, whatever they are called. A return counts as returned once the officer has saved it, and as collected once everything in it is in the plans.

    Examples:

      pmplan returns status q3

      pmplan returns status q3 --format md > returns-q3.md

      pmplan returns status q3 --remind --from "Julie Pennington <julie.pennington@calderbrook.example.org>"
    """
    from pmplan.returns.issuing import period_folder, quarter
    from pmplan.returns.status import (
        reminder_time,
        returns_status,
        status_csv,
        status_markdown,
        status_text,
        write_reminders,
    )

    check_format(format, outputs.RETURNS_STATUS)
    today = parse_as_of(as_of)
    due = _date("--deadline", deadline)
    ws = open_workspace(workspace)
    chosen = quarter(ws.config.financial_year, period, year, today)
    folder = period_folder(returns_folder if returns_folder is not None else ws.root / "returns", chosen)
    report = returns_status(ws, chosen, folder, as_of=today, deadline_day=due)
    writers = {"text": status_text, "md": status_markdown, "csv": status_csv}
    sys.stdout.write(visible(writers[format](report)))
    if not remind:
        return
    contact = ws.config.report
    if sender is None:
        if not contact.contact_email:
            fail("--remind needs --from 'NAME <EMAIL>' (or report.contact_email in pmplan.yaml)")
        sender = f"{contact.contact_name or ''} <{contact.contact_email}>"
    reminders = write_reminders(ws, report, folder / "reminders", sender=sender, now=reminder_time(today))
    for reminder in reminders:
        if reminder.path is None:
            _echo(f"pmplan: no reminder for {reminder.person.name}: {reminder.why}", err=True)
    written = [r for r in reminders if r.path is not None]
    _echo(f"Wrote {len(written)} reminder drafts in {folder / 'reminders'}: open each and send it.", err=True)
