"""Pydantic models of the plan files (format v1, ``FORMAT.md``).

Models describe data and do no I/O. Every model forbids unknown fields, so that a typo
such as ``lead:`` for ``leads:`` is an error with a did-you-mean, never silently lost.
Each mapping read from a file carries its position under ``__pos__`` (see
:mod:`pmplan.workspace.reader`); models keep it in ``pos`` so that rules can point at lines.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from functools import lru_cache
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    model_validator,
)
from pydantic.dataclasses import dataclass
from pydantic.json_schema import SkipJsonSchema, WithJsonSchema

from pmplan.dates.months import ABBREVIATIONS, month_number
from pmplan.dates.periods import year_problem
from pmplan.workspace.reader import POS_KEY, key_position
from pmplan.workspace.vocabulary import ID_MAX_LENGTH, ID_PATTERN, Closure, Decision, Grade, Status

# In an editor an unquoted `id: 1.10` is a number; pmplan reads it as the text typed.
_ID_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX_LENGTH},
        {"type": "integer"},
        {"type": "number"},
    ]
}
Id = Annotated[
    str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX_LENGTH), WithJsonSchema(_ID_SCHEMA)
]
Text = Annotated[str, StringConstraints(min_length=1)]
PERIOD_PATTERN = r"^\d{4}/(\d{2}|\d{4})( Q[1-4])?$|^\d{4}-(0[1-9]|1[0-2])$"


@lru_cache(maxsize=4096)
def _years_follow(key: str) -> str:
    """A period key whose second year follows its first: ``2025/26``, not ``2025/27``, in a
    year pmplan reads (``0000/01 Q1`` is not)."""
    first = int(key[:4])
    if problem := year_problem(first):
        raise ValueError(f"'{key}': {problem}")
    if "/" in key:
        second = key[5:].split()[0]
        follows = (first + 1) % 100 if len(second) == 2 else first + 1
        if int(second) != follows:
            raise ValueError(
                f"'{key}' is not a period: the second year must follow the first (e.g. {first}/{(first + 1) % 100:02d})"
            )
    return key


PeriodKey = Annotated[str, StringConstraints(pattern=PERIOD_PATTERN), AfterValidator(_years_follow)]


def _in_range(day: dt.date) -> dt.date:
    if problem := year_problem(day.year):
        raise ValueError(f"{day.isoformat()}: {problem}")
    return day


Day = Annotated[dt.date, AfterValidator(_in_range)]
"""A date, in the years pmplan reads (so that nothing computed from it leaves the calendar)."""


def _month(value: Any) -> Any:
    """A reporting month as plan files write it (``Feb``); ``February`` or ``feb`` get a did-you-mean."""
    if value in ABBREVIATIONS:
        return value
    number = (
        month_number(str(value)) if isinstance(value, str | int) and not isinstance(value, bool) else None
    )
    close = (
        [ABBREVIATIONS[number - 1]]
        if number
        else difflib.get_close_matches(str(value).title(), ABBREVIATIONS, n=1)
    )
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise ValueError(f"'{value}' is not a month: write {', '.join(ABBREVIATIONS)}{hint}")


Month = Annotated[str, BeforeValidator(_month), WithJsonSchema({"enum": list(ABBREVIATIONS)})]


def _as_list(value: Any) -> Any:
    """Let a single id stand for a list of one (``leads: JP``)."""
    return [value] if isinstance(value, str) else value


def without_pos(value: Any) -> Any:
    if isinstance(value, dict) and POS_KEY in value:
        return {k: v for k, v in value.items() if k != POS_KEY}
    return value


IdList = Annotated[
    list[Id],
    BeforeValidator(_as_list),
    WithJsonSchema({"anyOf": [_ID_SCHEMA, {"type": "array", "items": _ID_SCHEMA}]}),
]
_TEXT_SCHEMA = {"type": "string", "minLength": 1}
TextList = Annotated[
    list[Text],
    BeforeValidator(_as_list),
    WithJsonSchema({"anyOf": [_TEXT_SCHEMA, {"type": "array", "items": _TEXT_SCHEMA}]}),
]


CONFIG = ConfigDict(extra="forbid", use_attribute_docstrings=True, allow_inf_nan=False)
"""Every model: unknown fields refused; ``nan`` and ``inf`` are not numbers."""
_T = TypeVar("_T")


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class Model:
    """Base of every plan-file model: keeps where in its file it is written.

    Pydantic dataclasses with slots rather than ``BaseModel``: a large workspace holds a
    hundred thousand of these, and each BaseModel instance carries a dict and a set
    besides. Items compare by identity, as the same words may stand in two places.
    """

    pos: SkipJsonSchema[Any] = Field(default=None, alias="__pos__", exclude=True, repr=False)

    def line(self, key: str | None = None) -> tuple[int, int]:
        """Where this item (or one of its keys) is written: 1-based (line, column)."""
        if not self.pos:
            return (1, 1)
        if key is not None and (found := key_position(self.pos, key)) is not None:
            return found
        return (self.pos[0], self.pos[1])


# --- people and glossary -------------------------------------------------------------


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class Person(Model):
    id: Id
    """The initials or short name used in plans' lead columns, e.g. ``JP``."""
    name: Text
    """Their name as reports show it: ``Julie Pennington``."""
    title: str | None = None
    """Job title, e.g. ``Policy & Performance Officer``."""
    email: str | None = None
    """Email address, for the reporting calendar and the returns."""
    phone: str | None = None
    """Telephone number, as it should be printed."""
    type: Literal["person", "group", "external"] = "person"
    """``person``; ``group`` for a team or board (``CMT``); ``external`` for a partner outside the
    council."""


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class PeopleFile(Model):
    """The people (and groups) named as leads, owners and deputies, by their ids."""

    kind: Literal["people"]
    """``people``."""
    people: list[Person] = Field(default_factory=list)
    """Everyone named as a lead, owner or deputy, each once."""


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class GlossaryFile(Model):
    """Acronyms and what they stand for; reports list those they use."""

    kind: Literal["glossary"]
    """``glossary``."""
    terms: Annotated[dict[str, Text], BeforeValidator(without_pos)] = Field(default_factory=dict)
    """Acronym -> what it stands for: ``CMT: Corporate Management Team``. Reports list the acronyms
    they use."""


