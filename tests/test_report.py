"""``pmplan report``: the period, the view model, the Markdown and HTML reports and the command.

The Markdown and HTML reports of the acceptance workspace and of the example council are golden files under
``tests/golden/``; regenerate them after an intended change with

    PMPLAN_REGEN=1 .venv/bin/pytest tests/test_report.py

and review the difference in git.
"""

from __future__ import annotations

import os
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from plan_fixtures import ACCEPTANCE, AS_OF, AS_OF_TEXT, PLAN, invoke
from pmplan.dates.periods import APRIL, FinancialYear, PeriodError, file_stem
from pmplan.report import (
    ReportError,
    build_report,
    render_html,
    render_markdown,
)
from pmplan.report.markdown import md
from pmplan.report.position import prepare
from pmplan.report.view.model import RAGS, action_rag
from pmplan.report.view.text import clean
from pmplan.workspace.index import load_workspace
from pmplan.workspace.vocabulary import Status

WORKSPACE = ACCEPTANCE / "workspace"
GOLDEN = Path(__file__).parent / "golden"
REGEN = bool(os.environ.get("PMPLAN_REGEN"))


def prepared_view(root: Path, period: str, as_of: date | None, plan: str | None = None, **front: str):
    """The view as ``pmplan report`` builds it: the period's dates, the plans as at its date."""
    label, _, quarter = period.partition(" ")
    ready = prepare(root, quarter.lower() or "year", label, as_of, date.today())
    return build_report(ready.ws, ready.period, ready.basis.dates.as_of, plan, front=front, basis=ready.basis)


def acceptance_view(period: str = "2025/26 Q2", plan: str | None = None):
    return prepared_view(WORKSPACE, period, AS_OF, plan)


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if REGEN:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path} missing: run PMPLAN_REGEN=1 .venv/bin/pytest tests/test_report.py"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs from its golden file (PMPLAN_REGEN=1 to update)"
    )


# --- the period ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "year", "as_of", "label"),
    [
        ("q2", None, date(2025, 11, 20), "2025/26 Q2"),
        ("q3", None, date(2025, 11, 20), "2025/26 Q3"),  # begun, not ended
        ("q4", None, date(2025, 11, 20), "2024/25 Q4"),  # this year's has not begun
        ("Q1", None, date(2025, 4, 1), "2025/26 Q1"),
        ("q1", None, date(2025, 3, 31), "2024/25 Q1"),
        ("year", None, date(2025, 11, 20), "2024/25"),  # the last complete year
        ("year", None, date(2025, 3, 31), "2023/24"),
        ("year", None, date(2025, 4, 1), "2024/25"),
        ("q4", "2024/25", date(2025, 11, 20), "2024/25 Q4"),
        ("q1", "2030/2031", date(2025, 11, 20), "2030/31 Q1"),
        ("year", "2023/24", date(2025, 11, 20), "2023/24"),
    ],
)
def test_resolve_period(name, year, as_of, label):
    assert APRIL.resolve(name, year, as_of).label == label


def test_resolve_period_other_financial_year_start():
    assert FinancialYear(1).resolve("q1", None, date(2025, 11, 20)).label == "2025 Q1"
    assert FinancialYear(1).resolve("year", "2024", date(2025, 11, 20)).label == "2024"


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("q7", None),
        ("q0", None),
        ("", None),
        ("q2", "2025"),
        ("q2", "2025/27"),
        ("q2", "2025/26 Q2"),
        ("q2", "next"),
    ],
)
def test_resolve_period_refuses(name, year):
    with pytest.raises(PeriodError):
        APRIL.resolve(name, year, AS_OF)


def test_file_stem():
    assert file_stem(APRIL.parse("2025/26 Q2")) == "2025-26-q2"
    assert file_stem(APRIL.parse("2025/26")) == "2025-26-year"


# --- the view model --------------------------------------------------------------------------


def test_status_rag_mapping():
    assert {s.value: (s.rag or "none") for s in Status} == {
        "complete": "green", "on-track": "green", "at-risk": "amber", "delayed": "red",
        "not-started": "none", "no-further-action": "none", "cancelled": "none",
    }  # fmt: skip
    assert action_rag(Status.ON_TRACK, overdue=True) is RAGS["red"]
    assert action_rag(Status.NOT_STARTED, overdue=False).label == "Not rated"


