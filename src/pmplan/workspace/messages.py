"""Turning pydantic's validation errors into messages a policy officer can act on."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import ValidationError

from pmplan.dates.periods import period_meant
from pmplan.workspace.reader import POS_KEY, PROBLEM_KEY, position

Namer = Callable[[tuple[Any, ...]], tuple[str, int]]
"""Names the item a path lies in: (``action pm:R2.a``, how many parts of the path lead to
it), or ("", 0) where it lies in no item."""


def describe_errors(
    exc: ValidationError | Sequence[Any], data: Any, model: type | None = None, namer: Namer | None = None
) -> list[tuple[int, int, str]]:
    """(line, column, message) for each error, in file order. With a ``namer``, errors in an
    item say which (``action pm:R2.a: ...``) rather than where in the data it is."""
    errors = exc.errors(include_url=False) if isinstance(exc, ValidationError) else exc
    described = []
    for error in errors:
        loc = tuple(error["loc"])
        item, depth = namer(loc) if namer is not None else ("", 0)
        if PROBLEM_KEY in loc:  # what was typed was lost (see reader.PROBLEM_KEY)
            holder = data
            for part in loc[: loc.index(PROBLEM_KEY)]:
                holder = holder[part]
            text, line, column = holder[PROBLEM_KEY]
            described.append((line, column, f"{item}: {text}" if item else text))
            continue
        # A bad dict key (a period such as '2025 Q1') is at the key, not in its value.
        line, column = position(data, loc[:-1] if loc[-1:] == ("[key]",) else loc)
        described.append((line, column, _message(error, loc, model, item, depth)))
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


def _message(error: Any, loc: tuple[Any, ...], model: type | None, item: str = "", depth: int = 0) -> str:
    """What is wrong, said where: ``action pm:R1.a: leads: expected a list``."""
    kind = error["type"]
    inner = loc[depth:]

    def at(path: tuple[Any, ...], text: str) -> str:
        where = ": ".join(part for part in (item, _where(path)) if part)
        return f"{where}: {text}" if where else text

    if kind in {"extra_forbidden", "unexpected_keyword_argument"}:
        field = str(loc[-1])
        allowed = sorted(_fields_at(model, loc[:-1]))
        hint = difflib.get_close_matches(field, allowed, n=1, cutoff=0.6)
        text = f"unknown field '{field}'"
        if hint:
            text += f" (did you mean '{hint[0]}'?)"
        elif allowed:
            text += f"; allowed here: {', '.join(allowed)}"
        return at(inner[:-1], text)
    if kind in {"missing", "missing_keyword_only_argument", "missing_argument"}:
        if not item and len(loc) == 1:
            return f"'{loc[-1]}' is required at the top of the file"
        return at(inner[:-1], f"'{loc[-1]}' is required")
    if kind in {"literal_error", "enum"}:
        expected = error.get("ctx", {}).get("expected", "")
        value = error.get("input")
        choices = [e.strip(" '") for e in expected.replace(" or ", ", ").split(",") if e.strip(" '")]
        return at(inner, value_hint(str(loc[-1]), value, choices, expected))
    if kind == "string_pattern_mismatch" and "Q[1-4]" in str(error.get("ctx", {}).get("pattern", "")):
        written = error.get("input")
        meant = period_meant(str(written))
        if meant is not None:
            return at(inner[:-1], f"'{written}' is not a period as plan files write them: write '{meant}'")
        return at(inner[:-1], f"'{written}' is not a period: write '2025/26 Q2', '2025/26' or '2025-08'")
    if kind == "string_pattern_mismatch" and loc[-1:] == ("year",):
        return at(inner, f"'{error.get('input')}' is not a financial year: write it as 2025/26")
    if kind == "string_pattern_mismatch" and person_field(loc):
        return at(
            inner,
            f"'{error.get('input')}' is not a person id: people are named by the id the people file "
            "gives them (e.g. JP)",
        )
    if kind == "string_pattern_mismatch":
        return at(
            inner,
            f"'{error.get('input')}' is not a valid id: ids are letters, digits and "
            "'._/-', starting with a letter or digit",
        )
    if kind == "string_too_long":
        return at(inner, f"'{error.get('input')}' is too long: ids are at most 40 characters")
    if kind in {"string_too_short"}:
        return at(inner, "must not be empty")
    if kind in {"model_type", "dict_type", "dataclass_type", "dataclass_args_type"}:
        if not item and not inner:
            return f"the file: expected a mapping of fields, got {_shown(error.get('input'))}"
        return at(inner, f"expected a mapping of fields, got {_shown(error.get('input'))}")
    if kind == "string_type":
        return at(inner, f"expected text, got {_shown(error.get('input'))}")
    if kind == "list_type":
        return at(inner, f"expected a list (e.g. [A, B]), got {_shown(error.get('input'))}")
    if kind.startswith("date"):
        value = str(error.get("input"))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return at(inner, f"'{value}' is not a day of the calendar")
        day = _uk_date(value)
        if day is not None:
            return at(inner, f"'{value}' is not a date as plan files write them: write {day} (YYYY-MM-DD)")
        return at(inner, f"'{value}' is not a date: write it as YYYY-MM-DD")
    if kind == "finite_number":
        return at(
            inner,
            f"'{error.get('input')}' is not a number pmplan can use: write a finite number such as 42.5",
        )
    if kind.startswith("float") or kind.startswith("int"):
        return at(inner, _not_a_number(error.get("input")))
    if kind == "value_error":
        return at(inner, error["msg"].removeprefix("Value error, "))
    return at(inner, error["msg"])


def person_field(loc: tuple[Any, ...]) -> bool:
    """Whether ``loc`` is in a field that names people (``leads``, ``owner``...)."""
    from pmplan.workspace.vocabulary import PERSON_FIELDS

    names = [part for part in loc if isinstance(part, str)]
    return bool(names) and names[-1] in PERSON_FIELDS


def value_hint(field: str, value: Any, choices: list[str], expected: str) -> str:
    """'x' is not one of ..., with a did-you-mean: a status's synonyms first, then a case slip,
    then a close spelling."""
    from pmplan.workspace.vocabulary import STATUSES, suggest_status

    if field == "status" and set(choices) == set(STATUSES):
        return suggest_status(str(value))
    lowered = {c.lower(): c for c in choices}
    hint = [lowered[str(value).lower()]] if str(value).lower() in lowered else None
    hint = hint or difflib.get_close_matches(str(value), choices, n=1)
    text = f"'{value}' is not one of {expected}"
    return text + (f" (did you mean '{hint[0]}'?)" if hint else "")


_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        zip(
            ("january", "february", "march", "april", "may", "june", "july", "august", "september",
             "october", "november", "december"),
            ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
            strict=True,
        )
    )
    for name in names
}  # fmt: skip


def _uk_date(text: str) -> str | None:
    """``21/10/2025``, ``21.10.25`` or ``21 October 2025`` (day first, as the UK writes them)
    as ``2025-10-21``; None for anything else."""
    import datetime as dt

    numeric = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})", text.strip())
    words = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]+),? (\d{4})", text.strip())
    try:
        if numeric:
            day, month, year = (int(g) for g in numeric.groups())
        elif words and words.group(2).lower() in _MONTHS:
            day, month, year = int(words.group(1)), _MONTHS[words.group(2).lower()], int(words.group(3))
        else:
            return None
        return dt.date(year + 2000 if year < 100 else year, month, day).isoformat()
    except ValueError:
        return None


def _not_a_number(value: Any) -> str:
    """Why a value is not a number, and what to write."""
    text = str(value).strip()
    plain = text.replace(",", "").replace("£", "").removesuffix("%").strip()
    if plain != text and re.fullmatch(r"-?\d+(\.\d+)?", plain):
        unit = " (the unit goes in the indicator's 'unit:')" if text.endswith("%") or "£" in text else ""
        return f"'{text}' is not a number as plan files write them: write {plain}{unit}"
    if text.lower() in {"n/a", "na", "tbc", "tba", "-", "?", "unknown", "not known", "awaited"}:
        return f"'{text}' is not a number: leave the value out until it is known (a note can say why)"
    return f"'{text}' is not a number"


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
        current = step_type(current, part)
        if current is None:
            return set()
    fields = model_fields(current)
    if fields:
        return {name for name in fields if name != "pos"} | {
            f.alias for f in fields.values() if f.alias and f.alias != POS_KEY
        }
    return set()


def step_type(annotation: Any, part: Any) -> Any:
    """The type one step down from ``annotation`` along ``part``."""
    annotation = unwrap(annotation)
    fields = model_fields(annotation)
    if fields:
        field = fields.get(part) if isinstance(part, str) else None
        return unwrap(field.annotation) if field else None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is list and args:
        return unwrap(args[0])
    if origin is dict and len(args) == 2:
        return unwrap(args[1])
    return None


def model_fields(annotation: Any) -> dict[str, Any]:
    """A model's (or pydantic dataclass's) fields by name; empty for anything else."""
    return getattr(annotation, "__pydantic_fields__", None) or {} if isinstance(annotation, type) else {}


def unwrap(annotation: Any) -> Any:
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
