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
        return _insert_flow_key(doc, target, key, value, order, rank)
    before = [(k, v) for k, v in target.pairs if _rank(k.value or "", order) < rank]
    anchor_key, anchor_value = before[-1] if before else target.pairs[-1]
    end = anchor_key.end if anchor_value.start == anchor_value.end else doc.content_end(anchor_value)
    at = doc.line_end(end)
    line = " " * target.column + f"{key}:" + (f" {value}" if value else "")
    return (at, at, doc.nl + line + block, rank)


def _insert_flow_key(
    doc: SourceText, target: Node, key: str, value: str, order: tuple[str, ...], rank: int
) -> Splice:
    """``key: value`` in a flow mapping, after the last key that comes before it in the usual
    order (first where none does, last in an empty mapping)."""
    before = [(k, v) for k, v in target.pairs if _rank(k.value or "", order) < rank]
    if before:
        anchor_key, anchor_value = before[-1]
        end = anchor_key.end if anchor_value.start == anchor_value.end else anchor_value.end
        return (end, end, f", {key}: {value}", rank)
    if target.pairs:
        start = target.pairs[0][0].start
        return (start, start, f"{key}: {value}, ", rank)
    close = target.end - 1
    while close > target.start + 1 and doc.text[close - 1] in " \t":
        close -= 1
    return (close, close, f"{key}: {value}", rank)


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


Note = tuple[date, str, "str | None"]
"""An update to add: (date, text, who gave it)."""


def add_update(
    doc: SourceText,
    target: Node,
    when: date,
    text: str,
    order: tuple[str, ...],
    offsets: tuple[int, int],
    by: str | None = None,
) -> tuple[Splice, bool]:
    """Add ``{date, text}`` (and ``by``, who gave it) to the item's updates, in their order;
    returns (splice, added first)."""
    parts, first = add_updates(doc, target, [(when, text, by)], order, offsets)
    if len(parts) == 1:
        return parts[0][0], first
    (start, end, head, rank), _, _ = parts[0]
    (_, _, tail, _), _, _ = parts[1]
    return (start, end, head + tail, rank), first


def add_updates(
    doc: SourceText, target: Node, notes: list[Note], order: tuple[str, ...], offsets: tuple[int, int]
) -> tuple[list[tuple[Splice, int, bool]], bool]:
    """Add each note to the item's updates, one after the other, where the file's order puts
    new ones (at the end, or first where it lists them newest first). Returns, for each note,
    its splice and index, and whether the splice goes after all the notes' (a list's closing
    bracket opened by the first); and whether the notes went first. Every splice sits at one
    place, so that the first note alone, or the first two, read as the file would with only
    those added."""
    found = target.get("updates")
    rank = _rank("updates", order)
    dash, inner = offsets
    flows = [_flow_item(day, text, by) for day, text, by in notes]

    def lines(dash_column: int, key_column: int, keys: list[str], note: Note) -> str:
        day, text, by = note
        return _item_lines(doc, dash_column, key_column, keys, day.isoformat(), text, by)

    def chain(start: int, end: int, first_text: str, rest: list[str]) -> list[tuple[Splice, int, bool]]:
        parts = [((start, end, first_text, rank), 0, False)]
        at = end if end > start else start
        parts += [((at, at, text, rank), i, False) for i, text in enumerate(rest, start=1)]
        return parts

    if found is None:
        if target.flow:
            splice = insert_key(doc, target, "updates", f"[{flows[0]}]", order)
            start, end, text, _ = splice
            close = text.rindex("]")
            parts = chain(start, end, text[:close], [", " + f for f in flows[1:]])
            return [*parts, ((start, end, text[close:], rank), 0, True)], False
        column = target.column + dash
        items = [lines(column, column + inner, ["date", "text"], n) for n in notes]
        start, end, text, _ = insert_key(doc, target, "updates", "", order, block=doc.nl + items[0])
        return chain(start, end, text, [doc.nl + i for i in items[1:]]), False
    key, node = found
    if node.kind == "scalar" and node.is_null:
        start = end = doc.colon_after(key)
        if node.start != node.end:  # `updates: ~` or `updates: null`: the word goes
            end = doc.content_end(node)
        column = target.column + dash
        items = [doc.nl + lines(column, column + inner, ["date", "text"], n) for n in notes]
        return chain(start, end, items[0], items[1:]), False
    if node.kind != "seq":
        raise EditError("'updates' is not a list: fix the file first")
    if node.flow or not node.items:
        close = node.end - 1
        while close > node.start + 1 and doc.text[close - 1] in " \t":
            close -= 1
        sep = ", " if node.items else ""
        return chain(close, close, sep + flows[0], [", " + f for f in flows[1:]]), False
    items_ = node.items
    if any(item.kind != "map" or item.flow for item in items_):
        raise EditError("the updates are not written as a list of 'date:'/'text:' items: edit them by hand")
    keys = [k.value or "" for k, _ in items_[0].pairs if k.value in {"date", "text"}]
    keys = keys if sorted(keys) == ["date", "text"] else ["date", "text"]
    written = [lines(node.column, items_[0].column, keys, n) for n in notes]
    if _newest_first(items_):
        at = doc.line_start(items_[0].start)
        return chain(at, at, written[0] + doc.nl, [w + doc.nl for w in written[1:]]), True
    at = doc.line_end(doc.content_end(items_[-1]))
    return chain(at, at, doc.nl + written[0], [doc.nl + w for w in written[1:]]), False


def _flow_item(day: date, text: str, by: str | None) -> str:
    author = f", by: {render(by, flow=True)}" if by else ""
    return f"{{date: {day.isoformat()}, text: {render(text, flow=True)}{author}}}"


def _item_lines(
    doc: SourceText, dash: int, key: int, keys: list[str], day: str, text: str, by: str | None = None
) -> str:
    values = {"date": day, "text": render(text)}
    if by:
        values["by"] = render(by)
        keys = [*keys, "by"]
    first = " " * dash + "-" + " " * max(key - dash - 1, 1) + f"{keys[0]}: {values[keys[0]]}"
    return first + "".join(doc.nl + " " * key + f"{k}: {values[k]}" for k in keys[1:])


def _newest_first(items: list[Node]) -> bool:
    dates = []
    for item in items:
        found = item.get("date")
        if found is None or found[1].value is None:
            return False
        dates.append(found[1].value)
    return len(dates) > 1 and dates == sorted(dates, reverse=True) and dates[0] != dates[-1]
