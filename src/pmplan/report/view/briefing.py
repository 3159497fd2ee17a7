"""The briefing paper's front: summary, background, key issues, recommendations, implications.

The key issues begin with what the data says, written from the same figures as the appendix
(counts by status and RAG, the reds, the dates that moved and by how long, what was completed,
and at year end the outturns), so that the front can never contradict it; the officer's own
words for the period follow, from the period's notes file (``kind: report-notes``). What stands
from report to report (committee, contact, background, implications, standing
recommendations) comes from ``pmplan.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pmplan.report.view.model import (
    ActionRow,
    Contact,
    Detail,
    Exceptions,
    Front,
    Implication,
    IndicatorRow,
    Summary,
    YearEnd,
)
from pmplan.report.view.scope import Scope
from pmplan.report.view.text import DAY_NAMES, clean, describe_period, format_count, format_date, optional
from pmplan.workspace.config import ReportSettings
from pmplan.workspace.models import ActionPlan, KeyIssue, ReportNotes, field_order
from pmplan.workspace.vocabulary import Status

SENTENCE_ORDER = (
    Status.COMPLETE,
    Status.ON_TRACK,
    Status.AT_RISK,
    Status.DELAYED,
    Status.NOT_STARTED,
    Status.NO_FURTHER_ACTION,
    Status.CANCELLED,
)
"""The order a committee reads the statuses in: done, going well, in trouble, not begun, closed."""

LISTED = 6
"""Name at most this many actions or indicators in a sentence; beyond that, count them."""


def join(items: Sequence[str], last: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


count = format_count
"""``1 action``, ``1,204 actions``."""


def _paragraphs(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(p for p in (clean(part) for part in clean(text).split("\n\n")) if p)


@dataclass(frozen=True, slots=True)
class Facts:
    """What the front is written from: the same rows the appendix shows."""

    summary: Summary
    rows: list[ActionRow]
    indicators: tuple[IndicatorRow, ...]
    exceptions: Exceptions
    year_end: YearEnd | None


def front_page(
    scope: Scope,
    settings: ReportSettings,
    overrides: Mapping[str, str],
    plans: list[ActionPlan],
    facts: Facts,
    appendix_title: str,
    meeting_date: date | None = None,
) -> Front:
    """The front, dated by the meeting's date (``To be confirmed`` with none)."""
    notes = scope.ws.notes.get(scope.period.label)
    settings = for_period(settings, notes)
    titles = [f"the {clean(p.title)}" for p in plans]
    summary_text = (
        optional(notes.summary if notes else None)
        or optional(settings.summary)
        or (
            f"To update Members on the performance indicators for {describe_period(scope.period)} "
            f"and on progress against {join(titles) or 'the action plans'}."
        )
    )
    background = _paragraphs(settings.background) + tuple(
        text for text in (_plan_background(p) for p in plans) if text
    )
    appendix = appendix_title.partition(":")[0]
    issues = data_issues(scope, facts)
    issues += [_issue_text(i) for i in (notes.key_issues if notes else ()) if _issue_text(i)]
    issues.append(
        f"Progress against each action, and the performance indicators for the {scope.period_word}, "
        f"are set out in {appendix}."
    )
    recommendations = [clean(r) for r in settings.recommendations if clean(r)] or [
        f"That the Committee notes progress against the action plans and the performance "
        f"indicators for the {scope.period_word}."
    ]
    recommendations += data_recommendations(scope, facts, appendix)
    recommendations += [clean(r) for r in (notes.recommendations if notes else ()) if clean(r)]
    implications = tuple(
        Implication(clean(k), clean(v)) for k, v in settings.implications.items() if clean(k)
    )
    fields = (settings.contact_name, settings.contact_title, settings.contact_phone, settings.contact_email)
    contact = Contact(*(optional(f) for f in fields)) if any(fields) else None
    return Front(
        committee=optional(overrides.get("committee", settings.committee)),
        report_of=optional(overrides.get("report_of", settings.report_of)),
        meeting_date=meeting_date,
        date_text=(
            f"{DAY_NAMES[meeting_date.weekday()]} {format_date(meeting_date)}"
            if meeting_date
            else "To be confirmed"
        ),
        summary=summary_text,
        background=background,
        key_issues=tuple(issues),
        options=_items(settings.options),
        recommendations=tuple(recommendations),
        implications=implications,
        contact=contact,
        appendix_title=appendix_title,
        notes_file=scope.ws.source_of(notes).rel if notes is not None else None,
        details=_details(settings),
        exemption=optional(settings.exemption) if settings.access == "exempt" else None,
        sections=tuple(Implication(clean(k), clean(v)) for k, v in settings.sections.items() if clean(k)),
        background_papers=_items(settings.background_papers),
    )


