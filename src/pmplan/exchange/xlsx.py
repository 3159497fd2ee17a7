"""A small, fast writer of Excel workbooks for the export: sheets of plain rows, streamed.

An export of a large workspace is a million cells; openpyxl builds an object for each one
and takes tens of seconds. This writer streams each sheet's XML straight into the zip:

* three named styles shared by every cell (``pm-header``, ``pm-date``, ``pm-wrap``), which
  Excel lists in its style gallery;
* text always as text (inline strings): a value such as ``=HYPERLINK(...)`` is never a
  formula; characters XML cannot hold are dropped (:mod:`.cells`);
* dates as Excel dates, numbers as numbers, booleans as TRUE/FALSE; a frozen header row,
  a filter on it, column widths, and the sheet's dimension.

What it writes is checked by opening it with openpyxl and LibreOffice in the tests.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from io import BytesIO
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from pmplan.exchange.cells import xml_safe

STYLES = ("pm-header", "pm-date", "pm-wrap")
"""The named styles a cell may have (None: the workbook's Normal style)."""
_STYLE_INDEX = {None: 0, "pm-header": 1, "pm-date": 2, "pm-wrap": 3}
_EPOCH = date(1899, 12, 30)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CHUNK = 20000
"""Pieces of XML written to the zip at a time (characters XML cannot hold are dropped from
each chunk: the markup around the values has none)."""


def column_letter(index: int) -> str:
    """``A`` for 1, ``Z`` for 26, ``AA`` for 27."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def write_workbook(
    out: IO[bytes],
    sheets: Iterable[
        tuple[str, Sequence[str], Sequence[float], Sequence[str | None], Iterable[Sequence[Any]]]
    ],
    title: str = "",
) -> None:
    """Write a workbook to ``out``: each sheet is (name, header, column widths, each
    column's style, rows). The header row is styled ``pm-header``, frozen and filtered."""
    names: list[str] = []
    used: list[str] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        for number, (name, header, widths, styles, rows) in enumerate(sheets, start=1):
            names.append(_sheet_name(name))
            with book.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True) as part:
                used.append(
                    _write_sheet(part, header, widths, styles, rows if isinstance(rows, list) else list(rows))
                )
        book.writestr("xl/workbook.xml", _workbook(names, used))
        book.writestr("xl/styles.xml", _STYLESHEET)
        book.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(names)))
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("[Content_Types].xml", _content_types(len(names)))
        book.writestr("docProps/core.xml", _core(title))
        book.writestr("docProps/app.xml", _APP)


def workbook_bytes(
    sheets: Iterable[
        tuple[str, Sequence[str], Sequence[float], Sequence[str | None], Iterable[Sequence[Any]]]
    ],
    title: str = "",
) -> bytes:
    buffer = BytesIO()
    write_workbook(buffer, sheets, title)
    return buffer.getvalue()


# --- a sheet ---------------------------------------------------------------------------------


def _write_sheet(
    part: IO[bytes],
    header: Sequence[str],
    widths: Sequence[float],
    styles: Sequence[str | None],
    rows: list[Sequence[Any]],
) -> str:
    """Write the sheet's XML; returns its used range."""
    letters = [column_letter(i) for i in range(1, len(header) + 1)]
    used = f"A1:{letters[-1]}{len(rows) + 1}" if letters else "A1"
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>' for i, w in enumerate(widths, start=1)
    )
    part.write(
        (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}" '
            f'xmlns:r="{_REL}"><dimension ref="{used}"/><sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
        ).encode()
    )
    header_style = _STYLE_INDEX["pm-header"]
    head = "".join(
        _cell(f"{letter}1", text, header_style) for letter, text in zip(letters, header, strict=True)
    )
    chunk = [f'<row r="1">{head}</row>']
    attributes = [f' s="{_STYLE_INDEX[s]}"' if _STYLE_INDEX[s] else "" for s in styles]
    columns = list(zip(letters, attributes, strict=True))
    for number, row in enumerate(rows, start=2):
        chunk.append(f'<row r="{number}">')
        for (letter, s), value in zip(columns, row, strict=True):
            kind = type(value)
            if kind is str:  # most cells: written here rather than through _cell, for speed
                if not value:
                    continue
                if "&" in value or "<" in value or ">" in value:
                    value = escape(value)
                chunk.append(
                    f'<c r="{letter}{number}"{s} t="inlineStr"><is><t xml:space="preserve">{value}</t></is></c>'
                )
            elif value is not None:
                chunk.append(_cell(f"{letter}{number}", value, s))
        chunk.append("</row>")
        if len(chunk) >= _CHUNK:
            part.write(xml_safe("".join(chunk)).encode())
            chunk = []
    part.write(xml_safe("".join(chunk)).encode())
    part.write(f'</sheetData><autoFilter ref="{used}"/></worksheet>'.encode())
    return used


def _cell(ref: str, value: Any, style: int | str) -> str:
    """A cell of any value; ``style`` is the style's index, or its attribute as written."""
    s = style if isinstance(style, str) else (f' s="{style}"' if style else "")
    if type(value) is str:  # the most common value first
        return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float) and math.isfinite(value):
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f'<c r="{ref}"{s}><v>{(value - _EPOCH).days}</v></c>'
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{_text(str(value))}</t></is></c>'


def _text(value: str) -> str:
    value = xml_safe(value)
    if "&" in value or "<" in value or ">" in value:
        return escape(value)
    return value


# --- the workbook's parts ----------------------------------------------------------------------


def _workbook(names: list[str], used: list[str]) -> str:
    sheets = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(names, start=1)
    )
    filters = "".join(  # Excel keeps each sheet's filter range in a hidden name
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"{escape(_quoted(name))}!{_absolute(ref)}</definedName>"
        for i, (name, ref) in enumerate(zip(names, used, strict=True))
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_MAIN}" '
        f'xmlns:r="{_REL}"><bookViews><workbookView/></bookViews><sheets>{sheets}</sheets>'
        f"<definedNames>{filters}</definedNames></workbook>"
    )


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _absolute(ref: str) -> str:
    """``A1:Z9`` as ``$A$1:$Z$9``."""
    out = []
    for part in ref.split(":"):
        letters = part.rstrip("0123456789")
        out.append(f"${letters}${part[len(letters) :]}")
    return ":".join(out)


def _sheet_name(name: str) -> str:
    """Excel's rules: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in xml_safe(name))
    return cleaned[:31] or "Sheet"


def _workbook_rels(count: int) -> str:
    sheets = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, count + 1)
    )
    styles = f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PKG_REL}">{sheets}{styles}</Relationships>'
    )


def _content_types(count: int) -> str:
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{sheet}"/>'
        for i in range(1, count + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{overrides}"
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>"
    )


def _core(title: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(xml_safe(title))}</dc:title><dc:creator>pmplan</dc:creator>"
        "</cp:coreProperties>"
    )


_APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>pmplan</Application></Properties>"
)

_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

_STYLESHEET = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd mmm yyyy"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FF1F4E79"/><bgColor indexed="64"/></patternFill></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="4">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" applyFont="1" applyFill="1" applyAlignment="1">'
    '<alignment vertical="center"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    "</cellStyleXfs>"
    '<cellXfs count="4">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="1" applyFont="1" applyFill="1" applyAlignment="1">'
    '<alignment vertical="center"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="2" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="3" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    "</cellXfs>"
    '<cellStyles count="4"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    '<cellStyle name="pm-header" xfId="1"/><cellStyle name="pm-date" xfId="2"/>'
    '<cellStyle name="pm-wrap" xfId="3"/></cellStyles>'
    "</styleSheet>"
)
