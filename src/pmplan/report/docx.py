"""The report as a Word document a committee clerk would accept.

A briefing-paper front in an A4 portrait section, then the progress appendix in an A4
landscape section: tables whose header rows repeat on every page, RAG cells shaded and
labelled in words, Heading 1-3 styles for the navigation pane, page numbers in the footer
and indicator trend charts. A council brands it with its own ``report.docx`` (styles, headers,
footers, margins of the first section): its body is replaced by the report.

The output is deterministic: document properties are dated from the as-of date and the zip
entries carry a fixed timestamp, so the same plans give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.table import CT_TblPr
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from pmplan.report.charts import ChartWorker, draw_all
from pmplan.report.view import (
    RAGS,
    ActionRow,
    Comparison,
    IndicatorRow,
    RagMark,
    ReportView,
    UpdateRow,
    xml_safe,
)

RAG_FILL = {"green": "C6EFCE", "amber": "FFEB9C", "red": "FFC7CE", "none": "E7E6E6"}
HEADER_FILL = "D9E2F3"
A4_SHORT, A4_LONG = Mm(210), Mm(297)
LANDSCAPE_MARGIN = Mm(15)
TABLE_FONT = Pt(9)
ZIP_DATE = (2000, 1, 1, 0, 0, 0)


class DocxTemplateError(Exception):
    """The council's base document cannot be used."""


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


Para = Sequence[Run]
CellContent = str | Sequence[Para]


@dataclass(frozen=True, slots=True)
class CellSpec:
    content: CellContent
    fill: str | None = None


def render_docx(view: ReportView, base: Path | None = None, worker: ChartWorker | None = None) -> bytes:
    """The report as the bytes of a ``.docx`` file, on ``base`` (a council's ``report.docx``);
    ``worker`` draws the charts in another process."""
    charts = _Charts([i for i in view.indicators if i.chart], worker)
    doc = _base_document(base)
    _ensure_styles(doc)
    first = doc.sections[0]
    if base is None:
        first.page_width, first.page_height = A4_SHORT, A4_LONG
        first.left_margin = first.right_margin = Mm(25)
        first.top_margin = first.bottom_margin = Mm(20)
    _header_and_footer(doc, view)
    _front(doc, view)
    appendix = doc.add_section(WD_SECTION.NEW_PAGE)
    appendix.orientation = WD_ORIENT.LANDSCAPE
    appendix.page_width, appendix.page_height = A4_LONG, A4_SHORT
    appendix.left_margin = appendix.right_margin = LANDSCAPE_MARGIN
    appendix.top_margin = appendix.bottom_margin = LANDSCAPE_MARGIN
    _appendix(doc, view, A4_LONG - 2 * LANDSCAPE_MARGIN, charts)
    _properties(doc, view)
    _drop_thumbnail(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _normalise_zip(buffer.getvalue())


# --- the document and its styles ----------------------------------------------------------------


def _base_document(base: Path | None) -> DocumentObject:
    if base is None:
        doc = Document()
        normal = doc.styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(11)
        return doc
    try:
        doc = Document(str(base))
    except Exception as exc:  # noqa: BLE001 - any unreadable file is the user's to fix
        raise DocxTemplateError(f"template {base} is not a Word document Word can open: {exc}") from None
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc


def _ensure_styles(doc: DocumentObject) -> None:
    """Heading 1-3 (outline levels, for the navigation pane) and Caption, even in a council's
    template that has never used them."""
    names = {s.name for s in doc.styles}
    for level, size in ((1, 16), (2, 13), (3, 11)):
        name = f"Heading {level}"
        if name in names:
            continue
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.font.bold = True
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.keep_with_next = True
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(level - 1))
        style.element.get_or_add_pPr().append(outline)
    if "Caption" not in names:
        caption = doc.styles.add_style("Caption", WD_STYLE_TYPE.PARAGRAPH)
        caption.base_style = doc.styles["Normal"]
        caption.font.italic = True
        caption.font.size = Pt(9)


def _properties(doc: DocumentObject, view: ReportView) -> None:
    props = doc.core_properties
    day = datetime(view.as_of.year, view.as_of.month, view.as_of.day)
    props.title = xml_safe(f"{view.title}, {view.period}")
    props.subject = xml_safe(view.period_text)
    props.author = xml_safe(view.front.report_of or view.organisation)
    props.last_modified_by = "pmplan"
    props.comments = ""
    props.keywords = "progress report"
    props.created = props.modified = day
    props.revision = 1


def _drop_thumbnail(doc: DocumentObject) -> None:
    """The template's preview picture would show another document in file browsers."""
    rels = doc.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del rels[rid]


