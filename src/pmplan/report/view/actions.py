"""The report's actions: each action's row, the plans' sections, and the short lists of the
forward look and the year end.

An action's facts for the period come from the plans as at the report's date and, in a git
workspace, from its history (:class:`~pmplan.changes.history.ActionTimeline`): whether it was
completed in the period (complete now, not at the previous cut-off), whether its due date moved
in the period (a revised date for the committee to approve), the date first agreed and how
often it has moved. Outside git, the plan's ``baseline`` gives the date first agreed, and an
action counts as completed in the period when its latest update falls in the period.
"""

from __future__ import annotations

from datetime import date

from pmplan.changes.history import ActionTimeline
from pmplan.dates.periods import Period, month_end
from pmplan.dates.timescale import read_timescale
from pmplan.report.view.model import ActionRow, BriefAction, GroupSection, PlanSection, Slip, action_rag
from pmplan.report.view.scope import Scope
from pmplan.report.view.text import clean, format_count, format_date, optional
from pmplan.workspace.index import ActionView, GroupView
from pmplan.workspace.models import ActionPlan
from pmplan.workspace.vocabulary import Status

TIMES = {0: "None", 1: "Once", 2: "Twice"}


def times(n: int) -> str:
    """``Once``, ``Twice``, ``3 times``."""
    return TIMES.get(n, f"{n} times")


def whole_months(before: date, after: date) -> int | None:
    """Months between two month-end dates; None when either is not a month's last day."""
    if any(day != month_end(day.year, day.month) for day in (before, after)):
        return None
    return (after.year - before.year) * 12 + after.month - before.month


def _amount(before: date, after: date) -> tuple[str, str | None]:
    """(``3 months`` or ``106 days``, the days where months were given)."""
    in_days = format_count(abs((after - before).days), "day", "days")
    months = whole_months(before, after)
    if months:
        return format_count(abs(months), "month", "months"), in_days
    return in_days, None


def change_text(before: date, after: date) -> str:
    """``3 months later (92 days)``, ``106 days earlier``, ``not moved``."""
    if before == after:
        return "not moved"
    amount, days = _amount(before, after)
    return f"{amount} {'later' if after > before else 'earlier'}" + (f" ({days})" if days else "")


def due_text(item: ActionView) -> str:
    return _due(item)[0]


def _due(item: ActionView) -> tuple[str, str | None]:
    """The Due column: the date (or what stands for it), and the timescale as written only
    where it says more than that: a start, a note, a cross-reference, words not read."""
    words = optional(item.action.timescale)
    reading = item.reading
    if item.due is None:
        if words:
            return words, None
        return ("Recurring" if item.recurring else "Not set"), None
    text = format_date(item.due) + (", then recurring" if item.recurring else "")
    if words is None or reading is None:
        return text, None
    adds = reading.start is not None or reading.note or reading.refs or reading.unread
    return text, words if adds else None


def completed_since(scope: Scope, item: ActionView, since: date) -> bool:
    """Complete now and not at ``since``: from the history where there is one, else from the
    date of its latest update."""
    if item.status is not Status.COMPLETE:
        return False
    timeline = scope.timeline(item)
    if timeline is not None:
        mark = timeline.at(since)
        return mark is None or mark.status != Status.COMPLETE
    latest = max((u.date for u in item.action.updates if u.date <= scope.as_of), default=None)
    return latest is not None and since < latest <= scope.dates.window_end


def _moves(item: ActionView, timeline: ActionTimeline | None, baseline_due: date | None) -> int | None:
    """How many times the due date has moved: in the history, plus once where the plan's
    baseline differs from the date first committed, plus once for a change not yet committed."""
    if timeline is None:
        return None
    moves = timeline.moves()
    first, last = timeline.first.due, timeline.marks[-1].due
    if baseline_due is not None and first is not None and baseline_due != first:
        moves += 1
    if last is not None and item.due is not None and last != item.due:
        moves += 1
    return moves


def slip(scope: Scope, item: ActionView) -> Slip | None:
    """Where the due date is not the one first agreed (the plan's ``baseline``, else the date
    first committed to git)."""
    timeline = scope.timeline(item)
    baseline = optional(item.action.baseline)
    if baseline is not None:
        words, was = baseline, read_timescale(baseline, scope.fy).due
    elif timeline is not None and timeline.first.due is not None and timeline.first.due != item.due:
        words = optional(timeline.first.timescale) or format_date(timeline.first.due)
        was = timeline.first.due
    else:
        return None
    moves = _moves(item, timeline, was if baseline is not None else None)
    moves_text = times(moves) if moves is not None else "At least once" if was != item.due else "Not known"
    was_text = format_date(was) if was else "no date read"
    if was is None or item.due is None:
        text = f"Originally {words}"
        return Slip(words, was, was_text, None, text, moves, moves_text, text)
    head = f"Originally {words}" + (f" ({was_text})" if words != was_text else "")
    head += f", now {format_date(item.due)}"
    days = (item.due - was).days
    if days == 0:
        return Slip(
            words,
            was,
            was_text,
            0,
            f"{head}: not moved",
            moves,
            moves_text,
            f"Originally {was_text}: not moved",
        )
    moved = "slipped" if days > 0 else "brought forward"
    amount, in_days = _amount(was, item.due)
    text = f"{head}: {moved} by {amount}" + (f" ({in_days})" if in_days else "")
    short = f"Originally {was_text}; {moved} by {amount}"
    return Slip(words, was, was_text, days, text, moves, moves_text, short)


