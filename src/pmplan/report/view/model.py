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
    """``Financial``, ``Legal``, ..."""
    text: str
    """What the report means for it."""


@dataclass(frozen=True, slots=True)
class Contact:
    name: str | None
    """The officer to contact."""
    title: str | None
    """Their job title."""
    phone: str | None
    """Their telephone number."""
    email: str | None
    """Their email address."""


@dataclass(frozen=True, slots=True)
class Position:
    """What the report's figures stand on: the as-of date, the period's cut-off, the window of
    updates counted as the period's progress, and where the plans were read from."""

    as_of: date
    """The date the plans are read as at."""
    as_of_text: str
    """``31 October 2026``."""
    headline: str
    """``Position as at 31 October 2026``."""
    source: str
    """``commit``, ``working-tree`` or ``files``: see :class:`pmplan.report.position.Source`."""
    source_text: str
    """A sentence saying where the plans were read from."""
    commit: str | None
    """The commit the plans were read from (``source`` is ``commit``), else None."""
    commit_date: date | None
    """The day that commit was made."""
    cutoff: date
    """The last day an update counts for the period: the date of the calendar's meeting on it, else its end plus the update window."""
    cutoff_text: str
    """``31 October 2026``."""
    window_start: date
    """The first day whose updates count as the period's progress: the day after the previous period's cut-off."""
    window_end: date
    """The last such day: the cut-off, or the as-of date when earlier."""
    window_text: str
    """``Progress for the period is the updates dated 1 August to 31 October 2026.``"""


@dataclass(frozen=True, slots=True)
class Detail:
    """A line of the briefing paper's heading block: ``Wards affected: All wards``."""

    label: str
    """``Wards affected``."""
    text: str
    """``All wards``."""


@dataclass(frozen=True, slots=True)
class Front:
    """The briefing paper that carries the progress report to a committee."""

    committee: str | None
    """The committee the report goes to."""
    report_of: str | None
    """Whose report it is."""
    meeting_date: date | None
    """The meeting's date: ``--meeting-date``, or the calendar's meeting for the period."""
    date_text: str
    """``Wednesday 10 December 2025``, or ``To be confirmed`` with no meeting date."""
    summary: str
    """The report's purpose: the period's notes', else the settings', else written from the plans."""
    background: tuple[str, ...]
    """Paragraphs: the settings' background, then a sentence on each plan (its source and approval)."""
    key_issues: tuple[str, ...]
    """What the data says (counts, the reds, what slipped, what finished), then the
    officer's notes for the period, then where the detail is."""
    options: tuple[str, ...]
    """Options considered: the period's notes', else the settings'."""
    recommendations: tuple[str, ...]
    """Standing ones, then those the data calls for (approving revised dates, year-end
    closures), then the period's notes'."""
    implications: tuple[Implication, ...]
    """Financial, legal and other implications, from the settings."""
    contact: Contact | None
    """The officer to contact, from the settings."""
    appendix_title: str
    """``Appendix 1: progress report, 2025/26 Q2``."""
    notes_file: str | None
    """The file the officer's notes for the period came from (None: there are none)."""
    details: tuple[Detail, ...] = ()
    """Agenda item, portfolio holder, wards affected, key decision, open or exempt: those set."""
    exemption: str | None = None
    """For an exempt report, the paragraph that makes it exempt."""
    sections: tuple[Implication, ...] = ()
    """Further sections the council adds, in order, after the implications."""
    background_papers: tuple[str, ...] = ()
    """Papers the report relied on, as listed in the settings or the period's notes."""


@dataclass(frozen=True, slots=True)
class StatusCount:
    status: str
    """The status as plan files write it: ``on-track``."""
    label: str
    """``On track``."""
    rag: RagMark
    """The RAG the status stands for."""
    count: int
    """How many actions have it."""


@dataclass(frozen=True, slots=True)
class RagCount:
    rag: RagMark
    """A RAG rating."""
    count: int
    """How many indicators have it for the period."""


