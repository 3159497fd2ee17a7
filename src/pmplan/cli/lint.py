"""``pmplan lint``: check the plans."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from pmplan import outputs
from pmplan.cli.common import (
    AsOfOpt,
    WorkspaceOpt,
    check_format,
    colour_wanted,
    fail,
    open_workspace,
    parse_as_of,
    split_list,
)
from pmplan.outputs import choices


def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Show findings only for these files or folders.", show_default=False, metavar="PATH..."
        ),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help=f"{choices(outputs.LINT)}.", metavar="FORMAT")
    ] = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select", help="Only these rules (comma-separated).", show_default=False, metavar="RULE,..."
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore", help="Skip these rules (comma-separated).", show_default=False, metavar="RULE,..."
        ),
    ] = None,
    workspace: WorkspaceOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Check the plans for missing leads, overdue actions and more.

    Missing leads and timescales, overdue actions, broken golden-thread links, unknown
    people, unreadable timescales, stale updates: `pmplan rules` lists every check.

    Exit 0 when there are no errors, 1 when there are (or warnings, with --strict).

    Examples:

      pmplan lint

      pmplan lint plans/action-plans --strict

      pmplan lint --format github --as-of 2026-03-31
    """
    from pmplan.lint.formats import FORMATS
    from pmplan.lint.run import LintOptions, UnknownRule, check_rule_names, exit_code
    from pmplan.lint.run import lint as run_lint

    check_format(format, outputs.LINT)
    selected, ignored = split_list(select), split_list(ignore)
    try:
        check_rule_names(selected, "--select")
        check_rule_names(ignored, "--ignore")
    except UnknownRule as exc:
        fail(str(exc))
    day = parse_as_of(as_of)
    ws = open_workspace(workspace)
    shown = tuple(_relative_path(ws.root, p) for p in paths or [])
    moves = _date_moves(ws.root, selected, ignored, set(ws.config.lint.ignore))
    try:
        findings = run_lint(ws, LintOptions(day, selected or None, ignored, shown, date_moves=moves))
    except UnknownRule as exc:
        fail(str(exc))
    if format == "text":
        FORMATS["text"](findings, sys.stdout, len(ws.files), colour_wanted())
    else:
        FORMATS[format](findings, sys.stdout)
    raise typer.Exit(exit_code(findings, strict))


HISTORY_RULES = frozenset({"date-moved-too-often", "moved-without-extension"})
"""The rules that read how often dates moved in the git history."""


def _date_moves(
    root: Path, selected: frozenset[str], ignored: frozenset[str], off: set[str]
) -> dict[str, int]:
    """How often each action's due date moved later in git, when a rule that needs it runs
    (the rules themselves never run git)."""
    wanted = (selected or HISTORY_RULES) & HISTORY_RULES
    if not wanted - ignored - off:
        return {}
    from pmplan.changes.history import slips_in_history

    return slips_in_history(root)


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
