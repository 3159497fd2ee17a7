"""Output formats of ``pmplan diff``: text, Markdown (a pull-request comment), JSON and
GitHub annotations. Pure functions from changes to text."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pmplan.changes.diff import (
    ADDED,
    BROUGHT_FORWARD,
    CHANGED,
    LEADS,
    REMOVED,
    SLIPPED,
    STATUS,
    UPDATE_ADDED,
    Change,
    DiffResult,
    summarise,
)
from pmplan.findings import Finding
from pmplan.lint.formats import github_escape, github_line
from pmplan.outputs import DIFF

_SECTIONS = {
    "indicator": "Indicators",
    "priority": "Golden thread",
    "outcome": "Golden thread",
    "vision": "Golden thread",
    "person": "People",
    "report": "Reporting calendar",
    "term": "Glossary",
}
_SECTION_ORDER = ("Indicators", "Golden thread", "People", "Reporting calendar", "Glossary")


def short(value: Any, limit: int = 70) -> str:
    """A value in a few words: lists joined, long text cut."""
    if value is None:
        return "none"
    if isinstance(value, list):
        text = ", ".join(short(v, limit) for v in value) if value else "none"
    elif isinstance(value, dict):
        if set(value) >= {"date", "text"}:
            text = f"{value['date']}: {value['text']}"
        else:
            text = ", ".join(f"{k} {short(v, limit)}" for k, v in value.items())
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def describe(change: Change, timescale: Change | None = None) -> str:
    """One change in words; ``timescale`` is the same item's timescale change, shown with a slip."""
    words = ""
    if timescale is not None:
        words = f" (timescale {short(timescale.old)} → {short(timescale.new)})"
    kind = change.kind
    if kind == ADDED:
        return f"added: {short(change.new)}"
    if kind == REMOVED:
        return f"removed (was: {short(change.old)})"
    if kind == SLIPPED:
        return f"slipped {change.days} days: due {change.old} → {change.new}{words}"
    if kind == BROUGHT_FORWARD:
        return f"brought forward {-(change.days or 0)} days: due {change.old} → {change.new}{words}"
    if kind == STATUS:
        return f"status {change.old} → {change.new}"
    if kind == LEADS:
        return f"leads {short(change.old)} → {short(change.new)}"
    if kind == UPDATE_ADDED:
        update = change.new or {}
        return f"update added ({update.get('date')}): {short(update.get('text'), 200)}"
    field = change.field or ""
    if field == "updates":
        if change.new is None:
            return f"update removed: {short(change.old)}"
        return f"update of {(change.old or {}).get('date')} edited: {short((change.new or {}).get('text'))}"
    if field.startswith("values."):
        field = field.removeprefix("values.").replace(".", " ")
        # a period label holds no dot, so the last word is the figure's name
    return f"{field} {short(change.old)} → {short(change.new)}"


def item_lines(changes: list[Change]) -> list[str]:
    """One item's changes in words, slippage first, the timescale words folded into it."""
    moves = [c for c in changes if c.kind in {SLIPPED, BROUGHT_FORWARD}]
    timescale = next((c for c in changes if c.kind == CHANGED and c.field == "timescale"), None)
    lines = [describe(c, timescale) for c in moves]
    for c in changes:
        if c in moves or (moves and c is timescale):
            continue
        lines.append(describe(c))
    return lines


def _grouped(changes: list[Change]) -> dict[str, dict[str, list[Change]]]:
    """Section (a plan id, or Indicators, People...) -> item ref -> its changes, in order."""
    sections: dict[str, dict[str, list[Change]]] = {}
    for c in changes:
        item = c.item
        section = item.plan if item and item.plan else _SECTIONS.get(item.type if item else "", "Other")
        sections.setdefault(section, {}).setdefault(c.ref, []).append(c)
    plans = [s for s in sections if s not in _SECTION_ORDER and s != "Other"]
    order = [
        *plans,
        *(s for s in _SECTION_ORDER if s in sections),
        *(["Other"] if "Other" in sections else []),
    ]
    return {s: sections[s] for s in order}


def _plan_title(items: dict[str, list[Change]]) -> str:
    for changes in items.values():
        for c in changes:
            if c.item is not None and c.item.plan_title:
                return c.item.plan_title
    return ""


def _local(ref: str, section: str) -> str:
    return ref.removeprefix(f"{section}:") if ref != section else ref


def headline(result: DiffResult) -> str:
    summary = summarise(result.changes)
    if not result.changes:
        return f"No plan changes from {result.base} to {result.head_label}."
    counts = summary.counts
    parts = []
    labels = [
        (SLIPPED, "slipped", "slipped"),
        (BROUGHT_FORWARD, "brought forward", "brought forward"),
        (STATUS, "status change", "status changes"),
        (LEADS, "change of leads", "changes of leads"),
        (UPDATE_ADDED, "update added", "updates added"),
        (ADDED, "added", "added"),
        (REMOVED, "removed", "removed"),
        (CHANGED, "other change", "other changes"),
    ]
    for kind, one, many in labels:
        n = counts.get(kind, 0)
        if n:
            text = f"{n} {one if n == 1 else many}"
            if kind == SLIPPED:
                text += f" ({summary.slipped_days} days in all)"
            parts.append(text)
    noun = "item" if summary.items == 1 else "items"
    return f"Plan changes from {result.base} to {result.head_label}: {summary.items} {noun} changed: {', '.join(parts)}."


# --- text ----------------------------------------------------------------------------------


