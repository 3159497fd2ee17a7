"""The import corpus: action plans in the shapes councils publish, written for pmplan's tests.

Each source below is a plan as a council might publish it (an external auditor's action plan,
a corporate improvement plan, a cabinet work programme, an equality action plan, annual
governance statement actions, an internal audit tracker, exports from performance systems),
with the awkward parts real ones have: a key or summary table before the plan, merged
cells, milestones under one reference, a row split by a page break, real Excel date cells with
number formats, hidden columns and rows, totals rows, CSV in Windows-1252. The words are
invented for these tests. ``tests/import_corpus/NAME.yaml`` is the plan each should import as.

The binary files are built at test time from the definitions here, so that a reviewer reads
the source of every cell; ``python tests/corpus_sources.py OUT_DIR`` writes them to look at.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import docx
import openpyxl
from docx.oxml import OxmlElement

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "import_corpus"


@dataclass
class Source:
    name: str
    """The file name (its suffix says the format)."""
    shape: str
    build: Callable[[Path], None]
    day: date
    """``--date`` for the import."""
    columns: str | None = None
    """``--columns``, where the headers cannot say."""
    table: str | None = None
    notes: list[str] = field(default_factory=list)
    """Words the import's report must contain (what it left out, joined, found uncertain)."""
    vague: set[str] = field(default_factory=set)
    """Action refs whose timescale gives no due date (as the source has it)."""

    @property
    def expected(self) -> Path:
        return EXPECTED / f"{Path(self.name).stem}.yaml"


# --- Word helpers -----------------------------------------------------------------------------


def _repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


def _word_table(document: Any, rows: list[list[str]], header: bool = True) -> Any:
    table = document.add_table(rows=0, cols=len(rows[0]))
    table.style = document.styles["Table Grid"]
    for n, values in enumerate(rows):
        row = table.add_row()
        if n == 0 and header:
            _repeat_header(row)
        for cell, value in zip(row.cells, values, strict=True):
            _fill(cell, value)
    return table


def _fill(cell: Any, value: str) -> None:
    """A cell's text: lines starting '* ' are bullets (List Bullet paragraphs)."""
    lines = value.split("\n") if value else [""]
    for i, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        if line.startswith("* "):
            paragraph.style = cell.part.document.styles["List Bullet"]
            line = line[2:]
        paragraph.add_run(line)


def _merge_down(table: Any, column: int, first: int, last: int, text: str) -> None:
    merged = table.cell(first, column).merge(table.cell(last, column))
    for paragraph in merged.paragraphs[1:]:
        paragraph._p.getparent().remove(paragraph._p)
    merged.paragraphs[0].text = text


def _merge_across(table: Any, row: int, text: str) -> None:
    cells = table.rows[row].cells
    merged = cells[0].merge(cells[-1])
    for paragraph in merged.paragraphs[1:]:
        paragraph._p.getparent().remove(paragraph._p)
    merged.paragraphs[0].text = ""
    merged.paragraphs[0].add_run(text).bold = True


def _bold(document: Any, text: str) -> None:
    document.add_paragraph().add_run(text).bold = True


# --- 1. an external auditor's action plan (Word) ------------------------------------------------

AUDIT_HEADER = [
    "Ref",
    "Recommendation",
    "Agreed action",
    "Responsible officer",
    "Target date",
    "RAG (Complete / In hand / Late)",
    "Update as at June 2018",
]


