"""The Word report's sections: the briefing front, and the landscape appendix (at a glance,
exceptions, the plans, the indicators with their charts, the reporting calendar)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from pmplan.report.charts import ChartWorker, draw_all
from pmplan.report.docx.blocks import (
    add_caption,
    add_heading,
    add_numbered,
    add_para,
    add_runs,
    add_table,
    add_text,
    rag_cell,
    updates_cell,
)
from pmplan.report.docx.ooxml import CellContent, CellSpec, Para, Run, add_field, set_borders, set_table_width
from pmplan.report.view.model import RAGS, ActionRow, Comparison, IndicatorRow, ReportView
from pmplan.report.view.text import xml_safe


def header_and_footer(doc: DocumentObject, view: ReportView) -> None:
    section = doc.sections[0]
    header = section.header
    if not any(p.text.strip() for p in header.paragraphs) and not header.tables:
        paragraph = header.paragraphs[0]
        add_runs(paragraph, [Run(f"{view.organisation}: {view.title}, {view.period}")], Pt(8))
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer
    if not any("PAGE" in (t.text or "") for t in footer._element.iter(qn("w:instrText"))):
        paragraph = footer.add_paragraph() if footer.paragraphs[0].text.strip() else footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run("Page ")
        add_field(paragraph, "PAGE")
        paragraph.add_run(" of ")
        add_field(paragraph, "NUMPAGES")


def front_section(doc: DocumentObject, view: ReportView) -> None:
    front = view.front
    add_para(doc, Run(view.organisation, bold=True)).runs[0].font.size = Pt(14)
    if front.committee:
        add_para(doc, Run(front.committee, bold=True)).runs[0].font.size = Pt(13)
    add_text(doc, "Briefing paper", bold=True)
    if front.report_of:
        add_para(doc, Run("Report of: ", bold=True), Run(front.report_of))
    add_para(doc, Run("Date: ", bold=True), Run(front.date_text))
    add_para(doc, Run("Period: ", bold=True), Run(view.period_text))
    add_heading(doc, view.title, 1)
    number = 0

    def section(title: str, items: Sequence[Sequence[Run]]) -> None:
        nonlocal number
        number += 1
        add_heading(doc, f"{number}. {title}", 2)
        for index, runs in enumerate(items, start=1):
            add_numbered(doc, f"{number}.{index}", *runs)

    section("Summary", [[Run(front.summary)]])
    if front.background:
        section("Background", [[Run(p)] for p in front.background])
    section("Key issues", [[Run(i)] for i in front.key_issues])
    section("Options", [[Run(o)] for o in front.options])
    if front.implications:
        section("Implications", [[Run(f"{i.heading}: ", bold=True), Run(i.text)] for i in front.implications])
    section("Appendices", [[Run(front.appendix_title + ".")]])
    if front.contact:
        add_heading(doc, "Officer contact details", 2)
        contact = front.contact
        for label, value in (
            ("Name", contact.name),
            ("Title", contact.title),
            ("Telephone", contact.phone),
            ("Email", contact.email),
        ):
            if value:
                add_para(doc, Run(f"{label}: ", bold=True), Run(value))


class Charts:
    """The trend charts' PNGs: drawn by a :class:`ChartWorker` while the document is built,
    or here when first wanted."""

    def __init__(self, rows: list[IndicatorRow], worker: ChartWorker | None):
        self.rows = rows
        self.pngs: dict[str, bytes] | None = None
        self.future = worker.draw(rows) if worker is not None and rows else None

    def png(self, row: IndicatorRow) -> bytes:
        if self.pngs is None:
            self.pngs = self.future.result() if self.future is not None else draw_all(self.rows)
        return self.pngs[row.id]


def appendix_section(doc: DocumentObject, view: ReportView, width: int, charts: Charts) -> None:
    add_heading(doc, view.front.appendix_title, 1)
    add_text(doc, f"{view.subject}: {view.period_text}. Position as at {view.as_of_text}.")
    _glance(doc, view, width)
    _exceptions(doc, view, width)
    for plan in view.plans:
        add_heading(doc, plan.title, 2)
        if plan.source or plan.approved_text:
            words = " ".join(
                x
                for x in (
                    f"Source: {plan.source}." if plan.source else "",
                    f"{plan.approved_text}." if plan.approved_text else "",
                )
                if x
            )
            add_para(doc, Run(words, italic=True))
        for group in plan.groups:
            add_heading(doc, group.heading, 3)
            if group.response:
                add_para(doc, Run("Response: ", italic=True), Run(group.response))
            if group.updates:
                add_para(doc, Run(f"Progress on the {plan.group_label.lower()} as a whole:", italic=True))
                for u in group.updates:
                    add_para(doc, Run(f"{u.date_text}: ", bold=True), Run(u.text))
            if group.actions:
                add_table(
                    doc,
                    f"{plan.group_label} {group.id}: actions and progress",
                    [
                        "Ref",
                        "Action",
                        "Lead",
                        "Timescale",
                        "Due",
                        "Status",
                        "Progress this period",
                        "Next step",
                    ],
                    [_action_cells(a) for a in group.actions],
                    [14, 46, 28, 24, 27, 27, 67, 34],
                    width,
                )
    _indicators(doc, view, width, charts)
    _calendar(doc, view, width)
    if view.acronyms:
        add_heading(doc, "Acronyms", 2)
        add_table(doc, "Acronyms used in this report", ["Term", "Meaning"],
               [[t.term, t.meaning] for t in view.acronyms], [1, 4], width // 2)  # fmt: skip
    add_heading(doc, "Key to RAG ratings", 2)
    add_table(doc, "Action status and RAG rating", ["Action status", "RAG", "Meaning"],
           [[k.label, rag_cell(k.rag), k.meaning] for k in view.status_key], [2, 1.3, 5], width * 2 // 3)  # fmt: skip
    add_table(doc, "Indicator RAG rating", ["RAG", "Meaning"],
           [[rag_cell(k.rag), k.meaning] for k in view.indicator_key], [1.3, 6], width * 2 // 3)  # fmt: skip


def _glance(doc: DocumentObject, view: ReportView, width: int) -> None:
    summary = view.summary
    add_heading(doc, "Progress at a glance", 2)
    rows: list[list[CellContent | CellSpec]] = [
        [s.label, rag_cell(s.rag), str(s.count)] for s in summary.statuses
    ]
    rows += [
        [[[Run("All actions", bold=True)]], "", [[Run(str(summary.actions), bold=True)]]],
        ["Overdue", rag_cell(RAGS["red"]) if summary.overdue else "", str(summary.overdue)],
        ["Completed in the period", "", str(summary.completed_in_period)],
    ]
    add_table(doc, "Actions by status", ["Actions", "RAG", "Number"], rows, [3, 2, 1], width // 2)
    if summary.indicators:
        rows = [[rag_cell(r.rag), str(r.count)] for r in summary.indicator_rags]
        rows.append([[[Run("All indicators", bold=True)]], [[Run(str(summary.indicators), bold=True)]]])
        add_table(doc, "Indicators by RAG rating", ["Indicators", "Number"], rows, [3, 1], width // 3)


def _exceptions(doc: DocumentObject, view: ReportView, width: int) -> None:
    add_heading(doc, "Exceptions", 2)
    if not view.exceptions:
        add_text(doc, "No action is delayed, at risk or overdue, and no indicator is red.")
        return
    add_text(doc, "Actions that are delayed, at risk or overdue, and indicators that are red.")
    add_table(
        doc,
        "Exceptions: actions delayed, at risk or overdue, and red indicators",
        ["Ref", "Item", "Lead or owner", "Due or period", "RAG and status", "Reason", "Next step"],
        [
            [e.ref, e.title, e.who, e.due_text, rag_cell(e.rag, e.status_text), e.reason, e.next or ""]
            for e in view.exceptions
        ],
        [22, 40, 28, 24, 30, 80, 40],
        width,
    )


def _action_cells(a: ActionRow) -> list[CellContent | CellSpec]:
    due: list[Para] = [[Run(a.due_text)]]
    if a.slip is not None:
        due.append([Run(a.slip.text, italic=True)])
    return [
        a.local_ref,
        a.title,
        a.leads_text,
        a.timescale or "—",
        due,
        rag_cell(a.rag, a.status_text),
        updates_cell(a.updates, "No update this period"),
        a.next or "",
    ]


def _indicator_cells(i: IndicatorRow) -> list[CellContent | CellSpec]:
    name: list[Para] = [[Run(i.id, bold=True), Run(f" {i.title}")]]
    if i.owner:
        name.append([Run(f"Owner: {i.owner}", italic=True)])
    if i.polarity_text:
        name.append([Run(i.polarity_text, italic=True)])
    rule: list[Para] = [[Run(i.reason)]]
    if i.note:
        rule.append([Run(i.note, italic=True)])

    def compared(c: Comparison | None) -> str:
        return "—" if c is None else f"{c.value_text} in {c.period}: {c.direction_text.lower()}"

    return [
        name,
        i.period + (" (latest)" if i.latest_instead else ""),
        i.target_text,
        i.actual_text,
        rag_cell(i.rag),
        compared(i.previous),
        compared(i.year_ago),
        i.direction_text,
        rule,
    ]


def _indicators(doc: DocumentObject, view: ReportView, width: int, charts: Charts) -> None:
    if not view.indicators:
        return
    add_heading(doc, "Performance indicators", 2)
    add_table(
        doc,
        f"Performance indicators: {view.period}",
        [
            "Indicator",
            "Period",
            "Target",
            "Actual",
            "RAG",
            "Previous period",
            "Same period last year",
            "Direction of travel",
            "How the RAG was set",
        ],  # fmt: skip
        [_indicator_cells(i) for i in view.indicators],
        [50, 20, 17, 17, 17, 30, 30, 20, 66],
        width,
    )
    charted = [i for i in view.indicators if i.chart]
    if not charted:
        return
    from pmplan.report.charts import describe

    add_heading(doc, "Trends", 3)
    columns = 2
    grid = doc.add_table(rows=(len(charted) + columns - 1) // columns, cols=columns)
    grid.autofit = False
    set_borders(grid, visible=False)
    add_caption(grid, "Indicator trend charts")
    cell_width = width // columns
    set_table_width(grid, cell_width * columns)
    for column in grid.columns:
        column.width = cell_width
    for index, indicator in enumerate(charted):
        cell = grid.cell(index // columns, index % columns)
        cell.width = cell_width
        picture = (
            cell.paragraphs[0]
            .add_run()
            .add_picture(io.BytesIO(charts.png(indicator)), width=cell_width - Mm(6))
        )
        doc_pr = picture._inline.docPr
        doc_pr.set("descr", xml_safe(describe(indicator)))
        doc_pr.set("title", xml_safe(f"{indicator.id} trend"))
        caption = cell.add_paragraph(style="Caption")
        caption.add_run(xml_safe(f"{indicator.id}: actual against target, by {_kind(indicator)}"))
    doc.add_paragraph()


def _kind(indicator: IndicatorRow) -> str:
    label = indicator.period
    if " Q" in label:
        return "quarter"
    return "month" if "-" in label and "/" not in label else "year"


def _calendar(doc: DocumentObject, view: ReportView, width: int) -> None:
    calendar = view.calendar
    add_heading(doc, f"Reporting calendar: {calendar.period_text}", 2)
    rows: list[list[CellContent | CellSpec]] = []
    for month in calendar.months:
        if not month.entries:
            rows.append([month.label, "No reports due", "", ""])
        for entry in month.entries:
            rows.append([month.label, entry.title, entry.to_text, entry.owner or ""])
    add_table(doc, f"Reports due in {calendar.period}, by month", ["Month", "Report", "To", "Owner"], rows,
           [1.2, 3, 4, 1.6], width)  # fmt: skip
    if calendar.meetings:
        add_heading(doc, "Next meetings", 2)
        meetings: list[list[CellContent | CellSpec]] = [
            [
                m.date_text,
                [[Run(m.title)], [Run(m.note, italic=True)]] if m.note else m.title,
                m.reports_on,
                m.committee,
            ]  # fmt: skip
            for m in calendar.meetings
        ]
        add_table(doc, "The next meetings, by date", ["Date", "Report", "Reports on", "Committee"], meetings,
                  [2.1, 3.6, 1.1, 3.2], width)  # fmt: skip
