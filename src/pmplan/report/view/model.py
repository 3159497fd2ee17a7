"""The report's view model: plain data that every format lays out. Built by :mod:`.build`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pmplan.workspace.vocabulary import Status

NOT_SHOWN = {"shown": False}
"""Field metadata: kept in the view (for JSON and other tools) but not printed as it is, so
that the acronyms list does not look for words in it."""


@dataclass(frozen=True, slots=True)
class RagMark:
    """A RAG rating, always with its word: colour is never the only signal."""

    key: str
    """``red``, ``amber``, ``green`` or ``none``."""
    label: str
    """``Red``, ``Amber``, ``Green`` or ``Not rated``."""
    symbol: str
    """An emoji shown beside the word in Markdown."""


RAGS: dict[str | None, RagMark] = {
    "red": RagMark("red", "Red", "🔴"),
    "amber": RagMark("amber", "Amber", "🟠"),
    "green": RagMark("green", "Green", "🟢"),
    None: RagMark("none", "Not rated", "⚪"),
}


DIRECTION_LABELS = {"improving": "Improving", "worsening": "Worsening", "unchanged": "Unchanged"}


def action_rag(status: Status, overdue: bool) -> RagMark:
    """An action's RAG: its status's (:attr:`Status.rag`), red whatever the status when overdue."""
    return RAGS["red"] if overdue else RAGS[status.rag]


@dataclass(frozen=True, slots=True)
class Implication:
    heading: str
    text: str


@dataclass(frozen=True, slots=True)
class Contact:
    name: str | None
    title: str | None
    phone: str | None
    email: str | None


@dataclass(frozen=True, slots=True)
class Detail:
    """A line of the briefing paper's heading block: ``Wards affected: All wards``."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class Front:
    """The briefing paper that carries the progress report to a committee."""

    committee: str | None
    report_of: str | None
    date_text: str
    day: date
    """The date on the front: the meeting's that reports on the period, else the as-of date."""
    summary: str
    background: tuple[str, ...]
    key_issues: tuple[str, ...]
    options: tuple[str, ...]
    implications: tuple[Implication, ...]
    contact: Contact | None
    appendix_title: str
    details: tuple[Detail, ...] = ()
    """Agenda item, portfolio holder, wards affected, key decision, open or exempt: those set."""
    exemption: str | None = None
    """For an exempt report, the paragraph that makes it exempt."""
    recommendations: tuple[str, ...] = ()
    sections: tuple[Implication, ...] = ()
    """Further sections the council adds, in order, after the implications."""
    background_papers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StatusCount:
    status: str
    label: str
    rag: RagMark
    count: int


@dataclass(frozen=True, slots=True)
class RagCount:
    rag: RagMark
    count: int


@dataclass(frozen=True, slots=True)
class Summary:
    actions: int
    open: int
    overdue: int
    completed_in_period: int
    exceptions: int
    statuses: tuple[StatusCount, ...]
    indicators: int
    indicator_rags: tuple[RagCount, ...]


@dataclass(frozen=True, slots=True)
class UpdateRow:
    date: date
    date_text: str
    text: str
    by: str | None


@dataclass(frozen=True, slots=True)
class Slip:
    """Where an action's due date has moved from its ``baseline`` timescale."""

    baseline: str
    baseline_due: date | None
    baseline_due_text: str
    days: int | None
    """Days later than the baseline (negative: brought forward); None when unreadable."""
    text: str
    short: str = ""
    """Under the due date it qualifies: ``Originally 31 December 2025; slipped by 15 months``."""


@dataclass(frozen=True, slots=True)
class ActionRow:
    ref: str
    local_ref: str
    plan: str
    title: str
    leads: tuple[str, ...]
    """Names, not initials."""
    leads_text: str
    timescale: str | None = field(metadata=NOT_SHOWN)
    """The words as written (shown in :attr:`due_note` where they say more than the date)."""
    due: date | None
    due_text: str
    """The due date, ``Recurring``, or the timescale's words where no date could be read."""
    due_note: str | None
    """The timescale as written, where it says more than :attr:`due_text` (a start, a note,
    a cross-reference, a recurrence after the date)."""
    recurring: bool
    status: str
    status_label: str
    status_text: str
    """The status in words, with "overdue" where it is."""
    overdue: bool
    rag: RagMark
    updates: tuple[UpdateRow, ...]
    """Progress updates dated within the period."""
    latest_update: UpdateRow | None = field(metadata=NOT_SHOWN)
    earlier_update: UpdateRow | None
    """With no update in the period, the latest before it (shown, marked as earlier)."""
    next: str | None
    slip: Slip | None
    completed_in_period: bool
    completed_earlier: bool
    """Complete, and last updated before the period: listed once, in
    :attr:`PlanSection.completed_earlier`, not in its group's table."""


