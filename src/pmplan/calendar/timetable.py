"""The workspace's reporting timetable: what falls when, and the meetings that take each report.

Three kinds of entry make up the timetable:

- :class:`Due`: a report due in one of its cycle's ``months``, on the day a
  :class:`~pmplan.calendar.schedule.DayRule` picks (the last working day by default). A month
  in which the report has a dated meeting shows the meeting instead.
- :class:`MeetingDate`: one of a report's ``meetings``, on its date, with the period it reports
  on; a meeting whose date is not yet set is placed in the month it is expected in.
- :class:`SpanDates`: one of a report's ``spans``, from the first day of its first month to
  the last day of its last.

A calendar file with a ``year`` holds that year's timetable: its reports stand in for the
standing ones (files with no year) with the same id in that year's cycle, and only there.
Meetings and spans written with their years are where their dates put them, whichever file
they are in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from pmplan.calendar.cycle import (
    Month,
    cycle_months,
    expected_month,
    first_day,
    is_dated,
    span_months,
)
from pmplan.calendar.schedule import DayRule
from pmplan.dates.periods import Period, PeriodError, add_months, month_end
from pmplan.workspace.index import Workspace, report_key
from pmplan.workspace.models import CalendarFile, Meeting, Report, Span


@dataclass(frozen=True, slots=True)
class Due:
    """A report due on a day of one of its cycle's months."""

    report: Report
    day: date

    @property
    def start(self) -> date:
        return self.day

    @property
    def uid(self) -> str:
        return f"{self.report.id}-{self.day.year}-{self.day.month:02d}"


@dataclass(frozen=True, slots=True)
class MeetingDate:
    """A meeting that takes a report: on its date, or with its date still to be set."""

    report: Report
    meeting: Meeting
    period: Period
    """The period it reports on."""
    month: Month
    """The month of its date, or the month it is expected in while it has none."""

    @property
    def day(self) -> date | None:
        return self.meeting.date

    @property
    def start(self) -> date:
        """Its date; for a meeting with none, the end of the month it is expected in."""
        return self.meeting.date or month_end(*self.month)

    @property
    def committees(self) -> tuple[str, ...]:
        return self.report.committees(self.meeting)

    @property
    def committee(self) -> str:
        return ", ".join(self.committees)

    @property
    def uid(self) -> str:
        """Names the report, the period and (where it has its own) the committee, not the
        date: a meeting that moves keeps its event."""
        period = self.period.label.replace("/", "-").replace(" ", "-").lower()
        uid = f"{self.report.id}-{period}"
        if self.meeting.committee:
            uid += "-" + "".join(c if c.isalnum() else "-" for c in self.meeting.committee.lower())
        return uid


@dataclass(frozen=True, slots=True)
class SpanDates:
    """A stretch of months a report runs over."""

    report: Report
    span: Span
    start: date
    end: date

    @property
    def months(self) -> tuple[Month, Month]:
        return (self.start.year, self.start.month), (self.end.year, self.end.month)

    def covers(self, month: Month) -> bool:
        first, last = self.months
        return first <= month <= last

    @property
    def uid(self) -> str:
        return f"{self.report.id}-span-{self.start.year}-{self.start.month:02d}"


Entry = Due | MeetingDate | SpanDates


def _span_dates(report: Report, span: Span, first: Month, last: Month) -> SpanDates:
    return SpanDates(report, span, first_day(first), month_end(*last))


