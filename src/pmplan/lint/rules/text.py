"""Rules about the text of plan files, whatever the kind of file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pmplan.characters import CONTROL, describe, visible
from pmplan.lint.rules.base import Context, Problem
from pmplan.workspace.index import Workspace, place_of
from pmplan.workspace.loader import PlanFileResult
from pmplan.workspace.models import Model, field_order


def control_character(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """Text that holds a control character (escape, bell, backspace, NUL...).

    Control characters arrive by copy and paste from old systems and mean nothing in a plan.
    They are invisible in an editor, Word and Excel files cannot hold them, and on a
    terminal they act (an escape sequence can move the cursor or retitle the window).
    pmplan drops them from every file it writes and shows them as ``\\x1b`` on a terminal;
    remove them from the plan so that what is written is what is reported. Tab and newline
    are text, not control characters.

    Example (in double quotes, YAML reads ``\\e`` as the escape character):

        title: "Publish the \\e[1mservice standards\\e[0m"

    Fix:

        title: Publish the service standards
    """
    escaped = [r for r in ws.files if r.escapes and r.model is not None]
    refs = _refs(ws) if escaped else {}
    for result in escaped:
        assert result.model is not None
        yield from _item(result, result.model, refs, None)


def _refs(ws: Workspace) -> dict[int, str]:
    """id() of each item that has a reference -> that reference, for the findings' ``ref``."""
    refs: dict[int, str] = {id(plan): plan_id for plan_id, plan in ws.plans.items()}
    refs.update((id(g.group), ref) for ref, g in ws.groups.items())
    refs.update((id(a.action), ref) for ref, a in ws.actions.items())
    for index in (ws.indicators, ws.priorities, ws.people):
        refs.update((id(item), key) for key, item in index.items())
    refs.update((id(outcome), key) for key, (outcome, _) in ws.outcomes.items())
    return refs


def _item(result: PlanFileResult, item: Model, refs: dict[int, str], ref: str | None) -> Iterator[Problem]:
    ref = refs.get(id(item), ref)
    for name in field_order(type(item)):
        yield from _value(result, item, name, getattr(item, name), refs, ref)


def _value(
    result: PlanFileResult, item: Model, name: str, value: Any, refs: dict[int, str], ref: str | None
) -> Iterator[Problem]:
    if isinstance(value, str):
        if (found := CONTROL.search(value)) is not None:
            yield Problem(place_of(result, item, name), _message(name, value, found.start()), ref)
    elif isinstance(value, Model):
        yield from _item(result, value, refs, ref)
    elif isinstance(value, list):
        for element in value:
            yield from _value(result, item, name, element, refs, ref)
    elif isinstance(value, dict):
        for key, element in value.items():
            yield from _value(result, item, name, key, refs, ref)
            yield from _value(result, item, name, element, refs, ref)


def _message(name: str, text: str, at: int) -> str:
    count = len(CONTROL.findall(text))
    more = f" and {count - 1} more" if count > 1 else ""
    start = max(0, at - 20)
    excerpt = (
        ("..." if start else "") + visible(text[start : at + 20]) + ("..." if at + 20 < len(text) else "")
    )
    return (
        f"'{name}' holds the control character {describe(text[at])}{more}: '{excerpt}'; "
        "delete it (it came with text pasted from another system)"
    )
