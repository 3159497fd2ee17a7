"""Writing an imported plan as tidy YAML text, with comments for words that have no field.

Written by hand rather than by a YAML library so that the file reads like one a person
wrote: keys in the format's order, ids quoted only where YAML would read them as numbers
(``id: "1.10"``), long text folded, multi-line text (bullets, paragraphs) as literal
blocks, and comments just above the item they belong to. :func:`plan_data` gives the same
plan as plain data, to check that the text reads back to exactly it.

What goes into comments (and is also reported by ``pmplan import``):

* the lead cell as written, with the words that matched nobody in the workspace's people
  (the matched people are in ``leads``);
* columns pmplan does not recognise (``# Budget: £5,000``);
* a priority it cannot read, the source's status word where it differs (``# RAG: Green``), a
  status cell it could not read (its words are also kept as an update), a timescale whose due
  date is uncertain;
* an id it had to change (a duplicate, or characters an id cannot hold).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

import yaml

from pmplan.characters import yaml_quoted
from pmplan.exchange.importer.draft import DraftAction, DraftGroup, ImportedPlan, field_text

WIDTH = 100
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_WORDS = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.;()/&'’+?!%£–—-]*[A-Za-z0-9.)%?!’']$")
"""Text that YAML reads back as itself, written plain: it starts with a letter and holds no
character YAML gives a meaning to (checked here to spare a YAML parse per value)."""
_YAML_WORDS = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null"])
"""Words YAML 1.1 readers take as booleans or null."""


_NUMBER_LIKE = re.compile(r"^[-+]?(\d[\d_]*)?\.?\d*([eE][-+]?\d+)?$")
_DAY_FIRST = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4}$")


@lru_cache(maxsize=65536)
def _plain_ok(text: str) -> bool:
    """True when ``text`` can be written without quotes and reads back as the same string
    (also for YAML 1.1 readers: ``No``, ``1.10`` and ``2024-01-01`` need quotes)."""
    if not text or text != text.strip() or "\n" in text or "\t" in text:
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    if _WORDS.match(text) and "  " not in text:
        return text.lower() not in _YAML_WORDS
    if _NUMBER_LIKE.match(text):
        return False  # 3, 1.10, 2e5: YAML reads a number
    if _DAY_FIRST.match(text):
        return True  # 31/03/2026: text to YAML
    try:
        return bool(yaml.load(f"k: {text}", Loader=_Loader) == {"k": text})
    except (yaml.YAMLError, ValueError):  # ValueError: a date that is not a day (2025-02-30)
        return False


def quoted(text: str) -> str:
    return yaml_quoted(text)


def scalar_text(text: str) -> str:
    """A one-line scalar: plain where safe, else double-quoted."""
    return text if _plain_ok(text) else quoted(text)


def _flow_item(text: str) -> str:
    if _plain_ok(text) and not re.search(r"[,\[\]{}]", text):
        return text
    return quoted(text)


def _wrap(text: str, width: int) -> list[str]:
    """Words packed into lines of at most ``width`` (a longer word has a line to itself)."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def _foldable(text: str) -> bool:
    return "\n" not in text and "  " not in text and "\t" not in text and text == text.strip() and bool(text)


class _Emitter:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def comment(self, indent: int, text: str) -> None:
        for line in text.splitlines() or [""]:
            self.lines.append(f"{' ' * indent}# {line}".rstrip())

    def key(self, indent: int, key: str, value: str | date | None, first: str = "") -> None:
        """``key: value`` at ``indent`` (``first`` is ``- `` for the first key of a list item)."""
        if value is None or value == "":
            return
        head = f"{' ' * indent}{first}{key}:"
        inner = indent + len(first) + 2
        if isinstance(value, date):
            self.lines.append(f"{head} {value.isoformat()}")
            return
        if "\n" in value:
            if value != value.strip() or any(line.startswith((" ", "\t")) for line in value.split("\n")):
                self.lines.append(f"{head} {quoted(value)}")
                return
            self.lines.append(f"{head} |-")
            for line in value.split("\n"):
                self.lines.append(f"{' ' * inner}{line}".rstrip() if line.strip() else "")
            return
        one_line = f"{head} {scalar_text(value)}"
        if len(one_line) <= WIDTH or not _foldable(value):
            self.lines.append(one_line)
            return
        self.lines.append(f"{head} >-")
        for line in _wrap(value, WIDTH - inner):
            self.lines.append(f"{' ' * inner}{line}")

    def flow_list(self, indent: int, key: str, items: list[str], comment: str | None = None) -> None:
        line = f"{' ' * indent}{key}: [{', '.join(_flow_item(i) for i in items)}]"
        if comment:
            line += f"  # {comment}"
        self.lines.append(line)


def _one_line(texts: list[str]) -> str:
    return field_text(texts, single_line="; ")


def _text(texts: list[str]) -> str:
    return field_text(texts)


