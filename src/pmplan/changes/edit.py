"""``pmplan update``: change an action in its plan file by splicing only the values changed.

A YAML round trip re-indents and re-flows; a plan file belongs to the people who write
it. So the file is parsed with ruamel.yaml only to find where things are written (the
start and end of each mapping, key and value), and each edit is a small splice into the
original text: a value replaced, a key or an update inserted with the indentation of its
neighbours and the file's own line endings. Every other byte stays as it was: comments,
key order, quoting, flow style, block scalars, CRLF, a BOM.

The edited text is then checked twice before anything is written: it must load and
validate as a plan file, and it must read back as the old data with exactly the requested
values changed. The file is written through a temporary file and an atomic rename.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from pmplan.workspace.messages import describe_errors
from pmplan.workspace.models import KINDS, validate
from pmplan.workspace.reader import POS_KEY, YamlProblem, parse_yaml
from pmplan.workspace.vocabulary import ID_MAX_LENGTH, ID_PATTERN, STATUSES

if TYPE_CHECKING:
    from pmplan.workspace.index import ActionView, GroupView, Workspace

BOM = "\ufeff"
ACTION_ORDER = (
    "id",
    "title",
    "how",
    "leads",
    "timescale",
    "due",
    "baseline",
    "priority",
    "status",
    "updates",
    "next",
    "links",
    "see",
)
GROUP_ORDER = ("id", "title", "response", "description", "leads", "links", "updates", "actions")
_RESERVED = frozenset({"true", "false", "null", "~", "yes", "no", "on", "off", "y", "n"})
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")


class EditError(Exception):
    """The edit cannot be made: the file is left untouched."""


@dataclass(frozen=True, slots=True)
class Edits:
    """What ``pmplan update`` changes; None leaves a field alone."""

    status: str | None = None
    note: str | None = None
    date: date | None = None
    """The date of the update given by ``note``."""
    timescale: str | None = None
    leads: tuple[str, ...] | None = None


# --- where things are written ------------------------------------------------------------


@dataclass(slots=True)
class Node:
    """A YAML node and where it is written (character offsets into the text)."""

    kind: str
    """map, seq, scalar or alias."""
    start: int
    end: int
    column: int
    flow: bool = False
    style: str | None = None
    value: str | None = None
    anchor: str | None = None
    pairs: list[tuple[Node, Node]] = field(default_factory=list)
    items: list[Node] = field(default_factory=list)

    def get(self, key: str) -> tuple[Node, Node] | None:
        return next(((k, v) for k, v in self.pairs if k.value == key), None)

    @property
    def is_null(self) -> bool:
        return (
            self.kind == "scalar" and self.style is None and self.value in {"", "~", "null", "Null", "NULL"}
        )


def parse_nodes(text: str) -> Node:
    """The document's node tree with positions, from ruamel.yaml's parse events."""
    from ruamel.yaml import YAML  # noqa: PLC0415 - only update needs it
    from ruamel.yaml.error import YAMLError  # noqa: PLC0415

    stack: list[Node] = []
    pending_key: list[Node | None] = []
    root: Node | None = None
    try:
        for event in YAML(typ="rt").parse(text):
            name = type(event).__name__
            if name in {"MappingStartEvent", "SequenceStartEvent"}:
                node = Node(
                    "map" if name == "MappingStartEvent" else "seq",
                    event.start_mark.index,
                    event.start_mark.index,
                    event.start_mark.column,
                    flow=bool(event.flow_style),
                    anchor=event.anchor,
                )
                stack.append(node)
                pending_key.append(None)
                continue
            if name in {"MappingEndEvent", "SequenceEndEvent"}:
                node = stack.pop()
                pending_key.pop()
                node.end = event.end_mark.index  # a block collection: see _Text.content_end
            elif name in {"ScalarEvent", "AliasEvent"}:
                node = Node(
                    "scalar" if name == "ScalarEvent" else "alias",
                    event.start_mark.index,
                    event.end_mark.index,
                    event.start_mark.column,
                    style=getattr(event, "style", None),
                    value=getattr(event, "value", None),
                    anchor=getattr(event, "anchor", None),
                )
            else:
                continue
            if not stack:
                root = node
                continue
            parent = stack[-1]
            if parent.kind == "seq":
                parent.items.append(node)
            elif pending_key[-1] is None:
                pending_key[-1] = node
            else:
                key = pending_key[-1]
                assert key is not None
                parent.pairs.append((key, node))
                pending_key[-1] = None
    except YAMLError as exc:
        raise EditError(f"the file is not valid YAML: {exc}") from None
    if root is None:
        raise EditError("the file holds no YAML")
    return root


class _Text:
    """The text being edited, with the helpers to find lines in it."""

    def __init__(self, text: str):
        self.text = text
        self.nl = "\r\n" if "\r\n" in text else "\n"

    def content_end(self, node: Node) -> int:
        if node.kind == "scalar" and node.style in {"|", ">"}:
            end = node.end
            while end > node.start and self.text[end - 1] in " \t\r\n":
                end -= 1
            return end
        if node.kind in {"map", "seq"} and not node.flow:
            if node.kind == "map" and node.pairs:
                key, value = node.pairs[-1]
                return key.end if value.start == value.end and value.is_null else self.content_end(value)
            if node.kind == "seq" and node.items:
                return self.content_end(node.items[-1])
        return node.end

    def line_end(self, index: int) -> int:
        """Where the line holding ``index`` ends (before its line break)."""
        end = self.text.find("\n", index)
        if end == -1:
            return len(self.text)
        return end - 1 if end > 0 and self.text[end - 1] == "\r" else end

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def colon_after(self, key: Node) -> int:
        """The index just past the ``:`` that follows a key."""
        at = self.text.index(":", key.end)
        return at + 1


# --- rendering values ----------------------------------------------------------------------


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
        return json.dumps(value, ensure_ascii=False)
    if plain_ok(value, flow):
        return value
    return json.dumps(value, ensure_ascii=False)


# --- the edits, as splices ------------------------------------------------------------------------


def find_target(root: Node, group_key: str, group_id: str, action_id: str | None) -> Node:
    """The mapping of the action (or, with no ``action_id``, of the recommendation or theme)."""
    groups = root.get(group_key) if root.kind == "map" else None
    group = _by_id(groups[1] if groups else None, group_id)
    if group is None:
        raise EditError(f"cannot find {group_key} item '{group_id}' in the file")
    if action_id is None:
        return _editable(group)
    actions = group.get("actions")
    action = _by_id(actions[1] if actions else None, action_id)
    if action is None:
        raise EditError(f"cannot find action '{action_id}' under '{group_id}' in the file")
    return _editable(action)


def _by_id(seq: Node | None, wanted: str) -> Node | None:
    if seq is None or seq.kind != "seq":
        return None
    for item in seq.items:
        if item.kind == "map":
            found = item.get("id")
            if found is not None and found[1].kind == "scalar" and found[1].value == wanted:
                return item
    return None


def _editable(node: Node) -> Node:
    if node.kind != "map" or any(k.value == "<<" for k, _ in node.pairs) or node.anchor:
        raise EditError("the item is written with YAML anchors or merge keys ('<<'): edit it by hand")
    return node


def _sequence_offsets(root: Node, group_key: str, group_id: str) -> tuple[int, int]:
    """How this file indents a list under its key, and a mapping after its dash (e.g. 2, 2),
    read from the list of actions (or recommendations) around the item."""
    groups = root.get(group_key)
    if groups is None or groups[1].kind != "seq" or groups[1].flow:
        return 2, 2
    key, seq = groups
    group = _by_id(seq, group_id)
    if (
        group is not None
        and (actions := group.get("actions"))
        and actions[1].kind == "seq"
        and not actions[1].flow
    ):
        key, seq = actions
    first = seq.items[0] if seq.items else None
    dash = seq.column - key.column
    inner = (first.column - seq.column) if first is not None and first.kind == "map" else 2
    return max(dash, 0), max(inner, 1)


Splice = tuple[int, int, str, int]
"""(start, end, new text, rank): replace ``text[start:end]``; rank orders inserts at one place."""


def set_scalar(doc: _Text, target: Node, key: str, value: str, order: tuple[str, ...]) -> list[Splice]:
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
    doc: _Text, target: Node, key: str, value: str, order: tuple[str, ...], block: str = ""
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


def set_leads(doc: _Text, target: Node, leads: tuple[str, ...], order: tuple[str, ...]) -> list[Splice]:
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


def _set_block_list(doc: _Text, node: Node, values: tuple[str, ...], rank: int) -> list[Splice]:
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
    doc: _Text, target: Node, when: date, text: str, order: tuple[str, ...], offsets: tuple[int, int]
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


def _item_lines(doc: _Text, dash: int, key: int, keys: list[str], day: str, text: str) -> str:
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


# --- the whole update ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    """Where the item is: ``group_key`` (recommendations or themes), its group's id and
    (for an action) its own id."""

    group_key: str
    group_id: str
    action_id: str | None = None


def edit_text(text: str, target: Target, edits: Edits) -> tuple[str, bool]:
    """The file's text with the edits spliced in (a BOM, if any, kept); and whether the new
    update went first (the file lists updates newest first). Pure: text in, text out.

    The file is parsed once; every splice is worked out on the original text, then applied
    from the end of the file backwards so that none moves another. Inserts at one place go
    in the usual key order.
    """
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom) :]
    order = ACTION_ORDER if target.action_id is not None else GROUP_ORDER
    root = parse_nodes(body)
    node = find_target(root, target.group_key, target.group_id, target.action_id)
    doc = _Text(body)
    splices: list[Splice] = []
    first = False
    if edits.timescale is not None:
        splices += set_scalar(doc, node, "timescale", edits.timescale, order)
    if edits.status is not None:
        splices += set_scalar(doc, node, "status", edits.status, order)
    if edits.leads is not None:
        splices += set_leads(doc, node, edits.leads, order)
    if edits.note is not None:
        offsets = _sequence_offsets(root, target.group_key, target.group_id)
        splice, first = add_update(doc, node, edits.date or date.today(), edits.note, order, offsets)
        splices.append(splice)
    for start, end, new, _ in sorted(splices, key=lambda s: (s[0], s[3]), reverse=True):
        body = body[:start] + new + body[end:]
    return bom + body, first


def verify(old_text: str, new_text: str, target: Target, edits: Edits, first: bool) -> None:
    """The new text is a valid plan file, and reads as the old one with only the edits made."""
    new_data = parse_yaml(new_text.removeprefix(BOM))
    if isinstance(new_data, YamlProblem):
        raise EditError(f"the edit would make the file unreadable ({new_data.message}); file left as it was")
    kind = new_data.get("kind") if isinstance(new_data, dict) else None
    model = KINDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        raise EditError("the file is not a plan file ('kind:' missing)")
    try:
        validate(model, new_data)
    except ValidationError as exc:
        line, column, message = describe_errors(exc, new_data, model)[0]
        raise EditError(
            f"the edit would make the file invalid: line {line}: {message}; file left as it was"
        ) from None
    old_data = parse_yaml(old_text.removeprefix(BOM))
    expected = _expected(strip_pos(old_data), target, edits, first)
    if _normal(expected) != _normal(strip_pos(new_data)):
        raise EditError("internal check failed: the edit would change more than asked; file left as it was")


def strip_pos(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: strip_pos(v) for k, v in data.items() if k != POS_KEY}
    if isinstance(data, list):
        return [strip_pos(v) for v in data]
    return data


def _expected(data: Any, target: Target, edits: Edits, first: bool) -> Any:
    group = next(g for g in data[target.group_key] if str(g.get("id")) == target.group_id)
    item = group
    if target.action_id is not None:
        item = next(a for a in group["actions"] if str(a.get("id")) == target.action_id)
    if edits.timescale is not None:
        item["timescale"] = edits.timescale
    if edits.status is not None:
        item["status"] = edits.status
    if edits.leads is not None:
        item["leads"] = list(edits.leads)
    if edits.note is not None:
        update = {"date": (edits.date or date.today()).isoformat(), "text": edits.note}
        updates = list(item.get("updates") or [])
        item["updates"] = [update, *updates] if first else [*updates, update]
    return data


def _normal(data: Any) -> Any:
    """Leads written as one id or a list of one compare alike."""
    if isinstance(data, dict):
        return {k: ([v] if k == "leads" and isinstance(v, str) else _normal(v)) for k, v in data.items()}
    if isinstance(data, list):
        return [_normal(v) for v in data]
    return data


def check_values(edits: Edits, people: set[str], today: date) -> None:
    """Refuse values that would be wrong before touching the file, with a did-you-mean."""
    if edits.status is not None and edits.status not in STATUSES:
        hint = difflib.get_close_matches(edits.status, STATUSES, n=1, cutoff=0.5)
        extra = f" (did you mean '{hint[0]}'?)" if hint else ""
        raise EditError(
            f"--status '{edits.status}' is not a status{extra}; statuses are {', '.join(STATUSES)}"
        )
    for lead in edits.leads or ():
        if not re.match(ID_PATTERN, lead) or len(lead) > ID_MAX_LENGTH:
            raise EditError(f"--lead '{lead}' is not a valid id (letters, digits and '._/-')")
        if people and lead not in people:
            hint = difflib.get_close_matches(lead, sorted(people), n=1, cutoff=0.5)
            extra = f" (did you mean '{hint[0]}'?)" if hint else ""
            raise EditError(f"--lead '{lead}' is nobody in the people file{extra}")
    if edits.note is not None and not edits.note.strip():
        raise EditError("--note is empty: say what happened")
    if edits.timescale is not None and not edits.timescale.strip():
        raise EditError("--timescale is empty")
    if edits.note is not None and edits.date is not None and edits.date > today:
        raise EditError(
            f"--date {edits.date.isoformat()} is after today ({today.isoformat()}): an update records what "
            "has happened (lint reports future-dated updates)"
        )


def unified_diff(path: str, old: str, new: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{path}", f"b/{path}"
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What ``pmplan update`` did (or, for a dry run, would do)."""

    ref: str
    path: Path
    changed: bool
    summary: str
    diff: str
    warnings: tuple[str, ...] = ()


