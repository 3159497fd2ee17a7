"""The report's view model: plain data that every format lays out. Built by :mod:`.build`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pmplan.workspace.vocabulary import Status


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
class Position:
    """What the report's figures stand on: the as-of date, the period's cut-off, the window of
    updates counted as the period's progress, and where the plans were read from."""

    as_of: date
    as_of_text: str
    headline: str
    """``Position as at 31 October 2026``."""
    source: str
    """``commit``, ``working-tree`` or ``files``: see :class:`pmplan.report.position.Source`."""
    source_text: str
    """A sentence saying where the plans were read from."""
    commit: str | None
    commit_date: date | None
    cutoff: date
    cutoff_text: str
    window_start: date
    window_end: date
    window_text: str
    """``Progress for the period is the updates dated 1 August to 31 October 2026.``"""


@dataclass(frozen=True, slots=True)
class Front:
    """The briefing paper that carries the progress report to a committee."""

    committee: str | None
    report_of: str | None
    meeting_date: date | None
    """The meeting's date: ``--meeting-date``, or the calendar's meeting for the period."""
    date_text: str
    """``Wednesday 10 December 2025``, or ``To be confirmed`` with no meeting date."""
    summary: str
    background: tuple[str, ...]
    key_issues: tuple[str, ...]
    """What the data says (counts, the reds, what slipped, what finished), then the
    officer's notes for the period, then where the detail is."""
    recommendations: tuple[str, ...]
    """Standing ones, then those the data calls for (approving revised dates, year-end
    closures), then the period's notes'."""
    implications: tuple[Implication, ...]
    contact: Contact | None
    appendix_title: str
    notes_file: str | None
    """The file the officer's notes for the period came from (None: there are none)."""


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
    revised_in_period: int
    """Actions whose due date moved in the period: the revised dates for approval."""
    exceptions: int
    statuses: tuple[StatusCount, ...]
    indicators: int
    indicator_rags: tuple[RagCount, ...]
    unrated: int
    """Indicators with no RAG rating for the period (no target, or no value)."""


@dataclass(frozen=True, slots=True)
class UpdateRow:
    date: date
    date_text: str
    text: str
    by: str | None


@dataclass(frozen=True, slots=True)
class Slip:
    """Where an action's due date has moved from the one first agreed: its ``baseline``
    timescale where the plan gives one, else its due date when first committed to git."""

    original: str
    """The timescale first agreed, as written (or the date, where none was written)."""
    original_due: date | None
    original_due_text: str
    days: int | None
    """Days later than first agreed (negative: brought forward); None when unreadable."""
    text: str
    moves: int | None
    """How many times the due date has moved; None where that cannot be known (no git history)."""
    moves_text: str
    """``Twice``, ``Once``, ``Not known``."""


@dataclass(frozen=True, slots=True)
class ActionRow:
    ref: str
    local_ref: str
    display_ref: str
    """The reference Members read: the plan's short name and the local reference
    (``PM Action Plan R6.b``)."""
    plan: str
    title: str
    leads: tuple[str, ...]
    """Names, not initials."""
    leads_text: str
    timescale: str | None
    """The words as written."""
    due: date | None
    due_text: str
    recurring: bool
    status: str
    status_label: str
    status_text: str
    """The status in words, with "overdue" where it is."""
    overdue: bool
    rag: RagMark
    updates: tuple[UpdateRow, ...]
    """Progress updates dated within the period's window (after the previous cut-off)."""
    latest_update: UpdateRow | None
    next: str | None
    slip: Slip | None
    """Set where the due date is not the one first agreed."""
    completed_in_period: bool
    previous_due: date | None
    """The due date at the previous period's cut-off (None where unknown or not yet set)."""
    revised_in_period: bool
    """The due date moved after the previous period's cut-off: a revised date to approve."""


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


@dataclass(frozen=True, slots=True)
class PlanSection:
    id: str
    title: str
    short: str
    """The name Members know it by (its ``short`` name, else its title)."""
    source: str | None
    approved_text: str | None
    group_label: str
    """``Recommendation`` or ``Theme``."""
    groups: tuple[GroupSection, ...]


@dataclass(frozen=True, slots=True)
class ActionException:
    """An action delayed, at risk or overdue, with its dates for the committee."""

    ref: str
    display_ref: str
    title: str
    who: str
    """Its leads, by name."""
    original_text: str
    """The due date first agreed (with its words where they say more)."""
    revised_text: str
    """The due date now, or ``Not revised``."""
    moves_text: str
    """How many times the date has moved: ``Twice``, ``None``, ``Not known``."""
    status_text: str
    rag: RagMark
    reason: str
    """The latest update, with its date."""
    next: str | None