def _normalise_zip(data: bytes) -> bytes:
    """The same parts with a fixed timestamp, so that the same report gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


# --- text -----------------------------------------------------------------------------------------


def _runs(paragraph: Paragraph, runs: Para, size: Pt | None = None) -> Paragraph:
    for part in runs:
        run = paragraph.add_run(xml_safe(part.text))
        run.bold = part.bold or None
        run.italic = part.italic or None
        if size is not None:
            run.font.size = size
    return paragraph


def _para(doc: DocumentObject, *runs: Run, style: str | None = None) -> Paragraph:
    return _runs(doc.add_paragraph(style=style), runs)


def _text(doc: DocumentObject, text: str, bold: bool = False, style: str | None = None) -> Paragraph:
    return _para(doc, Run(text, bold=bold), style=style)


def _heading(doc: DocumentObject, text: str, level: int) -> Paragraph:
    return doc.add_paragraph(xml_safe(text), style=f"Heading {level}")


def _numbered(doc: DocumentObject, number: str, *runs: Run) -> Paragraph:
    paragraph = _para(doc, Run(f"{number}\t"), *runs)
    paragraph.paragraph_format.left_indent = Mm(12)
    paragraph.paragraph_format.first_line_indent = Mm(-12)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(12))
    return paragraph


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) that Word fills in when it lays out the page."""
    for kind, text in (
        ("begin", None),
        ("instr", instruction),
        ("separate", None),
        ("text", "1"),
        ("end", None),
    ):
        run = paragraph.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        elif kind == "text":
            run.text = text or ""
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def _header_and_footer(doc: DocumentObject, view: ReportView) -> None:
    section = doc.sections[0]
    header = section.header
    if not any(p.text.strip() for p in header.paragraphs) and not header.tables:
        paragraph = header.paragraphs[0]
        _runs(paragraph, [Run(f"{view.organisation}: {view.title}, {view.period}")], Pt(8))
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer
    if not any("PAGE" in (t.text or "") for t in footer._element.iter(qn("w:instrText"))):
        paragraph = footer.add_paragraph() if footer.paragraphs[0].text.strip() else footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run("Page ")
        _field(paragraph, "PAGE")
        paragraph.add_run(" of ")
        _field(paragraph, "NUMPAGES")


# --- tables ---------------------------------------------------------------------------------------


_TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
    "w:tblPrChange",
)  # fmt: skip


def _tblpr_child(tbl_pr: CT_TblPr, element: BaseOxmlElement) -> None:
    """Put ``element`` into ``w:tblPr`` in the order the schema requires (Word insists)."""
    tag = element.tag
    for existing in tbl_pr.findall(tag):
        tbl_pr.remove(existing)
    order = [qn(t) for t in _TBLPR_ORDER]
    later = order[order.index(tag) + 1 :]
    for child in tbl_pr:
        if child.tag in later:
            child.addprevious(element)
            return
    tbl_pr.append(element)


def _borders(table: Table, visible: bool = True) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single" if visible else "nil")
        if visible:
            line.set(qn("w:sz"), "4")
            line.set(qn("w:space"), "0")
            line.set(qn("w:color"), "808080")
        borders.append(line)
    _tblpr_child(table._tbl.tblPr, borders)


def _table_width(table: Table, emu: int) -> None:
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(emu // 635))  # twentieths of a point
    width.set(qn("w:type"), "dxa")
    _tblpr_child(table._tbl.tblPr, width)


def _caption(table: Table, text: str) -> None:
    """Alternative text of the table (Word's Table Properties > Alt Text > Title)."""
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), xml_safe(text)[:250])
    _tblpr_child(table._tbl.tblPr, caption)


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr = cell._tc.get_or_add_tcPr()
    for existing in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(existing)
    successors = {
        qn(t) for t in ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
    }
    for child in tc_pr:
        if child.tag in successors:
            child.addprevious(shading)
            return
    tc_pr.append(shading)


