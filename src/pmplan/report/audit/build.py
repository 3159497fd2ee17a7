"""Building the audit committee's tracker from a loaded workspace and, where the workspace
is in git, every action's :class:`~pmplan.changes.history.Timeline`.

What the files say (stage, priority, dates, evidence, extensions) comes from
:mod:`pmplan.workspace.audit`, as lint reads it. The git history adds three things:

- the date first agreed: the due date an action had when first committed (a ``baseline``
  in the file, the originally agreed timescale written down, comes first);
- how often a date moved: the times the due date moved later in the commits (and once
  more for an uncommitted move), or the approved extensions recorded, whichever is more;
- the day work was completed: the newest update in the commit that made it complete.

Outside git the same figures come from ``baseline``, ``extensions`` and the updates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from pmplan.changes.history import Timeline
from pmplan.dates.timescale import read_timescale
from pmplan.report.audit.model import (
    AuditView,
    CountRow,
    Counts,
    ExtensionRow,
    RateRow,
    Recommendation,
    Source,
)
from pmplan.report.view.model import LeftOutRow
from pmplan.report.view.text import clean, format_date
from pmplan.workspace.audit import (
    action_stage,
    approved,
    baseline_due,
    completed_on,
    due_of,
    grade_of,
    is_overdue,
    moves_in_files,
    recommendations,
    stage_of,
)
from pmplan.workspace.index import ActionView, GroupView, Workspace
from pmplan.workspace.models import Extension, Verification
from pmplan.workspace.vocabulary import Decision, Grade, Stage

NOT_GRADED = "none"
PRIORITY_ORDER = (*(g.value for g in Grade), NOT_GRADED)
PRIORITY_LABELS = {**{g.value: g.label for g in Grade}, NOT_GRADED: "Not graded"}


@dataclass(frozen=True, slots=True)
class Filters:
    """Which recommendations the tracker covers (None: all)."""

    plan: str | None = None
    source: str | None = None
    priority: str | None = None
    """``high``, ``medium``, ``low`` or ``none`` (not graded)."""

    def words(self) -> tuple[str, ...]:
        shown = (("plan", self.plan), ("source", self.source), ("priority", self.priority))
        return tuple(f"{name}: {value}" for name, value in shown if value is not None)


@dataclass(frozen=True, slots=True)
class Meetings:
    """The committee, and the meetings either side of the as-of date."""

    committee: str | None
    since: date
    since_how: str
    next: date | None = None


@dataclass(frozen=True, slots=True)
class _ActionFacts:
    original: date | None
    moves: int
    completed: date | None


def source_of(view: GroupView) -> Source:
    """The report a recommendation came from, or its plan's source."""
    plan = view.plan
    report = plan.source_report(view.group.report)
    if report is not None:
        return Source(
            report.id,
            plan.id,
            clean(report.title),
            clean(report.by) if report.by else None,
            report.date,
            format_date(report.date) if report.date else None,
        )
    return Source(plan.id, plan.id, clean(plan.source or plan.title), None, None, None)


def source_ids(ws: Workspace) -> list[str]:
    """Every source a tracker can be filtered by."""
    return list(dict.fromkeys(source_of(v).id for v in recommendations(ws)))


def build_audit(
    ws: Workspace,
    as_of: date,
    meetings: Meetings,
    timelines: Mapping[str, Timeline] | None = None,
    filters: Filters = Filters(),
) -> AuditView:
    """The tracker as it stands on ``as_of``. ``timelines`` (by action reference) come from
    the git history; None outside git."""
    chosen = [view for view in recommendations(ws) if _kept(view, filters)]
    facts = {a.ref: _facts(ws, a, timelines) for view in chosen for a in view.actions}
    rows = [_row(ws, view, as_of, facts) for view in chosen]
    sources = tuple(dict.fromkeys(source_of(view) for view in chosen))
    since = meetings.since
    overdue = sorted(
        (r for r in rows if r.overdue), key=lambda r: (_rank(r.priority), -(r.days_overdue or 0))
    )
    implemented = [r for r in rows if r.implemented_on is not None and since < r.implemented_on <= as_of]
    awaiting = [r for r in rows if r.needs_verification and r.stage == Stage.IMPLEMENTED]
    rates = _rates(ws, rows, as_of)
    extensions = _extensions(ws, chosen, facts, since, as_of)
    totals = _counts(rows)
    rate_total = _total_rate(rates) if rates else None
    return AuditView(
        organisation=clean(ws.config.organisation),
        title="Audit recommendations tracker",
        committee=meetings.committee,
        as_of=as_of,
        as_of_text=format_date(as_of),
        since=since,
        since_text=format_date(since),
        since_how=meetings.since_how,
        next_meeting=meetings.next,
        next_meeting_text=format_date(meetings.next) if meetings.next else None,
        filters=filters.words(),
        summary=_summary(
            totals, overdue, extensions, implemented, awaiting, rate_total, ws.config.audit.max_date_moves
        ),
        limit_text=f"Each date may be moved {times(ws.config.audit.max_date_moves)} before it comes back to the Committee.",
        history=_history_words(timelines),
        from_git=timelines is not None,
        max_date_moves=ws.config.audit.max_date_moves,
        sources=sources,
        counts=_count_rows(rows, sources),
        by_priority=tuple(
            CountRow(
                "all", "", "All sources", p, PRIORITY_LABELS[p], _counts([r for r in rows if r.priority == p])
            )
            for p in PRIORITY_ORDER
            if any(r.priority == p for r in rows)
        ),
        totals=totals,
        overdue=tuple(overdue),
        extensions=tuple(extensions),
        implemented=tuple(sorted(implemented, key=lambda r: (r.implemented_on or as_of, r.ref))),
        awaiting_verification=tuple(sorted(awaiting, key=lambda r: (r.implemented_on or as_of, r.ref))),
        rates=rates,
        rate_total=rate_total,
        recommendations=tuple(rows),
        left_out=tuple(
            LeftOutRow(clean(m.file), clean(m.what), clean(f"line {m.line}: {m.reason}"))
            for m in ws.missing()
        ),
    )


