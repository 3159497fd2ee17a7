"""``pmplan import``: Word, Excel and CSV action plans into plan files.

The three seed documents (Wyre Forest's five-column plan, Bromsgrove's implementation plan,
Herefordshire's recommendation-by-recommendation response) are rebuilt as Word files at run
time from ``../shared/seeds/``; each test works out what the source says on its own, from the
seed text, and checks every action, timescale, lead and progress cell against it.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from plan_fixtures import REPO, invoke, lint_ws, write_tree
from pmplan.exchange.importer import SourceError, import_file
from pmplan.exchange.importer.columns import field_of
from pmplan.exchange.importer.people import PeopleIndex
from pmplan.workspace.models import ActionPlan, Group, validate
from pmplan.workspace.reader import YamlProblem, parse_yaml

SEEDS = REPO.parent / "shared" / "seeds"
DAY = date(2010, 4, 15)


# --- seeds as Word files ---------------------------------------------------------------------


def seed_text(marker: str) -> str:
    """The seed document holding ``marker``; the test is skipped where the seeds are absent."""
    if SEEDS.is_dir():
        for path in sorted(SEEDS.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            if marker in text:
                return text
    pytest.skip(f"seed document with {marker!r} not found in {SEEDS}")


def cell_paragraphs(text: str) -> list[tuple[str, bool]]:
    """A flattened cell (``<p>``, ``<ul><li>``, ``•`` bullets) as Word paragraphs: (text, bulleted)."""
    out: list[tuple[str, bool]] = []
    for part in re.split(r"</?p>|</?li>|<ul[^>]*>|</ul>|<br\s*/?>", html.unescape(text)):
        part = re.sub(r"<[^>]+>", "", part).strip()
        if not part:
            continue
        head, *bullets = [p.strip() for p in part.split("•")]
        if head:
            out.append((head, False))
        out.extend((b, True) for b in bullets if b)
    return out


def seed_docx(text: str, path: Path) -> Path:
    """Rebuild a seed as a Word file: tab-separated lines are table rows (a blank line ends a
    table, as a page break did), other lines paragraphs; bullets become List Bullet paragraphs."""
    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if not rows:
            return
        table = document.add_table(rows=0, cols=max(len(r) for r in rows))
        for values in rows:
            for cell, value in zip(table.add_row().cells, values, strict=False):
                for i, (words, bulleted) in enumerate(cell_paragraphs(value)):
                    paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                    paragraph.add_run(words)
                    if bulleted:
                        paragraph.style = document.styles["List Bullet"]
        rows.clear()

    for line in text.splitlines():
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        words = re.sub(r"<[^>]+>|\*\*|^#+\s*", "", line).strip()
        if words.startswith("- "):
            document.add_paragraph(words[2:], style="List Bullet")
        elif words:
            document.add_paragraph(words)
    flush()
    document.save(path)
    return path


def words(text: str | None) -> list[str]:
    """The words of a text, without markup or bullet marks, for comparing with the source
    (pmplan joins a cell's lines of timescale with '; ')."""
    text = re.sub(r"<[^>]+>", " ", html.unescape(text or "")).replace("•", " ")
    return [w.rstrip(";") for w in text.split() if w not in {"-", "–", ";"}]


def load_plan(text: str) -> ActionPlan:
    data = parse_yaml(text)
    assert not isinstance(data, YamlProblem), data
    return validate(ActionPlan, data)


def seed_rows(text: str, width: int, start: str, stop: str | None = None) -> list[list[str]]:
    """The seed's tab-separated rows of ``width`` cells from the line starting ``start``."""
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    rows = []
    for line in lines[first:]:
        if stop is not None and line.startswith(stop):
            break
        cells = line.split("\t")
        if len(cells) == width:
            rows.append(cells)
    return rows


def people_yaml(people: list[tuple[str, str]]) -> str:
    lines = ["kind: people", "people:"]
    for person_id, name in people:
        lines += [f'  - id: "{person_id}"', f'    name: "{name}"']
    return "\n".join(lines) + "\n"


# --- Wyre Forest: Rec. | Action | Time scale | Progress | Proposed Future Action ---------------


def wyre_expected(text: str) -> list[dict[str, Any]]:
    """Actions as the seed has them: rows continued over a page add to the action above."""
    actions: list[dict[str, Any]] = []
    rec = ""
    for cells in seed_rows(text, 5, "Rec.\tAction"):
        if cells[1] == "Action":
            continue
        if cells[1].strip():
            rec = cells[0].strip() or rec
            actions.append(
                {
                    "rec": rec,
                    "title": cells[1],
                    "timescale": cells[2].strip(),
                    "progress": words(cells[3]),
                    "next": words(cells[4]),
                }
            )
        else:
            actions[-1]["progress"] += words(cells[3])
            actions[-1]["next"] += words(cells[4])
    return actions


def test_wyre_forest_five_column_plan(tmp_path: Path) -> None:
    text = seed_text("Rec.\tAction\tTime scale\tProgress")
    source = seed_docx(text, tmp_path / "wyre-forest.docx")
    result = import_file(source, day=DAY)
    plan = load_plan(result.text)
    expected = wyre_expected(text)

    assert plan.recommendations is not None and plan.themes is None
    actions = [(g, a) for g in plan.recommendations for a in g.actions]
    assert len(actions) == len(expected) == 16
    for (group, action), want in zip(actions, expected, strict=True):
        number, title = re.match(r"(\d+)\.\s+(.*)", want["rec"]).groups()  # type: ignore[union-attr]
        assert group.id == f"R{number}"
        assert group.title == title.strip()
        assert words(action.title) == words(want["title"])
        assert action.timescale == want["timescale"]
        assert [u.date for u in action.updates] == [DAY]
        assert words(action.updates[0].text) == want["progress"]
        assert words(action.next) == want["next"]
    assert [g.id for g in plan.recommendations] == [f"R{n}" for n in range(1, 8)]
    assert [a.id for a in plan.recommendations[4].actions] == ["a", "b", "c", "d", "e", "f"]
    # a progress cell split by a page break mid-sentence is joined with a space, bullets kept
    r2a = plan.recommendations[1].actions[0]
    assert "- Corporate Development & Performance Management Working Group champions" in r2a.updates[0].text
    assert r2a.updates[0].text.count("\n- ") == 2
    assert plan.title == "Performance Management Action Plan"
    assert any("Agenda Item No. 7" in item for item in result.unplaced)


# --- Bromsgrove: No | Action | How | Who | When | Priority -----------------------------------

BROMSGROVE_PEOPLE = [
    ("HoS", "Heads of Service"),
    ("HB", "Hugh Bennett"),
    ("JO", "John Outhwaite"),
    ("JMc", "Jenny McNicol"),
    ("JPi", "Jayne Pickering"),
    ("DP", "Deb Poole"),
    ("JPt", "Jo Pitman"),
    ("DS", "Dee Severn"),
    ("HROD", "HR and Organisational Development"),
    ("SS", "Sharon Sharpe"),
    ("BN", "Brian Nicholls"),
    ("HP", "Helen Parkinson"),
    ("AC", "Audit Commission"),
]


def test_bromsgrove_implementation_plan(tmp_path: Path) -> None:
    text = seed_text("No\tAction\tHow\tWho\tWhen\tPriority")
    source = seed_docx(text, tmp_path / "bromsgrove.docx")
    result = import_file(source, day=DAY, people=BROMSGROVE_PEOPLE, plan_id="pm-strategy")
    plan = load_plan(result.text)
    rows = [r for r in seed_rows(text, 6, "No\tAction\tHow") if re.sub(r"<[^>]+>", "", r[0]) != "No"]
    themes = [r for r in rows if "." not in r[0].rstrip(".")]
    actions = [r for r in rows if "." in r[0].rstrip(".")]

    assert plan.themes is not None and plan.recommendations is None
    assert [(g.id, g.title) for g in plan.themes] == [(r[0], r[1]) for r in themes]
    imported = {a.id: (g, a) for g in plan.themes for a in g.actions}
    assert list(imported) == [r[0].rstrip(".") for r in actions]
    drafts = {a.id: a for a in result.plan.actions}
    for number, title, how, who, when, priority in actions:
        group, action = imported[number.rstrip(".")]
        assert number.startswith(group.id + ".")
        assert action.title == title and action.how == how and action.timescale == when
        assert action.priority == {"H": "high", "M": "medium", "L": "low"}[priority]
        lead = drafts[action.id].lead
        assert lead is not None and lead.text == who  # the cell as written, kept for the comments
        assert tuple(action.leads or ()) == lead.ids
        if lead.unmatched or lead.approximate:
            assert f"# Who: {who} (" in result.text
    leads = {k: (tuple(a.leads or ()), drafts[k].lead.unmatched) for k, (_, a) in imported.items()}  # type: ignore[union-attr]
    assert leads["1.1"] == (("HoS",), ())
    assert leads["3.5"] == (("HB", "JO"), ())  # names run together
    assert leads["4.2"] == (("HROD", "DS"), ())  # a name in brackets
    assert leads["3.4"] == (("JO", "HB"), ("PI owner",))
    assert leads["4.1"] == ((), ("Improvement Manager to facilitate",))
    assert leads["5.1"] == (("SS", "BN"), ())
    assert leads["5.5"] == (("BN",), ("RIEP",))  # 'Brian Nicolls', matched approximately
    assert "# Who: Improvement Manager to facilitate (not matched to anyone in people)" in result.text
    assert any("'Brian Nicolls' read as BN" in item for item in result.unplaced)
    assert 'id: "3.4"' in result.text  # '3.4.' in the source; ids that look like numbers are quoted


# --- Herefordshire: RECOMMENDATION n, RESPONSE, ACTION | TIMESCALE | LEAD, PROGRESS -------------


def hereford_expected(text: str) -> list[dict[str, Any]]:
    """Each recommendation as the seed has it: id, title, response, actions, progress."""
    recs: list[dict[str, Any]] = []
    part = ""
    for line in text.splitlines():
        cells = line.split("\t")
        head = re.sub(r"<[^>]+>", "", cells[0]).strip()
        if m := re.fullmatch(r"RECOMMENDATION (\d+)", head):
            recs.append(
                {"id": f"R{m.group(1)}", "title": None, "response": [], "actions": [], "progress": []}
            )
            part = "title"
        elif not recs:
            continue
        elif head.upper().startswith("PROGRESS WITH"):
            part = "progress"
        elif head == "RESPONSE":
            part = "response"
        elif head == "ACTION":
            part = "actions"
        elif part == "title" and head:
            recs[-1]["title"], part = head, "after-title"
        elif part == "response":
            recs[-1]["response"] += words(line)
        elif part == "actions" and len(cells) == 3:
            recs[-1]["actions"].append(cells)
        elif part == "progress":
            recs[-1]["progress"] += words(line)
    return recs


def hereford_people(text: str) -> list[tuple[str, str]]:
    """The seed's RESPONSIBILITIES table: initials and the name before the dash."""
    people = []
    for line in text.splitlines():
        if m := re.fullmatch(r"([A-Za-z]{2,3})\t([A-Z][a-z]+ [A-Z][a-z]+) – .+", line):
            people.append((m.group(1), m.group(2)))
    return people


def test_herefordshire_recommendation_by_recommendation(tmp_path: Path) -> None:
    text = seed_text("RECOMMENDATION 5")
    source = seed_docx(text, tmp_path / "herefordshire.docx")
    people = hereford_people(text)
    assert ("TG", "Tony Geeson") in people and len(people) == 11
    result = import_file(source, day=DAY, people=people)
    plan = load_plan(result.text)
    expected = hereford_expected(text)
    person_ids = {p for p, _ in people}

    assert plan.recommendations is not None
    assert [g.id for g in plan.recommendations] == [r["id"] for r in expected]
    assert [g.id for g in plan.recommendations][:4] == ["R5", "R1", "R6", "R8"]  # in the document's order
    for group, want in zip(plan.recommendations, expected, strict=True):
        assert group.title == want["title"]
        assert words(group.response) == want["response"]
        assert len(group.updates) == 1 and group.updates[0].date == DAY
        assert words(group.updates[0].text) == want["progress"], group.id
        assert len(group.actions) == len(want["actions"]), group.id
        for action, (cell, timescale, lead) in zip(group.actions, want["actions"], strict=True):
            said = words(cell)
            while said and re.fullmatch(r"\(?([a-z]|i{1,3}|iv)[.)]", said[0]):
                said = said[1:]  # the numbering 'a)' / 'b) i.' is the id
            assert words(action.title) + words(action.how) == said, f"{group.id}.{action.id}"
            assert words(action.timescale) == words(timescale)
            written = [w for w in re.split(r"[,/&]|\band\b", lead) if w.strip()]
            assert list(action.leads or ()) == [w.strip() for w in written if w.strip() in person_ids]
    ids = {g.id: [a.id for a in g.actions] for g in plan.recommendations}
    assert ids["R1"] == list("abcdefghi")
    assert ids["R2"] == ["a", "b.i", "b.ii", "b.iii", "b.iv"]
    assert ids["R7"] == ["a"]
    r1e = next(a for a in result.plan.actions if a.lead and "transformation board chairs" in a.lead.text)
    assert r1e.lead is not None and r1e.lead.unmatched == ("transformation board chairs", "heads of service")
    assert "(not matched: transformation board chairs; heads of service)" in result.text


def test_seed_plans_lint_in_a_workspace(tmp_path: Path) -> None:
    """An imported plan is a valid file of a workspace: no invalid-file, no duplicate ids."""
    text = seed_text("No\tAction\tHow\tWho\tWhen\tPriority")
    source = seed_docx(text, tmp_path / "bromsgrove.docx")
    root = write_tree(
        tmp_path / "ws",
        {"pmplan.yaml": "organisation: Bromsgrove\n", "plans/people.yaml": people_yaml(BROMSGROVE_PEOPLE)},
    )
    result = invoke(
        "import",
        str(source),
        "--workspace",
        str(root),
        "-o",
        str(root / "plans/strategy.yaml"),
        "--id",
        "pm-strategy",
        "--date",
        "2009-01-15",
    )
    assert result.exit_code == 0, result.stderr
    assert "25 actions (24 with leads matched)" in result.stdout
    assert "'PI owner' (3.4)" in result.stdout
    findings = lint_ws(root, as_of=date(2009, 1, 20))
    rules = {f.rule for f in findings}
    assert not rules & {"invalid-file", "duplicate-id", "unknown-person"}
    assert {f.ref for f in findings if f.rule == "missing-lead"} == {"pm-strategy:4.1"}


# --- Excel and CSV -----------------------------------------------------------------------------

HEADER = ["Ref", "Action", "Lead officer", "Target date", "RAG", "Progress update", "Budget", "Next steps"]


def awkward_workbook(path: Path) -> Path:
    """A title above the header, blank rows, merged cells, an extra column, a repeated header,
    a row carried over a page, a hidden sheet and a sheet of notes."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Plan"
    sheet["A1"] = "Waste Service Improvement Plan 2025/26"
    sheet.merge_cells("A1:H1")
    sheet["A2"] = "Agreed by Cabinet, June 2025"
    sheet.append([])
    sheet.append(HEADER)  # row 4
    sheet.append([])
    sheet.append(["Theme 1: Collection"])  # row 6, merged across
    sheet.merge_cells("A6:H6")
    sheet.append(
        [
            "1.1",
            "Re-tender the collection contract",
            "DW",
            datetime(2026, 3, 31),
            "Green",
            "Tender documents drafted.",
            "£25,000",
            "Issue tender in January",
        ]
    )
    sheet.append(["1.2", "Review round sizes", None, "Q3 2025/26", "Amber", "Data gathered", None, None])
    sheet.merge_cells("C7:C8")  # one lead for both actions
    sheet.append([None, None, None, None, None, "for all 14 rounds; modelling under way", None, None])
    sheet.append([])
    sheet.append(HEADER)  # repeated, as printed
    sheet.append(["Theme 2: Recycling"])
    sheet.merge_cells("A12:H12")
    sheet.append(
        [2.1, "Food waste trial", "Nadia Dobson & DW", "Summer 2026", "not started", None, None, None]
    )
    sheet.append(
        [
            "2.10",
            "Glass kerbside\nbox roll-out",
            "ND",
            "2026/27",
            "Complete",
            "• Boxes ordered • Leaflets designed",
            None,
            None,
        ]
    )
    sheet.append(["2.11", "Bring sites review", "Recycling officer", "TBC", "Purple", None, None, None])
    book.create_sheet("Notes")["A1"] = "Nothing to see here"
    hidden = book.create_sheet("Old")
    hidden.append(HEADER)
    hidden.append(["9.9", "An old action", "DW", "2019", "Red", None, None, None])
    hidden.sheet_state = "hidden"
    book.save(path)
    return path


WASTE_PEOPLE = [("DW", "Dan Womersley"), ("ND", "Nadia Dobson")]


def test_excel_with_merged_cells_blank_rows_extra_columns_and_a_late_header(tmp_path: Path) -> None:
    source = awkward_workbook(tmp_path / "waste plan.xlsx")
    result = import_file(source, day=date(2025, 11, 1), people=WASTE_PEOPLE)
    plan = load_plan(result.text)
    assert plan.id == "waste-plan" and plan.title == "Waste Service Improvement Plan 2025/26"
    assert plan.themes is not None
    assert [(g.id, g.title) for g in plan.themes] == [("1", "Collection"), ("2", "Recycling")]
    actions = {a.id: a for g in plan.themes for a in g.actions}
    assert list(actions) == ["1.1", "1.2", "2.1", "2.10", "2.11"]
    first, second = actions["1.1"], actions["1.2"]
    assert first.timescale == "2026-03-31" and first.status == "on-track" and first.leads == ["DW"]
    assert first.next == "Issue tender in January"
    assert "# Budget: £25,000" in result.text and "# RAG: Green" in result.text
    assert second.leads == ["DW"]  # the merged lead cell
    assert second.updates[0].text == "Data gathered for all 14 rounds; modelling under way"
    assert actions["2.1"].leads == ["ND", "DW"]
    assert actions["2.10"].title == "Glass kerbside box roll-out"
    assert actions["2.10"].status == "complete"
    assert actions["2.10"].updates[0].text == "- Boxes ordered\n- Leaflets designed"
    unknown = actions["2.11"]
    assert unknown.status is None and unknown.leads is None
    assert "# RAG: Purple (not a status pmplan knows: kept as an update)" in result.text
    assert [u.text for u in unknown.updates] == ["RAG: Purple"]
    assert "# Lead officer: Recycling officer (not matched to anyone in people)" in result.text
    assert 'id: "2.10"' in result.text
    assert "9.9" not in result.text  # the hidden sheet
    assert any("Agreed by Cabinet, June 2025" in item for item in result.unplaced)
    assert any("skipped hidden sheet 'Old'" in note for note in result.notes)


def test_csv_semicolons_windows_encoding_and_a_header_not_on_row_one(tmp_path: Path) -> None:
    rows = [
        "Corporate action plan;;;;",
        ";;;;",
        "Recommendation;No.;Actions;Responsible officer;Deadline;Comments",
        "1. Improve data quality;1.10;Write a data quality policy;JP;31/03/2026;Draft to CMT in May – £0 cost",
        ";;;;;",
        ";1.11;Train PI owners;JP, HB;Ongoing;",
        "2. Publish performance;2.1;Performance pages on the website;Comms;Sep 26;",
    ]
    source = tmp_path / "plan.csv"
    source.write_bytes("\r\n".join(rows).encode("cp1252"))
    result = import_file(source, day=date(2026, 1, 5), people=[("JP", "Jo Price"), ("HB", "Hal Brook")])
    plan = load_plan(result.text)
    assert plan.title == "Corporate action plan"
    assert plan.recommendations is not None
    assert [(g.id, g.title) for g in plan.recommendations] == [
        ("R1", "Improve data quality"),
        ("R2", "Publish performance"),
    ]
    first = plan.recommendations[0].actions
    assert [a.id for a in first] == ["1.10", "1.11"]
    assert 'id: "1.10"' in result.text
    assert first[0].updates[0].text == "Draft to CMT in May – £0 cost"
    assert first[1].leads == ["JP", "HB"] and first[1].timescale == "Ongoing"
    assert any("Windows-1252" in note for note in result.notes)


def test_progress_on_a_recommendations_own_row_is_the_recommendations(tmp_path: Path) -> None:
    source = tmp_path / "recs.csv"
    source.write_text(
        "Rec.,Action,Lead,Progress,Budget\n"
        "1. Improve reporting,,,Good progress overall,£5k\n"
        ",Draft the template,JP,Drafted,\n",
        encoding="utf-8",
    )
    result = import_file(source, day=DAY, people=[("JP", "Jo Price")])
    plan = load_plan(result.text)
    assert plan.recommendations is not None
    group = plan.recommendations[0]
    assert [u.text for u in group.updates] == ["Good progress overall"]
    assert [(a.id, a.title, a.leads) for a in group.actions] == [("a", "Draft the template", ["JP"])]
    assert "    # Budget: £5k" in result.text


def test_text_continued_at_the_top_of_a_page_joins_the_title(tmp_path: Path) -> None:
    document = docx.Document()
    for rows in (
        [["Action", "Lead", "When"], ["Agree the framework with partners and", "JP", "Mar 26"]],
        [
            ["Action", "Lead", "When"],
            ["publish it on the website", "", ""],
            ["Train managers", "HB", "Jun 26"],
        ],
    ):
        table = document.add_table(rows=0, cols=3)
        for values in rows:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
        document.add_page_break()
    document.save(tmp_path / "split.docx")
    result = import_file(tmp_path / "split.docx", people=[("JP", "Jo Price"), ("HB", "Hal Brook")])
    plan = load_plan(result.text)
    assert plan.themes is not None
    titles = [a.title for a in plan.themes[0].actions]
    assert titles == ["Agree the framework with partners and publish it on the website", "Train managers"]
    assert any("before any recommendation or theme" in note for note in result.notes)


def test_word_merged_cells(tmp_path: Path) -> None:
    """A lead cell merged down over two actions leads both; a Rec. cell merged down is one
    recommendation."""
    document = docx.Document()
    table = document.add_table(rows=4, cols=4)
    for cell, value in zip(table.rows[0].cells, ["Rec", "Action", "Lead", "Timescale"], strict=True):
        cell.text = value
    table.cell(1, 0).merge(table.cell(3, 0)).text = "1. Improve reporting"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "Jo Price"
    for row, (action, when) in enumerate(
        [("Draft the template", "Jan 26"), ("Test it", "Feb 26"), ("Roll it out", "Apr 26")], start=1
    ):
        table.cell(row, 1).text = action
        table.cell(row, 3).text = when
    table.cell(3, 2).text = "HB"
    document.save(tmp_path / "merged.docx")
    plan = load_plan(import_file(tmp_path / "merged.docx", people=[("JP", "Jo Price"), ("HB", "Hal")]).text)
    assert plan.recommendations is not None and len(plan.recommendations) == 1
    group: Group = plan.recommendations[0]
    assert (group.id, group.title) == ("R1", "Improve reporting")
    assert [(a.id, a.title, a.leads, a.timescale) for a in group.actions] == [
        ("a", "Draft the template", ["JP"], "Jan 26"),
        ("b", "Test it", ["JP"], "Feb 26"),
        ("c", "Roll it out", ["HB"], "Apr 26"),
    ]


# --- pieces ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Rec.", "group"),
        ("Recommendation", "group"),
        ("No", "id"),
        ("Action", "title"),
        ("How", "how"),
        ("Time scale", "timescale"),
        ("Timescale", "timescale"),
        ("When", "timescale"),
        ("Target date", "timescale"),
        ("Lead", "leads"),
        ("Who", "leads"),
        ("Responsible officer", "leads"),
        ("Progress", "progress"),
        ("Update", "progress"),
        ("Proposed Future Action", "next"),
        ("Next steps", "next"),
        ("Priority", "priority"),
        ("Status", "status"),
        ("RAG", "status"),
        ("<b>No</b>", "id"),
        ("Original target date", "baseline"),
        ("Budget", None),
    ],
)
def test_headers_are_recognised(header: str, field: str | None) -> None:
    assert field_of(header) == field


def test_lead_matching_by_id_name_and_initials() -> None:
    people = PeopleIndex(
        [("JP", "Jo Price"), ("hbrook", "Cllr Hal Brook"), ("CMT", "Corporate Management Team")]
    )
    assert people.match("JP, HB").ids == ("JP", "hbrook")  # HB: the initials of Hal Brook
    assert people.match("Jo Price Hal Brook").ids == ("JP", "hbrook")
    assert people.match("corporate management team").ids == ("CMT",)
    match = people.match("J. Price with the Head of Finance")
    assert match.ids == ("JP",) and match.unmatched == ("the Head of Finance",)
    assert people.match("Jo Pryce").approximate == (("Jo Pryce", "JP"),)
    assert PeopleIndex([]).match("JP").unmatched == ("JP",)


# --- the command --------------------------------------------------------------------------------


def small_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Test plan")
    table = document.add_table(rows=2, cols=3)
    for cell, value in zip(table.rows[0].cells, ["Action", "Lead", "Progress"], strict=True):
        cell.text = value
    for cell, value in zip(table.rows[1].cells, ["Do the thing", "JP", "Started"], strict=True):
        cell.text = value
    document.save(path)
    return path


def test_command_writes_yaml_to_stdout_and_reports_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # outside any workspace: no people to match leads against
    source = small_docx(tmp_path / "small.docx")
    result = invoke("import", str(source), "--date", "2026-01-05", "--title", "My plan")
    assert result.exit_code == 0, result.stderr
    plan = load_plan(result.stdout)
    assert plan.title == "My plan" and plan.id == "small"
    assert plan.groups[0].actions[0].updates[0].date == date(2026, 1, 5)
    assert "Imported small.docx: 1 theme, 1 action (0 with leads matched)" in result.stderr
    assert "# Lead: JP (not matched to anyone in people)" in result.stdout


def test_command_writes_a_file_and_will_not_overwrite_it(tmp_path: Path) -> None:
    source = small_docx(tmp_path / "small.docx")
    out = tmp_path / "plan.yaml"
    assert invoke("import", str(source), "-o", str(out), "--id", "pm-test").exit_code == 0
    assert load_plan(out.read_text(encoding="utf-8")).id == "pm-test"
    again = invoke("import", str(source), "-o", str(out))
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert invoke("import", str(source), "-o", str(out), "--force").exit_code == 0
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("none.docx", "no-table", "the document has no tables"),
        ("sheet.xlsx", "no-header", "no action-plan table found"),
        ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
        ("broken.xlsx", b"PK\x03\x04 this is not really a zip file", "not a valid .xlsx file"),
        ("truncated.docx", "truncated", "not a valid .docx file"),
        ("empty.csv", b"", "the file is empty"),
        ("notes.csv", b"just,some\nwords,here\n", "no action-plan table found"),
        ("plan.pdf", b"%PDF-1.4", "pmplan imports .docx, .xlsx and .csv files"),
        ("zipped.docx", "other-zip", "not a Word document"),
    ],
)
def test_unreadable_or_unrecognisable_input_exits_2(
    tmp_path: Path, name: str, content: str | bytes, message: str
) -> None:
    path = tmp_path / name
    if content == "no-table":
        document = docx.Document()
        document.add_paragraph("Performance Management Action Plan")
        document.save(path)
    elif content == "no-header":
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["Name", "Amount"])
        sheet.append(["Widgets", 3])
        book.save(path)
    elif content == "truncated":
        data = small_docx(tmp_path / "whole.docx").read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif content == "other-zip":
        import zipfile

        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "hello")
    else:
        assert isinstance(content, bytes)
        path.write_bytes(content)
    result = invoke("import", str(path))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    with pytest.raises(SourceError):
        import_file(path)


def test_missing_file_and_bad_flags_exit_2(tmp_path: Path) -> None:
    assert invoke("import", str(tmp_path / "nowhere.docx")).exit_code == 2
    source = small_docx(tmp_path / "small.docx")
    bad_id = invoke("import", str(source), "--id", "not an id")
    assert bad_id.exit_code == 2 and "--id" in bad_id.stderr
    bad_date = invoke("import", str(source), "--date", "15/04/2010")
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.stderr
    no_folder = invoke("import", str(source), "-o", str(tmp_path / "no" / "such" / "plan.yaml"))
    assert no_folder.exit_code == 2 and "cannot write" in no_folder.stderr


def test_the_docs_name_every_column_columns_takes() -> None:
    from pmplan.exchange.importer.columns import USER_NAMES

    text = (REPO / "docs" / "import-export.md").read_text(encoding="utf-8")
    for name in set(USER_NAMES.values()):
        assert f"`{name}`" in text, name
    for flag in ("--columns", "--mapping", "--table", "--explain", "--title", "--date"):
        assert f"`{flag}" in text, flag
