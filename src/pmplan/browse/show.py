"""``pmplan show`` and ``pmplan thread``: one item in full, and the golden thread as a tree."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Group as RichGroup
from rich.console import RenderableType
from rich.markup import escape as escape_markup
from rich.table import Table
from rich.tree import Tree

from pmplan.characters import visible
from pmplan.indicators.reading import read_indicator
from pmplan.indicators.records import indicator_records
from pmplan.workspace.audit import grade_of, stage_of
from pmplan.workspace.index import ActionView, GroupView, Workspace
from pmplan.workspace.models import Extension, Indicator, Person, Update, Verification

RAG_STYLE = {"red": "bold red", "amber": "bold yellow", "green": "bold green"}
STATUS_STYLE = {"red": "red", "amber": "yellow", "green": "green"}
"""A status in the colour of the RAG it stands for."""


def escape(text: str) -> str:
    """Plan text for the terminal: control characters shown, not acted on; no markup."""
    return escape_markup(visible(text))


def _fields(rows: Sequence[tuple[str, str | None]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    for label, value in rows:
        if value not in (None, ""):
            table.add_row(label, value)
    return table


def _people(ws: Workspace, ids: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"{escape(ws.person_name(p))} ({escape(p)})" for p in ids)


def _updates(updates: list[Update]) -> Table:
    table = Table(title="Updates", title_justify="left", show_header=True)
    table.add_column("date", no_wrap=True)
    table.add_column("progress")
    for update in sorted(updates, key=lambda u: u.date):
        table.add_row(update.date.isoformat(), escape(update.text))
    return table


def render_action(ws: Workspace, item: ActionView, as_of: date) -> RenderableType:
    a = item.action
    status = item.status + (" — OVERDUE" if item.overdue(as_of) else "")
    reading = item.reading
    due = item.due.strftime("%d %b %Y") if item.due else ("recurring" if item.recurring else "none read")
    rows = [
        ("Plan", escape(f"{item.plan.title} ({item.plan.id})")),
        ("Under", escape(f"{item.group.id}: {item.group.title}")),
        ("How", escape(a.how) if a.how else None),
        ("Leads", _people(ws, item.leads) or "[red]none[/]"),
        ("Timescale", escape(a.timescale) if a.timescale else None),
        ("Due", due + (" (recurring)" if item.recurring and item.due else "")),
        ("Starts", item.start.strftime("%d %b %Y") if item.start else None),
        ("Not read", escape("; ".join(reading.unread)) if reading and reading.unread else None),
        ("Baseline", escape(a.baseline) if a.baseline else None),
        ("Extensions", _extensions(a.extensions)),
        ("Priority", a.priority),
        ("Status", f"[{STATUS_STYLE.get(item.status.rag or '', 'default')}]{status}[/]"),
        ("Evidence", escape("\n".join(a.evidence)) or None),
        ("Verified", _verified(ws, a.verified)),
        ("Next", escape(a.next) if a.next else None),
        ("Links", escape(", ".join(item.links)) or None),
        ("See", escape(", ".join(a.see)) or None),
        ("File", f"{item.source.rel}:{a.line()[0]}"),
    ]
    parts: list[RenderableType] = [f"[bold]{escape(item.ref)}[/] {escape(item.title)}", _fields(rows)]
    if a.updates:
        parts.append(_updates(a.updates))
    return RichGroup(*parts)


def _extensions(extensions: list[Extension]) -> str | None:
    lines = []
    for e in extensions:
        ruling = e.ruling
        decided = (
            f"{e.decision.value} by {ruling.by}, {ruling.date:%d %b %Y}" if ruling else "awaiting a decision"
        )
        lines.append(f"{e.asked:%d %b %Y}: to {e.timescale} ({decided})")
    return escape("\n".join(lines)) or None


def _verified(ws: Workspace, verified: Verification | None) -> str | None:
    if verified is None:
        return None
    note = f": {verified.note}" if verified.note else ""
    return escape(f"{ws.person_name(verified.by)}, {verified.date:%d %b %Y}{note}")


def _report(view: GroupView) -> str | None:
    report = view.plan.source_report(view.group.report)
    if report is None:
        return escape(view.group.report) if view.group.report else None
    return escape(report.title + (f", {report.date:%d %b %Y}" if report.date else ""))


def render_group(ws: Workspace, view: GroupView, as_of: date) -> RenderableType:
    g = view.group
    rows = [
        ("Plan", escape(f"{view.plan.title} ({view.plan.id})")),
        ("Report", _report(view)),
        ("Priority", grade.value if (grade := grade_of(view)) else None),
        ("Agreed", g.agreed.strftime("%d %b %Y") if g.agreed else None),
        ("Response", escape(g.response) if g.response else None),
        ("Leads", _people(ws, g.leads or [])),
        ("Stage", stage_of(view).label if view.plan.recommendations is not None else None),
        ("Evidence", escape("\n".join(g.evidence)) or None),
        ("Verified", _verified(ws, g.verified)),
        ("Links", escape(", ".join(g.links)) or None),
        ("File", f"{view.source.rel}:{g.line()[0]}"),
    ]
    actions = Table(title="Actions", title_justify="left")
    for column in ("ref", "title", "leads", "due", "status"):
        actions.add_column(column)
    for item in view.actions:
        actions.add_row(
            escape(item.local_ref),
            escape(item.title),
            escape(", ".join(item.leads)),
            item.due.isoformat() if item.due else ("recurring" if item.recurring else ""),
            item.status + (" (overdue)" if item.overdue(as_of) else ""),
        )
    parts: list[RenderableType] = [f"[bold]{escape(view.ref)}[/] {escape(g.title)}", _fields(rows), actions]
    if g.updates:
        parts.append(_updates(g.updates))
    return RichGroup(*parts)


def render_indicator(ws: Workspace, indicator: Indicator) -> RenderableType:
    rows = [
        ("Owner", _people(ws, [indicator.owner]) if indicator.owner else "[red]none[/]"),
        ("Deputy", _people(ws, [indicator.deputy]) if indicator.deputy else None),
        ("Type", indicator.type),
        ("Unit", escape(indicator.unit) if indicator.unit else None),
        ("Better", f"{indicator.polarity}"),
        ("Frequency", indicator.frequency),
        ("Links", escape(", ".join(indicator.links)) or None),
        ("File", f"{ws.source_of(indicator).rel}:{indicator.line()[0]}"),
    ]
    values = Table(title="Values", title_justify="left")
    for column in ("period", "target", "actual", "RAG", "direction", "note"):
        values.add_column(column)
    fy, tolerance = ws.config.financial_year, ws.config.rag.tolerance
    for period, value in indicator.values.items():
        reading = read_indicator(indicator, period, tolerance, fy)
        rag = f"[{RAG_STYLE[reading.rag]}]{reading.rag}[/]" if reading.rag else ""
        values.add_row(
            period,
            _num(value.target),
            _num(value.actual),
            rag,
            reading.direction or "",
            escape(value.note or ""),
        )
    return RichGroup(f"[bold]{escape(indicator.id)}[/] {escape(indicator.title)}", _fields(rows), values)


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def render_item(ws: Workspace, ref: str, as_of: date) -> RenderableType:
    """One action, recommendation, theme, indicator, priority, outcome, person or plan in full."""
    found = ws.find(ref)
    ref, item = found.ref, found.item
    if isinstance(item, ActionView):
        return render_action(ws, item, as_of)
    if isinstance(item, GroupView):
        return render_group(ws, item, as_of)
    if isinstance(item, Indicator):
        return render_indicator(ws, item)
    if found.kind in {"priority", "outcome"}:
        return thread_tree(ws, ref, as_of)
    if isinstance(item, Person):
        person = item
        led = [a for a in ws.action_list if ref in a.leads]
        rows = [
            ("Name", escape(person.name)),
            ("Title", escape(person.title or "")),
            ("Type", person.type),
            ("Email", escape(person.email or "")),
            ("Leads", f"{len(led)} actions"),
        ]
        return RichGroup(f"[bold]{escape(person.id)}[/]", _fields(rows))
    plan = ws.plans[ref]
    groups = [g for g in ws.groups.values() if g.plan is plan]
    return RichGroup(*(render_group(ws, g, as_of) for g in groups)) if groups else escape(plan.title)


def thread_tree(ws: Workspace, start: str | None, as_of: date) -> Tree:
    """Vision, priorities, outcomes, then the actions and indicators linked to each."""
    actions_by_link: dict[str, list[ActionView]] = {}
    for item in ws.action_list:
        for link in item.links:
            actions_by_link.setdefault(link, []).append(item)
    indicator_rows = {r["id"]: r for r in indicator_records(ws, None)}
    indicators_by_link: dict[str, list[str]] = {}
    for indicator in ws.indicators.values():
        for link in indicator.links:
            indicators_by_link.setdefault(link, []).append(indicator.id)

    def leaves(node: Tree, thread_id: str) -> None:
        for iid in indicators_by_link.get(thread_id, []):
            row = indicator_rows[iid]
            rag = f" [{RAG_STYLE[row['rag']]}]{row['rag']}[/]" if row["rag"] else ""
            node.add(f"[cyan]indicator[/] {escape(iid)} {escape(row['title'])}{rag}")
        for item in actions_by_link.get(thread_id, []):
            flag = " [red](overdue)[/]" if item.overdue(as_of) else ""
            node.add(f"[magenta]action[/] {escape(item.ref)} {escape(item.title)} — {item.status}{flag}")

    if start is not None:
        start = ws.find(start, ("priority", "outcome")).ref
    root = Tree(f"[bold]{escape(ws.vision or ws.config.organisation)}[/]")
    for priority in ws.priorities.values():
        if start is not None and start != priority.id and start not in {o.id for o in priority.outcomes}:
            continue
        p_node = root.add(
            f"[bold]{escape(priority.id)}[/] {escape(priority.title)}"
            + (f" [dim](lead {escape(ws.person_name(priority.lead))})[/]" if priority.lead else "")
        )
        leaves(p_node, priority.id)
        for outcome in priority.outcomes:
            if start is not None and start not in (priority.id, outcome.id):
                continue
            o_node = p_node.add(f"[bold]{escape(outcome.id)}[/] {escape(outcome.title)}")
            leaves(o_node, outcome.id)
    return root
