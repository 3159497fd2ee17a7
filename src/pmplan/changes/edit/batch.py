"""Many edits to one plan file, worked out from one reading of its text.

A quarter's returns change one plan file many times over: fifty officers, each with a few of
its actions. Parsing the file once per officer is slow on a large file, so every edit is
worked out on the text as it was, each splice tagged with the set of edits (an officer's
return) it belongs to. Applying the splices of the first *k* sets gives the file as it reads
with those returns applied (one commit per return); applying all gives the final text,
which is checked, as every edit is, to read back as exactly the old data with the intended
values changed.

The same field of an item is set at most once in a batch (a second change to it is a
conflict, decided before); several updates to one item are added one after the other.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from pmplan.changes.edit.audit import audit_splices
from pmplan.changes.edit.audit import expect as audit_expect
from pmplan.changes.edit.check import by_id, verify_text
from pmplan.changes.edit.indicator import ValueEdits, indicator_node, value_splices
from pmplan.changes.edit.nodes import EditError, SourceText, find_target, parse_nodes, sequence_offsets
from pmplan.changes.edit.splice import BOM, Splice, add_updates, set_leads, set_scalar
from pmplan.changes.edit.update import ACTION_ORDER, GROUP_ORDER, Edits, Target
from pmplan.dates.periods import APRIL, FinancialYear

_SCALARS = ("timescale", "baseline", "status", "next")
_LAST = 1 << 30
"""Sorts a splice after every other at its place (a list's closing bracket)."""


@dataclass(frozen=True, slots=True)
class _Splice:
    start: int
    end: int
    new: str
    rank: int
    seq: int
    tag: int


class FileEdits:
    """Edits to one file's text, each tagged; see the module's docstring."""

    def __init__(self, text: str, fy: FinancialYear = APRIL):
        self.original = text
        self.bom = BOM if text.startswith(BOM) else ""
        self.body = text[len(self.bom) :]
        self.fy = fy
        self.root = parse_nodes(self.body)
        self.doc = SourceText(self.body)
        self.actions: dict[Target, list[tuple[Edits, int]]] = defaultdict(list)
        self.values: list[tuple[str, ValueEdits, str, int]] = []
        self.splices: list[_Splice] = []
        self.firsts: dict[Target, bool] = {}
        self._action_splices: list[_Splice] = []
        self._seq = 0
        self._settled = False

    @property
    def tags(self) -> list[int]:
        return sorted({s.tag for s in self._all()})

    def edit_action(self, target: Target, edits: Edits, tag: int = 0) -> None:
        """Edit an action (or a recommendation or theme) as set ``tag``."""
        self.actions[target].append((edits, tag))
        self._settled = False

    def edit_value(self, indicator_id: str, edits: ValueEdits, tag: int = 0) -> str:
        """Set an indicator's value for a period as set ``tag``; returns the period's key."""
        node = indicator_node(self.root, indicator_id)
        splices, key = value_splices(self.doc, node, edits, self.fy)
        if any(i == indicator_id and k == key for i, _, k, _ in self.values):
            raise EditError(f"{indicator_id} {key} is edited twice in one batch: edit it once")
        self.values.append((indicator_id, edits, key, tag))
        self._add(splices, tag)
        return key

    def _add(self, splices: list[Splice], tag: int, seq: int | None = None) -> None:
        for start, end, new, rank in splices:
            self._seq += 1
            self.splices.append(_Splice(start, end, new, rank, self._seq if seq is None else seq, tag))

    def _all(self) -> list[_Splice]:
        if not self._settled:
            self._settle()
        return self.splices + self._action_splices

    def _settle(self) -> None:
        """The actions' splices: each field once; each item's updates one after another."""
        splices: list[_Splice] = []
        for target, entries in self.actions.items():
            order = ACTION_ORDER if target.action_id is not None else GROUP_ORDER
            node = find_target(self.root, target.group_key, target.group_id, target.action_id)
            seen: set[str] = set()
            for edits, tag in entries:
                for key in _SCALARS:
                    value = getattr(edits, key)
                    if value is None:
                        continue
                    if key in seen:
                        raise EditError(f"'{key}' of {_name(target)} is changed twice in one batch")
                    seen.add(key)
                    splices += [_Splice(*s, 0, tag) for s in set_scalar(self.doc, node, key, value, order)]
                if edits.leads is not None:
                    if "leads" in seen:
                        raise EditError(f"the leads of {_name(target)} are changed twice in one batch")
                    seen.add("leads")
                    splices += [_Splice(*s, 0, tag) for s in set_leads(self.doc, node, edits.leads, order)]
                offsets = sequence_offsets(self.root, target.group_key, target.group_id)
                splices += [_Splice(*s, 0, tag) for s in audit_splices(self.doc, node, edits, order, offsets)]
            notes = [(edits, tag) for edits, tag in entries if edits.note is not None]
            if notes:
                offsets = sequence_offsets(self.root, target.group_key, target.group_id)
                parts, first = add_updates(
                    self.doc,
                    node,
                    [(e.date or date.today(), e.note or "", e.by) for e, _ in notes],
                    order,
                    offsets,
                )
                self.firsts[target] = first
                for splice, index, last in parts:
                    splices.append(_Splice(*splice, _LAST if last else index, notes[index][1]))
        self._action_splices = splices
        self._settled = True

    def text(self, upto: int | None = None) -> str:
        """The text with every splice (or those of sets tagged up to ``upto``) applied."""
        chosen = [s for s in self._all() if upto is None or s.tag <= upto]
        chosen.sort(key=lambda s: (s.start, s.rank, s.seq))
        pieces = []
        at = 0
        for splice in chosen:
            if splice.start < at:
                raise EditError("two edits would change the same value: make them one at a time")
            pieces.append(self.body[at : splice.start])
            pieces.append(splice.new)
            at = splice.end
        pieces.append(self.body[at:])
        return self.bom + "".join(pieces)

    def expect(self, data: Any, upto: int | None = None) -> None:
        """Make the intended changes (of sets tagged up to ``upto``) to the file's data."""
        for target, entries in self.actions.items():
            item = group = by_id(data[target.group_key], target.group_id)
            if target.action_id is not None:
                item = by_id(group["actions"], target.action_id)
            new_updates = []
            for edits, tag in entries:
                if upto is not None and tag > upto:
                    continue
                for key in _SCALARS:
                    value = getattr(edits, key)
                    if value is not None:
                        item[key] = value
                if edits.leads is not None:
                    item["leads"] = list(edits.leads)
                audit_expect(item, edits.evidence, edits.verify, edits.extend)
                if edits.note is not None:
                    update = {"date": (edits.date or date.today()).isoformat(), "text": edits.note}
                    if edits.by:
                        update["by"] = edits.by
                    new_updates.append(update)
            if new_updates:
                old = list(item.get("updates") or [])
                item["updates"] = [*new_updates, *old] if self.firsts.get(target) else [*old, *new_updates]
        for indicator_id, value_edits, key, tag in self.values:
            if upto is not None and tag > upto:
                continue
            indicator = by_id(data["indicators"], indicator_id)
            values = indicator.get("values")
            if not isinstance(values, dict):
                values = indicator["values"] = {}
            value = values.get(key)
            if not isinstance(value, dict):
                value = values[key] = {}
            value.update(value_edits.values())

    def verify(self, upto: int | None = None, old_data: Any = None) -> Any:
        """Check the text (with sets up to ``upto``) against the original; returns its data."""
        return verify_text(self.original, self.text(upto), lambda data: self.expect(data, upto), old_data)


def _name(target: Target) -> str:
    return f"{target.group_id}.{target.action_id}" if target.action_id else target.group_id
