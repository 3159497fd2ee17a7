"""Checking an edit before it is written: the new text must load and validate as a plan
file, and must read back as the old data with exactly the intended changes made."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from pmplan.changes.edit.nodes import EditError
from pmplan.changes.edit.splice import BOM
from pmplan.workspace.messages import describe_errors
from pmplan.workspace.models import KINDS, validate
from pmplan.workspace.reader import POS_KEY, YamlProblem, parse_yaml


def verify_text(old_text: str, new_text: str, expect: Callable[[Any], None], old_data: Any = None) -> Any:
    """Check ``new_text`` against ``old_text``: ``expect`` makes the intended changes to the
    old data (plain dicts and lists, as read); the new text must read as exactly that.
    ``old_data`` (the old text's data, as this returned it for an earlier edit) saves
    reading the old text again. Returns the new text's data."""
    new_raw = parse_yaml(new_text.removeprefix(BOM))
    if isinstance(new_raw, YamlProblem):
        raise EditError(f"the edit would make the file unreadable ({new_raw.message}); file left as it was")
    kind = new_raw.get("kind") if isinstance(new_raw, dict) else None
    model = KINDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        raise EditError("the file is not a plan file ('kind:' missing)")
    try:
        validate(model, new_raw)
    except ValidationError as exc:
        line, _, message = describe_errors(exc, new_raw, model)[0]
        raise EditError(
            f"the edit would make the file invalid: line {line}: {message}; file left as it was"
        ) from None
    if old_data is None:
        old_data = strip_pos(parse_yaml(old_text.removeprefix(BOM)))
    new_data = strip_pos(new_raw)
    expected = strip_pos(old_data)  # a copy: the caller's data stays as it was
    expect(expected)
    if normal(expected) != normal(new_data):
        raise EditError("internal check failed: the edit would change more than asked; file left as it was")
    return new_data


def strip_pos(data: Any) -> Any:
    """The data without positions (a deep copy of its dicts and lists)."""
    if isinstance(data, dict):
        return {k: strip_pos(v) for k, v in data.items() if k != POS_KEY}
    if isinstance(data, list):
        return [strip_pos(v) for v in data]
    return data


def normal(data: Any) -> Any:
    """Leads written as one id or a list of one compare alike."""
    if isinstance(data, dict):
        return {k: ([v] if k == "leads" and isinstance(v, str) else normal(v)) for k, v in data.items()}
    if isinstance(data, list):
        return [normal(v) for v in data]
    return data


def by_id(items: Any, wanted: str) -> dict[str, Any]:
    """The mapping in the list ``items`` whose id is ``wanted`` (ids read as text)."""
    return next(item for item in items if isinstance(item, dict) and str(item.get("id")) == wanted)