# --- the golden thread ------------------------------------------------------------------


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class Outcome(Model):
    id: Id
    """Its id in the golden thread, unique among priorities, outcomes and indicators: ``P1.2``."""
    title: Text
    """What the outcome is: ``A thriving town centre``."""
    lead: Id | None = None
    """The person (id) who leads it."""
    description: str | None = None
    """More about it, for ``pmplan show``."""


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class Priority(Model):
    id: Id
    """Its id in the golden thread, unique among priorities, outcomes and indicators: ``P1``."""
    title: Text
    """The priority as the council plan words it."""
    lead: Id | None = None
    """The person (id) who leads it, e.g. the director or portfolio holder."""
    description: str | None = None
    """More about it, for ``pmplan show``."""
    outcomes: list[Outcome] = Field(default_factory=list)
    """The outcomes that deliver it."""


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class FrameworkFile(Model):
    """The golden thread: the vision, the council plan's priorities and their outcomes."""

    kind: Literal["framework"]
    """``framework``."""
    vision: str | None = None
    """The council's vision, at the top of the golden thread."""
    priorities: list[Priority] = Field(default_factory=list)
    """The council plan's priorities, each with its outcomes."""


# --- indicators ---------------------------------------------------------------------------


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class IndicatorValue(Model):
    target: float | None = None
    """The target for the period (a number)."""
    actual: float | None = None
    """What was achieved in the period (a number); leave it out until it is known."""
    rag: Literal["red", "amber", "green"] | None = None
    """For a qualitative indicator: its own red/amber/green."""
    note: str | None = None
    """What explains the figure, in a sentence a committee reads, shown beside it in reports (a
    red value needs one, and an amber that got worse is explained here)."""
    corrective_action: str | None = None
    """What is being done to bring a red value back to target: the report's exceptions show
    it, and lint warns when a red value has none."""


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class Indicator(Model):
    id: Id
    """Its id, unique among priorities, outcomes and indicators: ``LPI-07``."""
    title: Text
    """What it measures: ``Household waste sent for reuse, recycling and composting``."""
    type: Literal["quantitative", "qualitative"] = "quantitative"
    """``quantitative`` (rated against a target) or ``qualitative`` (its own ``rag`` each period)."""
    owner: Id | None = None
    """The person (id) who collects, checks and explains it."""
    deputy: Id | None = None
    """The person (id) who collects it when the owner is away."""
    unit: str | None = None
    """Its unit, shown after each figure: ``%``, ``days``, ``£``."""
    polarity: Literal["higher", "lower"] = "higher"
    """``higher`` when more is better, ``lower`` when less is (days to process a claim)."""
    frequency: Literal["monthly", "quarterly", "annual"] = "quarterly"
    """How often it is measured: ``monthly``, ``quarterly`` or ``annual``."""
    tolerance: Annotated[float, Field(ge=0, le=100)] | None = None
    """Percent of the target within which a miss is amber; overrides ``rag.tolerance``."""
    cumulative: bool = False
    """Values add up through the year (e.g. council tax collected to date): direction of
    travel then compares with the same period a year before, not the previous quarter."""
    outturn: Literal["sum", "latest", "average"] | None = None
    """How the year's outturn is worked out from its quarters (or months) when the year has
    no value of its own: ``sum`` for counts in the period (missed bins, new homes), ``latest``
    for a snapshot or a year-to-date figure (the default), ``average`` where the measure says
    so (average days to process a claim)."""
    description: str | None = None
    """How it is defined and calculated."""
    source: str | None = None
    """Where the figure comes from (a system, a return, a survey)."""
    links: IdList = Field(default_factory=list)
    """The priorities and outcomes (ids) it measures."""
    values: Annotated[dict[PeriodKey, IndicatorValue], BeforeValidator(without_pos)] = Field(
        default_factory=dict
    )
    """Period (``2025/26 Q2``, ``2025/26``, ``2025-08``) -> target, actual, rag, note."""


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class IndicatorsFile(Model):
    """Performance indicators: owner, deputy, polarity, and targets and actuals by period."""

    kind: Literal["indicators"]
    """``indicators``."""
    indicators: list[Indicator] = Field(default_factory=list)
    """The performance indicators, each with its values by period."""


