"""From a document's rows to an action plan: recommendations or themes, actions, updates.

The rows of every table (and the paragraphs between tables) are read in order by a small
state machine. A header row (see :mod:`pmplan.exchange.importer.columns`) says which column holds
what; the same header again (after a page break) is skipped. Then each row is one of:

* a recommendation or theme: a new value in the Rec./Theme column (``1. Develop links ...``),
  a row with only a top-level number and a title (``1 | Performance culture``), a row one
  merged cell wide, or a ``RECOMMENDATION 5`` heading (its title on the next row, then
  ``RESPONSE`` and its text, then ``PROGRESS with R5`` and the progress);
* an action: an id, title, how, leads, timescale, priority, status, progress and next step;
* the rest of the action above, carried over a page break: a row with no id and no action
  (just a Progress cell, say), text that finishes the sentence above, or the lower part of a
  merged cell;
* a row that is not an action: a totals row, a key, a repeated header.

A table whose header reads as a key (``Green | On track``) or a summary (``Status | Number``)
is left out. ``--table`` takes just one table. Ids, statuses and update dates are settled
once every row is read (:mod:`pmplan.exchange.importer.settle`), since a reference repeated on
the next row turns ``1`` into ``1.a``.

Nothing is dropped: words that have no field (an unrecognised column, a status pmplan cannot
read, leads it cannot match) are kept for the writer to put in comments or updates, and reported.
"""

from __future__ import annotations

import re

from pmplan.exchange.importer.columns import (
    ColumnMap,
    complete,
    field_of,
    label_row,
    read_header,
    user_header,
)
from pmplan.exchange.importer.draft import (
    SENTENCE_END,
    DraftAction,
    DraftGroup,
    ImportedPlan,
    Options,
    slug_id,
    text_join,
)
from pmplan.exchange.importer.notes import nothing_found, reading_notes
from pmplan.exchange.importer.people import LeadMatch, PeopleIndex
from pmplan.exchange.importer.rows import (
    DOTTED_TITLE,
    GROUP_MARKER,
    ID_ONLY,
    KEY_ROW,
    LABEL_ONLY,
    LETTER,
    LETTERED,
    NUMBERED,
    PROGRESS_MARKER,
    RESPONSE_MARKER,
    ROMAN,
    TOTALS,
    Row,
    Values,
    flat,
)
from pmplan.exchange.importer.settle import settle
from pmplan.exchange.importer.survey import name_plan
from pmplan.exchange.importer.tables import Block, Cell, SourceDocument, SourceError
from pmplan.exchange.importer.words import normalise


