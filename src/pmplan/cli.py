"""The command line: parse flags, call the core, map results to output and exit codes.

Nothing outside this module prints or exits. Heavy modules are imported inside the
commands that need them, so that ``pmplan --help`` starts fast.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from pmplan.cli_options import AsOfOpt, WorkspaceOpt

if TYPE_CHECKING:
    from rich.console import Console

    from pmplan.workspace import Workspace


class Exit(IntEnum):
    """Exit codes, in one place."""

    OK = 0
    FINDINGS = 1
    """lint found errors (or warnings, with --strict); diff --check found a problem."""
    CANNOT = 2
    """The command could not do its job: bad flags, no workspace, unreadable input or output."""


app = typer.Typer(
    name="pmplan",
    help="Council action plans, golden thread and performance indicators, kept as YAML in git.\n\n"
    "Run it inside a workspace (a folder with pmplan.yaml), or pass --workspace DIR.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def fail(message: str) -> NoReturn:
    """Say what went wrong on stderr and exit 2."""
    typer.echo(f"pmplan: {message}", err=True)
    raise typer.Exit(Exit.CANNOT)


def parse_as_of(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"--as-of '{value}' is not a date: write it as YYYY-MM-DD (e.g. 2026-03-31)")


def open_workspace(workspace: Path | None) -> Workspace:
    from pmplan.config import WorkspaceError  # noqa: PLC0415
    from pmplan.workspace import load_workspace  # noqa: PLC0415

    try:
        return load_workspace(workspace, freeze=True)
    except WorkspaceError as exc:
        fail(str(exc))


def colour_wanted(stream: object = None) -> bool:
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


def console() -> Console:
    from rich.console import Console  # noqa: PLC0415

    colour = colour_wanted()
    return Console(
        no_color=not colour,
        force_terminal=colour,
        highlight=False,
        emoji=False,
        width=None if colour else 120,
    )


def _split(values: list[str] | None) -> frozenset[str]:
    return frozenset(v.strip() for value in values or [] for v in value.split(",") if v.strip())


# --- lint --------------------------------------------------------------------------------


@app.command()
def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Show findings only for these files or folders.", show_default=False),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text, json or github.")] = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="Only these rules (comma-separated).", show_default=False),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Skip these rules (comma-separated).", show_default=False),
    ] = None,
    workspace: WorkspaceOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Check the plans: missing leads and timescales, overdue actions, broken links, and more.

    Exit 0 when there are no errors, 1 when there are (or warnings, with --strict).

    Examples:

      pmplan lint

      pmplan lint plans/action-plans --strict

      pmplan lint --format github --as-of 2026-03-31
    """
    from pmplan.lint import LintOptions, UnknownRule, check_rule_names, exit_code  # noqa: PLC0415
    from pmplan.lint import lint as run_lint  # noqa: PLC0415
    from pmplan.reporters import FORMATS  # noqa: PLC0415

    if format not in FORMATS:
        fail(f"--format '{format}' is not one of: {', '.join(FORMATS)}")
    selected, ignored = _split(select), _split(ignore)
    try:
        check_rule_names(selected, "--select")
        check_rule_names(ignored, "--ignore")
    except UnknownRule as exc:
        fail(str(exc))
    day = parse_as_of(as_of)
    ws = open_workspace(workspace)
    shown = tuple(_relative_path(ws.root, p) for p in paths or [])
    try:
        findings = run_lint(ws, LintOptions(day, selected or None, ignored, shown))
    except UnknownRule as exc:
        fail(str(exc))
    if format == "text":
        FORMATS["text"](findings, sys.stdout, len(ws.files), colour_wanted())
    else:
        FORMATS[format](findings, sys.stdout)
    raise typer.Exit(exit_code(findings, strict))


def _relative_path(root: Path, path: Path) -> str:
    full = path.resolve() if path.exists() or path.is_absolute() else (Path.cwd() / path).resolve()
    if not full.exists():
        candidate = (root / path).resolve()
        if candidate.exists():
            full = candidate
        else:
            fail(f"{path}: no such file or folder")
    try:
        return full.relative_to(root).as_posix()
    except ValueError:
        fail(f"{path} is outside the workspace {root}")


