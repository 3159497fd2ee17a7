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


def open_workspace(workspace: Path | None) -> Workspace:
    from pmplan.workspace.config import WorkspaceError
    from pmplan.workspace.index import load_workspace

    try:
        return load_workspace(workspace, freeze=True)
    except WorkspaceError as exc:
        fail(str(exc))


@contextmanager
def writing_workspace(workspace: Path | None, *, lock: bool = True) -> Iterator[Workspace]:
    """The workspace, read while this command holds its write lock (with ``lock`` False, for
    a dry run, read without it): a writer reads the plans only once no other writer is busy,
    so that nobody's change is lost. Exit 2 when the lock cannot be had in a few seconds."""
    from pmplan.workspace.config import WorkspaceError, resolve_root
    from pmplan.workspace.lock import workspace_lock

    if not lock:
        yield open_workspace(workspace)
        return
    try:
        root = resolve_root(workspace)
    except WorkspaceError as exc:
        fail(str(exc))
    with workspace_lock(root):
        yield open_workspace(root)


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
        width=None if colour else 120,
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


def check_plan(ws: Workspace, plan: str | None) -> None:
    """Refuse a --plan that names no plan of the workspace."""
    if plan is not None and plan not in ws.plans:
        fail(f"--plan {plan}: no such plan; plans are {', '.join(sorted(ws.plans)) or 'none'}")
