"""Setting up: ``pmplan init``, ``schema`` and ``rules``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pmplan.cli.common import fail, write_output


def init(
    directory: Annotated[Path, typer.Argument(help="Folder for the new workspace.", metavar="DIR")] = Path(
        "."
    ),
    organisation: Annotated[
        str, typer.Option("--organisation", help="The council's name.", metavar="NAME")
    ] = "Example District Council",
) -> None:
    """Create a new workspace, with a small worked example.

    The example lints clean; init never writes over existing files.

    Example:

      pmplan init my-council --organisation "Calderbrook District Council"
    """
    from pmplan.workspace.scaffold import ScaffoldError, create

    try:
        written = create(directory, organisation)
    except ScaffoldError as exc:
        fail(str(exc))
    typer.echo(f"Created a pmplan workspace in {directory} ({len(written)} files):")
    for path in written:
        typer.echo(f"  {path}")
    typer.echo(f"Next: cd {directory} && pmplan lint")


def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file (default: stdout).", show_default=False, metavar="FILE"
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of the plan files, for editors.

    VS Code's YAML extension, for one, checks plan files as they are typed against it.

    Example:

      pmplan schema -o pmplan.workspace.schema.json
    """
    from pmplan.workspace.schema import plan_schema_json

    text = plan_schema_json()
    if output is None:
        typer.echo(text, nl=False)
        return
    write_output(output, text.encode("utf-8"))
    typer.echo(f"Wrote {output}", err=True)


def rules(
    markdown: Annotated[bool, typer.Option("--markdown", help="Print docs/rules.md.")] = False,
) -> None:
    """List the lint rules with their default severity.

    Example:

      pmplan rules
    """
    from pmplan.lint.docs import rules_markdown
    from pmplan.lint.rules import RULES

    if markdown:
        typer.echo(rules_markdown(), nl=False)
        return
    for rule in RULES.values():
        typer.echo(f"{rule.name:28} {rule.severity.value:8} {rule.summary}")