def times(count: int) -> str:
    """``once``, ``twice``, ``3 times``; ``not at all`` for 0."""
    return {0: "not at all", 1: "once", 2: "twice"}.get(count, f"{count} times")


def _plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


def _summary(
    totals: Counts,
    overdue: list[Recommendation],
    extensions: list[ExtensionRow],
    implemented: list[Recommendation],
    awaiting: list[Recommendation],
    rate: RateRow | None,
    limit: int,
) -> tuple[str, ...]:
    """The key messages for the committee, from the figures."""
    if not totals.total:
        return ("There are no recommendations to report.",)
    lines = [
        f"Of {_plural(totals.total, 'recommendation')}, {totals.open} {'is' if totals.open == 1 else 'are'} "
        f"open, {totals.implemented} implemented and awaiting verification or closure, "
        f"{totals.verified} verified and {totals.withdrawn} closed without being implemented."
    ]
    if overdue:
        by = [
            f"{sum(1 for r in overdue if r.priority == p)} {PRIORITY_LABELS[p].lower()}"
            for p in PRIORITY_ORDER
            if any(r.priority == p for r in overdue)
        ]
        lines.append(
            f"{_plural(len(overdue), 'recommendation is', 'recommendations are')} overdue ({', '.join(by)})."
        )
    else:
        lines.append("No recommendation is overdue.")
    pending = [e for e in extensions if e.decision == Decision.PENDING]
    if extensions:
        lines.append(
            f"{_plural(len(extensions), 'extension was', 'extensions were')} asked for since the last meeting; "
            f"{len(pending)} {'awaits' if len(pending) == 1 else 'await'} the Committee's decision"
            + (
                f", and {sum(1 for e in extensions if e.over_limit)} would move a date more than "
                f"{times(limit)}, the most the Committee allows."
                if any(e.over_limit for e in extensions)
                else "."
            )
        )
    lines.append(
        f"{_plural(len(implemented), 'recommendation was', 'recommendations were')} implemented since the last meeting; "
        f"{_plural(len(awaiting), 'awaits', 'await')} verification."
    )
    if rate is not None and rate.rate is not None:
        lines.append(
            f"{rate.rate_text} of the recommendations due so far ({rate.on_time} of {rate.due}) were implemented "
            "by the date first agreed."
        )
    return tuple(lines)


def _kept(view: GroupView, filters: Filters) -> bool:
    if filters.plan is not None and view.plan.id != filters.plan:
        return False
    if filters.source is not None and source_of(view).id != filters.source:
        return False
    grade = grade_of(view)
    return filters.priority is None or (grade.value if grade else NOT_GRADED) == filters.priority


def _rank(priority: str) -> int:
    return PRIORITY_ORDER.index(priority)


def _history_words(timelines: Mapping[str, Timeline] | None) -> str:
    if timelines is None:
        return (
            "The workspace is not in git: dates first agreed are the 'baseline' timescales, date "
            "moves are the extensions approved, and completion dates are the newest updates."
        )
    return (
        "Dates first agreed, how often dates moved, and completion dates are read from the git "
        "history of the plans (a 'baseline' timescale, where written, is the date first agreed)."
    )


# --- one action, one recommendation -------------------------------------------------------------