def to_text(result: DiffResult) -> str:
    out = [headline(result)]
    for section, items in _grouped(result.changes).items():
        title = _plan_title(items)
        out.append("")
        out.append(f"{section}  {title}".rstrip())
        for ref, changes in sorted(items.items(), key=lambda kv: not _slipped(kv[1])):
            item = changes[0].item
            name = item.title if item and item.type not in {"plan", "term", "vision"} else ""
            out.append(f"  {_local(ref, section)}  {short(name)}".rstrip())
            out.extend(f"      {line}" for line in item_lines(changes))
    out.extend(_problem_text(result.problems))
    return "\n".join(out) + "\n"


def _slipped(changes: list[Change]) -> bool:
    return any(c.kind == SLIPPED for c in changes)


def _problem_text(problems: list[Finding] | None) -> list[str]:
    if problems is None:
        return []
    if not problems:
        return ["", "Review gate: passed."]
    noun = "problem" if len(problems) == 1 else "problems"
    lines = ["", f"Review gate: {len(problems)} {noun}:"]
    lines.extend(f"  {p.file}:{p.line}: {p.message}" for p in problems)
    return lines


# --- Markdown --------------------------------------------------------------------------------


def _md(text: Any) -> str:
    """Text safe inside a Markdown table cell or list item."""
    value = short(text, 200) if not isinstance(text, str) else " ".join(text.split())
    for ch in "\\`*_[]<>|":
        value = value.replace(ch, "\\" + ch)
    return value


def to_markdown(result: DiffResult) -> str:
    """A pull-request comment: a headline, the review gate, then each plan with its
    slipped actions first (a table), then every other change."""
    out = [f"### Plan changes: `{result.base}` → {_md_label(result.head)}", "", headline(result)]
    if result.problems:
        out += ["", "**Review gate: needs attention**", ""]
        out += [
            f"- `{p.ref or p.file}`: {_md(p.message.removeprefix(p.ref or '').lstrip(': '))}"
            for p in result.problems
        ]
    elif result.problems is not None:
        out += ["", "Review gate: passed."]
    for section, items in _grouped(result.changes).items():
        title = _plan_title(items)
        heading = f"`{section}` {_md(title)}" if title else section
        out += ["", f"#### {heading}".rstrip()]
        slipped = [(ref, cs) for ref, cs in items.items() if _slipped(cs)]
        if slipped:
            out += [
                "",
                "| Slipped | Action | Due was | Due now | Days later | Why (update added) |",
                "| --- | --- | --- | --- | ---: | --- |",
            ]
            for ref, changes in sorted(slipped, key=lambda rc: -_days(rc[1])):
                out.append(_slip_row(section, ref, changes))
        others = [(ref, _rest(cs)) for ref, cs in items.items()]
        others = [(ref, cs) for ref, cs in others if cs]
        if others:
            out.append("")
            for ref, changes in others:
                lines = item_lines(changes)
                item = changes[0].item
                name = (
                    f" {_md(short(item.title))}"
                    if item and item.type not in {"plan", "term", "vision"}
                    else ""
                )
                out.append(f"- **`{_local(ref, section)}`**{name}: " + "; ".join(_md(line) for line in lines))
    return "\n".join(out) + "\n"


def _rest(changes: list[Change]) -> list[Change]:
    """An item's changes that its row in the slipped table does not already show."""
    if not _slipped(changes):
        return changes
    shown = {SLIPPED, UPDATE_ADDED}
    return [c for c in changes if c.kind not in shown and not (c.kind == CHANGED and c.field == "timescale")]


def _md_label(head: str | None) -> str:
    return f"`{head}`" if head is not None else "working tree"


def _days(changes: list[Change]) -> int:
    return sum(c.days or 0 for c in changes if c.kind == SLIPPED)


def _slip_row(section: str, ref: str, changes: list[Change]) -> str:
    slip = next(c for c in changes if c.kind == SLIPPED)
    timescale = next((c for c in changes if c.kind == CHANGED and c.field == "timescale"), None)
    why = "; ".join(short((c.new or {}).get("text"), 120) for c in changes if c.kind == UPDATE_ADDED)
    was = f"{_md(timescale.old)} ({slip.old})" if timescale and timescale.old else str(slip.old)
    now = f"{_md(timescale.new)} ({slip.new})" if timescale and timescale.new else str(slip.new)
    title = slip.item.title if slip.item else ""
    return (
        f"| `{_local(ref, section)}` | {_md(short(title, 80))} | {was} | {now} | {slip.days} | "
        f"{_md(why) if why else '**no update**'} |"
    )


# --- JSON and GitHub -----------------------------------------------------------------------


def to_json(result: DiffResult) -> str:
    data: dict[str, Any] = {
        "base": result.base,
        "head": result.head,
        "changes": [c.to_json() for c in result.changes],
    }
    if result.problems is not None:
        data["problems"] = [p.to_json() for p in result.problems]
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def to_github(result: DiffResult) -> str:
    """GitHub Actions annotations: an error for each review-gate problem, a notice for each slip."""
    lines: list[str] = []
    flagged = {p.ref for p in result.problems or []}
    lines.extend(github_line(p) for p in result.problems or [])
    for c in result.changes:
        if c.kind == SLIPPED and c.ref not in flagged and c.item is not None:
            lines.append(
                f"::notice file={github_escape(c.item.file, True)},line={c.item.line},title=slipped::"
                f"{github_escape(f'{c.ref} {describe(c)}')}"
            )
    return "".join(line + "\n" for line in lines)


FORMATS: dict[str, Callable[[DiffResult], str]] = dict(
    zip(DIFF, (to_text, to_markdown, to_json, to_github), strict=True)
)