def apply_update(ws: Workspace, ref: str, edits: Edits, *, today: date, write: bool = True) -> Outcome:
    """Make the edits to the item ``ref`` (an action, or a recommendation or theme) of the
    loaded workspace ``ws`` in its plan file; with ``write`` False, only say what would change."""
    from pmplan.dates.timescale import read_timescale  # noqa: PLC0415
    from pmplan.files import atomic_write  # noqa: PLC0415

    check_values(edits, set(ws.people), today)
    action, group_view = find_item(ws, ref)
    if action is not None:
        plan, group, source, full_ref = action.plan, action.group, action.source, action.ref
        target = Target(plan.group_key, group.id, action.action.id)
        current = {
            "status": action.status,
            "timescale": action.action.timescale,
            "leads": tuple(action.action.leads or ()),
        }
    else:
        assert group_view is not None
        if edits.status is not None or edits.timescale is not None:
            raise EditError(
                f"{group_view.ref} is a recommendation or theme: it has no status or timescale of its own"
            )
        plan, group, source, full_ref = group_view.plan, group_view.group, group_view.source, group_view.ref
        target = Target(plan.group_key, group.id)
        current = {"leads": tuple(group.leads or ())}
    edits = _only_changes(edits, current)
    path = Path(source.path)
    rel = source.rel
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EditError(f"cannot read {rel}: {exc}") from None
    if edits == Edits(date=edits.date):
        return Outcome(full_ref, path, False, f"{full_ref}: nothing to change (already so)", "")
    new_text, first = edit_text(text, target, edits)
    verify(text, new_text, target, edits, first)
    warnings: list[str] = []
    if action is not None and edits.timescale is not None and action.action.due is not None:
        warnings.append(
            f"the action's 'due: {action.action.due.isoformat()}' overrides its timescale, "
            "so its due date has not moved: change or remove 'due:' by hand if it should"
        )
    elif action is not None and edits.timescale is not None and edits.note is None:
        reading = read_timescale(edits.timescale, ws.config.financial_year)
        if reading.due and action.due and reading.due > action.due:
            days = (reading.due - action.due).days
            warnings.append(
                f"the due date moves {days} days later with no --note saying why: "
                "'pmplan diff --check' will ask for an update"
            )
    if write:
        if path.read_bytes() != raw:
            raise EditError(f"{rel} changed while pmplan was editing it: run the command again")
        try:
            atomic_write(path, new_text.encode("utf-8"))
        except OSError as exc:
            raise EditError(f"cannot write {rel}: {exc.strerror or exc}") from None
    return Outcome(
        full_ref,
        path,
        True,
        _summary(full_ref, rel, current, edits),
        unified_diff(rel, text, new_text),
        tuple(warnings),
    )


