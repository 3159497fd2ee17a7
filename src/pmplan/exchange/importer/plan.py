"""From a document's rows to an action plan: recommendations or themes, actions, updates.

The rows of every table (and the paragraphs between tables) are read in order by a small
state machine. A header row (see :mod:`pmplan.exchange.importer.columns`) says which column holds
what; the same header again (after a page break) is skipped. Then each row is one of:

* a recommendation or theme: a new value in the Rec./Theme column (``1. Develop links ...``),
  a row with only a top-level number and a title (``1 | Performance culture``), a row one
  merged cell wide, or a ``RECOMMENDATION 5`` heading (its title on the next row, then
  ``RESPONSE`` and its text, then ``PROGRESS with R5`` and the progress, Herefordshire-style);
* an action: an id (``1.1``, ``3.4.``, or ``a)``/``b) i.`` at the start of the action text;
  letters a, b, c ... where there is none), title, how, leads, timescale, priority, status,
  progress and next step;
* the rest of the action above, carried over a page break: a row with no id and no action
  (just a Progress cell, say), or the lower part of a merged cell.

Nothing is dropped: words that have no field (an unrecognised column, a status pmplan cannot
read, leads it cannot match) are kept for the writer to put in comments, and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from pmplan.exchange.importer.columns import ColumnMap, normalise, read_header
from pmplan.exchange.importer.people import LeadMatch, PeopleIndex
from pmplan.exchange.importer.tables import Block, Cell, SourceDocument, SourceError

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
_SENTENCE_END = ".!?:;)]"
_GROUP_MARKER = re.compile(
    r"^(recommendation|recc?|rec\.|theme|objective|priority area)s?\.?\s*(?:no\.?\s*)?"
    r"(\d{1,3}[a-z]?|(?-i:[A-Z]))(?![\w.])\s*([.:)\-–—]?)\s*(.*)$",
    re.IGNORECASE | re.DOTALL,
)
_PROGRESS_MARKER = re.compile(
    r"^progress(?:\s+(?:with|on|for|against|update|report|to\s+date|so\s+far|made))*"
    r"(?:\s+(?:rec(?:ommendation)?s?\.?|recc\.?|r)?\s*(\d{1,3}[a-z]?))?\s*[:.]?\s*$",
    re.IGNORECASE,
)
_RESPONSE_MARKER = re.compile(
    r"^(?:management |council |officer |agreed )?response\s*(?:[:.\-–—]\s*(.*))?$", re.IGNORECASE | re.DOTALL
)
_NUMBERED = re.compile(
    r"^(?:(?:rec(?:ommendation)?|recc|theme|objective)\.?\s*)?(R?\d{1,3}(?:\.\d{1,3})*[a-z]?)"
    r"(?:[.):\-–—]+\s*|\s+)(.*)$",
    re.IGNORECASE | re.DOTALL,
)
_ID_ONLY = re.compile(
    r"^(?:(?:rec(?:ommendation)?|recc|theme|no)\.?\s*)?(R?\d{1,3}(?:\.\d{1,3})*[a-z]?)[.)]?$", re.I
)
_LETTER = re.compile(r"^\(?([a-z])[).]\s+(.*)$", re.DOTALL)
_ROMAN = re.compile(r"^\(?(i{1,3}|iv|vi{0,3}|ix|x)[).]\s+(.*)$", re.DOTALL)
_DOTTED_TITLE = re.compile(r"^(\d{1,2}(?:\.\d{1,3})+|\d{1,2}[.)])\s+(.*)$", re.DOTALL)

_STATUS_WORDS = {
    "complete": "complete|completed|done|achieved|closed|implemented|finished|blue",
    "on-track": "on track|green|g|in progress|underway|under way|started|ongoing|on going|in hand",
    "at-risk": "at risk|amber|a|slipping|some slippage",
    "delayed": "delayed|red|r|behind|overdue|behind schedule|not on track|off track|late",
    "not-started": "not started|not yet started|not due|planned",
    "cancelled": "cancelled|canceled|withdrawn|superseded|deleted",
    "no-further-action": "no further action|nfa",
}
_STATUSES = {word: status for status, words in _STATUS_WORDS.items() for word in words.split("|")}
"""A status or RAG cell's words (as :func:`~pmplan.exchange.importer.columns.normalise` gives them) -> status."""
_PRIORITIES = {
    word: priority
    for priority, words in {"high": "h|hi|high|1", "medium": "m|med|medium|2", "low": "l|lo|low|3"}.items()
    for word in words.split("|")
}


