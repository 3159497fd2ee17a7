"""Extreme values: years outside those pmplan reads, ``nan`` and ``inf``, absurd flags.

Each is a finding or a clear exit 2, never arithmetic that leaves the calendar (``year 0 is
out of range``) and never a number that is not JSON.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from plan_fixtures import AS_OF_TEXT, INDICATORS, PLAN, invoke, lint_ws, of_rule
from pmplan.dates.periods import APRIL, EARLIEST_YEAR, LATEST_YEAR, FinancialYear, PeriodError
from pmplan.dates.timescale import read_timescale

# --- the years pmplan reads ------------------------------------------------------------------


@pytest.mark.parametrize("text", ["0000/01 Q1", "9999/00 Q4", "1899/00", "2101/02 Q1", "0000-01", "9999-12"])
def test_periods_outside_the_years_are_refused(text):
    with pytest.raises(PeriodError, match="outside the years pmplan reads"):
        APRIL.parse(text)


def test_periods_at_the_edges_are_read():
    assert APRIL.parse(f"{EARLIEST_YEAR}/{(EARLIEST_YEAR + 1) % 100:02d} Q1").start == date(1900, 4, 1)
    assert APRIL.parse(f"{LATEST_YEAR}/01 Q4").end == date(2101, 3, 31)
    assert FinancialYear(1).parse("2100").end == date(2100, 12, 31)


@pytest.mark.parametrize("as_of", [date(1, 1, 1), date(9999, 12, 31)])
def test_resolving_a_report_period_refuses_an_as_of_outside_the_years(as_of):
    with pytest.raises(PeriodError, match="as-of date"):
        APRIL.resolve("q1", None, as_of)


@pytest.mark.parametrize("text", ["Dec 2100", "March 1899", "31/12/2100", "2099-2109", "Winter 2100"])
def test_timescales_outside_the_years_give_no_date(text):
    reading = read_timescale(text)
    assert reading.due is None and reading.start is None
    assert reading.unread


def test_timescales_at_the_edge_still_read():
    assert read_timescale("Dec 2099").due == date(2099, 12, 31)
    assert read_timescale("2099/00").due == date(2100, 3, 31)


FAR_KEYS = INDICATORS.replace(
    "      2025/26 Q1: {target: 70, actual: 71}\n",
    "      2025/26 Q1: {target: 70, actual: 71}\n"
    "      0000/01 Q1: {target: 1, actual: 2}\n"
    "      9999/00 Q4: {target: 1, actual: 2}\n",
)


def test_period_keys_outside_the_years_are_findings(make_workspace):
    root = make_workspace({"plans/indicators.yaml": FAR_KEYS})
    messages = [f.message for f in of_rule(lint_ws(root), "invalid-file")]
    assert any("0000/01 Q1" in m and "the year 0 is outside" in m for m in messages), messages
    assert any("9999/00 Q4" in m and "the year 9999 is outside" in m for m in messages), messages


FAR_DATES = (
    PLAN.replace("date: 2025-11-01", "date: 0001-01-01")
    .replace("timescale: Mar 26", "timescale: Mar 26\n        due: 9999-12-31")
    .replace("owner: JP\n", "owner: JP\napproved: {by: Cabinet, date: 9999-12-31}\n", 1)
)


FAR_CALENDAR = """
kind: calendar
reports:
  - id: qpr
    title: QPR
    to: [Cabinet]
    months: [Feb]
    meetings:
      - {date: 9999-12-31, reports_on: 2025/26 Q1}
      - {date: 2025-09-17, reports_on: 9999/00 Q4}
    spans:
      - {from: 9999-11, to: 9999-12}