def test_view_of_the_acceptance_workspace():
    view = acceptance_view()
    assert view.organisation == "Northmoor District Council"
    assert view.period == "2025/26 Q2"
    summary = view.summary
    assert (summary.actions, summary.open, summary.overdue, summary.completed_in_period) == (16, 12, 0, 1)
    assert {s.status: s.count for s in summary.statuses} == {
        "not-started": 2, "on-track": 9, "at-risk": 1, "complete": 4,
    }  # fmt: skip
    assert {r.rag.key: r.count for r in summary.indicator_rags} == {"green": 2, "amber": 2, "red": 1}
    assert [e.ref for e in view.exceptions.actions] == ["pm-audit:R3.b"]
    assert view.exceptions.actions[0].display_ref == "Performance Management Action Plan R3.b"
    # red indicators, then amber ones that got worse (against the previous quarter: not profiled)
    assert [(e.id, e.why) for e in view.exceptions.indicators] == [
        ("LPI-03", "Red"),
        ("LPI-01", "Amber, and worse than 75.4% in 2025/26 Q1"),
        ("LPI-07", "Amber, and worse than 49.2% in 2025/26 Q1"),
    ]
    assert "11.2% short, beyond the 5% tolerance: red" in view.exceptions.indicators[0].reason
    rows = {a.ref: a for p in view.plans for g in p.groups for a in g.actions}
    earlier = {a.ref: a for p in view.plans for a in p.completed_earlier}
    assert not rows.keys() & earlier.keys()
    assert all(a.completed_earlier and a.status == "complete" for a in earlier.values())
    rows.update(earlier)
    r3b = rows["pm-audit:R3.b"]
    assert r3b.leads == ("Megan Owen", "Jo Price")
    assert r3b.timescale == "Sep 25 – Mar 26"
    assert r3b.due == date(2026, 3, 31)
    assert (r3b.status_label, r3b.rag.label) == ("At risk", "Amber")
    # written on 21 October, in the month after the quarter: Q2's progress (cut-off 31 October)
    assert [u.date for u in r3b.updates] == [date(2025, 10, 21)]
    assert [u.text for u in rows["pm-audit:R3.a"].updates] == [
        "Second clinic held; waste and council tax collection challenged."
    ]
    assert rows["pm-audit:R5.a"].completed_in_period  # its last update, 26 September
    assert not rows["pm-strategy:1.1"].completed_in_period  # 24 July: before Q1's cut-off
    assert not rows["pm-audit:R1.a"].completed_in_period
    assert "pm-audit:R1.a" in earlier
    assert [g.heading for g in view.plans[1].groups][0] == "Theme 1: A performance culture led from the top"


def test_indicators_in_the_view():
    view = acceptance_view()
    ind = {i.id: i for i in view.indicators}
    lpi07 = ind["LPI-07"]
    assert (lpi07.target_text, lpi07.actual_text, lpi07.rag.key) == ("48%", "46.9%", "amber")
    assert lpi07.reason == "46.9% against a target of 48%: 2.3% short, within the 3% tolerance: amber"
    assert lpi07.previous is not None and lpi07.previous.period == "2025/26 Q1"
    assert lpi07.previous.direction == "worsening"
    assert lpi07.year_ago is not None and lpi07.year_ago.direction == "improving"
    assert lpi07.chart and [p.period for p in lpi07.trend] == ["2024/25 Q2", "2025/26 Q1", "2025/26 Q2"]
    assert ind["QI-01"].qualitative and ind["QI-01"].actual_text == "Green" and not ind["QI-01"].chart


def test_charts_only_where_they_say_something(make_workspace):
    values = (
        "{"
        + ", ".join(f"2025/26 Q{q}: {{target: 50, actual: {a}}}" for q, a in ((1, 52), (2, 51), (3, 40)))
        + "}"
    )
    indicators = "kind: indicators\nindicators:\n" + "".join(
        f"  - {{id: I{n:02d}, title: Indicator {n}, owner: JP, values: {values}}}\n" for n in range(20)
    )
    root = make_workspace({"plans/indicators.yaml": indicators})
    view = build_report(load_workspace(root), APRIL.parse("2025/26 Q3"), AS_OF)
    assert [i.id for i in view.indicators if i.chart] == [f"I{n:02d}" for n in range(12)]
    view = acceptance_view()
    assert [i.id for i in view.indicators if i.chart] == ["LPI-01", "LPI-03", "LPI-07"]


def test_indicator_without_a_value_for_the_period_shows_the_latest():
    view = acceptance_view("2025/26 Q3")
    lpi01 = next(i for i in view.indicators if i.id == "LPI-01")
    assert lpi01.period == "2025/26 Q2" and lpi01.latest_instead
    view = acceptance_view("2023/24 Q2")
    lpi01 = next(i for i in view.indicators if i.id == "LPI-01")
    assert lpi01.actual_text == "—" and lpi01.rag.key == "none"
    assert lpi01.reason == "No value reported for 2023/24 Q2"