def read_status(text: str) -> str | None:
    """``Green`` -> on-track; ``On track for March`` -> on-track (the longest known start)."""
    words = normalise(text).split()
    for length in range(len(words), 0, -1):
        phrase = " ".join(words[:length])
        if (length == len(words) or len(phrase) > 1) and phrase in _STATUSES:
            return _STATUSES[phrase]
    return None


@dataclass(slots=True)
class DraftAction:
    id: str
    title: str
    where: str
    id_written: str | None = None
    """The id as the source wrote it, where pmplan had to change it."""
    how: list[str] = field(default_factory=list)
    leads_text: list[str] = field(default_factory=list)
    leads_header: str = "Lead"
    lead: LeadMatch | None = None
    timescale: list[str] = field(default_factory=list)
    baseline: list[str] = field(default_factory=list)
    priority_text: str | None = None
    status_text: str | None = None
    status_header: str = "Status"
    progress: list[str] = field(default_factory=list)
    next: list[str] = field(default_factory=list)
    extras: list[tuple[str, str]] = field(default_factory=list)
    continued_from: list[str] = field(default_factory=list)
    """Where its text carried on over a page break."""

    @property
    def priority(self) -> str | None:
        return _PRIORITIES.get(normalise(self.priority_text or ""))

    @property
    def status(self) -> str | None:
        return read_status(self.status_text or "")


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

    @property
    def actions(self) -> list[DraftAction]:
        return [a for g in self.groups for a in g.actions]


@dataclass(slots=True)
class _Row:
    block: Block
    index: int
    seq: int

    @property
    def cells(self) -> list[Cell]:
        return self.block.rows[self.index]

    @property
    def where(self) -> str:
        if self.block.kind == "paragraph":
            return self.block.where
        return f"{self.block.where} row {self.block.numbers[self.index]}"


def text_join(before: str, more: str) -> str:
    """Join text carried over a page break: mid-sentence with a space, else on a new line."""
    if not before:
        return more
    if not more:
        return before
    last = before.rstrip().splitlines()[-1]
    if more.startswith("- ") or last.endswith(tuple(_SENTENCE_END)) and not last.startswith("- "):
        return f"{before}\n{more}"
    return f"{before} {more}"


def slug_id(text: str) -> str | None:
    """Text made into an id: ``3.4.`` -> ``3.4``; None if nothing is left."""
    text = text.strip().rstrip(".)").strip()
    if ID_RE.match(text) and len(text) <= 40:
        return text
    cleaned = re.sub(r"[^A-Za-z0-9._/-]+", "-", text).strip("-._/")[:40].strip("-._/")
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


def _letters(n: int) -> str:
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(97 + r) + out
    return out