def audit_action_plan(path: Path) -> None:
    """A key table first, then the plan: a recommendation over three milestone rows that
    repeat its reference, a header that lists its RAG words, progress dated by its header,
    a row split by a page break, and a summary table at the end."""
    document = docx.Document()
    _bold(document, "Fallowfield District Council")
    document.add_heading("Value for money audit 2017/18: action plan", 1)
    document.add_paragraph(
        "This plan sets out the actions agreed in response to the external auditor's report to "
        "the Audit Committee in September 2017, and progress made to June 2018."
    )
    document.add_paragraph("Key to the RAG column")
    _word_table(
        document,
        [
            ["Status", "What it means"],
            ["Complete", "The action has been carried out and the evidence kept"],
            ["In hand", "Work has started and is expected to finish on time"],
            ["Late", "The target date has passed, or will be missed"],
        ],
    )
    document.add_paragraph()
    plan = _word_table(
        document,
        [
            AUDIT_HEADER,
            [
                "1",
                "Set savings targets for each of the next three years",
                "Refresh the medium term financial strategy with savings targets for 2018/19 to 2020/21",
                "Chief Finance Officer",
                "September 2017",
                "Complete",
                "Strategy approved by Council on 22 February 2018.",
            ],
            [
                "2",
                "",
                "(i) Set up a capital programme board chaired by the Deputy Chief Executive",
                "Deputy Chief Executive",
                "October 2017",
                "Complete",
                "The board has met monthly since November 2017.",
            ],
            [
                "2",
                "",
                "(ii) Report slippage on capital schemes to Cabinet each quarter",
                "Chief Finance Officer",
                "Quarterly from December 2017",
                "In hand",
                "Reports went to Cabinet in December 2017 and March 2018.",
            ],
            [
                "2",
                "",
                "(iii) Review the approval gateway for new capital schemes",
                "Head of Property",
                "March 2018",
                "Late",
                "Review drafted; sign-off moved to the September 2018 board.",
            ],
            [
                "3",
                "Keep a register of the Council's companies and the risks they carry",
                "Compile a register of companies and joint ventures and report it to the Audit "
                "Committee every six months",
                "Head of Legal Services",
                "January 2018",
                "",
                "First register reported in January 2018. This action is now complete.",
            ],
            [
                "4",
                "Close the accounts to a",
                "Agree a closedown timetable with the external auditor and publish it to",
                "Chief Finance Officer",
                "April 2018",
                "In hand",
                "Timetable agreed with the auditor;",
            ],
        ],
    )
    _merge_down(plan, 1, 2, 4, "Strengthen oversight of the capital programme")
    document.add_page_break()
    split = _word_table(
        document,
        [
            AUDIT_HEADER,
            [
                "",
                "published timetable",
                "budget holders by the end of January each year",
                "",
                "",
                "",
                "still to be sent to budget holders.",
            ],
            [
                "5",
                "Test the business continuity plan",
                "Run a desk-top exercise of the business continuity plan with the corporate management team",
                "Emergency Planning Officer",
                "July 2018",
                "Not started",
                "Exercise booked for 17 July 2018.",
            ],
        ],
    )
    del split
    document.add_paragraph()
    document.add_paragraph("Summary of progress")
    _word_table(
        document,
        [
            ["RAG", "Number of actions"],
            ["Complete", "3"],
            ["In hand", "2"],
            ["Late", "1"],
            ["Total", "7"],
        ],
    )
    document.save(path)


# --- 2. a corporate improvement plan (Word) -----------------------------------------------------


def improvement_plan(path: Path) -> None:
    """Themes as rows merged across the table; 'Task' and 'Milestone date' headers; one number
    on several milestone rows; an unnumbered row; statuses only in the progress words ('Done
    (April 2020)'); a provisional start given as the date."""
    document = docx.Document()
    _bold(document, "Eastbridge Borough Council")
    document.add_heading("Corporate Improvement Plan 2019 to 2021", 1)
    _word_table(
        document,
        [
            ["Theme", "Tasks", "Done"],
            ["Financial resilience", "5", "2"],
            ["Digital services", "3", "1"],
        ],
    )
    document.add_paragraph("Progress at June 2020")
    rows = [
        ["No.", "Task", "Owner", "Milestone date", "Progress"],
        ["Theme 1: Financial resilience", "", "", "", ""],
        [
            "1",
            "Set a balanced budget for 2020/21 without using reserves",
            "S151 Officer",
            "February 2020",
            "Done (February 2020)",
        ],
        [
            "2",
            "Review every fee and charge against the cost of the service",
            "Head of Finance",
            "October 2019",
            "Completed October 2019; new charges from 1 October 2019.",
        ],
        [
            "2",
            "Consult residents and businesses on the charging policy",
            "Head of Finance",
            "December 2019",
            "Consultation closed on 6 December 2019 with 412 responses.",
        ],
        [
            "2",
            "Take the charging policy to Cabinet for approval",
            "Head of Finance",
            "January 2020",
            "Cabinet approved the policy on 16 January 2020.",
        ],
        [
            "",
            "Publish a plain-English summary of the budget for residents",
            "Communications Manager",
            "March 2020",
            "Delayed by the pandemic; to be published with the 2021/22 budget.",
        ],
        ["Theme 2: Digital services", "", "", "", ""],
        [
            "3",
            "Move the council tax change-of-address form online",
            "ICT Manager",
            "Stage 2 to begin Sept 2019, provisional",
            "Stage 1 (discovery) finished in July 2019.",
        ],
        [
            "4",
            "Launch the new council website",
            "Web Team Leader",
            "Spring 2020",
            "Done (April 2020)",
        ],
        [
            "5",
            "Offer webchat for housing enquiries",
            "Head of Housing",
            "March 2021",
            "Procurement under way; a supplier has been chosen.",
        ],
    ]
    table = _word_table(document, rows)
    _merge_across(table, 1, rows[1][0])
    _merge_across(table, 7, rows[7][0])
    document.save(path)


