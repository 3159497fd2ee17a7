"""Which column holds what: by the header's words, by the cells below it, or as the user says.

``Rec.``, ``Recommendation`` or ``Theme`` is the recommendation/theme; ``No`` or ``Ref`` the
action's id; ``Action``, ``Task``, ``Deliverable`` or ``Milestone`` its title; ``How``;
``Timescale``, ``When`` or ``Target date`` the timescale (``Original target date`` the
baseline); ``Lead``, ``Who`` or ``Owner`` the leads; ``Progress`` or ``Update`` a progress
update (``Update as at June 2018`` dated June 2018); ``Next steps``; ``Priority``; ``Status``
or ``RAG`` (``RAG (Complete / In hand / Late)`` lists its own words); ``Date completed``.

Where the headers do not say, the cells do: a column of dates is the timescale, of initials or
names the leads, of status words the status, of short references (``1.1``, ``2a``) the ids,
and where no header names the action, the first column of sentences is the action, provided
the headers name at least two other fields of a plan. ``--columns "action=Deliverable,
lead=Owner"`` (or a mapping file) names any column outright. Other columns are kept as extras
(their words go into comments). Each column remembers how it was read, for ``--explain``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from pmplan.dates.periods import APRIL, FinancialYear
from pmplan.exchange.importer.tables import Cell
from pmplan.exchange.importer.words import (
    dates_in,
    looks_like_date,
    looks_like_id,
    looks_like_number,
    looks_like_person,
    looks_like_sentence,
    looks_like_status,
    normalise,
    read_status,
)

FIELDS = (
    "group",
    "group_id",
    "id",
    "title",
    "how",
    "leads",
    "timescale",
    "start",
    "baseline",
    "progress",
    "update_date",
    "next",
    "priority",
    "status",
    "completed",
    "response",
    "skip",
)

USER_FIELDS: dict[str, str] = {
    "action": "title",
    "title": "title",
    "id": "id",
    "ref": "id",
    "theme": "group",
    "recommendation": "group",
    "group": "group",
    "rec-no": "group_id",
    "theme-no": "group_id",
    "how": "how",
    "lead": "leads",
    "leads": "leads",
    "owner": "leads",
    "due": "timescale",
    "timescale": "timescale",
    "when": "timescale",
    "start": "start",
    "baseline": "baseline",
    "original": "baseline",
    "progress": "progress",
    "update": "progress",
    "update-date": "update_date",
    "next": "next",
    "priority": "priority",
    "status": "status",
    "rag": "status",
    "completed": "completed",
    "done": "completed",
    "response": "response",
    "skip": "skip",
    "ignore": "skip",
}
"""The names ``--columns`` takes (``action=Deliverable``) -> field."""

USER_NAMES = {
    "title": "action",
    "id": "id",
    "group": "theme",
    "group_id": "rec-no",
    "how": "how",
    "leads": "lead",
    "timescale": "due",
    "start": "start",
    "baseline": "baseline",
    "progress": "progress",
    "update_date": "update-date",
    "next": "next",
    "priority": "priority",
    "status": "status",
    "completed": "completed",
    "response": "response",
}
"""Field -> the name ``--columns`` gives it, for messages."""

_EXACT: dict[str, str] = {}
for _field, _names in {
    "group": "rec|recs|recc|reccs|rec no|recommendation|recommendations|recommendation no|audit recommendation"
    "|theme|themes|objective|objectives|key objective|workstream|work stream|key issue|issue|finding|area|key area"
    "|priority area|strategic objective|outcome|outcomes|strategic priority|corporate priority|priority theme"
    "|recommendation number|rec number|recommendation ref|significant issue|governance issue"
    "|significant governance issue|issue identified|control weakness|weakness",
    "id": "no|number|num|ref|ref no|reference|item|item no|action no|action number|action ref|id|#"
    "|action id|para|paragraph|code|action code|ref number|reference number|item number|s no|sn",
    "title": "action|actions|action s|agreed action|agreed actions|action required|actions required"
    "|action to be taken|actions to be taken|proposed action|proposed actions|task|tasks|activity"
    "|activities|what|deliverable|deliverables|milestone|milestones|key action|key actions"
    "|area for improvement|areas for improvement|action point|action points|improvement action"
    "|action title|title|agreed management action|management action|management actions|action agreed"
    "|what we will do|what will we do|what we are going to do|planned action|planned actions"
    "|key deliverable|key deliverables|key milestone|key milestones|project|projects|initiative"
    "|improvement|improvements|commitment|commitments|action planned|actions planned",
    "how": "how|method|methods|approach|means|resources|how will it be done|how will it be achieved"
    "|how will this be achieved|how will we do it|how delivered|how achieved|delivery|resource implications"
    "|description|action description|details|detail",
    "leads": "lead|leads|who|lead officer|lead officers|responsible officer|responsible officers"
    "|responsible|responsibility|owner|owners|action owner|officer|officers|by whom|lead responsible officer"
    "|accountable officer|lead s|responsible person|lead person|accountable|assigned to|assignee|managed by"
    "|action by|lead officer s|officer responsible|responsible manager|lead manager|lead director",
    "timescale": "time scale|timescale|timescales|time scales|when|target date|target dates|deadline"
    "|deadlines|due|due date|by when|completion date|date|timing|timings|time frame|timeframe|target"
    " completion date|implementation date|revised timescale|revised target date|revised date"
    "|agreed timescale|target timescale|date due|when by|completion|end date|end|finish date|due by"
    "|target completion|revised due date|revised deadline|new target date|target implementation date"
    "|proposed completion date|proposed date|implementation timescale|planned completion date",
    "start": "start|start date|date started|commencement date|planned start|planned start date|start by|begin",
    "baseline": "original timescale|original target date|original date|original deadline|baseline"
    "|original due date|agreed date|original completion date|original implementation date",
    "progress": "progress|update|updates|progress update|progress to date|latest progress|latest update"
    "|comments|comment|commentary|progress comments|position|current position|progress report"
    "|progress and comments|update on progress|evidence|notes|progress notes|latest note|note"
    "|progress made|progress narrative|current status update|status update|update comments",
    "update_date": "last updated|date updated|update date|date of update|date of last update|note date"
    "|latest note date|progress date|last update|date of progress update|updated",
    "next": "proposed future action|proposed future actions|future action|future actions|further action"
    "|further actions|next steps|next step|next actions|proposed next steps|actions for next period"
    "|next action|further work|forward plan",
    "priority": "priority|priorities|priority h m l|h m l|priority level|priority rating|hml|risk rating"
    "|recommendation priority|rating|grade|category",
    "status": "status|rag|rag status|rag rating|progress status|overall status|current status"
    "|status rag|rag rating status|red amber green|implementation status|action status|direction",
    "completed": "date completed|completed date|date complete|actual completion date|date closed|closed date"
    "|date implemented|implemented date|completed|completed y n|complete y n|done|date done|actual date"
    "|date actioned|actual completion",
    "response": "response|management response|council response|officer response|agreed response"
    "|management comments",
}.items():
    for _name in _names.split("|"):
        _EXACT[_name.strip()] = _field

# Keyword rules for headers not in the table above, tried in this order.
_KEYWORDS: tuple[tuple[str, str], ...] = (
    (
        r"\b(date|when)\b.*\b(completed?|closed|implemented)\b|\bcompleted\b.*\bdate\b|^completed\b",
        "completed",
    ),
    (r"\bprogress\b|\bupdates?\b|\bcomment|\bposition\b|\bnotes?\b", "progress"),
    (r"\bnext\b|\bfuture\b|\bfurther\b", "next"),
    (r"\brag\b|\bstatus\b", "status"),
    (r"\boriginal\b.*\b(date|time|deadline)", "baseline"),
    (r"\bstart", "start"),
    (r"\blead|\bresponsib|\bowner|\bwho\b|\bofficer|\baccountab|\bassigned", "leads"),
    (r"\btime|\bdate\b|\bwhen\b|\bdeadline|\bdue\b|\btarget\b", "timescale"),
    (r"^how\b", "how"),
    (r"^rec|\brecommendation|\btheme\b|\bobjective\b|\bworkstream\b", "group"),
    (r"\bresponse\b", "response"),
    (r"^priority\b", "priority"),
    (r"\baction|\btask|\bactivit|\bdeliverable|\bmilestone", "title"),
    (r"^(no|ref|item)\b", "id"),
)
_MULTI = frozenset({"progress"})
"""Fields that may have several columns (``Progress Q1``, ``Progress Q2``)."""
_NOT_A_GROUP = re.compile(r"\b(expected|intended|desired|measure|measures|success|impact|result|results)\b")
"""Outcome columns that say what an action will achieve, not what it belongs to."""
_LISTED = re.compile(r"\(([^()]*[/,;|][^()]*)\)")


@lru_cache(maxsize=8192)
def field_of(header: str) -> str | None:
    """The plan field a column header names, or None."""
    name = normalise(header)
    if not name or len(name) > 80:
        return None
    if listed_statuses(header):
        return "status"
    if name in _EXACT:
        return _EXACT[name]
    bare = normalise(re.sub(r"\([^)]*\)", " ", header))
    if bare in _EXACT:
        return _EXACT[bare]
    if name.startswith(("outcome", "objective")) and _NOT_A_GROUP.search(name):
        return None
    if len((bare or name).split()) > 6:
        return None
    for pattern, field_name in _KEYWORDS:
        if re.search(pattern, bare or name):
            return field_name
    return None


@lru_cache(maxsize=1024)
def listed_statuses(header: str) -> tuple[tuple[str, str], ...]:
    """The values a header lists, where two or more are statuses: ``RAG (Complete / In hand /
    Late)`` -> (complete, complete), (in hand, on-track), (late, delayed)."""
    match = _LISTED.search(header)
    if match is None:
        return ()
    values = [normalise(v) for v in re.split(r"[/,;|]", match.group(1))]
    read = [(v, read_status(v)) for v in values if v]
    known = tuple((v, s) for v, s in read if s is not None)
    return known if len(known) >= 2 else ()


def header_date(header: str, fy: FinancialYear = APRIL) -> date | None:
    """The date a progress column's header gives: ``Update as at June 2018`` -> 2018-06-30;
    ``Q2 2018/19 update`` -> the quarter's last day."""
    quarter = re.search(r"\bq(?:uarter)?\s*([1-4])\s*(\d{4})\s*/\s*(\d{2,4})\b", header, re.I)
    if quarter is not None:
        year = int(quarter.group(2))
        return fy.quarter(year, int(quarter.group(1))).end if 1900 <= year <= 2100 else None
    found = dates_in(header)
    return found[-1][1] if found else None


