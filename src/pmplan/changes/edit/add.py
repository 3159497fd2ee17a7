"""``pmplan add action PLAN[:GROUP]``: a new action at the end of its recommendation or theme.

The new action takes the next free id in the style of its neighbours (``d`` after ``c``,
``2.5`` after ``2.4``, ``R3.10`` after ``R3.9``), and is written as they are: the same
indentation, the same quoting of ids, leads as a flow or a block list, a blank line between
actions where the file has them. Nothing else in the file changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pmplan.changes.edit.check import by_id, verify_text
from pmplan.changes.edit.nodes import EditError, Node, SourceText, find_target, parse_nodes, sequence_offsets
from pmplan.changes.edit.splice import BOM, insert_key, render
from pmplan.changes.edit.update import GROUP_ORDER, Edits, Outcome, check_values, unified_diff
from pmplan.workspace.index import GroupView, ItemKind, Workspace
from pmplan.workspace.vocabulary import ID_MAX_LENGTH, ID_PATTERN

PLAN_KIND: tuple[ItemKind, ...] = ("plan",)


@dataclass(frozen=True, slots=True)
class NewAction:
    id: str
    title: str
    leads: tuple[str, ...] = ()
    timescale: str | None = None

    def fields(self) -> dict[str, Any]:
        found: dict[str, Any] = {"id": self.id, "title": self.title}
        if self.leads:
            found["leads"] = list(self.leads)
        if self.timescale:
            found["timescale"] = self.timescale
        return found


def next_id(sibling_ids: list[str], group_id: str, plan_ids: list[str]) -> str:
    """The next free action id in the style of its neighbours: the last sibling's id with
    its last number or letter counted on; for a first action, the style of the plan's other
    actions (``1.1`` where they start with their theme's id, else ``a``)."""
    taken = set(sibling_ids)
    if sibling_ids:
        candidate = _after(sibling_ids[-1], sibling_ids)
    elif plan_ids and all(re.fullmatch(r".+[._-]\d+", i) for i in plan_ids):
        candidate = f"{group_id}.1"
    elif plan_ids and all(i.isdigit() for i in plan_ids):
        candidate = "1"
    else:
        candidate = "a"
    while candidate in taken:
        candidate = _after(candidate, [candidate])
    if not re.match(ID_PATTERN, candidate) or len(candidate) > ID_MAX_LENGTH:
        raise EditError(f"cannot make an id after '{sibling_ids[-1]}': give the new action one by hand")
    return candidate


def _after(last: str, siblings: list[str]) -> str:
    if m := re.fullmatch(r"(.*?)(\d+)", last):
        prefix, digits = m.groups()
        numbers = [int(n.group(1)) for s in siblings if (n := re.fullmatch(re.escape(prefix) + r"(\d+)", s))]
        width = len(digits) if digits.startswith("0") else 0
        return f"{prefix}{max(numbers, default=int(digits)) + 1:0{width}d}"
    if m := re.fullmatch(r"(.*?)([a-z]+|[A-Z]+)", last):
        prefix, letters = m.groups()
        same = [s[len(prefix) :] for s in siblings if s.startswith(prefix) and s[len(prefix) :].isalpha()]
        latest = max((s for s in same if s.islower() == letters.islower()), key=lambda s: (len(s), s))
        return prefix + _next_letters(latest)
    return last + "-2"


def _next_letters(letters: str) -> str:
    """``b`` after ``a``, ``aa`` after ``z`` (as spreadsheet columns count)."""
    base = "a" if letters.islower() else "A"
    number = 0
    for ch in letters:
        number = number * 26 + (ord(ch) - ord(base) + 1)
    number += 1
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(ord(base) + rest) + out
    return out


def add_action_text(text: str, group_key: str, group_id: str, action: NewAction) -> str:
    """The file's text with ``action`` added at the end of the group's actions."""
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom) :]
    root = parse_nodes(body)
    doc = SourceText(body)
    group = find_target(root, group_key, group_id, None)
    found = group.get("actions")
    if found is not None and found[1].kind == "seq" and not found[1].flow and found[1].items:
        items = found[1].items
        last = items[-1]
        if last.kind != "map" or last.flow:
            raise EditError("the group's actions are not written as block mappings: add the action by hand")
        prefix = doc.text[doc.line_start(last.start) : last.start]
        if prefix.strip() != "-":
            raise EditError("the group's actions are written in a way pmplan cannot follow: add it by hand")
        gap = _gap(doc, items)
        lines = _lines(doc, action, last, prefix, last.column)
        at = doc.line_end(doc.content_end(last))
        body = body[:at] + doc.nl * (1 + gap) + lines + body[at:]
        return bom + body
    if found is not None and not (found[1].kind == "scalar" and found[1].is_null):
        raise EditError("the group's 'actions' is not a block list: add the action by hand")
    dash, inner = sequence_offsets(root, group_key, group_id)
    column = group.column + dash
    block = doc.nl + _lines(doc, action, None, " " * column + "-" + " " * max(inner - 1, 1), column + inner)
    if found is None:
        start, end, new, _ = insert_key(doc, group, "actions", "", GROUP_ORDER, block=block)
    else:
        key, value = found
        start = doc.colon_after(key)
        end = doc.content_end(value) if value.end > value.start else start
        new = block
    return bom + body[:start] + new + body[end:]


