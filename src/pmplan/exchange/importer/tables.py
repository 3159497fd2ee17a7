"""Reading Word, Excel and CSV files into blocks of rows of cells.

A Word document becomes its paragraphs and tables in order (the text between tables matters:
Herefordshire-style plans put their PROGRESS paragraphs there); a workbook becomes one table
per visible sheet; a CSV file one table. Cells keep their paragraphs as lines, with bullets
written ``- ``. Merged cells are marked rather than copied: the lower part of a vertical merge
is ``continued`` (it repeats the text above), the columns a horizontal merge covers are empty.

Nothing here knows about action plans; :mod:`pmplan.exchange.importer.plan` reads the rows.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Literal

from pmplan.characters import without_controls
from pmplan.errors import PmplanError

SUFFIXES = (".docx", ".xlsx", ".csv")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BULLETS = "•·▪◦‣∙●○■□➢➤-–—*\uf0b7\uf0a7\uf076\uf0d8\uf0fc"
_BULLET_START = re.compile(
    rf"^\s*[{re.escape(_BULLETS)}]\s+|^\s*[•·▪◦‣∙●○■□➢➤\uf0b7\uf0a7\uf076\uf0d8\uf0fc]"
)
_INLINE_BULLET = re.compile(r"\s+[•▪●\uf0b7]\s+")
_SPACES = re.compile(r"[ \t\xa0\u2002\u2003\u2009\u200b]+")


class SourceError(PmplanError):
    """The file cannot be read, or holds nothing pmplan can import."""


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    """The cell's paragraphs, one a line; bullets written ``- ``."""
    continued: bool = False
    """The lower part of a vertically merged cell: ``text`` repeats the cell above."""
    span: int = 1
    """How many columns the cell covers (a horizontal merge)."""


@dataclass(slots=True)
class Block:
    """A table (rows of cells) or a paragraph (one row of one cell), in document order."""

    kind: Literal["table", "paragraph"]
    where: str
    """Where it is, for messages: ``table 3``, ``sheet 'Plan'``, ``paragraph 12``."""
    rows: list[list[Cell]] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    """Each row's 1-based number in its table or sheet (blank rows are left out)."""


@dataclass(slots=True)
class SourceDocument:
    name: str
    kind: str
    """``docx``, ``xlsx`` or ``csv``."""
    blocks: list[Block]
    title: str | None = None
    """The document's title where it gives one (Word's title property, else its first line)."""
    notes: list[str] = field(default_factory=list)


def read_document(path: Path) -> SourceDocument:
    """Read ``path`` (.docx, .xlsx or .csv); raises SourceError with a message for people."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise SourceError(f"{path}: pmplan imports .docx, .xlsx and .csv files, not '{suffix or path.name}'")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    if not raw.strip():
        raise SourceError(f"{path}: the file is empty")
    if suffix == ".csv":
        return _read_csv(path, raw)
    if raw.startswith(_OLE_MAGIC):
        raise SourceError(
            f"{path}: the file is password-protected (encrypted) or in the old binary "
            f"{'.doc' if suffix == '.docx' else '.xls'} format. Open it in "
            f"{'Word' if suffix == '.docx' else 'Excel'}, remove the password, save it as "
            f"{suffix} and import that."
        )
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise SourceError(f"{path}: not a valid {suffix} file (it may be damaged or misnamed)")
    try:
        if suffix == ".docx":
            return _read_docx(path, raw)
        return _read_xlsx(path, raw)
    except SourceError:
        raise
    except Exception as exc:  # noqa: BLE001 - any library failure on a damaged file is the file's fault
        raise SourceError(
            f"{path}: cannot read it as a {suffix} file ({type(exc).__name__}: {exc}); "
            "it may be damaged: open and save it again"
        ) from None


# --- text -------------------------------------------------------------------------------------


def tidy_line(text: str) -> str:
    return _SPACES.sub(" ", without_controls(text)).strip()


def bullet_line(text: str) -> str:
    """A list item written ``- item``, whatever bullet glyph it had."""
    return "- " + _BULLET_START.sub("", text, count=1).strip()


def tidy_lines(lines: list[str], bulleted: list[bool] | None = None) -> str:
    """Paragraphs to cell text: spaces tidied, empty lines dropped, bullets made ``- ``,
    and bullets run together on one line (``• one • two``) split onto lines of their own."""
    out: list[str] = []
    for i, raw in enumerate(lines):
        listed = bool(bulleted and bulleted[i])
        for part in re.split(r"[\r\n\v]+", raw):
            line = tidy_line(part)
            if not line:
                continue
            head, *items = _INLINE_BULLET.split(" " + line)
            head = head.strip()
            if head:
                out.append(bullet_line(head) if listed or _BULLET_START.match(head) else head)
            out.extend(bullet_line(item) for item in items if tidy_line(item))
    return "\n".join(out)


# --- Word -------------------------------------------------------------------------------------


def _read_docx(path: Path, raw: bytes) -> SourceDocument:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(raw))
    except KeyError:
        raise SourceError(f"{path}: not a Word document (no word/document.xml inside)") from None
    blocks: list[Block] = []
    tables = paragraphs = 0
    first_line: str | None = None
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = _paragraph_text(item)
            if not text:
                continue
            paragraphs += 1
            first_line = first_line or text.splitlines()[0]
            blocks.append(Block("paragraph", f"paragraph {paragraphs}", [[Cell(text)]], [paragraphs]))
        elif isinstance(item, Table):
            tables += 1
            block = Block("table", f"table {tables}")
            for number, row in enumerate(_docx_rows(item), start=1):
                if any(cell.text for cell in row):
                    block.rows.append(row)
                    block.numbers.append(number)
            blocks.append(block)
    if tables == 0:
        raise SourceError(
            f"{path}: the document has no tables. pmplan imports action plans kept in Word "
            "tables (Action, Timescale, Lead ... columns)."
        )
    title = tidy_line(document.core_properties.title or "") or first_line
    return SourceDocument(path.name, "docx", blocks, title)


def _is_list(paragraph: Any) -> bool:
    p_pr = paragraph._p.pPr
    if p_pr is not None and p_pr.numPr is not None:
        return True
    style = paragraph.style
    name = (style.name or "") if style is not None else ""
    return name.lower().startswith("list")


def _paragraph_text(paragraph: Any) -> str:
    return tidy_lines([paragraph.text], [_is_list(paragraph)])


def _cell_text(cell: Any) -> str:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    bulleted: list[bool] = []
    for item in cell.iter_inner_content():
        if isinstance(item, Paragraph):
            lines.append(item.text)
            bulleted.append(_is_list(item))
        elif isinstance(item, Table):  # a table inside a cell: its rows as lines
            for row in _docx_rows(item):
                line = " | ".join(c.text.replace("\n", " ") for c in row if c.text and not c.continued)
                lines.append(line)
                bulleted.append(False)
    return tidy_lines(lines, bulleted)


def _docx_rows(table: Any) -> list[list[Cell]]:
    """The table's rows on its layout grid, with merges marked (see :class:`Cell`)."""
    from docx.table import _Cell

    rows: list[list[Cell]] = []
    above: dict[int, Cell] = {}
    for tr in table._tbl.tr_lst:
        row: list[Cell] = [Cell("")] * int(getattr(tr, "grid_before", 0) or 0)
        for tc in tr.tc_lst:
            span = max(1, int(tc.grid_span or 1))
            column = len(row)
            if tc.vMerge == "continue":
                source = above.get(column, Cell(""))
                cell = Cell(source.text, continued=True, span=span)
            else:
                cell = Cell(_cell_text(_Cell(tc, table)), span=span)
            row.append(cell)
            row.extend([Cell("")] * (span - 1))
            above[column] = cell
        rows.append(row)
    return rows


