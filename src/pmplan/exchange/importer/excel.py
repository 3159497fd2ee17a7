"""Reading a workbook's visible sheets, streamed from its XML, with cells as Excel shows them.

Each sheet is read row by row and only the cells holding a value are kept, so the cost is the
values a sheet holds: a stray cell at XFD1048576 or a merged range over a million rows is
refused by name rather than filled in. A number or date is written as its number format shows
it (``31/03/2026``, ``Mar-26``, ``31 March 2026``, ``£25,000``), since the words a council sees
are the words its plan says; a date at midnight is shown without the time. Hidden columns and
rows are read and reported; hidden sheets are left out and reported.
"""

from __future__ import annotations

import bisect
import contextlib
import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
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
    cell_text,
    local,
)

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_BUILTIN_FORMATS = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    14: "dd/mm/yyyy",  # the short date format of the machine: British councils see day first
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "dd/mm/yyyy hh:mm",
    37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)",
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mm:ss.0",
    49: "@",
}
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def column_index(letters: str) -> int:
    """``A`` -> 1, ``XFD`` -> 16384."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def column_letters(index: int) -> str:
    """1 -> ``A``."""
    out = ""
    while index:
        index, r = divmod(index - 1, 26)
        out = chr(65 + r) + out
    return out


# --- number formats ---------------------------------------------------------------------------


@dataclass(slots=True)
class NumberFormat:
    """A number format code, read once: is it a date, and its tokens."""

    code: str
    tokens: list[tuple[str, str]] = field(default_factory=list)
    """(kind, text): kind is a date/time letter run (``d``, ``m``, ``M`` for minutes, ``y``,
    ``h``, ``s``, ``ampm``) or ``lit``."""
    is_date: bool = False


def parse_format(code: str) -> NumberFormat:
    section = _sections(code)[0]
    section = re.sub(r"\[\$-F800\]", "", section, flags=re.I) or section
    if re.search(r"\[\$-F800\]", code, re.I):
        section = "d mmmm yyyy"  # the machine's long date: in Britain, 31 March 2026
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            tokens.append(("lit", section[i + 1 : end]))
            i = end + 1
        elif ch == "\\" and i + 1 < len(section):
            tokens.append(("lit", section[i + 1]))
            i += 2
        elif ch in "_*" and i + 1 < len(section):
            tokens.append(("lit", " " if ch == "_" else ""))
            i += 2
        elif ch == "[":
            end = section.find("]", i)
            end = len(section) if end < 0 else end
            inner = section[i + 1 : end]
            if inner.startswith("$") and "-" in inner:
                tokens.append(("lit", inner[1 : inner.index("-")]))  # [$£-809]: a currency sign
            elif re.fullmatch(r"h+|m+|s+", inner, re.I):
                tokens.append((inner[0].lower(), inner))
            i = end + 1
        elif section[i : i + 5].upper() == "AM/PM":
            tokens.append(("ampm", "AM/PM"))
            i += 5
        elif section[i : i + 3].upper() == "A/P":
            tokens.append(("ampm", "A/P"))
            i += 3
        elif ch.lower() in "dmyhse":
            j = i
            while j < len(section) and section[j].lower() == ch.lower():
                j += 1
            kind = "y" if ch.lower() == "e" else ch.lower()
            tokens.append((kind, section[i:j]))
            i = j
        else:
            tokens.append(("lit", ch))
            i += 1
    kinds = [k for k, _ in tokens if k != "lit"]
    for n, (kind, text) in enumerate(tokens):
        if kind != "m":
            continue
        before = next((k for k, _ in reversed(tokens[:n]) if k != "lit"), "")
        after = next((k for k, _ in tokens[n + 1 :] if k != "lit"), "")
        if before == "h" or after == "s":
            tokens[n] = ("M", text)
    is_date = any(k in {"d", "m", "y", "h", "s", "M"} for k in kinds) and not re.search(r"[0#?]", section)
    return NumberFormat(code, tokens, is_date)


def _sections(code: str) -> list[str]:
    out, current, quoted = [], "", False
    for ch in code:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            out.append(current)
            current = ""
        else:
            current += ch
    out.append(current)
    return out


def excel_datetime(serial: float, date1904: bool) -> datetime | None:
    if not math.isfinite(serial) or serial < 0 or serial > 2958465:
        return None
    if date1904:
        base = datetime(1904, 1, 1)
    elif serial < 60:
        base = datetime(1899, 12, 31)
    else:
        base = datetime(1899, 12, 30)
    return base + timedelta(days=serial)


def format_date(moment: datetime, fmt: NumberFormat) -> str:
    tokens = fmt.tokens
    if moment.time() == datetime.min.time():
        first_time = next((n for n, (k, _) in enumerate(tokens) if k in {"h", "M", "s", "ampm"}), None)
        if first_time is not None and any(k in {"d", "m", "y"} for k, _ in tokens[:first_time]):
            tokens = tokens[:first_time]
    twelve = any(k == "ampm" for k, _ in tokens)
    out: list[str] = []
    for kind, text in tokens:
        n = len(text)
        if kind == "lit":
            out.append(text)
        elif kind == "y":
            out.append(f"{moment.year % 100:02d}" if n <= 2 else str(moment.year))
        elif kind == "m":
            month = moment.month
            out.append(
                str(month)
                if n == 1
                else f"{month:02d}"
                if n == 2
                else _MONTHS[month - 1][:3]
                if n == 3
                else _MONTHS[month - 1][0]
                if n == 5
                else _MONTHS[month - 1]
            )
        elif kind == "d":
            day = moment.day
            weekday = _DAYS[moment.weekday()]
            out.append(str(day) if n == 1 else f"{day:02d}" if n == 2 else weekday[:3] if n == 3 else weekday)
        elif kind == "h":
            hour = moment.hour % 12 or 12 if twelve else moment.hour
            out.append(str(hour) if n == 1 else f"{hour:02d}")
        elif kind == "M":
            out.append(str(moment.minute) if n == 1 else f"{moment.minute:02d}")
        elif kind == "s":
            out.append(str(moment.second) if n == 1 else f"{moment.second:02d}")
        elif kind == "ampm":
            out.append(("AM" if moment.hour < 12 else "PM") if text == "AM/PM" else "AP"[moment.hour >= 12])
    return "".join(out).strip()


def format_number(value: float, code: str) -> str:
    """A number as a simple number format shows it: decimals, thousands, percent, currency."""
    sections = _sections(code)
    section = sections[0]
    negative = value < 0
    if negative and len(sections) > 1 and sections[1].strip():
        section, value, negative = sections[1], -value, False
    plain = re.sub(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]', "", section)
    if section.strip().lower() in {"general", ""} or not re.search(r"[0#?]", plain) or "E" in plain.upper():
        return _general(-value if negative else value)
    percent = "%" in plain
    if percent:
        value *= 100
    digits = re.search(r"[0#?,.]+", plain)
    pattern = digits.group(0) if digits else "0"
    decimals = len(re.sub(r"[^0#?]", "", pattern.split(".", 1)[1])) if "." in pattern else 0
    number = f"{abs(value):,.{decimals}f}" if "," in pattern.split(".")[0] else f"{abs(value):.{decimals}f}"
    prefix, suffix = _literals(section)
    return f"{'-' if negative and value else ''}{prefix}{number}{suffix}"


def _literals(section: str) -> tuple[str, str]:
    """The text a number format writes before and after its digits (``£``, ``%``, ``(``)."""
    before: list[str] = []
    after: list[str] = []
    seen_digit = False
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            (after if seen_digit else before).append(section[i + 1 : end])
            i = end + 1
            continue
        if ch == "[":
            end = section.find("]", i)
            inner = section[i + 1 : end if end >= 0 else len(section)]
            if inner.startswith("$") and "-" in inner:
                (after if seen_digit else before).append(inner[1 : inner.index("-")])
            i = (end if end >= 0 else len(section)) + 1
            continue
        if ch in "\\_*" and i + 1 < len(section):
            if ch == "\\":
                (after if seen_digit else before).append(section[i + 1])
            i += 2
            continue
        if ch in "0#?,.":
            seen_digit = seen_digit or ch in "0#?"
        elif ch != " " or not seen_digit:
            (after if seen_digit else before).append(ch)
        i += 1
    return "".join(before).strip(), "".join(after).rstrip()


def _general(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.10g}"


# --- the workbook ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Book:
    package: Package
    strings: list[str] = field(default_factory=list)
    formats: list[NumberFormat | None] = field(default_factory=list)
    """Cell style index -> its number format (None: General)."""
    date1904: bool = False


def _text_of(element: Any) -> str:
    """A string item's text: its ``t`` elements, in runs or not, less phonetic runs (``rPh``)."""
    tag = element.tag
    if tag.endswith("}t") or tag == "t":
        return element.text or ""
    if len(element) == 1 and (element[0].tag.endswith("}t") or element[0].tag == "t"):
        return element[0].text or ""  # the usual case: one plain run
    parts: list[str] = []
    for child in element:
        name = local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if local(t.tag) == "t")
    return "".join(parts)