def _issue_text(issue: str | KeyIssue) -> str:
    return clean(issue.text if isinstance(issue, KeyIssue) else issue)


PER_PERIOD = (
    "agenda_item",
    "portfolio_holder",
    "wards_affected",
    "key_decision",
    "access",
    "exemption",
    "options",
    "sections",
    "background_papers",
)
"""Front settings a period's notes may give for their report, in place of ``pmplan.yaml``'s."""


def for_period(settings: ReportSettings, notes: ReportNotes | None) -> ReportSettings:
    """The settings with those the period's notes give in their place."""
    if notes is None:
        return settings
    given = {name: getattr(notes, name) for name in PER_PERIOD if getattr(notes, name) not in (None, [], {})}
    if not given:
        return settings
    fields = {name: getattr(settings, name) for name in field_order(ReportSettings)}
    return ReportSettings(**{**fields, **given})


def _items(items: list[str]) -> tuple[str, ...]:
    return tuple(text for text in (clean(i) for i in items) if text)


def _details(settings: ReportSettings) -> tuple[Detail, ...]:
    """The heading block's lines that the council has set, in the order committee papers use."""
    decision = None if settings.key_decision is None else ("Yes" if settings.key_decision else "No")
    access = {"open": "Open", "exempt": "Exempt: not for publication"}.get(settings.access or "")
    pairs = (
        ("Agenda item", optional(settings.agenda_item)),
        ("Portfolio holder", optional(settings.portfolio_holder)),
        ("Wards affected", optional(settings.wards_affected)),
        ("Key decision", decision),
        ("Status", access),
    )
    return tuple(Detail(label, text) for label, text in pairs if text)


def _plan_background(plan: ActionPlan) -> str | None:
    title = clean(plan.title)
    source = optional(plan.source)
    approval = plan.approved
    if approval is not None and (approval.by or approval.date):
        text = f"The {title}" + (f" ({source})" if source else "") + " was approved"
        if approval.by:
            text += f" by {clean(approval.by)}"
        if approval.date:
            text += f" on {format_date(approval.date)}"
        return text + "."
    if source:
        return f"The {title} is based on {source}."
    return None


# --- what the data says ------------------------------------------------------------------------


def _counted(parts: list[tuple[int, str]]) -> str:
    return join([f"{n:,} {word}" for n, word in parts if n])


def data_issues(scope: Scope, facts: Facts) -> list[str]:
    """The key issues the data gives, in the order a committee reads them."""
    issues = [s for s in (_actions_sentence(facts), _indicators_sentence(facts)) if s]
    issues += _reds(facts)
    issues.append(_moved(scope, facts))
    issues.append(_completed(scope, facts))
    if facts.year_end is not None:
        issues += _year_end(facts.year_end)
    return issues


def _actions_sentence(facts: Facts) -> str | None:
    summary = facts.summary
    if not summary.actions:
        return None
    order = {status: n for n, status in enumerate(SENTENCE_ORDER)}
    ranked = sorted(summary.statuses, key=lambda s: order.get(Status(s.status), len(order)))
    statuses = _counted([(s.count, s.label.lower()) for s in ranked])
    rags = {key: sum(1 for r in facts.rows if r.rag.key == key) for key in ("green", "amber", "red", "none")}
    rag_text = _counted(
        [
            (rags["green"], "green"),
            (rags["amber"], "amber"),
            (rags["red"], "red"),
            (rags["none"], "not rated"),
        ]
    )
    overdue = (
        f"{count(summary.overdue, 'is', 'are')} overdue, and so red whatever its status"
        if summary.overdue == 1
        else f"{summary.overdue} are overdue, and so red whatever their status"
        if summary.overdue
        else "none is overdue"
    )
    return f"Of the {count(summary.actions, 'action', 'actions')}, {statuses}; {overdue}. By RAG rating: {rag_text}."


def _indicators_sentence(facts: Facts) -> str | None:
    summary = facts.summary
    if not summary.indicators:
        return None
    rags = {r.rag.key: r.count for r in summary.indicator_rags}
    rated = _counted(
        [(rags.get("green", 0), "green"), (rags.get("amber", 0), "amber"), (rags.get("red", 0), "red")]
    )
    text = f"Of the {count(summary.indicators, 'performance indicator', 'performance indicators')}, "
    text += (rated + " for the period") if rated else "none is rated for the period"
    if summary.unrated:
        text += f"; {count(summary.unrated, 'is', 'are')} not rated (no target or no value for the period)"
    return text + "."