def test_calendar_is_the_next_quarter():
    view = acceptance_view()
    assert view.calendar.period == "2025/26 Q3"
    months = {m.label: [e.title for e in m.entries] for m in view.calendar.months}
    assert list(months) == ["October 2025", "November 2025", "December 2025"]
    assert "Quarterly budget and performance report" in months["November 2025"]
    assert "Complaints and compliments report" in months["December 2025"]
    year = acceptance_view("2025/26")
    assert year.calendar.period == "2026/27 Q1"
    assert [m.label for m in year.calendar.months][0] == "April 2026"


def test_acronyms_are_whole_words_used_in_the_report():
    view = acceptance_view()
    assert [(t.term, t.meaning) for t in view.acronyms] == [
        ("CLT", "Corporate Leadership Team"),
        ("LSP", "Local Strategic Partnership"),
        ("PDR", "Personal Development Review"),
    ]
    # VfM and PI are in the glossary but not in the report.


def test_acronym_matching(make_workspace):
    root = make_workspace({
        "plans/glossary.yaml": """
            kind: glossary
            terms:
              PI: Performance Indicator
              C&YP: Children and Young People
              API: Application Programming Interface
              LAA: Local Area Agreement
            """,
        "plans/plan.yaml": PLAN.replace("Align outcomes", "Align PIs with the C&YP plan, not the LAAs")
        .replace("Draft the template", "Draft the APIary template"),
    })  # fmt: skip
    view = build_report(load_workspace(root), APRIL.parse("2025/26 Q3"), AS_OF)
    # a plural is a use ("PIs", "LAAs"); a word that merely starts with the term is not
    assert [t.term for t in view.acronyms] == ["C&YP", "LAA", "PI"]


def test_plan_option_narrows_the_report():
    view = acceptance_view(plan="pm-strategy")
    assert [p.id for p in view.plans] == ["pm-strategy"]
    assert view.summary.actions == 6
    assert view.subject.startswith("Performance Management Strategy")
    assert all(e.ref != "pm-audit:R3.b" for e in view.exceptions.actions)
    # pm-strategy links to P2 and its outcomes: LPI-03 (P2.2) and QI-01 (P2.1), not LPI-01 (P1.1)
    assert {i.id for i in view.indicators} == {"LPI-03", "QI-01"}


SLIP_PLAN = """
kind: action-plan
id: pm
title: Plan
owner: JP
recommendations:
  - id: R1
    title: Slipping
    actions:
      - id: a
        title: Moved out
        timescale: Jun 26
        baseline: Mar 26
        status: delayed
      - id: b
        title: Overdue and said to be on track
        timescale: Sep 25
        status: on-track
        updates:
          - date: 2025-08-01
            text: Nearly there.
      - id: c
        title: Brought forward
        due: 2025-12-15
        timescale: Mar 26
        baseline: Mar 26
        status: on-track
      - id: d
        title: Baseline unreadable
        timescale: Mar 26
        baseline: TBC
        status: complete
        updates:
          - date: 2025-10-02
            text: Done.
"""


def test_slip_overdue_and_exceptions(make_workspace):
    root = make_workspace({"plans/plan.yaml": SLIP_PLAN})
    view = build_report(load_workspace(root), APRIL.parse("2025/26 Q3"), AS_OF)
    plan = view.plans[0]
    rows = {a.local_ref: a for a in [*plan.groups[0].actions, *plan.completed_earlier]}
    slip = rows["R1.a"].slip
    assert slip is not None and slip.days == 91 and slip.original_due == date(2026, 3, 31)
    assert slip.text == "Originally Mar 26 (31 March 2026), now 30 June 2026: slipped by 3 months (91 days)"
    assert slip.moves is None and slip.moves_text == "At least once"  # no git history to count them
    assert rows["R1.c"].slip is not None and rows["R1.c"].slip.text.endswith("brought forward by 106 days")
    assert rows["R1.d"].slip is not None and rows["R1.d"].slip.text == "Originally TBC"
    b = rows["R1.b"]
    assert b.overdue and b.rag.key == "red" and b.status_text == "On track, overdue"
    # completed on 2 October: progress for Q2, whose cut-off is 31 October
    assert not rows["R1.d"].completed_in_period
    q2 = build_report(load_workspace(root), APRIL.parse("2025/26 Q2"), AS_OF)
    assert [a.local_ref for a in q2.plans[0].groups[0].actions if a.completed_in_period] == ["R1.d"]
    # red before amber; overdue actions count as exceptions whatever their status
    exceptions = view.exceptions.actions
    assert [e.ref for e in exceptions] == ["pm:R1.a", "pm:R1.b"]
    assert (exceptions[0].original_text, exceptions[0].revised_text, exceptions[0].moves_text) == (
        "31 March 2026 (Mar 26)",
        "30 June 2026",
        "At least once",
    )
    assert (
        exceptions[1].reason
        == "Overdue since 30 September 2025. Latest update (1 August 2025): Nearly there."
    )
    assert (exceptions[1].original_text, exceptions[1].revised_text) == ("30 September 2025", "Not revised")
    assert view.summary.overdue == 1
    # outside git, pmplan cannot tell when a date moved: open actions off their baseline are listed
    assert [(d.ref, d.from_text, d.to_text, d.change_text) for d in view.exceptions.revised_dates] == [
        ("pm:R1.a", "31 March 2026", "30 June 2026", "3 months later (91 days)"),
        ("pm:R1.c", "31 March 2026", "15 December 2025", "106 days earlier"),
    ]


