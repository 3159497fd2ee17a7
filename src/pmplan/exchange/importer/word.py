"""Reading a Word document's paragraphs and tables, streamed from its XML.

The main document part is read once, top to bottom, with each paragraph and table row turned
into cells as soon as it ends and then dropped, so a large document costs the rows it holds
and no more. Styles are read once into a table (style id -> heading, caption or list), so a
paragraph's style costs one look-up; a document's text is read the way Word shows it: runs,
hyperlinks, tracked insertions and content controls, not deleted text or field codes.
"""

from __future__ import annotations

from typing import Any

from pmplan.exchange.importer.tables import (
    EMPTY,
    Block,
    Cell,
    Meter,
    Package,
    SourceDocument,
    SourceError,
    beyond,
    local,
    tidy_line,
    tidy_lines,
)

_SKIP = frozenset(
    {
        "pPr",
        "rPr",
        "del",
        "moveFrom",
        "drawing",
        "pict",
        "AlternateContent",
        "object",
        "instrText",
        "delText",
        "fldChar",
        "footnoteReference",
        "endnoteReference",
        "commentReference",
        "txbxContent",
    }
)
_CONTAINERS = frozenset({"sdt", "sdtContent", "customXml", "smartTag"})


class _Names:
    """The qualified names of the attributes read, in the document's namespace."""

    def __init__(self, tag: str):
        ns = tag[1 : tag.index("}")] if tag.startswith("{") else ""
        self.val = f"{{{ns}}}val" if ns else "val"
        self.type = f"{{{ns}}}type" if ns else "type"
        self.style_id = f"{{{ns}}}styleId" if ns else "styleId"


class _Style:
    __slots__ = ("based_on", "kind", "level", "listed", "outline")

    def __init__(self) -> None:
        self.kind = ""
        self.level = 9
        self.listed = False
        self.outline: int | None = None
        self.based_on: str | None = None


def _styles(package: Package, rels: dict[str, tuple[str, str]]) -> dict[str, tuple[str, bool, int]]:
    """Paragraph style id -> (kind: title, heading, caption or empty; is it a list style;
    heading level, 0 for a title)."""
    part = next((t for kind, t in rels.values() if kind.endswith("/styles") and package.has(t)), None)
    if part is None:
        return {}
    found: dict[str, _Style] = {}
    names: _Names | None = None
    for _, element in package.xml(part):
        if local(element.tag) != "style":
            continue
        names = names or _Names(element.tag)
        style = _Style()
        for child in element:
            name = local(child.tag)
            value = child.get(names.val, "")
            if name == "name":
                lowered = value.lower()
                if lowered == "title":
                    style.kind, style.level = "title", 0
                elif lowered.startswith("heading"):
                    style.kind = "heading"
                    style.level = value_int(lowered[7:].strip() or "1")
                elif lowered == "caption":
                    style.kind = "caption"
                style.listed = lowered.startswith("list")
            elif name == "basedOn":
                style.based_on = value
            elif name == "pPr":
                for prop in child:
                    if local(prop.tag) == "numPr":
                        style.listed = style.listed or _numbered(prop, names)
                    elif local(prop.tag) == "outlineLvl" and value_int(prop.get(names.val)) < 9:
                        style.outline = value_int(prop.get(names.val))
        found[element.get(names.style_id, "")] = style
        element.clear()
    out: dict[str, tuple[str, bool, int]] = {}
    for style_id, style in found.items():
        kind, listed, level, seen, current = style.kind, style.listed, style.level, 0, style
        while current.based_on in found and seen < 10:
            current, seen = found[current.based_on], seen + 1
            if not kind and current.kind == "heading":
                kind, level = "heading", current.level
            listed = listed or current.listed
        if not kind and style.outline is not None:
            kind, level = "heading", style.outline + 1
        out[style_id] = (kind, listed, level)
    return out


def value_int(text: str | None) -> int:
    try:
        return int(text or "")
    except ValueError:
        return 99


def _numbered(num_pr: Any, names: _Names) -> bool:
    for child in num_pr:
        if local(child.tag) == "numId":
            return child.get(names.val, "0") != "0"
    return True


