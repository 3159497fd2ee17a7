"""Text that spreadsheets take safely: every spreadsheet pmplan writes goes through here.

* **Formulas are never written.** A value that starts with ``=``, ``+``, ``-``, ``@``, a tab
  or a carriage return is a formula to Excel and LibreOffice (OWASP's "CSV injection"). In
  a CSV file it gets the usual leading apostrophe, which spreadsheets read as "text"; in an
  Excel file it is written as a text cell, never a formula cell, and reads back unchanged.
* **Characters XML cannot hold are dropped**: control characters other than tab, line feed
  and carriage return (which arrive by copy and paste from old systems), lone surrogates
  and U+FFFE/U+FFFF. openpyxl refuses them with ``IllegalCharacterError``. DEL and the C1
  controls, which XML allows but no one means, are dropped too.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a value as a formula."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""The control characters of :data:`pmplan.characters.CONTROL` (DEL and the C1 controls too,
which XML allows but which mean nothing in a cell), but the carriage return, which a cell may
hold as a line break."""


def xml_safe(text: str) -> str:
    """``text`` without the characters an XML file cannot hold."""
    return _NOT_XML.sub("", text) if _NOT_XML.search(text) else text


def csv_text(value: str) -> str:
    """A text value for a CSV cell: XML-safe too (CSV is opened by Excel), and with a leading
    apostrophe where a spreadsheet would otherwise read it as a formula."""
    value = xml_safe(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_value(value: Any) -> Any:
    return csv_text(value) if isinstance(value, str) else value


def from_csv(value: str) -> str:
    """The text :func:`csv_text` wrote for a value that starts like a formula, back as it was."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def set_text(cell: Any, value: str) -> None:
    """Put ``value`` in an openpyxl cell as text, never as a formula."""
    cell.value = xml_safe(value)
    cell.data_type = "s"


def set_value(cell: Any, value: Any) -> None:
    """Put any value in an openpyxl cell: text as text (see :func:`set_text`), others as they are."""
    if isinstance(value, str):
        set_text(cell, value)
    else:
        cell.value = value