def test_front_defaults_and_settings(make_workspace):
    root = make_workspace()
    view = build_report(load_workspace(root), APRIL.parse("2025/26 Q2"), AS_OF)
    front = view.front
    assert front.committee is None and front.contact is None
    assert front.summary.startswith("To update Members on the performance indicators for Quarter 2, 2025/26")
    assert front.key_issues[-1].endswith("are set out in Appendix 1.")
    assert front.date_text == "To be confirmed" and front.meeting_date is None
    assert front.recommendations == (
        "That the Committee notes progress against the action plans and the performance indicators "
        "for the quarter.",
    )
    root = make_workspace({"pmplan.yaml": """
        organisation: Test Council
        report:
          committee: Audit Committee
          contact_name: Jo Price
          background: |
            First paragraph.

            Second paragraph.
          implications: {Legal: None.}
        """})  # fmt: skip
    front = build_report(load_workspace(root), APRIL.parse("2025/26 Q2"), AS_OF).front
    assert front.committee == "Audit Committee"
    assert front.background == ("First paragraph.", "Second paragraph.")
    assert front.contact is not None and front.contact.name == "Jo Price"
    assert [(i.heading, i.text) for i in front.implications] == [("Legal", "None.")]


BRIEFING_FRONT = """
    organisation: Test Council
    report:
      committee: Audit Committee
      agenda_item: "7"
      access: exempt
      exemption: Not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972.
      portfolio_holder: Cllr Sam Ahmed, Resources
      wards_affected: All wards
      key_decision: false
      recommendations:
        - That the Committee notes the progress made.
        - That the Committee approves the revised dates.
      sections:
        Consultation: The Performance Champions Network was consulted.
        Climate change: None.
      background_papers:
        - Audit report, January 2024
    """


def test_briefing_front_settings(make_workspace):
    root = make_workspace({"pmplan.yaml": BRIEFING_FRONT})
    view = build_report(load_workspace(root), APRIL.parse("2025/26 Q2"), AS_OF)
    front = view.front
    assert [(d.label, d.text) for d in front.details] == [
        ("Agenda item", "7"), ("Portfolio holder", "Cllr Sam Ahmed, Resources"), ("Wards affected", "All wards"),
        ("Key decision", "No"), ("Status", "Exempt: not for publication"),
    ]  # fmt: skip
    assert front.exemption is not None and "Schedule 12A" in front.exemption
    assert front.recommendations == ("That the Committee notes the progress made.",
                                     "That the Committee approves the revised dates.")  # fmt: skip
    assert [s.heading for s in front.sections] == ["Consultation", "Climate change"]
    assert front.background_papers == ("Audit report, January 2024",)
    text = render_markdown(view)
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings[:7] == ["1. Summary", "2. Recommendations", "3. Key issues", "4. Consultation",
                            "5. Climate change", "6. Appendices", "7. Background papers"]  # fmt: skip
    assert "- **Agenda item:** 7" in text and "Schedule 12A" in text
    page = render_html(view)
    assert '<h2 id="recommendations">2. Recommendations</h2>' in page
    assert "<dt>Wards affected</dt><dd>All wards</dd>" in page
    # a period's notes give this meeting's agenda item, and options of their own
    notes = "kind: report-notes\nperiod: 2025/26 Q2\nagenda_item: 9b\noptions: [To note the report., To ask for more.]\n"
    root = make_workspace({"pmplan.yaml": BRIEFING_FRONT, "plans/reports/q2.yaml": notes})
    front = build_report(load_workspace(root), APRIL.parse("2025/26 Q2"), AS_OF).front
    assert front.details[0].text == "9b" and front.options == ("To note the report.", "To ask for more.")
    # none set: none shown (but the recommendation to note progress, which every report makes)
    plain = render_markdown(build_report(load_workspace(make_workspace()), APRIL.parse("2025/26 Q2"), AS_OF))
    assert "## 2. Recommendations" in plain
    for word in (
        "Options",
        "Agenda item",
        "Wards affected",
        "Key decision",
        "Background papers",
        "Exempt",
    ):
        assert word not in plain


