"""What every part of the report's build reads: the workspace as at the report's date, the
period and its dates, and (in a git workspace) every action's history."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pmplan.changes.history import ActionTimeline
from pmplan.dates.periods import Period
from pmplan.report.position import ReportDates
from pmplan.report.view.model import UpdateRow
from pmplan.report.view.text import clean, format_date
from pmplan.workspace.index import ActionView, Workspace
from pmplan.workspace.models import ActionPlan, Update


class Scope:
    """The period, its dates and the workspace facts every part of the build reads."""

    def __init__(
        self, ws: Workspace, dates: ReportDates, timelines: dict[str, ActionTimeline] | None = None
    ) -> None:
        self.ws = ws
        self.dates = dates
        self.period: Period = dates.period
        self.as_of = dates.as_of
        self.fy = ws.config.financial_year
        self.timelines = timelines

    @property
    def quarterly(self) -> bool:
        return self.period.kind == "quarter"

    @property
    def period_word(self) -> str:
        """``quarter`` or ``year``."""
        return "quarter" if self.quarterly else "year"

    def in_period(self, day: date) -> bool:
        """Whether an update dated ``day`` is progress for the period: after the previous
        period's cut-off, up to this one's (or the as-of date)."""
        return self.dates.in_window(day)

    def name(self, person_id: str | None) -> str | None:
        return clean(self.ws.person_name(person_id)) if person_id else None

    def update_row(self, update: Update) -> UpdateRow:
        return UpdateRow(update.date, format_date(update.date), clean(update.text), self.name(update.by))

    def updates_in_period(self, updates: Iterable[Update]) -> tuple[UpdateRow, ...]:
        chosen = sorted((u for u in updates if self.in_period(u.date)), key=lambda u: u.date)
        return tuple(self.update_row(u) for u in chosen)

    def timeline(self, item: ActionView) -> ActionTimeline | None:
        return self.timelines.get(item.ref) if self.timelines is not None else None

    def short(self, plan: ActionPlan) -> str:
        """The name Members know a plan by: its ``short`` name, else its title."""
        return clean(plan.short) if plan.short and clean(plan.short) else clean(plan.title)

    def display_ref(self, item: ActionView) -> str:
        """``PM Action Plan R6.b``."""
        return f"{self.short(item.plan)} {item.local_ref}"
