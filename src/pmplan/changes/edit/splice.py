"""Splicing new values into a plan file's text: a value replaced, a key, a list or an update
inserted with the indentation of its neighbours and the file's own line endings."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass
from pmplan.changes.edit.nodes import EditError, Node, SourceText
from pmplan.characters import yaml_quoted

BOM = "\ufeff"


_RESERVED = frozenset({"true", "false", "null", "~", "yes", "no", "on", "off", "y", "n"})


_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")


def plain_ok(value: str, flow: bool = False) -> bool:
    """Whether ``value`` can be written unquoted and read back as the same text."""
    if not value or value != value.strip() or value.lower() in _RESERVED:
        return False
    if value[0] in _INDICATORS or any(ch in value for ch in "\n\r\t") or not value.isprintable():
        return False
    if ": " in value or " #" in value or value.endswith(":"):
        return False
    return not (flow and any(ch in value for ch in ",[]{}"))


def render(value: str, style: str | None = None, flow: bool = False) -> str:
    """A scalar in the given style where it can be, else plain where safe, else double-quoted."""
    if style == "'" and "\n" not in value and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    if style == '"':
        return yaml_quoted(value)
    if plain_ok(value, flow):
        return value
    return yaml_quoted(value)


Splice = tuple[int, int, str, int]
"""(start, end, new text, rank): replace ``text[start:end]``; rank orders inserts at one place."""


def set_scalar(doc: SourceText, target: Node, key: str, value: str, order: tuple[str, ...]) -> list[Splice]:
    """``key: value`` in the mapping: the value replaced in place, or the key inserted."""
    found = target.get(key)
    rank = _rank(key, order)
    if found is None:
        return [insert_key(doc, target, key, render(value, flow=target.flow), order)]
    key_node, node = found
    if node.kind != "scalar":
        raise EditError(f"'{key}' is written as a list, a mapping or an alias: edit it by hand")
    if node.start == node.end:  # `key:` with nothing after it
        at = doc.colon_after(key_node)
        return [(at, at, " " + render(value, flow=target.flow), rank)]
    style = node.style if node.style in {"'", '"'} else None
    return [(node.start, doc.content_end(node), render(value, style, target.flow), rank)]


def _rank(key: str, order: tuple[str, ...]) -> int:
    return order.index(key) if key in order else len(order)


def insert_key(
    doc: SourceText, target: Node, key: str, value: str, order: tuple[str, ...], block: str = ""
) -> Splice:
    """Insert ``key: value`` (or ``key:`` and the ``block`` lines under it) after the last key
    that comes before it in the usual order, with the mapping's indentation."""
    rank = _rank(key, order)
    if target.flow:
        close = target.end - 1
        while close > target.start and doc.text[close - 1] in " \t":
            close -= 1
        return (close, close, f", {key}: {value}", rank)
    before = [(k, v) for k, v in target.pairs if _rank(k.value or "", order) < rank]
    anchor_key, anchor_value = before[-1] if before else target.pairs[-1]
    end = anchor_key.end if anchor_value.start == anchor_value.end else doc.content_end(anchor_value)
    at = doc.line_end(end)
    line = " " * target.column + f"{key}:" + (f" {value}" if value else "")
    return (at, at, doc.nl + line + block, rank)


def set_leads(doc: SourceText, target: Node, leads: tuple[str, ...], order: tuple[str, ...]) -> list[Splice]:
    found = target.get("leads")
    rank = _rank("leads", order)
    flow_list = "[" + ", ".join(render(lead, flow=True) for lead in leads) + "]"
    if found is None:
        return [insert_key(doc, target, "leads", flow_list, order)]
    key, node = found
    if node.kind == "scalar":
        if node.start == node.end:
            at = doc.colon_after(key)
            return [(at, at, " " + flow_list, rank)]
        if len(leads) == 1:
            style = node.style if node.style in {"'", '"'} else None
            return [(node.start, doc.content_end(node), render(leads[0], style, target.flow), rank)]
        return [(node.start, doc.content_end(node), flow_list, rank)]
    if node.kind != "seq" or any(item.kind != "scalar" for item in node.items):
        raise EditError("'leads' is written in a way pmplan cannot edit safely: edit it by hand")
    if node.flow or not node.items:
        inner = doc.text[node.start + 1 : node.end - 1]
        pad = " " if inner.startswith(" ") and inner.strip() else ""
        body = ", ".join(render(lead, flow=True) for lead in leads)
        return [(node.start, node.end, f"[{pad}{body}{pad}]", rank)]
    return _set_block_list(doc, node, leads, rank)


