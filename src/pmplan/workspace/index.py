"""The loaded workspace and the facts derived from it, computed once for every command.

Lint, list, show, thread and report all read a :class:`Workspace`: its indexes (people,
golden-thread ids, plans, actions) and each action's derived facts (full reference,
inherited leads and links, the reading of its timescale, its due date) live here and
nowhere else.
"""

from __future__ import annotations

import difflib
import gc
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from pmplan.dates.periods import FinancialYear, PeriodError
from pmplan.dates.timescale import Timescale, read_timescale
from pmplan.errors import PmplanError
from pmplan.workspace.config import WorkspaceConfig, WorkspaceError, load_config, resolve_root
from pmplan.workspace.loader import PlanFileResult, load_files, plan_paths
from pmplan.workspace.models import (
    Action,
    ActionPlan,
    CalendarFile,
    FrameworkFile,
    GlossaryFile,
    Group,
    Indicator,
    IndicatorsFile,
    Model,
    Outcome,
    PeopleFile,
    Person,
    Priority,
    Report,
    ReportNotes,
)
from pmplan.workspace.vocabulary import Namespace, Status


@dataclass(frozen=True, slots=True)
class Place:
    """Where an item is written."""

    file: str
    line: int
    column: int


def place_of(result: PlanFileResult, item: Model, key: str | None = None) -> Place:
    line, column = item.line(key)
    return Place(result.rel, line, column)


@dataclass(slots=True)
class GroupView:
    """A recommendation or theme, with its plan."""

    ref: str
    plan: ActionPlan
    group: Group
    source: PlanFileResult
    actions: list[ActionView] = field(default_factory=list)


@dataclass(slots=True)
class ActionView:
    """An action with everything derived about it."""

    ref: str
    """Full reference: ``pm-audit:R1.a``."""
    local_ref: str
    """Reference inside its plan: ``R1.a`` (or ``1.1`` where the id already starts with its theme's)."""
    plan: ActionPlan
    group: Group
    action: Action
    source: PlanFileResult
    leads: tuple[str, ...]
    """After inheritance: the action's own, else its group's, else the plan owner."""
    links: tuple[str, ...]
    """Golden-thread links: its own, its group's and its plan's."""
    reading: Timescale | None
    due: date | None = None
    start: date | None = None
    recurring: bool = False
    unresolved_refs: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return self.action.title

    @property
    def status(self) -> Status:
        return self.action.status or Status.NOT_STARTED

    @property
    def closed(self) -> bool:
        return self.status.closed

    @property
    def last_update(self) -> date | None:
        return max((u.date for u in self.action.updates), default=None)

    def overdue(self, as_of: date) -> bool:
        """Open, with a due date before ``as_of``, and not recurring."""
        return not self.closed and not self.recurring and self.due is not None and self.due < as_of

    def place(self, key: str | None = None) -> Place:
        return place_of(self.source, self.action, key)


ItemKind = Literal["action", "group", "indicator", "priority", "outcome", "person", "plan"]
ITEM_KINDS: tuple[ItemKind, ...] = ("action", "group", "indicator", "priority", "outcome", "person", "plan")
_KIND_WORDS = {
    "action": "action", "group": "recommendation/theme", "indicator": "indicator", "priority": "priority",
    "outcome": "outcome", "person": "person", "plan": "plan",
}  # fmt: skip


