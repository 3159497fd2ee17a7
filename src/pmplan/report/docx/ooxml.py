"""Raw Office Open XML for what python-docx has no API for: table properties, borders, shading,
repeated header rows, fields, table rows written as XML in one pass, and a zip with fixed dates."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_TblPr
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from pmplan.report.view.text import xml_safe

ZIP_DATE = (2000, 1, 1, 0, 0, 0)


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


def drop_thumbnail(doc: DocumentObject) -> None:
    """The template's preview picture would show another document in file browsers."""
    rels = doc.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del rels[rid]


def normalise_zip(data: bytes) -> bytes:
    """The same parts with a fixed timestamp, so that the same report gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def add_field(paragraph: Paragraph, instruction: str) -> None:
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


_TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
    "w:tblPrChange",
)  # fmt: skip


def set_tblpr_child(tbl_pr: CT_TblPr, element: BaseOxmlElement) -> None:
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


def set_borders(table: Table, visible: bool = True) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single" if visible else "nil")
        if visible:
            line.set(qn("w:sz"), "4")
            line.set(qn("w:space"), "0")
            line.set(qn("w:color"), "808080")
        borders.append(line)
    set_tblpr_child(table._tbl.tblPr, borders)


def set_table_width(table: Table, emu: int) -> None:
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(emu // 635))  # twentieths of a point
    width.set(qn("w:type"), "dxa")
    set_tblpr_child(table._tbl.tblPr, width)


def shade_cell(cell: _Cell, fill: str) -> None:
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


def repeat_header_row(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def _run_xml(run: Run, size: str) -> str:
    props = ("<w:b/>" if run.bold else "") + ("<w:i/>" if run.italic else "") + size
    text = escape(xml_safe(run.text))
    text = text.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
    text = text.replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def row_xml(values: Sequence[CellContent | CellSpec], twips: Sequence[int], points: float) -> str:
    """One body row as WordprocessingML, in ``points`` type, laid out as the header row's cells
    are (a paragraph of runs per :class:`Para`, the cell shaded where it has a fill)."""
    size = f'<w:sz w:val="{int(points * 2)}"/>'
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