def _set_block_list(doc: SourceText, node: Node, values: tuple[str, ...], rank: int) -> list[Splice]:
    """A block list of scalars given new values: each kept item rewritten in place (its
    comment kept), extra values added on lines like the last item's, surplus items removed."""
    items = node.items
    prefix = doc.text[doc.line_start(items[0].start) : items[0].start]  # indentation and "- "
    if prefix.strip() != "-" or not values:
        raise EditError("'leads' is written in a way pmplan cannot edit safely: edit it by hand")
    kept = min(len(items), len(values))
    splices: list[Splice] = []
    for item, value in zip(items[:kept], values, strict=False):
        style = item.style if item.style in {"'", '"'} else None
        splices.append((item.start, doc.content_end(item), render(value, style), rank))
    if len(values) > len(items):
        at = doc.line_end(doc.content_end(items[-1]))
        splices.append((at, at, "".join(doc.nl + prefix + render(v) for v in values[len(items) :]), rank))
    elif len(values) < len(items):
        start = doc.line_end(doc.content_end(items[kept - 1]))
        splices.append((start, doc.line_end(doc.content_end(items[-1])), "", rank))
    return splices


def add_update(
    doc: SourceText, target: Node, when: date, text: str, order: tuple[str, ...], offsets: tuple[int, int]
) -> tuple[Splice, bool]:
    """Add ``{date, text}`` to the item's updates, in their order; returns (splice, added first)."""
    found = target.get("updates")
    rank = _rank("updates", order)
    day = when.isoformat()
    flow_item = f"{{date: {day}, text: {render(text, flow=True)}}}"
    dash, inner = offsets
    if found is None:
        if target.flow:
            return insert_key(doc, target, "updates", f"[{flow_item}]", order), False
        column = target.column + dash
        lines = _item_lines(doc, column, column + inner, ["date", "text"], day, text)
        return insert_key(doc, target, "updates", "", order, block=doc.nl + lines), False
    key, node = found
    if node.kind == "scalar" and node.is_null:
        if node.start == node.end:
            start = end = doc.colon_after(key)
        else:
            start, end = node.start, doc.content_end(node)
        column = target.column + dash
        lines = _item_lines(doc, column, column + inner, ["date", "text"], day, text)
        if start != end:  # `updates: ~` or `updates: null`: the word goes
            start = doc.colon_after(key)
        return (start, end, doc.nl + lines, rank), False
    if node.kind != "seq":
        raise EditError("'updates' is not a list: fix the file first")
    if node.flow or not node.items:
        close = node.end - 1
        while close > node.start + 1 and doc.text[close - 1] in " \t":
            close -= 1
        sep = ", " if node.items else ""
        return (close, close, sep + flow_item, rank), False
    items = node.items
    if any(item.kind != "map" or item.flow for item in items):
        raise EditError("the updates are not written as a list of 'date:'/'text:' items: edit them by hand")
    keys = [k.value or "" for k, _ in items[0].pairs if k.value in {"date", "text"}]
    keys = keys if sorted(keys) == ["date", "text"] else ["date", "text"]
    lines = _item_lines(doc, node.column, items[0].column, keys, day, text)
    if _newest_first(items):
        at = doc.line_start(items[0].start)
        return (at, at, lines + doc.nl, rank), True
    at = doc.line_end(doc.content_end(items[-1]))
    return (at, at, doc.nl + lines, rank), False


def _item_lines(doc: SourceText, dash: int, key: int, keys: list[str], day: str, text: str) -> str:
    values = {"date": day, "text": render(text)}
    first = " " * dash + "-" + " " * max(key - dash - 1, 1) + f"{keys[0]}: {values[keys[0]]}"
    return first + doc.nl + " " * key + f"{keys[1]}: {values[keys[1]]}"


def _newest_first(items: list[Node]) -> bool:
    dates = []
    for item in items:
        found = item.get("date")
        if found is None or found[1].value is None:
            return False
        dates.append(found[1].value)
    return len(dates) > 1 and dates == sorted(dates, reverse=True) and dates[0] != dates[-1]
