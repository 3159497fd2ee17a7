"""The building blocks of the Word report: paragraphs, headings, numbered points, captions and
tables in the report's styles."""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from pmplan.report.docx.ooxml import (
    CellContent,
    CellSpec,
    Para,
    Run,
    repeat_header_row,
    row_xml,
    set_borders,
    set_table_width,
    set_tblpr_child,
    shade_cell,
)
from pmplan.report.view.model import RagMark, UpdateRow
from pmplan.report.view.text import xml_safe

RAG_FILL = {"green": "C6EFCE", "amber": "FFEB9C", "red": "FFC7CE", "none": "E7E6E6"}


HEADER_FILL = "D9E2F3"


TABLE_FONT = Pt(9)


def add_runs(paragraph: Paragraph, runs: Para, size: Pt | None = None) -> Paragraph:
    for part in runs:
        run = paragraph.add_run(xml_safe(part.text))
        run.bold = part.bold or None
        run.italic = part.italic or None
        if size is not None:
            run.font.size = size
    return paragraph


def add_para(doc: DocumentObject, *runs: Run, style: str | None = None) -> Paragraph:
    return add_runs(doc.add_paragraph(style=style), runs)


def add_text(doc: DocumentObject, text: str, bold: bool = False, style: str | None = None) -> Paragraph:
    return add_para(doc, Run(text, bold=bold), style=style)


def add_heading(doc: DocumentObject, text: str, level: int) -> Paragraph:
    return doc.add_paragraph(xml_safe(text), style=f"Heading {level}")


def add_numbered(doc: DocumentObject, number: str, *runs: Run) -> Paragraph:
    paragraph = add_para(doc, Run(f"{number}\t"), *runs)
    paragraph.paragraph_format.left_indent = Mm(12)
    paragraph.paragraph_format.first_line_indent = Mm(-12)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(12))
    return paragraph


def add_caption(table: Table, text: str) -> None:
    """Alternative text of the table (Word's Table Properties > Alt Text > Title)."""
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), xml_safe(text)[:250])
    set_tblpr_child(table._tbl.tblPr, caption)


def fill_cell(cell: _Cell, content: CellContent, bold: bool = False) -> None:
    paras: Sequence[Para] = [[Run(content, bold=bold)]] if isinstance(content, str) else content
    for index, runs in enumerate(paras or [[Run("")]]):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        add_runs(paragraph, runs, TABLE_FONT)


def add_table(
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
    set_borders(table)
    add_caption(table, caption)
    scale = total / sum(widths)
    emus = [int(w * scale) for w in widths]
    set_table_width(table, sum(emus))
    for column, width in zip(table.columns, emus, strict=True):
        column.width = width
    repeat_header_row(table)
    for cell, text, width in zip(table.rows[0].cells, headers, emus, strict=True):
        cell.width = width
        fill_cell(cell, text, bold=True)
        shade_cell(cell, HEADER_FILL)
    if rows:
        # Body rows are written as XML in one pass: python-docx's cell-by-cell API takes
        # seconds for the thousand rows of a large council's year-end appendix.
        twips = [w // 635 for w in emus]
        body = "".join(row_xml(values, twips, TABLE_FONT.pt) for values in rows)
        table._tbl.extend(parse_xml(f"<w:tbl {nsdecls('w')}>{body}</w:tbl>"))
    doc.add_paragraph()
    return table


def rag_cell(mark: RagMark, words: str | None = None) -> CellSpec:
    """A RAG cell: shaded, and labelled in words (colour is never the only signal)."""
    text = mark.label if not words else f"{mark.label}: {words}"
    return CellSpec([[Run(text, bold=True)]], RAG_FILL[mark.key])


def updates_cell(updates: Sequence[UpdateRow], empty: str = "") -> CellContent:
    if not updates:
        return [[Run(empty, italic=True)]] if empty else ""
    return [
        [Run(f"{u.date_text}: ", bold=True), Run(u.text + (f" ({u.by})" if u.by else ""))] for u in updates
    ]
