"""Rows for ``pmplan list``: actions and indicators as flat records, filtered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pmplan.workspace.index import ActionView, Workspace
from pmplan.workspace.records import action_record


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


def action_records(ws: Workspace, keep: ActionFilter) -> list[dict[str, Any]]:
    return [action_record(ws, a, keep.as_of) for a in ws.action_list if keep.keep(a)]
