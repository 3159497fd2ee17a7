"""The audit edits of ``pmplan update``: a piece of evidence added, a verification recorded,
an extension asked for, approved or refused. Spliced into the text as the other edits are,
each in the layout of its neighbours, and checked against what the data should become."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from pmplan.changes.edit.nodes import EditError, Node, SourceText
from pmplan.changes.edit.splice import Splice, _rank, insert_key, render
from pmplan.workspace.audit import same_timescale, stage_of
from pmplan.workspace.index import ActionView, GroupView, Workspace
from pmplan.workspace.models import Extension, field_order
from pmplan.workspace.vocabulary import Decision, Stage, Status

if TYPE_CHECKING:
    from pmplan.changes.edit.update import Edits

EXTENSION_ORDER = tuple(name for name in field_order(Extension))


@dataclass(frozen=True, slots=True)
class Verify:
    """``verified: {by, date}``."""

    by: str
    day: date


@dataclass(frozen=True, slots=True)
class Extend:
    """An extension: asked for (no ruling), or approved or refused on ``day``."""

    timescale: str
    day: date
    reason: str | None = None
    approved_by: str | None = None
    refused_by: str | None = None
    decide_pending: bool = False
    """Rule on the request already in the file (the last, still pending) rather than add one."""

    @property
    def ruling(self) -> tuple[str, str] | None:
        """(``approved`` or ``refused``, by whom), or None for a request."""
        if self.approved_by:
            return "approved", self.approved_by
        if self.refused_by:
            return "refused", self.refused_by
        return None


def _flow_map(pairs: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{key}: {render(value, flow=True)}" for key, value in pairs) + "}"


def _ruling_text(extend: Extend) -> str | None:
    ruling = extend.ruling
    if ruling is None:
        return None
    return _flow_map([("by", ruling[1]), ("date", extend.day.isoformat())])


# --- splices ------------------------------------------------------------------------------------


def add_evidence(
    doc: SourceText, target: Node, text: str, order: tuple[str, ...], offsets: tuple[int, int]
) -> Splice:
    """Add a piece of evidence: ``evidence: TEXT`` where there is none; a list where there is."""
    found = target.get("evidence")
    rank = _rank("evidence", order)
    if found is None:
        return insert_key(doc, target, "evidence", render(text, flow=target.flow), order)
    key, node = found
    dash, _ = offsets
    if node.kind == "scalar" and not node.is_null:
        if node.style in {"|", ">"} or target.flow:
            raise EditError("'evidence' is written in a way pmplan cannot add to safely: edit it by hand")
        old = doc.text[node.start : doc.content_end(node)]
        pad = " " * (target.column + dash)
        lines = doc.nl + pad + "- " + old + doc.nl + pad + "- " + render(text)
        return (doc.colon_after(key), doc.content_end(node), lines, rank)
    if node.kind != "seq" or any(item.kind != "scalar" for item in node.items):
        raise EditError("'evidence' is not a list of texts: fix the file first")
    if node.flow or not node.items:
        close = node.end - 1
        while close > node.start + 1 and doc.text[close - 1] in " \t":
            close -= 1
        return (close, close, (", " if node.items else "") + render(text, flow=True), rank)
    last = node.items[-1]
    prefix = doc.text[doc.line_start(last.start) : last.start]
    if prefix.strip() != "-":
        raise EditError("'evidence' is written in a way pmplan cannot add to safely: edit it by hand")
    at = doc.line_end(doc.content_end(last))
    return (at, at, doc.nl + prefix + render(text), rank)


def add_verified(doc: SourceText, target: Node, verify: Verify, order: tuple[str, ...]) -> Splice:
    if target.get("verified") is not None:
        raise EditError("it is already verified: edit 'verified:' by hand to change it")
    value = _flow_map([("by", verify.by), ("date", verify.day.isoformat())])
    return insert_key(doc, target, "verified", value, order)


Value = str | list[tuple[str, str]]
"""A request's value: text, or a mapping (a ruling) as (key, text) pairs."""


