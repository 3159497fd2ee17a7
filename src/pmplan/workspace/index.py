"""The loaded workspace and the facts derived from it, computed once for every command.

Lint, list, show, thread and report all read a :class:`Workspace`: its indexes (people,
golden-thread ids, plans, actions) and each action's derived facts (full reference,
inherited leads and links, the reading of its timescale, its due date) live here and
nowhere else.
"""

from __future__ import annotations

import dataclasses
import difflib
import gc
import re
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
from pmplan.workspace.loader import PlanFileResult, load_files, plan_paths, without_consequence
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


_NAMESPACES = {
    "action": Namespace.ACTION, "group": Namespace.GROUP, "indicator": Namespace.THREAD,
    "priority": Namespace.THREAD, "outcome": Namespace.THREAD, "person": Namespace.PERSON, "plan": Namespace.PLAN,
}  # fmt: skip


def _initials(title: str) -> str:
    """``hof`` for Head of Finance (words in brackets left out)."""
    words = re.sub(r"\(.*?\)", " ", title).replace("&", " ").split()
    return "".join(word[0] for word in words).lower()


_JOINERS = re.compile(r"\s*(?:/|&|\+|,|;|\band\b)\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Missing:
    """A plan file that did not load in full: where and why first, and what is left out."""

    file: str
    line: int
    column: int
    first_error: str
    problems: int
    """How many load errors the file has in all."""
    items: tuple[str, ...]
    """What is left out (``action pm-audit:R1.a``); empty when the whole file is."""

    @classmethod
    def of(cls, result: PlanFileResult) -> Missing:
        first = min(result.findings, key=lambda f: (f.line, f.column), default=None)
        whole = result.model is None
        items = () if whole else tuple(item.what for item in result.left_out)
        return cls(
            result.rel,
            first.line if first else 1,
            first.column if first else 1,
            first.message if first else "it did not load",
            len(result.findings),
            items,
        )

    @property
    def reason(self) -> str:
        """The first error, without the words saying that its item is left out."""
        reason = without_consequence(self.first_error)
        for item in self.items:  # "action pm:R1.a: status: ..." beside the item's name says it twice
            reason = reason.removeprefix(f"{item}: ")
        return reason

    @property
    def what(self) -> str:
        """``the whole file`` or ``action pm-audit:R1.a and 2 more``."""
        if not self.items:
            return "the whole file"
        if len(self.items) == 1:
            return self.items[0]
        return f"{', '.join(self.items[:-1])} and {self.items[-1]}"

    def sentence(self) -> str:
        """``plans/a.yaml:25:9: action pm:R1.a left out: status: ...`` (one line)."""
        more = self.problems - 1
        rest = f"; {more} more problem{'s' if more != 1 else ''} (pmplan lint lists them)" if more else ""
        if not self.items:
            return f"{self.file}:{self.line}:{self.column}: the file did not load: {self.first_error}{rest}"
        left = f"; left out: {self.what}" if len(self.items) > 1 else ""
        return f"{self.file}:{self.line}:{self.column}: {self.first_error}{rest}{left}"


ItemKind = Literal["action", "group", "indicator", "priority", "outcome", "person", "plan"]
ITEM_KINDS: tuple[ItemKind, ...] = ("action", "group", "indicator", "priority", "outcome", "person", "plan")
_KIND_WORDS = {
    "action": "action", "group": "recommendation/theme", "indicator": "indicator", "priority": "priority",
    "outcome": "outcome", "person": "person", "plan": "plan",
}  # fmt: skip


class NotFound(PmplanError, LookupError):
    """No item has the reference asked for; ``hint`` is the did-you-mean the message ends with.
    ``left_out`` is (the item's full reference, its file) when it is written in a file but did
    not load."""

    def __init__(self, message: str, hint: str = "", left_out: tuple[str, str] | None = None) -> None:
        super().__init__(message + hint)
        self.hint = hint
        self.left_out = left_out


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
    unloaded: dict[tuple[Namespace, str], PlanFileResult] = field(default_factory=dict)
    """(namespace, reference) -> the file where an item with it is written but did not load."""
    unreadable: dict[Namespace, list[PlanFileResult]] = field(default_factory=dict)
    """Namespace -> files that could not be read at all and may define ids in it."""

    @property
    def left_out(self) -> list[PlanFileResult]:
        """Files of which some part (or all) did not load, in path order."""
        return [result for result in self.files if not result.loaded]

    def missing(self) -> list[Missing]:
        """What did not load, file by file: for the stderr of every command and the front
        page of a report made with ``--allow-invalid``."""
        return [Missing.of(result) for result in self.left_out]

    def not_loaded(self, namespace: Namespace, ref: str) -> PlanFileResult | None:
        """The file an item with ``ref`` may be in that did not load, where nothing loaded
        has it: a reference to it cannot be checked (it is neither found nor known to be
        missing). None when the reference is simply to nothing."""
        found = self.unloaded.get((namespace, ref))
        if found is not None:
            return found
        unreadable = self.unreadable.get(namespace)
        if not unreadable:
            return None
        if namespace in (Namespace.ACTION, Namespace.GROUP) and ":" in ref:
            plan = ref.split(":", 1)[0]
            if plan in self.plans:  # the plan loaded: it says what it holds
                return None
        return unreadable[0]

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

    def person_meant(self, text: str) -> tuple[str, ...] | None:
        """The people a lead that is nobody's id plainly means, or None: the same id in
        another case (``jw``), the one person with that job title, name or title's initials
        (``Head of Finance``, ``HoF``), or several of these joined (``JW/HoP``, ``TG/RB / SMT``,
        ``JW and SM``)."""
        one = self._one_person(text)
        if one is not None:
            return (one,)
        parts = [p.strip() for p in _JOINERS.split(text) if p.strip()]
        if len(parts) > 1:
            found = [self._one_person(part) for part in parts]
            if all(found):
                return tuple(dict.fromkeys(f for f in found if f))
        return None

    def _one_person(self, text: str) -> str | None:
        same_case = [p for p in self.people if p.lower() == text.lower()]
        if len(same_case) == 1:
            return same_case[0]
        key = " ".join(text.lower().split())
        named = [
            p.id
            for p in self.people.values()
            if key in {" ".join((p.title or "").lower().split()), " ".join(p.name.lower().split())}
        ]
        if not named and " " not in key and len(key) >= 2:  # HoF: the Head of Finance
            named = [
                p.id for p in self.people.values() if p.title and _initials(p.title) == key.replace(".", "")
            ]
        return named[0] if len(named) == 1 else None

    def person_hint(self, text: str) -> str:
        """`` (did you mean JW?)``-style words for a person reference that is nobody's id."""
        meant = self.person_meant(text)
        if meant is not None and len(meant) > 1:
            return f" (it names {len(meant)} people: write them as a list, [{', '.join(meant)}])"
        if meant is not None:
            person = self.people[meant[0]]
            if person.id.lower() == text.lower():
                return f" (did you mean {person.id}?)"
            who = f"{person.name}, {person.title}" if person.title else person.name
            return f" (did you mean {person.id}? {who}; leads are written as people's ids)"
        key = " ".join(text.lower().split())
        titled = [p.id for p in self.people.values() if p.title and " ".join(p.title.lower().split()) == key]
        if titled:
            return f" ('{text}' is the title of {', '.join(titled)}: write the id of the one meant)"
        by_name = [
            p
            for p in self.people.values()
            if p.type == "person" and " " not in key and key in p.name.lower().split()
        ]
        if len(by_name) == 1:  # Tom: the one person with Tom in their name (a hint, not a fix)
            return f" (did you mean {by_name[0].id}? {by_name[0].name}; people are written as their ids)"
        hint = difflib.get_close_matches(text, list(self.people), n=1)
        if not hint:
            titles = {p.title: p.id for p in self.people.values() if p.title}
            close = difflib.get_close_matches(text, list(titles), n=1, cutoff=0.8)
            hint = [titles[close[0]]] if close else []
        return f" (did you mean {hint[0]}?)" if hint else ""

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
        unloaded = self._unloaded_ref(ref, kinds)
        if unloaded is not None:
            full_ref, result = unloaded
            raise NotFound(
                f"'{ref}' is in {result.rel}, which did not load in full: fix it first "
                f"('pmplan lint {result.rel}' says what is wrong).",
                left_out=(full_ref, result.rel),
            )
        raise NotFound(f"{_nothing(kinds)} has the reference '{ref}'.", self._did_you_mean(ref, kinds))

    def _unloaded_ref(self, ref: str, kinds: Collection[ItemKind]) -> tuple[str, PlanFileResult] | None:
        """(full reference, file that did not load) of an item with ``ref`` (a full or local
        reference) that is written there but did not load."""
        spaces = {_NAMESPACES[kind] for kind in kinds}
        for (namespace, key), result in self.unloaded.items():
            if namespace in spaces and (key == ref or (":" in key and _local(key) == ref)):
                return key, result
        return None

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
    for result in files:
        if result.person_slips:
            _say_who_was_meant(ws, result)
        for item in result.left_out:
            for ref in item.refs:
                if ref not in seen:
                    ws.unloaded.setdefault(ref, result)
        for namespace in result.unknown:
            ws.unreadable.setdefault(namespace, []).append(result)
    _resolve_cross_references(ws)
    return ws


def _say_who_was_meant(ws: Workspace, result: PlanFileResult) -> None:
    """Load errors about a lead written as something that is no id (``Head of Finance``,
    ``JW & SM``) say whom it means, now that the people are known."""
    hints = {(line, column): (value, ws.person_hint(value)) for line, column, value in result.person_slips}
    findings = []
    for finding in result.findings:
        value, hint = hints.get((finding.line, finding.column), ("", ""))
        marker = f"'{value}' is not a person id"
        if hint and marker in finding.message:
            start = finding.message.index(marker) + len(marker)
            end = finding.message.find(";", start)
            end = len(finding.message) if end < 0 else end
            finding = dataclasses.replace(
                finding, message=finding.message[:start] + hint + finding.message[end:]
            )
        findings.append(finding)
    result.findings = findings


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


def ref_not_loaded(ws: Workspace, plan_id: str, ref: str) -> PlanFileResult | None:
    """The file that may hold what ``ref`` names (as :func:`resolve_ref` reads it) but did
    not load; None when the reference is simply to nothing."""
    plan_id, _, local = ref.rpartition(":") if ":" in ref else (plan_id, "", ref)
    local = local.strip().rstrip(".")
    if plan_id not in ws.plans:
        return ws.not_loaded(Namespace.PLAN, plan_id)
    keys = [(Namespace.ACTION, f"{plan_id}:{local}")]
    keys += [(Namespace.GROUP, f"{plan_id}:{c}") for c in (local, f"R{local}", f"Rec{local}")]
    for namespace, key in keys:
        found = ws.unloaded.get((namespace, key))
        if found is not None:
            return found
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