def test_exempt_report_needs_its_paragraph(make_workspace):
    root = make_workspace({"pmplan.yaml": "organisation: Test Council\nreport:\n  access: exempt\n"})
    result = invoke("lint", "-w", str(root))
    assert result.exit_code == 2
    assert "pmplan.yaml" in result.stderr and "exemption" in result.stderr


def test_numbers_carry_separators_and_units():
    from pmplan.report.view.text import format_count, format_number, format_value

    assert format_number(3150) == "3,150"
    assert format_number(1234.5) == "1,234.5"
    assert format_number(46.9) == "46.9"
    assert format_value(3150, "tonnes") == "3,150 tonnes"
    assert format_value(12000, "£") == "£12,000"
    assert format_count(1204, "action", "actions") == "1,204 actions"
    view = acceptance_view()
    reasons = {i.id: i.reason for i in view.indicators}
    assert reasons["LPI-07"].startswith("46.9% against a target of 48%")


def test_due_shows_the_timescale_only_where_it_adds():
    view = acceptance_view()
    rows = {a.local_ref: a for p in view.plans for g in p.groups for a in g.actions}
    assert (rows["R3.b"].due_text, rows["R3.b"].due_note) == ("31 March 2026", "Sep 25 – Mar 26")  # a start
    assert (rows["R4.a"].due_text, rows["R4.a"].due_note) == ("31 January 2026", None)  # 31/01/2026
    assert (rows["R4.b"].due_text, rows["R4.b"].due_note) == ("31 January 2026", "As for R4.a")
    assert (rows["R3.a"].due_text, rows["R3.a"].due_note) == ("From 1 April 2025", None)  # no date: the words
    assert rows["R1.b"].due_text == "Ongoing"


def test_latest_earlier_update_instead_of_nothing(make_workspace):
    view = build_report(load_workspace(WORKSPACE), APRIL.parse("2025/26 Q3"), date(2026, 2, 20))
    rows = {a.local_ref: a for p in view.plans for g in p.groups for a in g.actions}
    earlier = [a for a in rows.values() if a.earlier_update is not None]
    assert earlier
    for row in earlier:
        assert not row.updates and row.earlier_update.date < view.position.window_start
    text = render_markdown(view)
    assert "**Earlier update, " in text


def test_clean_strips_what_xml_forbids():
    assert clean("a\x00b\x07c\x1b[0m\x7f\x85d\r\ne\ufffe") == "abc[0md\ne"
    assert clean("  Cymraeg: ŵ ŷ 🚀\t ") == "Cymraeg: ŵ ŷ 🚀"


# --- Markdown ----------------------------------------------------------------------------------


def test_markdown_golden():
    golden("report-q2.md", render_markdown(acceptance_view()))