"""


def test_calendar_dates_outside_the_years_are_findings(make_workspace):
    root = make_workspace({"plans/calendar.yaml": FAR_CALENDAR})
    messages = sorted(f.message for f in of_rule(lint_ws(root), "invalid-file"))
    assert len(messages) == 4, messages
    assert all("the year 9999 is outside the years pmplan reads" in m for m in messages), messages
    # a report says the calendar did not load, and goes on only when told to
    assert invoke("report", "q2", "-w", str(root), "--as-of", AS_OF_TEXT).exit_code == 2
    assert invoke("report", "q2", "-w", str(root), "--as-of", AS_OF_TEXT, "--allow-invalid").exit_code == 0
    for args in (("calendar",), ("calendar", "--ics", str(root / "c.ics"))):
        result = invoke(*args, "-w", str(root), "--as-of", AS_OF_TEXT)  # the file did not load
        assert result.exit_code == 2 and "did not load" in result.stderr, result.stderr
        result = invoke(*args, "-w", str(root), "--as-of", AS_OF_TEXT, "--allow-invalid")
        assert result.exit_code == 2 and "has no reporting calendar" in result.stderr, result.stderr


def test_dates_outside_the_years_are_findings(make_workspace):
    root = make_workspace({"plans/plan.yaml": FAR_DATES})
    messages = sorted(f.message for f in of_rule(lint_ws(root), "invalid-file"))
    assert len(messages) == 3, messages
    assert all("outside the years pmplan reads (1900 to 2100)" in m for m in messages)


FAR_AUDIT = PLAN.replace(
    "timescale: Mar 26",
    "timescale: Mar 26\n"
    "        verified: {by: JP, date: 9999-12-31}\n"
    "        extensions:\n"
    "          - {asked: 0001-01-01, timescale: Mar 27, approved: {by: Cabinet, date: 9999-12-31}}",
)


def test_audit_dates_outside_the_years_are_findings(make_workspace):
    """Verification, extensions and their rulings (issue 14's fields) keep to the years too."""
    root = make_workspace({"plans/plan.yaml": FAR_AUDIT})
    messages = sorted(f.message for f in of_rule(lint_ws(root), "invalid-file"))
    assert len(messages) == 3, messages
    assert all("outside the years pmplan reads (1900 to 2100)" in m for m in messages)


COMMANDS = [
    ("lint",),
    ("report", "q2"),
    ("report", "year", "--format", "html", "-o", "{out}/r.html"),
    ("report", "q2", "--format", "docx", "-o", "{out}/r.docx"),
    ("list",),
    ("list", "indicators"),
    ("show", "P1"),
    ("thread",),
    ("export", "--format", "json", "-o", "{out}/e.json"),
    ("export", "--format", "csv", "-o", "{out}/e.csv"),
    ("export", "--format", "xlsx", "-o", "{out}/e.xlsx"),
    ("export", "--format", "sqlite", "-o", "{out}/e.sqlite"),
]


@pytest.mark.parametrize("files", [{"plans/indicators.yaml": FAR_KEYS}, {"plans/plan.yaml": FAR_DATES}])
def test_every_command_runs_on_years_outside_the_window(make_workspace, tmp_path, files):
    """``0000/01 Q1`` in an indicator crashed report, list indicators and every export."""
    root = make_workspace(files)
    for command in COMMANDS:
        args = [a.format(out=tmp_path) for a in command]
        if command[0] != "lint":  # the file with those years does not load in full
            args.append("--allow-invalid")
        result = invoke(*args, "--workspace", str(root), "--as-of", AS_OF_TEXT)
        assert result.exit_code in (0, 1), (command, result.stderr)


# --- flags ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("report", "q2", "--as-of", "0001-01-01"), "--as-of '0001-01-01': the year 1 is outside"),
        (("report", "q2", "--as-of", "9999-12-31"), "the year 9999 is outside"),
        (("lint", "--as-of", "1899-12-31"), "the year 1899 is outside"),
        (("report", "q2", "--year", "9999/00"), "--year '9999/00': the year 9999 is outside"),
        (("report", "q2", "--year", "0000/01"), "the year 0 is outside"),
        (("calendar", "--year", "9999/00"), "the year 9999 is outside"),
        (("list", "indicators", "--period", "9999/00 Q4"), "the year 9999 is outside"),
        (("list", "--due-within", "99999999999"), "--due-within takes a number of days from 0 to 36500"),
        (("update", "pm:R1.a", "--note", "x", "--date", "0001-01-01"), "--date '0001-01-01'"),
    ],
)
def test_extreme_flags_are_usage_errors(base_ws, args, message):
    result = invoke(*args, "--workspace", str(base_ws))
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr


def test_import_refuses_a_date_outside_the_years(tmp_path):
    source = tmp_path / "plan.csv"
    source.write_text("Ref,Action,Lead,Timescale\n1,Do it,JP,Mar 26\n", encoding="utf-8")
    result = invoke("import", str(source), "--date", "9999-12-31", "-o", str(tmp_path / "out.yaml"))
    assert result.exit_code == 2
    assert "--date '9999-12-31': the year 9999 is outside" in result.stderr
    assert not (tmp_path / "out.yaml").exists()


# --- numbers ----------------------------------------------------------------------------------

NOT_NUMBERS = INDICATORS.replace(
    "      2025/26 Q1: {target: 70, actual: 71}\n",
    "      2025/26 Q1: {target: nan, actual: inf}\n"
    "      2025/26 Q2: {target: '1e400', actual: -Infinity}\n"
    "      2025/26 Q3: {target: 70, actual: NaN}\n",
).replace("    owner: JP\n", "    owner: JP\n    tolerance: .inf\n", 1)


def test_nan_and_inf_are_not_numbers(make_workspace):
    root = make_workspace({"plans/indicators.yaml": NOT_NUMBERS})
    messages = [f.message for f in of_rule(lint_ws(root), "invalid-file")]
    assert len(messages) == 6, messages
    assert all("write a finite number" in m or "is not a number" in m for m in messages), messages


def test_nan_and_inf_in_the_settings_are_refused(make_workspace):
    root = make_workspace({"pmplan.yaml": "rag:\n  tolerance: nan\n"})
    result = invoke("lint", "--workspace", str(root))
    assert result.exit_code == 2
    assert "'nan' is not a number pmplan can use" in result.stderr


def test_a_huge_stale_after_days_is_refused(make_workspace):
    root = make_workspace({"pmplan.yaml": "stale_after_days: 99999999999999999999\n"})
    result = invoke("lint", "--workspace", str(root))
    assert result.exit_code == 2
    assert "stale_after_days" in result.stderr


def _strict_json(text: str) -> object:
    def refuse(word: str) -> None:
        raise ValueError(f"{word} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_every_json_written_is_strict_json(make_workspace, tmp_path: Path):
    root = make_workspace({"plans/indicators.yaml": NOT_NUMBERS})
    out = tmp_path / "e.json"
    assert (
        invoke("export", "-w", str(root), "--as-of", AS_OF_TEXT, "-o", str(out), "--allow-invalid").exit_code
        == 0
    )
    _strict_json(out.read_text(encoding="utf-8"))
    for args in (
        ("lint", "--format", "json"),
        ("list", "--format", "json", "--allow-invalid"),
        ("list", "indicators", "-f", "json", "--allow-invalid"),
    ):
        result = invoke(*args, "-w", str(root), "--as-of", AS_OF_TEXT)
        _strict_json(result.stdout)
