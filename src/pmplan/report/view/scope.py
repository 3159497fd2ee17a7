"""What every part of the report's build reads: the workspace, the period, the as-of date."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pmplan.dates.periods import Period
from pmplan.report.view.model import UpdateRow
from pmplan.report.view.text import clean, format_date
from pmplan.workspace.index import Workspace
from pmplan.workspace.models import Update


class Scope:
    """The period, the as-of date and the workspace facts every part of the build reads."""

    def __init__(self, ws: Workspace, period: Period, as_of: date) -> None:
        self.ws = ws
        self.period = period
        self.as_of = as_of
        self.fy = ws.config.financial_year
        self.last_day = min(period.end, as_of)

    def in_period(self, day: date) -> bool:
        return self.period.start <= day <= self.last_day

    def name(self, person_id: str | None) -> str | None:
        return clean(self.ws.person_name(person_id)) if person_id else None

    def update_row(self, update: Update) -> UpdateRow:
        return UpdateRow(update.date, format_date(update.date), clean(update.text), self.name(update.by))

    def updates_in_period(self, updates: Iterable[Update]) -> tuple[UpdateRow, ...]:
        chosen = sorted((u for u in updates if self.in_period(u.date)), key=lambda u: u.date)
        return tuple(self.update_row(u) for u in chosen)