def test_markdown_escaping():
    assert md("a | b") == r"a \| b"
    assert md("line one\nline two") == "line one<br>line two"
    assert md("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert md("*bold* _it_ [link](x) `code` ~~s~~ \\") == r"\*bold\* \_it\_ \[link\](x) \`code\` \~\~s\~\~ \\"
    assert md("# not a heading") == r"\# not a heading"
    assert md("Policy & Performance &amp; more") == "Policy & Performance &amp;amp; more"


def test_markdown_tables_are_well_formed():
    text = render_markdown(acceptance_view())
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("| ---") or line.startswith("| :--"):
            columns = line.count(" | ") + 1
            header = lines[index - 1]
            body = []
            for row in lines[index + 1 :]:
                if not row.startswith("|"):
                    break
                body.append(row)
            for row in [header, *body]:
                cells = re.split(r"(?<!\\)\|", row)[1:-1]
                assert len(cells) == columns, row
    assert "🟠 Amber" in text and "🔴 Red" in text  # words, with an emoji beside them


# --- HTML ---------------------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class PageCheck(HTMLParser):
    """Structure an accessible, self-contained page needs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.headings: list[int] = []
        self.lang: str | None = None
        self.tables = self.captions = 0
        self.th_without_scope = 0
        self.outside: list[str] = []
        self.scripts = 0
        self.ids: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"] or "")
        if tag == "html":
            self.lang = a.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        self.tables += tag == "table"
        self.captions += tag == "caption"
        self.th_without_scope += tag == "th" and "scope" not in a
        self.scripts += tag == "script"
        for key in ("src", "href"):
            if a.get(key) and not (a[key] or "").startswith("#"):
                self.outside.append(a[key] or "")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def check_page(page: str) -> PageCheck:
    assert page.startswith("<!DOCTYPE html>")
    check = PageCheck()
    check.feed(page)
    check.close()
    assert check.problems == [] and check.stack == []
    assert check.lang == "en-GB"
    assert check.headings[0] == 1 and check.headings.count(1) == 1
    for before, after in zip(check.headings, check.headings[1:], strict=False):
        assert after <= before + 1, f"heading h{after} after h{before}"
    assert check.tables and check.tables == check.captions
    assert check.th_without_scope == 0
    assert check.outside == [] and check.scripts == 0
    assert len(check.ids) == len(set(check.ids))
    assert "@media print" in page
    return check


def without_drawings(html: str) -> str:
    """The page with each chart's drawing left out (matplotlib's SVG paths differ from one
    version to the next; the charts are tested in test_report_charts.py), its title and
    description kept."""
    return re.sub(r"(</desc>).*?(</svg>)", r"\1…\2", html, flags=re.S)


def test_html_golden():
    golden("report-q2.html", without_drawings(render_html(acceptance_view())))


def test_html_is_accessible_and_self_contained():
    page = render_html(acceptance_view())
    check = check_page(page)
    # RAG never by colour alone: every RAG badge carries its word
    badges = re.findall(r'<span class="rag rag-(\w+)">([^<]*)</span>', page)
    assert badges and all(word == {"green": "Green", "amber": "Amber", "red": "Red", "none": "Not rated"}[key]
                          for key, word in badges)  # fmt: skip
    assert "Megan Owen" in "".join(check.text)


# --- odd text -----------------------------------------------------------------------------------

LONG = "Very long " * 600 + "x" * 3000
ODD_PLAN = f"""
kind: action-plan
id: odd
title: "Cynllun gweithredu ŵ ŷ — 🚀 plan"
owner: JP
recommendations:
  - id: R1
    title: "Pipes | and <script>alert('x')</script> & <b>bold</b>"
    response: "Bell\\x07 escape\\x1b[31m nul\\0 and C1\\x85 controls"
    actions:
      - id: a
        title: "Tab\\tand\\nnewline in a title, * and _ and [x](y)"
        leads: [JP]
        timescale: "Mar 26 <i>(sic)</i>"
        status: delayed
        updates:
          - date: 2025-08-01
            text: "Line one\\nLine two | piped <img src=x onerror=alert(1)>"
        next: "{LONG}"
"""


@pytest.fixture
def odd_ws(make_workspace):
    return make_workspace({"plans/odd.yaml": ODD_PLAN})


def test_odd_text_in_markdown(odd_ws):
    text = render_markdown(build_report(load_workspace(odd_ws), APRIL.parse("2025/26 Q2"), AS_OF))
    assert "<script>" not in text and "<img" not in text and "&lt;script&gt;" in text
    assert "Line one<br>Line two \\| piped" in text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text)
    assert "ŵ ŷ" in text and "🚀" in text and "x" * 3000 in text


def test_odd_text_in_html(odd_ws):
    page = render_html(build_report(load_workspace(odd_ws), APRIL.parse("2025/26 Q2"), AS_OF))
    check_page(page)
    assert "<script>" not in page and "<img" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "Line one<br>\nLine two | piped &lt;img" in page
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", page)
    assert "ŵ ŷ" in page and "🚀" in page


# --- templates ----------------------------------------------------------------------------------


def test_workspace_template_overrides_by_name(make_workspace):
    root = make_workspace({
        "templates/report.md.j2": "Custom {{ report.organisation }} {{ report.period }}\n",
        "templates/report.html.j2": (
            '{% extends "builtin/report.html.j2" %}\n'
        ),
    })  # fmt: skip
    result = invoke("report", "q2", "--as-of", AS_OF_TEXT, "-w", str(root))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Custom Test Council 2025/26 Q2\n"
    out = root / "page.html"
    result = invoke("report", "q2", "-f", "html", "-o", str(out), "--as-of", AS_OF_TEXT, "-w", str(root))
    assert result.exit_code == 0, result.stderr
    check_page(out.read_text(encoding="utf-8"))


def test_templates_folder_from_settings(make_workspace):
    root = make_workspace({
        "pmplan.yaml": "organisation: Test Council\ntemplates: branding\n",
        "branding/report.md.j2": "Branded {{ report.title }}\n",
    })  # fmt: skip
    result = invoke("report", "q2", "--as-of", AS_OF_TEXT, "-w", str(root))
    assert result.stdout.startswith("Branded Action plans")
    root = make_workspace({"pmplan.yaml": "organisation: Test Council\ntemplates: missing\n"})
    result = invoke("report", "q2", "--as-of", AS_OF_TEXT, "-w", str(root))
    assert result.exit_code == 2 and "templates folder 'missing' does not exist" in result.stderr


def test_template_option(make_workspace, tmp_path):
    root = make_workspace({"templates/report.md.j2": "workspace's\n"})
    mine = tmp_path / "mine.md.j2"
    mine.write_text("{% for p in report.plans %}{{ p.title }}\n{% endfor %}")
    result = invoke("report", "q2", "--template", str(mine), "--as-of", AS_OF_TEXT, "-w", str(root))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Performance Management Action Plan\n"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("line one\n{% for x in report.plans %}\n{{ x.title }\n", 3, "unexpected '}'"),
        ("one\ntwo\n{{ report.no_such_field }}\n", 3, "no_such_field"),
        ("{% include 'nowhere.j2' %}\n", None, "nowhere.j2"),
        ("one\n{{ report.title | no_such_filter }}\n", 2, "no_such_filter"),
    ],
)
def test_broken_template_is_a_clear_error(make_workspace, text, line, message):
    root = make_workspace({"templates/report.md.j2": text})
    result = invoke("report", "q2", "--as-of", AS_OF_TEXT, "-w", str(root))
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert "report.md.j2" in result.stderr and message in result.stderr
    if line is not None:
        assert f"line {line}" in result.stderr


def test_render_error_type():
    with pytest.raises(ReportError, match="does not exist"):
        render_markdown(acceptance_view(), template=Path("/nonexistent/report.md.j2"))


# --- the command ------------------------------------------------------------------------------


def run_report(*args: str):
    return invoke("report", *args, "--as-of", AS_OF_TEXT, "--workspace", str(WORKSPACE))


def test_report_md_to_stdout_matches_golden():
    result = run_report("q2")
    assert result.exit_code == 0, result.stderr
    golden("report-q2.md", result.stdout)
    # the acceptance workspace has no notes for the period: the report says so, and only that
    assert result.stderr == (
        "pmplan: note: no report notes for 2025/26 Q2: the front page says only what the data says "
        "(write the officer's words in a file of kind report-notes, e.g. plans/reports/2025-26-q2.yaml)\n"
    )


def test_report_default_paths(make_workspace):
    root = make_workspace()
    for fmt in ("html", "docx"):
        result = invoke("report", "q2", "-f", fmt, "--as-of", AS_OF_TEXT, "-w", str(root))
        assert result.exit_code == 0, result.stderr
        assert (root / "reports" / f"2025-26-q2.{fmt}").is_file()
        assert f"2025-26-q2.{fmt}" in result.stderr
    result = invoke("report", "year", "-f", "html", "--plan", "pm", "--as-of", AS_OF_TEXT, "-w", str(root))
    assert result.exit_code == 0 and (root / "reports" / "2024-25-year-pm.html").is_file()


def test_report_md_to_file(tmp_path):
    out = tmp_path / "q2.md"
    result = run_report("q2", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8") == (GOLDEN / "report-q2.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["q7"], "'q7' is not a report period"),
        (["q2", "--year", "2025"], "--year '2025' could be 2024/25 or 2025/26"),
        (["q2", "--year", "2025/27"], "the second year must follow the first"),
        (["q2", "--format", "pdf"], "--format 'pdf'"),
        (["q2", "--plan", "nope"], "--plan nope: no such plan"),
        (["q2", "-o", "/nonexistent-folder/q2.md"], "cannot write /nonexistent-folder/q2.md"),
        (["q2", "-f", "html", "-o", "/"], "cannot write /"),
        (["q2", "--template", "/nonexistent/t.md.j2"], "template /nonexistent/t.md.j2 does not exist"),
        (["q2", "-f", "docx", "--template", "x.md.j2"], "needs a Word document"),
        (["q2", "-f", "md", "--template", "x.docx"], "needs a Jinja template"),
    ],
)
def test_report_bad_input_exits_2(args, message):
    result = run_report(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_report_unwritable_output(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        result = run_report("q2", "-f", "html", "-o", str(folder / "q2.html"))
        assert result.exit_code == 2 and "cannot write" in result.stderr
    finally:
        folder.chmod(0o700)


def test_report_committee_flags():
    result = run_report("q2", "--committee", "Audit Committee", "--report-of", "Jo Price")
    assert "- **Committee:** Audit Committee" in result.stdout
    assert "- **Report of:** Jo Price" in result.stdout


def test_cli_start_up_does_not_import_the_report_libraries():
    import subprocess
    import sys

    code = (
        "import sys, pmplan.cli; "
        "print(sorted(m for m in ('docx', 'matplotlib', 'jinja2', 'pmplan.report') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


EXAMPLE = Path(__file__).resolve().parents[1]
"""The example council's workspace: pmplan.yaml at the repository root, plans in plans/."""


def example_view():
    return prepared_view(EXAMPLE, "2026/27 Q2", date(2026, 11, 25))


def test_example_markdown_golden():
    golden("example-2026-27-q2.md", render_markdown(example_view()))


def test_example_html_golden():
    golden("example-2026-27-q2.html", without_drawings(render_html(example_view())))


# --- the meeting's date and the next meetings, from the reporting calendar (issue 16) -----------

MEETINGS = """
kind: calendar
reports:
  - id: qpr
    title: Quarterly performance report
    to: [Cabinet, Overview and Scrutiny Committee]
    meetings:
      - {date: 2025-09-17, reports_on: 2025/26 Q1, committee: Cabinet}
      - {date: 2025-09-30, reports_on: 2025/26 Q1, committee: Overview and Scrutiny Committee}
      - {date: 2025-12-10, reports_on: 2025/26 Q2, committee: Cabinet, note: Moved from 3 December}
      - {reports_on: 2025/26 Q3, committee: Cabinet}
"""


@pytest.fixture
def met(make_workspace):
    return make_workspace({"plans/calendar.yaml": MEETINGS})


def test_report_is_dated_from_the_meeting_that_reports_on_its_period(met, tmp_path):
    result = invoke("report", "q1", "--year", "2025/26", "-w", str(met))
    assert result.exit_code == 0, result.stderr
    assert "- **Date of meeting:** Wednesday 17 September 2025\n" in result.stdout
    # the meeting's date is the period's cut-off: the plans as they stood then
    assert "- **Position as at 17 September 2025.**" in result.stdout
    next_meetings = result.stdout.split("### Next meetings")[1].split("###")[0]
    assert next_meetings.strip().splitlines()[2:] == [
        "| Tuesday 30 September 2025 | Quarterly performance report | 2025/26 Q1 | Overview and Scrutiny Committee |",
        "| Wednesday 10 December 2025 | Quarterly performance report<br>Moved from 3 December | 2025/26 Q2 | Cabinet |",
        "| Date to be set | Quarterly performance report | 2025/26 Q3 | Cabinet |",
    ]
    html = tmp_path / "q1.html"
    assert (
        invoke("report", "q1", "--year", "2025/26", "-f", "html", "-o", str(html), "-w", str(met)).exit_code
        == 0
    )
    page = html.read_text(encoding="utf-8")
    assert (
        '<dt>Date of meeting</dt><dd><time datetime="2025-09-17">Wednesday 17 September 2025</time></dd>'
        in page
    )
    assert '<time datetime="2025-12-10">Wednesday 10 December 2025</time>' in page
    word = tmp_path / "q1.docx"
    assert (
        invoke("report", "q1", "--year", "2025/26", "-f", "docx", "-o", str(word), "-w", str(met)).exit_code
        == 0
    )
    import docx

    document = docx.Document(str(word))
    assert "Date of meeting: Wednesday 17 September 2025" in [p.text for p in document.paragraphs]
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Date")
    assert [c.text for c in table.rows[2].cells] == [
        "Wednesday 10 December 2025", "Quarterly performance report\nMoved from 3 December", "2025/26 Q2", "Cabinet"
    ]  # fmt: skip


def test_report_for_a_committee_takes_its_meeting(met):
    result = invoke(
        "report", "q1", "--year", "2025/26", "--committee", "Overview and Scrutiny Committee", "-w", str(met)
    )
    assert "- **Date of meeting:** Tuesday 30 September 2025\n" in result.stdout
    ws = load_workspace(met)
    q2 = build_report(ws, APRIL.parse("2025/26 Q2"), AS_OF, front={"committee": "Audit Committee"})
    assert q2.front.date_text == "Wednesday 10 December 2025"  # no meeting of its own: the first
    assert [m.reports_on for m in q2.calendar.meetings] == ["2025/26 Q3"]
    q3 = build_report(ws, APRIL.parse("2025/26 Q3"), AS_OF)
    assert (q3.front.meeting_date, q3.front.date_text) == (None, "To be confirmed")  # no date yet
    assert [(m.date, m.reports_on) for m in q3.calendar.meetings] == [
        (date(2025, 12, 10), "2025/26 Q2"), (None, "2025/26 Q3")
    ]  # fmt: skip


def test_reporting_calendar_months_hold_the_meetings(met):
    view = build_report(load_workspace(met), APRIL.parse("2025/26 Q2"), AS_OF)
    months = {m.label: [(e.title, e.to_text) for e in m.entries] for m in view.calendar.months}
    assert months == {
        "October 2025": [],
        "November 2025": [],
        "December 2025": [("Quarterly performance report", "Cabinet")],
    }
    q1 = build_report(load_workspace(met), APRIL.parse("2025/26 Q1"), AS_OF)
    september = next(m for m in q1.calendar.months if m.label == "September 2025")
    assert [(e.title, e.to_text) for e in september.entries] == [
        ("Quarterly performance report", "Cabinet, Overview and Scrutiny Committee")
    ]


def test_no_meetings_no_next_meetings_section():
    view = acceptance_view()
    assert view.calendar.meetings == ()
    assert view.front.meeting_date is None
    assert "Next meetings" not in render_markdown(view)