def _request(extend: Extend) -> list[tuple[str, Value]]:
    pairs: list[tuple[str, Value]] = [("asked", extend.day.isoformat()), ("timescale", extend.timescale)]
    if extend.reason:
        pairs.append(("reason", extend.reason))
    ruling = extend.ruling
    if ruling is not None:
        pairs.append((ruling[0], [("by", ruling[1]), ("date", extend.day.isoformat())]))
    return pairs


def _written(value: Value, flow: bool) -> str:
    return render(value, flow=flow) if isinstance(value, str) else _flow_map(value)


def add_extension(
    doc: SourceText, target: Node, extend: Extend, order: tuple[str, ...], offsets: tuple[int, int]
) -> Splice:
    """A new request at the end of ``extensions`` (oldest first), with its ruling if it has one."""
    pairs = _request(extend)
    block = [(key, _written(value, False)) for key, value in pairs]
    flow_item = "{" + ", ".join(f"{key}: {_written(value, True)}" for key, value in pairs) + "}"
    found = target.get("extensions")
    rank = _rank("extensions", order)
    dash, inner = offsets
    column = target.column + dash
    if found is None:
        if target.flow:
            return insert_key(doc, target, "extensions", f"[{flow_item}]", order)
        lines = doc.nl + _item(doc, column, column + inner, block)
        return insert_key(doc, target, "extensions", "", order, block=lines)
    key, node = found
    if node.kind == "scalar" and node.is_null:
        start = doc.colon_after(key)
        end = doc.content_end(node) if node.start != node.end else start
        return (start, end, doc.nl + _item(doc, column, column + inner, block), rank)
    if node.kind != "seq":
        raise EditError("'extensions' is not a list: fix the file first")
    if node.flow or not node.items:
        close = node.end - 1
        while close > node.start + 1 and doc.text[close - 1] in " \t":
            close -= 1
        return (close, close, (", " if node.items else "") + flow_item, rank)
    last = node.items[-1]
    at = doc.line_end(doc.content_end(last))
    if last.flow or last.kind != "map":
        prefix = doc.text[doc.line_start(last.start) : last.start]
        return (at, at, doc.nl + prefix + flow_item, rank)
    return (at, at, doc.nl + _item(doc, node.column, last.column, block), rank)


def rule_on_pending(doc: SourceText, target: Node, extend: Extend) -> Splice:
    """``approved:`` or ``refused:`` added to the last request in ``extensions``."""
    found = target.get("extensions")
    ruling = extend.ruling
    if found is None or found[1].kind != "seq" or not found[1].items or ruling is None:
        raise EditError("cannot find the extension asked for in the file: edit it by hand")
    item = found[1].items[-1]
    if item.kind != "map":
        raise EditError("the extension is not written as a mapping: edit it by hand")
    return insert_key(doc, item, ruling[0], _ruling_text(extend) or "", EXTENSION_ORDER)


def _item(doc: SourceText, dash: int, key: int, pairs: list[tuple[str, str]]) -> str:
    first = " " * dash + "-" + " " * max(key - dash - 1, 1) + f"{pairs[0][0]}: {pairs[0][1]}"
    return first + "".join(doc.nl + " " * key + f"{k}: {v}" for k, v in pairs[1:])


def audit_splices(
    doc: SourceText, node: Node, edits: Edits, order: tuple[str, ...], offsets: tuple[int, int]
) -> list[Splice]:
    """The splices of an item's audit edits: an extension, a piece of evidence, a verification."""
    splices = []
    if edits.extend is not None:
        extend = edits.extend
        pending = extend.decide_pending
        splices.append(
            rule_on_pending(doc, node, extend)
            if pending
            else add_extension(doc, node, extend, order, offsets)
        )
    if edits.evidence is not None:
        splices.append(add_evidence(doc, node, edits.evidence, order, offsets))
    if edits.verify is not None:
        splices.append(add_verified(doc, node, edits.verify, order))
    return splices


# --- what the data should become ------------------------------------------------------------------