# --- list --------------------------------------------------------------------------------


@app.command("list")
def list_(
    what: Annotated[str, typer.Argument(help="actions or indicators.")] = "actions",
    status: Annotated[
        list[str] | None,
        typer.Option("--status", help="Only these statuses (comma-separated).", show_default=False),
    ] = None,
    lead: Annotated[str | None, typer.Option("--lead", help="Only actions this person leads.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue actions.")] = False,
    due_within: Annotated[
        int | None,
        typer.Option("--due-within", metavar="DAYS", help="Only open actions due in the next DAYS days."),
    ] = None,
    plan: Annotated[str | None, typer.Option("--plan", help="Only this plan's actions.")] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period", help="Indicators: the period, e.g. '2025/26 Q2' (default: each one's latest)."
        ),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
    workspace: WorkspaceOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """List actions or indicators, filtered.

    Examples:

      pmplan list --overdue

      pmplan list actions --lead JP --status on-track,at-risk --format csv

      pmplan list indicators --period "2025/26 Q2" --format json
    """
    from pmplan import listing  # noqa: PLC0415
    from pmplan.models import STATUSES  # noqa: PLC0415
    from pmplan.periods import PeriodError, parse_period  # noqa: PLC0415

    if what not in {"actions", "indicators"}:
        fail(f"'{what}' cannot be listed: choose actions or indicators")
    if format not in {"table", "json", "csv"}:
        fail(f"--format '{format}' is not one of: table, json, csv")
    statuses = _split(status)
    if unknown := sorted(statuses - set(STATUSES)):
        fail(f"--status {', '.join(unknown)}: statuses are {', '.join(STATUSES)}")
    if due_within is not None and due_within < 0:
        fail("--due-within takes a number of days from 0 up")
    if what == "actions" and period is not None:
        fail("--period is for indicators: pmplan list indicators --period '2025/26 Q2'")
    action_only = {"--status": statuses, "--lead": lead, "--overdue": overdue, "--due-within": due_within,
                   "--plan": plan}  # fmt: skip
    if what == "indicators" and (
        used := [k for k, v in action_only.items() if v not in (None, False, frozenset())]
    ):
        fail(f"{', '.join(used)} filter actions, not indicators")
    day = parse_as_of(as_of)
    ws = open_workspace(workspace)
    if plan and plan not in ws.plans:
        fail(f"--plan {plan}: no such plan; plans are {', '.join(sorted(ws.plans)) or 'none'}")
    if what == "actions":
        rows = listing.action_records(
            ws, listing.ActionFilter(day, statuses, lead, overdue, due_within, plan)
        )
        columns = ["ref", "title", "leads", "timescale", "due", "status"]
    else:
        if period is not None:
            try:
                period = parse_period(period, ws.config.financial_year_start).label
            except PeriodError as exc:
                fail(f"--period: {exc}")
        rows = listing.indicator_records(ws, period)
        columns = ["id", "title", "owner", "period", "target", "actual", "rag", "direction"]
    _print_rows(rows, columns, format, title=what.capitalize())


def _print_rows(rows: list[dict[str, object]], columns: list[str], format: str, title: str) -> None:
    if format == "json":
        import json  # noqa: PLC0415

        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if format == "csv":
        import csv  # noqa: PLC0415

        fields = list(rows[0]) if rows else columns
        writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()})
        return
    from rich.markup import escape  # noqa: PLC0415
    from rich.table import Table  # noqa: PLC0415

    table = Table(title=f"{title} ({len(rows)})", title_justify="left")
    for column in columns:
        if column == "title":
            table.add_column(column, overflow="fold", ratio=1, min_width=20)
        else:
            table.add_column(column, overflow="fold", no_wrap=column in {"ref", "id", "due"})
    for row in rows:
        cells = [escape(_cell(row.get(c))) for c in columns]
        if row.get("overdue"):
            cells[columns.index("status")] += " (overdue)"
        table.add_row(*cells)
    console().print(table)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, bool):
        return "yes" if value else ""
    return str(value)


# --- show and thread ----------------------------------------------------------------------