# --- the reporting calendar ------------------------------------------------------------

YEAR_PATTERN = r"^\d{4}/(\d{2}|\d{4})$"
YearKey = Annotated[
    str,
    StringConstraints(pattern=YEAR_PATTERN),
    AfterValidator(_years_follow),
    WithJsonSchema({"type": "string", "pattern": YEAR_PATTERN}),
]
"""A financial year as written: ``2025/26``."""

MONTH_KEY_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


def _span_month(value: Any) -> Any:
    """A month of a span: ``2025-09`` (that month) or ``Sep`` (that month of the cycle)."""
    if isinstance(value, str) and re.match(MONTH_KEY_PATTERN, value.strip()):
        if problem := year_problem(int(value.strip()[:4])):
            raise ValueError(f"'{value.strip()}': {problem}")
        return value.strip()
    try:
        return _month(value)
    except ValueError as exc:
        hint = str(exc).partition(" (did you mean")[2]
        raise ValueError(
            f"'{value}' is not a month: write a month of a year (2025-09) or of the cycle (Sep)"
            + (f" (did you mean{hint}" if hint else "")
        ) from None


SpanMonth = Annotated[
    str,
    BeforeValidator(_span_month),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "pattern": MONTH_KEY_PATTERN}, {"enum": list(ABBREVIATIONS)}]}
    ),
]


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class Meeting(Model):
    """One meeting that takes the report: ``{date: 2025-09-17, reports_on: 2025/26 Q1}``."""

    date: Day | None = None
    """The day of the meeting (``2025-09-17``). Leave it out while the committee's dates are
    not yet set: the meeting is listed as "date to be set" and lint warns as it draws near."""
    reports_on: PeriodKey
    """The period the meeting reports on: a quarter (``2025/26 Q1``), a financial year
    (``2025/26``) or a month (``2025-08``)."""
    committee: Text | None = None
    """The committee that meets, where it is not every one of the report's ``to``
    (e.g. ``Cabinet``)."""
    note: str | None = None
    """Anything to say about this meeting, e.g. ``Special meeting``."""


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class Span(Model):
    """A stretch of months the report runs over, such as a consultation or a budget round:
    ``{from: 2025-09, to: 2025-10}``. One bar in the grid, one event in the calendar file."""

    start: SpanMonth = Field(alias="from")
    """The first month: ``2025-09`` (September 2025) or ``Sep`` (September of each year's cycle)."""
    to: SpanMonth
    """The last month, written the same way as ``from``. Inside a span ``to`` is a month; the
    report's own ``to`` stays its audience."""
    note: str | None = None
    """Anything to say about it, e.g. ``Online survey and three public meetings``."""

    @model_validator(mode="after")
    def _in_order(self) -> Span:
        dated = [len(m) > 3 for m in (self.start, self.to)]
        if dated[0] != dated[1]:
            raise ValueError(
                f"a span runs 'from' and 'to' months written alike: both with their year "
                f"(2025-09) or both as the cycle's months (Sep), not '{self.start}' and '{self.to}'"
            )
        if dated[0] and self.to < self.start:
            raise ValueError(f"a span's 'to' ({self.to}) is before its 'from' ({self.start})")
        return self


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class Report(Model):
    """A report in the reporting cycle: what goes to whom, and when."""

    id: Id
    """Its id, unique among reports: ``qpr``."""
    title: Text
    """The report's name: ``Quarterly performance and budget monitoring report``."""
    to: TextList = Field(default_factory=list)
    """The committees or audiences it goes to, as text (not people ids)."""
    owner: Id | None = None
    """The person who writes it."""
    months: list[Month] | None = None
    """The months of the cycle it is due in: ``[Feb, May, Aug, Nov]``. Read in the order
    written: a list that starts later in the year and runs on past March (``[Jun, Sep, Dec,
    Mar, Apr]``) keeps the months after March in the following year. May be ``[]`` when
    ``meetings`` give the dates."""
    every: Literal["month"] | None = None
    """``month``: due every month, instead of listing twelve ``months``."""
    meetings: list[Meeting] = Field(default_factory=list)
    """The meetings that take it, each on its date with the period it reports on."""
    spans: list[Span] = Field(default_factory=list)
    """Stretches of months it runs over: ``[{from: 2025-09, to: 2025-10}]``."""
    description: str | None = None
    """What the report covers, for the calendar file's events."""

    @model_validator(mode="after")
    def _when(self) -> Report:
        if not self.months and self.every is None and not self.meetings and not self.spans:
            raise ValueError(
                "a report needs 'months' (e.g. [Feb, May, Aug, Nov]), 'every: month', 'meetings' or 'spans'"
            )
        return self

    def month_numbers(self) -> list[int]:
        """The cycle's months as numbers 1-12, in calendar order."""
        if self.every == "month":
            return list(range(1, 13))
        return sorted({ABBREVIATIONS.index(m) + 1 for m in self.months or ()})

    def committees(self, meeting: Meeting) -> tuple[str, ...]:
        """Who a meeting of this report is: its own ``committee``, else the report's ``to``."""
        return (meeting.committee,) if meeting.committee else tuple(self.to)


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class CalendarFile(Model):
    """The reporting cycle: the reports, to whom each goes, and when."""

    kind: Literal["calendar"]
    """``calendar``."""
    year: YearKey | None = None
    """The financial year this timetable is for (``2025/26``). Without it the file is the
    standing cycle, the same every year; a report in a file for a year stands in for the
    standing report with the same id in that year."""
    reports: list[Report] = Field(default_factory=list)
    """The reports of the cycle."""