# --- 3. a cabinet work programme (Word) ---------------------------------------------------------


def cabinet_work_programme(path: Path) -> None:
    """A caption naming the table; an action column headed 'Scheme' (a word pmplan does not
    know: found by its sentences); Start and End columns; a status pmplan does not know."""
    document = docx.Document()
    document.add_heading("Westerleigh City Council", 0)
    document.add_paragraph("Report to Cabinet, 4 December 2024: delivering the Council Plan.")
    document.add_paragraph("Table 2: Cabinet work programme 2024/25", style="Caption")
    _word_table(
        document,
        [
            ["Scheme", "Portfolio holder", "Lead officer", "Start", "End", "Status"],
            [
                "Open the new leisure centre at Riverside Park",
                "Cllr Amrit Sandhu",
                "Head of Leisure",
                "April 2024",
                "March 2025",
                "On track",
            ],
            [
                "Adopt a new local plan for consultation",
                "Cllr Beth Ormerod",
                "Head of Planning",
                "June 2024",
                "November 2024",
                "Complete",
            ],
            [
                "Bring empty homes back into use through grants and loans",
                "Cllr Beth Ormerod",
                "Housing Strategy Manager",
                "May 2024",
                "31/03/2025",
                "At risk",
            ],
            [
                "Replace the street lighting with low-energy lanterns",
                "Cllr Tom Ashworth",
                "Highways Manager",
                "January 2025",
                "",
                "Not started",
            ],
            [
                "Review the council's office accommodation",
                "Cllr Amrit Sandhu",
                "Head of Property",
                "September 2024",
                "February 2025",
                "On hold pending budget",
            ],
        ],
    )
    document.save(path)


# --- 4. an equality action plan (Word) ----------------------------------------------------------


def equality_action_plan(path: Path) -> None:
    """Objectives merged down over their actions (themes); an outcome written on each row (not
    a theme); no references at all; timescales in words."""
    document = docx.Document()
    document.add_heading("Equality action plan 2022 to 2024", 1)
    document.add_paragraph(
        "Our equality objectives, and what we will do to meet them. Progress is reported to the "
        "Overview and Scrutiny Committee each year."
    )
    rows = [
        ["Objective", "Outcome", "Action", "Lead officer", "By when"],
        [
            "Understand our communities",
            "Services are planned from up-to-date data",
            "Publish a profile of the district's communities from the 2021 census",
            "Policy Officer",
            "March 2023",
        ],
        [
            "",
            "Residents' views shape decisions",
            "Hold an annual residents' survey with a boosted sample of younger people",
            "Consultation Officer",
            "Annually in October",
        ],
        [
            "Be an inclusive employer",
            "Our staff reflect the district",
            "Report the gender, ethnicity and disability pay gaps",
            "HR Manager",
            "Each March",
        ],
        [
            "",
            "Managers make fair decisions",
            "Train every manager in inclusive recruitment",
            "HR Manager",
            "December 2023",
        ],
        [
            "",
            "Staff feel able to speak up",
            "Set up staff networks for disabled, LGBT+ and ethnic minority staff",
            "Head of Organisational Development",
            "Ongoing",
        ],
    ]
    table = _word_table(document, rows)
    _merge_down(table, 0, 1, 2, rows[1][0])
    _merge_down(table, 0, 3, 5, rows[3][0])
    document.save(path)


