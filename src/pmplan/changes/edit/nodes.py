"""Where things are written in a plan file: its YAML nodes with their character offsets,
parsed with libyaml, and finding the action or recommendation to edit among them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pmplan.errors import PmplanError


class EditError(PmplanError):
    """The edit cannot be made: the file is left untouched."""


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
    """The document's node tree with positions, from libyaml's parse events (the parser the
    loader reads plan files with, so that both see the same document). Marks count
    characters of ``text``, a CRLF as two, as Python's string indexes do."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    stack: list[Node] = []
    pending_key: list[Node | None] = []
    root: Node | None = None
    try:
        event: Any
        for event in yaml.parse(text, Loader=loader):
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
                node.end = event.end_mark.index  # a block collection: see SourceText.content_end
            elif name in {"ScalarEvent", "AliasEvent"}:
                node = Node(
                    "scalar" if name == "ScalarEvent" else "alias",
                    event.start_mark.index,
                    event.end_mark.index,
                    event.start_mark.column,
                    style=getattr(event, "style", None) or None,
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
    except yaml.YAMLError as exc:
        raise EditError(f"the file is not valid YAML: {exc}") from None
    if root is None:
        raise EditError("the file holds no YAML")
    return root


class SourceText:
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


def sequence_offsets(root: Node, group_key: str, group_id: str) -> tuple[int, int]:
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