def _shared_strings(book: _Book, part: str) -> None:
    for _, element in book.package.xml(part):
        if local(element.tag) == "si":
            book.strings.append(_text_of(element))
            element.clear()


def _styles(book: _Book, part: str) -> None:
    codes: dict[int, str] = dict(_BUILTIN_FORMATS)
    xf_formats: list[int] = []
    in_cell_xfs = False
    parsed: dict[int, NumberFormat] = {}
    for event, element in book.package.xml(part, ("start", "end")):
        name = local(element.tag)
        if name == "cellXfs":
            in_cell_xfs = event == "start"
        elif event == "end" and name == "numFmt":
            with contextlib.suppress(ValueError):
                codes[int(element.get("numFmtId", ""))] = element.get("formatCode", "")
        elif event == "end" and name == "xf" and in_cell_xfs:
            try:
                xf_formats.append(int(element.get("numFmtId", "0")))
            except ValueError:
                xf_formats.append(0)
    for number in set(xf_formats):
        code = codes.get(number, "General")
        if code and code.lower() != "general":
            parsed[number] = parse_format(code)
    book.formats = [parsed.get(n) for n in xf_formats]


def _value_text(book: _Book, kind: str, raw: str, style: int) -> str:
    if kind == "s":
        try:
            return book.strings[int(raw)]
        except (ValueError, IndexError):
            return ""
    if kind == "b":
        return "TRUE" if raw.strip() in {"1", "true"} else "FALSE"
    if kind in {"str", "e", "inlineStr"}:
        return raw
    fmt = book.formats[style] if 0 <= style < len(book.formats) else None
    if kind == "d":
        try:
            moment = datetime.fromisoformat(raw.strip().rstrip("Z"))
        except ValueError:
            return raw
        return format_date(moment, fmt) if fmt is not None and fmt.is_date else moment.date().isoformat()
    try:
        number = float(raw)
    except ValueError:
        return raw
    if fmt is None:
        return _general(number) if math.isfinite(number) else raw
    if fmt.is_date:
        serial = excel_datetime(number, book.date1904)
        return format_date(serial, fmt) if serial is not None else _general(number)
    return format_number(number, fmt.code) if math.isfinite(number) else raw


