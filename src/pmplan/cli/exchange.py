"""Plans in and out: ``pmplan import`` and ``pmplan export``.

Only typer and the standard library are imported here; python-docx and openpyxl are
imported when a command runs.
"""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pmplan import outputs
from pmplan.characters import visible
from pmplan.cli.common import (
    AllowInvalidOpt,
    AsOfOpt,
    WorkspaceOpt,
    check_format,
    check_plan,
    fail,
    open_workspace,
    parse_as_of,
    parse_date,
    write_output,
)
from pmplan.outputs import choices

if TYPE_CHECKING:
    from pmplan.workspace.index import Workspace


# --- import ----------------------------------------------------------------------------------


def import_(
    file: Annotated[
        Path,
        typer.Argument(
            help="The action plan: a .docx, .xlsx or .csv file.", show_default=False, metavar="FILE"
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the plan file here (default: stdout).",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    plan_id: Annotated[
        str | None,
        typer.Option(
            "--id", help="The plan's id (default: from the file name).", show_default=False, metavar="ID"
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            help="The plan's title (default: the table's caption or the heading above it).",
            show_default=False,
            metavar="TITLE",
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="Date of the progress updates that give no date of their own (default: today).",
            show_default=False,
        ),
    ] = None,
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            metavar="NAME=HEADER,...",
            help="Which column is which, by header: action, id, theme, recommendation, how, lead, due, "
            "start, baseline, progress, update-date, next, priority, status, completed, response, skip. "
            'E.g. "action=Deliverable,lead=Owner,due=Target date".',
            show_default=False,
        ),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            metavar="FILE",
            help="A YAML file of columns (and table, title, id) for imports you repeat.",
            show_default=False,
        ),
    ] = None,
    table: Annotated[
        str | None,
        typer.Option(
            "--table",
            metavar="N|SHEET",
            help="Read only this table (1 is the first table or sheet) or the sheet of this name.",
            show_default=False,
        ),
    ] = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain", help="Print how each column and row was read (the plan is written only with -o)."
        ),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the output file if it exists.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Turn a Word, Excel or CSV action plan into a plan file.

    Finds the action table by its header row, however the council names the columns, and by
    what the cells hold (dates, initials, status words, references); --columns names any
    column outright. Leaves out keys, summaries and totals; skips header rows repeated after
    page breaks; joins rows carried over a page; reads recommendation and theme rows, ids as
    written (milestones under one reference become 1.a, 1.b), RECOMMENDATION / RESPONSE /
    PROGRESS sections, and status from status or RAG words, a Date completed column, or
    progress that says it is done. Progress cells become updates, dated as the source dates
    them (else --date). Leads are matched to the workspace's people by id, name or initials;
    words that match nobody are kept as comments above 'leads', and listed.

    Examples:

      pmplan import plan.docx -o plans/audit.yaml --date 2010-04-15

      pmplan import tracker.xlsx --table 2 --columns "action=Task,lead=Owner"

      pmplan import actions.csv --explain

      pmplan import q3.xlsx --mapping tracker.yaml -o plans/tracker.yaml
    """
    from pmplan.dates.periods import APRIL
    from pmplan.exchange.importer import SourceError, import_file
    from pmplan.exchange.importer.draft import ID_RE
    from pmplan.exchange.importer.explain import explain as explained
    from pmplan.exchange.importer.mapping import merged, parse_columns, read_mapping

    day = parse_date(on, "--date") if on else date.today()
    try:
        mapped = read_mapping(mapping) if mapping is not None else None
        named = merged(mapped, parse_columns(columns) if columns is not None else None)
    except SourceError as exc:
        fail(str(exc))
    if mapped is not None:
        plan_id, title, table = plan_id or mapped.id, title or mapped.title, table or mapped.table
    if plan_id is not None and (not ID_RE.match(plan_id) or len(plan_id) > 40):
        fail(f"--id '{plan_id}' is not an id: letters, digits and . _ / - only, at most 40 (e.g. pm-audit)")
    if output is not None and output.exists() and not force:
        fail(f"{output} already exists: choose another file, or pass --force to overwrite it")
    ws = _optional_workspace(workspace)
    people = [(p.id, p.name) for p in ws.people.values()] if ws else []
    fy = ws.config.financial_year if ws else APRIL
    try:
        result = import_file(
            file,
            plan_id=plan_id,
            title=title,
            day=day,
            people=people,
            fy=fy,
            columns=named,
            table=table,
        )
    except SourceError as exc:
        fail(str(exc))
    report = sys.stderr if output is None else sys.stdout
    if explain:
        sys.stdout.write(visible(explained(result.plan, result.notes, result.unplaced)))
        sys.stdout.flush()
        report = sys.stderr
    elif output is None:
        sys.stdout.write(result.text)
        sys.stdout.flush()
    if output is not None:
        with _writing_into(output, ws):
            if output.exists() and not force:  # another import may have written it meanwhile
                fail(f"{output} already exists: choose another file, or pass --force to overwrite it")
            write_output(output, result.text.encode("utf-8"))
    plan = result.plan
    lines = [f"Imported {file.name}: {result.summary}."]
    if not explain:
        lines += [f"  {note}" for note in result.notes]
    if ws is not None:
        lines.append(f"  leads matched against the {len(people)} people of the workspace {ws.root}")
        if plan.id in ws.plans:
            lines.append(f"  note: the workspace already has a plan '{plan.id}': give this one another --id")
    else:
        lines.append(
            "  no workspace here: leads are kept as comments (import inside a workspace to match them)"
        )
    if result.unplaced and not explain:
        lines.append("Could not place (kept as written, see the comments in the file):")
        lines += [f"  {item}" for item in result.unplaced]
    if output is not None:
        lines.append(f"Wrote {output}. Next: check it against the source, then run 'pmplan lint'.")
    elif explain:
        lines.append("Nothing written: add -o FILE to write the plan.")
    print(visible("\n".join(lines)), file=report)


def _writing_into(output: Path, ws: Workspace | None) -> AbstractContextManager[None]:
    """The write lock of the workspace that ``output`` goes into (the nearest ``pmplan.yaml``
    at or above its folder, else the workspace whose people were matched): one writer at a
    time, as for ``update``. The plan is read from its source before, outside the lock."""
    from pmplan.workspace.config import WorkspaceError, find_root
    from pmplan.workspace.lock import workspace_lock

    root: Path | None
    try:
        root = find_root(output.parent if str(output.parent) else Path("."))
    except WorkspaceError:
        root = ws.root if ws is not None else None
    return nullcontext() if root is None else workspace_lock(root)


def _optional_workspace(workspace: Path | None) -> Workspace | None:
    """The workspace given, or the one around the current folder if any (import works anywhere)."""
    from pmplan.workspace.config import WorkspaceError
    from pmplan.workspace.index import load_workspace

    if workspace is not None:
        return open_workspace(workspace)
    try:
        return load_workspace(None)
    except WorkspaceError:
        return None


# --- export ----------------------------------------------------------------------------------


def export(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The file to write ('-' for stdout: csv and json).",
            show_default=False,
            metavar="FILE",
        ),
    ],
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=f"{choices(outputs.EXPORT)} (default: from the file's suffix).",
            show_default=False,
            metavar="FORMAT",
        ),
    ] = None,
    what: Annotated[
        str,
        typer.Option(
            "--what",
            help="all, actions, updates or indicators. csv: 'all' writes the actions to FILE and the "
            "indicator values to FILE-indicators.csv; the others write just that to FILE.",
            metavar="WHAT",
        ),
    ] = "all",
    plan: Annotated[
        str | None, typer.Option("--plan", help="Only this plan's actions.", metavar="PLAN")
    ] = None,
    allow_invalid: AllowInvalidOpt = False,
    workspace: WorkspaceOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Export actions, updates and indicator values as flat rows.

    xlsx: sheets Actions, Updates and Indicator values, with filters and a frozen header.
    sqlite: tables people, plans, plan_groups, actions, action_leads, updates, indicators,
    indicator_values and reports, with keys, ready for Datasette. 'overdue' is as of --as-of.

    Examples:

      pmplan export -o plans.xlsx

      pmplan export --format csv -o out/actions.csv      (and out/actions-indicators.csv)

      pmplan export --format sqlite -o pmplan.db && datasette pmplan.db

      pmplan export --format json -o - --what indicators
    """
    from pmplan.exchange import export as exporting

    chosen = format or exporting.SUFFIX_FORMATS.get(output.suffix.lower())
    if chosen is None:
        fail(
            f"--format is needed: cannot tell the format from '{output}' (use .csv, .xlsx, .json or .sqlite)"
        )
    check_format(chosen, outputs.EXPORT)
    if what not in exporting.WHAT:
        fail(f"--what '{what}' is not one of: {', '.join(exporting.WHAT)}")
    stdout = str(output) == "-"
    if stdout and chosen not in {"csv", "json"}:
        fail(f"-o - (stdout) works for csv and json, not {chosen}: give a file name")
    if not stdout and not (output.parent if str(output.parent) else Path(".")).is_dir():
        fail(f"cannot write {output}: the folder {output.parent} does not exist")
    day = parse_as_of(as_of)
    ws = open_workspace(workspace, allow_invalid=allow_invalid)
    check_plan(ws, plan)
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