@dataclass(frozen=True, slots=True)
class Summary:
    actions: int
    """Actions reported on."""
    open: int
    """Of them, not closed (complete, no further action or cancelled)."""
    overdue: int
    """Open, not recurring, and past their due date."""
    completed_in_period: int
    """Completed in the period (see ``ActionRow.completed_in_period``)."""
    revised_in_period: int
    """Actions whose due date moved in the period: the revised dates for approval."""
    exceptions: int
    """Actions and indicators under Exceptions."""
    statuses: tuple[StatusCount, ...]
    """Actions by status, each status that has any."""
    indicators: int
    """Indicators reported on."""
    indicator_rags: tuple[RagCount, ...]
    """Indicators by RAG rating for the period."""
    unrated: int
    """Indicators with no RAG rating for the period (no target, or no value)."""


@dataclass(frozen=True, slots=True)
class UpdateRow:
    date: date
    """The day the update was written."""
    date_text: str
    """``20 October 2026``."""
    text: str
    """The update."""
    by: str | None
    """Who gave it, by name, where the plan says."""


@dataclass(frozen=True, slots=True)
class Slip:
    """Where an action's due date has moved from the one first agreed: its ``baseline``
    timescale where the plan gives one, else its due date when first committed to git."""

    original: str
    """The timescale first agreed, as written (or the date, where none was written)."""
    original_due: date | None
    """The date first agreed, where it can be read."""
    original_due_text: str
    """``31 March 2026``, or ``no date read``."""
    days: int | None
    """Days later than first agreed (negative: brought forward); None when unreadable."""
    text: str
    """``Originally Q4 2025/26 (31 March 2026), now 31 March 2027: slipped by 12 months (365 days)``."""
    moves: int | None
    """How many times the due date has moved; None where that cannot be known (no git history)."""
    moves_text: str
    """``Twice``, ``Once``, ``Not known``."""
    short: str = ""
    """Under the due date it qualifies: ``Originally 31 December 2025; slipped by 15 months``."""


@dataclass(frozen=True, slots=True)
class ActionRow:
    ref: str
    """The full reference: ``pm-audit:R6.b``."""
    local_ref: str
    """The reference inside its plan: ``R6.b``."""
    display_ref: str
    """The reference Members read: the plan's short name and the local reference
    (``PM Action Plan R6.b``)."""
    plan: str
    """The plan's id."""
    title: str
    """What the action is."""
    leads: tuple[str, ...]
    """Names, not initials."""
    leads_text: str
    """The leads' names, joined, or ``None named``."""
    timescale: str | None = field(metadata=NOT_SHOWN)
    """The words as written (shown in :attr:`due_note` where they say more than the date)."""
    due: date | None
    """The due date (from the timescale, or given)."""
    due_text: str
    """The due date, ``Recurring``, or the timescale's words where no date could be read."""
    due_note: str | None
    """The timescale as written, where it says more than :attr:`due_text` (a start, a note,
    a cross-reference, a recurrence after the date)."""
    recurring: bool
    """It goes on (``Ongoing``, ``At least monthly``)."""
    status: str
    """The status as plan files write it."""
    status_label: str
    """``On track``."""
    status_text: str
    """The status in words, with "overdue" where it is."""
    overdue: bool
    """Open, not recurring, and past its due date at the as-of date."""
    rag: RagMark
    """Its RAG: its status's, red whatever its status when overdue."""
    updates: tuple[UpdateRow, ...]
    """Progress updates dated within the period's window (after the previous cut-off)."""
    latest_update: UpdateRow | None = field(metadata=NOT_SHOWN)
    """Its latest update up to the as-of date, in the period or before."""
    earlier_update: UpdateRow | None
    """With no update in the period, the latest before it (shown, marked as earlier)."""
    next: str | None
    """The next step."""
    slip: Slip | None
    """Set where the due date is not the one first agreed."""
    completed_in_period: bool
    """Complete, and not complete at the previous period's cut-off (from git); outside git, complete with its latest update in the period."""
    previous_due: date | None
    """The due date at the previous period's cut-off (None where unknown or not yet set)."""
    revised_in_period: bool
    """The due date moved after the previous period's cut-off: a revised date to approve."""
    completed_earlier: bool
    """Complete before the period, with no update in it: listed once, in
    :attr:`PlanSection.completed_earlier`, not in its group's table."""


