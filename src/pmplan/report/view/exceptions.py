"""The exceptions a committee can act on: actions delayed, at risk or overdue, with their
original and revised dates and how often they moved; red indicators, and amber ones that got
worse, with what is being done; and the revised dates for the committee to approve."""

from __future__ import annotations

from pmplan.report.view.actions import change_text
from pmplan.report.view.model import (
    ActionException,
    ActionRow,
    DateRevision,
    Exceptions,
    IndicatorException,
    IndicatorRow,
)
from pmplan.report.view.text import format_date
from pmplan.workspace.vocabulary import EXCEPTION_STATUSES


def _latest(row: ActionRow) -> str:
    if row.latest_update is None:
        return "No update given."
    return f"Latest update ({row.latest_update.date_text}): {row.latest_update.text}"


def action_exception(row: ActionRow) -> ActionException:
    slip = row.slip
    if slip is not None and slip.original_due is not None:
        original = slip.original_due_text
        if slip.original != slip.original_due_text:
            original += f" ({slip.original})"
    elif slip is not None:
        original = slip.original
    else:
        original = row.due_text
    revised = row.due_text if slip is not None and slip.days else "Not revised"
    moves = slip.moves_text if slip is not None else ("None" if row.due is not None else "—")
    reason = _latest(row)
    if row.overdue and row.due is not None:
        reason = f"Overdue since {format_date(row.due)}. {reason}"
    return ActionException(
        ref=row.ref,
        display_ref=row.display_ref,
        title=row.title,
        who=row.leads_text,
        original_text=original,
        revised_text=revised,
        moves_text=moves,
        status_text=row.status_text,
        rag=row.rag,
        reason=reason,
        next=row.next,
    )


def indicator_exception(row: IndicatorRow) -> IndicatorException | None:
    """For a red indicator, or an amber one whose direction of travel is worsening."""
    if row.rag.key == "red":
        why = "Red"
    elif row.rag.key == "amber" and row.direction == "worsening" and row.compared is not None:
        why = f"Amber, and worse than {row.compared.value_text} in {row.compared.period}"
    else:
        return None
    return IndicatorException(
        id=row.id,
        title=row.title,
        owner=row.owner or "None named",
        period=row.period,
        target_text=row.target_text,
        actual_text=row.actual_text,
        rag=row.rag,
        why=why,
        reason=row.reason,
        explanation=row.note,
        corrective_action=row.corrective_action,
    )


def revision(row: ActionRow) -> DateRevision | None:
    if not row.revised_in_period or row.previous_due is None or row.due is None:
        return None
    return DateRevision(
        ref=row.ref,
        display_ref=row.display_ref,
        title=row.title,
        leads_text=row.leads_text,
        from_text=format_date(row.previous_due),
        to_text=format_date(row.due),
        change_text=change_text(row.previous_due, row.due),
        reason=_latest(row),
    )


def exceptions(rows: list[ActionRow], indicators: tuple[IndicatorRow, ...]) -> Exceptions:
    chosen = [r for r in rows if r.status in EXCEPTION_STATUSES or r.overdue]
    chosen.sort(key=lambda r: 0 if r.rag.key == "red" else 1)
    found = [e for i in indicators if (e := indicator_exception(i)) is not None]
    found.sort(key=lambda e: 0 if e.rag.key == "red" else 1)
    revised = [d for r in rows if (d := revision(r)) is not None]
    return Exceptions(tuple(action_exception(r) for r in chosen), tuple(found), tuple(revised))
