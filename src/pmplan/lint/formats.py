"""Lint output formats: text for people, JSON for scripts, GitHub annotations for CI."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from itertools import groupby
from typing import TextIO

from pmplan.characters import json_safe, visible
from pmplan.findings import Finding, Severity
from pmplan.outputs import LINT

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def to_json(findings: list[Finding], out: TextIO) -> None:
    out.write(
        json_safe(json.dumps([f.to_json() for f in findings], indent=2, ensure_ascii=False, allow_nan=False))
    )
    out.write("\n")


def github_escape(text: str, property_value: bool = False) -> str:
    text = visible(text.replace("\r\n", "\n")).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_line(f: Finding) -> str:
    """One finding as a GitHub Actions annotation (``::error file=...,line=...::message``)."""
    level = {"error": "error", "warning": "warning", "info": "notice"}[f.severity.value]
    return (
        f"::{level} file={github_escape(f.file, True)},line={f.line},col={f.column},"
        f"title={github_escape(f.rule, True)}::{github_escape(f.message)}"
    )


def to_github(findings: list[Finding], out: TextIO) -> None:
    for f in findings:
        out.write(github_line(f) + "\n")


def summary_line(findings: list[Finding], files_checked: int) -> str:
    counts = Counter(f.severity for f in findings)
    if not findings:
        return f"No problems found in {files_checked} files."
    parts = [f"{counts[s]} {s.value}{'s' if counts[s] != 1 else ''}" for s in Severity if counts[s]]
    return f"{', '.join(parts)} in {len({f.file for f in findings})} of {files_checked} files."


def to_text(findings: list[Finding], out: TextIO, files_checked: int, colour: bool) -> None:
    """Grouped by file; each finding as file:line:col, severity, rule and message."""
    from rich.console import Console
    from rich.markup import escape

    console = Console(
        file=out, no_color=not colour, highlight=False, soft_wrap=True, force_terminal=colour, emoji=False
    )
    for file, group in groupby(findings, key=lambda f: f.file):
        console.print(f"[bold underline]{escape(visible(file))}[/]")
        for f in group:
            style = _STYLE[f.severity]
            console.print(
                f"  {escape(visible(f.file))}:{f.line}:{f.column}: [{style}]{f.severity.value}[/] "
                f"[dim]\\[{f.rule}][/] {escape(visible(f.message))}"
            )
        console.print()
    console.print(summary_line(findings, files_checked))


FORMATS: dict[str, Callable[..., None]] = dict(zip(LINT, (to_text, to_json, to_github), strict=True))
