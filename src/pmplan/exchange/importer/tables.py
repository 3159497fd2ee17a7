"""Reading Word, Excel and CSV files into blocks of rows of cells, within fixed limits.

A Word document becomes its paragraphs and tables in order (the text between tables matters:
some plans put their PROGRESS paragraphs there, and the heading above a table is the plan's
title); a workbook becomes one table per visible sheet; a CSV file one table. Cells keep their
paragraphs as lines, with bullets written ``- ``. Merged cells are marked rather than copied:
the lower part of a vertical merge is ``continued`` (it repeats the text above), the columns a
horizontal merge covers are empty.

Every file is read as untrusted: Word and Excel files are zip archives whose XML parts are
streamed (never whole in memory) through a parser that resolves no entity, loads no DTD and
touches no network, and a part that declares a DTD at all is refused (Word and Excel never
write one). Sizes are bounded before anything is decompressed (see :data:`LIMITS`), and rows
and columns are counted as they are read, so a zip bomb, a billion-laughs document, a cell at
XFD1048576 or a million rows is refused with a message, in bounded time and memory.

Nothing here knows about action plans; :mod:`pmplan.exchange.importer.plan` reads the rows.
"""

from __future__ import annotations

import csv
import io
import lzma
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

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
_SPECIAL = re.compile(
    r"[\x00-\x1f\x7f-\xa0\ud800-\udfff\ufffe\uffff\u2002\u2003\u2009\u200b•·▪◦‣∙●○■□➢➤\uf0b7\uf0a7\uf076\uf0d8\uf0fc]|  |^\s*[-–—*]"
)
"""Anything :func:`cell_text` must tidy: without it, a cell is its text stripped."""
_UNTIDY = re.compile(r"[\x00-\x1f\x7f-\xa0\ud800-\udfff\ufffe\uffff\u2002\u2003\u2009\u200b]|  ")
_PLAIN = re.compile(r"[\r\n\v•·▪◦‣∙●○■□➢➤\uf0b7\uf0a7\uf076\uf0d8\uf0fc]|^\s*[-–—*]")
"""Text that is not one plain line: :func:`cell_text` must look for lines and bullets."""
_NEUTRALISED = re.compile(r"^'(?=[=+\-@\t\r])")
"""The apostrophe a spreadsheet export puts before ``=``, ``+``, ``-``, ``@``, tab or carriage
return so that the value is not run as a formula (OWASP's advice for CSV files)."""


@dataclass(frozen=True, slots=True)
class Limits:
    """What pmplan will read. An action plan is a few hundred rows; these leave room for the
    largest trackers while keeping a hostile file's cost in time and memory small."""

    file_bytes: int = 128 * 1024 * 1024
    """The file on disk (a .docx or .xlsx is compressed; a .csv is not)."""
    part_bytes: int = 512 * 1024 * 1024
    """One XML part of a Word or Excel file, decompressed."""
    ratio: int = 200
    """A part larger than ``ratio_floor`` that decompresses to more than this many times its
    compressed size is a zip bomb (real spreadsheets and documents stay well under 100)."""
    ratio_floor: int = 8 * 1024 * 1024
    rows: int = 200_000
    """Rows of one table or sheet."""
    columns: int = 500
    """Columns of one table or sheet."""
    cell_chars: int = 100_000
    """Characters in one cell."""
    held_bytes: int = 64 * 1024 * 1024
    """XML in one Word table row or paragraph, or one sheet row (each is held in memory until it
    ends): a 60,000-row plan inside a one-cell frame fits."""


LIMITS = Limits()


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


EMPTY = Cell("")