class NotFound(PmplanError, LookupError):
    """No item has the reference asked for; ``hint`` is the did-you-mean the message ends with."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message + hint)
        self.hint = hint


class AmbiguousRef(NotFound):
    """A reference inside a plan that more than one plan has."""


@dataclass(frozen=True, slots=True)
class Found:
    """An item found by its reference: what kind it is, its full reference, the item."""

    kind: ItemKind
    ref: str
    item: object
    """An ActionView, GroupView, Indicator, Priority, (Outcome, Priority), Person or ActionPlan."""


def _local(ref: str) -> str:
    return ref.split(":", 1)[1] if ":" in ref else ref


def _nothing(kinds: Collection[ItemKind]) -> str:
    if set(kinds) == set(ITEM_KINDS):
        return "nothing"
    words = [word for k in kinds for word in _KIND_WORDS[k].split("/")]
    return "no " + (", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0])


@dataclass(slots=True)
class Workspace:
    """Everything in a workspace, indexed, with derived facts."""

    root: Path
    config: WorkspaceConfig
    files: list[PlanFileResult]
    people: dict[str, Person] = field(default_factory=dict)
    terms: dict[str, str] = field(default_factory=dict)
    vision: str | None = None
    priorities: dict[str, Priority] = field(default_factory=dict)
    outcomes: dict[str, tuple[Outcome, Priority]] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    reports: dict[str, Report] = field(default_factory=dict)
    """By reference (see :func:`report_key`): a report id is unique within its calendar's year."""
    notes: dict[str, ReportNotes] = field(default_factory=dict)
    """A report period's notes by the period as written (``2025/26 Q4``, ``2025/26``)."""
    plans: dict[str, ActionPlan] = field(default_factory=dict)
    groups: dict[str, GroupView] = field(default_factory=dict)
    actions: dict[str, ActionView] = field(default_factory=dict)
    action_list: list[ActionView] = field(default_factory=list)
    sources: dict[int, PlanFileResult] = field(default_factory=dict)
    """id() of a model item -> the file it is in (for items outside action plans)."""
    duplicates: list[tuple[Namespace, str, list[tuple[PlanFileResult, Model]]]] = field(default_factory=list)
    """(namespace, id, every place it is defined) for ids defined more than once."""

    @property
    def thread_ids(self) -> set[str]:
        """Every id a golden-thread link may point at."""
        return set(self.priorities) | set(self.outcomes) | set(self.indicators)

    def source_of(self, item: Model) -> PlanFileResult:
        return self.sources[id(item)]

    def place(self, item: Model, key: str | None = None) -> Place:
        return place_of(self.source_of(item), item, key)

    def person_name(self, person_id: str) -> str:
        person = self.people.get(person_id)
        return person.name if person else person_id

    def of_kind(self, kind: str) -> Iterable[tuple[PlanFileResult, Model]]:
        for result in self.files:
            if result.kind == kind and result.model is not None:
                yield result, result.model

    def find(self, ref: str, kinds: Collection[ItemKind] = ITEM_KINDS) -> Found:
        """The item ``ref`` names, among ``kinds``: a full reference (``pm-audit:R1.a``), an
        action's or recommendation's reference inside its plan where only one plan has it
        (``R1.a``), or an id. :class:`NotFound` says why not, with a did-you-mean."""
        for kind in kinds:
            item = self._index(kind).get(ref)
            if item is not None:
                return Found(kind, ref, item)
        local: list[Found] = []
        if "action" in kinds:
            local += [Found("action", a.ref, a) for a in self.action_list if a.local_ref == ref]
        if "group" in kinds:
            local += [Found("group", g.ref, g) for g in self.groups.values() if _local(g.ref) == ref]
        if len(local) == 1:
            return local[0]
        if local:
            where = ", ".join(f.ref for f in local)
            raise AmbiguousRef(f"'{ref}' is in more than one plan: give the plan too ({where})")
        raise NotFound(f"{_nothing(kinds)} has the reference '{ref}'.", self._did_you_mean(ref, kinds))

    def _index(self, kind: ItemKind) -> Mapping[str, object]:
        indexes: dict[ItemKind, Mapping[str, object]] = {
            "action": self.actions, "group": self.groups, "indicator": self.indicators,
            "priority": self.priorities, "outcome": self.outcomes, "person": self.people, "plan": self.plans,
        }  # fmt: skip
        return indexes[kind]

    def _did_you_mean(self, ref: str, kinds: Collection[ItemKind]) -> str:
        known = [key for kind in kinds for key in self._index(kind)]
        known += [_local(key) for kind in ("action", "group") if kind in kinds for key in self._index(kind)]
        known = list(dict.fromkeys(known))
        same_but_case = [k for k in known if k.lower() == ref.lower()]
        hint = same_but_case or difflib.get_close_matches(ref, known, n=3)
        return f" Did you mean: {', '.join(hint)}?" if hint else ""


def load_workspace(workspace: Path | None = None, *, freeze: bool = False) -> Workspace:
    """Find, read and index a workspace (``workspace``: a folder, or None for the cwd's).

    The loaded data holds no reference cycles, so the garbage collector is kept out of the
    way while it is built. With ``freeze`` (for a command that exits when done) it is also
    never walked afterwards; a library caller that loads many workspaces leaves it False.
    """
    root = resolve_root(workspace)
    config = load_config(root)
    plans_dir = root / config.plans
    if not plans_dir.is_dir():
        raise WorkspaceError(f"{root / 'pmplan.yaml'}: the plans folder '{config.plans}' does not exist")
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        workspace_ = build(root, config, load_files(root, plan_paths(plans_dir), plans_dir))
        if freeze:
            gc.freeze()
        return workspace_
    finally:
        if was_enabled:
            gc.enable()


