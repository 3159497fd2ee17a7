"""What the plan builder says about its reading: the notes an import prints and --explain shows.

:func:`reading_notes` lists how each header was read, rows joined over page breaks or left out,
tables left out and why, and hidden rows; :func:`nothing_found` explains a document in which no
action was found, with the ``--columns`` line to write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmplan.exchange.importer.columns import label_row
from pmplan.exchange.importer.draft import local_ref, plural
from pmplan.exchange.importer.survey import cannot_map, table_kind

if TYPE_CHECKING:
    from pmplan.exchange.importer.plan import PlanBuilder
    from pmplan.exchange.importer.rows import Row


def nothing_found(builder: PlanBuilder) -> str:
    """Why no action was found: the header seen, or the best candidate row and the --columns line to write."""
    from pmplan.exchange.importer.columns import field_of

    name = builder.document.name
    if builder.headers_seen:
        return f"{name}: found a header row ({builder.headers_seen[0].describe()}) but no actions under it"
    best: tuple[int, Row] | None = None
    for row in builder.rows[:5000]:
        if row.block.kind != "table" or (
            builder.chosen is not None and row.block.number not in builder.chosen
        ):
            continue
        if row.index > 15 or not label_row(row.cells):
            continue
        score = sum(3 for c in row.cells if c.text and field_of(c.text)) + sum(1 for c in row.cells if c.text)
        if best is None or score > best[0]:
            best = (score, row)
    if best is None:
        return (
            f"{name}: no action-plan table found: no table has a row of column headers. Save the "
            "plan's table on its own, with a header row (Action, Lead, Target date ...), and import that."
        )
    row = best[1]
    return cannot_map(
        name, row.block, row.index, builder.rejected.get(row.block.where, ("", ""))[0], builder.options
    )


def reading_notes(builder: PlanBuilder) -> list[str]:
    """How the document was read: columns, joined and skipped rows, tables left out, hidden rows."""
    plan = builder.plan
    notes: list[str] = []
    for header in builder.headers_seen:
        notes.append(f"columns: {header.describe()}")
        found = [
            header.name(i)
            for i, how in header.how.items()
            if how.startswith("content:") and i in header.fields
        ]
        if found:
            notes.append(
                f"read by what the cells hold (name them with --columns if wrong): {', '.join(found)}"
            )
        for i, how in header.how.items():
            if i not in header.fields and how.startswith("content:"):
                notes.append(f"{header.name(i)}: {how.removeprefix('content: ')}, so kept as comments")
        if header.extras:
            notes.append(
                f"columns not recognised, kept as comments on each action: {', '.join(header.extras.values())}"
            )
    if builder.repeated_headers:
        notes.append(
            f"skipped {plural(builder.repeated_headers, 'repeated header row')} (after page breaks or per table)"
        )
    if builder.continued:
        notes.append(
            f"joined {plural(builder.continued, 'row')} carried over a page break (or merged) to the action above"
        )
    if builder.skipped_rows:
        notes.append(f"left out rows that are not actions: {'; '.join(builder.skipped_rows[:6])}")
    hidden_rows = _hidden_rows(builder)
    if hidden_rows:
        notes.append(f"hidden rows read like the others (check them): {', '.join(hidden_rows[:12])}")
    left_out: list[str] = []
    for block in builder.document.tables:
        if id(block) in builder.used_blocks or not block.rows:
            continue
        if builder.chosen is not None and block.number not in builder.chosen:
            left_out.append(f"{block.where} (not chosen with --table)")
            continue
        why = builder.rejected.get(block.where, ("", ""))[0] or table_kind(block)
        reason = {"key": "a key", "summary": "a summary of counts"}.get(why, "not an action-plan table")
        left_out.append(f"{block.where} ({reason})")
    if left_out:
        notes.append(
            f"read {plural(len(builder.used_blocks), 'table')}; left out {', '.join(left_out[:8])}"
            f"{', ...' if len(left_out) > 8 else ''}"
        )
    distinct = {h.signature() for h in builder.headers_seen}
    if len(distinct) > 1 and builder.chosen is None and builder.document.kind != "docx":
        numbers = sorted({b.number for b in builder.used_blocks.values()})
        notes.append(
            f"actions read from {plural(len(numbers), 'table')} with different headers: take one with "
            f"--table ({', '.join(str(n) for n in numbers)})"
        )
    if builder.action_seqs:
        first, last = builder.action_seqs[0], builder.action_seqs[-1]
        for seq, where, text in builder.ignored_text:
            if first < seq < last:
                plan.unplaced.append(f"{where}: text between the plan's tables, not imported: {text[:100]}")
    return notes


def _hidden_rows(builder: PlanBuilder) -> list[str]:
    out = []
    for action in builder.plan.actions:
        block_where, _, number = action.where.rpartition(" row ")
        block = next((b for b in builder.used_blocks.values() if b.where == block_where), None)
        if block is not None and number.isdigit() and int(number) in block.hidden_rows:
            group = next(g for g in builder.plan.groups if action in g.actions)
            out.append(f"{action.where} ({local_ref(group, action)})")
    return out