# --- 5. annual governance statement actions (Word) ----------------------------------------------


def governance_statement(path: Path) -> None:
    """A table of sources of assurance first; then the issues and their actions, with a 'Date
    completed' column holding dates, sentences and 'Not yet'."""
    document = docx.Document()
    document.add_heading("Annual governance statement 2022/23", 1)
    document.add_heading("How we reviewed our governance", 2)
    _word_table(
        document,
        [
            ["Source of assurance", "What it told us"],
            [
                "Head of Internal Audit's annual opinion",
                "Reasonable assurance on the framework of governance, risk management and control",
            ],
            ["External auditor's annual report", "No significant weaknesses in value for money arrangements"],
        ],
    )
    document.add_heading("Significant governance issues and the actions we are taking", 2)
    _word_table(
        document,
        [
            [
                "Significant governance issue",
                "Action to be taken",
                "Responsible officer",
                "Target date",
                "Date completed",
            ],
            [
                "Contract management is not consistent across services",
                "Adopt a contract management framework and train contract managers",
                "Head of Procurement",
                "31 March 2023",
                "Signed off by CMT 12/05/2023",
            ],
            [
                "The constitution is out of date",
                "Review the constitution and take the changes to Council",
                "Monitoring Officer",
                "July 2023",
                "Completed June 2023 - new constitution adopted by Council",
            ],
            [
                "Cyber security controls need strengthening",
                "Put in place multi-factor authentication for all remote access",
                "ICT Manager",
                "September 2023",
                "21/08/2023",
            ],
            [
                "Workforce planning is underdeveloped",
                "Produce a workforce strategy with a plan for hard-to-fill posts",
                "Head of HR",
                "December 2023",
                "Not yet",
            ],
        ],
    )
    document.save(path)


# --- 6. an internal audit recommendations tracker (Excel) --------------------------------------

TRACKER_HEADER = [
    "Audit",
    "Rec No",
    "Priority",
    "Recommendation",
    "Agreed action",
    "Action owner",
    "Original due date",
    "Revised due date",
    "Status",
    "Latest update",
    "Date completed",
    "Internal notes",
]