@dataclass(slots=True)
class ColumnMap:
    """Which column holds what, as read from a header row (and the cells below it)."""

    fields: dict[int, str]
    """Column index -> field."""
    headers: dict[int, str]
    """Column index -> the header as written (for every non-empty header cell)."""
    width: int
    extras: dict[int, str] = field(default_factory=dict)
    """Columns not recognised: index -> header as written."""
    how: dict[int, str] = field(default_factory=dict)
    """Column index -> how it was read: ``header``, ``content: ...``, ``--columns``."""
    dates: dict[int, date] = field(default_factory=dict)
    """Progress columns whose header gives their date."""
    statuses: dict[int, dict[str, str]] = field(default_factory=dict)
    """Status columns whose header lists its words."""
    texts: tuple[str, ...] = ()
    """The header row's cells, normalised: a row the same is the header repeated."""
    _by_field: dict[str, int] | None = None

    def column(self, name: str) -> int | None:
        """The (first) column holding ``name``."""
        if self._by_field is not None:
            return self._by_field.get(name)
        return next((i for i, f in sorted(self.fields.items()) if f == name), None)

    def settle(self) -> ColumnMap:
        """The map as read, no longer to change: its look-ups made once."""
        self._by_field = {}
        for index, field_name in sorted(self.fields.items()):
            self._by_field.setdefault(field_name, index)
        return self

    def signature(self) -> tuple[tuple[int, str], ...]:
        return tuple(sorted(self.fields.items()))

    def name(self, index: int) -> str:
        return self.headers.get(index) or f"column {column_letter(index)}"

    def describe(self) -> str:
        return ", ".join(
            f"{self.name(i)} -> {FIELD_WORDS.get(f, f)}"
            + (" (by content)" if self.how.get(i, "").startswith("content") else "")
            for i, f in sorted(self.fields.items())
            if f != "skip"
        )

    def columns_line(self) -> str:
        """This map as a ``--columns`` value."""
        return ",".join(
            f"{USER_NAMES[f]}={self.name(i)}" for i, f in sorted(self.fields.items()) if f in USER_NAMES
        )


