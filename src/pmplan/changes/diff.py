"""What changed in the plans between two workspaces, by item rather than by line.

Each workspace is reduced to a :func:`snapshot`: every item (action, recommendation or
theme, plan, indicator, priority, outcome, person, report, glossary term, the vision) under
its reference, with its fields as plain data. Two snapshots are compared reference by
reference (:func:`diff_snapshots`), so moving items between files or splitting a file
changes nothing; a plan whose id changed while its contents stayed is matched as renamed.
Pure: no git, no I/O; :mod:`pmplan.changes.git` loads the revisions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pmplan.findings import Finding, Severity
from pmplan.workspace.index import Workspace
from pmplan.workspace.models import Model, Update
from pmplan.workspace.vocabulary import CLOSED_STATUSES

# Change kinds (CLI.md): a change is one of these.
ADDED = "added"
REMOVED = "removed"
STATUS = "status"
SLIPPED = "slipped"
BROUGHT_FORWARD = "brought-forward"
LEADS = "leads"
UPDATE_ADDED = "update-added"
CHANGED = "changed"
KINDS = (ADDED, REMOVED, STATUS, SLIPPED, BROUGHT_FORWARD, LEADS, UPDATE_ADDED, CHANGED)


@dataclass(frozen=True, slots=True)
class Item:
    """One plan item as plain data, in a form that compares across revisions."""

    ref: str
    """Full reference: ``pm-audit:R1.a``, ``pm-audit:R1``, ``pm-audit``, ``LPI-07``, ``JP``."""
    type: str
    """action, recommendation, theme, plan, indicator, priority, outcome, person, report, term, vision."""
    title: str
    plan: str | None
    """The plan id for actions, recommendations, themes and plans."""
    file: str
    line: int
    fields: dict[str, Any]
    plan_title: str | None = None

    @property
    def namespace(self) -> str:
        return _NAMESPACE[self.type]


_NAMESPACE = {
    "action": "plan",
    "recommendation": "plan",
    "theme": "plan",
    "plan": "plan",
    "indicator": "thread",
    "priority": "thread",
    "outcome": "thread",
    "person": "person",
    "report": "report",
    "term": "term",
    "vision": "vision",
}

Key = tuple[str, str]
"""(namespace, ref): people, reports and the golden thread have separate id namespaces."""


@dataclass(frozen=True, slots=True)
class Change:
    """One change to one item (the JSON shape of ``pmplan diff --format json``)."""

    ref: str
    kind: str
    field: str | None = None
    old: Any = None
    new: Any = None
    days: int | None = None
    item: Item | None = dataclasses.field(default=None, compare=False, repr=False)
    """The item as it is after the change (before it, for a removal)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "kind": self.kind,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "days": self.days,
        }


def _gate(rule: str, ref: str, message: str, where: tuple[str, int]) -> Finding:
    return Finding(where[0], where[1], 1, rule, Severity.ERROR, message, ref)


@dataclass(frozen=True, slots=True)
class DiffResult:
    """What ``pmplan diff`` shows: the labels of both sides, the changes, and (with
    ``--check``) the problems."""

    base: str
    head: str | None
    """None for the working tree."""
    changes: list[Change]
    problems: list[Finding] | None = None
    unreadable: tuple[tuple[str, Finding], ...] = ()
    """("base" or "head", why) for each plan file that does not load on that side: its
    items cannot be compared, and show as removed or added."""

    @property
    def head_label(self) -> str:
        return self.head if self.head is not None else "the working tree"


# --- snapshots --------------------------------------------------------------------------


_NAMES: dict[type, tuple[str, ...]] = {}


def _names(model_type: type) -> tuple[str, ...]:
    """A model's field names, without its position (looked up once per type)."""
    names = _NAMES.get(model_type)
    if names is None:
        names = _NAMES[model_type] = tuple(f.name for f in dataclasses.fields(model_type) if f.name != "pos")
    return names


def plain(value: Any) -> Any:
    """A field's value as plain, comparable data: dates as ISO text, models as dicts."""
    kind = type(value)
    if kind is str or value is None or kind is float or kind is int or kind is bool:
        return value
    if kind is list or kind is tuple:
        return [plain(v) for v in value]
    if isinstance(value, Model):
        found = {}
        for name in _names(kind):
            v = getattr(value, name)
            if v is not None:
                found[name] = plain(v)
        return found
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return str(value)