@dataclass(slots=True)
class Block:
    """A table (rows of cells) or a paragraph (one row of one cell), in document order."""

    kind: Literal["table", "paragraph"]
    where: str
    """Where it is, for messages: ``table 3``, ``sheet 'Plan'``, ``paragraph 12``."""
    rows: list[list[Cell]] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    """Each row's 1-based number in its table or sheet (blank rows are left out)."""
    number: int = 0
    """A table's 1-based number among the document's tables (sheets count as tables)."""
    style: str = ""
    """A paragraph's kind: ``title``, ``heading``, ``caption`` or empty."""
    level: int = 9
    """A heading's level (0 for a title, 1 for Heading 1 ...)."""
    caption: str | None = None
    """A table's caption where the file gives one (Word's table title)."""
    hidden_columns: dict[int, str] = field(default_factory=dict)
    """Hidden columns: 0-based index -> column letter."""
    hidden_rows: set[int] = field(default_factory=set)
    """Hidden rows, by row number."""
    header_rows: set[int] = field(default_factory=set)
    """Rows marked to repeat at the top of each page (Word), by row number."""


@dataclass(slots=True)
class SourceDocument:
    name: str
    kind: str
    """``docx``, ``xlsx`` or ``csv``."""
    blocks: list[Block]
    title: str | None = None
    """The title the file's properties give, if any."""
    notes: list[str] = field(default_factory=list)

    @property
    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "table"]


_DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    ValueError,
    KeyError,
    IndexError,
    NotImplementedError,  # a compression method zipfile does not know
    RuntimeError,  # an encrypted part
)
"""What a damaged or doctored zip file raises as it is read."""


def read_document(path: Path, limits: Limits = LIMITS) -> SourceDocument:
    """Read ``path`` (.docx, .xlsx or .csv); raises SourceError with a message for people."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise SourceError(f"{path}: pmplan imports .docx, .xlsx and .csv files, not '{suffix or path.name}'")
    raw = _read_bytes(path, limits)
    if not raw.strip():
        raise SourceError(f"{path}: the file is empty")
    if suffix == ".csv":
        return read_csv(path, raw, limits)
    if raw.startswith(_OLE_MAGIC):
        raise SourceError(
            f"{path}: the file is password-protected (encrypted) or in the old binary "
            f"{'.doc' if suffix == '.docx' else '.xls'} format. Open it in "
            f"{'Word' if suffix == '.docx' else 'Excel'}, remove the password, save it as "
            f"{suffix} and import that."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except _DAMAGED:
        raise SourceError(f"{path}: not a valid {suffix} file (it may be damaged or misnamed)") from None
    package = Package(path, archive, limits)
    try:
        if suffix == ".docx":
            from pmplan.exchange.importer.word import read_docx

            return read_docx(package)
        from pmplan.exchange.importer.excel import read_xlsx

        return read_xlsx(package)
    except SourceError:
        raise
    except _DAMAGED as exc:
        raise SourceError(
            f"{path}: cannot read it as a {suffix} file ({type(exc).__name__}: {exc}); "
            "it may be damaged: open and save it again"
        ) from None
    finally:
        archive.close()


def _read_bytes(path: Path, limits: Limits) -> bytes:
    try:
        with path.open("rb") as handle:
            raw = handle.read(limits.file_bytes + 1)
    except OSError as exc:
        raise SourceError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > limits.file_bytes:
        raise SourceError(
            f"{path}: the file is larger than {limits.file_bytes // 1048576} MB, more than any action "
            "plan: save the plan's table on its own and import that"
        )
    return raw


# --- zip packages (Word and Excel) ------------------------------------------------------------


class Package:
    """A Word or Excel file's zip archive: its parts, read within the limits."""

    def __init__(self, path: Path, archive: zipfile.ZipFile, limits: Limits):
        self.path = path
        self.archive = archive
        self.limits = limits
        self.names = {info.filename.lstrip("/"): info for info in archive.infolist()}

    def has(self, name: str) -> bool:
        return name in self.names

    def open(self, name: str) -> IO[bytes]:
        """A part, checked against the size and ratio limits before any of it is inflated."""
        info = self.names.get(name)
        if info is None:
            raise KeyError(name)
        size, packed = info.file_size, max(info.compress_size, 1)
        if size > self.limits.part_bytes:
            raise SourceError(
                f"{self.path}: its part '{name}' decompresses to {size / 1048576:,.0f} MB, more than "
                f"the {self.limits.part_bytes // 1048576} MB pmplan reads (a zip bomb, or not an action plan)"
            )
        if size > self.limits.ratio_floor and size / packed > self.limits.ratio:
            raise SourceError(
                f"{self.path}: its part '{name}' decompresses {size / packed:,.0f} times over "
                f"({packed:,} bytes to {size:,}): refused as a zip bomb"
            )
        return self.archive.open(info)

    def xml(
        self,
        name: str,
        events: tuple[str, ...] = ("end",),
        tags: tuple[str, ...] | None = None,
        meter: Meter | None = None,
    ) -> Iterator[tuple[str, Any]]:
        """(event, element) for a part's XML, streamed; see :func:`iter_xml`."""
        with self.open(name) as handle:
            yield from iter_xml(handle, f"{self.path}: '{name}'", events, tags, meter)

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """A part's relationships: id -> (type, target part name)."""
        folder, _, base = part.rpartition("/")
        rels = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        out: dict[str, tuple[str, str]] = {}
        if not self.has(rels):
            return out
        for _, element in self.xml(rels):
            if local(element.tag) == "Relationship" and element.get("TargetMode") != "External":
                target = element.get("Target", "")
                out[element.get("Id", "")] = (element.get("Type", ""), resolve_part(folder, target))
        return out

    def main_part(self, kind: str, default: str) -> str:
        """The package's main document or workbook part, from its root relationships."""
        for rel_type, target in self.relationships("").values():
            if rel_type.endswith("/officeDocument") and self.has(target):
                return target
        if self.has(default):
            return default
        raise SourceError(f"{self.path}: not {kind} (no {default} inside)")

    def core_title(self) -> str | None:
        if not self.has("docProps/core.xml"):
            return None
        for _, element in self.xml("docProps/core.xml"):
            if local(element.tag) == "title" and element.text:
                return tidy_line(element.text) or None
        return None


