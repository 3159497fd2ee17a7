"""The reporting calendar as a month grid for the terminal."""

from __future__ import annotations

from datetime import date

from pmplan.dates.months import ABBREVIATIONS
from pmplan.workspace.index import Workspace


def grid(ws: Workspace, start_year: int, as_of: date) -> object:
    """A rich table: reports as rows, the financial year's months as columns, ticks where due."""
    from rich.markup import escape
    from rich.table import Table

    from pmplan.characters import visible

    fy = ws.config.financial_year
    months = fy.months(start_year)
    label = fy.label(start_year)
    organisation = escape(visible(ws.config.organisation))
    table = Table(title=f"Reporting cycle {label}: {organisation}", title_justify="left")
    table.add_column("Report", overflow="fold", min_width=24, max_width=60)
    for year, month in months:
        now = (year, month) == (as_of.year, as_of.month)
        name = ABBREVIATIONS[month - 1]
        table.add_column(f"[reverse]{name}[/reverse]" if now else name, justify="center", no_wrap=True)
    for report in ws.reports.values():
        numbers = report.month_numbers()
        ticks = ["✓" if month in numbers else "" for _, month in months]
        table.add_row(escape(visible(report.title)), *ticks)
    return table
