"""Rules about the reporting calendar's meetings."""

from __future__ import annotations

import calendar as month_lengths
from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from pmplan.calendar.cycle import expected_month, first_day
from pmplan.dates.months import ABBREVIATIONS, NAMES
from pmplan.dates.periods import Period, PeriodError, add_months
from pmplan.lint.rules.base import Context, Problem
from pmplan.workspace.index import Workspace, place_of
from pmplan.workspace.models import Meeting, Report


def _meetings(ws: Workspace) -> Iterator[tuple[str, Report, Meeting, Period]]:
    """(report reference, report, meeting, the period it reports on) for every meeting."""
    fy = ws.config.financial_year
    for key, report in ws.reports.items():
        for meeting in report.meetings:
            try:
                period = fy.parse(meeting.reports_on)
            except PeriodError:
                continue
            yield key, report, meeting, period


def _day(day: date) -> str:
    return f"{day.day} {ABBREVIATIONS[day.month - 1]} {day.year}"


def meeting_outside_months(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """A meeting dated in a month that is not one of its report's `months`.

    Where a report gives both its cycle's months and its meetings, the two should agree:
    a meeting in another month usually means a mistyped date, or a cycle that has moved
    without its months being changed. The grid and the calendar file would show the report
    in both months.

    Example:

        months: [Aug, Nov, Feb, May]
        meetings:
          - {date: 2025-09-17, reports_on: 2025/26 Q1}

    Fix: correct the date, or the months (`months: []` leaves the dates to the meetings):

        months: [Sep, Dec, Mar, Jun]
    """
    for key, report, meeting, period in _meetings(ws):
        if meeting.date is None or not report.months or report.every == "month":
            continue
        if meeting.date.month not in report.month_numbers():
            source = ws.source_of(report)
            yield Problem(
                place_of(source, meeting, "date"),
                f"report {key}: the meeting on {_day(meeting.date)} ({period.label}) is in "
                f"{NAMES[meeting.date.month - 1]}, which is not one of its months "
                f"({', '.join(report.months)}): correct the date or the months",
                key,
            )


def period_reported_twice(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """Two meetings of one report that report on the same period to the same committee.

    Each period is reported on once to each committee; a second meeting for it is usually a
    copied line whose period was not changed (Q2 twice and no Q3), and leaves it unclear
    which date the report's front page should carry. A report that goes to Cabinet and then
    to Scrutiny names each meeting's `committee`. Every place is reported.

    Example:

        meetings:
          - {date: 2025-09-17, reports_on: 2025/26 Q2}
          - {date: 2025-12-10, reports_on: 2025/26 Q2}

    Fix:

        meetings:
          - {date: 2025-09-17, reports_on: 2025/26 Q1}
          - {date: 2025-12-10, reports_on: 2025/26 Q2}
    """
    by_committee: dict[tuple[str, str, str], list[tuple[Report, Meeting]]] = defaultdict(list)
    for _, report, meeting, period in _meetings(ws):
        for committee in report.committees(meeting) or ("",):
            by_committee[(report.id, period.label, committee)].append((report, meeting))
    reported: set[int] = set()
    for (report_id, label, committee), found in by_committee.items():
        if len(found) < 2:
            continue
        places = [place_of(ws.source_of(report), meeting) for report, meeting in found]
        to = f" to {committee}" if committee else ""
        for (_, meeting), here in zip(found, places, strict=True):
            if id(meeting) in reported:
                continue
            reported.add(id(meeting))
            others = ", ".join(f"{p.file}:{p.line}" for p in places if p != here)
            yield Problem(
                here,
                f"report {report_id}: {label} is reported on {len(found)} times{to} "
                f"(also at {others}): each period once to each committee",
                report_id,
            )


def undated_meeting(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """A meeting with no date yet that is less than a month away, or already past.

    A meeting may be written down before its committee's dates are set; it is listed as
    "date to be set" and has no event in the calendar file, so nobody's diary holds it. Once
    it is less than a month away it needs its date. It is expected in the first of its
    report's months after the period it reports on ends (or the month after the period, for
    a report with no months).

    Example (as of 15 January 2026):

        months: [Aug, Nov, Feb, May]
        meetings:
          - {reports_on: 2025/26 Q3}

    Fix: add the date from the committee calendar:

          - {date: 2026-02-11, reports_on: 2025/26 Q3}
    """
    soon = _month_later(ctx.as_of)
    for key, report, meeting, period in _meetings(ws):
        if meeting.date is not None:
            continue
        expected = expected_month(report, meeting, period)
        if first_day(expected) > soon:
            continue
        month = f"{NAMES[expected[1] - 1]} {expected[0]}"
        past = add_months(*expected, 1) <= (ctx.as_of.year, ctx.as_of.month)
        when = f"was expected in {month}" if past else f"is expected in {month}, less than a month away"
        yield Problem(
            place_of(ws.source_of(report), meeting),
            f"report {key}: the meeting on {period.label} has no date and {when}: add its date",
            key,
        )


def _month_later(day: date) -> date:
    year, month = add_months(day.year, day.month, 1)
    return date(year, month, min(day.day, month_lengths.monthrange(year, month)[1]))
