"""Reports that tell the truth about their period: the plans as they stood at the as-of date
(from git), the period's cut-off, progress in the period's window, dates that moved."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from git_fixtures import Repo
from plan_fixtures import BASE, invoke
from pmplan.dates.periods import APRIL
from pmplan.report import build_report, render_markdown
from pmplan.report.position import prepare, report_dates
from pmplan.workspace.config import ReportSettings

TODAY = date(2026, 12, 3)

PLAN = """
kind: action-plan
id: pm
title: Performance Management Action Plan
short: PM Plan
approved: {by: Cabinet, date: 2025-03-01}
owner: JP
links: [P1]
recommendations:
  - id: R1
    title: Link priorities
    actions:
      - id: a
        title: Align outcomes
        timescale: Sep 25
        status: not-started
      - id: b
        title: Publish the measures
        timescale: Dec 25
        status: not-started
"""

LATE = """
kind: action-plan
id: late
title: A plan approved after the quarter
approved: {by: Cabinet, date: 2025-10-10}
owner: JP
links: [P1]
themes:
  - id: T1
    title: Theme
    actions:
      - id: a
        title: Something new
        timescale: Mar 26
        status: on-track
"""


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """Four dated commits around 2025/26 Q2 (July to September; cut-off 31 October)."""
    r = Repo(tmp_path / "council")
    r.write({**{k: v for k, v in BASE.items() if k != "plans/plan.yaml"}, "plans/pm.yaml": PLAN})
    r.commit("Agree the plan", "2025-06-01")
    r.edit("plans/pm.yaml", "status: not-started", "status: on-track\n        updates:\n"
           "          - date: 2025-09-15\n            text: Mapping started.")  # fmt: skip
    r.commit("Q2 progress", "2025-09-20")
    # written in October, the month after the quarter: still Q2's progress
    r.edit("plans/pm.yaml", "            text: Mapping started.", "            text: Mapping started.\n"
           "          - date: 2025-10-20\n            text: Mapping finished.")  # fmt: skip
    r.edit("plans/pm.yaml", "status: on-track", "status: complete")
    r.edit("plans/pm.yaml", "timescale: Dec 25", "timescale: Mar 26")
    r.write({"plans/late.yaml": LATE})
    r.commit("Q2 returns; the new plan", "2025-10-25")
    r.edit("plans/pm.yaml", "status: not-started", "status: delayed")
    r.edit("plans/pm.yaml", "timescale: Mar 26", "timescale: Jun 26")
    r.edit("plans/pm.yaml", "            text: Mapping finished.", "            text: Mapping finished.\n"
           "          - date: 2025-11-20\n            text: Written in Q3.")  # fmt: skip
    r.commit("Q3 progress", "2025-11-25")
    return r


def view_of(root: Path, period: str, as_of: date | None, today: date = TODAY):
    label, _, quarter = period.partition(" ")
    if period == "year":  # no --year: the last complete year
        ready = prepare(root, "year", None, as_of, today)
    else:
        ready = prepare(root, quarter.lower() or "year", label, as_of, today)
    return build_report(ready.ws, ready.period, ready.basis.dates.as_of, basis=ready.basis)


def rows_of(view):
    return {a.ref: a for p in view.plans for g in p.groups for a in g.actions}


# --- the period's dates -------------------------------------------------------------------------


def test_cut_off_and_default_as_of():
    settings = ReportSettings()
    q2 = APRIL.parse("2025/26 Q2")
    dates = report_dates(APRIL, q2, settings, None, TODAY)
    assert (dates.cutoff, dates.previous_cutoff, dates.as_of) == (
        date(2025, 10, 31),
        date(2025, 7, 31),
        date(2025, 10, 31),
    )
    assert (dates.window_start, dates.window_end) == (date(2025, 8, 1), date(2025, 10, 31))
    # a period whose cut-off has not come: as at today, progress up to today
    now = report_dates(APRIL, APRIL.parse("2026/27 Q3"), settings, None, TODAY)
    assert now.as_of == TODAY and now.window_end == TODAY
    # the update window is a setting; an explicit as-of date is kept
    wider = report_dates(APRIL, q2, ReportSettings(update_window=2), date(2025, 11, 15), TODAY)
    assert (wider.cutoff, wider.as_of, wider.window_end) == (
        date(2025, 11, 30),
        date(2025, 11, 15),
        date(2025, 11, 15),
    )
    year = report_dates(APRIL, APRIL.parse("2025/26"), settings, None, TODAY)
    assert (year.cutoff, year.previous_cutoff, year.year_cutoff) == (
        date(2026, 4, 30),
        date(2025, 4, 30),
        date(2025, 4, 30),
    )


# --- as at a date, from git ------------------------------------------------------------------------


def test_q2_as_at_a_date_between_two_commits(repo):
    view = view_of(repo.root, "2025/26 Q2", date(2025, 11, 1))
    rows = rows_of(view)
    a, b = rows["pm:R1.a"], rows["pm:R1.b"]
    # status, due date and updates as committed on 25 October, not as they are now
    assert (a.status, b.status) == ("complete", "not-started")
    assert b.due == date(2026, 3, 31) and b.timescale == "Mar 26"
    # updates written in October, the month after the quarter, are the quarter's progress
    assert [u.text for u in a.updates] == ["Mapping started.", "Mapping finished."]
    assert a.completed_in_period
    # the plan approved after the quarter ended is left out
    assert [p.id for p in view.plans] == ["pm"]
    assert view.position.source == "commit"
    assert view.position.source_text.startswith("The plans as committed on 25 October 2025 (commit ")
    # R1.b's date moved from December to March after Q1's cut-off: a revised date to approve
    assert [(d.ref, d.from_text, d.to_text) for d in view.exceptions.revised_dates] == [
        ("pm:R1.b", "31 December 2025", "31 March 2026")
    ]
    assert b.slip is not None and (b.slip.moves, b.slip.original_due) == (1, date(2025, 12, 31))


def test_default_as_of_is_the_cut_off_so_a_past_report_does_not_change(repo):
    first = render_markdown(view_of(repo.root, "2025/26 Q2", None))
    repo.edit("plans/pm.yaml", "title: Align outcomes", "title: Align outcomes, renamed later")
    repo.commit("A later edit", "2026-02-01")
    assert render_markdown(view_of(repo.root, "2025/26 Q2", None, date(2026, 6, 1))) == first
    assert "Align outcomes, renamed later" not in first


def test_q3_from_the_later_commit_and_the_working_tree_today(repo):
    q3 = view_of(repo.root, "2025/26 Q3", date(2025, 12, 1))
    rows = rows_of(q3)
    assert rows["pm:R1.b"].status == "delayed" and rows["pm:R1.b"].due == date(2026, 6, 30)
    assert [u.text for u in rows["pm:R1.a"].updates] == ["Written in Q3."]  # October's were Q2's
    assert [p.id for p in q3.plans] == ["late", "pm"]  # approved on 10 October: in Q3
    # moved twice: December, then March, then June
    assert rows["pm:R1.b"].slip is not None and rows["pm:R1.b"].slip.moves == 2
    exception = q3.exceptions.actions[0]
    assert (exception.original_text, exception.revised_text, exception.moves_text) == (
        "31 December 2025 (Dec 25)",
        "30 June 2026",
        "Twice",
    )
    # as at today: the working tree, uncommitted changes and all
    repo.edit("plans/pm.yaml", "status: delayed", "status: at-risk")
    today = view_of(repo.root, "2025/26 Q3", TODAY, TODAY)
    assert today.position.source == "working-tree"
    assert rows_of(today)["pm:R1.b"].status == "at-risk"


def test_before_the_history_begins_the_files_are_read_and_the_report_says_so(repo):
    view = view_of(repo.root, "2025/26 Q1", date(2025, 5, 1))
    assert view.position.source == "files"
    assert view.position.source_text == (
        "The plans' history in git begins on 1 June 2025, after 1 May 2025: the report shows the "
        "plans as they are in their files today."
    )


def test_outside_git_the_report_says_so(make_workspace):
    root = make_workspace()
    view = view_of(root, "2025/26 Q2", None)
    assert view.position.source_text == (
        "This workspace is not in git, so the report shows the plans as they are in their files "
        "today, not as they stood on 31 October 2025."
    )
    settings_off = make_workspace({"pmplan.yaml": "organisation: Test Council\nreport: {from_git: false}\n"})
    assert "report.from_git is off" in view_of(settings_off, "2025/26 Q2", None).position.source_text


# --- the command -------------------------------------------------------------------------------


def test_command_reads_the_past_and_dates_the_meeting(repo):
    result = invoke("report", "q2", "--year", "2025/26", "--meeting-date", "2025-12-10", "-w", str(repo.root))
    assert result.exit_code == 0, result.stderr
    assert "- **Date of meeting:** Wednesday 10 December 2025" in result.stdout
    assert "- **Position as at 31 October 2025.** The plans as committed on 25 October 2025" in result.stdout
    assert "Written in Q3." not in result.stdout and "Mapping finished." in result.stdout
    assert "no report notes for 2025/26 Q2" in result.stderr
    bad = invoke("report", "q2", "--year", "2025/26", "--meeting-date", "10/12/2025", "-w", str(repo.root))
    assert bad.exit_code == 2 and "--meeting-date '10/12/2025' is not a date" in bad.stderr


def test_command_plan_not_there_yet(repo):
    result = invoke(
        "report", "q2", "--year", "2025/26", "--plan", "late", "--as-of", "2025-10-01", "-w", str(repo.root)
    )
    assert result.exit_code == 2
    assert "--plan late: no such plan in the plans as at 2025-10-01; plans then were pm" in result.stderr
    result = invoke("report", "q2", "--year", "2025/26", "--plan", "late", "-w", str(repo.root))
    assert (
        result.exit_code == 2
        and "--plan late was approved on 2025-10-10, after 2025/26 Q2 ended" in result.stderr
    )


def test_json_is_the_view_model(repo):
    result = invoke("report", "q2", "--year", "2025/26", "--format", "json", "-w", str(repo.root))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "pmplan-report/1"
    report = data["report"]
    assert report["period"] == "2025/26 Q2" and report["as_of"] == "2025-10-31"
    assert report["position"]["source"] == "commit"
    assert report["exceptions"]["count"] == len(report["exceptions"]["actions"]) + len(
        report["exceptions"]["indicators"]
    )
    row = report["plans"][0]["groups"][0]["actions"][0]
    assert (row["display_ref"], row["rag"]["key"], row["updates"][1]["date"]) == (
        "PM Plan R1.a",
        "green",
        "2025-10-20",
    )


# --- the year end -------------------------------------------------------------------------------

YEAR_PLAN = """
kind: action-plan
id: pm
title: Plan
owner: JP
links: [P1]
recommendations:
  - id: R1
    title: Rec
    actions:
      - id: a
        title: Done in the year
        timescale: Dec 25
        status: complete
        updates:
          - {date: 2025-12-10, text: Done.}
      - id: b
        title: Done the year before
        timescale: Mar 25
        status: complete
        updates:
          - {date: 2025-03-20, text: Done.}
      - id: c
        title: Still going
        timescale: Jun 26
        status: on-track
        updates:
          - {date: 2026-03-01, text: Half way.}
      - id: d
        title: Business as usual now
        timescale: Ongoing
        status: on-track
        updates:
          - {date: 2026-03-02, text: Monthly.}
      - id: e
        title: Due next quarter
        timescale: May 26
        status: on-track
        updates:
          - {date: 2026-03-03, text: Started.}
