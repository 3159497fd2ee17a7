"""When the quarter's returns are due: from the reporting calendar.

Returns feed the quarterly report, so they are due :data:`LEAD_WORKING_DAYS` working days
before it goes to committee: before the first meeting in the calendar that reports on the
quarter (``meetings: [{date: 2027-02-17, reports_on: 2026/27 Q3}]``); where no meeting with a
date does, before the first date after the quarter ends on which a report that comes round
every quarter (one due in four or more months of the year) falls, on the calendar's usual day
(the last working day of its month). ``--deadline`` on the command line overrides it; with
neither a meeting nor a quarterly report in the calendar there is no deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pmplan.calendar.schedule import DayRule
from pmplan.calendar.timetable import Timetable
from pmplan.dates.periods import Period, add_months
from pmplan.dates.workdays import is_working_day
from pmplan.returns.words import long_date, month_year
from pmplan.workspace.index import Workspace
from pmplan.workspace.models import Report

LEAD_WORKING_DAYS = 20
"""Working days between the returns' deadline and the report they feed (four weeks to
check the returns, write the report and send it to the committee)."""


@dataclass(frozen=True, slots=True)
class Deadline:
    day: date
    report: Report | None = None
    """The report the returns feed, where the deadline comes from the calendar."""
    report_day: date | None = None
    committee: str | None = None
    """The meeting that takes the report, where the calendar names it."""

    def describe(self) -> str:
        """``for the Quarterly performance report to Cabinet on 17 February 2027``, or with
        no meeting, ``for the Quarterly performance report (February 2027)``."""
        if self.report is None or self.report_day is None:
            return ""
        if self.committee:
            return f"for the {self.report.title} to {self.committee} on {long_date(self.report_day, weekday=False)}"
        return f"for the {self.report.title} ({month_year(self.report_day)})"


def returns_deadline(ws: Workspace, period: Period, given: date | None = None) -> Deadline | None:
    """The returns' deadline for ``period``: ``given`` (from ``--deadline``) if any, else
    from the calendar (see the module's docstring); None when neither gives one."""
    if given is not None:
        return Deadline(given)
    meeting = Timetable(ws).meeting_for(period.label)
    if meeting is not None and meeting.day is not None:
        day = working_days_before(meeting.day, LEAD_WORKING_DAYS)
        if day > period.end:
            return Deadline(day, meeting.report, meeting.day, meeting.committee)
    quarterly = [r for r in ws.reports.values() if len(r.month_numbers()) >= 4]
    if not quarterly:
        return None
    report = quarterly[0]
    months = set(report.month_numbers())
    year, month = add_months(period.end.year, period.end.month, 1)
    for _ in range(12):
        if month in months:
            report_day = DayRule("last").date_in(year, month)
            day = working_days_before(report_day, LEAD_WORKING_DAYS)
            if day > period.end:
                return Deadline(day, report, report_day)
        year, month = add_months(year, month, 1)
    return None


def working_days_before(day: date, count: int) -> date:
    """The working day ``count`` working days before ``day``."""
    while count:
        day -= timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day
