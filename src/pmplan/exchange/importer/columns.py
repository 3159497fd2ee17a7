"""Recognising an action-plan table by its header row, whatever the council calls the columns.

``Rec.``, ``Recommendation`` or ``Theme`` is the recommendation/theme; ``No`` or ``Ref`` the
action's id; ``Action`` its title; ``How``; ``Time scale``, ``Timescale``, ``When`` or
``Target date`` the timescale; ``Lead``, ``Who`` or ``Responsible officer`` the leads;
``Progress`` or ``Update`` a progress update; ``Proposed future action`` or ``Next steps``
the next step; ``Priority``; ``Status`` or ``RAG``. A header row names an action column and
at least one other; other columns are kept as extras (their words go into comments).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pmplan.exchange.importer.tables import Cell

FIELDS = (
    "group",
    "id",
    "title",
    "how",
    "leads",
    "timescale",
    "baseline",
    "progress",
    "next",
    "priority",
    "status",
    "response",
)

_EXACT: dict[str, str] = {}
for _field, _names in {
    "group": "rec|recs|recc|reccs|rec no|recommendation|recommendations|recommendation no|audit recommendation"
    "|theme|themes|objective|objectives|key objective|workstream|key issue|issue|finding|area|key area"
    "|priority area|strategic objective|outcome",
    "id": "no|number|num|ref|ref no|reference|item|item no|action no|action number|action ref|id|#"
    "|action id|para|paragraph",
    "title": "action|actions|action s|agreed action|agreed actions|action required|actions required"
    "|action to be taken|actions to be taken|proposed action|proposed actions|task|tasks|activity"
    "|activities|what|deliverable|deliverables|milestone|milestones|key action|key actions"
    "|area for improvement|areas for improvement|action point|action points|improvement action",
    "how": "how|method|methods|approach|means|resources|how will it be done|how will it be achieved"
    "|how will this be achieved|how will we do it|how delivered|how achieved|delivery|resource implications",
    "leads": "lead|leads|who|lead officer|lead officers|responsible officer|responsible officers"
    "|responsible|responsibility|owner|owners|action owner|officer|officers|by whom|lead responsible officer"
    "|accountable officer|lead s|responsible person|lead person|accountable",
    "timescale": "time scale|timescale|timescales|time scales|when|target date|target dates|deadline"
    "|deadlines|due|due date|by when|completion date|date|timing|timings|time frame|timeframe|target"
    " completion date|implementation date|revised timescale|revised target date|revised date"
    "|agreed timescale|target timescale|date due|when by|completion",
    "baseline": "original timescale|original target date|original date|original deadline|baseline"
    "|original due date|agreed date",
    "progress": "progress|update|updates|progress update|progress to date|latest progress|latest update"
    "|comments|comment|commentary|progress comments|position|current position|progress report"
    "|progress and comments|progress comments|update on progress|evidence|notes|progress notes",
    "next": "proposed future action|proposed future actions|future action|future actions|further action"
    "|further actions|next steps|next step|next actions|proposed next steps|actions for next period"
    "|next action|further work|forward plan",
    "priority": "priority|priorities|priority h m l|h m l|priority level|priority rating|hml",
    "status": "status|rag|rag status|rating|rag rating|progress status|overall status|current status"
    "|status rag|rag rating status|red amber green|completed",
    "response": "response|management response|council response|officer response|agreed response"
    "|management comments",
}.items():
    for _name in _names.split("|"):
        _EXACT[_name.strip()] = _field

# Keyword rules for headers not in the table above, tried in this order.
_KEYWORDS: tuple[tuple[str, str], ...] = (
    (r"\bprogress\b|\bupdates?\b|\bcomment", "progress"),
    (r"\bnext\b|\bfuture\b|\bfurther\b", "next"),
    (r"\brag\b|\bstatus\b", "status"),
    (r"\boriginal\b.*\b(date|time|deadline)", "baseline"),
    (r"\blead|\bresponsib|\bowner|\bwho\b|\bofficer", "leads"),
    (r"\btime|\bdate\b|\bwhen\b|\bdeadline|\bdue\b", "timescale"),
    (r"^how\b", "how"),
    (r"^rec|\brecommendation|\btheme\b|\bobjective\b", "group"),
    (r"\bresponse\b", "response"),
    (r"^priority\b", "priority"),
    (r"\baction|\btask|\bactivit", "title"),
    (r"^(no|ref|item)\b", "id"),
)
_MULTI = frozenset({"progress"})
"""Fields that may have several columns (``Progress Q1``, ``Progress Q2``)."""


def normalise(header: str) -> str:
    text = re.sub(r"<[^>]+>", " ", header).lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9#]+", " ", text)
    return " ".join(text.split())


def field_of(header: str) -> str | None:
    """The plan field a column header names, or None."""
    name = normalise(header)
    if not name or len(name) > 60:
        return None
    if name in _EXACT:
        return _EXACT[name]
    for pattern, field_name in _KEYWORDS:
        if re.search(pattern, name):
            return field_name
    return None


@dataclass(slots=True)
class ColumnMap:
    """Which column holds what, as read from a header row."""

    fields: dict[int, str]
    """Column index -> field."""
    headers: dict[int, str]
    """Column index -> the header as written (for every non-empty header cell)."""
    width: int
    extras: dict[int, str] = field(default_factory=dict)
    """Columns not recognised: index -> header as written."""

    def column(self, name: str) -> int | None:
        for index, field_name in self.fields.items():
            if field_name == name:
                return index
        return None

    def signature(self) -> tuple[tuple[int, str], ...]:
        return tuple(sorted(self.fields.items()))

    def describe(self) -> str:
        return ", ".join(
            f"{self.headers[i]} -> {_FIELD_WORDS.get(f, f)}" for i, f in sorted(self.fields.items())
        )


_FIELD_WORDS = {
    "group": "recommendation/theme",
    "title": "action",
    "progress": "progress update",
    "next": "next step",
    "leads": "leads",
}


def read_header(row: list[Cell]) -> ColumnMap | None:
    """The row as a header row, if it is one: it names an action column and one other."""
    fields: dict[int, str] = {}
    headers: dict[int, str] = {}
    extras: dict[int, str] = {}
    taken: set[str] = set()
    recognised = 0
    for index, cell in enumerate(row):
        text = " ".join(cell.text.split())
        if not text or cell.continued:
            continue
        headers[index] = text
        name = field_of(text)
        if name is None:
            extras[index] = text
            continue
        recognised += 1
        if name == "title" and "title" in taken and "next" not in taken:
            name = "next"  # a second action column: 'Proposed action' after 'Action'
        if name in taken and name not in _MULTI:
            extras[index] = text
            continue
        taken.add(name)
        fields[index] = name
    if "title" not in taken or len(taken) < 2 or recognised < len(headers) / 2:
        return None
    return ColumnMap(fields, headers, len(row), extras)
