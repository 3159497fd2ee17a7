"""Reading a return back, whichever program saved it (Excel, LibreOffice, openpyxl).

The file must be a pmplan return (its hidden record says so), of a version this pmplan
reads; columns are found by their headers and rows by their references, so that neither a
reordered sheet nor an extra row goes unnoticed. What cannot be read at all is a
:class:`ReturnError` (the command stops, exit 2); what the officer typed is checked by
:mod:`.collect`.
"""

from __future__ import annotations

import json
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pmplan.errors import PmplanError
from pmplan.returns import layout

MAX_BYTES = 20 * 1024 * 1024
"""A return is a small workbook; anything larger is refused before it is opened."""
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_ROWS = 5000
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The start of a compound file: an encrypted (password-protected) Office file, or an old .xls."""


_DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    ValueError,
    TypeError,
    AttributeError,
    IndexError,
    SyntaxError,  # the XML parsers' errors
    EOFError,
    OSError,
)
"""What openpyxl raises, one way or another, on a damaged workbook."""


class ReturnError(PmplanError):
    """The file cannot be read as a return: the message names it and says why."""


@dataclass(frozen=True, slots=True)
class Cell:
    """What a cell holds, and where it is, for messages."""

    sheet: str
    address: str
    value: Any
    number_format: str = "General"
    error: bool = False
    """The cell holds a formula's error (``#VALUE!``, ``#NAME?``), not a value."""


@dataclass(slots=True)
class Row:
    """One row of a returned sheet, matched to the record of what was issued."""

    sheet: str
    number: int
    ref: str
    cells: dict[str, Cell]
    """By column key (see :mod:`.layout`)."""
    issued: dict[str, str]
    """The row's state when issued."""
    fingerprint: str


@dataclass(slots=True)
class ReturnFile:
    path: Path
    person: str
    name: str
    period: str
    organisation: str
    issued: datetime
    deadline: date | None
    modified: datetime | None
    """When the workbook was last saved, as its properties say."""
    actions: list[Row] = field(default_factory=list)
    indicators: list[Row] = field(default_factory=list)
    strays: list[Cell] = field(default_factory=list)
    """Rows with a reference that was not issued in this return, by their Ref cell."""


def read_return(path: Path) -> ReturnFile:
    """Read the return at ``path``; a :class:`ReturnError` says why it cannot be."""
    name = path.name
    _check_file(path)
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (*_DAMAGED, InvalidFileException) as exc:
        raise ReturnError(
            f"{name}: cannot be read as an Excel workbook ({type(exc).__name__}: {exc})"
        ) from None
    try:
        return _read(path, book)
    except ReturnError:
        raise
    except _DAMAGED as exc:  # a damaged part found while reading
        raise ReturnError(f"{name}: the workbook is damaged ({type(exc).__name__}: {exc})") from None
    finally:
        book.close()


def _check_file(path: Path) -> None:
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            start = handle.read(8)
    except OSError as exc:
        raise ReturnError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if start == _OLE:
        raise ReturnError(
            f"{name}: the workbook is password-protected (encrypted) or in the old .xls format: "
            "ask the officer to save it again as an .xlsx workbook without a password"
        )
    if size > MAX_BYTES:
        raise ReturnError(f"{name}: {size / 1048576:.0f} MB is far too large for a return")
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise ReturnError(f"{name}: not an Excel workbook (.xlsx), or a damaged one") from None
    if total > MAX_UNZIPPED:
        raise ReturnError(f"{name}: the workbook unpacks to {total / 1048576:.0f} MB: refused")