def internal_audit_tracker(path: Path) -> None:
    """A title row; real date cells in three number formats; the audit's name merged down;
    recommendation numbers that start again for each audit; a hidden column and a hidden row;
    updates that start with their dates; a totals row; a summary sheet and a hidden sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Tracker"
    sheet["A1"] = "Internal audit recommendations tracker: position at 30 September 2024"
    sheet.merge_cells("A1:L1")
    sheet.append([])
    sheet.append(TRACKER_HEADER)  # row 3
    rows: list[list[Any]] = [
        [
            "Payroll 2023/24",
            1,
            "High",
            "Overtime claims should be approved before they are paid",
            "Add an approval step for overtime claims in the HR system",
            "Payroll Manager",
            datetime(2024, 3, 31),
            datetime(2024, 6, 30),
            "Implemented",
            "28/06/2024 - Approval step live in the HR system",
            datetime(2024, 6, 28),
            "Tested by audit in July",
        ],
        [
            None,
            2,
            "Medium",
            "Leavers should be removed from the payroll promptly",
            "Send a monthly report of leavers from HR to payroll and check it",
            "HR Business Partner",
            datetime(2024, 4, 30),
            None,
            "Partially implemented",
            "15/05/2024 - Report designed\n20/09/2024 - First two months checked; one late removal found",
            None,
            None,
        ],
        [
            "Procurement 2023/24",
            1,
            "High",
            "Waivers of contract rules should be recorded centrally",
            "Keep a central register of waivers and report it to the Audit Committee",
            "Head of Procurement",
            datetime(2024, 5, 31),
            None,
            "Overdue",
            "Register drafted; not yet reported to committee.",
            None,
            None,
        ],
        [
            None,
            2,
            "Low",
            "Contract documents should be stored in one place",
            "Move all contract documents to the contracts system",
            "Procurement Officer",
            datetime(2024, 12, 31),
            None,
            "Not yet due",
            None,
            None,
            None,
        ],
        [
            None,
            3,
            "Medium",
            "Officers buying goods should be trained in the contract rules",
            "Run contract rules training for budget holders",
            "Procurement Officer",
            datetime(2024, 2, 29),
            None,
            "Superseded",
            "Replaced by the new e-learning module (see Procurement 2024/25).",
            None,
            None,
        ],
        [
            "Car parks 2022/23",
            1,
            "Medium",
            "Cash collections should be counted by two people",
            "Introduce dual counting of car park cash",
            "Parking Services Manager",
            datetime(2023, 3, 31),
            None,
            "Implemented",
            None,
            datetime(2023, 2, 14),
            None,
        ],
    ]
    for values in rows:
        sheet.append(values)
    sheet.append([])
    sheet.append(["Total", None, None, None, None, None, None, None, "6 recommendations", None, None, None])
    for row in range(4, 10):
        sheet.cell(row, 7).number_format = "dd/mm/yyyy"
        sheet.cell(row, 8).number_format = "mmm-yy"
        sheet.cell(row, 11).number_format = "d mmmm yyyy"
    sheet.merge_cells("A4:A5")
    sheet.merge_cells("A6:A8")
    sheet.column_dimensions["L"].hidden = True
    sheet.row_dimensions[9].hidden = True
    summary = book.create_sheet("Summary")
    summary.append(["Priority", "Open", "Closed"])
    summary.append(["High", 1, 1])
    summary.append(["Medium", 1, 1])
    lists = book.create_sheet("Lists")
    lists.append(["Status"])
    lists.append(["Implemented"])
    lists.sheet_state = "hidden"
    book.save(path)


# --- 7. a performance system's export (Excel) ---------------------------------------------------


def performance_system_export(path: Path) -> None:
    """A flat export: codes as ids, Title and Description, Assigned To, dates in Excel's
    default short date, the system's status words, a percent column, and a note date."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Actions"
    book.properties.title = "Council Plan actions export"
    sheet.append(
        [
            "Code",
            "Title",
            "Description",
            "Assigned To",
            "Due Date",
            "Status",
            "Progress %",
            "Latest Note",
            "Latest Note Date",
        ]
    )
    rows: list[list[Any]] = [
        [
            "CP-01.01",
            "Deliver 120 affordable homes",
            "Homes completed on council and partner sites",
            "Housing Delivery Manager",
            datetime(2025, 3, 31),
            "In Progress",
            0.65,
            "78 homes completed so far.",
            datetime(2024, 10, 7),
        ],
        [
            "CP-01.02",
            "Adopt the housing strategy",
            None,
            "Head of Housing",
            datetime(2024, 7, 31),
            "Completed",
            1,
            "Adopted by Council in July.",
            datetime(2024, 7, 25),
        ],
        [
            "CP-02.01",
            "Cut the council's carbon emissions by 10%",
            "Against the 2019/20 baseline",
            "Climate Change Officer",
            datetime(2025, 3, 31),
            "Overdue",
            0.4,
            None,
            None,
        ],
        [
            "CP-02.02",
            "Plant 5,000 trees",
            None,
            "Parks Manager",
            datetime(2025, 2, 28),
            "Not Started",
            0,
            None,
            None,
        ],
        [
            "CP-03.01",
            "Run a town centre events programme",
            None,
            "Town Centre Manager",
            datetime(2024, 9, 30),
            "Cancelled",
            0,
            "Funding withdrawn.",
            datetime(2024, 6, 3),
        ],
    ]
    for values in rows:
        sheet.append(values)
    for row in range(2, 7):
        sheet.cell(row, 5).number_format = "mm-dd-yy"  # Excel's built-in short date: day first in Britain
        sheet.cell(row, 7).number_format = "0%"
        sheet.cell(row, 9).number_format = "dd/mm/yyyy"
    book.save(path)


# --- 8. a service improvement plan (Excel) ------------------------------------------------------