def _lead_comment(action: DraftAction) -> tuple[str | None, str | None]:
    """(a comment line above ``leads``, an end-of-line comment), from the lead cell."""
    match = action.lead
    if match is None:
        return None, None
    written = " ".join(match.text.split())
    if not match.ids:
        return f"{action.leads_header}: {written} (not matched to anyone in people)", None
    notes = []
    if match.unmatched:
        notes.append("not matched: " + "; ".join(match.unmatched))
    if match.approximate:
        notes.append("matched approximately: " + "; ".join(f"{w} -> {i}" for w, i in match.approximate))
    if notes:
        return f"{action.leads_header}: {written} ({', '.join(notes)})", None
    if written != ", ".join(match.ids):
        return None, written
    return None, None


def render(plan: ImportedPlan) -> str:
    """The plan as YAML text."""
    return written(plan)[0]


def written(plan: ImportedPlan) -> tuple[str, dict[str, Any]]:
    """The plan as YAML text, and as the data that text must read back to."""
    data = plan_data(plan)
    out = _Emitter()
    out.comment(
        0,
        f"Imported by pmplan from {plan.source}; progress that gives no date is dated "
        f"{plan.update_date.isoformat()}.",
    )
    out.comment(
        0, "Check it against the source (comments mark words pmplan could not place), then run: pmplan lint"
    )
    out.key(0, "kind", "action-plan")
    out.key(0, "id", plan.id)
    out.key(0, "title", plan.title)
    out.lines.append(f"{plan.key}:")
    for group, values in zip(plan.groups, data[plan.key], strict=True):
        _group(out, group, values)
    return "\n".join(out.lines) + "\n", data


def _group(out: _Emitter, group: DraftGroup, values: dict[str, Any]) -> None:
    if not group.title_written:
        out.comment(2, "title made up by pmplan: the source gave none")
    out.key(2, "id", group.id, first="- ")
    out.key(4, "title", group.title)
    out.key(4, "response", values.get("response"))
    out.key(4, "description", values.get("description"))
    for header, text in group.extras:
        out.comment(4, f"{header}: {text}")
    for n, update in enumerate(values.get("updates", [])):
        if n == 0:
            out.lines.append("    updates:")
        out.key(6, "date", update["date"], first="- ")
        out.key(8, "text", update["text"])
    if group.actions:
        out.lines.append("    actions:")
    for action, action_values in zip(group.actions, values["actions"], strict=True):
        _action(out, action, action_values)


def _action(out: _Emitter, action: DraftAction, values: dict[str, Any]) -> None:
    if action.id_written and action.id_written.rstrip(".") != action.id:
        out.comment(6, f"id written {action.id_written!r} in the source")
    out.key(6, "id", action.id, first="- ")
    out.key(8, "title", action.title)
    out.key(8, "how", values.get("how"))
    above, after = _lead_comment(action)
    if above:
        out.comment(8, above)
    if "leads" in values:
        out.flow_list(8, "leads", values["leads"], after)
    out.key(8, "timescale", values.get("timescale"))
    out.key(8, "baseline", values.get("baseline"))
    if action.priority_text:
        if action.priority:
            out.key(8, "priority", action.priority)
        else:
            out.comment(
                8, f"Priority: {action.priority_text} (not high, medium or low: set priority by hand)"
            )
    for note in action.comments:
        out.comment(8, note)
    out.key(8, "status", action.status)
    for n, update in enumerate(values.get("updates", [])):
        if n == 0:
            out.lines.append("        updates:")
        out.key(10, "date", update["date"], first="- ")
        out.key(12, "text", update["text"])
    out.key(8, "next", values.get("next"))
    for header, text in action.extras:
        out.comment(8, f"{header}: {text}")


def plan_data(plan: ImportedPlan) -> dict[str, Any]:
    """The plan as the data its YAML text must read back to."""
    groups = []
    for group in plan.groups:
        g: dict[str, Any] = {"id": group.id, "title": group.title}
        _put(g, "response", _text(group.response))
        _put(g, "description", _text(group.description))
        if group.progress:
            g["updates"] = [{"date": plan.update_date, "text": _text(group.progress)}]
        g["actions"] = [_action_data(a, plan.update_date) for a in group.actions]
        groups.append(g)
    return {"kind": "action-plan", "id": plan.id, "title": plan.title, plan.key: groups}


def _action_data(action: DraftAction, day: date) -> dict[str, Any]:
    a: dict[str, Any] = {"id": action.id, "title": action.title}
    _put(a, "how", _text(action.how))
    if action.lead is not None and action.lead.ids:
        a["leads"] = list(action.lead.ids)
    _put(a, "timescale", _one_line(action.timescale))
    _put(a, "baseline", _one_line(action.baseline))
    _put(a, "priority", action.priority if action.priority_text else None)
    _put(a, "status", action.status)
    progress = [p for p in action.progress if p.text]
    if progress:
        a["updates"] = [{"date": u.date or day, "text": _text([u.text])} for u in progress]
    _put(a, "next", _text(action.next))
    return a


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    if value not in (None, "", []):
        target[key] = value