@dataclass(frozen=True, slots=True)
class GroupSection:
    """A recommendation or theme with its actions."""

    ref: str
    """``pm-audit:R6``."""
    id: str
    """``R6``."""
    heading: str
    """``R6: Give Members ...`` or ``Theme 2: ...``."""
    title: str
    """The recommendation or theme."""
    response: str | None
    """The council's response (or the theme's description)."""
    updates: tuple[UpdateRow, ...]
    """Updates on the recommendation or theme as a whole, in the period."""
    actions: tuple[ActionRow, ...]
    """The actions open, or completed in or after the period."""
    completed_earlier: int
    """How many of its actions were completed before the period (listed in the plan's table)."""


@dataclass(frozen=True, slots=True)
class PlanSection:
    id: str
    """The plan's id."""
    title: str
    """The plan's title."""
    short: str
    """The name Members know it by (its ``short`` name, else its title)."""
    source: str | None
    """Where the plan comes from (an audit report, a strategy)."""
    approved_text: str | None
    """``Approved by Cabinet on 17 June 2025``."""
    group_label: str
    """``Recommendation`` or ``Theme``."""
    groups: tuple[GroupSection, ...]
    """Its recommendations or themes."""
    completed_earlier: tuple[ActionRow, ...]
    """Its actions completed before the period, once, in a short table."""


@dataclass(frozen=True, slots=True)
class ActionException:
    """An action delayed, at risk or overdue, with its dates for the committee."""

    ref: str
    """The full reference."""
    display_ref: str
    """``PM Action Plan R6.b``."""
    title: str
    """What the action is."""
    who: str
    """Its leads, by name."""
    original_text: str
    """The due date first agreed (with its words where they say more)."""
    revised_text: str
    """The due date now, or ``Not revised``."""
    moves_text: str
    """How many times the date has moved: ``Twice``, ``None``, ``Not known``."""
    status_text: str
    """The status in words, with ``overdue`` where it is."""
    rag: RagMark
    """Its RAG."""
    reason: str
    """The latest update, with its date."""
    next: str | None
    """The next step."""


@dataclass(frozen=True, slots=True)
class IndicatorException:
    """A red indicator, or an amber one that got worse, with what is being done about it."""

    id: str
    """The indicator's id."""
    title: str
    """What it measures."""
    owner: str
    """Its owner, by name."""
    period: str
    """The period of the value shown."""
    target_text: str
    """``16 days``."""
    actual_text: str
    """``18 days``."""
    rag: RagMark
    """Red or amber."""
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
    """The full reference."""
    display_ref: str
    """``PM Action Plan R6.b``."""
    title: str
    """What the action is."""
    leads_text: str
    """The leads' names."""
    from_text: str
    """The due date at the previous period's cut-off."""
    to_text: str
    """The due date now."""
    change_text: str
    """``3 months later (92 days)``."""
    reason: str
    """The latest update, with its date."""


@dataclass(frozen=True, slots=True)
class Exceptions:
    """What the committee is asked to look at: actions delayed, at risk or overdue; red
    indicators and amber ones that got worse; and the revised dates to approve."""

    actions: tuple[ActionException, ...]
    """Red first, then amber."""
    indicators: tuple[IndicatorException, ...]
    """Red first, then amber ones that got worse."""
    revised_dates: tuple[DateRevision, ...]
    """In the plans' order."""

    @property
    def count(self) -> int:
        return len(self.actions) + len(self.indicators)


@dataclass(frozen=True, slots=True)
class Comparison:
    period: str
    """The period compared with: ``2025/26 Q2``."""
    value_text: str
    """Its value: ``17 days``, or ``Green`` for a qualitative indicator."""
    direction: str | None
    """``improving``, ``worsening``, ``unchanged``, or None."""
    direction_text: str
    """``Improving``, ..., or ``—``."""