def _repeat_header(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def _fill_cell(cell: _Cell, content: CellContent, bold: bool = False) -> None:
    paras: Sequence[Para] = [[Run(content, bold=bold)]] if isinstance(content, str) else content
    for index, runs in enumerate(paras or [[Run("")]]):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        _runs(paragraph, runs, TABLE_FONT)


def _table(
    doc: DocumentObject,
    caption: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[CellContent | CellSpec]],
    widths: Sequence[float],
    total: int,
) -> Table:
    """A bordered table with a repeating header row; ``widths`` are shares of ``total``."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    _borders(table)
    _caption(table, caption)
    scale = total / sum(widths)
    emus = [int(w * scale) for w in widths]
    _table_width(table, sum(emus))
    for column, width in zip(table.columns, emus, strict=True):
        column.width = width
    _repeat_header(table)
    for cell, text, width in zip(table.rows[0].cells, headers, emus, strict=True):
        cell.width = width
        _fill_cell(cell, text, bold=True)
        _shade(cell, HEADER_FILL)
    if rows:
        # Body rows are written as XML in one pass: python-docx's cell-by-cell API takes
        # seconds for the thousand rows of a large council's year-end appendix.
        twips = [w // 635 for w in emus]
        body = "".join(_row_xml(values, twips) for values in rows)
        table._tbl.extend(parse_xml(f"<w:tbl {nsdecls('w')}>{body}</w:tbl>"))
    doc.add_paragraph()
    return table


def _run_xml(run: Run, size: str) -> str:
    props = ("<w:b/>" if run.bold else "") + ("<w:i/>" if run.italic else "") + size
    text = escape(xml_safe(run.text))
    text = text.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
    text = text.replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def _row_xml(values: Sequence[CellContent | CellSpec], twips: Sequence[int]) -> str:
    """One body row as WordprocessingML, laid out as :func:`_fill_cell` and :func:`_shade` do."""
    size = f'<w:sz w:val="{int(TABLE_FONT.pt * 2)}"/>'
    cells = []
    for value, width in zip(values, twips, strict=True):
        spec = value if isinstance(value, CellSpec) else CellSpec(value)
        paras: Sequence[Para] = [[Run(spec.content)]] if isinstance(spec.content, str) else spec.content
        shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{spec.fill}"/>' if spec.fill else ""
        text = "".join(
            '<w:p><w:pPr><w:spacing w:after="40"/></w:pPr>'
            + "".join(_run_xml(r, size) for r in runs)
            + "</w:p>"
            for runs in (paras or [[Run("")]])
        )
        cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>{text}</w:tc>')
    return "<w:tr>" + "".join(cells) + "</w:tr>"


def _rag_cell(mark: RagMark, words: str | None = None) -> CellSpec:
    """A RAG cell: shaded, and labelled in words (colour is never the only signal)."""
    text = mark.label if not words else f"{mark.label}: {words}"
    return CellSpec([[Run(text, bold=True)]], RAG_FILL[mark.key])


def _updates_cell(updates: Sequence[UpdateRow], empty: str = "") -> CellContent:
    if not updates:
        return [[Run(empty, italic=True)]] if empty else ""
    return [
        [Run(f"{u.date_text}: ", bold=True), Run(u.text + (f" ({u.by})" if u.by else ""))] for u in updates
    ]


# --- the briefing front -------------------------------------------------------------------------


def _front(doc: DocumentObject, view: ReportView) -> None:
    front = view.front
    _para(doc, Run(view.organisation, bold=True)).runs[0].font.size = Pt(14)
    if front.committee:
        _para(doc, Run(front.committee, bold=True)).runs[0].font.size = Pt(13)
    _text(doc, "Briefing paper", bold=True)
    if front.report_of:
        _para(doc, Run("Report of: ", bold=True), Run(front.report_of))
    _para(doc, Run("Date: ", bold=True), Run(front.date_text))
    _para(doc, Run("Period: ", bold=True), Run(view.period_text))
    _heading(doc, view.title, 1)
    number = 0

    def section(title: str, items: Sequence[Sequence[Run]]) -> None:
        nonlocal number
        number += 1
        _heading(doc, f"{number}. {title}", 2)
        for index, runs in enumerate(items, start=1):
            _numbered(doc, f"{number}.{index}", *runs)

    section("Summary", [[Run(front.summary)]])
    if front.background:
        section("Background", [[Run(p)] for p in front.background])
    section("Key issues", [[Run(i)] for i in front.key_issues])
    section("Options", [[Run(o)] for o in front.options])
    if front.implications:
        section("Implications", [[Run(f"{i.heading}: ", bold=True), Run(i.text)] for i in front.implications])
    section("Appendices", [[Run(front.appendix_title + ".")]])
    if front.contact:
        _heading(doc, "Officer contact details", 2)
        contact = front.contact
        for label, value in (
            ("Name", contact.name),
            ("Title", contact.title),
            ("Telephone", contact.phone),
            ("Email", contact.email),
        ):
            if value:
                _para(doc, Run(f"{label}: ", bold=True), Run(value))


# --- the appendix --------------------------------------------------------------------------------


class _Charts:
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


def _appendix(doc: DocumentObject, view: ReportView, width: int, charts: _Charts) -> None:
    _heading(doc, view.front.appendix_title, 1)
    _text(doc, f"{view.subject}: {view.period_text}. Position as at {view.as_of_text}.")
    _glance(doc, view, width)
    _exceptions(doc, view, width)
    for plan in view.plans:
        _heading(doc, plan.title, 2)
        if plan.source or plan.approved_text:
            words = " ".join(
                x
                for x in (
                    f"Source: {plan.source}." if plan.source else "",
                    f"{plan.approved_text}." if plan.approved_text else "",
                )
                if x
            )
            _para(doc, Run(words, italic=True))
        for group in plan.groups:
            _heading(doc, group.heading, 3)
            if group.response:
                _para(doc, Run("Response: ", italic=True), Run(group.response))
            if group.updates:
                _para(doc, Run(f"Progress on the {plan.group_label.lower()} as a whole:", italic=True))
                for u in group.updates:
                    _para(doc, Run(f"{u.date_text}: ", bold=True), Run(u.text))
            if group.actions:
                _table(
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
        _heading(doc, "Acronyms", 2)
        _table(doc, "Acronyms used in this report", ["Term", "Meaning"],
               [[t.term, t.meaning] for t in view.acronyms], [1, 4], width // 2)  # fmt: skip
    _heading(doc, "Key to RAG ratings", 2)
    _table(doc, "Action status and RAG rating", ["Action status", "RAG", "Meaning"],
           [[k.label, _rag_cell(k.rag), k.meaning] for k in view.status_key], [2, 1.3, 5], width * 2 // 3)  # fmt: skip
    _table(doc, "Indicator RAG rating", ["RAG", "Meaning"],
           [[_rag_cell(k.rag), k.meaning] for k in view.indicator_key], [1.3, 6], width * 2 // 3)  # fmt: skip


def _glance(doc: DocumentObject, view: ReportView, width: int) -> None:
    summary = view.summary
    _heading(doc, "Progress at a glance", 2)
    rows: list[list[CellContent | CellSpec]] = [
        [s.label, _rag_cell(s.rag), str(s.count)] for s in summary.statuses
    ]
    rows += [
        [[[Run("All actions", bold=True)]], "", [[Run(str(summary.actions), bold=True)]]],
        ["Overdue", _rag_cell(RAGS["red"]) if summary.overdue else "", str(summary.overdue)],
        ["Completed in the period", "", str(summary.completed_in_period)],
    ]
    _table(doc, "Actions by status", ["Actions", "RAG", "Number"], rows, [3, 2, 1], width // 2)
    if summary.indicators:
        rows = [[_rag_cell(r.rag), str(r.count)] for r in summary.indicator_rags]
        rows.append([[[Run("All indicators", bold=True)]], [[Run(str(summary.indicators), bold=True)]]])
        _table(doc, "Indicators by RAG rating", ["Indicators", "Number"], rows, [3, 1], width // 3)


def _exceptions(doc: DocumentObject, view: ReportView, width: int) -> None:
    _heading(doc, "Exceptions", 2)
    if not view.exceptions:
        _text(doc, "No action is delayed, at risk or overdue, and no indicator is red.")
        return
    _text(doc, "Actions that are delayed, at risk or overdue, and indicators that are red.")
    _table(
        doc,
        "Exceptions: actions delayed, at risk or overdue, and red indicators",
        ["Ref", "Item", "Lead or owner", "Due or period", "RAG and status", "Reason", "Next step"],
        [
            [e.ref, e.title, e.who, e.due_text, _rag_cell(e.rag, e.status_text), e.reason, e.next or ""]
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
        _rag_cell(a.rag, a.status_text),
        _updates_cell(a.updates, "No update this period"),
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
        _rag_cell(i.rag),
        compared(i.previous),
        compared(i.year_ago),
        i.direction_text,
        rule,
    ]


def _indicators(doc: DocumentObject, view: ReportView, width: int, charts: _Charts) -> None:
    if not view.indicators:
        return
    _heading(doc, "Performance indicators", 2)
    _table(
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
    from pmplan.report.charts import describe  # noqa: PLC0415 - matplotlib is slow to import

    _heading(doc, "Trends", 3)
    columns = 2
    grid = doc.add_table(rows=(len(charted) + columns - 1) // columns, cols=columns)
    grid.autofit = False
    _borders(grid, visible=False)
    _caption(grid, "Indicator trend charts")
    cell_width = width // columns
    _table_width(grid, cell_width * columns)
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
    _heading(doc, f"Reporting calendar: {calendar.period_text}", 2)
    rows: list[list[CellContent | CellSpec]] = []
    for month in calendar.months:
        if not month.entries:
            rows.append([month.label, "No reports due", "", ""])
        for entry in month.entries:
            rows.append([month.label, entry.title, entry.to_text, entry.owner or ""])
    _table(doc, f"Reports due in {calendar.period}, by month", ["Month", "Report", "To", "Owner"], rows,
           [1.2, 3, 4, 1.6], width)  # fmt: skip