class _Reader:
    def __init__(self, package: Package, styles: dict[str, tuple[str, bool, int]]):
        self.package = package
        self.styles = styles
        self.names: _Names | None = None
        self.blocks: list[Block] = []
        self.tables = 0
        self.paragraphs = 0

    # --- text ------------------------------------------------------------------------------

    def _runs(self, element: Any, out: list[str]) -> None:
        for child in element:
            name = local(child.tag)
            if name == "t":
                out.append(child.text or "")
            elif name in ("tab", "ptab"):
                out.append("\t")
            elif name in ("br", "cr"):
                out.append("\n")
            elif name == "noBreakHyphen":
                out.append("-")
            elif name not in _SKIP:
                self._runs(child, out)

    def paragraph(self, p: Any) -> tuple[str, str, bool, int]:
        """(text, style kind, bulleted, heading level) of a ``w:p``."""
        assert self.names is not None
        kind, listed, level = "", False, 9
        for child in p:
            if local(child.tag) != "pPr":
                continue
            for prop in child:
                name = local(prop.tag)
                if name == "pStyle":
                    kind, listed, level = self.styles.get(prop.get(self.names.val, ""), ("", False, 9))
                elif name == "numPr":
                    listed = _numbered(prop, self.names)
                elif name == "outlineLvl" and value_int(prop.get(self.names.val)) < 9 and not kind:
                    kind, level = "heading", value_int(prop.get(self.names.val)) + 1
            break
        out: list[str] = []
        self._runs(p, out)
        return "".join(out), kind, listed, level

    def _content(self, element: Any, lines: list[str], bulleted: list[bool]) -> None:
        """A cell's (or content control's) paragraphs and tables as lines."""
        for child in element:
            name = local(child.tag)
            if name == "p":
                text, _, listed, _ = self.paragraph(child)
                lines.append(text)
                bulleted.append(listed)
            elif name == "tbl":  # a table inside a cell: its rows as lines
                above: dict[int, Cell] = {}
                for tr in child:
                    if local(tr.tag) != "tr":
                        continue
                    row, _, _ = self.row(tr, above)
                    line = " | ".join(c.text.replace("\n", " ") for c in row if c.text and not c.continued)
                    lines.append(line)
                    bulleted.append(False)
            elif name in _CONTAINERS:
                self._content(child, lines, bulleted)

    def _cells(self, tr: Any) -> list[Any]:
        cells: list[Any] = []
        for child in tr:
            name = local(child.tag)
            if name == "tc":
                cells.append(child)
            elif name in _CONTAINERS:
                cells.extend(self._cells(child))
        return cells

    def row(self, tr: Any, above: dict[int, Cell]) -> tuple[list[Cell], bool, bool]:
        """(cells on the layout grid, repeated as a header row?, hidden?) of a ``w:tr``."""
        assert self.names is not None
        val = self.names.val
        row: list[Cell] = []
        header = hidden = False
        for child in tr:
            if local(child.tag) == "trPr":
                for prop in child:
                    name = local(prop.tag)
                    if name == "gridBefore":
                        row.extend([EMPTY] * min(value_int(prop.get(val)), self.package.limits.columns))
                    elif name == "tblHeader":
                        header = prop.get(val, "true") not in ("0", "false", "off")
                    elif name == "hidden":
                        hidden = prop.get(val, "true") not in ("0", "false", "off")
        for tc in self._cells(tr):
            span, merge = 1, None
            lines: list[str] = []
            bulleted: list[bool] = []
            for child in tc:
                if local(child.tag) == "tcPr":
                    for prop in child:
                        name = local(prop.tag)
                        if name == "gridSpan":
                            span = max(1, min(value_int(prop.get(val)), self.package.limits.columns))
                        elif name == "vMerge":
                            merge = prop.get(val, "continue")
            column = len(row)
            if column + span > self.package.limits.columns:
                found = f"has a cell in column {column + span:,}"
                raise beyond(self.package.path, f"table {self.tables}", found, self.package.limits)
            if merge == "continue":
                cell = Cell(above.get(column, EMPTY).text, continued=True, span=span)
            else:
                self._content(tc, lines, bulleted)
                text = tidy_lines(lines, bulleted)
                cell = Cell(text, span=span) if text or span > 1 else EMPTY
            row.append(cell)
            row.extend([EMPTY] * (span - 1))
            above[column] = cell
        return row, header, hidden

    # --- the document ---------------------------------------------------------------------

    def read(self, part: str) -> None:
        limits = self.package.limits
        tables = paragraphs = 0  # nesting depth of w:tbl and w:p
        table: Block | None = None
        above: dict[int, Cell] = {}
        row_number = 0
        meter = Meter(f"{self.package.path}: '{part}'", limits.held_bytes)
        tags = ("tbl", "tr", "p", "tblCaption")  # runs and text are read from their row or paragraph
        for event, element in self.package.xml(part, ("start", "end"), tags, meter):
            name = local(element.tag)
            if self.names is None:
                self.names = _Names(element.tag)
            if event == "start":
                if name == "tbl":
                    tables += 1
                    if tables == 1 and paragraphs == 0:
                        self.tables += 1
                        table = Block("table", f"table {self.tables}", number=self.tables)
                        self.blocks.append(table)
                        above, row_number = {}, 0
                elif name == "p":
                    paragraphs += 1
                continue
            if name == "p":
                paragraphs -= 1
                if tables == 0 and paragraphs == 0:
                    self._top_paragraph(element)
                    _drop(element)
                    meter.freed()
            elif name == "tr" and tables == 1 and paragraphs == 0 and table is not None:
                row_number += 1
                meter.freed()
                if self._layout_row(element):
                    _drop(element)  # its tables and paragraphs were read as the document's own
                    continue
                row, header, hidden = self.row(element, above)
                if any(cell.text for cell in row):
                    if len(table.rows) >= limits.rows:
                        found = f"has more than {limits.rows:,} rows"
                        raise beyond(self.package.path, table.where, found, limits)
                    table.rows.append(row)
                    table.numbers.append(row_number)
                    if header:
                        table.header_rows.add(row_number)
                    if hidden:
                        table.hidden_rows.add(row_number)
                _drop(element)
            elif name == "tblCaption" and tables == 1 and table is not None:
                assert self.names is not None
                table.caption = tidy_line(element.get(self.names.val, "")) or None
            elif name == "tbl":
                tables -= 1
                if tables == 0 and paragraphs == 0:
                    table = None
                    _drop(element)

    def _layout_row(self, tr: Any) -> bool:
        """A row of one cell holding tables (a table used to lay the page out): its tables and
        paragraphs are read as if they stood in the document, in order."""
        cells = self._cells(tr)
        if len(cells) != 1 or not any(local(child.tag) == "tbl" for child in cells[0]):
            return False
        for child in self._flatten(cells[0]):
            if local(child.tag) == "p":
                self._top_paragraph(child)
                continue
            self.tables += 1
            table = Block("table", f"table {self.tables}", number=self.tables)
            self.blocks.append(table)
            above: dict[int, Cell] = {}
            for number, tr_inner in enumerate((r for r in child if local(r.tag) == "tr"), start=1):
                row, header, hidden = self.row(tr_inner, above)
                if any(cell.text for cell in row):
                    table.rows.append(row)
                    table.numbers.append(number)
                    if header:
                        table.header_rows.add(number)
                    if hidden:
                        table.hidden_rows.add(number)
        return True

    def _flatten(self, element: Any) -> list[Any]:
        """A cell's paragraphs and tables, content controls opened."""
        out: list[Any] = []
        for child in element:
            name = local(child.tag)
            if name in ("p", "tbl"):
                out.append(child)
            elif name in _CONTAINERS:
                out.extend(self._flatten(child))
        return out

    def _top_paragraph(self, p: Any) -> None:
        text, kind, listed, level = self.paragraph(p)
        text = tidy_lines([text], [listed])
        if not text:
            return
        self.paragraphs += 1
        where = f"paragraph {self.paragraphs}"
        block = Block("paragraph", where, [[Cell(text)]], [self.paragraphs], style=kind, level=level)
        self.blocks.append(block)


def _drop(element: Any) -> None:
    """Free the elements read before this one (its earlier siblings). The element itself is
    freed with the next: lxml takes time in proportion to the whole document to free a large
    element while the parser is still on it, and no time once it has moved on."""
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def read_docx(package: Package) -> SourceDocument:
    part = package.main_part("a Word document", "word/document.xml")
    reader = _Reader(package, _styles(package, package.relationships(part)))
    reader.read(part)
    if reader.tables == 0:
        raise SourceError(
            f"{package.path}: the document has no tables. pmplan imports action plans kept in Word "
            "tables (Action, Timescale, Lead ... columns)."
        )
    return SourceDocument(package.path.name, "docx", reader.blocks, package.core_title())
