"""What the user says about a source: ``--columns`` and the mapping file for repeated imports.

``--columns "action=Deliverable,lead=Owner,due=Target date"`` names columns by their headers
(a header may hold commas: a new pair starts only at ``name=``). A mapping file says the
same in YAML, with the table and the title too, so that next quarter's file imports the same
way::

    # planning-tracker.pmplan-import.yaml
    columns:
      action: Deliverable
      lead: Owner
      due: Target date
      skip: Budget
    table: 2                 # or a sheet's name
    title: Planning service improvement plan
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmplan.exchange.importer.columns import USER_FIELDS, USER_NAMES
from pmplan.exchange.importer.tables import SourceError

_PAIR_START = re.compile(r",\s*(?=[A-Za-z][A-Za-z-]*\s*=)")
_KEYS = ("columns", "table", "title", "id")
MAX_BYTES = 64 * 1024
_MANY = frozenset({"leads", "progress", "skip"})
"""Fields that may have several columns: a lead officer and a portfolio holder, progress by quarter."""


@dataclass(slots=True)
class Mapping:
    columns: list[tuple[str, str]] = field(default_factory=list)
    """(field, header) pairs, in the order given."""
    table: str | None = None
    title: str | None = None
    id: str | None = None


def _names() -> str:
    return ", ".join(sorted(USER_FIELDS))


def _pair(name: str, header: str, where: str) -> tuple[str, str]:
    key = name.strip().lower()
    if key not in USER_FIELDS:
        raise SourceError(f"{where}: '{name.strip()}' is not a column pmplan knows; use one of: {_names()}")
    header = " ".join(str(header).split())
    if not header:
        raise SourceError(f"{where}: '{key}=' names no header: write {key}=<the column's header>")
    return USER_FIELDS[key], header


def parse_columns(text: str, where: str = "--columns") -> list[tuple[str, str]]:
    """``action=Deliverable,lead=Owner`` -> [(title, Deliverable), (leads, Owner)]."""
    pairs: list[tuple[str, str]] = []
    for part in _PAIR_START.split(text.strip()):
        if not part.strip():
            continue
        name, equals, header = part.partition("=")
        if not equals:
            raise SourceError(
                f"{where}: '{part.strip()}' is not name=header (e.g. action=Deliverable,lead=Owner)"
            )
        pairs.append(_pair(name, header, where))
    return _checked(pairs, where)


def _checked(pairs: list[tuple[str, str]], where: str) -> list[tuple[str, str]]:
    fields = [f for f, _ in pairs if f not in _MANY]
    twice = sorted({f for f in fields if fields.count(f) > 1})
    if twice:
        names = ", ".join(USER_NAMES.get(f, f) for f in twice)
        raise SourceError(f"{where}: {names} named twice (only lead, progress and skip may be)")
    if not pairs:
        raise SourceError(f"{where}: names no column (e.g. action=Deliverable,lead=Owner)")
    return pairs


def read_mapping(path: Path) -> Mapping:
    """A mapping file; raises SourceError naming the file and what is wrong."""
    import yaml

    try:
        raw = path.read_bytes()[: MAX_BYTES + 1]
    except OSError as exc:
        raise SourceError(f"{path}: cannot read the mapping file: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise SourceError(f"{path}: a mapping file is a few lines; this one is over {MAX_BYTES // 1024} KB")
    try:
        data: Any = yaml.safe_load(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        at = f" (line {line + 1})" if line is not None else ""
        raise SourceError(f"{path}: not a YAML mapping file{at}: {exc}") from None
    if not isinstance(data, dict):
        raise SourceError(f"{path}: a mapping file holds keys {', '.join(_KEYS)} (columns: action: ...)")
    unknown = [str(k) for k in data if k not in _KEYS]
    if unknown:
        raise SourceError(
            f"{path}: unknown key {', '.join(unknown)}: a mapping file holds {', '.join(_KEYS)}"
        )
    mapping = Mapping()
    columns = data.get("columns")
    where = f"{path}: columns"
    if isinstance(columns, str):
        mapping.columns = parse_columns(columns, where)
    elif isinstance(columns, dict):
        pairs: list[tuple[str, str]] = []
        for name, header in columns.items():
            for one in header if isinstance(header, list) else [header]:
                if not isinstance(one, str | int | float):
                    raise SourceError(f"{where}: {name} must name a header as text")
                pairs.append(_pair(str(name), str(one), where))
        mapping.columns = _checked(pairs, where)
    elif columns is not None:
        raise SourceError(f"{where}: give the columns as name: header lines (action: Deliverable)")
    for key in ("table", "title", "id"):
        value = data.get(key)
        if value is not None:
            if not isinstance(value, str | int) or isinstance(value, bool):
                raise SourceError(f"{path}: {key} must be text or a number")
            setattr(mapping, key, str(value))
    return mapping


def merged(mapping: Mapping | None, columns: list[tuple[str, str]] | None) -> list[tuple[str, str]] | None:
    """The mapping file's columns with ``--columns`` over them (field by field)."""
    if mapping is None or not mapping.columns:
        return columns
    if not columns:
        return mapping.columns
    named = {f for f, _ in columns if f not in _MANY}
    return [p for p in mapping.columns if p[0] not in named] + columns