@dataclass(frozen=True, slots=True)
class TrendPoint:
    period: str
    """``2025/26 Q2``."""
    actual: float
    """The value."""
    target: float | None
    """The target, where set."""
    actual_text: str = ""
    """With its unit: ``46.9%``."""
    target_text: str = ""
    """With its unit: ``45%``, or ``—`` where no target is set."""


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    id: str
    """``LPI-13``."""
    title: str
    """What it measures."""
    unit: str | None
    """``%``, ``days``, ``£``, or None."""
    polarity: str
    """``higher`` or ``lower``: which way is better."""
    polarity_text: str
    """``Higher is better``, ``Lower is better`` (empty for a qualitative indicator)."""
    qualitative: bool
    """Rated by its owner rather than against a target."""
    owner: str | None
    """Its owner, by name."""
    period: str
    """The period whose value is shown: the report's, or the latest before it."""
    latest_instead: bool
    """True when the report's period has no value and an earlier one is shown."""
    target_text: str
    """``16 days``, ``—``."""
    actual_text: str
    """``18 days``, ``Amber`` (qualitative), ``—``."""
    rag: RagMark
    """Its RAG for the period (not rated without a target or a value)."""
    reason: str
    """The rule that set the RAG, in words."""
    note: str | None
    """Why the value is what it is."""
    corrective_action: str | None
    """What is being done about a red value."""
    direction: str | None
    """Direction of travel against ``compared``: ``improving``, ``worsening``, ``unchanged`` or None."""
    direction_text: str
    """``Improving``, ..., ``—``."""
    compared_with: str
    """What direction of travel compares with: ``the same quarter last year`` where targets
    are profiled by quarter (or values are cumulative), else ``the previous quarter``."""
    compared: Comparison | None
    """The value it was compared with (None: nothing to compare)."""
    previous: Comparison | None
    """The latest earlier value of the same kind of period."""
    year_ago: Comparison | None
    """The value for the same period a year before."""
    priority: str | None
    """The Council Plan priority it serves (by its links), or None."""
    trend: tuple[TrendPoint, ...]
    """Up to eight values to the period shown, oldest first."""
    chart: bool
    """Worth a trend chart (see :func:`_choose_charts`)."""


@dataclass(frozen=True, slots=True)
class IndicatorGroup:
    """The indicators of one Council Plan priority (the golden thread), or those of none."""

    id: str | None
    """The priority's id, or None for indicators linked to no priority."""
    title: str
    """``P2: Good homes and healthy communities``."""
    rows: tuple[IndicatorRow, ...]
    """Its indicators."""


@dataclass(frozen=True, slots=True)
class Outturn:
    """An indicator's result for the year against its annual target."""

    id: str
    """``LPI-04``."""
    title: str
    """What it measures."""
    priority: str | None
    """The priority it serves."""
    actual_text: str
    """The outturn: ``123 homes``."""
    target_text: str
    """The annual target, or ``Not set``."""
    rag: RagMark
    """The outturn's RAG against the annual target."""
    rule_text: str
    """How the outturn was found: ``Annual value``, ``Sum of the four quarters``, ..."""
    reason: str
    """The rule that set the RAG, in words."""
    next_target_text: str
    """Next year's target, or ``Not set``."""


@dataclass(frozen=True, slots=True)
class BriefAction:
    """An action in a year-end or forward-look list."""

    ref: str
    """The full reference."""
    display_ref: str
    """``PM Action Plan R6.b``."""
    title: str
    """What the action is."""
    leads_text: str
    """The leads' names."""
    due_text: str
    """Its due date."""
    status_text: str
    """Its status in words."""
    rag: RagMark
    """Its RAG."""
    note: str
    """Completed: when; carried forward: ``Carry forward`` or ``Propose closure: why``;
    due next quarter: empty."""


