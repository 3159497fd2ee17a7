"""``pmplan calendar``: the reporting cycle as a grid, what is due, and an iCalendar file."""

from __future__ import annotations

import json
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


# --- meetings, spans and cycles that cross the year (issue 16) ------------------------------------

MEETINGS = """
kind: calendar
reports:
  - id: qpr
    title: Quarterly performance report
    to: [Cabinet]
    meetings:
      - {date: 2025-09-17, reports_on: 2025/26 Q1}
      - {date: 2025-12-10, reports_on: 2025/26 Q2}
      - {reports_on: 2025/26 Q3}        # date not yet set
"""
SPAN = """
  - id: consultation
    title: Budget consultation
    to: [Residents]
    owner: HB
    spans: [{from: 2025-09, to: 2025-10}]
"""
CROSSING = """
  - id: service-planning
    title: Service planning round
    to: [CMT]
    months: [Jun, Sep, Dec, Mar, Apr]
"""


def ics_events(ws: Path, tmp_path: Path, *args: str, as_of: str = "2025-11-20") -> list:
    out = tmp_path / "cycle.ics"
    run(ws, "--ics", str(out), *args, as_of=as_of)
    return Calendar.from_ical(out.read_bytes()).walk("VEVENT")


def test_meetings_in_the_ics_on_their_dates_with_their_periods(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    ws = make_workspace({"plans/calendar.yaml": MEETINGS})
    assert invoke("lint", "--workspace", str(ws), "--as-of", "2025-11-20").exit_code == 0
    events = ics_events(ws, tmp_path, "--year", "2025/26")
    found = {e.decoded("DTSTART"): str(e["SUMMARY"]) for e in events}
    assert found == {
        date(2025, 9, 17): "Quarterly performance report: 2025/26 Q1",
        date(2025, 12, 10): "Quarterly performance report: 2025/26 Q2",
    }  # and no event for Q3, whose date is not set
    assert all(type(e.decoded("DTSTART")) is date for e in events)  # all-day
    assert all((e.decoded("DTEND") - e.decoded("DTSTART")).days == 1 for e in events)
    assert "To: Cabinet\nReports on: 2025/26 Q1" in str(events[0]["DESCRIPTION"])
    uids = sorted(str(e["UID"]) for e in events)
    assert uids == ["qpr-2025-26-q1@test-council.pmplan", "qpr-2025-26-q2@test-council.pmplan"]


def test_a_moved_meeting_keeps_its_uid(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    moved = MEETINGS.replace("2025-12-10", "2025-12-03")
    before = ics_events(make_workspace({"plans/calendar.yaml": MEETINGS}), tmp_path)
    after = ics_events(make_workspace({"plans/calendar.yaml": moved}), tmp_path)
    by_uid = {str(e["UID"]): e.decoded("DTSTART") for e in after}
    assert {str(e["UID"]) for e in before} == set(by_uid)
    assert by_uid["qpr-2025-26-q2@test-council.pmplan"] == date(2025, 12, 3)


def test_ics_message_counts_what_was_written(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    ws = make_workspace({"plans/calendar.yaml": MEETINGS + SPAN})
    out = run(ws, "--ics", str(tmp_path / "c.ics"))
    assert out == (
        f"Wrote {tmp_path / 'c.ics'}: 3 events for 2025/26 (2 meetings on their dates; 1 span of months; "
        "none for 1 meeting with the date to be set).\n"
    )


def test_grid_shows_meetings_with_their_dates_and_periods(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"plans/calendar.yaml": MEETINGS})
    out = run(ws)
    qpr = next(line for line in out.splitlines() if line.startswith("│ Quarterly performance report"))
    cells = [c.strip() for c in qpr.split("│")[2:-1]]
    assert cells == ["", "", "", "", "", "17", "", "", "10", "?", "", ""]
    assert "17 a meeting on that day · ? a meeting, date to be set" in out
    assert (
        "Meetings:\n"
        "  Quarterly performance report\n"
        "    Wed 17 Sep 2025  2025/26 Q1 -> Cabinet\n"
        "    Wed 10 Dec 2025  2025/26 Q2 -> Cabinet\n"
        "    date to be set   2025/26 Q3 -> Cabinet\n"
    ) in out
    assert (
        "Next due (from 2025-11-20): Wed 10 Dec 2025\n  - Quarterly performance report: 2025/26 Q2 -> Cabinet\n"
        in out
    )


def test_grid_two_meetings_in_a_month(make_workspace: MakeWorkspace) -> None:
    two = MEETINGS.replace("reports_on: 2025/26 Q1}", "reports_on: 2025/26 Q1, committee: Cabinet}").replace(
        "      - {date: 2025-12-10",
        "      - {date: 2025-09-30, reports_on: 2025/26 Q1, committee: Scrutiny, note: Call-in}\n"
        "      - {date: 2025-12-10",
    )
    out = run(make_workspace({"plans/calendar.yaml": two}))
    qpr = next(line for line in out.splitlines() if line.startswith("│ Quarterly performance report"))
    assert [c.strip() for c in qpr.split("│")[2:-1]][5] == "17+"
    assert "    Tue 30 Sep 2025  2025/26 Q1 -> Scrutiny; Call-in\n" in out


def test_month_lists_meetings_by_day_and_those_to_be_set(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace(
        {"plans/calendar.yaml": CALENDAR + MEETINGS.split("reports:\n")[1].replace("qpr", "qpr-cabinet")}
    )
    sep = run(ws, "--month", "Sep")
    assert sep.splitlines() == [
        "Due in September 2025: Wed 17 Sep 2025",
        "  - Quarterly performance report: 2025/26 Q1 -> Cabinet",
        "Then: Tue 30 Sep 2025",
        "  - Annual report -> Council website (owner: Hal Brook)",
        "  - Monthly PI report -> CMT",
    ]
    jan = run(ws, "--month", "Jan")
    assert (
        "Meetings expected in January 2026, date to be set:\n  - Quarterly performance report: 2025/26 Q3 -> Cabinet\n"
        in jan
    )


def test_a_meeting_stands_for_its_months_due_date(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    both = MEETINGS.replace("    to: [Cabinet]\n", "    to: [Cabinet]\n    months: [Sep, Dec, Mar, Jun]\n")
    events = ics_events(make_workspace({"plans/calendar.yaml": both}), tmp_path)
    assert sorted((e.decoded("DTSTART"), str(e["SUMMARY"])) for e in events) == [
        (date(2025, 9, 17), "Quarterly performance report: 2025/26 Q1"),
        (date(2025, 12, 10), "Quarterly performance report: 2025/26 Q2"),
        (date(2026, 3, 31), "Quarterly performance report"),  # Q3's meeting has no date yet
        (date(2026, 6, 30), "Quarterly performance report"),  # Q1 to Q4: June is the following year's
    ]


def test_a_span_is_one_event_and_one_bar(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    ws = make_workspace({"plans/calendar.yaml": CALENDAR + SPAN})
    events = [e for e in ics_events(ws, tmp_path) if str(e["SUMMARY"]) == "Budget consultation"]
    assert len(events) == 1
    assert (events[0].decoded("DTSTART"), events[0].decoded("DTEND")) == (date(2025, 9, 1), date(2025, 11, 1))
    assert str(events[0]["UID"]) == "consultation-span-2025-09@test-council.pmplan"
    assert "From 1 September 2025 to 31 October 2025" in str(events[0]["DESCRIPTION"])
    out = run(ws, as_of="2025-08-20")
    row = next(line for line in out.splitlines() if line.startswith("│ Budget consultation"))
    assert [c.strip() for c in row.split("│")[2:-1]] == ["", "", "", "", "", "┣━━", "━━┫", "", "", "", "", ""]
    assert (
        "Then: Mon 1 Sep 2025\n  - Budget consultation: Sep 2025 to Oct 2025 -> Residents (owner: Hal Brook)"
        in out
    )
    october = run(ws, "--month", "Oct")
    assert "Running through October 2025:\n  - Budget consultation: Sep 2025 to Oct 2025" in october
    assert not [e for e in ics_events(ws, tmp_path, "--year", "2026/27") if "consultation" in str(e["UID"])]


def test_a_span_of_the_cycles_months_comes_every_year(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    yearly = SPAN.replace("{from: 2025-09, to: 2025-10}", "{from: Nov, to: Feb}")
    ws = make_workspace({"plans/calendar.yaml": CALENDAR + yearly})
    for year, start, end in [
        ("2025/26", date(2025, 11, 1), date(2026, 3, 1)),
        ("2026/27", date(2026, 11, 1), date(2027, 3, 1)),
    ]:
        (event,) = [e for e in ics_events(ws, tmp_path, "--year", year) if "consultation" in str(e["UID"])]
        assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (start, end)


def test_a_cycle_listing_april_after_june_puts_april_in_the_following_year(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    ws = make_workspace({"plans/calendar.yaml": CALENDAR + CROSSING})
    events = ics_events(ws, tmp_path, "--year", "2025/26")
    days = sorted(e.decoded("DTSTART") for e in events if str(e["SUMMARY"]) == "Service planning round")
    assert days == [
        date(2025, 6, 30),
        date(2025, 9, 30),
        date(2025, 12, 31),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]
    out = run(ws)
    top, header = [line for line in out.splitlines() if line.startswith("┃")]
    assert [c.strip() for c in top.split("┃")[2:-1]] == ["Apr", *[""] * 11, "Apr"]
    assert [c.strip() for c in header.split("┃")[2:-1]] == [
        "2025", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "2026"
    ]  # fmt: skip
    row = next(line for line in out.splitlines() if line.startswith("│ Service planning round"))
    assert [c.strip() for c in row.split("│")[2:-1]] == [
        "",
        "",
        "✓",
        "",
        "",
        "✓",
        "",
        "",
        "✓",
        "",
        "",
        "✓",
        "✓",
    ]
    qpr = next(line for line in out.splitlines() if line.startswith("│ Quarterly performance report"))
    assert [c.strip() for c in qpr.split("│")[2:-1]][-1] == ""  # the standing cycle's May is this year's
    april = run(ws, "--month", "Apr")
    assert april.splitlines()[0] == "Due in April 2025: Wed 30 Apr 2025"  # the monthly PI report
    assert "Due in April 2026: Thu 30 Apr 2026\n  - Service planning round -> CMT" in april
    assert "Service planning round" not in april.split("Due in April 2026")[0]


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (["Jun", "Sep", "Dec", "Mar", "Apr"], [(2025, 6), (2025, 9), (2025, 12), (2026, 3), (2026, 4)]),
        (["Aug", "Nov", "Feb", "May"], [(2025, 8), (2025, 11), (2026, 2), (2026, 5)]),  # Q1..Q4 reports
        (["May", "Aug", "Nov", "Feb"], [(2025, 5), (2025, 8), (2025, 11), (2026, 2)]),  # financial-year order
        (["Feb", "May", "Aug", "Nov"], [(2026, 2), (2025, 5), (2025, 8), (2025, 11)]),  # calendar order
        (["Jan", "Apr", "Jul", "Oct"], [(2026, 1), (2025, 4), (2025, 7), (2025, 10)]),
        (["Dec", "Mar", "Nov"], [(2025, 12), (2026, 3), (2026, 11)]),
    ],
)
def test_cycle_months_read_in_the_order_written(months: list[str], expected: list[tuple[int, int]]) -> None:
    from pmplan.calendar.cycle import cycle_months
    from pmplan.workspace.models import Report

    report = Report(id="r", title="R", months=months)
    assert cycle_months(report, 2025, APRIL) == expected


def test_a_calendar_for_one_year(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    standing = CALENDAR + "  - id: budget\n    title: Budget setting\n    to: [Council]\n    months: [Mar]\n"
    moved = "kind: calendar\nyear: 2026/27\nreports:\n  - id: budget\n    title: Budget setting\n    to: [Council]\n    months: [Feb]\n"
    ws = make_workspace({"plans/calendar.yaml": standing, "plans/calendar-2026-27.yaml": moved})
    assert invoke("lint", "--workspace", str(ws), "--as-of", "2025-11-20").exit_code == 0
    budget = {
        year: [
            e.decoded("DTSTART")
            for e in ics_events(ws, tmp_path, "--year", year)
            if "budget" in str(e["UID"])
        ]
        for year in ("2025/26", "2026/27", "2027/28")
    }
    assert budget == {
        "2025/26": [date(2026, 3, 31)],
        "2026/27": [date(2027, 2, 26)],
        "2027/28": [date(2028, 3, 31)],
    }
    assert "Budget setting" in run(ws, "--month", "Feb", "--year", "2026/27")
    assert "Budget setting" not in run(ws, "--month", "Mar", "--year", "2026/27")


def test_the_same_report_twice_in_one_year_is_a_duplicate(make_workspace: MakeWorkspace) -> None:
    one = "kind: calendar\nyear: 2026/27\nreports:\n  - id: budget\n    title: Budget\n    months: [Feb]\n"
    ws = make_workspace(
        {"plans/a.yaml": one, "plans/b.yaml": one, "plans/c.yaml": one.replace("2026/27", "2027/28")}
    )
    result = invoke("lint", "--workspace", str(ws), "--as-of", "2025-11-20", "--format", "json")
    assert [(f["file"], f["rule"], f["ref"]) for f in json.loads(result.stdout)] == [
        ("plans/a.yaml", "duplicate-id", "2026/27:budget"),
        ("plans/b.yaml", "duplicate-id", "2026/27:budget"),
    ]


def test_the_examples_in_docs_calendar_md_lint_clean(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    import re

    from plan_fixtures import PEOPLE, REPO

    blocks = re.findall(
        r"```yaml\n(.*?)```", (REPO / "docs" / "calendar.md").read_text(encoding="utf-8"), re.S
    )
    people = PEOPLE + "  - id: RD\n    name: Rae Dunn\n"
    ws = make_workspace(
        {
            "plans/people.yaml": people,
            "plans/calendar.yaml": blocks[0],
            "plans/calendar-2026-27.yaml": blocks[3],
            # Q2's report is being prepared until its meeting in December (report-notes-missing)
            "plans/reports/2025-26-q2.yaml": "kind: report-notes\nperiod: 2025/26 Q2\n",
        }
    )
    result = invoke("lint", "--workspace", str(ws), "--as-of", "2025-11-20", "--strict")
    assert result.exit_code == 0, result.stdout
    events = ics_events(ws, tmp_path, "--year", "2025/26")
    assert {str(e["SUMMARY"]) for e in events} >= {
        "Quarterly performance report: 2025/26 Q1",
        "Quarterly performance report: 2025/26 Q2",
        "Budget consultation",
    }