FIELD_WORDS = {
    "group": "recommendation/theme",
    "group_id": "recommendation/theme number",
    "title": "action",
    "progress": "progress update",
    "update_date": "date of the update",
    "next": "next step",
    "leads": "leads",
    "completed": "date completed",
    "start": "start",
}


def column_letter(index: int) -> str:
    out, n = "", index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


_DATA = re.compile(r"[\d.,/\-\s()%£$€:]+")


def label_row(row: list[Cell]) -> bool:
    """A row that could be a header: two or more short cells, none a number, a reference or a
    date (a header names its columns; the rows below hold the values)."""
    filled = 0
    for cell in row:
        if not cell.text or cell.continued:
            continue
        if len(cell.text) > 120 or _DATA.fullmatch(cell.text) or _whole_date(cell.text):
            return False
        filled += 1
    return filled >= 2


def _whole_date(text: str) -> bool:
    found = dates_in(text)
    return bool(found) and len(text.strip()) <= 20 and found[0][0] == 0


def _label(text: str) -> bool:
    """Words that read as a column's name rather than a cell's content: short, no sentence."""
    words = text.split()
    return len(words) <= 8 and not (len(words) > 3 and text.rstrip().endswith("."))


@lru_cache(maxsize=8192)
def exact_field(header: str) -> bool:
    """True when the header is one of the names pmplan knows outright (not just a keyword in
    longer words: 'Services are planned from up-to-date data' names no date column)."""
    name = normalise(header)
    bare = normalise(re.sub(r"\([^)]*\)", " ", header))
    return name in _EXACT or bare in _EXACT or bool(listed_statuses(header))


