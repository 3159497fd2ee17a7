"""The report as a Word document a committee clerk would accept.

A briefing-paper front in an A4 portrait section, then the progress appendix in an A4
landscape section: tables whose header rows repeat on every page and whose rows never split
across one, column widths measured from their text, RAG cells shaded and labelled in words,
Heading 1-3 styles for the navigation pane, page numbers in the footer and indicator trend
charts; Arial, body 12 pt, tables 10 pt, British English. A council brands it with its own ``report.docx`` (styles, headers,
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
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor

from pmplan.errors import PmplanError
from pmplan.report.charts import ChartWorker
from pmplan.report.docx.blocks import TABLE_POINTS, TABLE_STYLE
from pmplan.report.docx.layout import Charts, appendix_section, front_section, header_and_footer
from pmplan.report.docx.ooxml import drop_thumbnail, normalise_zip
from pmplan.report.view.model import ReportView
from pmplan.report.view.text import xml_safe

A4_SHORT, A4_LONG = Mm(210), Mm(297)
SIDE_MARGIN = Mm(15)
"""The landscape appendix's left and right margins: room for eight columns."""

FACE = "Arial"
"""The built-in document's face: a plain sans that every council's Word has (LibreOffice sets
it in the metric-compatible Liberation Sans)."""

LANGUAGE = "en-GB"

HEADING_COLOUR = "1F3864"
"""Dark blue: 12.6:1 against white (Word's default accent blue is 4.0:1, too faint)."""


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
        # room for a header of two lines of 10 pt between the page's edge and the body
        first.top_margin, first.bottom_margin = Mm(22), Mm(20)
        first.header_distance, first.footer_distance = Mm(9), Mm(10)
    header_and_footer(doc, f"{view.organisation}: {view.title}, {view.period}")
    front_section(doc, view)
    appendix = doc.add_section(WD_SECTION.NEW_PAGE)
    appendix.orientation = WD_ORIENT.LANDSCAPE
    appendix.page_width, appendix.page_height = A4_LONG, A4_SHORT
    appendix.left_margin = appendix.right_margin = SIDE_MARGIN
    # the same top and bottom as the front (whose header and footer it shares), so that the
    # header clears the body in both orientations
    appendix.top_margin, appendix.bottom_margin = first.top_margin, first.bottom_margin
    appendix.header_distance, appendix.footer_distance = first.header_distance, first.footer_distance
    appendix_section(doc, view, A4_LONG - 2 * SIDE_MARGIN, charts)
    _properties(doc, view)
    drop_thumbnail(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_zip(buffer.getvalue())


def base_document(base: Path | None) -> DocumentObject:
    if base is None:
        doc = Document()
        _house_style(doc)
        return doc
    try:
        doc = Document(str(base))
    except Exception as exc:  # noqa: BLE001 - any unreadable file is the user's to fix
        raise DocxTemplateError(f"template {base} is not a Word document Word can open: {exc}") from None
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    if _default_run_properties(doc).find(qn("w:lang")) is None:
        _set_language(doc)
    return doc


def _default_run_properties(doc: DocumentObject) -> BaseOxmlElement:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    r_default = defaults.find(qn("w:rPrDefault"))
    if r_default is None:
        r_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, r_default)
    r_pr = r_default.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        r_default.append(r_pr)
    return r_pr


def _set_language(doc: DocumentObject) -> None:
    """British English for spelling and for screen readers' voices, in the document's defaults
    and every style and in the theme's font language."""
    r_pr = _default_run_properties(doc)
    if r_pr.find(qn("w:lang")) is None:
        r_pr.append(OxmlElement("w:lang"))
    for lang in doc.styles.element.iter(qn("w:lang")):
        for attribute in ("w:val", "w:eastAsia"):
            lang.set(qn(attribute), LANGUAGE)
    theme = doc.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), LANGUAGE)
        theme.attrib.pop(qn("w:eastAsia"), None)


def _set_face(r_pr: BaseOxmlElement, face: str) -> None:
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.attrib.clear()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), face)


def _house_style(doc: DocumentObject) -> None:
    """The built-in base document: Arial, body 12 pt, headings in dark blue, en-GB. A
    council's own base document keeps its own (see :func:`ensure_styles`)."""
    r_pr = _default_run_properties(doc)
    _set_face(r_pr, FACE)
    for tag in ("w:sz", "w:szCs"):
        size = r_pr.find(qn(tag))
        if size is not None:
            size.set(qn("w:val"), "24")
    _set_language(doc)
    normal = doc.styles["Normal"]
    normal.font.name = FACE
    normal.font.size = Pt(12)
    for level, size in ((1, 16), (2, 14), (3, 12)):
        style = doc.styles[f"Heading {level}"]
        _set_face(style.element.get_or_add_rPr(), FACE)
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor.from_string(HEADING_COLOUR)
        style.paragraph_format.space_before = Pt(18 if level == 1 else 12)
        style.paragraph_format.space_after = Pt(6)
    caption = doc.styles["Caption"]
    caption.font.color.rgb = RGBColor.from_string("000000")
    caption.font.size = Pt(10)
    caption.font.italic = False
    for name in ("Header", "Footer"):
        doc.styles[name].font.size = Pt(10)


def ensure_styles(doc: DocumentObject) -> None:
    """Heading 1-3 (outline levels, for the navigation pane), Caption and the table text
    style, even in a council's template that has never used them. Styles a council's base
    document has are used as they are."""
    names = {s.name for s in doc.styles}
    for level, size in ((1, 16), (2, 14), (3, 12)):
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
        caption.font.size = Pt(10)
    if TABLE_STYLE not in names:
        table = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        table.base_style = doc.styles["Normal"]
        table.font.size = Pt(TABLE_POINTS)
        spacing = table.paragraph_format
        spacing.space_before, spacing.space_after = Pt(0), Pt(2)
        spacing.line_spacing = 1.0


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
    props.language = LANGUAGE
