"""What an import says about a document's tables: the plan's title, a table that is a key or a
summary, and the message for a table whose columns pmplan cannot tell apart."""

from __future__ import annotations

import re

from pmplan.exchange.importer.columns import USER_NAMES, ColumnMap, field_of, profile
from pmplan.exchange.importer.draft import ImportedPlan, Options
from pmplan.exchange.importer.tables import Block, SourceDocument
from pmplan.exchange.importer.words import looks_like_number, looks_like_status, normalise

_CAPTION_NUMBER = re.compile(r"^(?:table|figure|appendix)\s+[\dA-Z]+[.:\-–—]?\s*", re.I)


def title_from(
    document: SourceDocument, first_block: Block | None, preamble_title: str | None
) -> tuple[str, str] | None:
    """(the plan's title, where it was found) from a document whose plan starts in ``first_block``:
    the table's caption, the main heading above it, the first heading, a title row above the
    header, the title property, the first line."""
    blocks = document.blocks
    table = first_block
    at = next((i for i, b in enumerate(blocks) if b is table), None)
    if table is not None and at is not None:
        if table.caption:
            return _CAPTION_NUMBER.sub("", table.caption) or table.caption, "the table's caption"
        for near in (blocks[at - 1] if at else None, blocks[at + 1] if at + 1 < len(blocks) else None):
            if near is not None and near.kind == "paragraph" and near.style == "caption":
                text = near.rows[0][0].text
                return _CAPTION_NUMBER.sub("", text) or text, "the table's caption"
        above = [b for b in blocks[:at] if heading(b)]
        if above:  # the main heading over the table: the nearest of the highest level
            top = min(b.level for b in above)
            block = next(b for b in reversed(above) if b.level == top)
            return block.rows[0][0].text.splitlines()[0], "the heading above the plan's table"
    for block in blocks:
        if heading(block):
            return block.rows[0][0].text.splitlines()[0], "the document's first heading"
    if preamble_title:
        return preamble_title, "the title row above the header"
    if document.title:
        return document.title, "the document's title property"
    for block in blocks:
        if block.kind == "paragraph":
            return block.rows[0][0].text.splitlines()[0], "the document's first line"
    return None


_ORGANISATION = re.compile(r"\b(council|authority|borough|district|county)\s*$", re.I)


def heading(block: Block) -> bool:
    """A heading or title paragraph that could be the plan's title: not just the council's name."""
    if block.kind != "paragraph" or block.style not in {"heading", "title"}:
        return False
    return not _ORGANISATION.search(block.rows[0][0].text.splitlines()[0])


def table_kind(block: Block) -> str:
    """``key`` or ``summary`` for a table that is plainly one, for saying why it was left out."""
    rows = block.rows[1:]
    if not rows:
        return ""
    firsts = [normalise(r[0].text) for r in rows if r and r[0].text]
    distinct = len(firsts) == len(rows) and len(set(firsts)) == len(firsts)
    if 2 <= len(rows) <= 8 and distinct and all(looks_like_status(r[0].text) for r in rows):
        return "key"
    values = [c.text for r in rows for c in r[1:] if c.text]
    if values and sum(looks_like_number(v) for v in values) >= len(values) * 0.6:
        return "summary"
    return ""


def cannot_map(name: str, block: Block, at: int, why: str, options: Options) -> str:
    """The message for a table pmplan cannot map: the headers it saw, and the --columns to write."""
    cells = block.rows[at]
    headers = {i: " ".join(c.text.split()) for i, c in enumerate(cells) if c.text and not c.continued}
    below = block.rows[at + 1 : at + 60]
    guess: dict[int, str] = {}
    for index in headers:
        named = field_of(headers[index])
        if named == "id":
            kinds, total = profile(below, index)
            if total and (kinds["id"] + kinds["number"]) / total < 0.5:
                continue  # 'Item' over words, not references: more likely the action
        if named is not None and named not in guess.values() and named in USER_NAMES:
            guess[index] = named
    for index in headers:
        if index in guess:
            continue
        kinds, total = profile(below, index)
        top = kinds.most_common(1)[0][0] if total else ""
        choice = {
            "sentence": "title",
            "date": "timescale",
            "person": "leads",
            "status": "status",
            "id": "id",
        }.get(top)
        if choice == "title" and "title" in guess.values():
            choice = "progress" if "progress" not in guess.values() else None
        if choice is not None and choice not in guess.values():
            guess[index] = choice
    if "title" not in guess.values():
        free = [i for i in headers if i not in guess]
        if free:
            guess[free[0]] = "title"
    line = ColumnMap(guess, headers, len(cells)).columns_line()
    seen = " | ".join(headers.values())
    reason = {
        "key": "the table under these headers reads as a key to the plan's words, not actions",
        "summary": "the action column holds numbers, as a summary of counts does",
    }.get(why, "no column reads as the action")
    words = [f"{name}: no action-plan table found: {reason}."]
    where = f"{block.where} row {block.numbers[at]}"
    words.append(f"  Headers seen ({where}): {seen}")
    if options.columns:
        words.append(
            f"  --columns named: {', '.join(f'{USER_NAMES.get(f, f)}={h}' for f, h in options.columns)}"
        )
    words.append("  Name the columns with --columns (or a --mapping file), for example:")
    table = f" --table {block.number}" if block.number > 1 else ""
    words.append(f'    pmplan import "{name}"{table} --columns "{line}"')
    return "\n".join(words)


def name_plan(
    plan: ImportedPlan, document: SourceDocument, first_block: Block | None, preamble_title: str | None
) -> None:
    """Give the plan its title: ``--title``, else one found in the document, else the file's name."""
    if plan.title:
        plan.title_from = "--title"
        plan.title = " ".join(plan.title.split())
        return
    found = title_from(document, first_block, preamble_title)
    if found is None:
        fallback = re.sub(r"[_-]+", " ", document.name.rsplit(".", 1)[0]).strip() or "Imported plan"
        fallback = fallback[:1].upper() + fallback[1:]
        found = (fallback, "the file name")
    plan.title = " ".join(found[0].split())[:300]
    plan.title_from = found[1]
    plan.notes.append(f"plan title '{plan.title}' taken from {found[1]}: change it with --title")
