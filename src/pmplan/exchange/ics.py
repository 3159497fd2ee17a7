"""The reporting calendar as an iCalendar file, for Outlook and Google Calendar."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from pmplan.calendar.schedule import DayRule, Due
from pmplan.characters import without_controls
from pmplan.workspace.index import Workspace


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "council"


def ics_bytes(ws: Workspace, dues: list[Due], as_of: date, label: str, rule: DayRule) -> bytes:
    """An iCalendar file with one all-day event per report per month.

    UIDs name the report and the month, so that importing a new file updates the events
    rather than doubling them; DTSTAMP is the as-of date, so that the same input gives the
    same file.
    """
    from icalendar import Calendar, Event

    organisation = without_controls(ws.config.organisation)
    domain = f"{_slug(organisation)}.pmplan"
    cal = Calendar()
    cal.add("prodid", "-//pmplan//Reporting calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{organisation}: reporting cycle {label}")
    stamp = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
    for due in dues:
        report = due.report
        event = Event()
        event.add("uid", f"{report.id}-{due.uid_month}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", due.day)
        event.add("dtend", due.day + timedelta(days=1))
        event.add("summary", without_controls(report.title))
        lines = []
        if report.to:
            lines.append("To: " + ", ".join(report.to))
        if report.owner:
            lines.append(f"Owner: {ws.person_name(report.owner)} ({report.owner})")
        if report.description:
            lines.append(report.description)
        lines.append(
            f"Report '{report.id}' in the {organisation} reporting cycle {label}; due on {rule} of the month."
        )
        event.add("description", without_controls("\n".join(lines)))
        event.add("categories", ["Reporting cycle"])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