def _read(path: Path, book: Any) -> ReturnFile:
    name = path.name
    if layout.RECORD not in book.sheetnames:
        raise ReturnError(f"{name}: not a pmplan return (it has no record of what was issued)")
    record = book[layout.RECORD]
    rows = list(
        record.iter_rows(min_row=1, max_row=MAX_ROWS, max_col=len(layout.RECORD_HEADER), values_only=True)
    )
    if not rows or not rows[0] or rows[0][0] != layout.MARK:
        raise ReturnError(f"{name}: not a pmplan return (its record is missing or damaged)")
    if rows[0][1] != layout.VERSION:
        raise ReturnError(f"{name}: a return of another version of pmplan ({rows[0][1]}); issue it again")
    meta = _json(name, rows[1][0] if len(rows) > 1 else None)
    try:
        issued = datetime.fromisoformat(str(meta["issued"]))
        deadline = date.fromisoformat(meta["deadline"]) if meta.get("deadline") else None
        found = ReturnFile(
            path,
            str(meta["person"]),
            str(meta["name"]),
            str(meta["period"]),
            str(meta["organisation"]),
            issued,
            deadline,
            _modified(book),
        )
    except (KeyError, TypeError, ValueError):
        raise ReturnError(f"{name}: the return's record is damaged") from None
    issued_rows: dict[tuple[str, str, str], tuple[str, dict[str, str]]] = {}
    for entry in rows[layout.RECORD_FIRST_ROW - 1 :]:
        if not entry or entry[0] is None:
            continue
        sheet, ref, _, print_, state = entry
        data = _json(name, state)
        key = (str(sheet), str(ref), str(data.get("period", "")))
        issued_rows[key] = (str(print_), {k: str(v) for k, v in data.items()})
    for sheet_name, target in ((layout.ACTIONS, found.actions), (layout.INDICATORS, found.indicators)):
        if sheet_name not in book.sheetnames:
            raise ReturnError(
                f"{name}: the sheet '{sheet_name}' is missing: a return keeps its sheets as issued"
            )
        _read_sheet(found, book[sheet_name], sheet_name, issued_rows, target)
    return found


def _json(name: str, text: Any) -> dict[str, Any]:
    try:
        data = json.loads(str(text))
    except (TypeError, ValueError):
        data = None
    if not isinstance(data, dict):
        raise ReturnError(f"{name}: the return's record is damaged")
    return data


def _modified(book: Any) -> datetime | None:
    modified = getattr(book.properties, "modified", None)
    if not isinstance(modified, datetime):
        return None
    if modified.tzinfo is None:  # the file says UTC ('Z'); openpyxl drops the zone
        modified = modified.replace(tzinfo=UTC)
    return modified


def _read_sheet(
    found: ReturnFile,
    sheet: Any,
    sheet_name: str,
    issued: dict[tuple[str, str, str], tuple[str, dict[str, str]]],
    target: list[Row],
) -> None:
    from openpyxl.utils import get_column_letter

    headers = {column.header: column.key for column in _columns(sheet_name)}
    optional = {column.key for column in _columns(sheet_name) if column.optional}
    columns: dict[str, int] = {}
    header_row = None
    for number, row in enumerate(sheet.iter_rows(min_row=1, max_row=10, values_only=True), start=1):
        if row and row[0] == "Ref":
            header_row = number
            for index, value in enumerate(row, start=1):
                key = headers.get(str(value).strip()) if value is not None else None
                if key is not None:
                    columns[key] = index
            break
    missing = [h for h, k in headers.items() if k not in columns and k not in optional]
    if header_row is None or missing:
        raise ReturnError(
            f"{found.path.name}: the sheet '{sheet_name}' has lost its columns"
            f"{' (' + ', '.join(missing) + ')' if missing and header_row else ''}: a return keeps its columns as issued"
        )
    last = max(columns.values())
    for number, cells in enumerate(
        sheet.iter_rows(min_row=header_row + 1, max_row=header_row + MAX_ROWS, max_col=last),
        start=header_row + 1,
    ):
        values = {key: cells[index - 1] if index - 1 < len(cells) else None for key, index in columns.items()}
        ref_cell = values["ref"]
        ref = _value(ref_cell)
        if ref is None or str(ref).strip() == "":
            continue
        ref = str(ref).strip()
        period = str(_value(values["period"]) or "").strip() if "period" in values else ""
        match = issued.get((sheet_name, ref, period))
        address = f"{get_column_letter(columns['ref'])}{number}"
        if match is None:
            found.strays.append(Cell(sheet_name, address, ref))
            continue
        found_cells = {
            key: Cell(
                sheet_name,
                f"{get_column_letter(columns[key])}{number}",
                _value(cell),
                getattr(cell, "number_format", None) or "General",
                getattr(cell, "data_type", None) == "e",
            )
            for key, cell in values.items()
        }
        target.append(Row(sheet_name, number, ref, found_cells, match[1], match[0]))


def _columns(sheet_name: str) -> tuple[layout.Column, ...]:
    if sheet_name == layout.ACTIONS:
        return layout.ACTION_COLUMNS
    return (*layout.INDICATOR_FIXED, *layout.INDICATOR_EDITABLE)


def _value(cell: Any) -> Any:
    return None if cell is None else getattr(cell, "value", None)
