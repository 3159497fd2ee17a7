"""``docs/cli.md``: every command, written from the command line itself.

``python -m pmplan.cli.reference > docs/cli.md`` (``make docs``). Each command's section is
its ``--help``, as ``pmplan COMMAND --help`` prints it in an 80-column terminal, so the page
can never say something the command does not do; a test keeps it up to date.
"""

from __future__ import annotations

from typer.testing import CliRunner

from pmplan.cli import COMMANDS, GROUP_HELP, app

_HEAD = """\
# Command reference

Every pmplan command with its options, as `pmplan COMMAND --help` prints them. This page is
generated from the command line by `make docs`; do not edit it by hand.

Every command that reads the plans takes `--workspace DIR` (`-w`; by default the nearest
folder upwards with a `pmplan.yaml`), and every command whose answer depends on the date takes
`--as-of YYYY-MM-DD`. Exit codes: `0` done, `1` lint found errors (or warnings with `--strict`)
or `diff --check` found a problem, `2` the command could not do its job (a message on stderr
says why).

A plan file, or an item in one, that does not load is named on stderr by every command, with
its first error; `report`, `export`, `list`, `show`, `thread`, `calendar` and `returns issue`
then stop with exit 2 unless given `--allow-invalid` (a report made that way says on its front page what was
left out). `pmplan lint` lists every problem.

| command | does |
| --- | --- |
"""


def _help(*args: str) -> str:
    """What ``pmplan ARGS --help`` prints in an 80-column terminal."""
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "80"}, catch_exceptions=False)
    return result.stdout.rstrip("\n")


def cli_markdown() -> str:
    """The whole of docs/cli.md."""
    rows = []
    sections = [f"## pmplan\n\n```text\n{_help()}\n```\n"]
    for name, command in COMMANDS.items():
        if isinstance(command, dict):  # a group: its own help, then each subcommand's
            summary = GROUP_HELP[name].strip().splitlines()[0]
            rows.append(f"| [`pmplan {name}`](#pmplan-{name}) | {summary} |")
            sections.append(f"## pmplan {name}\n\n{summary}\n\n```text\n{_help(name)}\n```\n")
            for sub, function in command.items():
                line = (function.__doc__ or "").strip().splitlines()[0]
                anchor = f"pmplan-{name}-{sub}"
                rows.append(f"| [`pmplan {name} {sub}`](#{anchor}) | {line} |")
                sections.append(f"### pmplan {name} {sub}\n\n{line}\n\n```text\n{_help(name, sub)}\n```\n")
            continue
        summary = (command.__doc__ or "").strip().splitlines()[0]
        rows.append(f"| [`pmplan {name}`](#pmplan-{name}) | {summary} |")
        sections.append(f"## pmplan {name}\n\n{summary}\n\n```text\n{_help(name)}\n```\n")
    return _HEAD + "\n".join(rows) + "\n\n" + "\n".join(sections)


if __name__ == "__main__":
    import sys

    sys.stdout.write(cli_markdown())
