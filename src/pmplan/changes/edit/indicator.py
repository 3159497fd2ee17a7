"""``pmplan update INDICATOR --period P``: an indicator's value for a period, in place.

A period already in the file has its ``target``, ``actual``, ``rag``, ``note`` or
``corrective_action`` set inside its mapping (flow ``{target: 48, actual: 49.2}`` or block),
the other keys left as written. A new period goes among the others in time order, written
as its neighbours are (``2026/27 Q3: {actual: 47.2}`` beside flow mappings). As for actions,
the new text must read back as the old data with only these values changed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

from pmplan.changes.edit.check import by_id, verify_text
from pmplan.changes.edit.nodes import EditError, Node, SourceText
from pmplan.changes.edit.splice import Splice, insert_key, render, set_scalar
from pmplan.changes.edit.update import Outcome, unified_diff
from pmplan.dates.periods import FinancialYear, Period, PeriodError
from pmplan.workspace.index import ItemKind, Workspace
from pmplan.workspace.models import Indicator, IndicatorValue, field_order

VALUE_ORDER = field_order(IndicatorValue)
INDICATOR_ORDER = field_order(Indicator)
RAGS = ("red", "amber", "green")
INDICATOR_KIND: tuple[ItemKind, ...] = ("indicator",)


@dataclass(frozen=True, slots=True)
class ValueEdits:
    """What to set in an indicator's value for ``period``; None leaves a key alone. Numbers
    are given as the text to write (:func:`number_text`)."""

    period: Period
    target: str | None = None
    actual: str | None = None
    rag: str | None = None
    note: str | None = None
    corrective_action: str | None = None

    def values(self) -> dict[str, str]:
        """The keys to set, in the format's order."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name != "period" and getattr(self, f.name) is not None
        }


def number_text(value: float) -> str:
    """A number as a plan file writes it: ``47.2``, ``48`` (no ``48.0``), at most ten
    significant figures (a spreadsheet's 47.199999999 is 47.2)."""
    if not math.isfinite(value):
        raise EditError(f"{value} is not a number pmplan can record")
    text = f"{value:.10g}"
    if "e" in text:
        text = f"{value:.10f}".rstrip("0").rstrip(".")
    return text


def edit_values(text: str, items: list[tuple[str, ValueEdits]], fy: FinancialYear) -> tuple[str, list[str]]:
    """The file's text with each (indicator id, edits) made; and for each the period's key as
    the file writes it (an existing key as written, or the new one)."""
    from pmplan.changes.edit.batch import FileEdits

    edits = FileEdits(text, fy)
    keys = [edits.edit_value(indicator_id, value_edits) for indicator_id, value_edits in items]
    return edits.text(), keys


def verify_values(
    old_text: str, new_text: str, items: list[tuple[str, ValueEdits, str]], old_data: Any = None
) -> Any:
    """The new text reads as the old with only these values set; returns its data."""

    def expect(data: Any) -> None:
        for indicator_id, edits, key in items:
            indicator = by_id(data["indicators"], indicator_id)
            values = indicator.get("values")
            if not isinstance(values, dict):
                values = indicator["values"] = {}
            value = values.get(key)
            if not isinstance(value, dict):
                value = values[key] = {}
            value.update(edits.values())

    return verify_text(old_text, new_text, expect, old_data)


def indicator_node(root: Node, indicator_id: str) -> Node:
    found = root.get("indicators") if root.kind == "map" else None
    if found is not None and found[1].kind == "seq":
        for item in found[1].items:
            if item.kind != "map":
                continue
            id_pair = item.get("id")
            if id_pair is not None and id_pair[1].value == indicator_id:
                if item.anchor or any(k.value == "<<" for k, _ in item.pairs):
                    break
                return item
    raise EditError(
        f"cannot find indicator '{indicator_id}' in the file (or it is written with YAML anchors)"
    )


def value_splices(
    doc: SourceText, indicator: Node, edits: ValueEdits, fy: FinancialYear
) -> tuple[list[Splice], str]:
    wanted = edits.values()
    found = indicator.get("values")
    label = edits.period.label
    if found is None:
        new = _flow(wanted)
        if indicator.flow:
            return [
                insert_key(
                    doc, indicator, "values", f"{{{render(label, flow=True)}: {new}}}", INDICATOR_ORDER
                )
            ], label
        line = doc.nl + " " * (indicator.column + 2) + f"{render(label)}: {new}"
        return [insert_key(doc, indicator, "values", "", INDICATOR_ORDER, block=line)], label
    key, values = found
    if values.kind == "scalar" and values.is_null:
        line = doc.nl + " " * (indicator.column + 2) + f"{render(label)}: {_flow(wanted)}"
        at = doc.colon_after(key)
        return [(at, doc.content_end(values) if values.end > values.start else at, line, 0)], label
    if values.kind != "map" or values.anchor:
        raise EditError("the indicator's 'values' is not a mapping of periods: fix the file first")
    for period_key, value in values.pairs:
        if _period(period_key.value, fy) == edits.period:
            return _set_in_value(doc, period_key, value, wanted), period_key.value or label
    return [_new_period(doc, values, label, wanted, fy)], label


def _period(text: str | None, fy: FinancialYear) -> Period | None:
    try:
        return fy.parse(text) if text else None
    except PeriodError:
        return None


def _set_in_value(doc: SourceText, key: Node, value: Node, wanted: dict[str, str]) -> list[Splice]:
    if value.kind == "scalar" and value.is_null:
        if value.start == value.end:
            at = doc.colon_after(key)
            return [(at, at, " " + _flow(wanted), 0)]
        return [(value.start, doc.content_end(value), _flow(wanted), 0)]
    if value.kind != "map" or value.anchor or any(k.value == "<<" for k, _ in value.pairs):
        raise EditError(f"the value for {key.value} is not a mapping pmplan can edit: edit it by hand")
    splices: list[Splice] = []
    for name, text in wanted.items():
        splices += set_scalar(doc, value, name, text, VALUE_ORDER)
    return splices