class Timetable:
    """Every calendar file of a workspace, read against its financial year."""

    def __init__(self, ws: Workspace) -> None:
        self.fy = ws.config.financial_year
        self._standing: list[Report] = []
        self._yearly: dict[int, list[Report]] = defaultdict(list)
        for _, model in ws.of_kind("calendar"):
            if not isinstance(model, CalendarFile):
                continue
            year = self.fy.parse_year(model.year) if model.year else None
            for report in model.reports:
                if ws.reports.get(report_key(model, report)) is not report:
                    continue  # a duplicate id: lint reports it
                (self._standing if year is None else self._yearly[year]).append(report)
        everyone = [*self._standing, *(r for reports in self._yearly.values() for r in reports)]
        self._order = {id(r): i for i, r in enumerate(everyone)}
        self.meetings: list[MeetingDate] = sorted(
            (m for r in everyone for m in self._meetings_of(r)), key=self._sort_key
        )
        """Every meeting of every report, by date (those with no date by the month expected)."""
        self._dated_spans = [
            _span_dates(r, s, *span_months(s, 0, self.fy)) for r in everyone for s in r.spans if is_dated(s)
        ]

    def _meetings_of(self, report: Report) -> list[MeetingDate]:
        found = []
        for meeting in report.meetings:
            try:
                period = self.fy.parse(meeting.reports_on)
            except PeriodError:
                continue
            found.append(MeetingDate(report, meeting, period, expected_month(report, meeting, period)))
        return found

    def _sort_key(self, entry: Entry) -> tuple[date, int]:
        """By date, then in the order the reports are written."""
        return entry.start, self._order[id(entry.report)]

    def __bool__(self) -> bool:
        return bool(self._standing or self._yearly)

    # --- one year's cycle -------------------------------------------------------------------

    def reports(self, start_year: int) -> list[Report]:
        """The reports of the cycle of ``start_year``: the standing ones, with that year's in
        their place."""
        by_id = {r.id: r for r in self._standing}
        for report in self._yearly.get(start_year, ()):
            by_id[report.id] = report
        return list(by_id.values())

    def months(self, start_year: int) -> list[Month]:
        """The months the cycle of ``start_year`` covers: its financial year, and on past its
        end as far as any report's months or spans run."""
        months = self.fy.months(start_year)
        last = months[-1]
        for report in self.reports(start_year):
            reached = cycle_months(report, start_year, self.fy)
            reached += [span_months(s, start_year, self.fy)[1] for s in report.spans if not is_dated(s)]
            last = max([last, *reached])
        while months[-1] < last:
            months.append(add_months(*months[-1], 1))
        return months

    def year(self, start_year: int, rule: DayRule) -> list[Entry]:
        """Everything in the cycle of ``start_year``, by date: its reports due, the meetings
        in its months (those with no date yet last in the month expected), its spans."""
        months = self.months(start_year)
        first, last = months[0], months[-1]
        entries: list[Entry] = [*self._dues(start_year, rule)]
        entries += [m for m in self.meetings if first <= m.month <= last]
        entries += self._spans(start_year, lambda span: first <= span.months[0] <= last)
        return sorted(entries, key=self._sort_key)

    def _dues(self, start_year: int, rule: DayRule, month: Month | None = None) -> list[Due]:
        met = {(m.report.id, m.month) for m in self.meetings if m.day is not None}
        return [
            Due(report, rule.date_in(*placed))
            for report in self.reports(start_year)
            for placed in cycle_months(report, start_year, self.fy)
            if (report.id, placed) not in met and (month is None or placed == month)
        ]

    def _spans(self, start_year: int, keep: Callable[[SpanDates], bool]) -> list[SpanDates]:
        chosen = [
            _span_dates(r, s, *span_months(s, start_year, self.fy))
            for r in self.reports(start_year)
            for s in r.spans
            if not is_dated(s)
        ] + self._dated_spans
        return [s for s in chosen if keep(s)]

    # --- the calendar's months, whichever cycle holds them ---------------------------------------

    def in_month(self, year: int, month: int, rule: DayRule) -> list[Entry]:
        """What falls in a calendar month: reports due, meetings (dated, or expected then) and
        the spans running through it, from whichever year's cycle they belong to."""
        here = (year, month)
        holder = self.fy.start_year_of(date(year, month, 1))
        entries: list[Entry] = []
        seen: set[tuple[str, date]] = set()
        for start_year in (holder - 1, holder):
            for due in self._dues(start_year, rule, here):
                if (due.report.id, due.day) not in seen:
                    seen.add((due.report.id, due.day))
                    entries.append(due)
        entries += [m for m in self.meetings if m.month == here]
        spans: dict[tuple[str, date], SpanDates] = {}
        for start_year in (holder - 1, holder):
            for span in self._spans(start_year, lambda s: s.covers(here)):
                spans.setdefault((span.report.id, span.start), span)
        entries += spans.values()
        return sorted(entries, key=self._sort_key)

    def next_due(self, as_of: date, rule: DayRule, months: int = 2) -> list[list[Entry]]:
        """The next ``months`` months (from ``as_of``'s, inclusive) with anything dated on or
        after ``as_of``: reports due, meetings on their dates, spans that begin."""
        found: list[list[Entry]] = []
        year, month = as_of.year, as_of.month
        for _ in range(24):
            entries = [
                e
                for e in self.in_month(year, month, rule)
                if e.start >= as_of
                and not (isinstance(e, MeetingDate) and e.day is None)
                and not (isinstance(e, SpanDates) and e.months[0] != (year, month))
            ]
            if entries:
                found.append(entries)
                if len(found) == months:
                    break
            year, month = add_months(year, month, 1)
        return found

    # --- meetings ------------------------------------------------------------------------------

    def meeting_for(self, period: str, committee: str | None = None) -> MeetingDate | None:
        """The dated meeting that reports on ``period`` (``2025/26 Q1``): where ``committee``
        is named and one of its meetings does, that one; otherwise the first by date."""
        found = [m for m in self.meetings if m.period.label == period and m.day is not None]
        if committee:
            found = [m for m in found if committee in m.committees] or found
        return found[0] if found else None

    def next_meetings(self, after: date, limit: int | None = None) -> list[MeetingDate]:
        """The meetings after ``after``, by date: those dated after it, and those with no date
        yet that are expected from its month on (placed at the end of the month expected)."""
        month = (after.year, after.month)
        found = [
            m
            for m in self.meetings
            if (m.day is not None and m.day > after) or (m.day is None and m.month >= month)
        ]
        return found[:limit] if limit is not None else found