@dataclass(frozen=True, slots=True)
class YearEnd:
    """What a Q4 or annual report adds: the year's outturns, what was done, what carries on."""

    year: str
    """``2025/26``."""
    year_text: str
    """``2025/26 (April 2025 to March 2026)``."""
    next_year: str
    """``2026/27``."""
    outturns: tuple[Outturn, ...]
    """Each indicator's outturn, priority by priority."""
    completed: tuple[BriefAction, ...]
    """Actions completed in the year."""
    carried_forward: tuple[BriefAction, ...]
    """Open actions, carried into the next year or proposed for closure."""


@dataclass(frozen=True, slots=True)
class ForwardLook:
    """The next quarter: the actions due in it (and, in the calendar, the meetings)."""

    period: str
    """The next quarter: ``2026/27 Q1``."""
    period_text: str
    """``Quarter 1, 2026/27 (April to June 2026)``."""
    actions: tuple[BriefAction, ...]
    """Open actions due in it, soonest first."""


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    title: str
    """The report."""
    to: tuple[str, ...]
    """Who it goes to."""
    to_text: str
    """They, joined."""
    owner: str | None
    """Who writes it, by name."""


@dataclass(frozen=True, slots=True)
class CalendarMonth:
    label: str
    """``October 2025``."""
    entries: tuple[CalendarEntry, ...]
    """The reports due or meeting that month."""


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
    """The committee that meets."""
    reports_on: str
    """The period it reports on: ``2025/26 Q2``."""
    note: str | None
    """A note on the meeting (``Moved from 3 December``)."""


@dataclass(frozen=True, slots=True)
class CalendarView:
    period: str
    """The next quarter."""
    period_text: str
    """``Quarter 3, 2025/26 (October to December 2025)``."""
    months: tuple[CalendarMonth, ...]
    """Its months."""
    meetings: tuple[MeetingEntry, ...] = ()
    """The next meetings after the report's date, by date."""


@dataclass(frozen=True, slots=True)
class Term:
    term: str
    """An acronym used in the report."""
    meaning: str
    """What it stands for, from the glossary."""


@dataclass(frozen=True, slots=True)
class KeyRow:
    label: str
    """A status, or a RAG rating."""
    rag: RagMark
    """Its RAG."""
    meaning: str
    """What it means."""


@dataclass(frozen=True, slots=True)
class ReportView:
    organisation: str
    """The council."""
    title: str
    """``Action plans and performance indicators: quarterly progress report``."""
    subject: str
    """What the report is on: all the plans, or the one plan."""
    period: str
    """``2025/26 Q2`` or ``2025/26``."""
    period_kind: str
    """``quarter`` or ``year``."""
    period_text: str
    """``Quarter 2, 2025/26 (July to September 2025)``."""
    period_start: date
    """The period's first day."""
    period_end: date
    """The period's last day."""
    as_of: date
    """The date the plans are read as at."""
    as_of_text: str
    """``31 October 2026``."""
    position: Position
    """Where the figures come from."""
    plan: str | None
    """The one plan reported on (``--plan``), or None for all."""
    front: Front
    """The briefing paper."""
    summary: Summary
    """Progress at a glance."""
    exceptions: Exceptions
    """What the committee can act on."""
    plans: tuple[PlanSection, ...]
    """Each plan's recommendations or themes and their actions."""
    indicator_groups: tuple[IndicatorGroup, ...]
    """The indicators by Council Plan priority."""
    year_end: YearEnd | None
    """For a Q4 or annual report."""
    forward: ForwardLook
    """The next quarter's due actions."""
    calendar: CalendarView
    """The reporting calendar for the next quarter, and the next meetings."""
    trends_text: str
    """Which indicators are charted, and why (empty when none is)."""
    acronyms: tuple[Term, ...]
    """Acronyms used in the report."""
    status_key: tuple[KeyRow, ...]
    """The key to action statuses and their RAG."""
    indicator_key: tuple[KeyRow, ...]
    """The key to indicator RAG ratings."""

    @property
    def indicators(self) -> tuple[IndicatorRow, ...]:
        """Every indicator row, priority by priority."""
        return tuple(row for group in self.indicator_groups for row in group.rows)