def _fields(model: Model, skip: Iterable[str] = ()) -> dict[str, Any]:
    skipped = {"id", *skip}
    return {name: plain(getattr(model, name)) for name in _names(type(model)) if name not in skipped}


def _updates(updates: list[Update]) -> list[dict[str, Any]]:
    return [plain(u) for u in updates]


def snapshot(ws: Workspace) -> dict[Key, Item]:
    """Every item of the workspace under (namespace, reference), in file order."""
    items: dict[Key, Item] = {}

    def add(item: Item) -> None:
        items.setdefault((item.namespace, item.ref), item)

    for plan_id, plan in ws.plans.items():
        source = ws.source_of(plan)
        add(
            Item(
                plan_id,
                "plan",
                plan.title,
                plan_id,
                source.rel,
                plan.line()[0],
                _fields(plan, ("kind", "recommendations", "themes")),
                plan.title,
            )
        )
        group_type = "theme" if plan.group_key == "themes" else "recommendation"
        for group in plan.groups:
            view = ws.groups.get(f"{plan_id}:{group.id}")
            if view is None or view.group is not group:
                continue
            fields = _fields(group, ("actions", "updates"))
            fields["updates"] = _updates(group.updates)
            add(
                Item(
                    view.ref,
                    group_type,
                    group.title,
                    plan_id,
                    source.rel,
                    group.line()[0],
                    fields,
                    plan.title,
                )
            )
            for action in view.actions:
                a = action.action
                fields = _fields(a, ("updates", "leads", "status", "due"))
                fields["leads"] = list(action.leads)
                fields["due"] = plain(action.due)
                fields["status"] = action.status
                fields["updates"] = _updates(a.updates)
                add(Item(action.ref, "action", a.title, plan_id, source.rel, a.line()[0], fields, plan.title))
    for indicator_id, indicator in ws.indicators.items():
        add(
            Item(
                indicator_id,
                "indicator",
                indicator.title,
                None,
                ws.source_of(indicator).rel,
                indicator.line()[0],
                _fields(indicator),
            )
        )
    for priority_id, priority in ws.priorities.items():
        add(
            Item(
                priority_id,
                "priority",
                priority.title,
                None,
                ws.source_of(priority).rel,
                priority.line()[0],
                _fields(priority, ("outcomes",)),
            )
        )
    for outcome_id, (outcome, parent) in ws.outcomes.items():
        fields = _fields(outcome)
        fields["priority"] = parent.id
        add(
            Item(
                outcome_id,
                "outcome",
                outcome.title,
                None,
                ws.source_of(outcome).rel,
                outcome.line()[0],
                fields,
            )
        )
    for person_id, person in ws.people.items():
        add(
            Item(
                person_id,
                "person",
                person.name,
                None,
                ws.source_of(person).rel,
                person.line()[0],
                _fields(person),
            )
        )
    for report_id, report in ws.reports.items():
        add(
            Item(
                report_id,
                "report",
                report.title,
                None,
                ws.source_of(report).rel,
                report.line()[0],
                _fields(report),
            )
        )
    glossary = next(iter(ws.of_kind("glossary")), None)
    for term, meaning in ws.terms.items():
        rel = glossary[0].rel if glossary else ""
        add(Item(term, "term", term, None, rel, 1, {"meaning": meaning}))
    if ws.vision is not None:
        framework = next(iter(ws.of_kind("framework")), None)
        add(
            Item(
                "vision",
                "vision",
                "Vision",
                None,
                framework[0].rel if framework else "",
                1,
                {"vision": ws.vision},
            )
        )
    return items


# --- comparing ---------------------------------------------------------------------------

_FIRST = ("due", "status", "leads", "timescale")
"""Fields compared first, so that an item's slippage leads its changes."""


def compare(old: Item | None, new: Item | None) -> list[Change]:
    """The changes that turn ``old`` into ``new`` (the same item in two revisions)."""
    if old is None and new is None:
        return []
    if old is None:
        assert new is not None
        return [Change(new.ref, ADDED, None, None, new.title, item=new)]
    if new is None:
        return [Change(old.ref, REMOVED, None, old.title, None, item=old)]
    changes: list[Change] = []
    if old.type != new.type:
        changes.append(Change(new.ref, CHANGED, "type", old.type, new.type, item=new))
    names = [
        *(f for f in _FIRST if f in old.fields or f in new.fields),
        *(f for f in dict.fromkeys([*old.fields, *new.fields]) if f not in _FIRST),
    ]
    for name in names:
        before, after = old.fields.get(name), new.fields.get(name)
        if before == after:
            continue
        changes.extend(_field_changes(new, name, before, after))
    return changes


