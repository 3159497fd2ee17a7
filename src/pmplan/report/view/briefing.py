"""The briefing paper's front: summary, background, key issues, options and implications."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from pmplan.report.view.model import Contact, Detail, Front, Implication, Summary
from pmplan.report.view.scope import Scope
from pmplan.report.view.text import DAY_NAMES, clean, describe_period, format_count, format_date, optional
from pmplan.workspace.config import ReportSettings
from pmplan.workspace.models import ActionPlan
from pmplan.workspace.vocabulary import Status


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _paragraphs(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(p for p in (clean(part) for part in clean(text).split("\n\n")) if p)


def front_page(
    scope: Scope,
    settings: ReportSettings,
    overrides: Mapping[str, str],
    plans: list[ActionPlan],
    summary: Summary,
    appendix_title: str,
    day: date | None = None,
) -> Front:
    """The front, dated ``day`` (the meeting's date) or else the as-of date."""
    period_words = "quarter" if scope.period.kind == "quarter" else "year"
    titles = [f"the {clean(p.title)}" for p in plans]
    summary_text = optional(settings.summary) or (
        f"To update Members on the performance indicators for {describe_period(scope.period)} "
        f"and on progress against {_join(titles) or 'the action plans'}."
    )
    background = _paragraphs(settings.background) or tuple(
        text for text in (_plan_background(p) for p in plans) if text
    )
    issues = [clean(i) for i in settings.key_issues if clean(i)] or _default_issues(summary)
    issues.append(
        f"Progress against each action, and the performance indicators for the {period_words}, "
        f"is set out in {appendix_title.partition(':')[0]}."
    )
    options = tuple(clean(o) for o in settings.options if clean(o)) or (
        f"That the Committee notes progress against the action plans and the performance "
        f"indicators for the {period_words}.",
    )
    implications = tuple(
        Implication(clean(k), clean(v)) for k, v in settings.implications.items() if clean(k)
    )
    fields = (settings.contact_name, settings.contact_title, settings.contact_phone, settings.contact_email)
    contact = Contact(*(optional(f) for f in fields)) if any(fields) else None
    day = day or scope.as_of
    return Front(
        committee=optional(overrides.get("committee", settings.committee)),
        report_of=optional(overrides.get("report_of", settings.report_of)),
        date_text=f"{DAY_NAMES[day.weekday()]} {format_date(day)}",
        day=day,
        summary=summary_text,
        background=background,
        key_issues=tuple(issues),
        options=options,
        implications=implications,
        contact=contact,
        appendix_title=appendix_title,
        details=_details(settings),
        exemption=optional(settings.exemption) if settings.access == "exempt" else None,
        recommendations=_items(settings.recommendations),
        sections=tuple(Implication(clean(k), clean(v)) for k, v in settings.sections.items() if clean(k)),
        background_papers=_items(settings.background_papers),
    )


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


_count = format_count


def _default_issues(summary: Summary) -> list[str]:
    by_status = {s.status: s.count for s in summary.statuses}
    issues = [
        f"Of {_count(summary.actions, 'action', 'actions')}, {by_status.get(Status.COMPLETE, 0)} "
        f"{'is' if by_status.get(Status.COMPLETE, 0) == 1 else 'are'} complete and "
        f"{by_status.get(Status.ON_TRACK, 0)} on track; {summary.completed_in_period} "
        f"{'was' if summary.completed_in_period == 1 else 'were'} completed in the period."
    ]
    red = next((r.count for r in summary.indicator_rags if r.rag.key == "red"), 0)
    if summary.exceptions:
        issues.append(
            f"{_count(summary.exceptions - red, 'action is', 'actions are')} delayed, at risk or overdue, "
            f"and {_count(red, 'indicator is', 'indicators are')} red: these are reported by exception."
        )
    return issues
