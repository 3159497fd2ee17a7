"""Indicators as flat records for a period: the shape ``pmplan list indicators --format json``
writes (``CLI.md`` fixes its keys)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pmplan.indicators.reading import read_indicator
from pmplan.workspace.index import Workspace


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