def _only_changes(edits: Edits, current: dict[str, Any]) -> Edits:
    return Edits(
        status=None if edits.status == current.get("status") else edits.status,
        note=edits.note,
        date=edits.date,
        timescale=None if edits.timescale == current.get("timescale") else edits.timescale,
        leads=None if edits.leads is not None and tuple(edits.leads) == current.get("leads") else edits.leads,
    )


def _summary(ref: str, rel: str, current: dict[str, Any], edits: Edits) -> str:
    parts = []
    if edits.status is not None:
        parts.append(f"status {current.get('status')} → {edits.status}")
    if edits.timescale is not None:
        parts.append(f"timescale {current.get('timescale') or 'none'} → {edits.timescale}")
    if edits.leads is not None:
        parts.append(f"leads {', '.join(current.get('leads') or ()) or 'none'} → {', '.join(edits.leads)}")
    if edits.note is not None:
        parts.append(f"update added ({(edits.date or date.today()).isoformat()})")
    return f"Updated {ref} in {rel}: {'; '.join(parts)}."


def find_item(ws: Workspace, ref: str) -> tuple[ActionView | None, GroupView | None]:
    """(action view, None) or (None, group view) for a reference; EditError with a
    did-you-mean when nothing (or more than one thing) has it."""
    if ref in ws.actions:
        return ws.actions[ref], None
    if ref in ws.groups:
        return None, ws.groups[ref]
    actions = [a for a in ws.action_list if a.local_ref == ref]
    groups = [g for g in ws.groups.values() if g.ref.split(":", 1)[1] == ref]
    found = [a.ref for a in actions] + [g.ref for g in groups]
    if len(found) == 1:
        return (actions[0], None) if actions else (None, groups[0])
    if len(found) > 1:
        raise EditError(f"'{ref}' is in more than one plan: give the plan too ({', '.join(found)})")
    known = [*ws.actions, *(a.local_ref for a in ws.action_list), *ws.groups]
    hint = difflib.get_close_matches(ref, list(dict.fromkeys(known)), n=3)
    extra = f" Did you mean: {', '.join(hint)}?" if hint else ""
    raise EditError(f"no action, recommendation or theme has the reference '{ref}'.{extra}")