def service_improvement_plan(path: Path) -> None:
    """Themes in merged rows; a status header listing its own words; progress in two quarterly
    columns dated by their headers; a date cell shown as 'Mar-17'; a totals row."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Plan"
    sheet["A1"] = "Waste and street scene improvement plan 2016/17"
    sheet.append(
        [
            "Ref",
            "Improvement",
            "Lead",
            "Due",
            "Progress RAG (Done / On track / Behind)",
            "Q1 2016/17 update",
            "Q2 2016/17 update",
        ]
    )
    sheet.append(["A. Collections"])
    sheet.merge_cells("A3:G3")
    sheet.append(
        [
            "A1",
            "Move to fortnightly refuse collections",
            "KB",
            datetime(2016, 10, 3),
            "Done",
            "Leaflets delivered to every household.",
            "New rounds started on 3 October.",
        ]
    )
    sheet.append(
        [
            "A2",
            "Cut missed bins to fewer than 50 per 100,000 collections",
            "KB",
            datetime(2017, 3, 31),
            "Behind",
            "Missed bins rose during the round changes.",
            "Still above target at 71 per 100,000.",
        ]
    )
    sheet.append(["B. Street cleansing"])
    sheet.merge_cells("A6:G6")
    sheet.append(
        [
            "B1",
            "Publish street cleansing standards for each ward",
            "RJ",
            datetime(2016, 12, 31),
            "On track",
            None,
            "Standards drafted; ward members consulted.",
        ]
    )
    sheet.append(
        [
            "B2",
            "Buy two electric street sweepers",
            "RJ",
            datetime(2017, 3, 31),
            "Done (May 2016)",
            "Delivered early with a grant.",
            None,
        ]
    )
    sheet.append(["Total", None, None, None, "2 done", None, None])
    for row in (4, 5, 7, 8):
        sheet.cell(row, 4).number_format = "mmm-yy"
    book.save(path)


# --- 9. CSV files -------------------------------------------------------------------------------


def _csv(path: Path, rows: list[list[str]], encoding: str, delimiter: str = ",") -> None:
    import csv
    import io

    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(text.getvalue().encode(encoding))


def service_milestones(path: Path) -> None:
    """A CSV saved by Excel as UTF-8 (with a byte-order mark): a 'Milestone' column, initials
    as owners, RAG letters and a Blue for done."""
    _csv(
        path,
        [
            ["Milestone", "Owner", "Target date", "RAG", "Comments"],
            ["Appoint a customer services manager", "KB", "31/05/2025", "Blue", "Started on 2 June."],
            ["Agree the £40,000 call-handling upgrade – phase 1", "KB, DM", "30/06/2025", "G", ""],
            ["Answer 80% of calls within 60 seconds", "DM", "Q2 2025/26", "A", "At 74% in July."],
            [
                "Close the Market Street reception",
                "KB",
                "September 2025",
                "R",
                "Lease ends later than planned.",
            ],
        ],
        "utf-8-sig",
    )


def outcomes_plan(path: Path) -> None:
    """A CSV from Excel in Windows-1252 with semicolons: an Outcome column written afresh on
    every row (so not themes), and 'Done (May 2016)' in the progress words."""
    _csv(
        path,
        [
            ["Outcome", "Action", "Lead", "Timescale", "Progress"],
            [
                "More people use the library's digital services",
                "Lend tablets to housebound readers – £3,500 grant",
                "Library Manager",
                "April 2016",
                "Done (May 2016)",
            ],
            [
                "Older people are less isolated",
                "Start a weekly reading group in each branch library",
                "Library Manager",
                "September 2016",
                "Groups running in four of the six branches.",
            ],
            [
                "Children read more over the summer",
                "Run the summer reading challenge with local schools",
                "Children's Librarian",
                "July–August 2016",
                "1,240 children took part; this action is complete.",
            ],
        ],
        "cp1252",
        delimiter=";",
    )


def workstream_tracker(path: Path) -> None:
    """Headers that do not say which column is the action ('Item'): pmplan cannot map it by
    itself, and imports it with --columns."""
    _csv(
        path,
        [
            ["Workstream", "Item", "Contact", "By", "Notes"],
            ["Fleet", "Depot lease renewal", "SP", "March 2026", "Heads of terms agreed."],
            ["Fleet", "Electric van trial", "SP", "June 2026", "Two vans on order."],
            ["Buildings", "Boiler replacement", "GH", "October 2025", "Complete."],
        ],
        "utf-8",
    )


def audit_responses(path: Path) -> None:
    """An audit committee's export in Windows-1252: the management response is the action."""
    _csv(
        path,
        [
            ["Recommendation", "Management response", "Officer", "Implementation date", "Status", "Comments"],
            [
                "1. Reconcile the housing rents system to the ledger every month",
                "Monthly reconciliations will be done by the 10th working day and reviewed by the Finance Manager",
                "Finance Manager",
                "30/09/2021",
                "Implemented",
                "Reconciliations up to date since October – reviewed monthly.",
            ],
            [
                "2. Chase former tenant arrears over £500",
                "Refer former tenant arrears over £500 to the debt recovery team within 28 days",
                "Income Manager",
                "31/12/2021",
                "In progress",
                "Referral process agreed; backlog of 46 cases being worked through.",
            ],
        ],
        "cp1252",
    )


