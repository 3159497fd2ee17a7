"""The plans through git: ``pmplan diff``, ``history`` and ``update``.

Only typer and the standard library are imported at start-up; each command imports what it
needs when it runs.
"""

from __future__ import annotations

import math
import sys
from datetime import date as Date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pmplan import outputs
from pmplan.characters import json_safe, visible
from pmplan.cli.common import (
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

if TYPE_CHECKING:
    from pmplan.changes.edit.update import Outcome


def diff(
    base: Annotated[
        str | None,
        typer.Argument(
            help="Revision to compare from (default HEAD); A..B and A...B work too.",
            show_default=False,
            metavar="BASE",
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Argument(
            help="Revision to compare to (default: the working tree).", show_default=False, metavar="HEAD"
        ),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help=f"{choices(outputs.DIFF)}.", metavar="FORMAT")
    ] = "text",
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Review gate: exit 1 when an action slipped or re-opened without an update added, "
            "or an indicator's target changed without a note.",
        ),
    ] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """What changed in the plans between two git revisions.

    By item rather than by line.

    Items are matched by reference, so moving an action to another file, or splitting a file, is no change. A due date that moves later is 'slipped', with the days. Default: HEAD against the working tree.

    --check is the review gate: exit 1 when an action slipped, or a closed action re-opened, without an update added in the same change, or an indicator's target changed without a note.

    Examples:

      pmplan diff

      pmplan diff HEAD~1

      pmplan diff origin/main HEAD --format md > comment.md

      pmplan diff origin/main...HEAD --check

      pmplan diff v2025-q2 v2025-q3 --format json
    """
    from dataclasses import replace

    from pmplan.changes.diff import check as review
    from pmplan.changes.formats import FORMATS
    from pmplan.changes.git import GitError, diff_revisions
    from pmplan.workspace.config import WorkspaceError, resolve_root

    check_format(format, outputs.DIFF)
    try:
        result = diff_revisions(resolve_root(workspace), base, head)
    except (GitError, WorkspaceError) as exc:
        fail(str(exc))
    for side, problem in result.unreadable:
        label = result.base if side == "base" else result.head_label
        typer.echo(
            visible(f"pmplan: warning: at {label}, {problem.message}: left out of the comparison"), err=True
        )
    if check:
        problems = review(result.changes) + [p for side, p in result.unreadable if side == "head"]
        result = replace(result, problems=problems)
    text = FORMATS[format](result)
    sys.stdout.write(json_safe(text) if format == "json" else visible(text))
    if check and result.problems:
        if format in {"json", "md"}:
            for problem in result.problems:
                typer.echo(
                    visible(f"pmplan diff --check: {problem.file}:{problem.line}: {problem.message}"),
                    err=True,
                )
        raise typer.Exit(Exit.FINDINGS)


def history(
    ref: Annotated[
        str,
        typer.Argument(
            help="An action (pm-audit:R1.a, or R1.a if unique), recommendation, indicator, person...",
            metavar="REF",
        ),
    ],
    format: Annotated[
        str, typer.Option("--format", "-f", help=f"{choices(outputs.HISTORY)}.", metavar="FORMAT")
    ] = "text",
    workspace: WorkspaceOpt = None,
) -> None:
    """One item's story through the git history.

    Each commit that changed it, and how far its due date moved.

    For each commit: its date, author and what changed (status, timescale, due date, leads, updates); then how often the due date moved, by how many days in all, and what was first agreed. Items are followed across renamed and split files and renamed plans; a commit in which the item's file did not load is passed over (the item is compared as it was before with as it was after), never shown as its removal.

    Examples:

      pmplan history pm-audit:R3.b

      pmplan history R3.b --format json

      pmplan history LPI-07
    """
    from pmplan.changes.git import GitError
    from pmplan.changes.history import HistoryError, history_json, history_text, read_history
    from pmplan.workspace.config import WorkspaceError

    check_format(format, outputs.HISTORY)
    ws = open_workspace(workspace)
    try:
        story = read_history(ws.root, ref, ws)
    except (GitError, WorkspaceError, HistoryError) as exc:
        fail(str(exc))
    sys.stdout.write(json_safe(history_json(story)) if format == "json" else visible(history_text(story)))