def _sheet(book: _Book, part: str, where: str, number: int) -> Block:
    package, limits = book.package, book.package.limits
    rows: dict[int, dict[int, str]] = {}
    hidden_rows: set[int] = set()
    hidden_columns: set[int] = set()
    merges: list[tuple[int, int, int, int]] = []
    width = 0
    row_number = 0
    names: tuple[str, str, str] | None = None
    seen: dict[tuple[str, str, str], str] = {}
    columns: dict[str, int] = {}
    """Column letters -> number, worked out once each."""
    """(type, value, style) -> text: a workbook repeats its leads, dates and statuses."""
    meter = Meter(f"{package.path}: '{part}'", limits.held_bytes)
    for _, element in package.xml(part, ("end",), ("row", "col", "mergeCell"), meter):
        tag = element.tag
        if names is None:
            ns = tag[: tag.index("}") + 1] if tag.startswith("{") else ""
            names = (f"{ns}c", f"{ns}v", f"{ns}is")
        name = tag[tag.rfind("}") + 1 :]
        if name == "row":
            try:
                row_number = int(element.get("r") or row_number + 1)
            except ValueError:
                row_number += 1
            values: dict[int, str] = {}
            column = 0
            c_tag, v_tag, is_tag = names
            for c in element:
                if c.tag != c_tag:
                    continue
                ref = c.get("r")
                letters = ref.rstrip("0123456789").strip("$") if ref else ""
                if letters.isalpha() and len(letters) <= 3:
                    known = columns.get(letters)
                    if known is None:
                        known = columns[letters] = column_index(letters)
                    column = known
                else:
                    column += 1  # no reference (or none that reads): the next column
                kind = c.get("t", "n")
                raw = None
                for child in c:
                    if child.tag == v_tag:
                        raw = child.text
                    elif child.tag == is_tag:
                        raw, kind = _text_of(child), "inlineStr"
                if not raw:
                    continue
                style_text = c.get("s", "0")
                key = (kind, raw, style_text)
                text = seen.get(key)
                if text is None:
                    style = int(style_text) if style_text.isdigit() else 0
                    text = cell_text(_value_text(book, kind, raw, style), limits)
                    if len(raw) < 40 and len(seen) < 100_000:
                        seen[key] = text
                if not text:
                    continue
                if column > limits.columns:
                    raise beyond(
                        package.path, where, f"has a value at {column_letters(column)}{row_number}", limits
                    )
                values[column] = text
                width = max(width, column)
            if values:
                if row_number > limits.rows or len(rows) >= limits.rows:
                    place = f"has a value at {column_letters(min(values))}{row_number}"
                    raise beyond(package.path, where, place, limits)
                rows[row_number] = values
                if element.get("hidden") in {"1", "true"}:
                    hidden_rows.add(row_number)
            parent = element.getparent()  # the rows before this one are freed: memory stays two rows
            while parent is not None and element.getprevious() is not None:
                del parent[0]
            meter.freed()
        elif name == "col" and element.get("hidden") in {"1", "true"}:
            try:
                first, last = int(element.get("min", "0")), int(element.get("max", "0"))
            except ValueError:
                continue
            hidden_columns.update(range(max(first, 1), min(last, limits.columns) + 1))
        elif name == "mergeCell":
            found = _range(element.get("ref", ""))
            if found is not None:
                merges.append(found)
            element.clear()
    return _block(book, where, number, rows, width, merges, hidden_rows, hidden_columns)