# --- action plans ---------------------------------------------------------------------------


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class Update(Model):
    date: Day
    """When it happened (YYYY-MM-DD). A report shows the updates dated in its period."""
    text: Text
    """What was done, in a sentence or two, as the committee will read it."""
    by: Id | None = None
    """Who gave the update (a person id), where it matters."""


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class Verification(Model):
    """Who checked the evidence that the work is done, and when. In a plan with
    ``closure: verified`` this, not the lead's ``complete``, is what closes it."""

    by: Id
    """The person who verified it (an id from ``kind: people``), e.g. the internal audit manager."""
    date: Day
    """The day it was verified."""
    note: str | None = None
    """What was checked, e.g. ``Reconciliations for June to August seen and re-performed``."""


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class Ruling(Model):
    """Who decided on a request, and when."""

    by: Text
    """A committee (``Audit and Governance Committee``) or an officer acting under delegated powers."""
    date: Day
    """The day of the decision (the committee's meeting)."""
    note: str | None = None
    """Conditions or reasons given with the decision."""


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class Extension(Model):
    """A request to move an action's timescale, and what became of it: approved, refused,
    or (with neither) still to be decided."""

    asked: Day
    """The day the extension was asked for."""
    timescale: Text
    """The timescale asked for, in words as ``timescale`` takes them: ``Mar 27``."""
    reason: str | None = None
    """Why the date cannot be met."""
    by: Id | None = None
    """Who asked (a person id), where it is not the action's lead."""
    approved: Ruling | None = None
    """Who approved it and when; the action's ``timescale`` then reads as approved."""
    refused: Ruling | None = None
    """Who refused it and when; the timescale stays as it was."""

    @model_validator(mode="after")
    def _one_ruling(self) -> Extension:
        if self.approved is not None and self.refused is not None:
            raise ValueError("an extension is 'approved' or 'refused', not both")
        return self

    @property
    def decision(self) -> Decision:
        if self.approved is not None:
            return Decision.APPROVED
        return Decision.REFUSED if self.refused is not None else Decision.PENDING

    @property
    def ruling(self) -> Ruling | None:
        return self.approved or self.refused


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class Action(Model):
    id: Id
    """Its id within its recommendation or theme: ``a`` (referred to as ``R1.a``), or ``1.1`` in a
    themed plan."""
    title: Text
    """What will be done."""
    how: str | None = None
    """How it will be done, or what success looks like."""
    leads: IdList | None = None
    """Who leads it (people ids): ``[JP, CMT]``, or one id. Without it the action takes its
    recommendation's leads, else the plan's owner."""
    timescale: str | None = None
    """The words the committee approved, kept as written: ``Oct 24``, ``Ongoing``."""
    due: Day | None = None
    """An explicit due date; overrides what the timescale's words say."""
    baseline: str | None = None
    """The originally agreed timescale, where it has since moved."""
    extensions: list[Extension] = Field(default_factory=list)
    """Requests to move the timescale, oldest first, each with its decision."""
    priority: Grade | None = None
    """``high``, ``medium`` or ``low``, where the plan ranks its actions."""
    status: Status | None = None
    """Where it stands: one of the statuses below; none means ``not-started``."""
    evidence: TextList = Field(default_factory=list)
    """What shows the work is done: words, a link (``https://…``), or the path of a file in
    the workspace (``evidence/payroll-reconciliation-2025-06.pdf``). One or a list."""
    verified: Verification | None = None
    """Who checked the evidence, and when."""
    updates: list[Update] = Field(default_factory=list)
    """Progress, each dated, oldest or newest first."""
    next: str | None = None
    """The next step, shown in the report beside the progress."""
    links: IdList = Field(default_factory=list)
    """Golden-thread ids (priorities, outcomes, indicators) it serves, besides those of its
    recommendation and plan."""
    see: TextList = Field(default_factory=list)
    """Related actions or recommendations: ``R5.c`` in the same plan, ``pm-strategy:2.1`` in another."""


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class Group(Model):
    """A recommendation (audit-response plan) or a theme (strategy plan)."""

    id: Id
    """Its id within the plan: ``R1`` (a recommendation) or ``1`` (a theme)."""
    title: Text
    """The recommendation as the auditor wrote it, or the theme's name."""
    report: Id | None = None
    """The audit or inspection report the recommendation came from: the id of one of the
    plan's ``reports``."""
    priority: Grade | None = None
    """The priority the auditor gave the recommendation: ``high``, ``medium`` or ``low``.
    Where it has none, its highest action's counts."""
    agreed: Day | None = None
    """The day the response to the recommendation was agreed."""
    response: str | None = None
    """The council's response to the recommendation (agreed, partly agreed, and why)."""
    description: str | None = None
    """More about the theme or recommendation."""
    leads: IdList | None = None
    """Who leads it (people ids); its actions take these leads unless they name their own."""
    links: IdList = Field(default_factory=list)
    """Golden-thread ids (priorities, outcomes, indicators) that its actions serve."""
    status: Status | None = None
    """Set only to close a recommendation as a whole (``complete``, ``no-further-action``,
    ``cancelled``); otherwise its actions' statuses say where it stands."""
    evidence: TextList = Field(default_factory=list)
    """What shows the recommendation is implemented: words, a link or a file path, as for
    an action."""
    verified: Verification | None = None
    """Who checked that the recommendation as a whole is implemented, and when."""
    updates: list[Update] = Field(default_factory=list)
    """Progress on the recommendation as a whole, each dated."""
    actions: list[Action] = Field(default_factory=list)
    """Its actions."""


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class Approval(Model):
    by: str | None = None
    """Who approved the plan: ``Audit and Governance Committee``."""
    date: Day | None = None
    """When (YYYY-MM-DD)."""


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class SourceReport(Model):
    """An audit or inspection report whose recommendations a plan responds to."""

    id: Id
    """Unique within the plan; recommendations name it in ``report:``."""
    title: Text
    """The report's title, e.g. ``Payroll and expenses (IA 2024/25-06)``."""
    by: str | None = None
    """Who made it: ``Internal Audit``, the external auditor, ``Ofsted``, the Ombudsman."""
    date: Day | None = None
    """The day the report was issued (or taken to committee)."""


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class ActionPlan(Model):
    """An action plan: an auditor's recommendations (or a strategy's themes), each with its actions."""

    kind: Literal["action-plan"]
    """``action-plan``."""
    id: Id
    """The plan's id, unique in the workspace: ``pm-audit``. Full references start with it:
    ``pm-audit:R1.a``."""
    title: Text
    """The plan's name: ``Performance Management Action Plan``."""
    short: str | None = None
    """The name Members know the plan by (``PM Action Plan``): the report writes references
    as ``PM Action Plan R6.b`` rather than the plan's id."""
    source: str | None = None
    """Where it comes from: the audit report, review or strategy it answers."""
    reports: list[SourceReport] = Field(default_factory=list)
    """The audit or inspection reports the recommendations came from (a tracker of several)."""
    approved: Approval | None = None
    """Who approved it, and when: ``{by: Cabinet, date: 2025-06-12}``."""
    owner: Id | None = None
    """The person (id) answerable for the plan; the lead of any action that names none."""
    closure: Closure | None = None
    """``complete`` (the default): work is closed when marked complete. ``verified``:
    complete work stays open until someone has checked its evidence (``verified:``)."""
    links: IdList = Field(default_factory=list)
    """Golden-thread ids (priorities, outcomes, indicators) that the whole plan serves."""
    recommendations: list[Group] | None = None
    """An audit-response plan's recommendations, each with its actions."""
    themes: list[Group] | None = None
    """A strategy plan's themes, each with its actions (a plan has recommendations or themes, not
    both)."""

    @model_validator(mode="after")
    def _one_shape(self) -> ActionPlan:
        if self.recommendations is not None and self.themes is not None:
            raise ValueError("a plan has 'recommendations' or 'themes', not both")
        return self

    @property
    def groups(self) -> list[Group]:
        return self.recommendations or self.themes or []

    @property
    def group_key(self) -> str:
        return "themes" if self.themes is not None else "recommendations"

    @property
    def needs_verification(self) -> bool:
        """Complete work is closed only once verified (``closure: verified``)."""
        return self.closure is Closure.VERIFIED

    def source_report(self, report_id: str | None) -> SourceReport | None:
        """The plan's report with this id, if it has one."""
        return next((r for r in self.reports if r.id == report_id), None) if report_id else None