@dataclass(frozen=True, slots=True)
class GroupSection:
    """A recommendation or theme with its actions."""

    ref: str
    id: str
    heading: str
    title: str
    response: str | None
    updates: tuple[UpdateRow, ...]
    actions: tuple[ActionRow, ...]
    """The actions open, or completed in or after the period."""
    completed_earlier: int
    """How many of its actions were completed before the period (listed in the plan's table)."""


@dataclass(frozen=True, slots=True)
class PlanSection:
    id: str
    title: str
    source: str | None
    approved_text: str | None
    group_label: str
    """``Recommendation`` or ``Theme``."""
    groups: tuple[GroupSection, ...]
    completed_earlier: tuple[ActionRow, ...]
    """Its actions completed before the period, once, in a short table."""


@dataclass(frozen=True, slots=True)
class ExceptionRow:
    kind: str
    """``action`` or ``indicator``."""
    ref: str
    title: str
    who: str
    """Leads of an action, owner of an indicator."""
    due_text: str
    status_text: str
    rag: RagMark
    reason: str
    next: str | None


@dataclass(frozen=True, slots=True)
class Comparison:
    period: str
    value_text: str
    direction: str | None
    direction_text: str


@dataclass(frozen=True, slots=True)
class TrendPoint:
    period: str
    actual: float
    target: float | None
    actual_text: str = ""
    """With its unit: ``46.9%``."""
    target_text: str = ""


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    id: str
    title: str
    unit: str | None
    polarity: str
    polarity_text: str
    qualitative: bool
    owner: str | None
    period: str
    """The period whose value is shown: the report's, or the latest before it."""
    latest_instead: bool
    """True when the report's period has no value and an earlier one is shown."""
    target_text: str
    actual_text: str
    rag: RagMark
    reason: str
    """The rule that set the RAG, in words."""
    note: str | None
    direction: str | None
    direction_text: str
    previous: Comparison | None
    year_ago: Comparison | None
    trend: tuple[TrendPoint, ...]
    chart: bool
    """Worth a trend chart (see :func:`_choose_charts`)."""


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    title: str
    to: tuple[str, ...]
    to_text: str
    owner: str | None


@dataclass(frozen=True, slots=True)
class CalendarMonth:
    label: str
    entries: tuple[CalendarEntry, ...]


@dataclass(frozen=True, slots=True)
class MeetingEntry:
    """A meeting to come, from the reporting calendar."""

    date: date | None
    """None while its date is to be set."""
    date_text: str
    """``Wednesday 10 December 2025``, or ``Date to be set``."""
    title: str
    """The report it takes."""
    committee: str
    reports_on: str
    """The period it reports on: ``2025/26 Q2``."""
    note: str | None


@dataclass(frozen=True, slots=True)
class CalendarView:
    period: str
    period_text: str
    months: tuple[CalendarMonth, ...]
    meetings: tuple[MeetingEntry, ...] = ()
    """The next meetings after the report's date, by date."""


@dataclass(frozen=True, slots=True)
class Term:
    term: str
    meaning: str


@dataclass(frozen=True, slots=True)
class KeyRow:
    label: str
    rag: RagMark
    meaning: str


@dataclass(frozen=True, slots=True)
class ReportView:
    organisation: str
    title: str
    subject: str
    period: str
    """``2025/26 Q2`` or ``2025/26``."""
    period_kind: str
    period_text: str
    period_start: date
    period_end: date
    as_of: date
    as_of_text: str
    plan: str | None
    """The one plan reported on (``--plan``), or None for all."""
    front: Front
    summary: Summary
    exceptions: tuple[ExceptionRow, ...]
    plans: tuple[PlanSection, ...]
    indicators: tuple[IndicatorRow, ...]
    calendar: CalendarView
    trends_text: str
    """Which indicators are charted, and why (empty when none is)."""
    acronyms: tuple[Term, ...]
    status_key: tuple[KeyRow, ...]
    indicator_key: tuple[KeyRow, ...]
