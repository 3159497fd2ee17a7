"""An action as a flat record: the shape ``pmplan list --format json`` and ``export`` write
(``CLI.md`` fixes its keys)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pmplan.workspace.index import ActionView, Workspace


def action_record(ws: Workspace, item: ActionView, as_of: date) -> dict[str, Any]:
    """The action's reference, plan, title, leads, timescale, due date, status and more, as plain data."""
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
