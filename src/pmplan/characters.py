"""Control characters in plan text: found for lint, dropped from files, shown harmlessly.

Text reaches plan files by copy and paste from old systems and carries control characters
with it (escape, bell, backspace, form feed, NUL). None of them means anything in a plan;
in an output they break things: Word and Excel files are XML, which cannot hold them; a
terminal acts on them (an escape sequence in a title can move the cursor or retitle the
window); a NUL cuts a string short in SQLite. So:

* lint reports them where they stand (rule ``control-character``);
* every file pmplan writes drops them (:func:`without_controls`);
* every line shown on a terminal shows them as escapes such as ``\\x1b`` (:func:`visible`).

Tab and newline are text, not control characters here. Lone surrogates and the
non-characters U+FFFE and U+FFFF, which no file format can hold either, are treated alike.
"""

from __future__ import annotations

import json
import re
from typing import Any

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Every character that is not text: C0 controls but tab and newline, DEL, C1 controls, lone
surrogates, U+FFFE and U+FFFF."""

_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL (bell)",
    "\x08": "BS (backspace)",
    "\x0b": "VT (vertical tab)",
    "\x0c": "FF (form feed)",
    "\r": "CR (carriage return)",
    "\x1b": "ESC (escape)",
    "\x7f": "DEL (delete)",
    "\x85": "NEL (next line)",
}


def describe(char: str) -> str:
    """``ESC (escape), U+001B`` for a control character, for messages."""
    code = f"U+{ord(char):04X}"
    return f"{_NAMES[char]}, {code}" if char in _NAMES else code


def has_controls(text: str) -> bool:
    return CONTROL.search(text) is not None


def without_controls(text: str) -> str:
    """``text`` with its control characters dropped; a carriage return becomes a newline
    (``\\r\\n`` one newline), as a file saved on Windows or an old Mac means it."""
    if not CONTROL.search(text):
        return text
    return CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_data(value: Any) -> Any:
    """Every string in ``value`` (nested dicts, lists and tuples, keys too) without control
    characters: for writers such as JSON and SQLite that take data as it is."""
    if isinstance(value, str):
        return without_controls(value)
    if isinstance(value, dict):
        return {clean_data(k): clean_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_data(v) for v in value]
    if isinstance(value, tuple):
        return tuple(clean_data(v) for v in value)
    return value


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` for a terminal: each control character written as an escape (``\\x1b``), so
    that it is seen and not acted on. Tab and newline are kept."""
    if not CONTROL.search(text):
        return text
    return CONTROL.sub(_escape, text)


_SURROGATE = re.compile("[\ud800-\udfff]")
_YAML_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that reads back as exactly ``text``.

    JSON's string syntax is YAML's, but YAML also refuses DEL and the C1 controls written
    raw and reads U+0085, U+2028 and U+2029 as line breaks: those are escaped too. A lone
    surrogate (from a command-line argument that was not UTF-8) cannot be written at all and
    is dropped."""
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("", text)
    quoted = json.dumps(text, ensure_ascii=False)
    if _YAML_ESCAPE.search(quoted):
        quoted = _YAML_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)
    return quoted


_JSON_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def json_safe(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with DEL, the C1 controls,
    U+2028, U+2029 and lone surrogates escaped as ``\\uXXXX``, as ``json.dumps`` leaves them
    raw: still the same JSON, and safe to show on a terminal or embed in a web page."""
    if not _JSON_ESCAPE.search(text):
        return text
    return _JSON_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
