"""Writing an officer's return: an Excel workbook a person can work in, that pmplan can read back.

* ``Actions`` and ``Indicators``: grey read-only columns (the plan as it stands) and yellow
  editable ones; the read-only cells locked by sheet protection without a password; a
  drop-down of statuses; column widths, wrapping and row heights to write in; headers frozen;
  printed landscape, one page wide.
* ``About``: who it is for, the period, the deadline, how to fill it in.
* ``pmplan`` (very hidden): the record of what was issued (see :mod:`.layout`).

Every cell takes one of a handful of named styles shared by the workbook, and every text
goes in as text, never as a formula.
"""

from __future__ import annotations

import json
import math
from datetime import datetime
from io import BytesIO
from typing import Any

from pmplan.exchange.cells import set_text, set_value, xml_safe
from pmplan.returns import layout
from pmplan.returns.contents import ActionLine, IndicatorLine, Return, fingerprint, text
from pmplan.returns.deadline import Deadline
from pmplan.returns.words import count, long_date, short_date
from pmplan.workspace.index import Workspace
from pmplan.workspace.vocabulary import Status

LINE_HEIGHT = 15.0
"""Points per line of text in a row."""
EDIT_LINES = 3
"""Rows have room for at least this many lines, to write in."""
MAX_HEIGHT = 409.0
"""Excel's tallest row."""


def return_workbook(ws: Workspace, ret: Return, deadline: Deadline | None, issued: datetime) -> bytes:
    """The return as the bytes of an .xlsx file."""
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    book = Workbook()
    for style in _named_styles():
        book.add_named_style(style)
    actions = book.active
    actions.title = layout.ACTIONS
    records: list[list[Any]] = []
    _actions_sheet(actions, ret, deadline, records)
    _indicators_sheet(book.create_sheet(layout.INDICATORS), ret, deadline, records)
    _about_sheet(book.create_sheet(layout.ABOUT), ws, ret, deadline, issued)
    _record_sheet(book.create_sheet(layout.RECORD), ws, ret, deadline, issued, records)
    book.active = 0
    book.security = WorkbookProtection(lockStructure=True)
    title = xml_safe(f"Quarterly return {ret.period.label}: {ret.person.name}")
    book.properties.title = " ".join(title.split())  # one line, and nothing XML cannot hold
    book.properties.creator = "pmplan"
    book.properties.created = issued
    book.properties.modified = issued
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _named_styles() -> list[Any]:
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side

    thin = Side(style="thin", color="BFBFBF")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    top_wrap = Alignment(wrap_text=True, vertical="top")
    locked, unlocked = Protection(locked=True), Protection(locked=False)
    grey = PatternFill("solid", fgColor="F2F2F2")
    yellow = PatternFill("solid", fgColor="FFF8DC")
    return [
        NamedStyle("pm-title", font=Font(bold=True, size=14, color="1F4E79")),
        NamedStyle("pm-help", font=Font(italic=True, color="505A5F")),
        NamedStyle(
            "pm-head",
            font=Font(bold=True, color="FFFFFF"),
            fill=PatternFill("solid", fgColor="1F4E79"),
            alignment=Alignment(wrap_text=True, vertical="center"),
            border=box,
            protection=locked,
        ),
        NamedStyle(
            "pm-head-edit",
            font=Font(bold=True, color="1F1F1F"),
            fill=PatternFill("solid", fgColor="FFD966"),
            alignment=Alignment(wrap_text=True, vertical="center"),
            border=box,
            protection=locked,
        ),
        NamedStyle("pm-read", fill=grey, alignment=top_wrap, border=box, protection=locked),
        NamedStyle(
            "pm-read-date",
            fill=grey,
            alignment=top_wrap,
            border=box,
            protection=locked,
            number_format="dd mmm yyyy",
        ),
        NamedStyle(
            "pm-edit", fill=yellow, alignment=top_wrap, border=box, protection=unlocked, number_format="@"
        ),
        NamedStyle("pm-edit-number", fill=yellow, alignment=top_wrap, border=box, protection=unlocked),
        NamedStyle("pm-about-key", font=Font(bold=True), alignment=top_wrap),
        NamedStyle("pm-about", alignment=top_wrap),
    ]


# --- the sheets ----------------------------------------------------------------------------


def _header(sheet: Any, columns: list[layout.Column], title: str, help_text: str) -> None:
    from openpyxl.utils import get_column_letter

    set_text(sheet.cell(1, 1), title)
    sheet.cell(1, 1).style = "pm-title"
    set_text(sheet.cell(2, 1), help_text)
    sheet.cell(2, 1).style = "pm-help"
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(layout.HEADER_ROW, index)
        set_text(cell, column.header)
        cell.style = "pm-head-edit" if column.editable else "pm-head"
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[layout.HEADER_ROW].height = 2 * LINE_HEIGHT
    sheet.freeze_panes = sheet.cell(layout.FIRST_ROW, 2)


def _prompts(sheet: Any, columns: list[layout.Column], rows: int, skip: set[str]) -> None:
    """Each editable column's help, shown when one of its cells is chosen (a validation that
    allows any value, with an input message)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    if not rows:
        return
    for index, column in enumerate(columns, start=1):
        if column.editable and column.help and column.key not in skip:
            letter = get_column_letter(index)
            prompt = DataValidation(
                allow_blank=True,
                showInputMessage=True,
                promptTitle=column.header[:32],
                prompt=column.help[:255],
            )
            prompt.add(f"{letter}{layout.FIRST_ROW}:{letter}{layout.FIRST_ROW + rows - 1}")
            sheet.add_data_validation(prompt)


def _protect(sheet: Any, columns: int) -> None:
    from openpyxl.utils import get_column_letter

    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # widen a column, or a row, to read and write
    sheet.protection.formatRows = False
    sheet.protection.formatCells = True
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{layout.HEADER_ROW}:{layout.HEADER_ROW}"
    sheet.print_area = f"A1:{get_column_letter(columns)}{max(sheet.max_row, layout.FIRST_ROW)}"


def _due_words(deadline: Deadline | None) -> str:
    return f" Please return it by {long_date(deadline.day)}." if deadline else ""


def _actions_sheet(sheet: Any, ret: Return, deadline: Deadline | None, records: list[list[Any]]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = list(layout.ACTION_COLUMNS)
    _header(
        sheet,
        columns,
        f"Actions led by {ret.person.name}: return for {ret.period.label}",
        "Grey columns show the plan as it stands; fill in the yellow ones, and leave a cell as it is "
        f"where nothing has changed.{_due_words(deadline)} The About sheet says more.",
    )
    statuses = [s.label for s in Status]
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(statuses) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Status",
        error="Choose a status from the list: " + ", ".join(statuses) + ".",
        promptTitle="Status",
        prompt="Choose from the list.",
        showInputMessage=True,
    )
    sheet.add_data_validation(validation)
    row = layout.FIRST_ROW - 1
    for row, line in enumerate(ret.actions, start=layout.FIRST_ROW):
        values = _action_values(line)
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row, index)
            set_value(cell, values[column.key])
            if column.editable:
                cell.style = "pm-edit"
            else:
                cell.style = "pm-read-date" if column.key == "due" else "pm-read"
        validation.add(sheet.cell(row, _index(columns, "status")))
        sheet.row_dimensions[row].height = _height(columns, values)
        state = line.state()
        records.append(
            [layout.ACTIONS, line.ref, row, fingerprint(state), json.dumps(state, ensure_ascii=False)]
        )
    if not ret.actions:
        set_text(sheet.cell(2, 1), "You lead no open action this quarter: there is nothing to fill in here.")
    _prompts(sheet, columns, len(ret.actions), {"status"})
    _protect(sheet, len(columns))


def _action_values(line: ActionLine) -> dict[str, Any]:
    view = line.view
    action = view.action
    latest = max(action.updates, key=lambda u: u.date, default=None)
    return {
        "ref": view.ref,
        "plan": f"{view.plan.title}, {view.group.id}",
        "title": text(action.title),
        "timescale": text(action.timescale),
        "due": view.due,
        "current_status": view.status.label,
        "last_update": f"{short_date(latest.date)}: {text(latest.text)}" if latest else "No update yet",
        "status": view.status.label,
        "progress": None,
        "next": text(action.next) or None,
        "revised": None,
        "reason": None,
        "evidence": None,
    }


def _indicators_sheet(sheet: Any, ret: Return, deadline: Deadline | None, records: list[list[Any]]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    earlier = [
        layout.Column(f"earlier{i}", label, layout.EARLIER_WIDTH)
        for i, label in enumerate(ret.earlier_labels)
    ]
    columns = [*layout.INDICATOR_FIXED, *earlier, *layout.INDICATOR_EDITABLE]
    _header(
        sheet,
        columns,
        f"Indicators owned by {ret.person.name}: return for {ret.period.label}",
        "Give each indicator's actual for the period in its unit (a number; for a rated indicator Red, Amber "
        f"or Green), with a note, and the corrective action where it misses its target.{_due_words(deadline)}",
    )
    numbers = DataValidation(
        type="decimal",
        operator="between",
        formula1="-1000000000000",
        formula2="1000000000000",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Actual",
        error="Type the actual as a number in the indicator's unit, e.g. 47.2.",
        showInputMessage=True,
        promptTitle="Actual",
        prompt="The value for the period, as a number in the indicator's unit.",
    )
    ratings = DataValidation(
        type="list",
        formula1='"Red,Amber,Green"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Rating",
        error="Choose Red, Amber or Green.",
        showInputMessage=True,
        promptTitle="Rating",
        prompt="Choose Red, Amber or Green.",
    )
    sheet.add_data_validation(numbers)
    sheet.add_data_validation(ratings)
    actual_index = _index(columns, "actual")
    for row, line in enumerate(ret.indicators, start=layout.FIRST_ROW):
        values = _indicator_values(line)
        for i, _ in enumerate(ret.earlier_labels):
            values[f"earlier{i}"] = _number_or_text(line.earlier[i])
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row, index)
            set_value(cell, values.get(column.key))
            if column.key == "actual":
                cell.style = "pm-edit" if line.qualitative else "pm-edit-number"
            else:
                cell.style = "pm-edit" if column.editable else "pm-read"
        (ratings if line.qualitative else numbers).add(sheet.cell(row, actual_index))
        sheet.row_dimensions[row].height = _height(columns, values)
        state = {"period": line.key, **line.state()}
        records.append(
            [
                layout.INDICATORS,
                line.indicator.id,
                row,
                fingerprint(state),
                json.dumps(state, ensure_ascii=False),
            ]
        )
    if not ret.indicators:
        set_text(
            sheet.cell(2, 1),
            "You own no indicator that reports this quarter: there is nothing to fill in here.",
        )
    _protect(sheet, len(columns))


def _indicator_values(line: IndicatorLine) -> dict[str, Any]:
    indicator, value = line.indicator, line.value
    qualitative = line.qualitative
    polarity = "" if qualitative else ("Higher" if indicator.polarity == "higher" else "Lower")
    actual: Any = None
    if value is not None:
        actual = (value.rag or "").capitalize() or None if qualitative else value.actual
    return {
        "ref": indicator.id,
        "title": text(indicator.title),
        "unit": "rating" if qualitative else (indicator.unit or ""),
        "polarity": polarity,
        "period": line.key,
        "target": None if qualitative or value is None else value.target,
        "actual": actual,
        "note": text(value.note) or None if value else None,
        "corrective_action": text(value.corrective_action) or None if value else None,
    }


def _number_or_text(value: str) -> Any:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        return value


def _about_sheet(sheet: Any, ws: Workspace, ret: Return, deadline: Deadline | None, issued: datetime) -> None:
    person = ret.person
    contact = ws.config.report
    period = ret.period
    rows: list[tuple[str, str]] = [
        ("For", f"{person.name} ({person.id})" + (f", {person.title}" if person.title else "")),
        (
            "Period",
            f"{period.label}: {long_date(period.start, weekday=False)} to {long_date(period.end, weekday=False)}",
        ),
        (
            "Please return by",
            (long_date(deadline.day) + (f", {deadline.describe()}" if deadline.describe() else ""))
            if deadline
            else "The performance team will tell you when it is due.",
        ),
        (
            "What is in it",
            f"{count(len(ret.actions), 'open action')} you lead and {count(len(ret.indicators), 'indicator value')} you report.",
        ),
        (
            "How to fill it in",
            "On the Actions sheet, for each action: choose its Status from the list; write a Progress "
            "update saying what has happened this quarter; change the Next step if it has moved on. If the "
            "action will not be done by its timescale, give a Revised timescale (e.g. 'Jun 27') and the "
            "Reason for revision: the old timescale is kept as the baseline the committee agreed.",
        ),
        (
            "",
            "On the Indicators sheet, give each indicator's Actual for the period in its unit (a number such as "
            "47.2, or Red, Amber or Green for a rated indicator), a Note explaining it, and the Corrective "
            "action where it misses its target.",
        ),
        (
            "",
            "Leave a cell as it is where nothing has changed. Grey cells show the plan as it stands and "
            "cannot be changed. Please do not rename the sheets or the file's columns: pmplan reads this "
            "workbook back, and your words go into the plans under your name.",
        ),
        ("Send it back to", _contact(contact.contact_name, contact.contact_email) or "The performance team."),
        ("Issued", f"{long_date(issued.date())} by pmplan, for {ws.config.organisation}"),
    ]
    set_text(sheet.cell(1, 1), f"Quarterly return for {period.label}")
    sheet.cell(1, 1).style = "pm-title"
    for row, (key, value) in enumerate(rows, start=3):
        set_text(sheet.cell(row, 1), key)
        sheet.cell(row, 1).style = "pm-about-key"
        set_text(sheet.cell(row, 2), value)
        sheet.cell(row, 2).style = "pm-about"
        sheet.row_dimensions[row].height = LINE_HEIGHT * max(1, math.ceil(len(value) / 95))
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 100
    sheet.protection.sheet = True


def _record_sheet(
    sheet: Any,
    ws: Workspace,
    ret: Return,
    deadline: Deadline | None,
    issued: datetime,
    records: list[list[Any]],
) -> None:
    meta = {
        "version": layout.VERSION,
        "person": ret.person.id,
        "name": ret.person.name,
        "period": ret.period.label,
        "organisation": ws.config.organisation,
        "issued": issued.isoformat(timespec="seconds"),
        "deadline": deadline.day.isoformat() if deadline else None,
        "earlier": list(ret.earlier_labels),
    }
    set_text(sheet.cell(1, 1), layout.MARK)
    sheet.cell(1, 2).value = layout.VERSION
    set_text(sheet.cell(2, 1), json.dumps(meta, ensure_ascii=False))
    for index, header in enumerate(layout.RECORD_HEADER, start=1):
        set_text(sheet.cell(layout.RECORD_FIRST_ROW - 1, index), header)
    for row, record in enumerate(records, start=layout.RECORD_FIRST_ROW):
        for index, value in enumerate(record, start=1):
            set_value(sheet.cell(row, index), value)
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True


# --- helpers ---------------------------------------------------------------------------------


def _index(columns: list[layout.Column], key: str) -> int:
    return next(i for i, c in enumerate(columns, start=1) if c.key == key)


def _height(columns: list[layout.Column], values: dict[str, Any]) -> float:
    """Room for the longest wrapped text in the row, and at least :data:`EDIT_LINES` lines."""
    lines = EDIT_LINES
    for column in columns:
        value = values.get(column.key)
        if column.wrap and isinstance(value, str) and value:
            per_line = max(1, int(column.width * 1.15))
            needed = sum(max(1, math.ceil(len(part) / per_line)) for part in value.split("\n"))
            lines = max(lines, needed)
    return min(MAX_HEIGHT, lines * LINE_HEIGHT)


def _contact(name: str | None, email: str | None) -> str:
    if name and email:
        return f"{name} <{email}>"
    return name or email or ""
