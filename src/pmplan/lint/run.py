"""Running the rules over a workspace: selection, severity, suppression, sorting."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pmplan.errors import UsageError
from pmplan.findings import Finding, Severity
from pmplan.lint.rules import RULES, Context
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
    context = Context(as_of=options.as_of)
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


def _shown(file: str, paths: tuple[str, ...]) -> bool:
    return any(file == p or file.startswith(p.rstrip("/") + "/") for p in paths)


def exit_code(findings: list[Finding], strict: bool = False) -> int:
    """0 clean; 1 when there are errors (or warnings, with ``strict``)."""
    worst = {f.severity for f in findings}
    if Severity.ERROR in worst or (strict and Severity.WARNING in worst):
        return 1
    return 0