def _facts(ws: Workspace, item: ActionView, timelines: Mapping[str, Timeline] | None) -> _ActionFacts:
    fy = ws.config.financial_year
    line = timelines.get(item.ref) if timelines is not None else None
    slips = 0
    original = baseline_due(item, fy)
    completed = completed_on(item)
    if line is not None:
        slips = line.slips + (1 if line.due and item.due and item.due > line.due else 0)
        original = original or line.original.due
        if line.completed is not None and completed is not None:
            completed = line.completed
    return _ActionFacts(original or item.due, max(slips, moves_in_files(item, fy)), completed)


def _closed_on(item: ActionView, facts: _ActionFacts) -> date | None:
    if action_stage(item) in {Stage.IMPLEMENTED, Stage.VERIFIED}:
        return facts.completed
    return item.last_update if item.closed else None


def _row(ws: Workspace, view: GroupView, as_of: date, facts: Mapping[str, _ActionFacts]) -> Recommendation:
    group, plan = view.group, view.plan
    source = source_of(view)
    grade = grade_of(view)
    priority = grade.value if grade else NOT_GRADED
    stage = stage_of(view)
    due = due_of(view)
    originals = [facts[a.ref].original for a in view.actions if facts[a.ref].original is not None]
    original = max((d for d in originals if d is not None), default=due)
    overdue = is_overdue(view, as_of)
    implemented_on = None
    if stage in {Stage.IMPLEMENTED, Stage.VERIFIED}:
        days = [_closed_on(a, facts[a.ref]) for a in view.actions]
        if not view.actions:
            days = [max((u.date for u in group.updates), default=None)]
        implemented_on = None if None in days else max(d for d in days if d is not None)
    lead_ids = group.leads or list(dict.fromkeys(p for a in view.actions for p in a.leads))
    leads = tuple(clean(ws.person_name(p)) for p in lead_ids)
    evidence = tuple(
        clean(e) for e in [*group.evidence, *(t for a in view.actions for t in a.action.evidence)]
    )
    verified = group.verified or _all_verified(view)
    return Recommendation(
        ref=view.ref,
        local_ref=group.id,
        plan=plan.id,
        title=clean(group.title),
        source=source.id,
        source_title=source.title,
        priority=priority,
        priority_label=PRIORITY_LABELS[priority],
        leads=leads,
        leads_text=", ".join(leads) or "Not set",
        stage=stage.value,
        stage_label=stage.label,
        status_text=_status_text(stage, overdue, plan.needs_verification),
        original_due=original,
        original_text=format_date(original) if original else "Not set",
        due=due,
        due_text=format_date(due) if due else "Not set",
        revised=original is not None and due is not None and due != original,
        moves=sum(facts[a.ref].moves for a in view.actions),
        overdue=overdue,
        days_overdue=(as_of - due).days if overdue and due else None,
        implemented_on=implemented_on,
        implemented_text=format_date(implemented_on) if implemented_on else "",
        on_time=(implemented_on <= original) if implemented_on and original else None,
        evidence=evidence,
        verified_text=(
            f"{clean(ws.person_name(verified.by))}, {format_date(verified.date)}"
            if verified and stage is Stage.VERIFIED
            else None
        ),
        needs_verification=plan.needs_verification,
        latest_update=_latest_update(view),
    )


def _all_verified(view: GroupView) -> Verification | None:
    """The latest verification of its actions, where every complete one is verified."""
    done = [a.action for a in view.actions if action_stage(a) in {Stage.IMPLEMENTED, Stage.VERIFIED}]
    if not done or any(a.verified is None for a in done):
        return None
    return max((a.verified for a in done if a.verified is not None), key=lambda v: v.date)


def _status_text(stage: Stage, overdue: bool, needs_verification: bool) -> str:
    if stage is Stage.OPEN:
        return "Open: overdue" if overdue else "Open"
    if stage is Stage.IMPLEMENTED and needs_verification:
        return "Implemented: awaiting verification"
    return stage.label


def _latest_update(view: GroupView) -> str | None:
    updates = [*view.group.updates, *(u for a in view.actions for u in a.action.updates)]
    if not updates:
        return None
    newest = max(updates, key=lambda u: u.date)
    return f"{format_date(newest.date)}: {clean(newest.text)}"


# --- counts ---------------------------------------------------------------------------------------


def _counts(rows: Iterable[Recommendation]) -> Counts:
    rows = list(rows)
    stages = [r.stage for r in rows]
    return Counts(
        total=len(rows),
        open=stages.count(Stage.OPEN),
        overdue=sum(1 for r in rows if r.overdue),
        implemented=stages.count(Stage.IMPLEMENTED),
        verified=stages.count(Stage.VERIFIED),
        withdrawn=stages.count(Stage.WITHDRAWN),
    )


