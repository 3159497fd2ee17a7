"""What a rule is and what it reports."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from pmplan.findings import Severity
from pmplan.workspace.index import Place, Workspace


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing a rule found; lint turns it into a Finding with the configured severity."""

    place: Place
    message: str
    ref: str | None = None


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule may know besides the workspace: rules never read the clock or the disk."""

    as_of: date
    date_moves: Mapping[str, int] = field(default_factory=dict)
    """Action reference -> how often its due date moved later in the git history (read by the
    caller; empty outside git or when not read)."""
    evidence_files: frozenset[str] | None = None
    """The files named as evidence that exist in the workspace (None: not looked for)."""


Check = Callable[[Workspace, Context], Iterator[Problem]]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    severity: Severity
    check: Check

    @property
    def doc(self) -> str:
        return (self.check.__doc__ or "").strip()

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else self.name
