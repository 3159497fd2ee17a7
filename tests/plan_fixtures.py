"""Helpers for the tests: small workspaces written from dicts of text, lint and CLI runners.

Every workspace built from :data:`BASE` lints clean as of :data:`AS_OF` until a test changes
it, so a test that adds one defect can assert the exact findings, not just "some".
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from pmplan.cli import app
from pmplan.findings import Finding
from pmplan.lint.run import LintOptions, lint
from pmplan.workspace.index import Workspace, load_workspace

AS_OF = date(2025, 11, 20)
AS_OF_TEXT = AS_OF.isoformat()
REPO = Path(__file__).resolve().parents[1]
ACCEPTANCE = REPO.parent / "shared" / "acceptance"
"""The shared acceptance workspaces: beside the repository while it is developed, never in a
clone of it. Tests that read them skip without them (see :func:`acceptance_workspace`)."""

CONFIG = "organisation: Test Council\n"

PEOPLE = """
kind: people
people:
  - id: JP
    name: Jo Price
    title: Policy & Performance Officer
  - id: HB
    name: Hal Brook
  - id: CMT
    name: Corporate Management Team
    type: group
"""

FRAMEWORK = """
kind: framework
vision: A good place to live
priorities:
  - id: P1
    title: Growth
    lead: JP
    outcomes:
      - id: P1.1
        title: Good local jobs
"""

INDICATORS = """
kind: indicators
indicators:
  - id: LPI-01
    title: Residents in work
    owner: JP
    deputy: HB
    unit: "%"
    links: [P1.1]
    values:
      2025/26 Q1: {target: 70, actual: 71}
"""

PLAN = """
kind: action-plan
id: pm
title: Performance Management Action Plan
owner: JP
links: [P1]
recommendations:
  - id: R1
    title: Link priorities
    actions:
      - id: a
        title: Align outcomes
        leads: [JP, CMT]
        timescale: Mar 26
        status: on-track
        updates:
          - date: 2025-11-01
            text: Mapping under way.
"""

BASE: dict[str, str] = {
    "pmplan.yaml": CONFIG,
    "plans/people.yaml": PEOPLE,
    "plans/framework.yaml": FRAMEWORK,
    "plans/indicators.yaml": INDICATORS,
    "plans/plan.yaml": PLAN,
}

MakeWorkspace = Callable[..., Path]


def acceptance_workspace() -> Path:
    """The shared acceptance workspace; the calling test is skipped where it is not beside
    the repository (a fresh clone)."""
    import pytest

    path = ACCEPTANCE / "workspace"
    if not path.is_dir():
        pytest.skip("../shared/acceptance is not beside the repository")
    return path


def text_of(text: str) -> str:
    """A file's text as written in a test: dedented, without the leading newline."""
    return textwrap.dedent(text).lstrip("\n")


def write_tree(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write ``files`` (relative path -> text, bytes, or None for nothing) under ``root``."""
    for name, content in files.items():
        if content is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(text_of(content).encode("utf-8"))
    return root


def at(text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the ``nth`` occurrence of ``needle`` in a file's text."""
    body = text_of(text)
    index = -1
    for _ in range(nth):
        index = body.index(needle, index + 1)
    line = body.count("\n", 0, index) + 1
    column = index - (body.rfind("\n", 0, index) + 1) + 1
    return line, column


def load(root: Path) -> Workspace:
    return load_workspace(root)


def lint_ws(
    root: Path,
    as_of: date = AS_OF,
    select: set[str] | None = None,
    ignore: frozenset[str] = frozenset(),
    paths: tuple[str, ...] = (),
) -> list[Finding]:
    ws = load_workspace(root)
    return lint(ws, LintOptions(as_of, frozenset(select) if select else None, frozenset(ignore), paths))


def brief(findings: list[Finding]) -> list[tuple[str, int, int, str, str, str | None]]:
    """(file, line, column, rule, severity, ref) of each finding."""
    return [(f.file, f.line, f.column, f.rule, f.severity.value, f.ref) for f in findings]


def of_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    """Run the CLI in-process; stdout and stderr kept apart."""
    return CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)


def lint_json(root: Path, *args: str) -> tuple[int, list[dict[str, Any]]]:
    """Exit code and findings of ``pmplan lint --format json`` on a workspace."""
    result = invoke("lint", "--format", "json", "--as-of", AS_OF_TEXT, "--workspace", str(root), *args)
    return result.exit_code, json.loads(result.stdout)


def actions_json(root: Path, *args: str) -> dict[str, dict[str, Any]]:
    """``pmplan list actions --format json``, by ref."""
    result = invoke(
        "list", "actions", "--format", "json", "--as-of", AS_OF_TEXT, "--workspace", str(root), *args
    )
    assert result.exit_code == 0, result.stderr
    return {row["ref"]: row for row in json.loads(result.stdout)}