def _field_changes(item: Item, name: str, before: Any, after: Any) -> list[Change]:
    ref = item.ref
    if name == "due" and item.type == "action" and before is not None and after is not None:
        days = (date.fromisoformat(after) - date.fromisoformat(before)).days
        return [Change(ref, SLIPPED if days > 0 else BROUGHT_FORWARD, "due", before, after, days, item=item)]
    if name == "status" and item.type == "action":
        return [Change(ref, STATUS, "status", before, after, item=item)]
    if name == "leads" and item.type in {"action", "recommendation", "theme"}:
        return [Change(ref, LEADS, "leads", before, after, item=item)]
    if name == "updates":
        return _update_changes(item, before or [], after or [])
    if name == "values" and isinstance(before, dict) and isinstance(after, dict):
        return _value_changes(item, before, after)
    return [Change(ref, CHANGED, name, before, after, item=item)]


def _update_changes(item: Item, before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[Change]:
    """Updates added, and (rarely) edited or removed: matched by date and text."""
    remaining = list(before)
    added = []
    for update in after:
        if update in remaining:
            remaining.remove(update)
        else:
            added.append(update)
    changes = []
    for update in added:
        edited = next((u for u in remaining if u.get("date") == update.get("date")), None)
        if edited is not None:
            remaining.remove(edited)
            changes.append(Change(item.ref, CHANGED, "updates", edited, update, item=item))
        else:
            changes.append(Change(item.ref, UPDATE_ADDED, "updates", None, update, item=item))
    changes.extend(Change(item.ref, CHANGED, "updates", u, None, item=item) for u in remaining)
    return changes


def _value_changes(item: Item, before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """An indicator's values, period by period and figure by figure."""
    changes = []
    for period in dict.fromkeys([*before, *after]):
        old, new = before.get(period), after.get(period)
        if old == new:
            continue
        if old is None or new is None:
            changes.append(Change(item.ref, CHANGED, f"values.{period}", old, new, item=item))
            continue
        for key in dict.fromkeys([*old, *new]):
            if old.get(key) != new.get(key):
                changes.append(
                    Change(item.ref, CHANGED, f"values.{period}.{key}", old.get(key), new.get(key), item=item)
                )
    return changes


def _contents(items: dict[Key, Item], plan_id: str) -> dict[str, str]:
    """A plan's recommendations/themes and actions: {reference inside the plan: title}."""
    prefix = f"{plan_id}:"
    return {
        item.ref[len(prefix) :]: item.title
        for (ns, ref), item in items.items()
        if ns == "plan" and ref.startswith(prefix)
    }


def plan_renames(base: dict[Key, Item], head: dict[Key, Item]) -> dict[str, str]:
    """Plans whose id changed while their contents stayed: {old id: new id}.

    A plan gone from ``base`` is the same plan as a new one in ``head`` when at least half
    of their recommendations/themes and actions have the same reference and title in both
    (references such as ``R1.a`` alone are common to most audit plans; titles are not).
    """
    gone = [i.ref for k, i in base.items() if i.type == "plan" and k not in head]
    new = [i.ref for k, i in head.items() if i.type == "plan" and k not in base]
    if not gone or not new:
        return {}
    renames: dict[str, str] = {}
    for old_id in gone:
        old = _contents(base, old_id)
        best, score = None, 0.0
        for new_id in new:
            if new_id in renames.values():
                continue
            now = _contents(head, new_id)
            same = sum(1 for ref, title in old.items() if now.get(ref) == title)
            shared = same / max(len(old), len(now), 1)
            if shared > score:
                best, score = new_id, shared
        if best is not None and score >= 0.5:
            renames[old_id] = best
    return renames


def _renamed(item: Item, renames: dict[str, str]) -> Item:
    if item.plan not in renames:
        return item
    new_plan = renames[item.plan]
    ref = new_plan if item.type == "plan" else f"{new_plan}:{item.ref.split(':', 1)[1]}"
    return dataclasses.replace(item, ref=ref, plan=new_plan)


def diff_snapshots(base: dict[Key, Item], head: dict[Key, Item]) -> list[Change]:
    """Every change from ``base`` to ``head``: items in head's order, then removed items."""
    renames = plan_renames(base, head)
    if renames:
        base = {(item.namespace, item.ref): item for item in (_renamed(i, renames) for i in base.values())}
    changes: list[Change] = []
    for key, item in head.items():
        old = base.get(key)
        if item.type == "plan" and item.ref in renames.values():
            old_id = next(o for o, n in renames.items() if n == item.ref)
            changes.append(Change(item.ref, CHANGED, "id", old_id, item.ref, item=item))
        changes.extend(compare(old, item))
    for key, item in base.items():
        if key not in head:
            changes.extend(compare(item, None))
    return changes


def unreadable_files(ws: Workspace) -> list[Finding]:
    """Plan files of the workspace that did not load, each with its first finding."""
    return [
        dataclasses.replace(r.findings[0], message=f"{r.rel} does not load: {r.findings[0].message}")
        for r in ws.files
        if r.model is None and r.findings
    ]


def diff_workspaces(base: Workspace, head: Workspace) -> list[Change]:
    """What changed in the plans from ``base`` to ``head``."""
    return diff_snapshots(snapshot(base), snapshot(head))


# --- the review gate -------------------------------------------------------------------


def check(changes: list[Change]) -> list[Finding]:
    """What the review gate stops: an action that slipped, or a closed action re-opened,
    without an update added in the same change (for a slip, an extension recorded in it
    says why as well); an indicator's target changed without a note."""
    updated = {c.ref for c in changes if c.kind == UPDATE_ADDED}
    extended = {c.ref for c in changes if c.field == "extensions" and c.new}
    noted: set[tuple[str, str]] = set()
    for c in changes:
        if c.field and c.field.startswith("values.") and c.field.endswith(".note") and c.new:
            noted.add((c.ref, c.field.removesuffix(".note")))
    problems = []
    for c in changes:
        item = c.item
        where = (item.file, item.line) if item else ("", 1)
        if c.kind == SLIPPED and c.ref not in updated and c.ref not in extended:
            problems.append(
                _gate(
                    "slipped-without-update",
                    c.ref,
                    f"{c.ref} slipped {c.days} days (due {c.old} → {c.new}) with no update saying why: "
                    f'add one, e.g. pmplan update {c.ref} --note "..."',
                    where,
                )
            )
        elif (
            c.kind == STATUS
            and c.old in CLOSED_STATUSES
            and c.new not in CLOSED_STATUSES
            and c.ref not in updated
        ):
            problems.append(
                _gate(
                    "reopened-without-update",
                    c.ref,
                    f"{c.ref} was re-opened ({c.old} → {c.new}) with no update saying why: "
                    f'add one, e.g. pmplan update {c.ref} --note "..."',
                    where,
                )
            )
        elif (
            c.kind == CHANGED
            and c.field
            and c.field.startswith("values.")
            and c.field.endswith(".target")
            and c.old is not None
            and (c.ref, c.field.removesuffix(".target")) not in noted
        ):
            period = c.field.removeprefix("values.").removesuffix(".target")
            problems.append(
                _gate(
                    "target-changed-without-note",
                    c.ref,
                    f"{c.ref}: the {period} target changed ({_number(c.old)} → {_number(c.new)}) with no note "
                    f"saying why: add a note to that value",
                    where,
                )
            )
    return problems


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "none" if value is None else str(value)


@dataclass(slots=True)
class Summary:
    """Counts of changes by kind, and days slipped."""

    counts: dict[str, int] = field(default_factory=dict)
    slipped_days: int = 0
    items: int = 0


def summarise(changes: list[Change]) -> Summary:
    summary = Summary(counts=dict.fromkeys(KINDS, 0))
    moved = {c.ref for c in changes if c.kind in {SLIPPED, BROUGHT_FORWARD}}
    for c in changes:
        if c.kind == CHANGED and c.field == "timescale" and c.ref in moved:
            continue  # the words that moved the due date: part of the slip
        summary.counts[c.kind] += 1
        if c.kind == SLIPPED and c.days:
            summary.slipped_days += c.days
    summary.items = len({c.ref for c in changes})
    return summary
