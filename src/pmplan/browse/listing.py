"""Rows for ``pmplan list``: actions and indicators as flat records, filtered."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pmplan.indicators.reading import read_indicator
from pmplan.workspace.index import ActionView, Workspace


@dataclass(frozen=True, slots=True)
class ActionFilter:
    as_of: date
    status: frozenset[str] = frozenset()
    lead: str | None = None
    overdue: bool = False
    due_within: int | None = None
    plan: str | None = None

    def keep(self, item: ActionView) -> bool:
        if self.status and item.status not in self.status:
            return False
        if self.lead and self.lead not in item.leads:
            return False
        if self.plan and item.plan.id != self.plan:
            return False
        if self.overdue and not item.overdue(self.as_of):
            return False
        if self.due_within is not None:
            horizon = self.as_of + timedelta(days=self.due_within)
            if item.closed or item.due is None or not (self.as_of <= item.due <= horizon):
                return False
        return True


def action_record(ws: Workspace, item: ActionView, as_of: date) -> dict[str, Any]:
    return {
        "ref": item.ref,
        "plan": item.plan.id,
        "group": item.group.id,
        "title": item.title,
        "leads": list(item.leads),
        "lead_names": [ws.person_name(p) for p in item.leads],
        "timescale": item.action.timescale,
        "due": item.due.isoformat() if item.due else None,
        "start": item.start.isoformat() if item.start else None,
        "recurring": item.recurring,
        "status": item.status,
        "overdue": item.overdue(as_of),
        "priority": item.action.priority,
        "last_update": item.last_update.isoformat() if item.last_update else None,
        "links": list(item.links),
        "file": item.source.rel,
        "line": item.action.line()[0],
    }


def action_records(ws: Workspace, keep: ActionFilter) -> list[dict[str, Any]]:
    return [action_record(ws, a, keep.as_of) for a in ws.action_list if keep.keep(a)]


def indicator_records(
    ws: Workspace, period: str | None, ids: Iterable[str] | None = None
) -> list[dict[str, Any]]:
    tolerance = ws.config.rag.tolerance
    fy = ws.config.financial_year
    rows = []
    for indicator in ws.indicators.values():
        if ids is not None and indicator.id not in ids:
            continue
        reading = read_indicator(indicator, period, tolerance, fy)
        value = reading.value
        rows.append(
            {
                "id": indicator.id,
                "title": indicator.title,
                "type": indicator.type,
                "owner": indicator.owner,
                "deputy": indicator.deputy,
                "unit": indicator.unit,
                "polarity": indicator.polarity,
                "period": reading.period,
                "target": value.target if value else None,
                "actual": value.actual if value else None,
                "rag": reading.rag,
                "rag_reason": reading.reason,
                "direction": reading.direction,
                "compared_with": reading.compared.period if reading.compared else None,
                "note": value.note if value else None,
                "links": list(indicator.links),
            }
        )
    return rows
