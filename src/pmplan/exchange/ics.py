"""The reporting calendar as an iCalendar file, for Outlook and Google Calendar."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from pmplan.calendar.schedule import DayRule
from pmplan.calendar.timetable import Entry, MeetingDate, SpanDates
from pmplan.characters import without_controls
from pmplan.workspace.index import Workspace


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "council"


def events(entries: Iterable[Entry]) -> list[Entry]:
    """The entries that become events: all but the meetings whose date is not yet set."""
    return [e for e in entries if not (isinstance(e, MeetingDate) and e.day is None)]


def _day(day: date) -> str:
    return f"{day.day} {day.strftime('%B %Y')}"


def ics_bytes(ws: Workspace, entries: list[Entry], as_of: date, label: str, rule: DayRule) -> bytes:
    """An iCalendar file with one all-day event per report due, per dated meeting (on its
    date, the period it reports on in the summary) and per span (from its first day to its
    last). A meeting with no date yet has no event.

    UIDs name the report and the month (a report due), the period (a meeting) or the first
    month (a span), never a date that may move, so that importing a new file updates the
    events rather than doubling them; DTSTAMP is the as-of date, so that the same input gives
    the same file.
    """
    from icalendar import Calendar, Event

    organisation = without_controls(ws.config.organisation)
    domain = f"{_slug(organisation)}.pmplan"
    cal = Calendar()
    cal.add("prodid", "-//pmplan//Reporting calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # one line: icalendar writes this property as it is, and a line break would end it
    cal.add("x-wr-calname", " ".join(f"{organisation}: reporting cycle {label}".split()))
    stamp = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
    for entry in events(entries):
        report = entry.report
        event = Event()
        event.add("uid", f"{entry.uid}@{domain}")
        event.add("dtstamp", stamp)
        lines = []
        to = entry.committees if isinstance(entry, MeetingDate) else tuple(report.to)
        if to:
            lines.append("To: " + ", ".join(to))
        if isinstance(entry, SpanDates):
            event.add("dtstart", entry.start)
            event.add("dtend", entry.end + timedelta(days=1))
            event.add("summary", without_controls(report.title))
            lines.append(f"From {_day(entry.start)} to {_day(entry.end)}")
            when = "running over the months of its span"
        elif isinstance(entry, MeetingDate):
            assert entry.day is not None
            event.add("dtstart", entry.day)
            event.add("dtend", entry.day + timedelta(days=1))
            committee = f" ({entry.meeting.committee})" if entry.meeting.committee else ""
            event.add("summary", without_controls(f"{report.title}: {entry.period.label}{committee}"))
            lines.append(f"Reports on: {entry.period.label}")
            when = "at the meeting on this date"
        else:
            event.add("dtstart", entry.day)
            event.add("dtend", entry.day + timedelta(days=1))
            event.add("summary", without_controls(report.title))
            when = f"due on {rule} of the month"
        if report.owner:
            lines.append(f"Owner: {ws.person_name(report.owner)} ({report.owner})")
        for text in (report.description, _note(entry)):
            if text:
                lines.append(text)
        lines.append(f"Report '{report.id}' in the {organisation} reporting cycle {label}, {when}.")
        event.add("description", without_controls("\n".join(lines)))
        event.add("categories", ["Reporting cycle"])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


def _note(entry: Entry) -> str | None:
    if isinstance(entry, MeetingDate):
        return entry.meeting.note
    if isinstance(entry, SpanDates):
        return entry.span.note
    return None