def _numbering(header: str) -> bool:
    return bool(re.search(r"\b(no|number|num|ref|reference)\b|#", normalise(header)))


def read_header(row: list[Cell]) -> ColumnMap | None:
    """The row as a header row by its words: two or more columns named (the action column may
    still be found by content, see :func:`complete`)."""
    if not label_row(row):
        return None
    fields: dict[int, str] = {}
    headers: dict[int, str] = {}
    extras: dict[int, str] = {}
    how: dict[int, str] = {}
    taken: set[str] = set()
    for index, cell in enumerate(row):
        text = " ".join(cell.text.split())
        if not text or cell.continued:
            continue
        headers[index] = text
        name = field_of(text) if _label(text) else None
        if name is None:
            extras[index] = text
            continue
        if name == "title" and "title" in taken and "next" not in taken:
            name = "next"  # a second action column: 'Proposed action' after 'Action'
        if (
            name == "timescale"
            and "timescale" in taken
            and re.search(r"revised|new|current|amended", text, re.I)
        ):
            old = next(i for i, f in fields.items() if f == "timescale")
            fields[old] = "baseline" if "baseline" not in taken else "skip"
            taken.add("baseline")
            if fields[old] == "skip":
                extras[old] = headers[old]
                del fields[old]
            taken.discard("timescale")
        if name == "group" and "group" in taken and "group_id" not in taken:
            old = next(i for i, f in fields.items() if f == "group")
            if _numbering(text):
                name = "group_id"  # 'Rec No' beside 'Recommendation': the number and the words
            elif _numbering(headers[old]):
                fields[old] = "group_id"
                taken.add("group_id")
                taken.discard("group")
        if name in taken and name not in _MULTI:
            extras[index] = text
            continue
        taken.add(name)
        fields[index] = name
        how[index] = "header"
    if len(taken) < 2 and not ("title" in taken and len(headers) == 1):
        return None
    texts = tuple(normalise(c.text) if not c.continued else "" for c in row)
    return ColumnMap(fields, headers, len(row), extras, how, texts=texts)


