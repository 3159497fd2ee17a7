"""What an import reads from a document, before it is written: the plan as drafted.

:class:`~pmplan.exchange.importer.plan.PlanBuilder` fills these from the rows;
:mod:`~pmplan.exchange.importer.settle` settles ids, statuses and update dates;
:mod:`~pmplan.exchange.importer.writer` writes them as YAML. Words with no field are kept on
them (``extras``, ``comments``) so that nothing read is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pmplan.dates.periods import APRIL, FinancialYear
from pmplan.exchange.importer.columns import ColumnMap
from pmplan.exchange.importer.people import LeadMatch
from pmplan.exchange.importer.words import read_priority
from pmplan.workspace.vocabulary import ID_MAX_LENGTH, ID_PATTERN

ID_RE = re.compile(ID_PATTERN)
SENTENCE_END = ".!?:;)]"


@dataclass(slots=True)
class Options:
    """What the user asked for."""

    plan_id: str
    title: str | None = None
    day: date = field(default_factory=date.today)
    columns: list[tuple[str, str]] | None = None
    """(field, header) pairs from ``--columns`` or a mapping file."""
    table: str | None = None
    """``--table``: a table's number, or a sheet's name."""
    fy: FinancialYear = APRIL
    """The council's financial year, for quarters named in headers (``Q2 2018/19 update``)."""


@dataclass(slots=True)
class DraftUpdate:
    text: str
    date: date | None = None
    """None: the import's date (``--date``)."""
    why: str = ""
    """Where the date came from, for ``--explain``."""


@dataclass(slots=True)
class DraftAction:
    id: str
    title: str
    where: str
    id_written: str | None = None
    """The id as the source wrote it, where pmplan had to change it."""
    base: str | None = None
    """The reference the source wrote for it (``1``, ``3.4``), before milestones are lettered."""
    label: str | None = None
    """Its milestone label (``a``, ``ii``, ``b.i``) where the text starts with one."""
    how: list[str] = field(default_factory=list)
    leads_text: list[str] = field(default_factory=list)
    leads_header: str = "Lead"
    lead: LeadMatch | None = None
    timescale: list[str] = field(default_factory=list)
    start: list[str] = field(default_factory=list)
    start_header: str = "Start"
    baseline: list[str] = field(default_factory=list)
    priority_text: str | None = None
    status_cells: list[tuple[int, str]] = field(default_factory=list)
    """(column, text) of the status column(s)."""
    status_header: str = "Status"
    completed: list[str] = field(default_factory=list)
    completed_header: str = "Date completed"
    progress: list[DraftUpdate] = field(default_factory=list)
    progress_cells: list[tuple[int, str]] = field(default_factory=list)
    """(column, text) of the progress columns, made into updates when settled."""
    update_dates: list[str] = field(default_factory=list)
    next: list[str] = field(default_factory=list)
    extras: list[tuple[str, str]] = field(default_factory=list)
    continued_from: list[str] = field(default_factory=list)
    """Where its text carried on over a page break."""
    status: str | None = None
    status_why: str = ""
    comments: list[str] = field(default_factory=list)
    """Comments the writer puts above the action's status (what could not be placed)."""
    columns: ColumnMap | None = None

    @property
    def priority(self) -> str | None:
        return read_priority(self.priority_text or "")


@dataclass(slots=True)
class DraftGroup:
    id: str
    title: str
    where: str
    kind: str
    """``recommendation`` or ``theme``."""
    title_written: bool = True
    response: list[str] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    progress: list[str] = field(default_factory=list)
    actions: list[DraftAction] = field(default_factory=list)
    extras: list[tuple[str, str]] = field(default_factory=list)
    id_written: str | None = None
    number: str | None = None
    """The reference that numbers it on its rows (``2`` in a Ref column beside its words)."""


@dataclass(slots=True)
class ImportedPlan:
    id: str
    title: str
    source: str
    update_date: date
    groups: list[DraftGroup]
    key: str
    """``recommendations`` or ``themes``."""
    notes: list[str] = field(default_factory=list)
    """What the import did."""
    unplaced: list[str] = field(default_factory=list)
    """What it could not place, and where it kept it."""
    trace: list[tuple[str, Any]] = field(default_factory=list)
    """(where, what) for every row and column read, for ``--explain``: what is a string, a
    ColumnMap, a DraftGroup or a DraftAction (read as they end up)."""
    title_from: str = ""

    @property
    def actions(self) -> list[DraftAction]:
        return [a for g in self.groups for a in g.actions]


def text_join(before: str, more: str) -> str:
    """Join text carried over a page break: mid-sentence with a space, else on a new line."""
    if not before:
        return more
    if not more:
        return before
    last = before.rstrip().splitlines()[-1]
    if more.startswith("- "):
        return f"{before}\n{more}"
    if more[:1].islower() and not last.endswith((".", "!", "?")):
        return f"{before} {more}"
    if last.endswith(tuple(SENTENCE_END)) and not last.startswith("- "):
        return f"{before}\n{more}"
    return f"{before} {more}"


def slug_id(text: str) -> str | None:
    """Text made into an id: ``3.4.`` -> ``3.4``; None if nothing is left."""
    text = text.strip().rstrip(".)").strip().lstrip("(")
    if ID_RE.match(text) and len(text) <= ID_MAX_LENGTH:
        return text
    cleaned = re.sub(r"[^A-Za-z0-9._/-]+", "-", text).strip("-._/")[:ID_MAX_LENGTH].strip("-._/")
    return cleaned or None


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else words or word + 's'}"


def local_ref(group: DraftGroup, action: DraftAction) -> str:
    """``R1.a``; just ``1.1`` where the action id already starts with its theme's id."""
    return action.id if action.id.startswith(group.id + ".") else f"{group.id}.{action.id}"


def field_text(texts: list[str], single_line: str | None = None) -> str:
    """A field's cells as one text; a lone bullet loses its ``- ``; ``single_line`` joins lines."""
    text = "\n".join(t for t in texts if t)
    if "\n" not in text and text.startswith("- "):
        text = text[2:]
    if single_line is not None:
        text = single_line.join(line.removeprefix("- ") for line in text.split("\n"))
    return text
