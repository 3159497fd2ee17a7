"""Raw Office Open XML for what python-docx has no API for, or does too slowly: whole tables
written in one pass (fixed column widths, borders, shading, a caption, a header row that
repeats, rows that never split across a page), fields, and a zip with fixed dates."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
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


def cell_paras(value: CellContent | CellSpec) -> tuple[Sequence[Para], str | None]:
    """A cell's paragraphs of runs, and its fill."""
    spec = value if isinstance(value, CellSpec) else CellSpec(value)
    paras: Sequence[Para] = [[Run(spec.content)]] if isinstance(spec.content, str) else spec.content
    return (paras or [[Run("")]]), spec.fill


_REFERENCE = re.compile(r"\S*[\d:]\S*")
"""A token with a digit or a colon in it: an id (``LPI-04``, ``pm-audit:R6.b``) or a span
(``2025-2028``), whose hyphens must not end a line."""
_KEEP_HYPHEN = '</w:t><w:noBreakHyphen/><w:t xml:space="preserve">'


def hyphen_pieces(text: str) -> list[str]:
    """The text split at the hyphens that must not end a line (those inside a reference or a
    span): a writer puts a non-breaking hyphen between the pieces."""
    if "-" not in text:
        return [text]
    pieces, start = [], 0
    for match in _REFERENCE.finditer(text):
        for offset, char in enumerate(match.group(0)):
            if char == "-":
                at = match.start() + offset
                pieces.append(text[start:at])
                start = at + 1
    pieces.append(text[start:])
    return pieces


def _no_break_hyphens(match: re.Match[str]) -> str:
    return match.group(0).replace("-", _KEEP_HYPHEN)


def _run_xml(run: Run) -> str:
    props = ("<w:b/>" if run.bold else "") + ("<w:i/>" if run.italic else "")
    text = escape(xml_safe(run.text))
    if "-" in text:
        text = _REFERENCE.sub(_no_break_hyphens, text)
    text = text.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
    text = text.replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')
    props = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def row_xml(
    values: Sequence[CellContent | CellSpec], twips: Sequence[int], style: str, header: bool = False
) -> str:
    """One table row as WordprocessingML: a paragraph of runs per :class:`Para` in the
    paragraph style ``style`` (a style id), each cell shaded where it has a fill. No row
    splits across a page (``cantSplit``); a header row repeats on every page and keeps with
    the first body row."""
    keep = "<w:keepNext/>" if header else ""
    p_pr = f'<w:pPr><w:pStyle w:val="{style}"/>{keep}</w:pPr>'
    cells = []
    for value, width in zip(values, twips, strict=True):
        paras, fill = cell_paras(value)
        shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
        text = "".join(f"<w:p>{p_pr}{''.join(_run_xml(r) for r in runs)}</w:p>" for runs in paras)
        cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>{text}</w:tc>')
    tr_pr = "<w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "") + "</w:trPr>"
    return "<w:tr>" + tr_pr + "".join(cells) + "</w:tr>"


def table_xml(
    caption: str,
    header: Sequence[CellContent | CellSpec],
    rows: Sequence[Sequence[CellContent | CellSpec]],
    twips: Sequence[int],
    style: str,
    borders: bool = True,
) -> str:
    """A whole table in one string: fixed layout at ``twips`` widths, a caption for its
    alternative text, a repeating header row (none when ``header`` is empty), body rows."""
    line = 'w:val="single" w:sz="4" w:space="0" w:color="808080"' if borders else 'w:val="nil"'
    edges = "".join(
        f"<w:{edge} {line}/>" for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    title = quoteattr(xml_safe(caption)[:250])
    props = (
        f'<w:tblPr><w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="left"/>'
        f'<w:tblBorders>{edges}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="0020" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        f'w:noHBand="1" w:noVBand="1"/><w:tblCaption w:val={title}/></w:tblPr>'
    )
    grid = "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in twips) + "</w:tblGrid>"
    head = row_xml(header, twips, style, header=True) if header else ""
    body = "".join(row_xml(values, twips, style) for values in rows)
    return f"<w:tbl {nsdecls('w')}>{props}{grid}{head}{body}</w:tbl>"
