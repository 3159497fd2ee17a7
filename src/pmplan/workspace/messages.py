"""Turning pydantic's validation errors into messages a policy officer can act on."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import ValidationError

from pmplan.workspace.reader import POS_KEY, position


def describe_errors(exc: ValidationError, data: Any, model: type | None = None) -> list[tuple[int, int, str]]:
    """(line, column, message) for each error, in file order."""
    described = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        # A bad dict key (a period such as '2025 Q1') is at the key, not in its value.
        line, column = position(data, loc[:-1] if loc[-1:] == ("[key]",) else loc)
        described.append((line, column, _message(error, loc, model)))
    return sorted(set(described))


def _where(loc: tuple[Any, ...]) -> str:
    """A readable path: ``recommendations[1].actions[0].leads``."""
    text = ""
    for part in loc:
        if part == "[key]":  # pydantic's marker for an error in a mapping's key
            continue
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def _message(error: Any, loc: tuple[Any, ...], model: type | None) -> str:
    kind = error["type"]
    where = _where(loc)
    if kind in {"extra_forbidden", "unexpected_keyword_argument"}:
        field = str(loc[-1])
        allowed = sorted(_fields_at(model, loc[:-1]))
        hint = difflib.get_close_matches(field, allowed, n=1, cutoff=0.6)
        text = f"unknown field '{field}'"
        if hint:
            text += f" (did you mean '{hint[0]}'?)"
        elif allowed:
            text += f"; allowed here: {', '.join(allowed)}"
        return text + (f" at {_where(loc[:-1])}" if len(loc) > 1 else "")
    if kind in {"missing", "missing_keyword_only_argument", "missing_argument"}:
        return f"'{loc[-1]}' is required at {_where(loc[:-1]) or 'the top of the file'}"
    if kind in {"literal_error", "enum"}:
        expected = error.get("ctx", {}).get("expected", "")
        value = error.get("input")
        hint = difflib.get_close_matches(str(value), [e.strip(" '") for e in expected.split(",")], n=1)
        text = f"{where}: '{value}' is not one of {expected}"
        return text + (f" (did you mean '{hint[0]}'?)" if hint else "")
    if kind == "string_pattern_mismatch" and "Q[1-4]" in str(error.get("ctx", {}).get("pattern", "")):
        return (
            f"{_where(loc[:-1])}: '{error.get('input')}' is not a period: write '2025/26 Q2', "
            "'2025/26' or '2025-08'"
        )
    if kind == "string_pattern_mismatch" and loc[-1:] == ("year",):
        return f"{where}: '{error.get('input')}' is not a financial year: write it as 2025/26"
    if kind == "string_pattern_mismatch":
        return (
            f"{where}: '{error.get('input')}' is not a valid id: ids are letters, digits and "
            "'._/-', starting with a letter or digit"
        )
    if kind == "string_too_long":
        return f"{where}: '{error.get('input')}' is too long: ids are at most 40 characters"
    if kind in {"string_too_short"}:
        return f"{where}: must not be empty"
    if kind in {"model_type", "dict_type", "dataclass_type", "dataclass_args_type"}:
        return f"{where or 'the file'}: expected a mapping of fields, got {_shown(error.get('input'))}"
    if kind == "list_type":
        return f"{where}: expected a list (e.g. [A, B]), got {_shown(error.get('input'))}"
    if kind.startswith("date"):
        value = str(error.get("input"))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return f"{where}: '{value}' is not a day of the calendar"
        return f"{where}: '{value}' is not a date: write it as YYYY-MM-DD"
    if kind == "finite_number":
        return f"{where}: '{error.get('input')}' is not a number pmplan can use: write a finite number such as 42.5"
    if kind.startswith("float") or kind.startswith("int"):
        return f"{where}: '{error.get('input')}' is not a number"
    if kind == "value_error":
        return (
            f"{where}: {error['msg'].removeprefix('Value error, ')}"
            if where
            else error["msg"].removeprefix("Value error, ")
        )
    return f"{where}: {error['msg']}" if where else error["msg"]


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"'{value}'"


def _fields_at(model: type | None, loc: tuple[Any, ...]) -> set[str]:
    """The field names allowed at ``loc`` under ``model`` (for a did-you-mean)."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return set()
    fields = _model_fields(current)
    if fields:
        return {name for name in fields if name != "pos"} | {
            f.alias for f in fields.values() if f.alias and f.alias != POS_KEY
        }
    return set()


def _step(annotation: Any, part: Any) -> Any:
    """The type one step down from ``annotation`` along ``part``."""
    annotation = _unwrap(annotation)
    fields = _model_fields(annotation)
    if fields:
        field = fields.get(part) if isinstance(part, str) else None
        return _unwrap(field.annotation) if field else None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is list and args:
        return _unwrap(args[0])
    if origin is dict and len(args) == 2:
        return _unwrap(args[1])
    return None


def _model_fields(annotation: Any) -> dict[str, Any]:
    """A model's (or pydantic dataclass's) fields by name; empty for anything else."""
    return getattr(annotation, "__pydantic_fields__", None) or {} if isinstance(annotation, type) else {}


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional wrappers."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation
