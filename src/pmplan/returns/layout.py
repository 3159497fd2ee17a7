"""The return workbook's layout, shared by the writer and the reader: sheets, columns, and the
hidden record of what was issued.

Columns are found again by their header, so a return reads back whichever program saved it.
The record (a very hidden sheet, ``pmplan``) holds a mark, the return's facts as JSON, and one
row per issued row: sheet, reference, row number, fingerprint, state as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

ACTIONS = "Actions"
INDICATORS = "Indicators"
ABOUT = "About"
RECORD = "pmplan"
MARK = "pmplan quarterly return"
VERSION = 1
HEADER_ROW = 3
"""Row 1 holds the sheet's title, row 2 a line of help, row 3 the headers."""
FIRST_ROW = HEADER_ROW + 1
RECORD_FIRST_ROW = 4


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    width: float
    editable: bool = False
    wrap: bool = False
    help: str = ""
    """The header cell's comment: how to fill the column in."""
    optional: bool = False
    """A column returns issued by an earlier pmplan do not have: read as empty where missing."""


ACTION_COLUMNS: tuple[Column, ...] = (
    Column("ref", "Ref", 16),
    Column("plan", "Plan", 22, wrap=True),
    Column("title", "Action", 46, wrap=True),
    Column("timescale", "Timescale", 14, wrap=True),
    Column("due", "Due", 12),
    Column("current_status", "Current status", 13, wrap=True),
    Column("last_update", "Last update", 44, wrap=True),
    Column("status", "Status", 16, editable=True, help="Choose from the list."),
    Column(
        "progress",
        "Progress update",
        50,
        editable=True,
        wrap=True,
        help="What has happened this quarter, in a sentence or two a committee can read.",
    ),
    Column(
        "next",
        "Next step",
        36,
        editable=True,
        wrap=True,
        help="What happens next. Change it if it has moved on.",
    ),
    Column(
        "revised",
        "Revised timescale",
        16,
        editable=True,
        wrap=True,
        help="Only if the action will not be done by its timescale: the new one, e.g. 'Jun 27'. "
        "For an audit recommendation, this asks the committee for an extension.",
    ),
    Column(
        "reason",
        "Reason for revision",
        34,
        editable=True,
        wrap=True,
        help="Why the timescale has to move (needed with a revised timescale).",
    ),
    Column(
        "evidence",
        "Evidence",
        34,
        editable=True,
        wrap=True,
        help="When the action is complete: what shows it is done (a document's path, a link, or a few words).",
        optional=True,
    ),
)

INDICATOR_FIXED: tuple[Column, ...] = (
    Column("ref", "Ref", 12),
    Column("title", "Indicator", 40, wrap=True),
    Column("unit", "Unit", 8),
    Column("polarity", "Better if", 10),
    Column("period", "Period", 12),
    Column("target", "Target", 10),
)
"""The indicator sheet's read-only columns before the earlier periods' actuals."""
EARLIER_WIDTH = 11
INDICATOR_EDITABLE: tuple[Column, ...] = (
    Column(
        "actual",
        "Actual",
        11,
        editable=True,
        help="The value for the period, as a number in the indicator's unit (for a rated indicator: Red, Amber or Green).",
    ),
    Column("note", "Note", 40, editable=True, wrap=True, help="What explains the value."),
    Column(
        "corrective_action",
        "Corrective action",
        40,
        editable=True,
        wrap=True,
        help="Where the value misses its target: what is being done about it.",
    ),
)

ACTION_KEYS = frozenset(c.key for c in ACTION_COLUMNS)
EDITABLE_ACTION = tuple(c for c in ACTION_COLUMNS if c.editable)
RECORD_HEADER = ("sheet", "ref", "row", "fingerprint", "state")
