"""The Word report's sections: the briefing front, and the landscape appendix (at a glance,
exceptions, the plans, the indicators with their charts, the reporting calendar)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table

from pmplan.report.charts import ChartWorker, describe, draw_all
from pmplan.report.columns import Column
from pmplan.report.docx.blocks import (
    TABLE_STYLE,
    add_heading,
    add_numbered,
    add_para,
    add_runs,
    add_table,
    add_text,
    keep_with_next,
    measure_table,
    rag_cell,
    style_id,
    updates_cell,
)
from pmplan.report.docx.ooxml import CellContent, CellSpec, Para, Run, add_field, table_xml
from pmplan.report.view.model import RAGS, ActionRow, IndicatorRow, PlanSection, ReportView
from pmplan.report.view.text import xml_safe

ACTION_HEADERS = ("Ref", "Action", "Lead", "Due", "Status", "Progress this period", "Next step")
EARLIER_HEADERS = ("Ref", "Action", "Lead", "Last update")


def header_and_footer(doc: DocumentObject, heading: str) -> None:
    """``heading`` at the right of the page header and "Page N of M" centred in the footer,
    unless the council's base document already has its own."""
    section = doc.sections[0]
    header = section.header
    if not any(p.text.strip() for p in header.paragraphs) and not header.tables:
        paragraph = header.paragraphs[0]
        add_runs(paragraph, [Run(heading)])
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
    add_para(doc, Run(view.organisation, bold=True))
    if front.committee:
        add_para(doc, Run(front.committee, bold=True))
    add_text(doc, "Briefing paper", bold=True)
    if front.report_of:
        add_para(doc, Run("Report of: ", bold=True), Run(front.report_of))
    add_para(doc, Run("Date of meeting: ", bold=True), Run(front.date_text))
    add_para(doc, Run("Period: ", bold=True), Run(view.period_text))
    position = view.position
    add_para(doc, Run("Position as at: ", bold=True), Run(f"{position.as_of_text}. {position.source_text}"))
    for detail in front.details:
        add_para(doc, Run(f"{detail.label}: ", bold=True), Run(detail.text))
    if front.exemption:
        add_para(doc, Run(front.exemption))
    if view.left_out:
        add_para(
            doc,
            Run("Left out of this report. ", bold=True),
            Run(
                "These plan files did not load in full when it was made, so what they hold is missing "
                "from every count and table below until they are fixed:"
            ),
        )
        for m in view.left_out:
            add_para(doc, Run(f"{m.file}: ", bold=True), Run(f"{m.what} ({m.reason})"))
    add_heading(doc, view.title, 1)
    number = 0

    def section(title: str, items: Sequence[Sequence[Run]]) -> None:
        nonlocal number
        number += 1
        add_heading(doc, f"{number}. {title}", 2)
        for index, runs in enumerate(items, start=1):
            add_numbered(doc, f"{number}.{index}", *runs)

    section("Summary", [[Run(front.summary)]])
    if front.recommendations:
        section("Recommendations", [[Run(r)] for r in front.recommendations])
    if front.background:
        section("Background", [[Run(p)] for p in front.background])
    section("Key issues", [[Run(i)] for i in front.key_issues])
    if front.options:
        section("Options", [[Run(o)] for o in front.options])
    if front.implications:
        section("Implications", [[Run(f"{i.heading}: ", bold=True), Run(i.text)] for i in front.implications])
    for extra in front.sections:
        section(extra.heading, [[Run(p)] for p in extra.text.split("\n\n") if p.strip()])
    section("Appendices", [[Run(front.appendix_title + ".")]])
    if front.background_papers:
        section("Background papers", [[Run(p)] for p in front.background_papers])
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
    position = view.position
    add_text(
        doc,
        f"{view.subject}: {view.period_text}. {position.headline}. {position.source_text} {position.window_text}",
    )
    _glance(doc, view, width)
    _exceptions(doc, view, width)
    # every plan's tables share one set of column widths, measured from all their rows
    rows = {a.ref: _action_cells(a) for p in view.plans for g in p.groups for a in g.actions}
    columns = measure_table(ACTION_HEADERS, list(rows.values())) if rows else None
    earlier = [_earlier_cells(a) for p in view.plans for a in p.completed_earlier]
    earlier_columns = measure_table(EARLIER_HEADERS, earlier) if earlier else None
    for plan in view.plans:
        _plan(doc, plan, rows, columns, earlier_columns, width)
    _indicators(doc, view, width, charts)
    _year_end(doc, view, width)
    _forward(doc, view, width)
    _calendar(doc, view, width)
    if view.acronyms:
        add_heading(doc, "Acronyms", 2)
        add_table(doc, "Acronyms used in this report", ["Term", "Meaning"],
               [[t.term, t.meaning] for t in view.acronyms], None, width * 2 // 3)  # fmt: skip
    add_heading(doc, "Key to RAG ratings", 2)
    add_table(doc, "Action status and RAG rating", ["Action status", "RAG", "Meaning"],
           [[k.label, rag_cell(k.rag), k.meaning] for k in view.status_key], None, width * 2 // 3)  # fmt: skip
    add_table(doc, "Indicator RAG rating", ["RAG", "Meaning"],
           [[rag_cell(k.rag), k.meaning] for k in view.indicator_key], None, width * 2 // 3)  # fmt: skip


def _plan(
    doc: DocumentObject,
    plan: PlanSection,
    rows: dict[str, list[CellContent | CellSpec]],
    columns: Sequence[Column] | None,
    earlier_columns: Sequence[Column] | None,
    width: int,
) -> None:
    add_heading(doc, plan.title, 2)
    words = " ".join(
        x
        for x in (
            f"Source: {plan.source}." if plan.source else "",
            f"{plan.approved_text}." if plan.approved_text else "",
        )
        if x
    )
    if words:
        keep_with_next(add_text(doc, words))
    label = plan.group_label.lower()
    for group in plan.groups:
        add_heading(doc, group.heading, 3)
        if group.response:
            keep_with_next(add_para(doc, Run("Response: ", bold=True), Run(group.response)))
        if group.updates:
            keep_with_next(add_text(doc, f"Progress on the {label} as a whole:", bold=True))
            for u in group.updates:
                keep_with_next(add_para(doc, Run(f"{u.date_text}: ", bold=True), Run(u.text)))
        if group.actions:
            add_table(
                doc,
                f"{plan.group_label} {group.id}: actions and progress",
                ACTION_HEADERS,
                [rows[a.ref] for a in group.actions],
                None,
                width,
                columns,
            )
        elif group.completed_earlier:
            add_text(doc, f"Every action under this {label} was completed before this period.")
        else:
            add_text(doc, "No actions.")
    if plan.completed_earlier:
        add_heading(doc, f"{plan.title}: completed before this period", 3)
        keep_with_next(
            add_text(
                doc, "Actions reported complete in an earlier period, listed once here rather than in full."
            )
        )
        add_table(
            doc,
            f"{plan.title}: actions completed before this period",
            EARLIER_HEADERS,
            [_earlier_cells(a) for a in plan.completed_earlier],
            None,
            width * 3 // 4,
            earlier_columns,
        )


def _glance(doc: DocumentObject, view: ReportView, width: int) -> None:
    summary = view.summary
    add_heading(doc, "Progress at a glance", 2)
    rows: list[list[CellContent | CellSpec]] = [
        [s.label, rag_cell(s.rag), f"{s.count:,}"] for s in summary.statuses
    ]
    rows += [
        [[[Run("All actions", bold=True)]], "", [[Run(f"{summary.actions:,}", bold=True)]]],
        ["Overdue", rag_cell(RAGS["red"]) if summary.overdue else "", f"{summary.overdue:,}"],
        ["Completed in the period", "", f"{summary.completed_in_period:,}"],
        ["Due dates revised in the period", "", f"{summary.revised_in_period:,}"],
    ]
    add_table(doc, "Actions by status", ["Actions", "RAG", "Number"], rows, None, width // 2)
    if summary.indicators:
        rows = [[rag_cell(r.rag), f"{r.count:,}"] for r in summary.indicator_rags]
        rows.append([[[Run("All indicators", bold=True)]], [[Run(f"{summary.indicators:,}", bold=True)]]])
        add_table(doc, "Indicators by RAG rating", ["Indicators", "Number"], rows, None, width // 3)


def _exceptions(doc: DocumentObject, view: ReportView, width: int) -> None:
    add_heading(doc, "Exceptions", 2)
    x = view.exceptions
    if x.actions:
        keep_with_next(add_text(doc, "Actions that are delayed, at risk or overdue."))
        add_table(
            doc,
            "Actions delayed, at risk or overdue",
            [
                "Ref",
                "Action",
                "Lead",
                "Original date",
                "Revised date",
                "Times moved",
                "RAG and status",
                "Reason",
                "Next step",
            ],  # fmt: skip
            [
                [
                    e.display_ref,
                    e.title,
                    e.who,
                    _keep(e.original_text),
                    _keep(e.revised_text),
                    e.moves_text,
                    rag_cell(e.rag, e.status_text),
                    e.reason,
                    e.next or "",
                ]  # fmt: skip
                for e in x.actions
            ],
            None,
            width,
        )
    else:
        add_text(doc, "No action is delayed, at risk or overdue.")
    if x.indicators:
        keep_with_next(add_text(doc, "Indicators that are red, or amber and worse than before."))
        add_table(
            doc,
            "Indicators that are red, or amber and worse than before",
            [
                "Indicator",
                "Owner",
                "Period",
                "Target",
                "Actual",
                "RAG",
                "Why listed",
                "Explanation",
                "Corrective action",
            ],  # fmt: skip
            [
                [
                    [[Run(e.id, bold=True), Run(f" {e.title}")]],
                    e.owner,
                    e.period,
                    e.target_text,
                    e.actual_text,
                    rag_cell(e.rag),
                    [[Run(e.why)], [Run(e.reason)]],
                    e.explanation or "None given",
                    e.corrective_action or "None given",
                ]  # fmt: skip
                for e in x.indicators
            ],
            None,
            width,
        )
    else:
        add_text(doc, "No indicator is red, and no amber indicator got worse.")
    add_heading(doc, "Revised dates for approval", 3)
    if not x.revised_dates:
        add_text(doc, "No due date moved in the period.")
        return
    add_table(
        doc,
        "Due dates that moved in the period, for the committee to approve",
        ["Ref", "Action", "Lead", "From", "To", "Change", "Reason"],
        [
            [
                d.display_ref,
                d.title,
                d.leads_text,
                _keep(d.from_text),
                _keep(d.to_text),
                d.change_text,
                d.reason,
            ]
            for d in x.revised_dates
        ],
        None,
        width,
    )


def _keep(text: str) -> str:
    """A date kept on one line (no-break spaces), where the text is one."""
    return text.replace(" ", "\u00a0") if len(text) <= 20 else text


def _action_cells(a: ActionRow) -> list[CellContent | CellSpec]:
    due: list[Para] = [[Run(_keep(a.due_text))]]
    if a.due_note:
        due.append([Run(a.due_note)])
    if a.slip is not None:
        due.append([Run(a.slip.short or a.slip.text)])
    return [
        a.local_ref,
        a.title,
        a.leads_text,
        due,
        rag_cell(a.rag, a.status_text),
        updates_cell(a.updates, a.earlier_update, _no_update(a)),
        a.next or "",
    ]


def _no_update(a: ActionRow) -> str:
    return "No update yet" if a.latest_update is None else "No update this period"


def _earlier_cells(a: ActionRow) -> list[CellContent | CellSpec]:
    last = a.latest_update
    return [a.local_ref, a.title, a.leads_text, _keep(last.date_text) if last else "None recorded"]


def _indicator_cells(i: IndicatorRow) -> list[CellContent | CellSpec]:
    name: list[Para] = [[Run(i.id, bold=True), Run(f" {i.title}")]]
    if i.owner:
        name.append([Run(f"Owner: {i.owner}")])
    if i.polarity_text:
        name.append([Run(i.polarity_text)])
    rule: list[Para] = [[Run(i.reason)]]
    if i.note:
        rule.append([Run(i.note)])

    compared = i.compared_with
    if i.compared is not None:
        compared = f"{i.compared.value_text} in {i.compared.period}, {compared}"
    return [
        name,
        i.period + (" (latest)" if i.latest_instead else ""),
        i.target_text,
        i.actual_text,
        rag_cell(i.rag),
        i.direction_text,
        compared,
        rule,
    ]


INDICATOR_HEADERS = (
    "Indicator", "Period", "Target", "Actual", "RAG", "Direction of travel", "Compared with",
    "How the RAG was set",
)  # fmt: skip


def _indicators(doc: DocumentObject, view: ReportView, width: int, charts: Charts) -> None:
    if not view.indicator_groups:
        return
    add_heading(doc, "Performance indicators", 2)
    keep_with_next(
        add_text(
            doc,
            "Indicators by Council Plan priority. Direction of travel compares each value with the same "
            "period last year where its targets are profiled by quarter (or its values add up through "
            "the year), and with the previous period otherwise; each row says which.",
        )
    )
    # every priority's table shares one set of column widths, measured from all their rows
    rows = {i.id: _indicator_cells(i) for i in view.indicators}
    columns = measure_table(INDICATOR_HEADERS, list(rows.values()))
    for group in view.indicator_groups:
        add_heading(doc, group.title, 3)
        add_table(
            doc,
            f"{group.title}: indicators, {view.period}",
            INDICATOR_HEADERS,
            [rows[i.id] for i in group.rows],
            None,
            width,
            columns,
        )
    charted = [i for i in view.indicators if i.chart]
    if not charted:
        return
    add_heading(doc, "Trends", 3)
    keep_with_next(add_text(doc, view.trends_text))
    _chart_grid(doc, charted, charts, width)


def _chart_grid(doc: DocumentObject, charted: list[IndicatorRow], charts: Charts, width: int) -> None:
    """The charts two to a row, in a borderless table whose rows never split across pages."""
    columns = 2
    cell_width = width // columns
    twips = [cell_width // 635] * columns
    rows: list[list[CellContent | CellSpec]] = [
        ["" for _ in range(columns)] for _ in range((len(charted) + columns - 1) // columns)
    ]
    xml = table_xml("Indicator trend charts", [], rows, twips, style_id(doc, TABLE_STYLE), borders=False)
    element = parse_xml(xml)
    doc.element.body._insert_tbl(element)
    grid = Table(element, doc._body)
    for index, indicator in enumerate(charted):
        cell = grid.cell(index // columns, index % columns)
        picture = (
            cell.paragraphs[0]
            .add_run()
            .add_picture(io.BytesIO(charts.png(indicator)), width=cell_width - Mm(6))
        )
        doc_pr = picture._inline.docPr
        doc_pr.set("descr", xml_safe(describe(indicator)))
        doc_pr.set("title", xml_safe(f"{indicator.id} trend"))
        caption = cell.add_paragraph()
        caption._p.style = style_id(doc, "Caption")
        caption.add_run(xml_safe(f"{indicator.id}: actual against target, by {_kind(indicator)}"))
    doc.add_paragraph()


def _kind(indicator: IndicatorRow) -> str:
    label = indicator.period
    if " Q" in label:
        return "quarter"
    return "month" if "-" in label and "/" not in label else "year"


def _year_end(doc: DocumentObject, view: ReportView, width: int) -> None:
    year = view.year_end
    if year is None:
        return
    add_heading(doc, f"Year end: {year.year_text}", 2)
    add_heading(doc, "Outturn against the annual target", 3)
    if year.outturns:
        add_table(
            doc,
            f"Each indicator's outturn for {year.year} against its annual target",
            [
                "Indicator",
                "Outturn",
                "Annual target",
                "RAG",
                "How the outturn was found",
                "How the RAG was set",
                f"Target for {year.next_year}",
            ],  # fmt: skip
            [
                [
                    [[Run(o.id, bold=True), Run(f" {o.title}")]],
                    o.actual_text,
                    o.target_text,
                    rag_cell(o.rag),
                    o.rule_text,
                    o.reason,
                    o.next_target_text,
                ]  # fmt: skip
                for o in year.outturns
            ],
            None,
            width,
        )
    else:
        add_text(doc, "No indicators.")
    add_heading(doc, f"Actions completed in {year.year}", 3)
    if year.completed:
        add_table(
            doc,
            f"Actions completed in {year.year}",
            ["Ref", "Action", "Lead", "Due"],
            [[a.display_ref, a.title, a.leads_text, _keep(a.due_text)] for a in year.completed],
            None,
            width,
        )
    else:
        add_text(doc, "No action was completed in the year.")
    add_heading(doc, f"Open actions: carried forward into {year.next_year} or proposed for closure", 3)
    if year.carried_forward:
        add_table(
            doc,
            f"Open actions at the end of {year.year}",
            ["Ref", "Action", "Lead", "Due", "RAG and status", "Proposal"],
            [
                [
                    a.display_ref,
                    a.title,
                    a.leads_text,
                    _keep(a.due_text),
                    rag_cell(a.rag, a.status_text),
                    a.note,
                ]
                for a in year.carried_forward
            ],
            None,
            width,
        )
    else:
        add_text(doc, "No action is open.")


def _forward(doc: DocumentObject, view: ReportView, width: int) -> None:
    forward = view.forward
    add_heading(doc, f"Forward look: {forward.period_text}", 2)
    if not forward.actions:
        add_text(doc, f"No open action is due in {forward.period}.")
        return
    add_table(
        doc,
        f"Open actions due in {forward.period}",
        ["Ref", "Action", "Lead", "Due", "RAG and status"],
        [
            [a.display_ref, a.title, a.leads_text, _keep(a.due_text), rag_cell(a.rag, a.status_text)]
            for a in forward.actions
        ],
        None,
        width,
    )


def _calendar(doc: DocumentObject, view: ReportView, width: int) -> None:
    calendar = view.calendar
    add_heading(doc, f"Reporting calendar: {calendar.period_text}", 2)
    rows: list[list[CellContent | CellSpec]] = []
    for month in calendar.months:
        if not month.entries:
            rows.append([month.label, "No reports due", "", ""])
        for entry in month.entries:
            rows.append([month.label, entry.title, entry.to_text, entry.owner or ""])
    add_table(
        doc,
        f"Reports due in {calendar.period}, by month",
        ["Month", "Report", "To", "Owner"],
        rows,
        None,
        width,
    )
    if calendar.meetings:
        add_heading(doc, "Next meetings", 2)
        meetings: list[list[CellContent | CellSpec]] = [
            [m.date_text,
             [[Run(m.title)], [Run(m.note)]] if m.note else m.title, m.reports_on, m.committee]
            for m in calendar.meetings
        ]  # fmt: skip
        add_table(
            doc,
            "The next meetings, by date",
            ["Date", "Report", "Reports on", "Committee"],
            meetings,
            None,
            width,
        )
