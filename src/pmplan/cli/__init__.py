"""The command line: parse flags, call the core, map results to output and exit codes.

Nothing outside this package prints or exits. Each command lives in the module of its group
and is registered in the table below; heavy libraries are imported inside the commands that
need them, so that ``pmplan --help`` starts fast.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from collections.abc import Callable
from typing import Annotated

import typer

from pmplan.cli import (
    browse,
    changes,
    exchange,
    lint,
    quirks,  # noqa: F401 - adjusts typer on import (see the module)
    report,
    returns,
    setup,
)
from pmplan.cli.common import Exit, fail
from pmplan.errors import PmplanError

app = typer.Typer(
    name="pmplan",
    help="Council action plans, golden thread and performance indicators, kept as YAML in git.\n\n"
    "Run it inside a workspace (a folder with pmplan.yaml), or pass --workspace DIR.",
    no_args_is_help=True,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

Command = Callable[..., None]

COMMANDS: dict[str, Command | dict[str, Command]] = {
    "init": setup.init,
    "lint": lint.lint,
    "list": browse.list_,
    "show": browse.show,
    "thread": browse.thread,
    "calendar": browse.calendar,
    "report": report.report,
    "diff": changes.diff,
    "history": changes.history,
    "update": changes.update,
    "add": {"action": changes.add_action},
    "returns": {"issue": returns.issue, "collect": returns.collect, "status": returns.status},
    "import": exchange.import_,
    "export": exchange.export,
    "schema": setup.schema,
    "rules": setup.rules,
}
"""Every command, in the order ``pmplan --help`` lists them; a group's subcommands by name."""

GROUP_HELP = {
    "add": "Add to the plans: an action, with the next free id.",
    "returns": returns.HELP,
}


def _saying_what_went_wrong(command: Callable[..., None]) -> Callable[..., None]:
    """The command, with what the core could not do (a :class:`PmplanError`) said on stderr
    with exit 2, as every command's own checks are."""

    @functools.wraps(command)
    def run(*args: object, **kwargs: object) -> None:
        try:
            command(*args, **kwargs)
        except PmplanError as exc:
            fail(str(exc))

    return run


for _name, _command in COMMANDS.items():
    if isinstance(_command, dict):
        _group = typer.Typer(
            name=_name,
            help=GROUP_HELP[_name],
            no_args_is_help=True,
            context_settings={"help_option_names": ["-h", "--help"]},
            rich_markup_mode=None,
        )
        for _sub, _function in _command.items():
            _group.command(_sub)(_saying_what_went_wrong(_function))
        app.add_typer(_group)
    else:
        app.command(_name)(_saying_what_went_wrong(_command))


def version_callback(value: bool) -> None:
    if value:
        from pmplan import __version__

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


def _exit_on_signal(signum: int, frame: object) -> None:
    """SIGTERM or SIGHUP: stop as Ctrl-C stops, so that a file being written is cleaned up."""
    raise SystemExit(128 + signum)


def main() -> None:
    """Entry point: run the app; turn any unexpected error into a message, not a traceback."""
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _exit_on_signal)
    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:
        typer.echo("pmplan: interrupted", err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # the last line of defence: never a traceback for a user
        if os.environ.get("PMPLAN_DEBUG"):
            raise
        typer.echo(
            f"pmplan: internal error: {type(exc).__name__}: {exc}\n"
            "Please report this (set PMPLAN_DEBUG=1 for the details).",
            err=True,
        )
        sys.exit(Exit.CANNOT)