def _new_period(
    doc: SourceText, values: Node, label: str, wanted: dict[str, str], fy: FinancialYear
) -> Splice:
    """A new period among the others, in time order, written like its neighbours."""
    flow_value = _flow(wanted)
    new = _period(label, fy)
    assert new is not None
    dated = [(p, k, v) for k, v in values.pairs if (p := _period(k.value, fy)) is not None]
    if values.flow:
        entry = f"{render(label, flow=True)}: {flow_value}"
        before = [v for p, _, v in dated if p < new]
        if before:
            return (before[-1].end, before[-1].end, ", " + entry, 0)
        if values.pairs:
            at = values.pairs[0][0].start
            return (at, at, entry + ", ", 0)
        return insert_key(doc, values, label, flow_value, ())
    descending = len(dated) > 1 and all(a[0] > b[0] for a, b in zip(dated, dated[1:], strict=False))
    neighbour = values.pairs[-1][1]
    block_like = neighbour.kind == "map" and not neighbour.flow and neighbour.pairs
    if block_like:
        inner = neighbour.column
        rendered = "".join(doc.nl + " " * inner + f"{k}: {render(v)}" for k, v in wanted.items())
        line = " " * values.column + f"{render(label)}:" + rendered
    else:
        line = " " * values.column + f"{render(label)}: {flow_value}"
    if descending:
        later = [k for p, k, _ in dated if p > new]
        if later:
            last_later = next(v for k, v in values.pairs if k is later[-1])
            at = doc.line_end(doc.content_end(last_later))
            return (at, at, doc.nl + line, 0)
        at = doc.line_start(values.pairs[0][0].start)
        return (at, at, line + doc.nl, 0)
    earlier = [(k, v) for p, k, v in dated if p < new]
    if earlier or not values.pairs:
        key, value = earlier[-1] if earlier else values.pairs[-1]
        end = key.end if value.start == value.end else doc.content_end(value)
        at = doc.line_end(end)
        return (at, at, doc.nl + line, 0)
    at = doc.line_start(values.pairs[0][0].start)
    return (at, at, line + doc.nl, 0)


def _flow(wanted: dict[str, str]) -> str:
    return "{" + ", ".join(f"{k}: {render(v, flow=True)}" for k, v in wanted.items()) + "}"


# --- pmplan update INDICATOR --period P ---------------------------------------------------------


def check_value_edits(indicator: Indicator, edits: ValueEdits) -> None:
    """Refuse what the indicator cannot hold, before touching the file."""
    qualitative = indicator.type == "qualitative"
    if qualitative and (edits.actual is not None or edits.target is not None):
        raise EditError(
            f"{indicator.id} is qualitative: it has no target or actual; give its rating with --rag red|amber|green"
        )
    if edits.rag is not None and edits.rag not in RAGS:
        raise EditError(f"--rag '{edits.rag}' is not one of: {', '.join(RAGS)}")
    if edits.rag is not None and not qualitative:
        raise EditError(
            f"{indicator.id} is quantitative: its RAG comes from its actual and target, not --rag"
        )
    for name in ("note", "corrective_action"):
        value = getattr(edits, name)
        if value is not None and not value.strip():
            raise EditError(f"--{name.replace('_', '-')} is empty")


def apply_value_update(
    ws: Workspace, indicator_id: str, edits: ValueEdits, *, today: date, write: bool = True
) -> Outcome:
    """Set the indicator's value for the period in its file; with ``write`` False, only say
    what would change."""
    from pmplan.files import atomic_write

    found = ws.find(indicator_id, INDICATOR_KIND)
    indicator = found.item
    assert isinstance(indicator, Indicator)
    check_value_edits(indicator, edits)
    fy = ws.config.financial_year
    current = next(
        (v for k, v in indicator.values.items() if _period(k, fy) == edits.period), IndicatorValue()
    )
    wanted = {name: text for name, text in edits.values().items() if not _same(getattr(current, name), text)}
    source = ws.source_of(indicator)
    path, rel = Path(source.path), source.rel
    if not wanted:
        return Outcome(
            found.ref, path, False, f"{found.ref} {edits.period.label}: nothing to change (already so)", ""
        )
    edits = ValueEdits(edits.period, **wanted)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EditError(f"cannot read {rel}: {exc}") from None
    new_text, keys = edit_values(text, [(indicator.id, edits)], fy)
    verify_values(text, new_text, [(indicator.id, edits, keys[0])])
    if write:
        if path.read_bytes() != raw:
            raise EditError(f"{rel} changed while pmplan was editing it: run the command again")
        try:
            atomic_write(path, new_text.encode("utf-8"))
        except OSError as exc:
            raise EditError(f"cannot write {rel}: {exc.strerror or exc}") from None
    parts = [
        f"{name.replace('_', ' ')} {_shown(getattr(current, name))} → {value}"
        for name, value in wanted.items()
    ]
    summary = f"Updated {found.ref} {keys[0]} in {rel}: {'; '.join(parts)}."
    return Outcome(found.ref, path, True, summary, unified_diff(rel, text, new_text))


def _same(current: Any, text: str) -> bool:
    if current is None:
        return False
    if isinstance(current, float):
        try:
            return float(text) == current
        except ValueError:
            return False
    return str(current) == text


def _shown(value: Any) -> str:
    if value is None:
        return "none"
    return number_text(value) if isinstance(value, float) else str(value)