def _previous_due(scope: Scope, item: ActionView) -> tuple[date | None, bool]:
    """(the due date at the previous cut-off, whether it has moved since). Outside git an open
    action whose due date differs from its baseline counts as revised, as pmplan cannot tell
    when it moved."""
    if item.closed or item.due is None:
        return None, False
    timeline = scope.timeline(item)
    if timeline is not None:
        mark = timeline.at(scope.dates.previous_cutoff)
        if mark is None or mark.due is None:
            return None, False
        return mark.due, mark.due != item.due
    baseline = optional(item.action.baseline)
    if baseline is None or scope.timelines is not None:
        return None, False
    was = read_timescale(baseline, scope.fy).due
    return was, was is not None and was != item.due


def action_row(scope: Scope, item: ActionView) -> ActionRow:
    overdue = item.overdue(scope.as_of)
    label = item.status.label
    known = [u for u in item.action.updates if u.date <= scope.as_of]
    latest = scope.update_row(max(known, key=lambda u: u.date)) if known else None
    updates = scope.updates_in_period(item.action.updates)
    earlier = (
        latest if not updates and latest is not None and latest.date < scope.dates.window_start else None
    )
    leads = tuple(clean(scope.ws.person_name(p)) for p in item.leads)
    previous_due, revised = _previous_due(scope, item)
    text, note = _due(item)
    completed = completed_since(scope, item, scope.dates.previous_cutoff)
    return ActionRow(
        ref=item.ref,
        local_ref=item.local_ref,
        display_ref=scope.display_ref(item),
        plan=item.plan.id,
        title=clean(item.title),
        leads=leads,
        leads_text=", ".join(leads) or "None named",
        timescale=optional(item.action.timescale),
        due=item.due,
        due_text=text,
        due_note=note,
        recurring=item.recurring,
        status=item.status,
        status_label=label,
        status_text=f"{label}, overdue" if overdue else label,
        overdue=overdue,
        rag=action_rag(item.status, overdue),
        updates=updates,
        latest_update=latest,
        earlier_update=earlier,
        next=optional(item.action.next),
        slip=slip(scope, item),
        completed_in_period=completed,
        previous_due=previous_due,
        revised_in_period=revised,
        # complete before the period with nothing new to say: listed once, in a short table
        completed_earlier=item.status is Status.COMPLETE and not completed and not updates,
    )


def _group_heading(group_label: str, group_id: str, title: str) -> str:
    if group_label == "Recommendation":
        short = group_id if group_id[:1].isalpha() else f"R{group_id}"
        return f"{short}: {title}"
    return f"Theme {group_id}: {title}"


def plan_section(scope: Scope, plan: ActionPlan, rows: dict[str, ActionRow]) -> PlanSection:
    label = "Theme" if plan.group_key == "themes" else "Recommendation"
    groups = []
    earlier: list[ActionRow] = []
    for group in plan.groups:
        view: GroupView | None = scope.ws.groups.get(f"{plan.id}:{group.id}")
        if view is None or view.group is not group:
            continue
        chosen = [rows[a.ref] for a in view.actions if a.ref in rows]
        title = clean(group.title)
        groups.append(
            GroupSection(
                ref=view.ref,
                id=group.id,
                heading=_group_heading(label, group.id, title),
                title=title,
                response=optional(group.response or group.description),
                updates=scope.updates_in_period(group.updates),
                actions=tuple(row for row in chosen if not row.completed_earlier),
                completed_earlier=sum(1 for row in chosen if row.completed_earlier),
            )
        )
        earlier.extend(row for row in chosen if row.completed_earlier)
    approved = None
    if plan.approved is not None and (plan.approved.by or plan.approved.date):
        approved = "Approved"
        if plan.approved.by:
            approved += f" by {clean(plan.approved.by)}"
        if plan.approved.date:
            approved += f" on {format_date(plan.approved.date)}"
    return PlanSection(
        plan.id,
        clean(plan.title),
        scope.short(plan),
        optional(plan.source),
        approved,
        label,
        tuple(groups),
        tuple(earlier),
    )


def brief(row: ActionRow, note: str = "") -> BriefAction:
    return BriefAction(
        row.ref, row.display_ref, row.title, row.leads_text, row.due_text, row.status_text, row.rag, note
    )


def due_in(rows: list[ActionRow], period: Period) -> tuple[BriefAction, ...]:
    """Open actions due in ``period``, soonest first."""
    due = [
        r
        for r in rows
        if r.due is not None and period.start <= r.due <= period.end and not Status(r.status).closed
    ]
    return tuple(brief(r) for r in sorted(due, key=lambda r: (r.due or period.end, r.display_ref)))