def build(root: Path, config: WorkspaceConfig, files: list[PlanFileResult]) -> Workspace:
    """Index loaded files and derive every action's facts."""
    ws = Workspace(root=root, config=config, files=files)
    seen: dict[tuple[Namespace, str], list[tuple[PlanFileResult, Model]]] = defaultdict(list)

    def register(namespace: Namespace, key: str, result: PlanFileResult, item: Model) -> bool:
        ws.sources[id(item)] = result
        places = seen[(namespace, key)]
        places.append((result, item))
        return len(places) == 1

    for result in files:
        model = result.model
        if isinstance(model, PeopleFile):
            for person in model.people:
                if register(Namespace.PERSON, person.id, result, person):
                    ws.people[person.id] = person
        elif isinstance(model, GlossaryFile):
            for term, meaning in model.terms.items():
                ws.terms.setdefault(term, meaning)
        elif isinstance(model, FrameworkFile):
            ws.vision = ws.vision or model.vision
            for priority in model.priorities:
                if register(Namespace.THREAD, priority.id, result, priority):
                    ws.priorities[priority.id] = priority
                for outcome in priority.outcomes:
                    if register(Namespace.THREAD, outcome.id, result, outcome):
                        ws.outcomes[outcome.id] = (outcome, priority)
        elif isinstance(model, IndicatorsFile):
            for indicator in model.indicators:
                if register(Namespace.THREAD, indicator.id, result, indicator):
                    ws.indicators[indicator.id] = indicator
        elif isinstance(model, CalendarFile):
            for report in model.reports:
                key = report_key(model, report)
                if register(Namespace.REPORT, key, result, report):
                    ws.reports[key] = report
        elif isinstance(model, ReportNotes):
            key = _period_label(config.financial_year, model.period)
            if register(Namespace.NOTES, key, result, model):
                ws.notes[key] = model
        elif isinstance(model, ActionPlan) and register(Namespace.PLAN, model.id, result, model):
            ws.plans[model.id] = model
            _index_plan(ws, result, model, register)
    ws.duplicates = [(ns, key, places) for (ns, key), places in seen.items() if len(places) > 1]
    _resolve_cross_references(ws)
    return ws


def _period_label(fy: FinancialYear, text: str) -> str:
    """A period as the report names it (``2025/2026 Q4`` is ``2025/26 Q4``)."""
    try:
        return fy.parse(text).label
    except PeriodError:
        return " ".join(text.split())


def report_key(calendar: CalendarFile, report: Report) -> str:
    """A report's reference: its id (``qpr``), or in a calendar for one year ``2025/26:qpr``."""
    return f"{calendar.year}:{report.id}" if calendar.year else report.id


def local_ref(group: Group, action: Action) -> str:
    """``R1.a``; just ``1.1`` where the action id already starts with its theme's id."""
    if action.id.startswith(group.id + "."):
        return action.id
    return f"{group.id}.{action.id}"


def _index_plan(
    ws: Workspace,
    result: PlanFileResult,
    plan: ActionPlan,
    register: Callable[[Namespace, str, PlanFileResult, Model], bool],
) -> None:
    fy = ws.config.financial_year
    for group in plan.groups:
        group_ref = f"{plan.id}:{group.id}"
        if not register(Namespace.GROUP, group_ref, result, group):
            continue
        view = GroupView(group_ref, plan, group, result)
        ws.groups[group_ref] = view
        for action in group.actions:
            ref = f"{plan.id}:{local_ref(group, action)}"
            if not register(Namespace.ACTION, ref, result, action):
                continue
            leads = action.leads or group.leads or ([plan.owner] if plan.owner else [])
            reading = read_timescale(action.timescale, fy) if action.timescale else None
            item = ActionView(
                ref=ref,
                local_ref=local_ref(group, action),
                plan=plan,
                group=group,
                action=action,
                source=result,
                leads=tuple(leads),
                links=tuple(dict.fromkeys([*action.links, *group.links, *plan.links])),
                reading=reading,
            )
            if reading is not None:
                item.due, item.start, item.recurring = reading.due, reading.start, reading.recurring
            if action.due is not None:
                item.due = action.due
            ws.actions[ref] = item
            ws.action_list.append(item)
            view.actions.append(item)


def resolve_ref(ws: Workspace, plan_id: str, ref: str) -> list[ActionView] | None:
    """The actions a reference names: an action (``R1.a``, ``plan:R1.a``) or every action
    of a recommendation or theme (``R1``, ``1``, or a bare number for ``Rec. 1``)."""
    plan_id, _, local = ref.rpartition(":") if ":" in ref else (plan_id, "", ref)
    local = local.strip().rstrip(".")
    action = ws.actions.get(f"{plan_id}:{local}")
    if action is not None:
        return [action]
    for candidate in (local, f"R{local}", f"Rec{local}"):
        group = ws.groups.get(f"{plan_id}:{candidate}")
        if group is not None:
            return list(group.actions)
    return None


def _resolve_cross_references(ws: Workspace) -> None:
    """Due dates of timescales such as 'As for Reccs. 1 and 6': the latest of the actions named."""
    pending = [a for a in ws.action_list if a.reading is not None and a.reading.refs and a.action.due is None]
    resolving: set[str] = set()

    def settle(item: ActionView) -> None:
        if item.ref in resolving or item.reading is None:
            return
        resolving.add(item.ref)
        named: list[ActionView] = []
        missing = []
        for ref in item.reading.refs:
            found = resolve_ref(ws, item.plan.id, ref)
            if found is None:
                missing.append(ref)
            else:
                named.extend(a for a in found if a is not item)
        for other in named:
            if other.reading is not None and other.reading.refs and other.action.due is None:
                settle(other)
        dues = [a.due for a in named if a.due is not None]
        if dues and item.due is None:
            item.due = max(dues)
        elif named and not dues and all(a.recurring for a in named):
            item.recurring = True
        item.unresolved_refs = tuple(missing)
        resolving.discard(item.ref)

    for item in pending:
        settle(item)