def _count_rows(rows: list[Recommendation], sources: tuple[Source, ...]) -> tuple[CountRow, ...]:
    found: list[CountRow] = []
    for source in sources:
        mine = [r for r in rows if r.source == source.id and r.plan == source.plan]
        for priority in PRIORITY_ORDER:
            graded = [r for r in mine if r.priority == priority]
            if graded:
                label = PRIORITY_LABELS[priority]
                found.append(CountRow(source.id, source.plan, source.title, priority, label, _counts(graded)))
        found.append(CountRow(source.id, source.plan, source.title, None, "All", _counts(mine)))
    return tuple(found)


# --- extensions -------------------------------------------------------------------------------------


def _extensions(
    ws: Workspace, chosen: list[GroupView], facts: Mapping[str, _ActionFacts], since: date, as_of: date
) -> list[ExtensionRow]:
    fy = ws.config.financial_year
    limit = ws.config.audit.max_date_moves
    found = []
    for view in chosen:
        grade = grade_of(view)
        priority = grade.value if grade else NOT_GRADED
        for item in view.actions:
            requests = item.action.extensions
            for index, extension in enumerate(requests):
                if not since < extension.asked <= as_of:
                    continue
                later_approvals = len(approved_list(requests[index:]))
                before = max(0, facts[item.ref].moves - later_approvals)
                current = _in_force(item, requests[:index])
                due = read_timescale(extension.timescale, fy).due
                found.append(
                    ExtensionRow(
                        ref=item.ref,
                        recommendation=view.ref,
                        title=clean(item.title),
                        priority=priority,
                        priority_label=PRIORITY_LABELS[priority],
                        asked=extension.asked,
                        asked_text=format_date(extension.asked),
                        asked_by=clean(ws.person_name(extension.by)) if extension.by else None,
                        timescale=clean(extension.timescale),
                        new_due_text=format_date(due) if due else "No date read",
                        current_text=current,
                        reason=clean(extension.reason) if extension.reason else "No reason given",
                        decision=extension.decision.value,
                        decision_text=_decision_text(extension),
                        moves_before=before,
                        over_limit=extension.decision is not Decision.REFUSED and before + 1 > limit,
                    )
                )
    return sorted(found, key=lambda e: (e.asked, e.ref))


def approved_list(extensions: list[Extension]) -> list[Extension]:
    return [e for e in extensions if e.decision is Decision.APPROVED]


def _in_force(item: ActionView, earlier: list[Extension]) -> str:
    """The timescale an extension asked to replace."""
    granted = approved_list(earlier)
    if granted:
        return clean(granted[-1].timescale)
    if item.action.baseline:
        return clean(item.action.baseline)
    if not approved(item.action):
        return clean(item.action.timescale or "Not set")
    return "Not recorded"


def _decision_text(extension: Extension) -> str:
    ruling = extension.ruling
    if ruling is None:
        return "For decision"
    word = "Approved" if extension.decision is Decision.APPROVED else "Refused"
    note = f" ({clean(ruling.note)})" if ruling.note else ""
    return f"{word} by {clean(ruling.by)}, {format_date(ruling.date)}{note}"


# --- the rate implemented by the date first agreed ----------------------------------------------------


def _rates(ws: Workspace, rows: list[Recommendation], as_of: date) -> tuple[RateRow, ...]:
    fy = ws.config.financial_year
    by_quarter: dict[str, list[Recommendation]] = defaultdict(list)
    starts: dict[str, date] = {}
    for row in rows:
        if row.stage == Stage.WITHDRAWN or row.original_due is None or row.original_due > as_of:
            continue
        if row.stage == Stage.OPEN and not row.overdue and row.due is not None and row.due <= as_of:
            continue  # past its date but not overdue: work that recurs, never "implemented"
        quarter = fy.quarter_of(row.original_due)
        by_quarter[quarter.label].append(row)
        starts[quarter.label] = quarter.start
    return tuple(_rate_row(label, by_quarter[label]) for label in sorted(by_quarter, key=starts.__getitem__))


def _rate_row(label: str, rows: list[Recommendation]) -> RateRow:
    on_time = sum(1 for r in rows if r.on_time)
    late = sum(1 for r in rows if r.implemented_on is not None and not r.on_time)
    return _rate(label, len(rows), on_time, late, sum(1 for r in rows if r.implemented_on is None))


def _total_rate(rates: tuple[RateRow, ...]) -> RateRow:
    return _rate(
        "All quarters",
        sum(r.due for r in rates),
        sum(r.on_time for r in rates),
        sum(r.late for r in rates),
        sum(r.open for r in rates),
    )


def _rate(label: str, due: int, on_time: int, late: int, still: int) -> RateRow:
    rate = on_time / due if due else None
    return RateRow(label, due, on_time, late, still, rate, f"{rate:.0%}" if rate is not None else "—")