def user_header(row: list[Cell], wanted: list[tuple[str, str]]) -> ColumnMap | None:
    """The row as the header ``--columns`` describes: every header named is in it."""
    found: dict[int, str] = {}
    how: dict[int, str] = {}
    names = [(i, normalise(c.text)) for i, c in enumerate(row) if c.text and not c.continued]
    for field_name, header in wanted:
        key = normalise(header)
        match = next((i for i, n in names if n == key and i not in found), None)
        if match is None:
            match = next((i for i, n in names if n.startswith(key) and i not in found), None)
        if match is None:
            return None
        found[match] = field_name
        how[match] = "--columns"
    auto = read_header(row) or ColumnMap({}, {}, len(row))
    headers = {i: " ".join(c.text.split()) for i, c in enumerate(row) if c.text and not c.continued}
    fields = {i: f for i, f in auto.fields.items() if i not in found and f not in found.values()}
    how.update({i: "header" for i in fields})
    fields.update({i: f for i, f in found.items()})
    extras = {i: h for i, h in headers.items() if i not in fields}
    texts = tuple(normalise(c.text) if not c.continued else "" for c in row)
    return ColumnMap(fields, headers, len(row), extras, how, texts=texts)


# --- what the cells below say --------------------------------------------------------------


def _kind(text: str) -> str:
    if looks_like_status(text):
        return "status"
    if looks_like_date(text):
        return "date"
    if looks_like_number(text):
        return "number"
    if looks_like_id(text):
        return "id"
    if looks_like_person(text):
        return "person"
    if looks_like_sentence(text):
        return "sentence"
    return "short"


_KIND_WORDS = {
    "status": "status words",
    "date": "dates",
    "id": "references",
    "person": "initials, names or roles",
    "sentence": "sentences",
}


def profile(rows: list[list[Cell]], column: int) -> tuple[Counter[str], int]:
    """What the column's cells are (kinds counted), and how many hold words."""
    kinds: Counter[str] = Counter()
    for row in rows:
        if column < len(row) and row[column].text and not row[column].continued:
            kinds[_kind(row[column].text)] += 1
    return kinds, sum(kinds.values())