class PlanBuilder:
    """Reads a document's rows into recommendations or themes and their actions."""

    def __init__(self, document: SourceDocument, people: PeopleIndex, options: Options):
        self.document = document
        self.people = people
        self.options = options
        self.plan = ImportedPlan(
            options.plan_id, options.title or "", document.name, options.day, [], "themes"
        )
        self.rows = [Row(block, i, 0) for block in document.blocks for i in range(len(block.rows))]
        for seq, row in enumerate(self.rows):
            row.seq = seq
        self.chosen = self._chosen_tables()
        self.columns: ColumnMap | None = None
        self.headers_seen: list[ColumnMap] = []
        self.header_cache: dict[tuple[int, tuple[str, ...]], ColumnMap | str] = {}
        self.rejected: dict[str, tuple[str, str]] = {}
        """Block where -> (why it is not an action table, its header row as written)."""
        self.mode = "none"
        self.group: DraftGroup | None = None
        self.progress_group: DraftGroup | None = None
        self.action: DraftAction | None = None
        self.fresh = False
        self.repeated_headers = 0
        self.continued = 0
        self.skipped_rows: list[str] = []
        self.used_blocks: dict[int, Block] = {}
        self.ignored_text: list[tuple[int, str, str]] = []
        self.action_seqs: list[int] = []
        self.loose_rows: list[Row] = []
        self.preamble_title: str | None = None
        """A spreadsheet's title: the first one-cell row above its first header row."""
        self.first_block: Block | None = None
        self.group_ids: dict[str, DraftGroup] = {}
        self.block_headers: dict[int, ColumnMap] = {}

    # --- driving -----------------------------------------------------------------------

    def build(self) -> ImportedPlan:
        previous: Block | None = None
        for row in self.rows:
            if row.block is not previous:
                self._start_block(row.block, previous)
                previous = row.block
            if row.block.kind == "paragraph":
                self._paragraph(row)
            elif self.chosen is None or row.block.number in self.chosen:
                self._table_row(row)
        return self._finish()

    def _chosen_tables(self) -> set[int] | None:
        choice = self.options.table
        if choice is None:
            return None
        tables = self.document.tables
        for block in tables:
            if choice.strip().isdigit() and block.number == int(choice):
                return {block.number}
            if block.where == f"sheet '{choice}'" or block.where.lower() == f"sheet '{choice.lower()}'":
                return {block.number}
        listing = ", ".join(f"{b.number}: {b.where}" for b in tables[:12])
        raise SourceError(f"--table {choice}: no such table in {self.document.name} (its tables: {listing})")

    def _start_block(self, block: Block, previous: Block | None) -> None:
        if block.kind != "table":
            return
        if self.chosen is not None and block.number not in self.chosen:
            # a table carried on from the chosen one: right after it, as wide, with no header
            if previous is not None and previous.number in self.chosen and self.columns is not None:
                first = block.rows[0] if block.rows else []
                if len(first) == self.columns.width and self._header(Row(block, 0, 0)) is None:
                    self.chosen.add(block.number)
            if block.number not in self.chosen:
                return
        if self.mode in {"progress", "response", "description"}:
            self.mode = "actions" if self.columns else "none"
        if self.mode == "skip":
            self.mode = "none"
        self.fresh = True
        first = block.rows[0] if block.rows else []
        if (
            self.columns is not None
            and len(first) != self.columns.width
            and self._header(Row(block, 0, 0)) is None
        ):
            self.columns = None
            self.mode = "none"

    def _paragraph(self, row: Row) -> None:
        text = row.cells[0].text
        if self._marker(row, text, paragraph=True):
            return
        if self.mode in {"title", "description", "response", "progress"}:
            self._mode_text(text)
            return
        self.ignored_text.append((row.seq, row.where, text))

    # --- header rows -------------------------------------------------------------------

    def _header(self, row: Row) -> ColumnMap | None:
        """The row as a header row (cached per table and words), or None."""
        cells = row.cells
        if not label_row(cells):
            return None
        if not self.options.columns and sum(1 for c in cells if c.text and field_of(c.text)) < 2:
            return None  # fewer than two cells name a column: a row of values (the words are cached)
        texts = tuple(normalise(c.text) if not c.continued else "" for c in cells)
        key = (id(row.block), texts)
        cached = self.header_cache.get(key)
        if cached is None:
            cached = self._read_header(row)
            self.header_cache[key] = cached
        return cached if isinstance(cached, ColumnMap) else None

    def _rejected(self, row: Row) -> str | None:
        """``key`` or ``summary`` where the row is a header pmplan read as a key's or a summary's."""
        if not label_row(row.cells):
            return None
        texts = tuple(normalise(c.text) if not c.continued else "" for c in row.cells)
        why = self.header_cache.get((id(row.block), texts))
        return why if isinstance(why, str) and why in ("key", "summary") else None

    def _read_header(self, row: Row) -> ColumnMap | str:
        wanted = self.options.columns
        columns = user_header(row.cells, wanted) if wanted else read_header(row.cells)
        if columns is None:
            return "not a header"
        if self.block_headers.get(id(row.block)) and columns.column("title") is None and not wanted:
            return "not a header"  # under a header already: a new one must name its action column
        below = self._rows_below(row, columns)
        why = complete(columns, below, self.options.fy, user=bool(wanted))
        if why is not None:
            if why in {"key", "summary"} or (why == "no action column" and columns.fields):
                self.rejected.setdefault(row.block.where, (why, flat(row.cells)))
            return why
        for index in row.block.hidden_columns:
            if index in columns.fields and columns.how.get(index) != "--columns":
                # hidden for a reason (workings, private notes): kept as comments, not read
                del columns.fields[index]
                columns.extras[index] = columns.name(index)
                columns.how[index] = "hidden in the workbook"
        return columns.settle()

    def _rows_below(self, row: Row, columns: ColumnMap, limit: int = 80) -> list[list[Cell]]:
        block = row.block
        out: list[list[Cell]] = []
        header = tuple(normalise(c.text) for c in row.cells)
        for cells in block.rows[row.index + 1 : row.index + 1 + limit * 2]:
            if tuple(normalise(c.text) for c in cells) == header:
                continue
            out.append(cells)
            if len(out) >= limit:
                break
        return out

    # --- table rows ----------------------------------------------------------------------

    def _table_row(self, row: Row) -> None:
        cells = row.cells
        header = self._header(row)
        if header is not None:
            self._header_row(row, header)
            return
        why = self._rejected(row)
        if why is not None:  # a key or a summary: its rows are not actions
            self.columns = None
            self.mode = "skip"
            what = {"key": "a key", "summary": "a summary of counts"}[why]
            self.plan.trace.append((row.where, f"the header of {what}, not of actions: its rows left out"))
            return
        filled = [c for c in cells if c.text and not c.continued]
        if not filled:
            return
        if len(filled) == 1 and self._marker(row, filled[0].text, paragraph=False):
            self._use(row)
            return
        if self.mode in {"title", "description", "response", "progress"} and (
            len(filled) == 1 or self.mode != "description"
        ):
            self._use(row)
            self._mode_text("\n".join(c.text for c in filled))
            return
        if self.mode == "skip":
            return
        if self.columns is None:
            self.loose_rows.append(row)
            return
        if self._not_an_action(row, filled):
            return
        self._use(row)
        self._action_row(row)
        self.mode = "actions"

    def _use(self, row: Row) -> None:
        self.used_blocks.setdefault(id(row.block), row.block)

    def _header_row(self, row: Row, header: ColumnMap) -> None:
        self._use(row)
        if self.columns is not None and header.signature() == self.columns.signature():
            self.repeated_headers += 1
            self.plan.trace.append((row.where, "the header row again (after a page break): skipped"))
        else:
            self.columns = header
            self.headers_seen.append(header)
            self.block_headers[id(row.block)] = header
            self.plan.trace.append((row.where, header))
            hidden = [
                f"{letter} ({header.name(i)})"
                for i, letter in sorted(row.block.hidden_columns.items())
                if header.headers.get(i) or i in header.fields
            ]
            if hidden:
                self.plan.notes.append(
                    f"{row.block.where}: hidden {'column' if len(hidden) == 1 else 'columns'} {', '.join(hidden)}"
                    " kept as comments, not read as fields (name a hidden column in --columns to read it)"
                )
            if self.preamble_title is None:
                self.preamble_title = self._preamble(row)
            for loose in self.loose_rows:
                text = flat(loose.cells)
                if loose.block is row.block and text != self.preamble_title:
                    self.plan.unplaced.append(
                        f"{loose.where}: above the header row, not imported: {text[:100]}"
                    )
                    self.plan.trace.append((loose.where, f"above the header row, not imported: {text[:80]}"))
        self.loose_rows.clear()
        self.mode = "actions"
        self.fresh = True

    def _not_an_action(self, row: Row, filled: list[Cell]) -> bool:
        """A totals row or a key row at the foot of the table: reported, not imported."""
        first = filled[0].text
        if TOTALS.match(first) or (
            len(filled) >= 2
            and all(re.fullmatch(r"[\d.,%£\s]+", c.text) for c in filled[1:])
            and len(first) < 30
            and re.search(r"\btotal", first, re.I)
        ):
            kind = "totals row"
        elif KEY_ROW.match(first):
            kind = "key"
        else:
            return False
        text = flat(row.cells)[:80]
        self.skipped_rows.append(f"{row.where} ({kind}: {text})")
        self.plan.trace.append((row.where, f"a {kind}, not an action: skipped ({text})"))
        return True

    def _preamble(self, row: Row) -> str | None:
        for cells in row.block.rows[: row.index]:
            filled = [c.text for c in cells if c.text and not c.continued]
            if len(filled) == 1 and len(filled[0]) <= 200:
                return " ".join(filled[0].split())
        return None

    # --- markers: RECOMMENDATION n, RESPONSE, PROGRESS ---------------------------------------

    def _marker(self, row: Row, text: str, paragraph: bool) -> bool:
        flat = " ".join(text.split())
        if len(flat) <= 300 and (m := GROUP_MARKER.match(flat)):
            word, number, separator, rest = m.groups()
            if not rest or separator or word.isupper():
                if paragraph and rest and len(flat) > 160:
                    return False
                kind = (
                    "theme" if word.lower() in {"theme", "objective", "priority area"} else "recommendation"
                )
                group = self._new_group(number, rest.strip(), kind, row.where)
                self.plan.trace.append((row.where, group))
                self.mode = self._after_title() if rest.strip() else "title"
                return True
        if self.group is None:
            return False
        if len(flat) <= 60 and (m := PROGRESS_MARKER.match(flat)):
            self.progress_group = self._group_named(m.group(1)) or self.group
            self.mode = "progress"
            self.plan.trace.append((row.where, f"progress of {self.progress_group.id} follows"))
            return True
        if len(flat) <= 2000 and (m := RESPONSE_MARKER.match(text.strip())):
            self.mode = "response"
            if m.group(1):
                self._mode_text(m.group(1).strip())
            self.plan.trace.append((row.where, f"the response to {self.group.id}"))
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
        existing = self.group_ids.get(group_id) if group_id else None
        if existing is None and not group_id and title:
            existing = next((g for g in self.plan.groups if g.title == title), None)
        if existing is not None:
            same = (
                existing is self.group or not title or not existing.title_written or existing.title == title
            )
            if same:
                self.group = existing
                self.action = existing.actions[-1] if existing.actions else None
                if title and not existing.title_written:
                    existing.title, existing.title_written = title, True
                return existing
            # the same number for another recommendation (a tracker of several audits)
            written, n = group_id, 2
            while f"{group_id}-{n}" in self.group_ids:
                n += 1
            group_id = f"{group_id}-{n}"
            self.plan.notes.append(
                f"{where}: '{number}' is already the id of '{existing.title[:40]}': this one is '{group_id}'"
            )
        else:
            written = None
        if group_id is None:
            count = sum(1 for g in self.plan.groups if g.kind == kind) + 1
            group_id = f"R{count}" if kind == "recommendation" else str(count)
            while group_id in self.group_ids:
                group_id += "x"
        if not title:
            title = f"{'Recommendation' if kind == 'recommendation' else 'Theme'} {group_id.lstrip('R')}"
            written_title = False
        else:
            written_title = True
        group = DraftGroup(group_id, title, where, kind, title_written=written_title, id_written=written)
        self.plan.groups.append(group)
        self.group_ids[group_id] = group
        self.group = group
        self.action = None
        return group

    def _group_from_cell(self, text: str, kind: str, where: str) -> DraftGroup:
        flat = " ".join(text.split())
        if (m := ID_ONLY.match(flat)) is not None:
            return self._new_group(m.group(1), "", kind, where)
        if (m := NUMBERED.match(flat)) is not None and m.group(2):
            return self._new_group(m.group(1), m.group(2).strip(), kind, where)
        if (m := GROUP_MARKER.match(flat)) is not None:
            return self._new_group(m.group(2), m.group(4).strip(), kind, where)
        if (m := LETTERED.match(flat)) is not None:
            return self._new_group(m.group(1), m.group(2).strip(), kind, where)
        return self._new_group(None, flat, kind, where)

    def _ensure_group(self, where: str) -> DraftGroup:
        if self.group is None:
            self.plan.notes.append(
                f"actions before any recommendation or theme ({where}) are under theme 1, titled "
                "after the plan: rename it as needed"
            )
            group = DraftGroup("1", "", where, "theme", title_written=False)  # titled after the plan
            self.plan.groups.append(group)
            self.group_ids["1"] = group
            self.group = group
        return self.group

    # --- action rows ----------------------------------------------------------------------------

    def _values(self, cells: list[Cell]) -> Values:
        assert self.columns is not None
        own: dict[str, list[tuple[int, str]]] = {}
        inherited: dict[str, list[tuple[int, str]]] = {}
        extras: list[tuple[str, str]] = []
        fields = self.columns.fields
        for index, cell in enumerate(cells):
            if not cell.text:
                continue
            name = fields.get(index)
            if name is None:
                if not cell.continued:
                    header = self.columns.name(index)
                    if self.columns.how.get(index) == "hidden in the workbook":
                        header += " (a hidden column)"
                    extras.append((header, cell.text))
                continue
            if name == "skip":
                continue
            (inherited if cell.continued else own).setdefault(name, []).append((index, cell.text))
        return Values(own, inherited, extras)

    def _action_row(self, row: Row) -> None:
        assert self.columns is not None
        values = self._values(row.cells)
        own = values.own
        group_text = values.first("group")
        group_number = values.first("group_id").strip().rstrip(".")
        id_text = values.first("id")
        title_text = values.first("title")
        others = {k: v for k, v in own.items() if k not in {"group", "group_id", "id", "title"}}
        group_column = self.columns.column("group")
        group_header = self.columns.headers.get(group_column, "") if group_column is not None else ""
        kind = (
            "theme"
            if re.search(r"theme|objective|area|outcome|priority|workstream", normalise(group_header))
            else "recommendation"
        )
        if group_text and self._group_carries_on(group_text, id_text or group_number):
            assert self.group is not None
            self.group.title = text_join(self.group.title, group_text).replace("\n", " ")
            group_text = group_number = ""
        plain_ref = re.fullmatch(r"\d{1,3}", id_text.strip().rstrip(".")) is not None
        if group_text or group_number:
            if group_number:
                group = self._new_group(group_number, " ".join(group_text.split()), kind, row.where)
            elif plain_ref and not self._numbered(group_text):
                # 'Ref 2' beside the recommendation's words: the recommendation's number
                group = self._new_group(
                    id_text.strip().rstrip("."), " ".join(group_text.split()), kind, row.where
                )
                group.number = id_text.strip().rstrip(".")
            else:
                group = self._group_from_cell(group_text, kind, row.where)
            self.plan.trace.append((row.where, group))
            if "response" in own and self.group is not None:
                self._add_response([t for _, t in own.pop("response")])
                others.pop("response", None)
        if self.group is not None and self.group.number and id_text.strip().rstrip(".") == self.group.number:
            id_text = ""  # the recommendation's number again, on its next milestone
        if group_text or group_number:
            if not (id_text or title_text):
                self._group_row(others, values.extras)
                return
        elif self._is_theme_row(row, id_text, title_text, others, values.extras):
            self._theme_row(row, id_text, title_text)
            return

        if not id_text and not title_text:
            if self.action is None:
                if others or values.extras:
                    words = "; ".join(t for v in others.values() for _, t in v)
                    self.plan.unplaced.append(f"{row.where}: no action above it to carry on: {words[:80]}")
                return
            self._carry_on(row, others, values.extras)
            return
        if self._title_carries_on(id_text, title_text, others):
            assert self.action is not None
            self.action.title = text_join(self.action.title, title_text.splitlines()[0]).replace("\n", " ")
            rest = title_text.splitlines()[1:]
            self.action.how = rest + self.action.how
            self._carry_on(row, others, values.extras)
            return
        self._new_action(row, id_text, title_text, values)

    @staticmethod
    def _numbered(text: str) -> bool:
        flat = " ".join(text.split())
        return any(p.match(flat) for p in (ID_ONLY, NUMBERED, GROUP_MARKER))

    def _group_carries_on(self, group_text: str, reference: str) -> bool:
        """A recommendation's words split by a page break: the rest, at the top of the page."""
        group = self.group
        if not self.fresh or group is None or reference or not group.title_written:
            return False
        return group_text[:1].islower() and not group.title.rstrip().endswith(tuple(SENTENCE_END))

    def _group_row(self, others: dict[str, list[tuple[int, str]]], extras: list[tuple[str, str]]) -> None:
        """A recommendation's own row with no action on it: its progress is the
        recommendation's; other words are kept as comments on it."""
        group = self.group
        assert group is not None and self.columns is not None
        for name, texts in others.items():
            for index, text in texts:
                if name == "progress":
                    group.progress.append(text)
                else:
                    group.extras.append((self.columns.name(index), text))
        group.extras.extend(extras)
        self.action = None

    def _is_theme_row(
        self,
        row: Row,
        id_text: str,
        title_text: str,
        others: dict[str, list[tuple[int, str]]],
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

    def _next_id(self, row: Row) -> str | None:
        """The id cell of the next action row, for telling a theme row from an action."""
        assert self.columns is not None
        column = self.columns.column("id")
        if column is None:
            return None
        for later in self.rows[row.seq + 1 : row.seq + 6]:
            if later.block.kind != "table" or self._header(later) is not None:
                continue
            cells = later.cells
            if column < len(cells) and cells[column].text and not cells[column].continued:
                return cells[column].text.strip().rstrip(".")
            return ""
        return None

    def _theme_row(self, row: Row, id_text: str, title_text: str) -> None:
        if id_text and title_text:
            group = self._new_group(slug_id(id_text), " ".join(title_text.split()), "theme", row.where)
        else:
            text = id_text or title_text or next(c.text for c in row.cells if c.text)
            group = self._group_from_cell(text, "theme", row.where)
        self.plan.trace.append((row.where, group))

    def _title_carries_on(
        self, id_text: str, title_text: str, others: dict[str, list[tuple[int, str]]]
    ) -> bool:
        """A row at the top of a page whose text finishes the sentences of the row above: the
        same row of the source, split by a page break."""
        action = self.action
        if not self.fresh or action is None or id_text or not title_text:
            return False
        if action.title.rstrip().endswith(tuple(SENTENCE_END)) or LETTER.match(title_text):
            return False
        if any(not text[:1].islower() for name in ("leads", "timescale") for _, text in others.get(name, [])):
            return False  # a lead or a date of its own: a new action
        if title_text[:1].islower():
            return True
        # no id where the action above had one: its number was on the page before
        return self.columns is not None and self.columns.column("id") is not None and action.base is not None

    def _carry_on(
        self, row: Row, others: dict[str, list[tuple[int, str]]], extras: list[tuple[str, str]]
    ) -> None:
        """Add a row's cells to the action above (its text carried over a page break)."""
        action = self.action
        assert action is not None
        self.continued += 1
        action.continued_from.append(row.where)
        for name, texts in others.items():
            for index, text in texts:
                self._append(action, name, index, text, carry=True)
        action.extras.extend(extras)
        self.fresh = False
        self.plan.trace.append((row.where, f"carries on the action above ({action.where})"))

    def _append(self, action: DraftAction, name: str, index: int, text: str, carry: bool = False) -> None:
        if name in {"next", "how", "timescale", "baseline", "start", "completed", "update_dates"}:
            values: list[str] = getattr(action, "update_dates" if name == "update_dates" else name)
            if carry and values:
                values[-1] = text_join(values[-1], text)
            else:
                values.append(text)
        elif name == "update_date":
            action.update_dates.append(text)
        elif name in {"progress", "status"}:
            cells = action.progress_cells if name == "progress" else action.status_cells
            last = next((n for n in range(len(cells) - 1, -1, -1) if cells[n][0] == index), None)
            if carry and last is not None:
                cells[last] = (index, text_join(cells[last][1], text))
            else:
                cells.append((index, text))
        elif name == "leads":
            if carry and action.leads_text:
                action.leads_text[-1] = text_join(action.leads_text[-1], text)
            else:
                action.leads_text.append(text)
        elif name == "priority":
            action.priority_text = text_join(action.priority_text or "", text)
        elif name == "response":
            self._add_response([text])

    def _add_response(self, texts: list[str]) -> None:
        assert self.group is not None
        for text in texts:
            if text not in self.group.response:
                self.group.response.append(text)

    def _new_action(self, row: Row, id_text: str, title_text: str, values: Values) -> None:
        columns = self.columns
        assert columns is not None
        group = self._ensure_group(row.where)
        lines = title_text.splitlines()
        # The title runs to the first bullet (a cell's text wrapped onto lines is one title);
        # the bullets and what follows them say how, and go before the How column's words.
        cut = next((i for i, line in enumerate(lines) if i and line.startswith("- ")), len(lines))
        first = " ".join(lines[:cut])
        base, label, first = self._reference(group, id_text, first)
        title = first.strip()
        how = lines[cut:]
        if not title:
            title = (how.pop(0) if how else "") or ""
        action = DraftAction("", title.removeprefix("- ").strip() or title, row.where, base=base, label=label)
        action.columns = columns
        action.how.extend(how)
        for name, attribute in (
            ("leads", "leads_header"),
            ("status", "status_header"),
            ("start", "start_header"),
        ):
            column = columns.column(name)
            if column is not None:
                setattr(action, attribute, columns.name(column))
        completed = columns.column("completed")
        if completed is not None:
            action.completed_header = columns.name(completed)
        for name in (
            "how",
            "leads",
            "timescale",
            "start",
            "baseline",
            "priority",
            "status",
            "completed",
            "progress",
            "update_date",
            "next",
            "response",
        ):
            texts = values.own.get(name, [])
            if not texts and name not in {"progress", "next", "response", "completed", "status"}:
                texts = values.inherited.get(
                    name, []
                )  # the lower part of a merged cell: same lead, same date
            for index, text in texts:
                self._append(action, name, index, text)
        action.extras.extend(values.extras)
        group.actions.append(action)
        self.action = action
        self.action_seqs.append(row.seq)
        self.fresh = False
        if self.first_block is None:
            self.first_block = row.block
        self.plan.trace.append((row.where, action))

    def _reference(self, group: DraftGroup, id_text: str, first: str) -> tuple[str | None, str | None, str]:
        """(the reference written for the action, its milestone label, the title without them)."""
        base: str | None = None
        label: str | None = None
        if id_text:
            flat = id_text.strip()
            if (m := LABEL_ONLY.match(flat)) is not None and not re.fullmatch(r"\d+", flat):
                label = m.group(1)
            else:
                base = flat
        previous = group.actions[-1].label if group.actions else None
        if (m := LETTER.match(first)) is not None and not self._is_roman(group, m.group(1)):
            label, first = m.group(1), m.group(2)
            if (sub := ROMAN.match(first)) is not None:
                label, first = f"{label}.{sub.group(1)}", sub.group(2)
        elif (m := ROMAN.match(first)) is not None:
            letter = previous.split(".")[0] if previous and re.fullmatch(r"[a-z](\.\w+)?", previous) else None
            is_letter_base = letter is not None and not re.fullmatch(r"i{1,3}|iv|vi{0,3}|ix|x", letter or "")
            label = f"{letter}.{m.group(1)}" if is_letter_base and base is None else m.group(1)
            first = m.group(2)
        elif (
            base is None and label is None and self.columns is not None and self.columns.column("id") is None
        ) and (m := DOTTED_TITLE.match(first)) is not None:
            base, first = m.group(1), m.group(2)
        return base, label, first

    def _is_roman(self, group: DraftGroup, letter: str) -> bool:
        """``i)`` after ``h)`` is the letter i; after ``b) i.`` or another roman number, a sub-item."""
        if letter not in {"i", "v", "x"} or not group.actions:
            return False
        last = group.actions[-1].label or ""
        if last.split(".")[-1] == chr(ord(letter) - 1):
            return False
        return bool(last) and ("." in last or bool(re.fullmatch(r"i{1,3}|iv|vi{0,3}|ix|x", last)))

    # --- finishing ---------------------------------------------------------------------------

    def _finish(self) -> ImportedPlan:
        plan = self.plan
        if not plan.actions:
            raise SourceError(nothing_found(self))
        name_plan(plan, self.document, self.first_block, self.preamble_title)
        for group in plan.groups:
            group.title = group.title or plan.title
        if any(g.kind == "recommendation" for g in plan.groups):
            plan.key = "recommendations"
        settle(plan, self.options)
        matched: dict[str, LeadMatch] = {}
        for action in plan.actions:
            if action.leads_text:
                text = ", ".join(t.replace("\n", ", ") for t in action.leads_text)
                if text not in matched:  # the same few leads on many rows: matched once each
                    matched[text] = self.people.match(text)
                action.lead = matched[text]
        plan.notes = reading_notes(self) + plan.notes
        return plan