def expect(item: dict[str, Any], evidence: str | None, verify: Verify | None, extend: Extend | None) -> None:
    """Make the audit edits to an item as read from the file (plain dicts and lists)."""
    if evidence is not None:
        old = item.get("evidence")
        item["evidence"] = evidence if old is None else [*(old if isinstance(old, list) else [old]), evidence]
    if verify is not None:
        item["verified"] = {"by": verify.by, "date": verify.day.isoformat()}
    if extend is not None:
        ruling = extend.ruling
        decided = {"by": ruling[1], "date": extend.day.isoformat()} if ruling else None
        requests = list(item.get("extensions") or [])
        if extend.decide_pending and ruling is not None and decided is not None:
            requests[-1] = {**requests[-1], ruling[0]: decided}
        else:
            request: dict[str, Any] = {"asked": extend.day.isoformat(), "timescale": extend.timescale}
            if extend.reason:
                request["reason"] = extend.reason
            if ruling is not None and decided is not None:
                request[ruling[0]] = decided
            requests.append(request)
        item["extensions"] = requests


# --- checking the edits before the file is touched ----------------------------------------------


def prepare(ws: Workspace, action: ActionView | None, group: GroupView | None, edits: Edits) -> Edits:
    """The edits as they will be made, or an EditError saying why they cannot be: evidence
    must say something; only complete work is verified, by someone in the people file; an
    extension is of an action, says why, and once approved moves the timescale (the first
    agreed one kept as ``baseline``)."""
    if edits.evidence is not None and not edits.evidence.strip():
        raise EditError("--evidence is empty: say what shows the work is done")
    if edits.verify is not None:
        _check_verify(ws, action, group, edits)
    if edits.extend is None or action is None:
        return edits
    return _extension_edits(action, edits, edits.extend)


def _check_verify(ws: Workspace, action: ActionView | None, group: GroupView | None, edits: Edits) -> None:
    assert edits.verify is not None
    who = edits.verify.by
    if ws.people and who not in ws.people:
        hint = difflib.get_close_matches(who, sorted(ws.people), n=1, cutoff=0.5)
        extra = f" (did you mean '{hint[0]}'?)" if hint else ""
        raise EditError(f"--by '{who}' is nobody in the people file{extra}: say who verified it")
    if action is not None:
        status = edits.status or action.status
        if status != Status.COMPLETE:
            raise EditError(
                f"{action.ref} is {status}: only complete work is verified (give --status complete too, "
                "if it is done)"
            )
    elif group is not None and stage_of(group) not in {Stage.IMPLEMENTED, Stage.VERIFIED}:
        raise EditError(f"{group.ref} is not implemented yet: every action under it must be closed first")


def _extension_edits(action: ActionView, edits: Edits, extend: Extend) -> Edits:
    if not extend.timescale.strip():
        raise EditError("--extend is empty: give the timescale asked for, e.g. 'Mar 27'")
    requests = action.action.extensions
    last = requests[-1] if requests else None
    pending = (
        last is not None
        and last.decision is Decision.PENDING
        and same_timescale(last.timescale, extend.timescale)
    )
    if pending and extend.ruling is None:
        raise EditError(
            f"{action.ref}: an extension to '{extend.timescale}' was already asked for on {last.asked.isoformat()} "  # type: ignore[union-attr]
            "and awaits a decision: give --approved-by or --refused-by"
        )
    if not pending and not (extend.reason and extend.reason.strip()):
        raise EditError("--reason is needed: say why the date cannot be met")
    if last is not None and pending:
        extend = replace(extend, timescale=last.timescale, decide_pending=True)  # the words as asked
    edits = replace(edits, extend=extend)
    if extend.ruling is None or extend.ruling[0] != "approved":
        return edits
    timescale = action.action.timescale
    if timescale is not None and same_timescale(timescale, extend.timescale):
        return edits
    baseline = timescale if timescale and not action.action.baseline else None
    return replace(edits, timescale=extend.timescale, baseline=baseline)


def audit_summary(evidence: str | None, verify: Verify | None, extend: Extend | None) -> list[str]:
    """The audit edits in the words of ``pmplan update``'s summary."""
    parts = []
    if extend is not None:
        ruling = extend.ruling
        if ruling is None:
            parts.append(f"extension to {extend.timescale} asked for ({extend.day.isoformat()})")
        else:
            parts.append(
                f"extension to {extend.timescale} {ruling[0]} by {ruling[1]} ({extend.day.isoformat()})"
            )
    if evidence is not None:
        parts.append("evidence added")
    if verify is not None:
        parts.append(f"verified by {verify.by} ({verify.day.isoformat()})")
    return parts
