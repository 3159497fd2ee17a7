"""The audit committee's tracker as plain data, laid out by every format (Markdown, HTML,
Word) and written as it is for ``--format json``. Built by :mod:`.build`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Counts:
    """How many recommendations are at each stage; ``overdue`` is part of ``open``."""

    total: int
    open: int
    overdue: int
    implemented: int
    """Complete and not (yet) verified."""
    verified: int
    withdrawn: int
    """Closed without being implemented (no further action, cancelled)."""


@dataclass(frozen=True, slots=True)
class Source:
    """Where recommendations came from: an audit or inspection report, or a plan's source."""

    id: str
    """The report's id (``reports:`` in its plan), or the plan's id where it lists none."""
    plan: str
    title: str
    by: str | None
    date: date | None
    date_text: str | None


@dataclass(frozen=True, slots=True)
class CountRow:
    """Counts for one source and priority (``priority`` None: the source's total)."""

    source: str
    """The source's id."""
    plan: str
    source_title: str
    priority: str | None
    """``high``, ``medium``, ``low``, ``none`` (not graded), or None for the source's total."""
    priority_label: str
    counts: Counts


@dataclass(frozen=True, slots=True)
class Recommendation:
    """One recommendation as the tracker shows it."""

    ref: str
    local_ref: str
    plan: str
    title: str
    source: str
    source_title: str
    priority: str
    """``high``, ``medium``, ``low`` or ``none``."""
    priority_label: str
    leads: tuple[str, ...]
    """Names, not initials."""
    leads_text: str
    stage: str
    """``open``, ``implemented``, ``verified`` or ``withdrawn``."""
    stage_label: str
    status_text: str
    """The stage in words, with "overdue" or "awaiting verification" where it is."""
    original_due: date | None
    """The implementation date first agreed."""
    original_text: str
    due: date | None
    """The implementation date now (the latest due date of its actions)."""
    due_text: str
    revised: bool
    """The date now differs from the one first agreed."""
    moves: int
    """How often a date under it has moved later (git history, or its approved extensions)."""
    overdue: bool
    days_overdue: int | None
    implemented_on: date | None
    implemented_text: str
    on_time: bool | None
    """Implemented by the date first agreed (None while not implemented, or not known)."""
    evidence: tuple[str, ...]
    verified_text: str | None
    """``Bernadette Thorpe, 19 November 2026``."""
    needs_verification: bool
    """Its plan closes work only once verified."""
    latest_update: str | None
    """The newest progress update, dated, from the recommendation or its actions."""


@dataclass(frozen=True, slots=True)
class ExtensionRow:
    """A request to move an action's date: what was asked, and what became of it."""

    ref: str
    """The action's full reference."""
    recommendation: str
    """Its recommendation's full reference."""
    title: str
    priority: str
    priority_label: str
    asked: date
    asked_text: str
    asked_by: str | None
    timescale: str
    """The timescale asked for."""
    new_due_text: str
    current_text: str
    """The date it replaces: the timescale in force when asked."""
    reason: str
    decision: str
    """``approved``, ``refused`` or ``pending``."""
    decision_text: str
    """``For decision``, ``Approved by the Director of Resources, 13 October 2026``."""
    moves_before: int
    """How often the action's date had already moved when this was asked."""
    over_limit: bool
    """Granting it moves the date more often than the workspace allows."""


@dataclass(frozen=True, slots=True)
class RateRow:
    """Recommendations whose date first agreed fell in a quarter, and how many were
    implemented by it."""

    quarter: str
    """``2025/26 Q3``."""
    due: int
    on_time: int
    late: int
    """Implemented, after the date first agreed."""
    open: int
    """Not implemented yet."""
    rate: float | None
    """``on_time / due`` (None when nothing was due)."""
    rate_text: str


@dataclass(frozen=True, slots=True)
class AuditView:
    organisation: str
    title: str
    committee: str | None
    as_of: date
    as_of_text: str
    since: date
    since_text: str
    since_how: str
    """How ``since`` was chosen: ``--since``, the committee's last meeting, or a default."""
    next_meeting: date | None
    next_meeting_text: str | None
    filters: tuple[str, ...]
    """The filters applied, in words (``priority: high``)."""
    summary: tuple[str, ...]
    """The key messages, written from the figures."""
    history: str
    """Where original dates, moves and completion dates come from, in words."""
    from_git: bool
    max_date_moves: int
    limit_text: str
    """``Each date may be moved twice before it comes back to the Committee.``"""
    sources: tuple[Source, ...]
    counts: tuple[CountRow, ...]
    """By source, each priority then the source's total."""
    by_priority: tuple[CountRow, ...]
    """Every source together, by priority."""
    totals: Counts
    overdue: tuple[Recommendation, ...]
    """By priority, most overdue first."""
    extensions: tuple[ExtensionRow, ...]
    """Asked for since the last meeting, oldest first."""
    implemented: tuple[Recommendation, ...]
    """Implemented since the last meeting."""
    awaiting_verification: tuple[Recommendation, ...]
    rates: tuple[RateRow, ...]
    rate_total: RateRow | None
    recommendations: tuple[Recommendation, ...]
    """Every recommendation the filters keep, by source and reference."""