# --- a report period's notes --------------------------------------------------------------


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class KeyIssue(Model):
    """A key issue that names what it is about, so that lint can check it against the data."""

    text: Text
    """The key issue, as it is printed."""
    about: TextList = Field(default_factory=list)
    """The actions (``pm-audit:R6.b`` or ``R6.b``) and indicators (``LPI-13``) it speaks of."""


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class ReportNotes(Model):
    """The officer's own words for one report period's front page, kept in a file of their own
    (``plans/reports/2025-26-q4.yaml``): what the data cannot say by itself."""

    kind: Literal["report-notes"]
    """``report-notes``."""
    period: PeriodKey
    """The period reported on: ``2025/26 Q4`` (a quarter) or ``2025/26`` (the year)."""
    summary: str | None = None
    """The report's purpose for this period, where it differs from ``report.summary`` in
    ``pmplan.yaml``."""
    key_issues: list[Text | KeyIssue] = Field(default_factory=list)
    """Printed after the key issues the report writes from the data. A plain sentence, or
    ``{text, about}`` naming the actions and indicators it speaks of."""
    recommendations: TextList = Field(default_factory=list)
    """Recommendations to the committee for this period, after the standing ones."""
    propose_closure: Annotated[dict[str, Text], BeforeValidator(without_pos)] = Field(default_factory=dict)
    """At year end: open actions proposed for closure rather than carried forward, each with
    the reason (``pm-audit:R2.b: Now part of the annual budget timetable``)."""
    agenda_item: str | None = None
    """This meeting's agenda item number; the settings' fields below are given here for a
    period whose report needs its own."""
    portfolio_holder: str | None = None
    """The Cabinet member whose portfolio the report falls in, for this period's report."""
    wards_affected: str | None = None
    """The wards this period's report affects (often ``All``)."""
    key_decision: bool | None = None
    """Whether this period's report asks for a key decision."""
    access: Literal["open", "exempt"] | None = None
    """``open`` or ``exempt`` (from publication), for this period's report."""
    exemption: str | None = None
    """Why this period's report is exempt: the paragraph of Schedule 12A that applies."""
    options: TextList = Field(default_factory=list)
    """Options considered, for this period's report."""
    sections: Annotated[dict[str, Text], BeforeValidator(without_pos)] = Field(default_factory=dict)
    """Further sections for this period's report, heading -> text, in the order written."""
    background_papers: TextList = Field(default_factory=list)
    """The background papers this period's report relied on."""