"""

YEAR_INDICATORS = """
kind: indicators
indicators:
  - id: LPI-01
    title: Homes delivered
    owner: JP
    deputy: HB
    unit: homes
    outturn: sum
    links: [P1.1]
    values:
      2025/26 Q1: {target: 10, actual: 12}
      2025/26 Q2: {target: 10, actual: 9}
      2025/26 Q3: {target: 10, actual: 11}
      2025/26 Q4: {target: 10, actual: 6}
      2026/27: {target: 45}
  - id: LPI-02
    title: A measure with no target
    owner: JP
    deputy: HB
    links: [P1.1]
    values:
      2025/26 Q4: {actual: 3}
"""

YEAR_NOTES = """
kind: report-notes
period: 2025/26 Q4
summary: To report the year's results.
key_issues:
  - Homes delivered were red in the fourth quarter because one scheme slipped into April.
recommendations:
  - That the Committee thanks the housing team.
propose_closure:
  R1.d: Now part of the monthly performance routine.
"""


def test_q4_names_outturns_completions_and_what_carries_forward(make_workspace):
    root = make_workspace(
        {
            "plans/plan.yaml": YEAR_PLAN,
            "plans/indicators.yaml": YEAR_INDICATORS,
            "plans/reports/q4.yaml": YEAR_NOTES,
        }
    )
    view = view_of(root, "2025/26 Q4", None)
    year = view.year_end
    assert year is not None and (year.year, year.next_year) == ("2025/26", "2026/27")
    outturns = {o.id: o for o in year.outturns}
    homes = outturns["LPI-01"]
    assert (homes.actual_text, homes.target_text, homes.rag.key, homes.rule_text, homes.next_target_text) == (
        "38 homes", "40 homes", "amber", "Sum of the 4 quarters", "45 homes"
    )  # fmt: skip
    assert (outturns["LPI-02"].rag.key, outturns["LPI-02"].target_text) == ("none", "Not set")
    assert [a.ref for a in year.completed] == ["pm:R1.a"]
    assert [(a.ref, a.note) for a in year.carried_forward] == [
        ("pm:R1.c", "Carry forward into 2026/27"),
        ("pm:R1.d", "Propose closure: Now part of the monthly performance routine."),
        ("pm:R1.e", "Carry forward into 2026/27"),
    ]
    front = view.front
    assert front.summary == "To report the year's results."
    assert front.notes_file == "plans/reports/q4.yaml"
    assert (
        "Homes delivered were red in the fourth quarter because one scheme slipped into April."
        in front.key_issues
    )
    assert (
        "For 2025/26, 0 of the 2 indicators met their annual target, 1 missed it within tolerance (amber) and 1 could not be rated (no annual target or no outturn)."
        in front.key_issues
    )
    assert (
        "1 action was completed in 2025/26; 2 open actions are carried forward into 2026/27 and 1 is proposed for closure."
        in front.key_issues
    )
    assert front.recommendations[-2:] == (
        "That the Committee agrees to carry forward 2 open actions into 2026/27 and to close 1 action as proposed, "
        "as set out under Year end in Appendix 1.",
        "That the Committee thanks the housing team.",
    )
    # the measure with no target is shown, unrated; the forward look has what is due next quarter
    rows = {r.id: r for r in view.indicators}
    assert rows["LPI-02"].rag.key == "none" and rows["LPI-02"].reason == "No target set: not rated"
    assert [a.ref for a in view.forward.actions] == ["pm:R1.e", "pm:R1.c"]  # May, then June
    assert view.forward.period == "2026/27 Q1"


def test_year_report_defaults_to_the_last_complete_year(make_workspace):
    root = make_workspace({"plans/plan.yaml": YEAR_PLAN})
    view = view_of(root, "year", None, date(2026, 12, 3))
    assert view.period == "2025/26" and view.as_of == date(2026, 4, 30)
    assert view.year_end is not None and [a.ref for a in view.year_end.completed] == ["pm:R1.a"]
