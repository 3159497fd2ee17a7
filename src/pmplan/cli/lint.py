"""``pmplan lint``: check the plans."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

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
    say_what_did_not_load,
    split_list,
    writing_workspace,
)
from pmplan.outputs import choices

if TYPE_CHECKING:
    from pmplan.workspace.index import Workspace


def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Show findings only for these files or folders.", show_default=False, metavar="PATH"
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
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="Mend the mistakes whose fix is not in doubt (a status or month in another case or "
            "a known synonym, a lead written as a title or as JW/HoP), keeping comments; then check.",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="With --fix: show the changes as a diff, write nothing.")
    ] = False,
    workspace: WorkspaceOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Check the plans for missing leads, overdue actions and more.

    Missing leads and timescales, overdue actions, broken golden-thread links, unknown
    people, unreadable timescales, stale updates: `pmplan rules` lists every check.
    A file (or an item in one) that does not load is always reported, whatever
    --select or --ignore say.

    --fix mends what can only mean one thing (`status: Done` to `complete`, `leads: JW/HoP`
    to `[JW, HoP]`), says what it changed, then checks what is left. --fix --dry-run shows
    the changes as a diff and writes nothing.

    Exit 0 when there are no errors, 1 when there are (or warnings, with --strict).

    Examples:

      pmplan lint

      pmplan lint plans/action-plans --strict

      pmplan lint --format github --as-of 2026-03-31

      pmplan lint --fix --dry-run
    """
    from pmplan.lint.formats import FORMATS
    from pmplan.lint.run import LintOptions, UnknownRule, check_rule_names, exit_code
    from pmplan.lint.run import lint as run_lint

    check_format(format, outputs.LINT)
    selected, ignored = split_list(select), split_list(ignore)
    try:
        check_rule_names(selected, "--select")
        check_rule_names(ignored, "--ignore", hiding=True)
    except UnknownRule as exc:
        fail(str(exc))
    if dry_run and not fix:
        fail("--dry-run goes with --fix: pmplan lint --fix --dry-run")
    day = parse_as_of(as_of)
    if fix:
        _fix(workspace, dry_run, sys.stdout if format == "text" else sys.stderr)
        if dry_run:
            return
    ws = open_workspace(workspace, say=False)
    shown = tuple(_relative_path(ws.root, p) for p in paths or [])
    moves = _date_moves(ws.root, selected, ignored, set(ws.config.lint.ignore))
    try:
        findings = run_lint(ws, LintOptions(day, selected or None, ignored, shown, date_moves=moves))
    except UnknownRule as exc:
        fail(str(exc))
    # Files outside the PATHs shown that did not load are still said: nothing is left out unsaid.
    listed = {f.file for f in findings if f.rule == "invalid-file"}
    say_what_did_not_load(ws, files=frozenset(m.file for m in ws.missing() if m.file not in listed))
    if format == "text":
        FORMATS["text"](findings, sys.stdout, len(ws.files), colour_wanted())
    else:
        FORMATS[format](findings, sys.stdout)
    raise typer.Exit(exit_code(findings, strict))


def _fix(workspace: Path | None, dry_run: bool, out: TextIO) -> None:
    """Mend what --fix mends, saying what: the plans read and written under the workspace's
    write lock (a dry run reads them without it)."""
    with writing_workspace(workspace, lock=not dry_run, say=False) as ws:
        _fix_in(ws, dry_run, out)


def _fix_in(ws: Workspace, dry_run: bool, out: TextIO) -> None:
    from pmplan.changes.edit.fix import plan_fixes, write_fixes
    from pmplan.changes.edit.update import unified_diff

    files = plan_fixes(ws)
    count = sum(len(f.fixes) for f in files)
    if dry_run:
        for fixed in files:
            sys.stdout.write(unified_diff(fixed.rel, fixed.old, fixed.new))
        fixes = f"{count} fix{'es' if count != 1 else ''}"
        typer.echo(
            f"{fixes} in {len(files)} file{'s' if len(files) != 1 else ''} would be made: run 'pmplan lint --fix' "
            "to make them."
            if files
            else "Nothing to fix.",
            err=True,
        )
        return
    if not files:
        return
    write_fixes(files)
    for fixed in files:
        for one in fixed.fixes:
            out.write(f"Fixed {fixed.rel}:{one.line}:{one.column}: {one.said}\n")
    out.write(
        f"Fixed {count} problem{'s' if count != 1 else ''} in {len(files)} file{'s' if len(files) != 1 else ''}.\n\n"
    )


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
