"""The tracker as a Word document for the audit committee's papers: A4 landscape throughout
(its tables are wide), the key messages first, then one table per section, with header rows
that repeat on every page, priorities shaded and always written in words, and page numbers.

Built from the report's Word building blocks (:mod:`pmplan.report.docx.blocks`) on the
council's ``report.docx`` where it has one, and deterministic as the progress report is."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt

from pmplan.report.audit.model import AuditView, CountRow, Counts, ExtensionRow, Recommendation
from pmplan.report.docx.blocks import (
    RAG_FILL,
    add_heading,
    add_para,
    add_table,
    add_text,
    keep_with_next,
    measure_table,
)
from pmplan.report.docx.document import A4_LONG, A4_SHORT, SIDE_MARGIN, base_document, ensure_styles
from pmplan.report.docx.layout import header_and_footer
from pmplan.report.docx.ooxml import CellContent, CellSpec, Run, drop_thumbnail, normalise_zip
from pmplan.report.view.text import xml_safe

PRIORITY_FILL = {"high": RAG_FILL["red"], "medium": RAG_FILL["amber"], "low": RAG_FILL["green"]}
Cells = list[CellContent | CellSpec]


def render_audit_docx(view: AuditView, base: Path | None = None) -> bytes:
    """The tracker as the bytes of a ``.docx`` file, on ``base`` (a council's ``report.docx``)."""
    doc = base_document(base)
    ensure_styles(doc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = A4_LONG, A4_SHORT
    section.left_margin = section.right_margin = SIDE_MARGIN
    if base is None:
        # room for the header between the page's edge and the body, as in the progress report
        section.top_margin, section.bottom_margin = Mm(22), Mm(20)
        section.header_distance, section.footer_distance = Mm(9), Mm(10)
    width = A4_LONG - 2 * SIDE_MARGIN
    header_and_footer(doc, f"{view.organisation}: {view.title}, as at {view.as_of_text}")
    _front(doc, view)
    _counts(doc, view, width)
    _overdue(doc, view, width)
    _extensions(doc, view, width)
    _implemented(doc, view, width)
    _awaiting(doc, view, width)
    _rates(doc, view, width)
    _appendix(doc, view, width)
    _properties(doc, view)
    drop_thumbnail(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_zip(buffer.getvalue())


def _front(doc: DocumentObject, view: AuditView) -> None:
    add_para(doc, Run(view.organisation, bold=True)).runs[0].font.size = Pt(14)
    if view.committee:
        add_para(doc, Run(view.committee, bold=True)).runs[0].font.size = Pt(13)
    add_heading(doc, view.title, 1)
    add_para(doc, Run("Position as at: ", bold=True), Run(view.as_of_text))
    add_para(doc, Run("Since the last meeting: ", bold=True), Run(f"{view.since_text} ({view.since_how})"))
    if view.next_meeting_text:
        add_para(doc, Run("Next meeting: ", bold=True), Run(view.next_meeting_text))
    if view.filters:
        add_para(doc, Run("Covering only: ", bold=True), Run("; ".join(view.filters)))
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
    add_heading(doc, "Summary", 2)
    for line in view.summary:
        doc.add_paragraph(xml_safe(line), style="List Bullet" if _has_style(doc, "List Bullet") else None)


def _has_style(doc: DocumentObject, name: str) -> bool:
    return any(s.name == name for s in doc.styles)


def _priority(row: Recommendation | CountRow | ExtensionRow) -> CellSpec | str:
    fill = PRIORITY_FILL.get(row.priority or "")
    return CellSpec([[Run(row.priority_label, bold=True)]], fill) if fill else row.priority_label


def _numbers(c: Counts, bold: bool = False) -> Cells:
    values = (c.total, c.open, c.overdue, c.implemented, c.verified, c.withdrawn)
    return [[[Run(str(v), bold=bold)]] for v in values]


def _counts(doc: DocumentObject, view: AuditView, width: int) -> None:
    add_heading(doc, "Recommendations by source and priority", 2)
    keep_with_next(add_text(doc, "Overdue recommendations are also counted as open."))
    headers = [
        "Source",
        "Priority",
        "Total",
        "Open",
        "Overdue",
        "Implemented",
        "Verified",
        "Closed, not implemented",
    ]
    rows: list[Cells] = []
    for row in view.counts:
        if row.priority is None:
            rows.append(
                [[[Run(row.source_title, bold=True)]], [[Run("All", bold=True)]], *_numbers(row.counts, True)]
            )
        else:
            rows.append([row.source_title, _priority(row), *_numbers(row.counts)])
    for row in view.by_priority:
        rows.append(["All sources", _priority(row), *_numbers(row.counts)])
    rows.append([[[Run("All recommendations", bold=True)]], "", *_numbers(view.totals, True)])
    add_table(doc, "Recommendations by source and priority", headers, rows, None, width)


def _overdue(doc: DocumentObject, view: AuditView, width: int) -> None:
    add_heading(doc, "Overdue recommendations", 2)
    if not view.overdue:
        add_text(doc, "No recommendation is overdue.")
        return
    add_table(
        doc,
        "Overdue recommendations, by priority",
        ["Ref", "Recommendation", "Priority", "Lead", "Date first agreed", "Revised date", "Times moved",
         "Days overdue", "Latest update"],
        [
            [r.ref, r.title, _priority(r), r.leads_text, r.original_text, r.due_text if r.revised else "Not revised",
             str(r.moves), str(r.days_overdue), r.latest_update or "No update"]
            for r in view.overdue
        ],
        None,
        width,
    )  # fmt: skip


def _extensions(doc: DocumentObject, view: AuditView, width: int) -> None:
    add_heading(doc, "Extensions asked for since the last meeting", 2)
    if not view.extensions:
        add_text(doc, "No extension has been asked for since the last meeting.")
        return
    keep_with_next(
        add_text(
            doc,
            "For the Committee to decide, or to note where an officer has decided under delegated powers. "
            + view.limit_text,
        )
    )
    rows: list[Cells] = []
    for e in view.extensions:
        moved: CellContent = str(e.moves_before)
        if e.over_limit:
            moved = [[Run(str(e.moves_before))], [Run("Beyond the limit", bold=True)]]
        asked: CellContent = [[Run(e.asked_text)], *([[Run(e.asked_by, italic=True)]] if e.asked_by else [])]
        decision = (
            CellSpec([[Run(e.decision_text, bold=True)]], RAG_FILL["amber"])
            if e.decision == "pending"
            else e.decision_text
        )
        rows.append(
            [[[Run(e.ref, bold=True)], [Run(e.title)]], _priority(e), asked, e.current_text,
             [[Run(e.timescale)], [Run(e.new_due_text, italic=True)]], e.reason, moved, decision]
        )  # fmt: skip
    add_table(
        doc,
        "Extensions asked for since the last meeting",
        ["Action", "Priority", "Asked", "Date now", "Asked for", "Reason", "Times moved before", "Decision"],
        rows,
        None,
        width,
    )


def _evidence(row: Recommendation) -> CellContent:
    return [[Run(e)] for e in row.evidence] or [[Run("None given", italic=True)]]


def _implemented(doc: DocumentObject, view: AuditView, width: int) -> None:
    add_heading(doc, "Implemented since the last meeting", 2)
    if not view.implemented:
        add_text(doc, "No recommendation has been implemented since the last meeting.")
        return
    add_table(
        doc,
        "Recommendations implemented since the last meeting",
        ["Ref", "Recommendation", "Priority", "Implemented", "Date first agreed", "By that date", "Evidence",
         "Verified"],
        [
            [r.ref, r.title, _priority(r), r.implemented_text, r.original_text, "Yes" if r.on_time else "No",
             _evidence(r), r.verified_text or "Not yet"]
            for r in view.implemented
        ],
        None,
        width,
    )  # fmt: skip


def _awaiting(doc: DocumentObject, view: AuditView, width: int) -> None:
    add_heading(doc, "Awaiting verification", 2)
    if not view.awaiting_verification:
        add_text(doc, "Nothing is awaiting verification.")
        return
    keep_with_next(
        add_text(
            doc, "Implemented, in plans where a recommendation is closed only once its evidence is checked."
        )
    )
    add_table(
        doc,
        "Recommendations awaiting verification",
        ["Ref", "Recommendation", "Priority", "Lead", "Implemented", "Evidence"],
        [
            [r.ref, r.title, _priority(r), r.leads_text, r.implemented_text or "Date not known", _evidence(r)]
            for r in view.awaiting_verification
        ],
        None,
        width,
    )


def _rates(doc: DocumentObject, view: AuditView, width: int) -> None:
    add_heading(doc, "Implemented by the date first agreed, by quarter", 2)
    if not view.rates or view.rate_total is None:
        add_text(doc, "No recommendation has reached the date first agreed for it yet.")
        return
    keep_with_next(
        add_text(doc, "Recommendations are counted in the quarter of the date first agreed for them.")
    )
    rows: list[Cells] = [
        [q.quarter, str(q.due), str(q.on_time), str(q.late), str(q.open), q.rate_text] for q in view.rates
    ]
    t = view.rate_total
    rows.append(
        [[[Run(str(v), bold=True)]] for v in (t.quarter, t.due, t.on_time, t.late, t.open, t.rate_text)]
    )
    add_table(
        doc,
        "Recommendations implemented by the date first agreed, by quarter",
        ["Quarter", "Due", "Implemented by that date", "Implemented later", "Not yet implemented", "Rate"],
        rows,
        None,
        width * 2 // 3,
    )
    add_para(doc, Run(view.history, italic=True))


APPENDIX_HEADERS = ["Ref", "Recommendation", "Priority", "Lead", "Where it stands", "Date first agreed",
                    "Date now", "Times moved"]  # fmt: skip


def _appendix_row(r: Recommendation) -> Cells:
    stands: CellContent = [
        [Run(r.status_text)],
        *([[Run(r.verified_text, italic=True)]] if r.verified_text else []),
    ]
    return [r.ref, r.title, _priority(r), r.leads_text, stands, r.original_text, r.due_text, str(r.moves)]


def _appendix(doc: DocumentObject, view: AuditView, width: int) -> None:
    add_heading(doc, "Appendix: every recommendation", 2)
    # one set of column widths for every source's table, so that they line up
    columns = measure_table(APPENDIX_HEADERS, [_appendix_row(r) for r in view.recommendations])
    for source in view.sources:
        add_heading(doc, source.title, 3)
        about = ", ".join(x for x in (source.by, source.date_text) if x)
        if about:
            # the source's heading and this line stay with its table
            keep_with_next(add_para(doc, Run(about, italic=True)))
        rows = [
            _appendix_row(r) for r in view.recommendations if r.source == source.id and r.plan == source.plan
        ]
        add_table(doc, f"Recommendations: {source.title}", APPENDIX_HEADERS, rows, None, width, columns)


def _properties(doc: DocumentObject, view: AuditView) -> None:
    props = doc.core_properties
    day = datetime(view.as_of.year, view.as_of.month, view.as_of.day)
    props.title = xml_safe(f"{view.title}, as at {view.as_of_text}")
    props.subject = xml_safe(view.committee or view.title)
    props.author = xml_safe(view.organisation)
    props.last_modified_by = "pmplan"
    props.comments = ""
    props.keywords = "audit recommendations tracker"
    props.created = props.modified = day
    props.revision = 1
