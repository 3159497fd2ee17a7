"""The building blocks of the Word report: paragraphs, headings, numbered points, captions and
tables in the report's styles. Reusable by any report that writes Word: each takes the
document and plain data (:class:`Run`, :class:`CellSpec`), never the report's view."""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement, parse_xml
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run as DocxRun

from pmplan.report.columns import Column, measure
from pmplan.report.columns import widths as fit
from pmplan.report.docx.ooxml import CellContent, CellSpec, Para, Run, cell_paras, hyphen_pieces, table_xml
from pmplan.report.view.model import RagMark, UpdateRow
from pmplan.report.view.text import xml_safe

RAG_FILL = {"green": "C6EFCE", "amber": "FFEB9C", "red": "FFC7CE", "none": "E7E6E6"}
"""Light fills behind black text: every one gives well over 4.5:1 contrast."""

HEADER_FILL = "D9E2F3"

TABLE_STYLE = "Table Text"
"""The paragraph style of every table cell (10 pt in the built-in base document)."""

TABLE_POINTS = 10.0
"""The size the columns are measured at (the table style's, unless a council's differs)."""


def add_runs(paragraph: Paragraph, runs: Para, size: Pt | None = None) -> Paragraph:
    """The runs, with a non-breaking hyphen inside references and spans (``LPI-04``,
    ``2025-2028``) so that no line ends in the middle of one."""
    for part in runs:
        run = paragraph.add_run()
        run.bold = part.bold or None
        run.italic = part.italic or None
        if size is not None:
            run.font.size = size
        for index, piece in enumerate(hyphen_pieces(xml_safe(part.text))):
            if index:
                run._r.append(OxmlElement("w:noBreakHyphen"))
            _add_text(run, piece)
    return paragraph


def _add_text(run: DocxRun, text: str) -> None:
    for number, line in enumerate(text.split("\n")):
        if number:
            run.add_break()
        for column, part in enumerate(line.split("\t")):
            if column:
                run.add_tab()
            if part:
                run.add_text(part)


def add_para(doc: DocumentObject, *runs: Run, style: str | None = None) -> Paragraph:
    paragraph = doc.add_paragraph()
    if style is not None:
        paragraph._p.style = style_id(doc, style)
    return add_runs(paragraph, runs)


def add_text(doc: DocumentObject, text: str, bold: bool = False, style: str | None = None) -> Paragraph:
    return add_para(doc, Run(text, bold=bold), style=style)


def add_heading(doc: DocumentObject, text: str, level: int) -> Paragraph:
    """A heading in the ``Heading n`` style, kept on the page of what follows it."""
    paragraph = add_runs(doc.add_paragraph(), [Run(text)])
    paragraph._p.style = style_id(doc, f"Heading {level}")
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def keep_with_next(paragraph: Paragraph) -> Paragraph:
    """Keep a paragraph that introduces a table on the table's first page."""
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def add_numbered(doc: DocumentObject, number: str, *runs: Run) -> Paragraph:
    paragraph = add_para(doc, Run(f"{number}\t"), *runs)
    paragraph.paragraph_format.left_indent = Mm(12)
    paragraph.paragraph_format.first_line_indent = Mm(-12)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(12))
    return paragraph


def style_id(doc: DocumentObject, name: str) -> str:
    """The id Word's XML uses for the style called ``name`` (looked up once per document:
    python-docx searches every style each time it is asked)."""
    cache: dict[str, str] = doc.part.__dict__.setdefault("_pmplan_style_ids", {})
    if name not in cache:
        cache[name] = doc.styles[name].style_id
    return cache[name]


def _pieces(value: CellContent | CellSpec) -> Sequence[Para]:
    return cell_paras(value)[0]


def measure_table(
    headers: Sequence[str], rows: Sequence[Sequence[CellContent | CellSpec]], points: float = TABLE_POINTS
) -> list[Column]:
    """What each column of a table needs (see :mod:`pmplan.report.columns`): several tables
    with the same columns can be measured together and laid out with the same widths."""
    return measure(headers, [[_pieces(v) for v in row] for row in rows], points)


def add_table(
    doc: DocumentObject,
    caption: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[CellContent | CellSpec]],
    widths: Sequence[float] | None,
    total: int,
    columns: Sequence[Column] | None = None,
) -> Table:
    """A bordered table ``total`` EMU wide: a header row that repeats on every page and keeps
    with the first row, no row split across a page. Its column widths are measured from its
    text (``widths`` None), or from ``columns`` measured once for several tables that should
    line up, or fixed shares of ``total`` (``widths``)."""
    if widths is not None:
        points = [w * total / 12700 / sum(widths) for w in widths]
    else:
        needs = columns if columns is not None else measure_table(headers, rows)
        points = fit(needs, total / 12700)
    twips = [int(w * 20) for w in points]
    twips[-1] += total // 635 - sum(twips)  # the columns fill the width exactly
    header: list[CellContent | CellSpec] = [CellSpec([[Run(h, bold=True)]], HEADER_FILL) for h in headers]
    xml = table_xml(caption, header, rows, twips, style_id(doc, TABLE_STYLE))
    element = parse_xml(xml)
    doc.element.body._insert_tbl(element)
    doc.add_paragraph()
    return Table(element, doc._body)


def rag_cell(mark: RagMark, words: str | None = None) -> CellSpec:
    """A RAG cell: shaded, and labelled in words (colour is never the only signal)."""
    text = mark.label if not words else f"{mark.label}: {words}"
    return CellSpec([[Run(text, bold=True)]], RAG_FILL[mark.key])


def updates_cell(
    updates: Sequence[UpdateRow], earlier: UpdateRow | None = None, empty: str = ""
) -> CellContent:
    """Progress updates, each after its date in bold; with none, the latest earlier one,
    marked as earlier; with none at all, ``empty``."""
    if not updates:
        if earlier is not None:
            return [[Run(f"Earlier update, {earlier.date_text}: ", bold=True), Run(_said(earlier))]]
        return empty
    return [[Run(f"{u.date_text}: ", bold=True), Run(_said(u))] for u in updates]


def _said(update: UpdateRow) -> str:
    return update.text + (f" ({update.by})" if update.by else "")