# --- Excel ------------------------------------------------------------------------------------


def _read_xlsx(path: Path, raw: bytes) -> SourceDocument:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
    except KeyError:
        raise SourceError(f"{path}: not an Excel workbook (no workbook inside the file)") from None
    blocks: list[Block] = []
    notes: list[str] = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            notes.append(f"skipped hidden sheet '{sheet.title}'")
            continue
        blocks.append(_sheet_block(sheet))
    title = tidy_line(book.properties.title or "") or None
    return SourceDocument(path.name, "xlsx", blocks, title, notes)


def _sheet_block(sheet: Any) -> Block:
    # (row, column) -> (state, top row, columns spanned) for every cell of a merged range
    merged: dict[tuple[int, int], tuple[str, int, int]] = {}
    for rng in sheet.merged_cells.ranges:
        width = rng.max_col - rng.min_col + 1
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                state = "covered" if c != rng.min_col else "top" if r == rng.min_row else "continued"
                merged[(r, c)] = (state, rng.min_row, width)
    block = Block("table", f"sheet '{sheet.title}'")
    for r, cells in enumerate(sheet.iter_rows(min_row=1, min_col=1), start=1):
        row: list[Cell] = []
        for c, cell in enumerate(cells, start=1):
            state, top, width = merged.get((r, c), ("", r, 1))
            if state == "covered":
                row.append(Cell(""))
            elif state == "continued":
                row.append(Cell(_excel_text(sheet.cell(top, c)), continued=True, span=width))
            else:
                row.append(Cell(_excel_text(cell), span=width))
        if any(cell.text for cell in row):
            block.rows.append(row)
            block.numbers.append(r)
    return block


def _excel_text(cell: Any) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        decimals = re.fullmatch(r"0\.(0+)", str(cell.number_format or ""))
        if decimals:
            return f"{value:.{len(decimals.group(1))}f}"
        return str(int(value)) if value.is_integer() else repr(value)
    return tidy_lines(str(value).split("\n"))


# --- CSV --------------------------------------------------------------------------------------


def _read_csv(path: Path, raw: bytes) -> SourceDocument:
    notes = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        notes.append("the file is not UTF-8: read it as Windows-1252 (Excel's usual CSV encoding)")
    if "\0" in text:
        raise SourceError(f"{path}: this is not a CSV text file (it holds binary data)")
    delimiter = _delimiter(text[:50000])
    block = Block("table", "the CSV file")
    try:
        for number, values in enumerate(
            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1
        ):
            row = [Cell(tidy_lines(value.split("\n"))) for value in values]
            if any(cell.text for cell in row):
                block.rows.append(row)
                block.numbers.append(number)
    except csv.Error as exc:
        raise SourceError(f"{path}: cannot read it as CSV: {exc}") from None
    return SourceDocument(path.name, "csv", [block], None, notes)


def _delimiter(sample: str) -> str:
    """The delimiter that splits the most lines into fields: comma, semicolon (Excel in much
    of Europe), tab or bar."""
    best, best_score = ",", -1
    for candidate in (",", ";", "\t", "|"):
        try:
            rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=candidate))
        except csv.Error:
            continue
        score = sum(1 for row in rows if sum(1 for v in row if v.strip()) > 1)
        if score > best_score:
            best, best_score = candidate, score
    return best
