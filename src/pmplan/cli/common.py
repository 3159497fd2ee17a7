"""What every command shares: exit codes, failing with a message, the common options,
reading --as-of, opening the workspace, the console, writing an output file.

Only typer and the standard library are imported here, so that ``pmplan --help`` starts fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from pmplan.characters import visible

if TYPE_CHECKING:
    from rich.console import Console

    from pmplan.workspace.index import Workspace


class Exit(IntEnum):
    """Exit codes, in one place."""

    OK = 0
    FINDINGS = 1
    """lint found errors (or warnings, with --strict); diff --check found a problem."""
    CANNOT = 2
    """The command could not do its job: bad flags, no workspace, unreadable input or output."""


WorkspaceOpt = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        metavar="DIR",
        help="Workspace folder (default: nearest pmplan.yaml upwards).",
        show_default=False,
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", metavar="YYYY-MM-DD", help="The date that counts as today.", show_default=False),
]


def fail(message: str) -> NoReturn:
    """Say what went wrong on stderr and exit 2 (control characters quoted from the plans are
    shown as escapes, never sent to the terminal)."""
    typer.echo(visible(f"pmplan: {message}"), err=True)
    raise typer.Exit(Exit.CANNOT)


def parse_as_of(value: str | None) -> date:
    if value is None:
        return date.today()
    return parse_date(value, "--as-of")


def parse_date(value: str, flag: str) -> date:
    """A date given on the command line, in the years pmplan reads; else a message and exit 2."""
    from pmplan.dates.periods import year_problem

    try:
        day = date.fromisoformat(value)
    except ValueError:
        fail(f"{flag} '{value}' is not a date: write it as YYYY-MM-DD (e.g. 2026-03-31)")
    if problem := year_problem(day.year):
        fail(f"{flag} '{value}': {problem}")
    return day


AllowInvalidOpt = Annotated[
    bool,
    typer.Option(
        "--allow-invalid",
        help="Go on when a plan file (or an item in one) does not load, leaving it out; "
        "a report says on its front page what was left out.",
    ),
]


def open_workspace(
    workspace: Path | None, *, allow_invalid: bool | None = None, say: bool = True
) -> Workspace:
    """The loaded workspace. Each plan file that did not load in full is named on stderr with
    its first error (unless ``say`` is False: lint reports them itself). With ``allow_invalid``
    False (the commands whose output would silently lack something: report, export, list,
    show, thread, calendar) that stops the command with exit 2; True or None go on."""
    from pmplan.workspace.config import WorkspaceError
    from pmplan.workspace.index import load_workspace

    try:
        ws = load_workspace(workspace, freeze=True)
    except WorkspaceError as exc:
        fail(str(exc))
    if say:
        say_what_did_not_load(ws, stop=allow_invalid is False)
    return ws


def say_what_did_not_load(ws: Workspace, stop: bool = False, files: frozenset[str] | None = None) -> None:
    """Name each plan file that did not load in full (all, or those in ``files``) on stderr;
    with ``stop``, exit 2 when there is any."""
    missing = [m for m in ws.missing() if files is None or m.file in files]
    for item in missing:
        typer.echo(visible(f"pmplan: {item.sentence()}"), err=True)
    if stop and missing:
        files_ = f"{len(missing)} plan file{'s' if len(missing) != 1 else ''}"
        fail(
            f"{files_} did not load in full (above), so the answer would leave things out: fix "
            "them ('pmplan lint' lists every problem), or add --allow-invalid to go on without them"
        )


@contextmanager
def writing_workspace(workspace: Path | None, *, lock: bool = True, say: bool = True) -> Iterator[Workspace]:
    """The workspace, read while this command holds its write lock (with ``lock`` False, for
    a dry run, read without it): a writer reads the plans only once no other writer is busy,
    so that nobody's change is lost. Exit 2 when the lock cannot be had in a few seconds.
    ``say`` as for :func:`open_workspace`."""
    from pmplan.workspace.config import WorkspaceError, resolve_root
    from pmplan.workspace.lock import workspace_lock

    if not lock:
        yield open_workspace(workspace, say=say)
        return
    try:
        root = resolve_root(workspace)
    except WorkspaceError as exc:
        fail(str(exc))
    with workspace_lock(root):
        yield open_workspace(root, say=say)


def colour_wanted(stream: object = None) -> bool:
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


def console() -> Console:
    from rich.console import Console

    colour = colour_wanted()
    return Console(
        no_color=not colour,
        force_terminal=colour,
        highlight=False,
        emoji=False,
        # On a terminal (or with COLUMNS set) its width; piped, a fixed 120 for stable output.
        width=None if colour or "COLUMNS" in os.environ else 120,
    )


def split_list(values: list[str] | None) -> frozenset[str]:
    return frozenset(v.strip() for value in values or [] for v in value.split(",") if v.strip())


def check_format(format: str, formats: tuple[str, ...], flag: str = "--format") -> None:
    """Refuse a format the command does not write, naming those it does."""
    if format not in formats:
        fail(f"{flag} '{format}' is not one of: {', '.join(formats)}")


def write_output(path: Path, data: bytes) -> None:
    """Write an output file atomically; a failure is a message and exit 2."""
    from pmplan.files import atomic_write

    try:
        atomic_write(path, data)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")


def check_person(ws: Workspace, person: str | None, flag: str = "--lead") -> None:
    """Refuse a person id that names nobody (in the people file, or as anyone's lead)."""
    if person is None or person in ws.people or any(person in a.leads for a in ws.action_list):
        return
    fail(f"{flag} {person}: nobody has that id in the people file{ws.person_hint(person)}")


def check_plan(ws: Workspace, plan: str | None) -> None:
    """Refuse a --plan that names no plan of the workspace."""
    if plan is not None and plan not in ws.plans:
        fail(f"--plan {plan}: no such plan; plans are {', '.join(sorted(ws.plans)) or 'none'}")
