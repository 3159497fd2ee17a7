"""``pmplan update``: change an action in its plan file by splicing only the values changed.

A YAML round trip re-indents and re-flows; a plan file belongs to the people who write
it. So the file is parsed only to find where things are written (:mod:`.nodes`), and each
edit is a small splice into the original text (:mod:`.splice`). Every other byte stays as it
was: comments, key order, quoting, flow style, block scalars, CRLF, a BOM.

The edited text is then checked twice before anything is written: it must load and
validate as a plan file, and it must read back as the old data with exactly the requested
values changed. The file is written through a temporary file and an atomic rename."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pmplan.changes.edit.audit import (
    Extend,
    Verify,
    add_evidence,
    add_extension,
    add_verified,
    audit_summary,
    expect,
    prepare,
    rule_on_pending,
)
from pmplan.changes.edit.nodes import EditError, SourceText, find_target, parse_nodes, sequence_offsets
from pmplan.changes.edit.splice import BOM, Splice, add_update, set_leads, set_scalar
from pmplan.workspace.index import ActionView, GroupView, Workspace
from pmplan.workspace.messages import describe_errors
from pmplan.workspace.models import KINDS, Action, Group, field_order, validate
from pmplan.workspace.reader import POS_KEY, YamlProblem, parse_yaml
from pmplan.workspace.vocabulary import ID_MAX_LENGTH, ID_PATTERN, STATUSES

ACTION_ORDER = field_order(Action)
"""Where a new key goes among an action's keys: the order the format lists them in."""
GROUP_ORDER = field_order(Group)


@dataclass(frozen=True, slots=True)
class Edits:
    """What ``pmplan update`` changes; None leaves a field alone."""

    status: str | None = None
    note: str | None = None
    date: date | None = None
    """The date of the update given by ``note``."""
    timescale: str | None = None
    leads: tuple[str, ...] | None = None
    baseline: str | None = None
    """The originally agreed timescale, kept when the timescale is revised."""
    evidence: str | None = None
    """A piece of evidence to add."""
    verify: Verify | None = None
    extend: Extend | None = None


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
    doc = SourceText(body)
    splices: list[Splice] = []
    first = False
    if edits.timescale is not None:
        splices += set_scalar(doc, node, "timescale", edits.timescale, order)
    if edits.baseline is not None:
        splices += set_scalar(doc, node, "baseline", edits.baseline, order)
    offsets = sequence_offsets(root, target.group_key, target.group_id)
    if edits.extend is not None:
        extend = edits.extend
        splices.append(
            rule_on_pending(doc, node, extend)
            if extend.decide_pending
            else add_extension(doc, node, extend, order, offsets)
        )
    if edits.evidence is not None:
        splices.append(add_evidence(doc, node, edits.evidence, order, offsets))
    if edits.verify is not None:
        splices.append(add_verified(doc, node, edits.verify, order))
    if edits.status is not None:
        splices += set_scalar(doc, node, "status", edits.status, order)
    if edits.leads is not None:
        splices += set_leads(doc, node, edits.leads, order)
    if edits.note is not None:
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
    if edits.baseline is not None:
        item["baseline"] = edits.baseline
    if edits.status is not None:
        item["status"] = edits.status
    expect(item, edits.evidence, edits.verify, edits.extend)
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
    from pmplan.dates.timescale import read_timescale
    from pmplan.files import atomic_write

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
        if edits.status is not None or edits.timescale is not None or edits.extend is not None:
            raise EditError(
                f"{group_view.ref} is a recommendation or theme: it has no status or timescale of its own"
                + (
                    f"; extend one of its actions ({', '.join(a.ref for a in group_view.actions)})"
                    if edits.extend and group_view.actions
                    else ""
                )
            )
        plan, group, source, full_ref = group_view.plan, group_view.group, group_view.source, group_view.ref
        target = Target(plan.group_key, group.id)
        current = {"leads": tuple(group.leads or ())}
    edits = prepare(ws, action, group_view, _only_changes(edits, current))
    path = Path(source.path)
    rel = source.rel
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EditError(f"cannot read {rel}: {exc}") from None
    if replace(edits, date=None) == Edits():
        return Outcome(full_ref, path, False, f"{full_ref}: nothing to change (already so)", "")
    new_text, first = edit_text(text, target, edits)
    verify(text, new_text, target, edits, first)
    warnings: list[str] = []
    if action is not None and edits.timescale is not None and action.action.due is not None:
        warnings.append(
            f"the action's 'due: {action.action.due.isoformat()}' overrides its timescale, "
            "so its due date has not moved: change or remove 'due:' by hand if it should"
        )
    elif action is not None and edits.timescale is not None and edits.note is None and edits.extend is None:
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
    return replace(
        edits,
        status=None if edits.status == current.get("status") else edits.status,
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
    parts += audit_summary(edits.evidence, edits.verify, edits.extend)
    return f"Updated {ref} in {rel}: {'; '.join(parts)}."


def find_item(ws: Workspace, ref: str) -> tuple[ActionView | None, GroupView | None]:
    """(action view, None) or (None, group view) for a reference; EditError with a
    did-you-mean when nothing (or more than one thing) has it."""
    found = ws.find(ref, ("action", "group"))
    if isinstance(found.item, GroupView):
        return None, found.item
    assert isinstance(found.item, ActionView)
    return found.item, None
