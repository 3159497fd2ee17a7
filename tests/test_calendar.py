"""``pmplan calendar``: the reporting cycle as a grid, what is due, and an iCalendar file."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from icalendar import Calendar

from plan_fixtures import MakeWorkspace, invoke
from pmplan.calendar.schedule import CalendarError, DayRule, parse_day_rule, parse_month
from pmplan.dates.periods import APRIL, PeriodError
from pmplan.dates.workdays import bank_holidays

CALENDAR = """
kind: calendar
reports:
  - id: qpr
    title: Quarterly performance report
    to: [Cabinet, Overview and Scrutiny Committee]
    owner: JP
    months: [Feb, May, Aug, Nov]
  - id: annual-report
    title: Annual report
    to: [Council website]
    owner: HB
    months: [Sep]
  - id: pi-report
    title: Monthly PI report
    to: [CMT]
    every: month
"""
EVENTS = 4 + 1 + 12


@pytest.fixture
def ws(make_workspace: MakeWorkspace) -> Path:
    return make_workspace({"plans/calendar.yaml": CALENDAR})


def run(ws: Path, *args: str, as_of: str = "2025-11-20") -> str:
    result = invoke("calendar", "--workspace", str(ws), "--as-of", as_of, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


# --- working days --------------------------------------------------------------------------------


def test_england_and_wales_bank_holidays() -> None:
    assert sorted(bank_holidays(2025)) == [
        date(2025, 1, 1),
        date(2025, 4, 18),
        date(2025, 4, 21),
        date(2025, 5, 5),
        date(2025, 5, 26),
        date(2025, 8, 25),
        date(2025, 12, 25),
        date(2025, 12, 26),
    ]
    assert {date(2022, 12, 26), date(2022, 12, 27)} <= bank_holidays(2022)  # Christmas on a Sunday
    assert {date(2021, 12, 27), date(2021, 12, 28)} <= bank_holidays(2021)  # on a Saturday
    assert date(2022, 1, 3) in bank_holidays(2022)  # New Year's Day on a Saturday


@pytest.mark.parametrize(
    ("rule", "year", "month", "expected"),
    [
        ("last-working-day", 2025, 8, date(2025, 8, 29)),  # the 31st is a Sunday
        ("last-working-day", 2024, 3, date(2024, 3, 28)),  # the 29th is Good Friday
        ("last-working-day", 2025, 12, date(2025, 12, 31)),
        ("first-working-day", 2026, 1, date(2026, 1, 2)),  # New Year's Day
        ("first-working-day", 2025, 11, date(2025, 11, 3)),  # the 1st is a Saturday
        ("15", 2025, 11, date(2025, 11, 14)),  # Saturday: the working day before
        ("31", 2026, 2, date(2026, 2, 27)),  # no 31st: the last day, then back to Friday
        ("1", 2025, 11, date(2025, 11, 3)),  # nothing before it in the month: the next working day
    ],
)
def test_day_rules(rule: str, year: int, month: int, expected: date) -> None:
    assert parse_day_rule(rule).date_in(year, month) == expected


def test_parsing_flags() -> None:
    assert parse_month("Feb") == parse_month("february") == parse_month("2") == 2
    assert parse_day_rule("last") == DayRule("last")
    assert APRIL.parse_year("2025/26") == 2025
    for bad in (lambda: parse_month("Febuary"), lambda: parse_day_rule("32")):
        with pytest.raises(CalendarError):
            bad()
    with pytest.raises(PeriodError):
        APRIL.parse_year("2025 Q1")


# --- the command --------------------------------------------------------------------------------


def test_grid_of_the_financial_year_and_what_is_due_next(ws: Path) -> None:
    out = run(ws)
    assert "Reporting cycle 2025/26: Test Council" in out
    header = next(line for line in out.splitlines() if "Report" in line and "Apr" in line)
    months = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
    assert [header.index(m) for m in months] == sorted(header.index(m) for m in months)
    qpr = next(line for line in out.splitlines() if "Quarterly performance report" in line)
    cells = [c.strip() for c in qpr.split("│")[2:-1]]
    assert cells == ["", "✓", "", "", "✓", "", "", "✓", "", "", "✓", ""]
    assert "Next due (from 2025-11-20): Fri 28 Nov 2025" in out
    assert (
        "  - Quarterly performance report -> Cabinet, Overview and Scrutiny Committee (owner: Jo Price)"
        in out
    )
    assert "Then: Wed 31 Dec 2025" in out


def test_month(ws: Path) -> None:
    out = run(ws, "--month", "Sep")
    assert out.splitlines()[0] == "Due in September 2025: Tue 30 Sep 2025"
    assert "Annual report -> Council website (owner: Hal Brook)" in out
    feb = run(ws, "--month", "feb", "--day", "20")
    assert feb.splitlines()[0] == "Due in February 2026: Fri 20 Feb 2026"
    assert "Monthly PI report -> CMT" in feb


def test_ics_imports_into_calendars(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "cycle.ics"
    text = run(ws, "--ics", str(out), "--year", "2026/27")
    assert f"Wrote {out}: {EVENTS} events for 2026/27" in text
    cal = Calendar.from_ical(out.read_bytes())
    assert cal["VERSION"] == "2.0" and "pmplan" in str(cal["PRODID"])
    events = cal.walk("VEVENT")
    assert len(events) == EVENTS
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == EVENTS and "qpr-2026-05@test-council.pmplan" in uids
    stamps = {e.decoded("DTSTAMP") for e in events}
    assert stamps == {datetime(2025, 11, 20, tzinfo=timezone.utc)}  # noqa: UP017
    qpr = {e.decoded("DTSTART") for e in events if str(e["SUMMARY"]) == "Quarterly performance report"}
    assert qpr == {date(2026, 5, 29), date(2026, 8, 28), date(2026, 11, 30), date(2027, 2, 26)}
    first = events[0]
    assert type(first.decoded("DTSTART")) is date  # all-day: DTSTART;VALUE=DATE
    assert (first.decoded("DTEND") - first.decoded("DTSTART")).days == 1
    assert b"DTSTART;VALUE=DATE:" in out.read_bytes()
    assert "To: Cabinet, Overview and Scrutiny Committee" in str(
        next(e for e in events if str(e["SUMMARY"]).startswith("Quarterly"))["DESCRIPTION"]
    )
    again = tmp_path / "again.ics"
    both = run(ws, "--ics", str(again), "--year", "2026/27", "--month", "May")
    assert again.read_bytes() == out.read_bytes()  # the same input, the same file
    assert "Due in May 2026: Fri 29 May 2026" in both


def test_ics_on_a_day_of_the_month(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "cycle.ics"
    run(ws, "--ics", str(out), "--day", "15")
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    starts = {e.decoded("DTSTART") for e in events}
    assert date(2025, 11, 14) in starts and date(2025, 4, 15) in starts
    assert all(d.weekday() < 5 for d in starts)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "Smarch"], "--month 'Smarch'"),
        (["--day", "0"], "--day '0'"),
        (["--year", "2025-26"], "--year"),
        (["--as-of", "20/11/2025"], "--as-of"),
    ],
)
def test_bad_flags_exit_2(ws: Path, args: list[str], message: str) -> None:
    result = invoke("calendar", "--workspace", str(ws), *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_no_reporting_calendar_exits_2(make_workspace: MakeWorkspace) -> None:
    result = invoke("calendar", "--workspace", str(make_workspace()))
    assert result.exit_code == 2
    assert "no reporting calendar" in result.stderr
