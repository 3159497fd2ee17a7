"""When a committee meets, as the reporting calendar says: the dated meetings of the reports
that go to it and, in months where it has no dated meeting, the days its reports fall due.

The audit tracker reads this for "since the last meeting" and the meeting it goes to.
"""

from __future__ import annotations

from datetime import date

from pmplan.calendar.schedule import DayRule
from pmplan.calendar.timetable import Due, MeetingDate, Timetable
from pmplan.workspace.index import Workspace
from pmplan.workspace.models import CalendarFile


def committee_names(ws: Workspace) -> list[str]:
    """Every committee or audience the calendar names, in the order first written."""
    names: dict[str, None] = {}
    for _, model in ws.of_kind("calendar"):
        if isinstance(model, CalendarFile):
            for report in model.reports:
                names.update(dict.fromkeys(report.to))
                names.update(dict.fromkeys(m.committee for m in report.meetings if m.committee))
    return list(names)


def find_committee(ws: Workspace, wanted: str | None, hint: str = "audit") -> str | None:
    """The committee as the calendar names it: ``wanted`` (exactly, or the one name that
    contains it, ignoring case), or with none wanted the first whose name contains ``hint``."""
    names = committee_names(ws)
    if wanted is not None:
        exact = [n for n in names if n.casefold() == wanted.casefold()]
        partial = [n for n in names if wanted.casefold() in n.casefold()]
        found = exact or (partial if len(partial) == 1 else [])
        return found[0] if found else None
    return next((n for n in names if hint in n.casefold()), None)


LAST_WORKING_DAY = DayRule("last")


def meeting_days(ws: Workspace, committee: str, around: date, rule: DayRule = LAST_WORKING_DAY) -> list[date]:
    """The days ``committee`` meets in the financial years either side of ``around``: its
    dated meetings, and the days its reports fall due in months with no dated meeting."""
    timetable = Timetable(ws)
    holder = ws.config.financial_year.start_year_of(around)
    dated: set[date] = set()
    due: set[date] = set()
    for start_year in (holder - 1, holder, holder + 1):
        for entry in timetable.year(start_year, rule):
            if isinstance(entry, MeetingDate) and entry.day is not None and committee in entry.committees:
                dated.add(entry.day)
            elif isinstance(entry, Due) and committee in entry.report.to:
                due.add(entry.day)
    months = {(d.year, d.month) for d in dated}
    return sorted(dated | {d for d in due if (d.year, d.month) not in months})


def last_and_next(days: list[date], as_of: date) -> tuple[date | None, date | None]:
    """The last meeting before ``as_of`` and the next one on or after it."""
    before = [d for d in days if d < as_of]
    after = [d for d in days if d >= as_of]
    return (before[-1] if before else None, after[0] if after else None)
