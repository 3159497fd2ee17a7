"""Recovering per item: a schema error in one action, indicator, person or report leaves
that item out, not its whole file.

A file is validated whole first (the fast path, and the only one a valid file takes). When
that fails, each error is traced to the innermost *item* it lies in: an entry of a list
whose model has an ``id`` (a person, a priority or outcome, an indicator, a report, a
recommendation or theme, an action). The file is validated again without those items; an
error outside every item (a plan's own ``title``, an unknown field at the top) still fails
the whole file.

Items are named as users refer to them (``action pm-audit:R2.a``, ``indicator LPI-07``),
never by their place in the data (``recommendations[1].actions[0]``); and what each left-out
item would have defined (its id, and for a recommendation its actions' references) is kept,
so that nothing else is reported as a broken link to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pmplan.workspace.messages import step_type
from pmplan.workspace.models import Action, ActionPlan, Group, Indicator, Outcome, Person, Priority, Report
from pmplan.workspace.vocabulary import Namespace

Loc = tuple[int | str, ...]

_NOUNS: dict[type, tuple[str, Namespace | None]] = {
    Person: ("person", Namespace.PERSON),
    Priority: ("priority", Namespace.THREAD),
    Outcome: ("outcome", Namespace.THREAD),
    Indicator: ("indicator", Namespace.THREAD),
    Report: ("report", Namespace.REPORT),
    Group: ("recommendation", Namespace.GROUP),
    Action: ("action", Namespace.ACTION),
}

KIND_NAMESPACES: dict[str, frozenset[Namespace]] = {
    "people": frozenset({Namespace.PERSON}),
    "framework": frozenset({Namespace.THREAD}),
    "indicators": frozenset({Namespace.THREAD}),
    "calendar": frozenset({Namespace.REPORT}),
    "action-plan": frozenset({Namespace.PLAN, Namespace.GROUP, Namespace.ACTION}),
}
"""The id namespaces a file of each kind defines ids in (what a file that cannot be read
at all might have defined)."""


@dataclass(frozen=True, slots=True)
class LeftOut:
    """An item (or a whole file) that did not load, and what it would have defined."""

    what: str
    """``action pm-audit:R2.a``; ``the file`` for a whole file."""
    line: int
    column: int
    refs: tuple[tuple[Namespace, str], ...] = ()
    """(namespace, reference) of every id it and the items in it define, as far as written."""
    links: frozenset[str] = frozenset()
    """The golden-thread ids it and the items in it link to, as far as written."""


def _has_id(model: Any) -> bool:
    return isinstance(model, type) and "id" in (getattr(model, "__pydantic_fields__", None) or {})


def item_loc(model: type, loc: Loc) -> Loc | None:
    """The innermost item ``loc`` lies in (a list entry whose model has an id), or None when
    it lies in no item (the file's own fields)."""
    current: Any = model
    found: Loc | None = None
    for i, part in enumerate(loc):
        parent = current
        current = step_type(current, part)
        if isinstance(part, int) and _has_id(current) and _is_list(parent):
            found = loc[: i + 1]
        if current is None:
            break
    return found


def _is_list(annotation: Any) -> bool:
    import typing

    return typing.get_origin(annotation) is list


def _get(data: Any, loc: Loc) -> Any:
    for part in loc:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def without(data: Any, items: Iterable[Loc]) -> Any:
    """A copy of ``data`` with the list entries at ``items`` removed; only the containers on
    the way to them are copied."""
    by_list: dict[Loc, set[int]] = {}
    for loc in items:
        index = loc[-1]
        assert isinstance(index, int)
        by_list.setdefault(loc[:-1], set()).add(index)

    def copy(node: Any, here: Loc) -> Any:
        below = [loc for loc in by_list if loc[: len(here)] == here and len(loc) > len(here)]
        if isinstance(node, list):
            drop = by_list.get(here, set())
            kept = [(i, v) for i, v in enumerate(node) if i not in drop]
            return [copy(v, (*here, i)) if below else v for i, v in kept]
        if isinstance(node, dict) and below:
            return {k: copy(v, (*here, k)) for k, v in node.items()}
        return node

    return copy(data, ())


def outermost(locs: Iterable[Loc]) -> list[Loc]:
    """The item locations that lie in no other of them."""
    ordered = sorted(set(locs), key=len)
    kept: list[Loc] = []
    for loc in ordered:
        if not any(loc[: len(k)] == k for k in kept):
            kept.append(loc)
    return kept


class Namer:
    """Names items of one file's data as users refer to them."""

    def __init__(self, model: type, data: Any):
        self.model = model
        self.data = data
        self.plan_id = _id_text(data.get("id")) if model is ActionPlan and isinstance(data, dict) else None

    def name(self, loc: Loc) -> tuple[str, int]:
        """(``action pm:R2.a``, the length of the item's loc) for the innermost item of
        ``loc``; ("", 0) when it lies in none."""
        item = item_loc(self.model, loc)
        if item is None:
            return "", 0
        return self.label(item), len(item)

    def label(self, item: Loc) -> str:
        """``action pm:R2.a``, or ``the 3rd action of pm:R2`` for an item with no id."""
        noun, _, ref = self.describe(item)
        return ref if ref.startswith("the ") else f"{noun} {ref}"

    def describe(self, item: Loc) -> tuple[str, Namespace | None, str]:
        """(noun, namespace, reference) of the item at ``item``."""
        model = self._type(item)
        noun, namespace = _NOUNS.get(model, (_singular(str(item[-2])), None))
        if model is Group and item[0] == "themes":
            noun = "theme"
        own = _id_text(_get(self.data, item).get("id")) if isinstance(_get(self.data, item), dict) else None
        ordinal = f"the {_ordinal(int(item[-1]) + 1)} {noun}"
        if model is Action:
            group = self.describe(item[:-2])[2]
            group_id = _id_text(_get(self.data, (*item[:-2], "id")))
            if own is None:
                return noun, namespace, f"{ordinal} of {group}"
            local = own if group_id is not None and own.startswith(group_id + ".") else f"{group_id}.{own}"
            return noun, namespace, f"{self.plan_id}:{local}" if self.plan_id else local
        if model is Group:
            if own is None:
                return noun, namespace, f"{ordinal} of {self.plan_id or 'the plan'}"
            return noun, namespace, f"{self.plan_id}:{own}" if self.plan_id else own
        if own is None:
            return (
                noun,
                namespace,
                ordinal if len(item) <= 2 else f"{ordinal} of {self.describe(item[:-2])[2]}",
            )
        return noun, namespace, own

    def _type(self, item: Loc) -> Any:
        current: Any = self.model
        for part in item:
            current = step_type(current, part)
        return current

    def refs_in(self, item: Loc) -> tuple[tuple[Namespace, str], ...]:
        """Every (namespace, reference) the item and the items inside it define."""
        found: list[tuple[Namespace, str]] = []
        self._collect(item, self._type(item), found)
        return tuple(found)

    def _collect(self, loc: Loc, model: Any, found: list[tuple[Namespace, str]]) -> None:
        node = _get(self.data, loc)
        if not isinstance(node, dict):
            return
        if loc and isinstance(loc[-1], int) and _has_id(model):
            _, namespace, ref = self.describe(loc)
            if namespace is not None and _id_text(node.get("id")) is not None:
                found.append((namespace, ref))
        fields = getattr(model, "__pydantic_fields__", None) or {}
        for key, value in node.items():
            if key not in fields or not isinstance(value, list):
                continue
            inner = step_type(step_type(model, key), 0)
            if _has_id(inner):
                for i in range(len(value)):
                    self._collect((*loc, key, i), inner, found)

    def links_in(self, item: Loc = ()) -> frozenset[str]:
        """Every id written under a ``links:`` key in the item (the whole file with ``()``)."""
        found: set[str] = set()

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                for key, value in node.items():
                    if key == "links":
                        values = value if isinstance(value, list) else [value]
                        found.update(v for v in values if isinstance(v, str))
                    else:
                        walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(_get(self.data, item))
        return frozenset(found)

    def file_refs(self) -> tuple[tuple[Namespace, str], ...]:
        """Every (namespace, reference) the whole file defines, as far as written."""
        found: list[tuple[Namespace, str]] = []
        if self.model is ActionPlan and self.plan_id:
            found.append((Namespace.PLAN, self.plan_id))
        self._collect((), self.model, found)
        return tuple(found)


def _id_text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") else word


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def group_errors(model: type, errors: Sequence[dict[str, Any]]) -> dict[Loc, list[dict[str, Any]]] | None:
    """Errors by the outermost item they lie in; None when one lies in no item (the file
    itself is wrong)."""
    items: dict[Loc, list[dict[str, Any]]] = {}
    locs: dict[int, Loc] = {}
    for n, error in enumerate(errors):
        item = item_loc(model, tuple(error["loc"]))
        if item is None:
            return None
        locs[n] = item
    kept = outermost(locs.values())
    for n, error in enumerate(errors):
        outer = next(k for k in kept if locs[n][: len(k)] == k)
        items.setdefault(outer, []).append(error)
    return items
