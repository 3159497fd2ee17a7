"""Running the rules over a workspace: selection, severity, suppression, sorting."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
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


ALWAYS = "invalid-file"
"""The rule no selection, ignore list, severity or comment switches off: what did not load
is never silently left out."""


def check_rule_names(names: Iterable[str], where: str, hiding: bool = False) -> None:
    """Refuse names that are no rule (with a did-you-mean); with ``hiding`` (an ignore list
    or a severity), refuse invalid-file too."""
    import difflib

    for name in names:
        if hiding and name == ALWAYS:
            raise UnknownRule(
                f"{where}: {ALWAYS} cannot be switched off or made less than an error: a file (or an item) "
                "that does not load is left out of every report until it is fixed"
            )
        if name not in RULES:
            hint = difflib.get_close_matches(name, list(RULES), n=1)
            extra = f" (did you mean '{hint[0]}'?)" if hint else f"; rules are: {', '.join(RULES)}"
            raise UnknownRule(f"{where}: unknown rule '{name}'{extra}")


def lint(ws: Workspace, options: LintOptions) -> list[Finding]:
    """Every finding, sorted by file, line and column."""
    settings = ws.config.lint
    check_rule_names(settings.ignore, "pmplan.yaml lint.ignore", hiding=True)
    check_rule_names(settings.severity, "pmplan.yaml lint.severity", hiding=True)
    check_rule_names(options.ignore, "--ignore", hiding=True)
    ignored = set(settings.ignore) | set(options.ignore)
    evidence = options.evidence_files
    if evidence is None:
        evidence = existing_files(ws.root, evidence_files(ws))
    context = Context(as_of=options.as_of, date_moves=options.date_moves, evidence_files=evidence)
    suppressions = {f.rel: f.suppressions for f in ws.files if f.suppressions}
    findings = []
    unchecked: Counter[str] = Counter()
    for name, rule in RULES.items():
        wanted = options.select is None or name in options.select
        if name != ALWAYS and (name in ignored or not wanted):
            continue
        severity = Severity(settings.severity.get(name, rule.severity.value))
        for problem in rule.check(ws, context):
            place = problem.place
            if problem.unchecked is not None:
                unchecked[problem.unchecked] += 1
                continue
            if name != ALWAYS and name in suppressions.get(place.file, {}).get(place.line, ()):
                continue
            if options.paths and not _shown(place.file, options.paths):
                continue
            findings.append(
                Finding(place.file, place.line, place.column, name, severity, problem.message, problem.ref)
            )
    return sorted(_fold(set(findings), unchecked, ws), key=Finding.sort_key)


def _fold(findings: set[Finding], unchecked: Counter[str], ws: Workspace) -> list[Finding]:
    """Findings about what a file that did not load might hold are not reported: the first
    load error of that file counts them instead."""
    ordered = sorted(findings, key=Finding.sort_key)
    whole = {r.rel for r in ws.files if r.model is None}
    for file, count in unchecked.items():
        first = next((f for f in ordered if f.file == file and f.rule == ALWAYS), None)
        if first is None:
            continue
        what = "this file" if file in whole else "what was left out of this file"
        n = f"{count} reference{'s' if count != 1 else ''}"
        ordered[ordered.index(first)] = replace(
            first, message=f"{first.message} ({n} to {what} not checked until it loads)"
        )
    return ordered


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
