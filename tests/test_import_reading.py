"""The pieces ``pmplan import`` reads with: status words, dates in words, what a column holds,
Excel number formats, ``--columns`` and mapping files, and the Word reader's text."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import docx
import openpyxl
import pytest

from plan_fixtures import invoke
from pmplan.dates.periods import FinancialYear
from pmplan.exchange.importer import SourceError, import_file
from pmplan.exchange.importer.columns import field_of, header_date, listed_statuses, read_header
from pmplan.exchange.importer.excel import format_date, format_number, parse_format
from pmplan.exchange.importer.mapping import parse_columns, read_mapping
from pmplan.exchange.importer.tables import Cell, read_document
from pmplan.exchange.importer.words import (
    dates_in,
    leading_date,
    looks_like_date,
    looks_like_id,
    looks_like_person,
    read_status,
    says_complete,
    says_not_done,
)
from pmplan.workspace.vocabulary import STATUSES

# --- words ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "status"),
    [
        ("Complete", "complete"),
        ("Done (May 2016)", "complete"),
        ("Implemented", "complete"),
        ("In hand", "on-track"),
        ("Partially implemented", "on-track"),
        ("Green", "on-track"),
        ("G", "on-track"),
        ("Amber", "at-risk"),
        ("Late", "delayed"),
        ("Overdue", "delayed"),
        ("Not yet due", "not-started"),
        ("Superseded", "cancelled"),
        ("Blue", "complete"),
        ("Not implemented", None),
        ("Not complete", None),
        ("On hold pending budget", None),
        ("Purple", None),
        ("", None),
    ],
)
def test_status_words(words: str, status: str | None) -> None:
    assert read_status(words) == status
    assert status is None or status in STATUSES


@pytest.mark.parametrize(
    ("text", "done"),
    [
        ("Completed May 2019.", True),
        ("Complete", True),
        ("Done (May 2016)", True),
        ("This action is now complete.", True),
        ("1,240 children took part; this action is complete.", True),
        ("All actions have been completed", True),
        ("Completed the first of three reviews; two to go", False),
        ("To be completed by March", False),
        ("Partially implemented", False),
        ("Work will be complete in May", False),
        ("Not yet complete", False),
        ("Once complete, the policy goes to Cabinet", False),
    ],
)
def test_progress_that_says_it_is_done(text: str, done: bool) -> None:
    assert says_complete(text) is done


@pytest.mark.parametrize("text", ["No", "Not yet", "N/A", "n/a", "-", "TBC", "In progress", ""])
def test_a_completed_cell_that_says_not_done(text: str) -> None:
    assert says_not_done(text)


def test_dates_in_words() -> None:
    assert [d for _, d, _ in dates_in("Signed off by CMT 12/05/2014")] == [date(2014, 5, 12)]
    assert dates_in("Done (May 2016)") == [(6, date(2016, 5, 31), False)]
    assert [d for _, d, _ in dates_in("Met 3 March 2024 and again 2024-04-10")] == [
        date(2024, 3, 3),
        date(2024, 4, 10),
    ]
    assert dates_in("31/02/2024 is no date; nor is 2/3") == []
    assert dates_in("in year 3000") == []
    assert leading_date("15/05/2024 - Report designed") == (date(2024, 5, 15), "Report designed")
    assert leading_date("Report designed on 15/05/2024") is None


@pytest.mark.parametrize(
    ("header", "day"),
    [
        ("Update as at June 2018", date(2018, 6, 30)),
        ("Q2 2016/17 update", date(2016, 9, 30)),
        ("Position at 31 March 2019", date(2019, 3, 31)),
        ("Progress", None),
    ],
)
def test_a_progress_header_that_gives_its_date(header: str, day: date | None) -> None:
    assert header_date(header) == day
    assert header_date("Q1 2016 update", FinancialYear(1)) is None  # a quarter needs its year's name


def test_what_cells_look_like() -> None:
    assert all(
        looks_like_date(t) for t in ["31/03/2026", "Mar-26", "Q3 2025/26", "Ongoing", "Sep 25 – Mar 26"]
    )
    assert not looks_like_date("Review the policy")
    assert all(looks_like_person(t) for t in ["JP", "JP, HB", "Jo Price", "Head of Finance", "Cllr Ann Bee"])
    assert not looks_like_person("Review the policy and publish it")
    assert all(looks_like_id(t) for t in ["1", "1.1", "2a", "R3", "CP-01.02", "(ii)"])
    assert not looks_like_id("Review")


# --- headers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Deliverable", "title"),
        ("Milestone", "title"),
        ("Task", "title"),
        ("Agreed management action", "title"),
        ("RAG (Complete / In hand / Late)", "status"),
        ("Progress (Done / On track / Behind)", "status"),
        ("Update as at June 2018", "progress"),
        ("Date completed", "completed"),
        ("Latest note date", "update_date"),
        ("Revised due date", "timescale"),
        ("Original due date", "baseline"),
        ("Start date", "start"),
        ("Assigned To", "leads"),
        ("Expected outcome", None),
        ("Services are planned from up-to-date data", None),
    ],
)
def test_more_headers_are_recognised(header: str, field: str | None) -> None:
    assert field_of(header) == field


def test_a_header_that_lists_its_words() -> None:
    assert dict(listed_statuses("RAG (Complete / In hand / Late)")) == {
        "complete": "complete",
        "in hand": "on-track",
        "late": "delayed",
    }
    assert listed_statuses("Lead (name, team)") == ()


def test_a_row_of_values_is_no_header() -> None:
    assert read_header([Cell("Review the policy"), Cell("JP"), Cell("March 2026"), Cell("Complete")]) is None
    header = read_header([Cell("Rec No"), Cell("Recommendation"), Cell("Agreed action"), Cell("Owner")])
    assert header is not None
    assert header.fields == {0: "group_id", 1: "group", 2: "title", 3: "leads"}


# --- Excel number formats ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("dd/mm/yyyy", "31/03/2026"),
        ("mmm-yy", "Mar-26"),
        ("d mmmm yyyy", "31 March 2026"),
        ("dddd d mmm", "Tuesday 31 Mar"),
        ("yyyy-mm-dd h:mm:ss", "2026-03-31"),
        ("[$-809]dd/mm/yyyy;@", "31/03/2026"),
        ("[$-F800]dddd, mmmm dd, yyyy", "31 March 2026"),
    ],
)
def test_dates_as_excel_shows_them(code: str, shown: str) -> None:
    assert format_date(datetime(2026, 3, 31), parse_format(code)) == shown


def test_times_and_numbers_as_excel_shows_them() -> None:
    assert format_date(datetime(2026, 3, 31, 14, 5), parse_format("dd/mm/yyyy hh:mm")) == "31/03/2026 14:05"
    assert format_date(datetime(2026, 3, 31, 14, 5), parse_format("h:mm AM/PM")) == "2:05 PM"
    assert not parse_format("0.00").is_date and parse_format("mm:ss").is_date
    assert format_number(0.65, "0%") == "65%"
    assert format_number(25000, '"£"#,##0') == "£25,000"
    assert format_number(1.1, "0.00") == "1.10"
    assert format_number(-3, "#,##0;(#,##0)") == "(3)"
    assert format_number(1234.5, "General") == "1234.5"


def test_a_workbook_shows_its_cells_as_formatted(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Action", "Lead", "Due", "Budget", "Done"])
    sheet.append(["Open the depot", "JP", datetime(2026, 3, 31), 25000, True])
    sheet["C2"].number_format = "d mmm yyyy"
    sheet["D2"].number_format = '"£"#,##0'
    sheet.append(["Close the depot", "JP", "=C2+30", None, False])
    book.save(tmp_path / "formats.xlsx")
    rows = read_document(tmp_path / "formats.xlsx").blocks[0].rows
    assert [c.text for c in rows[1]] == ["Open the depot", "JP", "31 Mar 2026", "£25,000", "TRUE"]
    assert rows[2][2].text == ""  # a formula with no value kept by Excel: no value to read


# --- --columns and mapping files ---------------------------------------------------------------------


def test_columns_are_parsed_with_commas_inside_headers() -> None:
    assert parse_columns("action=Deliverable,lead=Owner,due=Target date") == [
        ("title", "Deliverable"),
        ("leads", "Owner"),
        ("timescale", "Target date"),
    ]
    assert parse_columns("action=What, why and how,progress=Notes") == [
        ("title", "What, why and how"),
        ("progress", "Notes"),
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("colour=Red", "'colour' is not a column pmplan knows"),
        ("action=", "names no header"),
        ("Deliverable", "is not name=header"),
        ("action=A,action=B", "action named twice"),
        ("due=A,due=B", "due named twice"),
    ],
)
def test_bad_columns_say_what_is_wrong(value: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=message):
        parse_columns(value)
    source = tmp_path / "plan.csv"
    source.write_text("Action,Lead\nDo it,JP\n", encoding="utf-8")
    result = invoke("import", str(source), "--columns", value)
    assert result.exit_code == 2 and message in result.stderr


def test_a_mapping_file_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(
        "columns:\n  action: Deliverable\n  lead: [Owner, Deputy]\ntable: Plan\n", encoding="utf-8"
    )
    mapping = read_mapping(path)
    assert mapping.columns == [("title", "Deliverable"), ("leads", "Owner"), ("leads", "Deputy")]
    assert mapping.table == "Plan"
    path.write_text("colums:\n  action: Deliverable\n", encoding="utf-8")
    with pytest.raises(SourceError, match="unknown key colums"):
        read_mapping(path)
    path.write_text("columns: [action\n", encoding="utf-8")
    with pytest.raises(SourceError, match="not a YAML mapping file"):
        read_mapping(path)


def test_two_lead_columns_named_give_both_leads(tmp_path: Path) -> None:
    source = tmp_path / "work.csv"
    source.write_text(
        "Scheme,Portfolio holder,Lead officer,End\n"
        "Open the leisure centre at the park,Ann Bee,JP,March 2025\n"
        "Adopt the new local plan for consultation,Ann Bee,JP,May 2025\n",
        encoding="utf-8",
    )
    people = [("JP", "Jo Price"), ("AB", "Ann Bee")]
    plain = import_file(source, people=people).plan.actions[0]
    assert plain.lead is not None and plain.lead.ids == ("JP",)  # read by itself: one lead column
    both = import_file(
        source, people=people, columns=[("leads", "Portfolio holder"), ("leads", "Lead officer")]
    )
    action = both.plan.actions[0]
    assert action.lead is not None and action.lead.ids == ("AB", "JP")


def test_columns_name_a_column_whose_header_says_nothing(tmp_path: Path) -> None:
    source = tmp_path / "odd.csv"
    source.write_text(
        "Thing,Person,When\nDepot lease,SP,March 2026\nVan trial,SP,June 2026\n", encoding="utf-8"
    )
    with pytest.raises(SourceError, match="Headers seen"):
        import_file(source)
    plan = import_file(source, columns=[("title", "Thing")]).plan
    assert [a.title for a in plan.actions] == ["Depot lease", "Van trial"]
    assert [a.timescale for a in plan.actions] == [["March 2026"], ["June 2026"]]


# --- the Word reader -----------------------------------------------------------------------------------


def test_word_text_as_word_shows_it(tmp_path: Path) -> None:
    """Tracked deletions and field codes are not text; hyperlinks, insertions and content
    controls are; a list paragraph is a bullet; the heading above the table is the title."""
    document = docx.Document()
    document.add_paragraph("Anytown Borough Council")
    document.add_heading("Parks improvement plan", 1)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Action", "Lead"
    table.cell(1, 0).text = "Plant trees"
    table.cell(1, 0).add_paragraph("in every ward", style="List Bullet")
    table.cell(1, 1).text = "JP"
    buffer = io.BytesIO()
    document.save(buffer)
    extra = (
        '<w:del w:id="1" w:author="x" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>DELETED</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="x" w:date="2024-01-01T00:00:00Z"><w:r><w:t xml:space="preserve"> now</w:t></w:r></w:ins>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    path = tmp_path / "tracked.docx"
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(
                    b"<w:t>Plant trees</w:t></w:r>", b"<w:t>Plant trees</w:t></w:r>" + extra.encode()
                )
            target.writestr(item, data)
    result = import_file(path)
    action = result.plan.actions[0]
    assert action.title == "Plant trees now"
    assert action.how == ["- in every ward"]
    assert result.plan.title == "Parks improvement plan"
    assert "DELETED" not in result.text and "PAGE" not in result.text


def test_an_id_column_is_found_by_its_content(tmp_path: Path) -> None:
    source = tmp_path / "ids.csv"
    source.write_text(
        ",Action,Lead,Target date\n"
        "1.1,Review the parking charges,JP,March 2026\n"
        "1.2,Consult on the new charges,JP,May 2026\n"
        "1.3,Take the charges to Cabinet,JP,July 2026\n",
        encoding="utf-8",
    )
    result = import_file(source)
    assert [a.id for a in result.plan.actions] == ["1.1", "1.2", "1.3"]
    assert any("read by what the cells hold" in n and "column A" in n for n in result.notes)


def test_table_takes_the_chosen_word_table_and_the_rest_of_it_over_the_page(tmp_path: Path) -> None:
    document = docx.Document()
    for rows in (
        [["Term", "Meaning"], ["CMT", "Corporate management team"]],
        [["Action", "Lead", "When"], ["Agree the budget", "JP", "Feb 26"]],
        [["Set the council tax", "JP", "Mar 26"]],  # the same table over the page, no header
        [["Action", "Lead", "When"], ["An older plan's action", "HB", "2019"]],
    ):
        table = document.add_table(rows=0, cols=len(rows[0]))
        for values in rows:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
        document.add_paragraph("")
    document.save(tmp_path / "plans.docx")
    chosen = import_file(tmp_path / "plans.docx", table="2")
    assert [a.title for a in chosen.plan.actions] == ["Agree the budget", "Set the council tax"]
    assert any("table 4 (not chosen with --table)" in n for n in chosen.notes)
    everything = import_file(tmp_path / "plans.docx")
    assert len(everything.plan.actions) == 3


def test_a_summary_as_wide_as_the_plan_after_it_is_left_out(tmp_path: Path) -> None:
    document = docx.Document()
    for rows in (
        [["Action", "Status"], ["Agree the budget", "Complete"], ["Set the council tax", "On track"]],
        [["RAG", "Number of actions"], ["Complete", "1"], ["On track", "1"]],
    ):
        table = document.add_table(rows=0, cols=2)
        for values in rows:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
        document.add_paragraph("Summary")
    document.save(tmp_path / "summary.docx")
    result = import_file(tmp_path / "summary.docx")
    assert [a.title for a in result.plan.actions] == ["Agree the budget", "Set the council tax"]
    assert any("table 2 (a summary of counts)" in n for n in result.notes)


def test_a_plan_laid_out_inside_a_one_cell_table(tmp_path: Path) -> None:
    document = docx.Document()
    frame = document.add_table(rows=1, cols=1).cell(0, 0)
    frame.paragraphs[0].text = "Housing service plan 2025/26"
    inner = frame.add_table(rows=3, cols=3)
    for r, values in enumerate(
        [
            ["Action", "Lead", "When"],
            ["Let the empty homes", "JP", "June 2025"],
            ["Review rents", "JP", "March 2026"],
        ]
    ):
        for c, value in enumerate(values):
            inner.cell(r, c).text = value
    document.save(tmp_path / "framed.docx")
    result = import_file(tmp_path / "framed.docx")
    assert [a.title for a in result.plan.actions] == ["Let the empty homes", "Review rents"]
    assert result.plan.title == "Housing service plan 2025/26"


def test_a_key_header_after_another_rejected_header_in_the_same_table(tmp_path: Path) -> None:
    """Found by fuzzing: a table whose first header-like row names no action and whose next
    reads as a key's."""
    source = tmp_path / "odd.csv"
    source.write_text(
        "Progress,Ref,Rec No,Target date\n"
        "Update as at June 2018,Late,Owner,In hand\n"
        "(ii),Update as at June 2018,Progress,- bullet\n"
        "Status,Action,- bullet,Priority\n"
        "In hand,1.1,b) i.,TBC\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError):
        import_file(source)


def test_the_written_plan_is_read_back_before_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer that forgot to quote would write ``title: Agree the plan #2``, which reads back
    as "Agree the plan": the read-back check stops it."""
    from pmplan.exchange.importer import writer

    source = tmp_path / "plan.csv"
    source.write_text("Ref,Action,Lead\n1.10,Agree the plan #2,JP\n", encoding="utf-8")
    assert import_file(source).plan.actions[0].title == "Agree the plan #2"
    monkeypatch.setattr(writer, "scalar_text", lambda text: text)
    with pytest.raises(SourceError, match="internal error"):
        import_file(source)