class PlanBuilder:
    """Reads a document's rows into recommendations or themes and their actions."""

    def __init__(
        self, document: SourceDocument, people: PeopleIndex, plan_id: str, title: str | None, day: date
    ):
        self.document = document
        self.people = people
        self.plan = ImportedPlan(plan_id, title or "", document.name, day, [], "themes")
        self.rows = [_Row(block, i, 0) for block in document.blocks for i in range(len(block.rows))]
        for seq, row in enumerate(self.rows):
            row.seq = seq
        self.columns: ColumnMap | None = None
        self.headers_seen: list[ColumnMap] = []
        self.mode = "none"
        self.group: DraftGroup | None = None
        self.progress_group: DraftGroup | None = None
        self.action: DraftAction | None = None
        self.fresh = False
        self.repeated_headers = 0
        self.continued = 0
        self.used_blocks: set[int] = set()
        self.ignored_text: list[tuple[int, str, str]] = []
        self.action_seqs: list[int] = []
        self.loose_rows: list[_Row] = []
        self.preamble_title: str | None = None
        """A spreadsheet's title: the first one-cell row above its first header row."""

    # --- driving -----------------------------------------------------------------------

    def build(self) -> ImportedPlan:
        previous: Block | None = None
        for row in self.rows:
            if row.block is not previous:
                self._start_block(row.block)
                previous = row.block
            if row.block.kind == "paragraph":
                self._paragraph(row)
            else:
                self._table_row(row)
        return self._finish()

    def _start_block(self, block: Block) -> None:
        if block.kind != "table":
            return
        if self.mode in {"progress", "response", "description"}:
            self.mode = "actions" if self.columns else "none"
        self.fresh = True
        first = block.rows[0] if block.rows else []
        if self.columns is not None and read_header(first) is None and len(first) != self.columns.width:
            self.columns = None
            self.mode = "none"

    def _paragraph(self, row: _Row) -> None:
        text = row.cells[0].text
        if self._marker(row, text, paragraph=True):
            return
        if self.mode in {"title", "description", "response", "progress"}:
            self._mode_text(text)
            return
        self.ignored_text.append((row.seq, row.where, text))

    def _table_row(self, row: _Row) -> None:
        cells = row.cells
        header = read_header(cells)
        if header is not None:
            self.used_blocks.add(id(row.block))
            if self.columns is not None and header.signature() == self.columns.signature():
                self.repeated_headers += 1
            else:
                self.columns = header
                self.headers_seen.append(header)
                if self.preamble_title is None:
                    self.preamble_title = self._preamble(row)
                for loose in self.loose_rows:
                    text = " | ".join(
                        c.text.replace("\n", " ") for c in loose.cells if c.text and not c.continued
                    )
                    if loose.block is row.block and text != self.preamble_title:
                        self.plan.unplaced.append(
                            f"{loose.where}: above the header row, not imported: {text[:100]}"
                        )
            self.loose_rows.clear()
            self.mode = "actions"
            self.fresh = True
            return
        filled = [c for c in cells if c.text and not c.continued]
        if not filled:
            return
        if len(filled) == 1 and self._marker(row, filled[0].text, paragraph=False):
            self.used_blocks.add(id(row.block))
            return
        if self.mode in {"title", "description", "response", "progress"} and (
            len(filled) == 1 or self.mode != "description"
        ):
            self.used_blocks.add(id(row.block))
            self._mode_text("\n".join(c.text for c in filled))
            return
        if self.columns is None:
            self.loose_rows.append(row)
            return
        self.used_blocks.add(id(row.block))
        self._action_row(row)
        self.mode = "actions"

    def _preamble(self, row: _Row) -> str | None:
        for cells in row.block.rows[: row.index]:
            filled = [c.text for c in cells if c.text and not c.continued]
            if len(filled) == 1 and len(filled[0]) <= 200:
                return " ".join(filled[0].split())
        return None

    # --- markers: RECOMMENDATION n, RESPONSE, PROGRESS ---------------------------------------

    def _marker(self, row: _Row, text: str, paragraph: bool) -> bool:
        flat = " ".join(text.split())
        if len(flat) <= 300 and (m := _GROUP_MARKER.match(flat)):
            word, number, separator, rest = m.groups()
            if not rest or separator or word.isupper():
                if paragraph and rest and len(flat) > 160:
                    return False
                kind = (
                    "theme" if word.lower() in {"theme", "objective", "priority area"} else "recommendation"
                )
                self._new_group(number, rest.strip(), kind, row.where)
                self.mode = self._after_title() if rest.strip() else "title"
                return True
        if self.group is None:
            return False
        if len(flat) <= 60 and (m := _PROGRESS_MARKER.match(flat)):
            self.progress_group = self._group_named(m.group(1)) or self.group
            self.mode = "progress"
            return True
        if len(flat) <= 2000 and (m := _RESPONSE_MARKER.match(text.strip())):
            self.mode = "response"
            if m.group(1):
                self._mode_text(m.group(1).strip())
            return True
        return False

    def _after_title(self) -> str:
        """Text after a recommendation's title describes it, unless an action table is under
        way: then a row of one cell is an action."""
        return "description" if self.columns is None else "actions"

    def _group_named(self, number: str | None) -> DraftGroup | None:
        if not number:
            return None
        for group in self.plan.groups:
            if group.id in {number, f"R{number}"}:
                return group
        return None

    def _mode_text(self, text: str) -> None:
        if self.group is None:
            return
        if self.mode == "title":
            self.group.title = " ".join(text.split())
            self.group.title_written = True
            self.mode = self._after_title()
        elif self.mode == "description":
            self.group.description.append(text)
        elif self.mode == "response":
            self.group.response.append(text)
        elif self.mode == "progress":
            (self.progress_group or self.group).progress.append(text)

    # --- groups ---------------------------------------------------------------------------------

    def _new_group(self, number: str | None, title: str, kind: str, where: str) -> DraftGroup:
        group_id = slug_id(number) if number else None
        if kind == "recommendation" and group_id and re.fullmatch(r"\d+[a-z]?", group_id):
            group_id = f"R{group_id}"
        for existing in self.plan.groups:
            if (group_id and existing.id == group_id) or (not group_id and title and existing.title == title):
                self.group = existing
                self.action = existing.actions[-1] if existing.actions else None
                if title and not existing.title_written:
                    existing.title, existing.title_written = title, True
                return existing
        if group_id is None:
            count = sum(1 for g in self.plan.groups if g.kind == kind) + 1
            group_id = f"R{count}" if kind == "recommendation" else str(count)
            while any(g.id == group_id for g in self.plan.groups):
                group_id += "x"
        written = bool(title)
        if not title:
            title = f"{'Recommendation' if kind == 'recommendation' else 'Theme'} {group_id.lstrip('R')}"
        group = DraftGroup(group_id, title, where, kind, title_written=written)
        self.plan.groups.append(group)
        self.group = group
        self.action = None
        return group

    def _group_from_cell(self, text: str, kind: str, where: str) -> DraftGroup:
        flat = " ".join(text.split())
        if (m := _ID_ONLY.match(flat)) is not None:
            return self._new_group(m.group(1), "", kind, where)
        if (m := _NUMBERED.match(flat)) is not None and m.group(2):
            return self._new_group(m.group(1), m.group(2).strip(), kind, where)
        if (m := _GROUP_MARKER.match(flat)) is not None:
            return self._new_group(m.group(2), m.group(4).strip(), kind, where)
        return self._new_group(None, flat, kind, where)

    def _ensure_group(self, where: str) -> DraftGroup:
        if self.group is None:
            self.plan.notes.append(
                f"actions before any recommendation or theme ({where}) are under theme 1, titled "
                "after the plan: rename it as needed"
            )
            group = DraftGroup("1", "", where, "theme", title_written=False)  # titled after the plan
            self.plan.groups.append(group)
            self.group = group
        return self.group

    # --- action rows ----------------------------------------------------------------------------

    def _values(
        self, cells: list[Cell]
    ) -> tuple[dict[str, list[str]], dict[str, list[str]], list[tuple[str, str]]]:
        """(own values by field, values of merged-from-above cells by field, extra columns)."""
        assert self.columns is not None
        own: dict[str, list[str]] = {}
        inherited: dict[str, list[str]] = {}
        extras: list[tuple[str, str]] = []
        for index, cell in enumerate(cells):
            if not cell.text:
                continue
            name = self.columns.fields.get(index)
            if name is None:
                header = (
                    self.columns.extras.get(index) or self.columns.headers.get(index) or f"column {index + 1}"
                )
                if not cell.continued:
                    extras.append((header, cell.text))
                continue
            (inherited if cell.continued else own).setdefault(name, []).append(cell.text)
        return own, inherited, extras

    def _action_row(self, row: _Row) -> None:
        assert self.columns is not None
        own, inherited, extras = self._values(row.cells)
        group_text = (own.get("group") or [""])[0]
        id_text = (own.get("id") or [""])[0]
        title_text = (own.get("title") or [""])[0]
        others = {k: v for k, v in own.items() if k not in {"group", "id", "title"}}
        group_column = self.columns.column("group")
        group_header = self.columns.headers.get(group_column, "") if group_column is not None else ""
        kind = (
            "theme"
            if re.search(r"theme|objective|area|outcome", normalise(group_header))
            else "recommendation"
        )

        if group_text:
            self._group_from_cell(group_text, kind, row.where)
            if "response" in own and self.group is not None:
                self._add_response(own.pop("response"))
                others.pop("response", None)
            if not (id_text or title_text):
                self._group_row(others, extras)
                return
        elif self._is_theme_row(row, id_text, title_text, others, extras):
            self._theme_row(row, id_text, title_text)
            return

        if not id_text and not title_text and not group_text:
            if self.action is None:
                if others or extras:
                    words = "; ".join(t for v in others.values() for t in v)
                    self.plan.unplaced.append(f"{row.where}: no action above it to carry on: {words[:80]}")
                return
            self._carry_on(row, others, extras)
            return
        if self._title_carries_on(id_text, title_text, others):
            assert self.action is not None
            self.action.title = f"{self.action.title} {title_text.splitlines()[0]}"
            rest = title_text.splitlines()[1:]
            self.action.how = rest + self.action.how
            self._carry_on(row, others, extras)
            return
        self._new_action(row, id_text, title_text, own, inherited, extras)

    def _group_row(self, others: dict[str, list[str]], extras: list[tuple[str, str]]) -> None:
        """A recommendation's own row with no action on it: its progress is the
        recommendation's; other words are kept as comments on it."""
        group = self.group
        assert group is not None and self.columns is not None
        for name, texts in others.items():
            if name == "progress":
                group.progress.extend(texts)
            else:
                column = self.columns.column(name)
                header = self.columns.headers.get(column, name) if column is not None else name
                group.extras.extend((header, text) for text in texts)
        group.extras.extend(extras)
        self.action = None

    def _is_theme_row(
        self,
        row: _Row,
        id_text: str,
        title_text: str,
        others: dict[str, list[str]],
        extras: list[tuple[str, str]],
    ) -> bool:
        assert self.columns is not None
        if self.columns.column("group") is not None or others or extras:
            return False
        filled = [c for c in row.cells if c.text and not c.continued]
        if len(filled) == 1 and filled[0].span >= 2 and self.columns.width > 2:
            return True  # one merged cell across the table: a heading
        if not (id_text and title_text):
            return False
        flat = id_text.strip().rstrip(".")
        if not re.fullmatch(r"\d{1,2}", flat):
            return False
        following = self._next_id(row)
        return following is None or following.startswith(f"{flat}.")

    def _next_id(self, row: _Row) -> str | None:
        """The id cell of the next action row, for telling a theme row from an action."""
        assert self.columns is not None
        column = self.columns.column("id")
        if column is None:
            return None
        for later in self.rows[row.seq + 1 : row.seq + 6]:
            if later.block.kind != "table" or read_header(later.cells) is not None:
                continue
            cells = later.cells
            if column < len(cells) and cells[column].text and not cells[column].continued:
                return cells[column].text.strip().rstrip(".")
            return ""
        return None

    def _theme_row(self, row: _Row, id_text: str, title_text: str) -> None:
        if id_text and title_text:
            self._new_group(slug_id(id_text), " ".join(title_text.split()), "theme", row.where)
        else:
            text = id_text or title_text or next(c.text for c in row.cells if c.text)
            self._group_from_cell(text, "theme", row.where)

    def _title_carries_on(self, id_text: str, title_text: str, others: dict[str, list[str]]) -> bool:
        """A row at the top of a page whose action text finishes the sentence above."""
        if not self.fresh or self.action is None or id_text or not title_text:
            return False
        if "leads" in others or "timescale" in others or not title_text[:1].islower():
            return False
        return not self.action.title.rstrip().endswith(tuple(_SENTENCE_END))

    def _carry_on(self, row: _Row, others: dict[str, list[str]], extras: list[tuple[str, str]]) -> None:
        """Add a row's cells to the action above (its text carried over a page break)."""
        action = self.action
        assert action is not None
        self.continued += 1
        action.continued_from.append(row.where)
        for name, texts in others.items():
            for text in texts:
                self._append(action, name, text, carry=True)
        action.extras.extend(extras)
        self.fresh = False

    def _append(self, action: DraftAction, name: str, text: str, carry: bool = False) -> None:
        if name in {"progress", "next", "how", "timescale", "baseline"}:
            values: list[str] = getattr(action, name)
            if carry and values:
                values[-1] = text_join(values[-1], text)
            else:
                values.append(text)
        elif name == "leads":
            if carry and action.leads_text:
                action.leads_text[-1] = text_join(action.leads_text[-1], text)
            else:
                action.leads_text.append(text)
        elif name == "priority":
            action.priority_text = text_join(action.priority_text or "", text)
        elif name == "status":
            action.status_text = text_join(action.status_text or "", text)
        elif name == "response":
            self._add_response([text])

    def _add_response(self, texts: list[str]) -> None:
        assert self.group is not None
        for text in texts:
            if text not in self.group.response:
                self.group.response.append(text)

    def _new_action(
        self,
        row: _Row,
        id_text: str,
        title_text: str,
        own: dict[str, list[str]],
        inherited: dict[str, list[str]],
        extras: list[tuple[str, str]],
    ) -> None:
        assert self.columns is not None
        group = self._ensure_group(row.where)
        lines = title_text.splitlines()
        # The title runs to the first bullet (a cell's text wrapped onto lines is one title);
        # the bullets and what follows them say how, and go before the How column's words.
        cut = next((i for i, line in enumerate(lines) if i and line.startswith("- ")), len(lines))
        first = " ".join(lines[:cut])
        action_id, first, written = self._action_id(group, id_text, first)
        title = first.strip()
        how = lines[cut:]
        if not title:
            title = (how.pop(0) if how else "") or f"Action {action_id}"
            if not title_text:
                self.plan.notes.append(
                    f"{row.where}: action {action_id} has no action text: titled '{title}'"
                )
        action = DraftAction(action_id, title.removeprefix("- ").strip() or title, row.where, written)
        action.how.extend(how)
        leads_column = self.columns.column("leads")
        if leads_column is not None:
            action.leads_header = self.columns.headers.get(leads_column, "Lead")
        status_column = self.columns.column("status")
        if status_column is not None:
            action.status_header = self.columns.headers.get(status_column, "Status")
        for name in (
            "how",
            "leads",
            "timescale",
            "baseline",
            "priority",
            "status",
            "progress",
            "next",
            "response",
        ):
            texts = own.get(name, [])
            if not texts and name not in {"progress", "next", "response"}:
                texts = inherited.get(name, [])  # the lower part of a merged cell: same lead, same date
            for text in texts:
                self._append(action, name, text)
        action.extras.extend(extras)
        group.actions.append(action)
        self.action = action
        self.action_seqs.append(row.seq)
        self.fresh = False

    def _action_id(self, group: DraftGroup, id_text: str, first: str) -> tuple[str, str, str | None]:
        """(id, title text without its number, the id as written if it had to change)."""
        written: str | None = None
        action_id: str | None = None
        if id_text:
            action_id = slug_id(id_text)
            if action_id != id_text.strip():
                written = id_text.strip()
        elif (m := _LETTER.match(first)) is not None and not self._is_roman(group, m.group(1)):
            action_id, first = m.group(1), m.group(2)
            if (sub := _ROMAN.match(first)) is not None:
                action_id, first = f"{action_id}.{sub.group(1)}", sub.group(2)
        elif (m := _ROMAN.match(first)) is not None:
            base = self._letter_base(group)
            action_id = f"{base}.{m.group(1)}" if base else m.group(1)
            first = m.group(2)
        elif (
            self.columns is not None
            and self.columns.column("id") is None
            and (m := _DOTTED_TITLE.match(first))
        ):
            action_id, first = slug_id(m.group(1)), m.group(2)
        if action_id is None:
            action_id = self._next_free_id(group)
        taken = {a.id for a in group.actions}
        if action_id in taken:
            base, n = action_id, 2
            while f"{base}-{n}" in taken:
                n += 1
            written = written or action_id
            action_id = f"{base}-{n}"
            self.plan.notes.append(
                f"{group.id}: action id '{base}' is used twice: the second is '{action_id}'"
            )
        return action_id, first, written

    def _is_roman(self, group: DraftGroup, letter: str) -> bool:
        """``i)`` after ``h)`` is the letter i; after ``b) i.`` or another letter, a sub-item."""
        if letter not in {"i", "v", "x"} or not group.actions:
            return False
        last = group.actions[-1].id
        if last.split(".")[-1] == chr(ord(letter) - 1):
            return False
        return self._letter_base(group) is not None and "." in last

    def _letter_base(self, group: DraftGroup) -> str | None:
        for action in reversed(group.actions):
            head = action.id.split(".")[0]
            if re.fullmatch(r"[a-z]", head):
                return head
        return None

    def _next_free_id(self, group: DraftGroup) -> str:
        taken = {a.id for a in group.actions}
        if group.actions and (m := re.fullmatch(r"(.*?)(\d+)", group.actions[-1].id)) is not None:
            n = int(m.group(2)) + 1
            while f"{m.group(1)}{n}" in taken:
                n += 1
            return f"{m.group(1)}{n}"
        n = 0
        while _letters(n) in taken:
            n += 1
        return _letters(n)

    # --- finishing ---------------------------------------------------------------------------

    def _finish(self) -> ImportedPlan:
        plan = self.plan
        if not plan.actions:
            raise SourceError(self._nothing_found())
        if not plan.title:
            fallback = re.sub(r"[_-]+", " ", self.document.name.rsplit(".", 1)[0]).strip() or "Imported plan"
            plan.title = self.document.title or self.preamble_title or fallback
            plan.notes.append(f"plan title '{plan.title}' taken from the document: change it with --title")
        plan.title = " ".join(plan.title.split())
        for group in plan.groups:
            group.title = group.title or plan.title
        if any(g.kind == "recommendation" for g in plan.groups):
            plan.key = "recommendations"
        for action in plan.actions:
            if action.leads_text:
                action.lead = self.people.match(", ".join(t.replace("\n", ", ") for t in action.leads_text))
        self._notes()
        return plan

    def _nothing_found(self) -> str:
        name = self.document.name
        if not self.headers_seen:
            return (
                f"{name}: no action-plan table found: no table has a header row naming an action "
                "column (Action, Actions, Task ...) and at least one of Timescale/When/Target date, "
                "Lead/Who/Responsible officer, Progress, Rec./No, Status. Check the headers, or "
                "save the plan table on its own and import that."
            )
        return f"{name}: found a header row ({self.headers_seen[0].describe()}) but no actions under it"

    def _notes(self) -> None:
        plan = self.plan
        notes: list[str] = []
        tables = len(self.used_blocks)
        for header in self.headers_seen:
            notes.append(f"columns: {header.describe()}")
            if header.extras:
                notes.append(
                    f"columns not recognised, kept as comments on each action: {', '.join(header.extras.values())}"
                )
        if self.repeated_headers:
            notes.append(
                f"skipped {plural(self.repeated_headers, 'repeated header row')} (after page breaks or per table)"
            )
        if self.continued:
            notes.append(
                f"joined {plural(self.continued, 'row')} carried over a page break (or merged) to the action above"
            )
        ignored_tables = [
            b.where
            for b in self.document.blocks
            if b.kind == "table" and id(b) not in self.used_blocks and b.rows
        ]
        if ignored_tables:
            notes.append(
                f"read {plural(tables, 'table')}; left out {len(ignored_tables)} "
                f"that {'is not an action-plan table' if len(ignored_tables) == 1 else 'are not action-plan tables'}"
                f" ({', '.join(ignored_tables[:6])}"
                f"{', ...' if len(ignored_tables) > 6 else ''})"
            )
        if self.action_seqs:
            first, last = self.action_seqs[0], self.action_seqs[-1]
            for seq, where, text in self.ignored_text:
                if first < seq < last:
                    plan.unplaced.append(
                        f"{where}: text between the plan's tables, not imported: {text[:100]}"
                    )
        plan.notes = notes + plan.notes
