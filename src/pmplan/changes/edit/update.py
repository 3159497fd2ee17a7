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

from pmplan.changes.edit.audit import Extend, Verify, audit_summary, expect, prepare
from pmplan.changes.edit.check import by_id, verify_text
from pmplan.changes.edit.nodes import EditError
from pmplan.workspace.index import ActionView, GroupView, Workspace
from pmplan.workspace.models import Action, Group, field_order
from pmplan.workspace.vocabulary import ID_MAX_LENGTH, ID_PATTERN, STATUSES

ACTION_ORDER = field_order(Action)
"""Where a new key goes among an action's keys: the order the format lists them in."""
GROUP_ORDER = field_order(Group)


@dataclass(frozen=True, slots=True)
class Edits:
    """What ``pmplan update`` (or a quarterly return) changes in an action; None leaves a
    field alone."""

    status: str | None = None
    note: str | None = None
    date: date | None = None
    """The date of the update given by ``note``."""
    timescale: str | None = None
    leads: tuple[str, ...] | None = None
    next: str | None = None
    """The next step."""
    baseline: str | None = None
    """The originally agreed timescale, kept when the timescale is revised."""
    by: str | None = None
    """Who gave the update (a person id), written as the update's ``by``."""
    evidence: str | None = None
    """A piece of evidence to add."""
    verify: Verify | None = None
    """``verified: {by, date}`` to record."""
    extend: Extend | None = None
    """An extension asked for, approved or refused."""


@dataclass(frozen=True, slots=True)
class Target:
    """Where the item is: ``group_key`` (recommendations or themes), its group's id and
    (for an action) its own id."""

    group_key: str
    group_id: str
    action_id: str | None = None


def edit_text(text: str, target: Target, edits: Edits) -> tuple[str, bool]:
    """The file's text with the edits spliced in (a BOM, if any, kept); and whether the new
    update went first (the file lists updates newest first). Pure: text in, text out."""
    new_text, firsts = edit_items(text, [(target, edits)])
    return new_text, firsts[0]


def edit_items(text: str, items: list[tuple[Target, Edits]]) -> tuple[str, list[bool]]:
    """The file's text with the edits to each item spliced in, and for each whether its new
    update went first (see :class:`~pmplan.changes.edit.batch.FileEdits`: the file is read
    once, and every splice is worked out on the text as it was)."""
    from pmplan.changes.edit.batch import FileEdits

    edits = FileEdits(text)
    for target, item_edits in items:
        edits.edit_action(target, item_edits)
    new_text = edits.text()
    return new_text, [edits.firsts.get(target, False) for target, _ in items]


def verify(old_text: str, new_text: str, target: Target, edits: Edits, first: bool) -> None:
    """The new text is a valid plan file, and reads as the old one with only the edits made."""
    verify_items(old_text, new_text, [(target, edits, first)])


def verify_items(
    old_text: str, new_text: str, items: list[tuple[Target, Edits, bool]], old_data: Any = None
) -> Any:
    """:func:`verify` for the edits of :func:`edit_items`; returns the new text's data."""

    def expect(data: Any) -> None:
        for target, edits, first in items:
            _expected(data, target, edits, first)

    return verify_text(old_text, new_text, expect, old_data)


def _expected(data: Any, target: Target, edits: Edits, first: bool) -> None:
    item = group = by_id(data[target.group_key], target.group_id)
    if target.action_id is not None:
        item = by_id(group["actions"], target.action_id)
    for key in ("timescale", "baseline", "status", "next"):
        value = getattr(edits, key)
        if value is not None:
            item[key] = value
    expect(item, edits.evidence, edits.verify, edits.extend)
    if edits.leads is not None:
        item["leads"] = list(edits.leads)
    if edits.note is not None:
        update = {"date": (edits.date or date.today()).isoformat(), "text": edits.note}
        if edits.by:
            update["by"] = edits.by
        updates = list(item.get("updates") or [])
        item["updates"] = [update, *updates] if first else [*updates, update]


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
            actions = ", ".join(a.ref for a in group_view.actions)
            hint = f"; extend one of its actions ({actions})" if edits.extend is not None and actions else ""
            raise EditError(
                f"{group_view.ref} is a recommendation or theme: it has no status or timescale of its own{hint}"
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
    return Edits(
        status=None if edits.status == current.get("status") else edits.status,
        note=edits.note,
        date=edits.date,
        timescale=None if edits.timescale == current.get("timescale") else edits.timescale,
        leads=None if edits.leads is not None and tuple(edits.leads) == current.get("leads") else edits.leads,
        evidence=edits.evidence,
        verify=edits.verify,
        extend=edits.extend,
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