def _gap(doc: SourceText, items: list[Node]) -> int:
    """1 where the file leaves a blank line between actions, else 0."""
    if len(items) < 2:
        return 0
    between = doc.text[doc.line_end(doc.content_end(items[-2])) : doc.line_start(items[-1].start)]
    return 1 if between.replace("\r", "").count("\n") >= 2 else 0


def _lines(doc: SourceText, action: NewAction, like: Node | None, prefix: str, column: int) -> str:
    """The new action's lines: the first after the dash ``prefix``, the rest at ``column``."""
    id_style = None
    leads_node = None
    if like is not None:
        found_id = like.get("id")
        id_style = found_id[1].style if found_id and found_id[1].style in {"'", '"'} else None
        found_leads = like.get("leads")
        leads_node = found_leads[1] if found_leads else None
    indent = " " * column
    lines = [prefix + f"id: {render(action.id, id_style)}", indent + f"title: {render(action.title)}"]
    if action.leads:
        if leads_node is not None and leads_node.kind == "seq" and not leads_node.flow and leads_node.items:
            item_prefix = doc.text[doc.line_start(leads_node.items[0].start) : leads_node.items[0].start]
            lines.append(indent + "leads:")
            lines += [item_prefix + render(lead) for lead in action.leads]
        elif leads_node is not None and leads_node.kind == "scalar" and len(action.leads) == 1:
            lines.append(indent + f"leads: {render(action.leads[0])}")
        else:
            lines.append(
                indent + "leads: [" + ", ".join(render(lead, flow=True) for lead in action.leads) + "]"
            )
    if action.timescale:
        lines.append(indent + f"timescale: {render(action.timescale)}")
    return doc.nl.join(lines)


def verify_added(old_text: str, new_text: str, group_key: str, group_id: str, action: NewAction) -> None:
    def expect(data: Any) -> None:
        group = by_id(data[group_key], group_id)
        actions = group.get("actions")
        if not isinstance(actions, list):
            actions = group["actions"] = []
        actions.append(action.fields())

    verify_text(old_text, new_text, expect)


def apply_add_action(
    ws: Workspace,
    where: str,
    title: str,
    leads: tuple[str, ...],
    timescale: str | None,
    *,
    today: date,
    write: bool = True,
) -> Outcome:
    """Add an action to ``where`` (``PLAN`` with one recommendation or theme, or
    ``PLAN:GROUP``) in its plan file; with ``write`` False, only say what would change."""
    from pmplan.files import atomic_write

    group = find_group(ws, where)
    if not title.strip():
        raise EditError("--title is empty: say what the action is")
    check_values(Edits(leads=leads or None, timescale=timescale), set(ws.people), today)
    plan = group.plan
    sibling_ids = [a.id for a in group.group.actions]
    plan_ids = [a.id for g in plan.groups for a in g.actions]
    new_id = next_id(sibling_ids, group.group.id, plan_ids)
    while _ref(plan.id, group.group.id, new_id) in ws.actions:
        sibling_ids.append(new_id)
        new_id = next_id(sibling_ids, group.group.id, plan_ids)
    action = NewAction(new_id, title.strip(), leads, timescale)
    path, rel = Path(group.source.path), group.source.rel
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EditError(f"cannot read {rel}: {exc}") from None
    new_text = add_action_text(text, plan.group_key, group.group.id, action)
    verify_added(text, new_text, plan.group_key, group.group.id, action)
    if write:
        if path.read_bytes() != raw:
            raise EditError(f"{rel} changed while pmplan was editing it: run the command again")
        try:
            atomic_write(path, new_text.encode("utf-8"))
        except OSError as exc:
            raise EditError(f"cannot write {rel}: {exc.strerror or exc}") from None
    ref = _ref(plan.id, group.group.id, action.id)
    return Outcome(
        ref, path, True, f"Added {ref} to {rel}: {action.title}", unified_diff(rel, text, new_text)
    )


def _ref(plan_id: str, group_id: str, action_id: str) -> str:
    local = action_id if action_id.startswith(group_id + ".") else f"{group_id}.{action_id}"
    return f"{plan_id}:{local}"


def find_group(ws: Workspace, where: str) -> GroupView:
    """The recommendation or theme ``PLAN:GROUP`` names, or a plan's only one for ``PLAN``."""
    plan_id, _, group_id = where.partition(":")
    plan = ws.find(plan_id, PLAN_KIND).item
    groups = [g for g in ws.groups.values() if g.plan is plan]
    if not group_id:
        if len(groups) == 1:
            return groups[0]
        names = ", ".join(f"{plan_id}:{g.group.id}" for g in groups) or "none"
        kind = "themes" if getattr(plan, "themes", None) is not None else "recommendations"
        raise EditError(
            f"{plan_id} has {len(groups)} {kind}: say which, e.g. {plan_id}:{groups[0].group.id if groups else 'R1'} ({names})"
        )
    for view in groups:
        if view.group.id == group_id:
            return view
    close = [g.group.id for g in groups if g.group.id.lower() == group_id.lower()]
    hint = f" Did you mean {plan_id}:{close[0]}?" if close else ""
    raise EditError(f"{plan_id} has no recommendation or theme '{group_id}'.{hint}")