def complete(
    columns: ColumnMap, rows: list[list[Cell]], fy: FinancialYear = APRIL, user: bool = False
) -> str | None:
    """Fill in what the header's words left out from the cells in ``rows`` (the rows under the
    header), and check the action column holds actions. None when done; otherwise why the row
    is not an action table's header (``key``, ``summary``, ``no action column``)."""
    taken = set(columns.fields.values())
    profiles = {i: profile(rows, i) for i in range(columns.width)}

    def share(index: int, kind: str) -> float:
        kinds, total = profiles[index]
        count = kinds[kind] + (kinds["number"] if kind == "id" else 0)  # 1, 2, 3 are references too
        return count / total if total >= 2 else 0.0

    open_columns = [i for i in range(columns.width) if i not in columns.fields and profiles[i][1]]
    for index in open_columns:
        if "id" not in taken and index <= 1 and share(index, "id") >= 0.6:
            choice = "id"
        elif "status" not in taken and share(index, "status") >= 0.6:
            choice = "status"
        elif "timescale" not in taken and share(index, "date") >= 0.6:
            choice = "timescale"
        elif "leads" not in taken and share(index, "person") >= 0.6:
            choice = "leads"
        else:
            continue
        kinds, total = profiles[index]
        wanted = {"id": "id", "status": "status", "timescale": "date", "leads": "person"}[choice]
        count = kinds[wanted] + (kinds["number"] if choice == "id" else 0)
        _set(columns, index, choice, f"content: {count} of {total} cells are {_KIND_WORDS[wanted]}")
        taken.add(choice)
    if "title" not in taken:
        plan_fields = {
            f
            for i, f in columns.fields.items()
            if columns.how.get(i) != "header" or exact_field(columns.headers[i])
        } & {"id", "group", "group_id", "leads", "timescale", "progress", "completed", "status", "response"}
        if len(plan_fields) < 2 and not user:
            return "no action column"
        response = columns.column("response")
        if response is not None and not user:
            # an audit response with no action column: the response is what will be done
            _set(columns, response, "title", "the response, as no column names the action")
            return complete(columns, rows, fy, user)
        sentences = [i for i in open_columns if i not in columns.fields and share(i, "sentence") >= 0.5]
        if not sentences:
            return "no action column"
        index = sentences[0]
        kinds, total = profiles[index]
        _set(columns, index, "title", f"content: {kinds['sentence']} of {total} cells are sentences")
        taken.add("title")
    for index, name in list(columns.fields.items()):
        kinds, total = profiles[index]
        if name in {"progress", "how", "next"} and total >= 2 and kinds["number"] / total >= 0.6:
            del columns.fields[index]  # 'Progress %': numbers, not words about progress
            columns.extras[index] = columns.headers.get(index, "")
            columns.how[index] = f"content: {kinds['number']} of {total} cells are numbers, not words"
    title = columns.column("title")
    assert title is not None
    kinds, total = profiles[title]
    if total and (kinds["number"] + kinds["status"]) / total > 0.6 and not user:
        return "summary"
    if _is_key(columns, rows, profiles) and not user:
        return "key"
    _demote_group(columns, rows)
    for index, name in columns.fields.items():
        if name == "progress":
            when = header_date(columns.headers.get(index, ""), fy)
            if when is not None:
                columns.dates[index] = when
        elif name == "status":
            listed = listed_statuses(columns.headers.get(index, ""))
            if listed:
                columns.statuses[index] = dict(listed)
    return None


def _set(columns: ColumnMap, index: int, name: str, how: str) -> None:
    columns.fields[index] = name
    columns.how[index] = how
    columns.extras.pop(index, None)


def _is_key(
    columns: ColumnMap, rows: list[list[Cell]], profiles: dict[int, tuple[Counter[str], int]]
) -> bool:
    """A key to the plan's words (``Green | On track``, ``High | Action within one month``): a
    few rows, each a different status or priority word, and no leads, dates or ids."""
    if set(columns.fields.values()) & {"leads", "timescale", "id", "group", "completed"}:
        return False
    if not 2 <= len(rows) <= 8:
        return False
    title = columns.column("title")
    for index, name in columns.fields.items():
        if name in {"status", "priority"} and (title is None or index < title):  # a key puts its word first
            values = [normalise(r[index].text) for r in rows if index < len(r) and r[index].text]
            if (
                len(values) == len(rows)
                and len(set(values)) == len(values)
                and all(len(v) <= 20 for v in values)
            ):
                return True
    return False


def _demote_group(columns: ColumnMap, rows: list[list[Cell]]) -> None:
    """An outcome or objective column written afresh on every row says what each action is
    for; it does not group them: keep it as words on each action, not as themes."""
    index = columns.column("group")
    title = columns.column("title")
    if index is None or title is None or columns.how.get(index) == "--columns":
        return
    header = normalise(columns.headers.get(index, ""))
    if re.search(r"\brec|\brecommendation|\bissue|\bfinding|\bweakness|\btheme|\bworkstream", header):
        return
    action_rows = [r for r in rows if title < len(r) and r[title].text and not r[title].continued]
    values = [r[index].text for r in action_rows if index < len(r)]
    own = [v for v, r in zip(values, action_rows, strict=False) if v and not r[index].continued]
    if len(action_rows) >= 3 and len(own) == len(action_rows) and len(set(own)) == len(own):
        del columns.fields[index]
        columns.extras[index] = columns.headers.get(index, "")
        columns.how[index] = "content: a different value on every action row, so not a grouping"