@app.command()
def show(
    ref: Annotated[
        str,
        typer.Argument(
            help="An action (pm-audit:R1.a, or R1.a if unique), recommendation, "
            "theme, indicator, priority, outcome or person."
        ),
    ],
    workspace: WorkspaceOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Show one item in full.

    Examples:

      pmplan show pm-audit:R3.b

      pmplan show LPI-07
    """
    from pmplan.show import NotFound, render_item  # noqa: PLC0415

    day = parse_as_of(as_of)
    ws = open_workspace(workspace)
    try:
        renderable = render_item(ws, ref, day)
    except NotFound as exc:
        fail(str(exc))
    console().print(renderable)


@app.command()
def thread(
    id: Annotated[
        str | None, typer.Argument(help="Start from this priority or outcome.", show_default=False)
    ] = None,
    workspace: WorkspaceOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """The golden thread as a tree: vision, priorities, outcomes, and the actions and
    indicators linked to each.

    Examples:

      pmplan thread

      pmplan thread P2
    """
    from pmplan.show import NotFound, thread_tree  # noqa: PLC0415

    day = parse_as_of(as_of)
    ws = open_workspace(workspace)
    try:
        tree = thread_tree(ws, id, day)
    except NotFound as exc:
        fail(str(exc))
    console().print(tree)


# --- init, schema, rules -----------------------------------------------------------------


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder for the new workspace.")] = Path("."),
    organisation: Annotated[
        str, typer.Option("--organisation", help="The council's name.")
    ] = "Example District Council",
) -> None:
    """Create a new workspace with a small worked example that lints clean.

    Never writes over existing files.

    Example:

      pmplan init my-council --organisation "Calderbrook District Council"
    """
    from pmplan.scaffold import ScaffoldError, create  # noqa: PLC0415

    try:
        written = create(directory, organisation)
    except ScaffoldError as exc:
        fail(str(exc))
    typer.echo(f"Created a pmplan workspace in {directory} ({len(written)} files):")
    for path in written:
        typer.echo(f"  {path}")
    typer.echo(f"Next: cd {directory} && pmplan lint")


@app.command()
def schema(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (default: stdout).", show_default=False),
    ] = None,
) -> None:
    """Print the JSON Schema of the plan files, for editors (VS Code's YAML extension).

    Example:

      pmplan schema -o pmplan.schema.json
    """
    from pmplan.schema import plan_schema_json  # noqa: PLC0415

    text = plan_schema_json()
    if output is None:
        typer.echo(text, nl=False)
        return
    _write_text(output, text)
    typer.echo(f"Wrote {output}", err=True)


def _write_text(path: Path, text: str) -> None:
    from pmplan.files import atomic_write  # noqa: PLC0415

    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")


@app.command()
def rules(
    markdown: Annotated[bool, typer.Option("--markdown", help="Print docs/rules.md.")] = False,
) -> None:
    """List the lint rules with their default severity.

    Example:

      pmplan rules
    """
    from pmplan.rules import RULES  # noqa: PLC0415
    from pmplan.rulesdoc import rules_markdown  # noqa: PLC0415

    if markdown:
        typer.echo(rules_markdown(), nl=False)
        return
    for rule in RULES.values():
        typer.echo(f"{rule.name:28} {rule.severity.value:8} {rule.summary}")


def version_callback(value: bool) -> None:
    if value:
        from pmplan import __version__  # noqa: PLC0415

        typer.echo(f"pmplan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    pass


def main() -> None:
    """Entry point: run the app; turn any unexpected error into a message, not a traceback."""
    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:
        typer.echo("pmplan: interrupted", err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence for users
        if os.environ.get("PMPLAN_DEBUG"):
            raise
        typer.echo(
            f"pmplan: internal error: {type(exc).__name__}: {exc}\n"
            "Please report this (set PMPLAN_DEBUG=1 for the details).",
            err=True,
        )
        sys.exit(Exit.CANNOT)


def _register_more_commands() -> None:
    """Commands that live in their own modules (each imports its heavy libraries lazily)."""
    import importlib  # noqa: PLC0415

    for name in ("pmplan.cli_report", "pmplan.cli_git", "pmplan.cli_io"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(app)


_register_more_commands()