def resolve_part(folder: str, target: str) -> str:
    """A relationship's target as a part name: ``../media/x.png`` from ``word/`` -> ``media/x.png``."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts = folder.split("/") if folder else []
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def local(tag: Any) -> str:
    """An element's name without its namespace (Word and Excel have 'strict' namespaces too)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


class Meter:
    """Counts the bytes of XML a reader has taken in since it last freed what it read, and
    stops the read beyond ``budget``: what lies between is held in memory (a Word table row
    is held whole until it ends), so this bounds the memory a file can make pmplan use."""

    def __init__(self, name: str, budget: int):
        self.name = name
        self.budget = budget
        self.total = 0
        self.freed_at = 0

    def freed(self) -> None:
        self.freed_at = self.total

    def add(self, count: int) -> None:
        self.total += count
        if self.total - self.freed_at > self.budget:
            raise SourceError(
                f"{self.name} holds more than {self.budget // 1048576} MB of XML in one row or "
                "paragraph, more than any action plan: refused (the file may be damaged, or made to "
                "exhaust memory)"
            )


class _Rejoined:
    """A stream whose first bytes were read ahead: they are given back first; a meter, where
    given, counts what is read."""

    def __init__(self, head: bytes, rest: IO[bytes], meter: Meter | None):
        self.head = head
        self.rest = rest
        self.meter = meter

    def read(self, size: int = -1) -> bytes:
        if self.head:
            if size < 0 or size >= len(self.head):
                out, self.head = self.head, b""
            else:
                out, self.head = self.head[:size], self.head[size:]
        else:
            out = self.rest.read(size)
        if self.meter is not None:
            self.meter.add(len(out))
        return out


def _dtd_refused(name: str) -> SourceError:
    return SourceError(
        f"{name} declares a DTD (XML entities), which Word and Excel never write: refused, as "
        "such a file can be made to read other files or exhaust memory"
    )