def _named(items: list[str], one: str, many: str, where: str) -> str:
    if len(items) > LISTED:
        return f"{count(len(items), one, many)}: they are listed under {where}."
    label = one if len(items) == 1 else many
    return f"{label[:1].upper()}{label[1:]}: {'; '.join(items)}."


def _reds(facts: Facts) -> list[str]:
    found = []
    red_actions = [
        f"{e.display_ref} {e.title} ({e.status_text.lower()})"
        for e in facts.exceptions.actions
        if e.rag.key == "red"
    ]
    if red_actions:
        found.append(_named(red_actions, "red action", "red actions", "Exceptions in Appendix 1"))
    red_indicators = [
        f"{e.id} {e.title} ({e.actual_text} against a target of {e.target_text})"
        for e in facts.exceptions.indicators
        if e.rag.key == "red"
    ]
    if red_indicators:
        found.append(_named(red_indicators, "red indicator", "red indicators", "Exceptions in Appendix 1"))
    if not red_actions and not red_indicators:
        found.append("No action and no indicator is red.")
    return found


def _moved(scope: Scope, facts: Facts) -> str:
    revised = facts.exceptions.revised_dates
    word = scope.period_word
    if scope.timelines is None:
        if not revised:
            return "No open action is due later than first agreed."
        items = [f"{d.display_ref}, from {d.from_text} to {d.to_text}, {d.change_text}" for d in revised]
        head = (
            f"{count(len(revised), 'open action is', 'open actions are')} due later than first agreed "
            "(without the plans' git history pmplan cannot tell in which period the dates moved)"
        )
        return (
            f"{head}: {'; '.join(items)}."
            if len(items) <= LISTED
            else f"{head}; they are listed in Appendix 1."
        )
    if not revised:
        return f"No due date moved this {word}."
    items = [f"{d.display_ref}, from {d.from_text} to {d.to_text}, {d.change_text}" for d in revised]
    head = f"{count(len(revised), 'due date', 'due dates')} moved this {word}, for the Committee to approve"
    return (
        f"{head}: {'; '.join(items)}." if len(items) <= LISTED else f"{head}; they are listed in Appendix 1."
    )


def _completed(scope: Scope, facts: Facts) -> str:
    done = [r for r in facts.rows if r.completed_in_period]
    word = scope.period_word
    if not done:
        return f"No action was completed this {word}."
    if len(done) > LISTED:
        return f"{count(len(done), 'action was', 'actions were')} completed this {word}."
    return f"Completed this {word}: {'; '.join(f'{r.display_ref} {r.title}' for r in done)}."


def _year_end(year: YearEnd) -> list[str]:
    rags = {
        key: sum(1 for o in year.outturns if o.rag.key == key) for key in ("green", "amber", "red", "none")
    }
    found = []
    if year.outturns:
        parts = [
            f"{rags['green']} of the {count(len(year.outturns), 'indicator', 'indicators')} met their annual target"
        ]
        if rags["amber"]:
            parts.append(f"{rags['amber']} missed it within tolerance (amber)")
        if rags["red"]:
            parts.append(f"{rags['red']} missed it (red)")
        if rags["none"]:
            parts.append(f"{rags['none']} could not be rated (no annual target or no outturn)")
        found.append(f"For {year.year}, {join(parts)}.")
    closing = sum(1 for c in year.carried_forward if c.note.startswith("Propose closure"))
    carried = len(year.carried_forward) - closing
    text = f"{count(len(year.completed), 'action was', 'actions were')} completed in {year.year}; "
    text += f"{count(carried, 'open action is', 'open actions are')} carried forward into {year.next_year}"
    if closing:
        text += f" and {count(closing, 'is', 'are')} proposed for closure"
    found.append(text + ".")
    return found


def data_recommendations(scope: Scope, facts: Facts, appendix: str) -> list[str]:
    found = []
    revised = facts.exceptions.revised_dates
    if revised:
        names = (
            join([f"{d.display_ref} (to {d.to_text})" for d in revised])
            if len(revised) <= LISTED
            else count(len(revised), "action", "actions")
        )
        found.append(
            f"That the Committee approves the revised due dates for {names}, as set out under "
            f"Revised dates for approval in {appendix}."
        )
    year = facts.year_end
    if year is not None and year.carried_forward:
        closing = sum(1 for c in year.carried_forward if c.note.startswith("Propose closure"))
        carried = len(year.carried_forward) - closing
        text = f"That the Committee agrees to carry forward {count(carried, 'open action', 'open actions')} into {year.next_year}"
        if closing:
            text += f" and to close {count(closing, 'action', 'actions')} as proposed"
        found.append(text + f", as set out under Year end in {appendix}.")
    return found
