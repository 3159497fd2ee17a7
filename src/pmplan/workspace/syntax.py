"""YAML syntax errors in plain English, each saying what to type instead.

libyaml says what its parser expected ("mapping values are not allowed in this context");
an officer needs to hear what is wrong with the line they wrote and how to write it. The
mistakes people really make in plan files are recognised from the line the parser stopped
at and the lines above it: a tab for indentation, ``: `` or a leading ``[``, ``{``, ``*``,
``&``, ``!``, ``%``, ``@``, a backtick or ``- `` in unquoted text, a quote inside quotes, no space
after a colon, a line indented to match nothing above it. Anything else keeps libyaml's
words. Only a file that failed to parse comes here, so none of this slows loading.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmplan.workspace.reader import YamlProblem

_KEY_LINE = re.compile(
    r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[^\s:#'\"\[\]{},&*!|>%@`-][^:#]*?):(?P<rest>(?: .*)?)$"
)
_NO_SPACE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s:/].*)$")
_STARTERS = {
    "[": "YAML reads '[' as the start of a list",
    "{": "YAML reads '{' as the start of a mapping",
    "*": "YAML reads '*' as a reference to an anchor",
    "&": "YAML reads '&' as an anchor name",
    "!": "YAML reads '!' as a tag",
    "%": "'%' cannot start unquoted text",
    "@": "'@' cannot start unquoted text",
    "`": "a backtick cannot start unquoted text",
    "|": "YAML reads '|' as the start of a block of lines",
    ">": "YAML reads '>' as the start of a folded block of lines",
    "?": "YAML reads '?' as a complex key",
}


def explain(problem: YamlProblem, text: str) -> YamlProblem:
    """The problem in plain English where it is a mistake people make; else as it was."""
    lines = text.split("\n")
    for check in (_tab, _flow, _starter, _dash, _quotes, _colon_in_text, _no_space, _indentation):
        found = check(problem, lines)
        if found is not None:
            message, line, column = found
            return replace(problem, message=message, line=line, column=column)
    return problem


def quoted(value: str) -> str:
    """``value`` in double quotes, as YAML reads it back."""
    return json.dumps(value, ensure_ascii=False)


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1].rstrip("\r") if 0 < number <= len(lines) else ""


def _key_and_value(line: str) -> tuple[str, str, str] | None:
    """(the line up to and including ``key:``, the key, the value as written) of a key line."""
    match = _KEY_LINE.match(line)
    if match is None:
        return None
    rest = match.group("rest")
    head = line[: len(line) - len(rest)]
    value = rest.strip()
    if " #" in value and not value.startswith(("'", '"')):
        value = value[: value.index(" #")].rstrip()
    return head, match.group("key").strip(), value


def _tab(problem: YamlProblem, lines: list[str]) -> tuple[str, int, int] | None:
    start = max(problem.line - 3, 0)
    for number in range(start + 1, min(problem.line, len(lines)) + 1):
        line = _line(lines, number)
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return (
                "this line is indented with a tab: YAML needs spaces. Replace the tab with spaces "
                "(most editors can convert tabs to spaces), lining the line up with the keys above it",
                number,
                indent.index("\t") + 1,
            )
    if "tab character" in problem.message:
        line = _line(lines, problem.line)
        at = line.find("\t")
        return (
            "this line has a tab where YAML needs spaces: replace it with spaces",
            problem.line,
            at + 1 if at >= 0 else problem.column,
        )
    return None


def _starter(problem: YamlProblem, lines: list[str]) -> tuple[str, int, int] | None:
    for number in (problem.line, problem.line - 1):
        parts = _key_and_value(_line(lines, number))
        if parts is None:
            continue
        head, key, value = parts
        if not value or value[0] not in _STARTERS:
            continue
        first = value[0]
        column = len(head) + 2
        if first in "[{" and _closes(value):
            return None  # a list or mapping written whole: some other mistake
        if first in "[{" and not _has_text_after(value):
            close = "]" if first == "[" else "}"
            return (
                f"the {'list' if first == '[' else 'mapping'} after '{key}:' has no closing "
                f"'{close}' on the line. Close it ({key}: {value}{close}), or, if this is text, put it in "
                f"quotes: {key}: {quoted(value)}",
                number,
                column,
            )
        return (
            f"text that starts with '{first}' must be in quotes ({_STARTERS[first]}): "
            f"write {key}: {quoted(value)}",
            number,
            column,
        )
    return None


def _dash(problem: YamlProblem, lines: list[str]) -> tuple[str, int, int] | None:
    """``how: - train the team``: a list item cannot start on its key's line."""
    if "sequence entries are not allowed" not in problem.message:
        return None
    parts = _key_and_value(_line(lines, problem.line))
    if parts is None or not parts[2].startswith("- "):
        return None
    head, key, value = parts
    return (
        f"text that starts with '- ' must be in quotes (YAML reads '- ' as an item of a list, which "
        f"cannot start on its key's line): write {key}: {quoted(value)}, or, for a list, each item on "
        f"a line of its own under '{key}:'",
        problem.line,
        len(head) + 2,
    )


