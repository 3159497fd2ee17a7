"""What each officer is asked about in a quarter's return, and the state of each row when
issued: pure, from the loaded workspace.

A return goes to every person (``type: person`` in the people file) who leads an open
action, after inheritance, or owns an indicator that reports in the quarter. Each row's
state is kept in the workbook's hidden record, so that collection can tell what the officer
changed from what the plans changed meanwhile.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date

from pmplan.dates.periods import FinancialYear, Period, PeriodError, month
from pmplan.exchange.cells import xml_safe
from pmplan.indicators.reading import values_by_period
from pmplan.workspace.index import ActionView, Workspace
from pmplan.workspace.models import Indicator, IndicatorValue, Person

EARLIER_PERIODS = 4
"""How many earlier quarters' actuals an indicator row shows."""


def text(value: object | None) -> str:
    """A plan value as the workbook shows it and compares it: XML-safe, line breaks as ``\\n``,
    trimmed; empty for none."""
    if value is None:
        return ""
    return xml_safe(str(value).replace("\r\n", "\n").replace("\r", "\n")).strip()


def number(value: float | None) -> str:
    """A number as the record keeps it: ``47.2``, ``48``; empty for none."""
    if value is None:
        return ""
    return f"{value:.10g}"


def fingerprint(state: dict[str, str]) -> str:
    """A short hash of a row's state: the same state always gives the same fingerprint."""
    encoded = json.dumps(state, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class ActionLine:
    """One action in a return: what the officer sees, and its state when issued."""

    view: ActionView

    @property
    def ref(self) -> str:
        return self.view.ref

    def state(self) -> dict[str, str]:
        """The fields the officer may change, as they stood when issued."""
        return action_state(self.view)


def action_state(view: ActionView) -> dict[str, str]:
    action = view.action
    return {
        "status": view.status.value,
        "next": text(action.next),
        "timescale": text(action.timescale),
        "baseline": text(action.baseline),
    }


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    """One indicator's value for one period in a return."""

    indicator: Indicator
    period: Period
    key: str
    """The period's key: as the file writes it where it has one, else the period's label."""
    value: IndicatorValue | None
    earlier: tuple[str, ...]
    """The earlier quarters' actuals (or ratings), as shown, one per earlier column."""

    @property
    def ref(self) -> str:
        return f"{self.indicator.id} {self.period.label}"

    @property
    def qualitative(self) -> bool:
        return self.indicator.type == "qualitative"

    def state(self) -> dict[str, str]:
        return value_state(self.value)


def value_state(value: IndicatorValue | None) -> dict[str, str]:
    if value is None:
        return {"target": "", "actual": "", "rag": "", "note": "", "corrective_action": ""}
    return {
        "target": number(value.target),
        "actual": number(value.actual),
        "rag": value.rag or "",
        "note": text(value.note),
        "corrective_action": text(value.corrective_action),
    }


@dataclass(slots=True)
class Return:
    """One officer's return for a period."""

    person: Person
    period: Period
    actions: list[ActionLine] = field(default_factory=list)
    indicators: list[IndicatorLine] = field(default_factory=list)
    earlier_labels: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.actions and not self.indicators


@dataclass(slots=True)
class Contents:
    """Every return for a period, and what no return covers."""

    returns: list[Return]
    unassigned: list[tuple[str, str]]
    """(reference, why) of each open action or indicator no person's return covers."""


def build_returns(ws: Workspace, period: Period, leads: frozenset[str] | None = None) -> Contents:
    """Every officer's return for ``period`` (only those in ``leads``, if given), in the
    people file's order; each return's actions in plan order, indicators in file order."""
    fy = ws.config.financial_year
    earlier = earlier_quarters(period, fy)
    by_person: dict[str, Return] = {}
    unassigned: list[tuple[str, str]] = []

    def officer(person_id: str) -> Return | None:
        person = ws.people.get(person_id)
        if person is None or person.type != "person":
            return None
        if person_id not in by_person:
            by_person[person_id] = Return(person, period, earlier_labels=tuple(p.label for p in earlier))
        return by_person[person_id]

    for view in ws.action_list:
        if view.closed:
            continue
        takers = [r for lead in dict.fromkeys(view.leads) if (r := officer(lead)) is not None]
        for taker in takers:
            taker.actions.append(ActionLine(view))
        if not takers:
            unassigned.append((view.ref, _why(ws, view.leads)))
    for indicator in ws.indicators.values():
        lines = indicator_lines(indicator, period, earlier, fy)
        if not lines:
            continue
        owner = officer(indicator.owner) if indicator.owner else None
        if owner is None:
            unassigned.append((indicator.id, _why(ws, (indicator.owner,) if indicator.owner else ())))
            continue
        owner.indicators.extend(lines)
    order = {person_id: n for n, person_id in enumerate(ws.people)}
    returns = sorted(by_person.values(), key=lambda r: order[r.person.id])
    if leads is not None:
        returns = [r for r in returns if r.person.id in leads]
    return Contents(returns, unassigned)


def _why(ws: Workspace, leads: tuple[str | None, ...]) -> str:
    if not leads:
        return "no lead or owner"
    words = []
    for lead in leads:
        person = ws.people.get(lead or "")
        if person is None:
            words.append(f"{lead} is not in the people file")
        else:
            words.append(f"{lead} is {'a group' if person.type == 'group' else 'outside the council'}")
    return "; ".join(words)


def earlier_quarters(period: Period, fy: FinancialYear) -> list[Period]:
    """The quarters before ``period``, oldest first, for the earlier-actuals columns."""
    found = []
    current = period
    for _ in range(EARLIER_PERIODS):
        current = fy.previous(current)
        found.append(current)
    return found[::-1]


def indicator_lines(
    indicator: Indicator, quarter: Period, earlier: list[Period], fy: FinancialYear
) -> list[IndicatorLine]:
    """The indicator's rows in the quarter's return: a quarterly indicator one, for the
    quarter; a monthly one, one per month; an annual one, the year, in the year's last quarter."""
    by_period = {p: (label, value) for p, label, value in values_by_period(indicator, fy)}
    if indicator.frequency == "monthly":
        periods = [month(*divmod_month(quarter.start, i)) for i in range(3)]
    elif indicator.frequency == "annual":
        year = fy.year(fy.start_year_of(quarter.start))
        periods = [year] if year.end == quarter.end else []
    else:
        periods = [quarter]
    shown = tuple(_shown(indicator, by_period.get(p, (None, None))[1]) for p in earlier)
    lines = []
    for period in periods:
        key, value = by_period.get(period, (period.label, None))
        lines.append(
            IndicatorLine(indicator, period, key, value, shown if period is quarter else ("",) * len(shown))
        )
    return lines


def divmod_month(start: date, offset: int) -> tuple[int, int]:
    index = start.year * 12 + start.month - 1 + offset
    return index // 12, index % 12 + 1


def _shown(indicator: Indicator, value: IndicatorValue | None) -> str:
    if value is None:
        return ""
    if indicator.type == "qualitative":
        return (value.rag or "").capitalize()
    return number(value.actual)


def file_name(ret: Return) -> str:
    """``2026-27-q3-nadia-dobson-ND.xlsx``: the period, the officer's name and id."""
    from pmplan.dates.periods import file_stem

    slug = re.sub(r"[^a-z0-9]+", "-", ret.person.name.lower()).strip("-") or "officer"
    person = re.sub(r"[^A-Za-z0-9._-]+", "-", ret.person.id)
    return f"{file_stem(ret.period)}-{slug}-{person}.xlsx"


def parse_quarter(fy: FinancialYear, label: str) -> Period | None:
    try:
        return fy.parse(label)
    except PeriodError:
        return None
