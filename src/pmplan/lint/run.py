"""Running the rules over a workspace: selection, severity, suppression, sorting."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pmplan.errors import UsageError
from pmplan.findings import Finding, Severity
from pmplan.lint.rules import RULES, Context
from pmplan.workspace.audit import evidence_files
from pmplan.workspace.index import Workspace


class UnknownRule(UsageError):
    """A rule name that is not in the registry."""


@dataclass(frozen=True, slots=True)
class LintOptions:
    as_of: date
    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    paths: tuple[str, ...] = ()
    """Workspace-relative files or folders whose findings are shown (all when empty)."""
    date_moves: Mapping[str, int] = field(default_factory=dict)
    """Action reference -> times its due date moved later in the git history (see
    :func:`pmplan.changes.history.timelines`); empty when the history is not read."""
    evidence_files: frozenset[str] | None = None
    """The evidence files that exist; None: looked for on disk under the workspace root."""


def check_rule_names(names: Iterable[str], where: str) -> None:
    import difflib

    for name in names:
        if name not in RULES:
            hint = difflib.get_close_matches(name, list(RULES), n=1)
            extra = f" (did you mean '{hint[0]}'?)" if hint else f"; rules are: {', '.join(RULES)}"
            raise UnknownRule(f"{where}: unknown rule '{name}'{extra}")


def lint(ws: Workspace, options: LintOptions) -> list[Finding]:
    """Every finding, sorted by file, line and column."""
    settings = ws.config.lint
    check_rule_names(settings.ignore, "pmplan.yaml lint.ignore")
    check_rule_names(settings.severity, "pmplan.yaml lint.severity")
    ignored = set(settings.ignore) | set(options.ignore)
    evidence = options.evidence_files
    if evidence is None:
        evidence = existing_files(ws.root, evidence_files(ws))
    context = Context(as_of=options.as_of, date_moves=options.date_moves, evidence_files=evidence)
    suppressions = {f.rel: f.suppressions for f in ws.files if f.suppressions}
    findings = []
    for name, rule in RULES.items():
        if name in ignored or (options.select is not None and name not in options.select):
            continue
        severity = Severity(settings.severity.get(name, rule.severity.value))
        for problem in rule.check(ws, context):
            place = problem.place
            if name in suppressions.get(place.file, {}).get(place.line, ()):
                continue
            if options.paths and not _shown(place.file, options.paths):
                continue
            findings.append(
                Finding(place.file, place.line, place.column, name, severity, problem.message, problem.ref)
            )
    return sorted(set(findings), key=Finding.sort_key)


def existing_files(root: Path, paths: Iterable[str]) -> frozenset[str]:
    """Those of ``paths`` (relative to ``root``) that are files inside ``root``: the runner
    looks at the disk so that the rules need not."""
    top = root.resolve()
    found = set()
    for path in paths:
        try:
            full = (top / path).resolve()
        except (OSError, ValueError):
            continue
        if full.is_relative_to(top) and full.is_file():
            found.add(path)
    return frozenset(found)


def _shown(file: str, paths: tuple[str, ...]) -> bool:
    return any(file == p or file.startswith(p.rstrip("/") + "/") for p in paths)


def exit_code(findings: list[Finding], strict: bool = False) -> int:
    """0 clean; 1 when there are errors (or warnings, with ``strict``)."""
    worst = {f.severity for f in findings}
    if Severity.ERROR in worst or (strict and Severity.WARNING in worst):
        return 1
    return 0
