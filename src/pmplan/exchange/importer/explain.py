"""``pmplan import --explain``: how each column and each row was read, in the source's order."""

from __future__ import annotations

from pmplan.exchange.importer.columns import FIELD_WORDS, ColumnMap, column_letter
from pmplan.exchange.importer.draft import DraftAction, DraftGroup, ImportedPlan, field_text

_WIDTH = 36


def explain(plan: ImportedPlan, notes: list[str], unplaced: list[str]) -> str:
    lines = [f"How pmplan read {plan.source}", ""]
    lines.append(f"Plan title: {plan.title} (from {plan.title_from or 'the document'})")
    refs = {id(a): (g.id, a) for g in plan.groups for a in g.actions}
    for where, what in plan.trace:
        if isinstance(what, ColumnMap):
            lines += ["", f"Columns, from the header row at {where}:"]
            lines += [f"  {line}" for line in _columns(what)]
            lines += ["", "Rows:"]
        elif isinstance(what, DraftGroup):
            title = what.title if len(what.title) <= 70 else what.title[:67] + "..."
            lines.append(f"  {where}: {what.kind} {what.id}: {title}")
        elif isinstance(what, DraftAction):
            group_id, action = refs[id(what)]
            lines.append(f"  {where}: {_action(group_id, action, plan)}")
        else:
            lines.append(f"  {where}: {what}")
    if notes or unplaced:
        lines += ["", "Notes:"]
        lines += [f"  {note}" for note in notes]
        lines += [f"  {item}" for item in unplaced]
    return "\n".join(lines) + "\n"


def _columns(columns: ColumnMap) -> list[str]:
    out = []
    for index in range(columns.width):
        header = columns.headers.get(index, "")
        name = columns.fields.get(index)
        if not header and name is None:
            continue
        shown = (header or "(no header)")[:_WIDTH]
        if name is None or name == "skip":
            what = (
                "skipped (--columns)"
                if name == "skip"
                else "not recognised: kept as a comment on each action"
            )
            how = columns.how.get(index, "")
            what += f"; {how}" if how and name is None else ""
        else:
            what = f"{FIELD_WORDS.get(name, name)} (by {_how(columns.how.get(index, 'header'))})"
            if index in columns.dates:
                what += f"; its updates dated {columns.dates[index].isoformat()}"
            if index in columns.statuses:
                words = ", ".join(f"{w} -> {s}" for w, s in columns.statuses[index].items())
                what += f"; the header lists its words: {words}"
        out.append(f"{column_letter(index):>2}  {shown:<{_WIDTH}} -> {what}")
    return out


def _how(how: str) -> str:
    if how == "header":
        return "the header's words"
    if how == "--columns":
        return "--columns"
    return how.replace("content: ", "what the cells hold: ")


def _action(group_id: str, action: DraftAction, plan: ImportedPlan) -> str:
    ref = action.id if action.id.startswith(group_id + ".") else f"{group_id}.{action.id}"
    title = action.title if len(action.title) <= 50 else action.title[:47] + "..."
    parts = [f"action {ref} '{title}'"]
    if action.id_written:
        parts.append(f"id written '{action.id_written}'")
    if action.lead is not None:
        lead = ", ".join(action.lead.ids) or "none matched"
        parts.append(f"leads {lead} (from '{' '.join(action.lead.text.split())[:40]}')")
    timescale = field_text(action.timescale, single_line="; ")
    if timescale:
        parts.append(f"timescale '{timescale[:40]}'")
    if action.status:
        parts.append(f"status {action.status} (from {action.status_why})")
    else:
        parts.append("no status (the source gives none pmplan can read)")
    for update in action.progress:
        day = (update.date or plan.update_date).isoformat()
        parts.append(f"update {day} (date from {update.why or '--date'})")
    if action.continued_from:
        parts.append(f"carried on at {', '.join(action.continued_from)}")
    return "; ".join(parts)