def update(
    ref: Annotated[
        str,
        typer.Argument(
            help="The action (pm-audit:R1.a, or R1.a if only one plan has it), or an indicator (LPI-07).",
            metavar="REF",
        ),
    ],
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="New status: not-started, on-track, at-risk, delayed, complete, "
            "no-further-action or cancelled.",
            show_default=False,
            metavar="STATUS",
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note",
            help="An action: add a progress update with this text. An indicator: the period's note.",
            show_default=False,
            metavar="TEXT",
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="Date of the update (default: --as-of, or today).",
            show_default=False,
        ),
    ] = None,
    timescale: Annotated[
        str | None,
        typer.Option(
            "--timescale", help="New timescale, as words: 'Jun 26'.", show_default=False, metavar="WORDS"
        ),
    ] = None,
    lead: Annotated[
        list[str] | None,
        typer.Option(
            "--lead",
            help="Lead (repeat for several); replaces the action's leads.",
            show_default=False,
            metavar="ID",
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="An indicator's period: '2026/27 Q3', '2026/27' or '2026-10'.",
            show_default=False,
            metavar="PERIOD",
        ),
    ] = None,
    actual: Annotated[
        str | None,
        typer.Option(
            "--actual", help="The indicator's actual for the period.", show_default=False, metavar="NUMBER"
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            "--target", help="The indicator's target for the period.", show_default=False, metavar="NUMBER"
        ),
    ] = None,
    rag: Annotated[
        str | None,
        typer.Option(
            "--rag",
            help="A qualitative indicator's rating: red, amber or green.",
            show_default=False,
            metavar="RAG",
        ),
    ] = None,
    corrective_action: Annotated[
        str | None,
        typer.Option(
            "--corrective-action",
            help="What is being done to bring the indicator back on target.",
            show_default=False,
            metavar="TEXT",
        ),
    ] = None,
    evidence: Annotated[
        str | None,
        typer.Option(
            "--evidence",
            help="Add evidence that it is done: words, a link, or a file in the repository.",
            show_default=False,
            metavar="TEXT",
        ),
    ] = None,
    verify: Annotated[
        bool, typer.Option("--verify", help="Record that the evidence was checked (with --by).")
    ] = False,
    by: Annotated[
        str | None,
        typer.Option(
            "--by", help="With --verify: who verified it (a person id).", show_default=False, metavar="ID"
        ),
    ] = None,
    extend: Annotated[
        str | None,
        typer.Option(
            "--extend",
            help="An extension of the timescale to these words ('Mar 27'): asked for, or with "
            "--approved-by/--refused-by decided.",
            show_default=False,
            metavar="WORDS",
        ),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason", help="With --extend: why the date cannot be met.", show_default=False, metavar="TEXT"
        ),
    ] = None,
    approved_by: Annotated[
        str | None,
        typer.Option(
            "--approved-by",
            help="With --extend: who approved it (a committee or officer); moves the timescale.",
            show_default=False,
            metavar="NAME",
        ),
    ] = None,
    refused_by: Annotated[
        str | None,
        typer.Option(
            "--refused-by", help="With --extend: who refused it.", show_default=False, metavar="NAME"
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the change to the file; write nothing.")
    ] = False,
    workspace: WorkspaceOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Update an action or an indicator's value, in place.

    An action: its status, a progress note, its timescale, its leads, evidence, a verification or an extension. An indicator: its actual, target, note or corrective action for a period.

    Only the values changed are rewritten: comments, key order, quoting, line endings and every other line stay exactly as they were. An edit that would make the file invalid is refused (exit 2, file untouched), and the file is written atomically, by one pmplan command at a time.

    Examples:

      pmplan update pm-audit:R3.b --status at-risk --note "Trainer withdrew; new date agreed"

      pmplan update R3.b --timescale "Jun 26" --note "Moved to June: the venue is not free in March"

      pmplan update pm-audit:R1.a --status complete --note "Template issued" --date 2025-10-22

      pmplan update pm-audit:R2.b --lead HB --lead CMT

      pmplan update LPI-07 --period "2026/27 Q3" --actual 47.2 --note "Garden waste down after the charge rose"

      pmplan update LPI-07 --period "2027/28 Q1" --target 50

      pmplan update ia-tracker:CYB1.a --evidence evidence/dr-test.pdf --verify --by BT

      pmplan update PRO1.a --extend "Mar 27" --reason "Housing contracts still to load" --approved-by "Audit and Governance Committee" --date 2026-12-15
    """
    from pmplan.changes.edit.update import Edits, apply_update

    today = parse_as_of(as_of)
    value_flags = {"--period": period, "--actual": actual, "--target": target, "--rag": rag,
                   "--corrective-action": corrective_action}  # fmt: skip
    if any(v is not None for v in value_flags.values()):
        action_flags = {"--status": status, "--date": date, "--timescale": timescale, "--lead": lead,
                        "--evidence": evidence, "--verify": verify, "--extend": extend}  # fmt: skip
        given = [flag for flag, v in action_flags.items() if v]
        if given:
            verb = "apply" if len(given) > 1 else "applies"
            fail(f"{', '.join(given)} {verb} to actions, not to an indicator's value for a period")
        _update_value(ref, value_flags, note, workspace, today, dry_run)
        return
    when = today
    if date is not None:
        if note is None and not verify and extend is None:
            fail("--date dates the update given with --note (or --verify, --extend): give --note too")
        when = parse_date(date, "--date")
    audit = _audit_edits(evidence, verify, by, extend, reason, approved_by, refused_by, timescale, when)
    if status is None and note is None and timescale is None and not lead and audit == {}:
        fail(
            "nothing to change: give --status, --note, --timescale, --lead, --evidence, --verify or --extend "
            "(an indicator: --period with --actual, --target or --note)"
        )
    edits = Edits(
        status=status, note=note, date=when, timescale=timescale, leads=tuple(lead) if lead else None, **audit
    )
    with writing_workspace(workspace, lock=not dry_run) as ws:
        if ref in ws.indicators:
            fail(f"{ref} is an indicator: give the --period to update, with --actual, --target or --note")
        outcome = apply_update(ws, ref, edits, today=today, write=not dry_run)
    _say(outcome, dry_run)


def _update_value(
    ref: str,
    flags: dict[str, str | None],
    note: str | None,
    workspace: Path | None,
    today: Date,
    dry_run: bool,
) -> None:
    from pmplan.changes.edit.indicator import ValueEdits, apply_value_update, number_text
    from pmplan.dates.periods import PeriodError

    if flags["--period"] is None:
        fail(
            "--actual, --target, --rag and --corrective-action need the --period they are for (e.g. --period '2026/27 Q3')"
        )
    numbers: dict[str, str | None] = {}
    for flag in ("--actual", "--target"):
        text = flags[flag]
        numbers[flag] = None
        if text is not None:
            try:
                number = float(text.replace(",", ""))
            except ValueError:
                number = math.nan
            if not math.isfinite(number):
                fail(f"{flag} '{text}' is not a number")
            numbers[flag] = number_text(number)
    if all(v is None for k, v in flags.items() if k != "--period") and note is None:
        fail("nothing to change: give --actual, --target, --note, --rag or --corrective-action")
    with writing_workspace(workspace, lock=not dry_run) as ws:
        try:
            period = ws.config.financial_year.parse(flags["--period"])
        except PeriodError as exc:
            fail(f"--period: {exc}")
        edits = ValueEdits(
            period,
            target=numbers["--target"],
            actual=numbers["--actual"],
            rag=flags["--rag"].lower() if flags["--rag"] else None,
            note=note,
            corrective_action=flags["--corrective-action"],
        )
        outcome = apply_value_update(ws, ref, edits, today=today, write=not dry_run)
    _say(outcome, dry_run)


def _say(outcome: Outcome, dry_run: bool) -> None:
    if dry_run:
        sys.stdout.write(visible(outcome.diff or "No change.\n"))
        return
    for warning in outcome.warnings:
        typer.echo(visible(f"pmplan: warning: {warning}"), err=True)
    typer.echo(visible(outcome.summary))


def _audit_edits(
    evidence: str | None,
    verify: bool,
    by: str | None,
    extend: str | None,
    reason: str | None,
    approved_by: str | None,
    refused_by: str | None,
    timescale: str | None,
    when: Date,
) -> dict[str, Any]:
    """The audit flags as edits (``evidence``, ``verify``, ``extend``), or exit 2 for flags
    that do not go together."""
    from pmplan.changes.edit.audit import Extend, Verify

    found: dict[str, Any] = {}
    if evidence is not None:
        found["evidence"] = evidence
    if verify:
        if not by:
            fail("--verify needs --by: who checked the evidence (a person id)")
        found["verify"] = Verify(by, when)
    elif by is not None:
        fail("--by goes with --verify: who verified it")
    if extend is None:
        for flag, value in (
            ("--reason", reason),
            ("--approved-by", approved_by),
            ("--refused-by", refused_by),
        ):
            if value is not None:
                fail(f"{flag} goes with --extend")
        return found
    if approved_by and refused_by:
        fail("an extension is approved or refused, not both: give --approved-by or --refused-by")
    if timescale is not None:
        fail("--extend sets the timescale once approved: leave out --timescale")
    found["extend"] = Extend(extend, when, reason, approved_by or None, refused_by or None)
    return found


def add_action(
    where: Annotated[
        str,
        typer.Argument(
            metavar="PLAN[:GROUP]",
            help="The plan, and the recommendation or theme the action belongs to: pm-audit:R3.",
        ),
    ],
    title: Annotated[
        str, typer.Option("--title", help="What the action is.", show_default=False, metavar="TEXT")
    ],
    lead: Annotated[
        list[str] | None,
        typer.Option(
            "--lead", help="Lead (repeat for several): a person's id.", show_default=False, metavar="ID"
        ),
    ] = None,
    timescale: Annotated[
        str | None,
        typer.Option(
            "--timescale", help="When it is due, as words: 'Jun 27'.", show_default=False, metavar="WORDS"
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the change to the file; write nothing.")
    ] = False,
    workspace: WorkspaceOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Add an action to a recommendation or theme, with the next free id.

    The action goes at the end of its recommendation or theme, written like the actions around it (indentation, quoting, leads as a list); comments and every other line of the file stay as they were. Give GROUP unless the plan has only one recommendation or theme.

    Examples:

      pmplan add action pm-audit:R3 --title "Train the PI owners in the new definitions" --lead JP --timescale "Jun 27"

      pmplan add action pm-strategy:2 --title "Publish the dashboard" --lead AR --lead PS --timescale "Q2 2027/28"
    """
    from pmplan.changes.edit.add import apply_add_action

    today = parse_as_of(as_of)
    with writing_workspace(workspace, lock=not dry_run) as ws:
        outcome = apply_add_action(
            ws, where, title, tuple(lead or ()), timescale, today=today, write=not dry_run
        )
    _say(outcome, dry_run)