@dataclass(frozen=True, slots=True)
class IndicatorException:
    """A red indicator, or an amber one that got worse, with what is being done about it."""

    id: str
    title: str
    owner: str
    period: str
    target_text: str
    actual_text: str
    rag: RagMark
    why: str
    """``Red`` or ``Amber, and worse than 2025/26 Q1``."""
    reason: str
    """The rule that set the RAG, in words."""
    explanation: str | None
    """The value's note."""
    corrective_action: str | None
    """What is being done about it (None: none given, which lint warns about)."""


@dataclass(frozen=True, slots=True)
class DateRevision:
    """A due date that moved in the period, for the committee to approve."""

    ref: str
    display_ref: str
    title: str
    leads_text: str
    from_text: str
    to_text: str
    change_text: str
    """``3 months later (92 days)``."""
    reason: str
    """The latest update, with its date."""


@dataclass(frozen=True, slots=True)
class Exceptions:
    """What the committee is asked to look at: actions delayed, at risk or overdue; red
    indicators and amber ones that got worse; and the revised dates to approve."""

    actions: tuple[ActionException, ...]
    indicators: tuple[IndicatorException, ...]
    revised_dates: tuple[DateRevision, ...]

    @property
    def count(self) -> int:
        return len(self.actions) + len(self.indicators)


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
    corrective_action: str | None
    direction: str | None
    direction_text: str
    compared_with: str
    """What direction of travel compares with: ``the same quarter last year`` where targets
    are profiled by quarter (or values are cumulative), else ``the previous quarter``."""
    compared: Comparison | None
    """The value it was compared with (None: nothing to compare)."""
    previous: Comparison | None
    year_ago: Comparison | None
    priority: str | None
    """The Council Plan priority it serves (by its links), or None."""
    trend: tuple[TrendPoint, ...]
    chart: bool
    """Worth a trend chart (see :func:`_choose_charts`)."""


@dataclass(frozen=True, slots=True)
class IndicatorGroup:
    """The indicators of one Council Plan priority (the golden thread), or those of none."""

    id: str | None
    title: str
    rows: tuple[IndicatorRow, ...]


@dataclass(frozen=True, slots=True)
class Outturn:
    """An indicator's result for the year against its annual target."""

    id: str
    title: str
    priority: str | None
    actual_text: str
    target_text: str
    rag: RagMark
    rule_text: str
    """How the outturn was found: ``Annual value``, ``Sum of the four quarters``, ..."""
    reason: str
    next_target_text: str
    """Next year's target, or ``Not set``."""


@dataclass(frozen=True, slots=True)
class BriefAction:
    """An action in a year-end or forward-look list."""

    ref: str
    display_ref: str
    title: str
    leads_text: str
    due_text: str
    status_text: str
    rag: RagMark
    note: str
    """Completed: when; carried forward: ``Carry forward`` or ``Propose closure: why``;
    due next quarter: empty."""


@dataclass(frozen=True, slots=True)
class YearEnd:
    """What a Q4 or annual report adds: the year's outturns, what was done, what carries on."""

    year: str
    year_text: str
    next_year: str
    outturns: tuple[Outturn, ...]
    completed: tuple[BriefAction, ...]
    """Actions completed in the year."""
    carried_forward: tuple[BriefAction, ...]
    """Open actions, carried into the next year or proposed for closure."""


@dataclass(frozen=True, slots=True)
class ForwardLook:
    """The next quarter: the actions due in it (and, in the calendar, the meetings)."""

    period: str
    period_text: str
    actions: tuple[BriefAction, ...]


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
    position: Position
    plan: str | None
    """The one plan reported on (``--plan``), or None for all."""
    front: Front
    summary: Summary
    exceptions: Exceptions
    plans: tuple[PlanSection, ...]
    indicator_groups: tuple[IndicatorGroup, ...]
    """The indicators by Council Plan priority."""
    year_end: YearEnd | None
    """For a Q4 or annual report."""
    forward: ForwardLook
    calendar: CalendarView
    acronyms: tuple[Term, ...]
    status_key: tuple[KeyRow, ...]
    indicator_key: tuple[KeyRow, ...]

    @property
    def indicators(self) -> tuple[IndicatorRow, ...]:
        """Every indicator row, priority by priority."""
        return tuple(row for group in self.indicator_groups for row in group.rows)