def _flow(problem: YamlProblem, lines: list[str]) -> tuple[str, int, int] | None:
    """``leads: [JP & LB]``: a list written whole that YAML cannot read."""
    if "flow" not in problem.message:
        return None
    parts = _key_and_value(_line(lines, problem.line))
    if parts is None:
        return None
    head, key, value = parts
    if not value.startswith("[") or not _closes(value):
        return None
    return (
        f"the list after '{key}:' cannot be read: separate its items with commas ({key}: [A, B]) and put "
        "in quotes any item that holds '&', ':', '#' or a bracket",
        problem.line,
        len(head) + 2,
    )


def _closes(value: str) -> bool:
    """A flow list or mapping that is closed, with nothing after it but a comment."""
    depth = 0
    for i, ch in enumerate(value):
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0:
                rest = value[i + 1 :].strip()
                return not rest or rest.startswith("#")
    return False


def _has_text_after(value: str) -> bool:
    """``[Draft] strategy``: a bracket closed and followed by more words."""
    for close in "]}":
        at = value.find(close)
        if at >= 0 and value[at + 1 :].strip():
            return True
    return False


def _quotes(problem: YamlProblem, lines: list[str]) -> tuple[str, int, int] | None:
    parts = _key_and_value(_line(lines, problem.line))
    if parts is None:
        return None
    head, key, value = parts
    column = len(head) + 2
    if value.startswith("'") and "'" in value[1:-1]:
        inner = value[1:-1] if value.endswith("'") else value[1:]
        return (
            f"the text after '{key}:' is in single quotes and holds a single quote. "
            f"Write the inner one twice ({key}: '{inner.replace(chr(39), chr(39) * 2)}') or use double "
            f"quotes ({key}: {quoted(inner)})",
            problem.line,
            column,
        )
    if value.startswith('"') and '"' in value[1:-1]:
        inner = value[1:-1] if value.endswith('"') else value[1:]
        return (
            f"the text after '{key}:' is in double quotes and holds a double quote. "
            f"Put a backslash before the inner one ({key}: {quoted(inner)}) or use single quotes "
            f"({key}: '{inner}')",
            problem.line,
            column,
        )
    return None


def _colon_in_text(problem: YamlProblem, lines: list[str]) -> tuple[str, int, int] | None:
    if "mapping values are not allowed" not in problem.message:
        return None
    parts = _key_and_value(_line(lines, problem.line))
    if parts is None:
        return None
    head, key, value = parts
    if value.startswith(("'", '"')) or not re.search(r":( |$)", value):
        return None
    return (
        f"the text after '{key}:' holds ': ', which YAML reads as the start of "
        f"another key. Put the text in quotes: {key}: {quoted(value)}",
        problem.line,
        len(head) + 2,
    )


def _no_space(problem: YamlProblem, lines: list[str]) -> tuple[str, int, int] | None:
    first = max(problem.line - 3, 1)
    for number in range(problem.line, first - 1, -1):
        line = _line(lines, number)
        match = _NO_SPACE.match(line)
        if match is None or line.strip().startswith("#") or "://" in line:
            continue
        key, value = match.group("key"), match.group("value")
        return (
            f"'{key}:{value}' needs a space after the colon: write {key}: {value}",
            number,
            len(match.group("indent")) + len(match.group("dash") or "") + len(key) + 2,
        )
    return None


def _indentation(problem: YamlProblem, lines: list[str]) -> tuple[str, int, int] | None:
    jargon = ("did not find expected", "expected <block end>", "mapping values are not allowed")
    if not any(words in problem.message for words in jargon):
        return None
    for number in (problem.line, problem.line - 1):
        line = _line(lines, number)
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        spaces = f"{indent} space{'s' if indent != 1 else ''}"
        above = _key_above(lines, number)
        if above is None:
            return None
        above_number, above_indent, above_key = above
        if indent == above_indent:
            continue
        if indent > above_indent and "mapping values" not in problem.message:
            continue
        where = f"'{above_key}:' on line {above_number}"
        if indent > above_indent:
            return (
                f"this line is indented {spaces}, more than {where} ({above_indent}), so YAML "
                f"reads it as more of that line's text. Indent it {above_indent} spaces, like the other "
                "keys of the item",
                number,
                indent + 1,
            )
        return (
            f"this line is indented {spaces}, which lines up with nothing above it: "
            f"{where} is indented {above_indent}. Indent it {above_indent} spaces to go with that key, "
            "or as far as the key it belongs under",
            number,
            indent + 1,
        )
    return None


def _key_above(lines: list[str], number: int) -> tuple[int, int, str] | None:
    """(line, indentation of its key, key) of the nearest key line above ``number``."""
    for above in range(number - 1, 0, -1):
        line = _line(lines, above)
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _KEY_LINE.match(line)
        if match is None:
            continue
        return above, len(match.group("indent")) + len(match.group("dash") or ""), match.group("key").strip()
    return None