# --- the corpus ---------------------------------------------------------------------------------

SOURCES = [
    Source(
        "audit-action-plan.docx",
        "an external auditor's action plan (Word)",
        audit_action_plan,
        date(2018, 7, 2),
        notes=[
            "table 1 (a key)",
            "table 4 (a summary of counts)",
            "joined 1 row carried over a page break",
            "plan title 'Value for money audit 2017/18: action plan' taken from the heading above the plan's table",
        ],
    ),
    Source(
        "improvement-plan.docx",
        "a corporate improvement plan (Word)",
        improvement_plan,
        date(2020, 6, 15),
        notes=[
            "table 1 (a summary of counts)",
            "the timescale 'Stage 2 to begin Sept 2019, provisional' gives when it starts, not when it is due, "
            "and says the date is provisional",
        ],
    ),
    Source(
        "cabinet-work-programme.docx",
        "a cabinet work programme (Word)",
        cabinet_work_programme,
        date(2024, 12, 4),
        notes=[
            "Scheme -> action (by content)",
            "plan title 'Cabinet work programme 2024/25' taken from the table's caption",
            "a start (January 2025) and no due date",
            "Status 'On hold pending budget' is not a status pmplan knows",
        ],
    ),
    Source(
        "equality-action-plan.docx",
        "an equality action plan (Word)",
        equality_action_plan,
        date(2023, 11, 1),
        vague={"2.a"},
    ),
    Source(
        "governance-statement.docx",
        "annual governance statement actions (Word)",
        governance_statement,
        date(2023, 9, 30),
        notes=["table 1 (not an action-plan table)"],
    ),
    Source(
        "internal-audit-tracker.xlsx",
        "an internal audit recommendations tracker (Excel)",
        internal_audit_tracker,
        date(2024, 10, 1),
        notes=[
            "skipped hidden sheet 'Lists'",
            "hidden column L (Internal notes) kept as comments",
            "totals row",
            "hidden rows read like the others (check them): sheet 'Tracker' row 9 (R1-3.a)",
            "sheet 'Summary' (a summary of counts)",
            "'1' is already the id of",
        ],
    ),
    Source(
        "performance-system-export.xlsx",
        "an export from a performance management system (Excel)",
        performance_system_export,
        date(2024, 10, 31),
    ),
    Source(
        "service-improvement-plan.xlsx",
        "a service improvement plan (Excel)",
        service_improvement_plan,
        date(2016, 10, 20),
        notes=["totals row"],
    ),
    Source(
        "service-milestones.csv",
        "a service plan's milestones (CSV, UTF-8)",
        service_milestones,
        date(2025, 7, 31),
    ),
    Source(
        "outcomes-plan.csv",
        "a library service's outcomes plan (CSV, Windows-1252)",
        outcomes_plan,
        date(2016, 9, 30),
        notes=["Windows-1252"],
    ),
    Source(
        "workstream-tracker.csv",
        "a tracker whose headers do not say (CSV, with --columns)",
        workstream_tracker,
        date(2025, 9, 1),
        columns="theme=Workstream,action=Item,lead=Contact,due=By,progress=Notes",
    ),
    Source(
        "audit-responses.csv",
        "an audit committee's recommendations export (CSV, Windows-1252)",
        audit_responses,
        date(2021, 11, 30),
    ),
]


def build_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for source in SOURCES:
        path = folder / source.name
        source.build(path)
        out[source.name] = path
    return out


if __name__ == "__main__":
    for name, path in build_all(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus-out")).items():
        print(f"{name}: {path}")