def _range(ref: str) -> tuple[int, int, int, int] | None:
    first, _, last = ref.partition(":")
    a, b = _REF.match(first), _REF.match(last or first)
    if a is None or b is None:
        return None
    return int(a.group(2)), column_index(a.group(1)), int(b.group(2)), column_index(b.group(1))


def _block(
    book: _Book,
    where: str,
    number: int,
    rows: dict[int, dict[int, str]],
    width: int,
    merges: list[tuple[int, int, int, int]],
    hidden_rows: set[int],
    hidden_columns: set[int],
) -> Block:
    limits = book.package.limits
    numbers = sorted(rows)
    grid: dict[int, list[Cell]] = {
        r: [Cell(values[c]) if c in values else EMPTY for c in range(1, width + 1)]
        for r, values in rows.items()
    }
    for top, left, bottom, right in merges:
        text = rows.get(top, {}).get(left)
        if text is None or left > width:
            continue  # a merge over empty cells changes nothing
        if bottom > limits.rows or right > limits.columns:
            raise SourceError(
                f"{book.package.path}: {where} merges {column_letters(left)}{top}:"
                f"{column_letters(right)}{bottom}, far beyond any action plan (pmplan reads "
                f"{limits.columns:,} columns and {limits.rows:,} rows): unmerge it and import again"
            )
        span = min(right, width) - left + 1
        row = grid[top]
        row[left - 1] = Cell(text, span=span)
        for c in range(left, min(right, width)):
            row[c] = EMPTY
        lower = numbers[bisect.bisect_right(numbers, top) : bisect.bisect_right(numbers, bottom)]
        for r in lower:
            below = grid[r]
            below[left - 1] = Cell(text, continued=True, span=span)
            for c in range(left, min(right, width)):
                below[c] = EMPTY
    block = Block("table", where, [grid[r] for r in numbers], numbers, number=number)
    block.hidden_rows = hidden_rows
    block.hidden_columns = {c - 1: column_letters(c) for c in sorted(hidden_columns) if c <= width}
    return block


def read_xlsx(package: Package) -> SourceDocument:
    part = package.main_part("an Excel workbook", "xl/workbook.xml")
    rels = package.relationships(part)
    book = _Book(package)
    for kind, target in rels.values():
        if kind.endswith("/sharedStrings") and package.has(target):
            _shared_strings(book, target)
        elif kind.endswith("/styles") and package.has(target):
            _styles(book, target)
    sheets: list[tuple[str, str, str]] = []
    for _, element in package.xml(part):
        name = local(element.tag)
        if name == "workbookPr":
            book.date1904 = element.get("date1904") in {"1", "true"}
        elif name == "sheet":
            rel = next((v for k, v in element.attrib.items() if local(k) == "id" and k.startswith("{")), "")
            sheets.append((element.get("name", "?"), element.get("state", "visible"), rel))
    blocks: list[Block] = []
    notes: list[str] = []
    for number, (name, state, rel) in enumerate(sheets, start=1):
        kind, target = rels.get(rel, ("", ""))
        if state != "visible":
            notes.append(f"skipped hidden sheet '{name}'")
            continue
        if not kind.endswith("/worksheet") or not package.has(target):
            continue  # a chart sheet, or a sheet missing from the file
        blocks.append(_sheet(book, target, f"sheet '{name}'", number))
    if not blocks:
        raise SourceError(f"{package.path}: the workbook has no visible worksheet")
    return SourceDocument(package.path.name, "xlsx", blocks, package.core_title(), notes)
