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
    blank: Annotated[
        bool,
        typer.Option("--blank", help="No worked example: each kind of file empty, with a commented example."),
    ] = False,
) -> None:
    """Create a new workspace, with a small worked example.

    The example lints clean; --blank writes each kind of file empty instead, for a council
    starting on its own plans. init never writes over existing files.

    Examples:

      pmplan init my-council --organisation "Calderbrook District Council"

      pmplan init --blank
    """
    import shlex

    from pmplan.workspace.scaffold import ScaffoldError, create

    try:
        written = create(directory, organisation, blank=blank)
    except ScaffoldError as exc:
        fail(str(exc))
    typer.echo(f"Created a pmplan workspace in {directory} ({len(written)} files):")
    for path in written:
        typer.echo(f"  {path}")
    go = "" if directory.resolve() == Path.cwd().resolve() else f"cd {shlex.quote(str(directory))}\n  "
    in_git = any((folder / ".git").exists() for folder in (directory.resolve(), *directory.resolve().parents))
    keep = "" if in_git else 'git init && git add . && git commit -m "Our plans in pmplan"\n  '
    typer.echo(f"Next:\n  {go}{keep}pmplan lint")
    if not in_git:
        typer.echo("Keeping the plans in git gives 'pmplan diff' and 'pmplan history' their story.")


def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file (default: stdout).", show_default=False, metavar="FILE"
        ),
    ] = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="The format as Markdown instead (docs/format.md).")
    ] = False,
) -> None:
    """Print the JSON Schema of the plan files, for editors.

    It covers every kind of plan file and pmplan.yaml. VS Code's YAML extension, for one,
    checks the files as they are typed against it. --markdown prints the same format as
    a reference to read (docs/format.md).

    Examples:

      pmplan schema -o pmplan.workspace.schema.json

      pmplan schema --markdown > format.md
    """
    from pmplan.workspace.schema import plan_schema_json

    if markdown:
        from pmplan.workspace.reference import format_markdown

        text = format_markdown()
    else:
        text = plan_schema_json()
    if output is None:
        typer.echo(text, nl=False)
        return
    write_output(output, text.encode("utf-8"))
    typer.echo(f"Wrote {output}", err=True)


def rules(
    rule: Annotated[
        str | None,
        typer.Argument(help="One rule, to print in full: what, why, an example and its fix.", metavar="RULE"),
    ] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print docs/rules.md.")] = False,
) -> None:
    """List the lint rules, or print one in full.

    Each rule with its default severity and what it finds; with RULE, that rule's whole
    page: what it finds, why that matters, an example and its fix.

    Examples:

      pmplan rules

      pmplan rules stale-update
    """
    from pmplan.lint.docs import rule_text, rules_markdown
    from pmplan.lint.rules import RULES
    from pmplan.lint.run import UnknownRule, check_rule_names

    if rule is not None:
        try:
            check_rule_names([rule], "pmplan rules")
        except UnknownRule as exc:
            fail(str(exc))
        typer.echo(rule_text(rule), nl=False)
        return
    if markdown:
        typer.echo(rules_markdown(), nl=False)
        return
    for one in RULES.values():
        typer.echo(f"{one.name:28} {one.severity.value:8} {one.summary}")