PlanFile = (
    PeopleFile | GlossaryFile | FrameworkFile | IndicatorsFile | CalendarFile | ActionPlan | ReportNotes
)

KINDS: dict[str, type[Model]] = {
    "people": PeopleFile,
    "glossary": GlossaryFile,
    "framework": FrameworkFile,
    "indicators": IndicatorsFile,
    "calendar": CalendarFile,
    "action-plan": ActionPlan,
    "report-notes": ReportNotes,
}


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def adapter(model_type: type[_T]) -> TypeAdapter[_T]:
    if model_type not in _ADAPTERS:
        _ADAPTERS[model_type] = TypeAdapter(model_type)
    return _ADAPTERS[model_type]


def validate(model_type: type[_T], data: Any) -> _T:
    """Validate ``data`` (as read from a file) as a ``model_type``; raises ValidationError."""
    return adapter(model_type).validate_python(data)


def field_order(model_type: type) -> tuple[str, ...]:
    """A model's field names in the order the format lists them (its position left out)."""
    return tuple(name for name in model_type.__pydantic_fields__ if name != "pos")  # type: ignore[attr-defined]


def dump(item: Any) -> Any:
    """The item as plain data, without positions (for JSON and tests)."""
    return adapter(type(item)).dump_python(item, mode="json", by_alias=False)
