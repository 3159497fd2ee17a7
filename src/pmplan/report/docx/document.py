"""The report as a Word document a committee clerk would accept.

A briefing-paper front in an A4 portrait section, then the progress appendix in an A4
landscape section: tables whose header rows repeat on every page, RAG cells shaded and
labelled in words, Heading 1-3 styles for the navigation pane, page numbers in the footer
and indicator trend charts. A council brands it with its own ``report.docx`` (styles, headers,
footers, margins of the first section): its body is replaced by the report.

The output is deterministic: document properties are dated from the as-of date and the zip
entries carry a fixed timestamp, so the same plans give the same bytes."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from pmplan.errors import PmplanError
from pmplan.report.charts import ChartWorker
from pmplan.report.docx.layout import Charts, appendix_section, front_section, header_and_footer
from pmplan.report.docx.ooxml import drop_thumbnail, normalise_zip
from pmplan.report.view.model import ReportView
from pmplan.report.view.text import xml_safe

A4_SHORT, A4_LONG = Mm(210), Mm(297)
LANDSCAPE_MARGIN = Mm(15)


class DocxTemplateError(PmplanError):
    """The council's base document cannot be used."""


def render_docx(view: ReportView, base: Path | None = None, worker: ChartWorker | None = None) -> bytes:
    """The report as the bytes of a ``.docx`` file, on ``base`` (a council's ``report.docx``);
    ``worker`` draws the charts in another process."""
    charts = Charts([i for i in view.indicators if i.chart], worker)
    doc = base_document(base)
    ensure_styles(doc)
    first = doc.sections[0]
    if base is None:
        first.page_width, first.page_height = A4_SHORT, A4_LONG
        first.left_margin = first.right_margin = Mm(25)
        first.top_margin = first.bottom_margin = Mm(20)
    header_and_footer(doc, view)
    front_section(doc, view)
    appendix = doc.add_section(WD_SECTION.NEW_PAGE)
    appendix.orientation = WD_ORIENT.LANDSCAPE
    appendix.page_width, appendix.page_height = A4_LONG, A4_SHORT
    appendix.left_margin = appendix.right_margin = LANDSCAPE_MARGIN
    appendix.top_margin = appendix.bottom_margin = LANDSCAPE_MARGIN
    appendix_section(doc, view, A4_LONG - 2 * LANDSCAPE_MARGIN, charts)
    _properties(doc, view)
    drop_thumbnail(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_zip(buffer.getvalue())


def base_document(base: Path | None) -> DocumentObject:
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


def ensure_styles(doc: DocumentObject) -> None:
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