def iter_xml(
    source: IO[bytes],
    name: str,
    events: tuple[str, ...] = ("end",),
    tags: tuple[str, ...] | None = None,
    meter: Meter | None = None,
) -> Iterator[tuple[str, Any]]:
    """Stream XML with no entity resolved, no DTD loaded and no network; a DTD is refused
    (before parsing where it is in the first 64 KB, else at the first element reported).
    ``tags`` (local names) limits the events to those elements, in any namespace; ``meter``
    counts the bytes read."""
    from lxml import etree

    head = source.read(65536)
    probe = (
        head.decode("utf-16", "replace") if head[:2] in (b"\xff\xfe", b"\xfe\xff") else head.decode("latin-1")
    )
    if "<!DOCTYPE" in probe or "<!ENTITY" in probe:
        raise _dtd_refused(name)
    parser = etree.iterparse(
        _Rejoined(head, source, meter),
        events=events if tags else ("start", *[e for e in events if e != "start"]),
        tag=[f"{{*}}{t}" for t in tags] if tags else None,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    checked = False
    try:
        for event, element in parser:
            if not checked:
                checked = True
                if element.getroottree().docinfo.internalDTD is not None:
                    raise _dtd_refused(name)
            if event in events:
                yield event, element
    except etree.XMLSyntaxError as exc:
        raise SourceError(f"{name} is not well-formed XML ({exc}): the file is damaged") from None


# --- text -------------------------------------------------------------------------------------


def tidy_line(text: str) -> str:
    if _UNTIDY.search(text) is None:
        return text.strip()
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


def cell_text(text: str, limits: Limits = LIMITS) -> str:
    """One cell's text as written, tidied; a cell beyond the limit is cut (and says so)."""
    if len(text) > limits.cell_chars:
        text = text[: limits.cell_chars] + " [cut: the cell is longer than pmplan reads]"
    if _SPECIAL.search(text) is None:
        return text.strip()
    if _PLAIN.search(text) is None:
        return tidy_line(text)
    return tidy_lines(text.split("\n"))


def beyond(path: Path, where: str, found: str, limits: Limits) -> SourceError:
    """The message for a table larger than pmplan reads: where, and what was found there."""
    return SourceError(
        f"{path}: {where} {found}, beyond the {limits.rows:,} rows and {limits.columns:,} columns "
        "pmplan reads: no action plan is that large. Delete what lies out there, or copy the plan's "
        "table to a new file, and import that."
    )


# --- CSV --------------------------------------------------------------------------------------


def read_csv(path: Path, raw: bytes, limits: Limits = LIMITS) -> SourceDocument:
    notes = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        notes.append("the file is not UTF-8: read it as Windows-1252 (Excel's usual CSV encoding)")
    if "\0" in text:
        raise SourceError(f"{path}: this is not a CSV text file (it holds binary data)")
    delimiter = _delimiter(text[:50000])
    block = Block("table", "the CSV file", number=1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    seen: dict[str, Cell] = {}
    try:
        for number, values in enumerate(reader, start=1):
            if len(values) > limits.columns and any(v.strip() for v in values[limits.columns :]):
                raise beyond(path, f"row {number}", f"has {len(values):,} columns", limits)
            if not any(v.strip() for v in values):
                continue
            if len(block.rows) >= limits.rows:
                raise beyond(path, "the file", f"has more than {limits.rows:,} rows", limits)
            block.rows.append([_csv_cell(v, limits, seen) for v in values[: limits.columns]])
            block.numbers.append(number)
    except csv.Error as exc:
        raise SourceError(f"{path}: cannot read it as CSV: {exc}") from None
    return SourceDocument(path.name, "csv", [block], None, notes)


def _csv_cell(value: str, limits: Limits, seen: dict[str, Cell]) -> Cell:
    if not value:
        return EMPTY
    cell = seen.get(value)
    if cell is None:
        text = _NEUTRALISED.sub("", value) if value.startswith("'") else value
        cell = Cell(cell_text(text, limits))
        if len(value) < 40 and len(seen) < 100_000:
            seen[value] = cell  # the same lead, date or status on many rows: read once
    return cell


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
