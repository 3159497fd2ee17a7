"""The report as one self-contained, accessible HTML page for the council's website.

Besides the view (``report``), the template gets ``layout``: each wide table's column widths
(percentages, measured from the text the columns hold, shared by every table of a kind so
that the plan tables line up) and the width below which it scrolls sideways inside its
region rather than squeezing its columns; and ``charts``: the trend charts as inline SVG.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from pmplan.report.columns import Cell, Text, measure, text_width, widths
from pmplan.report.templating import render
from pmplan.report.view.model import ActionRow, BriefAction, IndicatorRow, ReportView

TEMPLATE = "report.html.j2"

FONT_PX = 14.4
"""The tables' type: 0.9rem."""
PADDING_PX = 20.0
"""A cell's padding (0.5rem a side) and borders, and a little to spare for rounding."""
BADGE_PX = 18.0
"""A RAG badge's padding and border around its word."""
LEAST_PX = 64.0
"""No column of a wide table is narrower than this, padding included."""


@dataclass(frozen=True, slots=True)
class TableLayout:
    widths: tuple[str, ...]
    """Each column's share of the table, as CSS (``12.5%``)."""
    min_rem: int
    """The table's least width; a narrower screen scrolls it sideways."""


def lines(value: Any) -> Markup:
    """Escaped text with its line breaks kept as ``<br>``."""
    text = "" if value is None else str(value)
    return Markup("<br>\n").join(escape(line) for line in text.split("\n"))


def keep(value: Any) -> str:
    """A short text (a date) kept on one line: its spaces made no-break spaces."""
    text = "" if value is None else str(value)
    return text.replace(" ", "\u00a0") if len(text) <= 20 else text


def render_html(view: ReportView, folders: list[Path] | None = None, template: Path | None = None) -> str:
    """The report as HTML, from ``report.html.j2``; every field escaped (autoescape)."""
    return render(
        TEMPLATE,
        {"report": view, "layout": table_layouts(view), "charts": chart_svgs(view)},
        folders=folders or [],
        template=template,
        autoescape=True,
        filters={"lines": lines, "keep": keep},
    )


def chart_svgs(view: ReportView) -> dict[str, Markup]:
    """The trend charts, by indicator id, as SVG to put in the page (matplotlib is imported
    only when there is one)."""
    charted = [i for i in view.indicators if i.chart]
    if not charted:
        return {}
    from pmplan.report.charts import trend_svg

    return {row.id: Markup(trend_svg(row, n)) for n, row in enumerate(charted, start=1)}


def _cell(*texts: str | None) -> Cell:
    return [[Text(t)] for t in texts if t]


def _action(a: ActionRow) -> list[Cell]:
    updates = [f"{u.date_text}: {u.text}" for u in a.updates]
    if not updates and a.earlier_update is not None:
        updates = [f"Earlier update, {a.earlier_update.date_text}: {a.earlier_update.text}"]
    due = keep(a.due_text)
    return [
        _cell(a.local_ref),
        _cell(a.title),
        _cell(a.leads_text),
        _cell(due, a.due_note, a.slip.short if a.slip else None),
        _cell(f"{a.rag.label} {a.status_text}"),
        _cell(*updates) or _cell("No update this period"),
        _cell(a.next),
    ]


def _layout(
    headers: Sequence[str], rows: Sequence[Sequence[Cell]], min_rem: int, badges: Sequence[int] = ()
) -> TableLayout:
    """Widths for a table whose first column is its row headers (bold), with RAG badges in
    the columns ``badges`` (a word in bold, kept on one line, with padding and a border)."""
    rows = [[[[Text(p.text, True) for p in para] for para in row[0]], *row[1:]] for row in rows]
    needs = measure(headers, rows, FONT_PX)
    for index in badges:
        labels = {row[index][0][0].text.partition(" ")[0] for row in rows if row[index]}
        labels = {"Not rated" if label == "Not" else label for label in labels}
        widest = max((text_width(label, FONT_PX, bold=True) for label in labels), default=0.0)
        needs[index].least = max(needs[index].least, widest + BADGE_PX)
    for column in needs:
        column.least = max(column.least, LEAST_PX - PADDING_PX)
    total = min_rem * 16
    shares = widths(needs, total, PADDING_PX)
    return TableLayout(tuple(f"{w / total * 100:.1f}%" for w in shares), min_rem)


ACTION_HEADERS = ("Ref", "Action", "Lead", "Due", "Status", "Progress this period", "Next step")
EARLIER_HEADERS = ("Ref", "Action", "Lead", "Last update")
CALENDAR_HEADERS = ("Month", "Report", "To", "Owner")
EXCEPTION_HEADERS = (
    "Ref", "Action", "Lead", "Original date", "Revised date", "Times moved", "Status", "Reason", "Next step",
)  # fmt: skip
RED_HEADERS = (
    "Indicator", "Owner", "Period", "Target", "Actual", "RAG", "Why listed", "Explanation", "Corrective action",
)  # fmt: skip
REVISED_HEADERS = ("Ref", "Action", "Lead", "From", "To", "Change", "Reason")
INDICATOR_HEADERS = (
    "Indicator", "Period", "Target", "Actual", "RAG", "Direction of travel", "Compared with",
    "How the RAG was set",
)  # fmt: skip
OUTTURN_HEADERS = (
    "Indicator", "Outturn", "Annual target", "RAG", "How the outturn was found", "How the RAG was set",
    "Next year's target",
)  # fmt: skip
COMPLETED_HEADERS = ("Ref", "Action", "Lead", "Due")
CARRIED_HEADERS = ("Ref", "Action", "Lead", "Due", "Status", "Proposal")
FORWARD_HEADERS = ("Ref", "Action", "Lead", "Due", "Status")


def _compared(i: IndicatorRow) -> str:
    c = i.compared
    return i.compared_with if c is None else f"{c.value_text} in {c.period}, {i.compared_with}"


def _brief(a: BriefAction, columns: int) -> list[Cell]:
    cells = [_cell(a.display_ref), _cell(a.title), _cell(a.leads_text), _cell(keep(a.due_text)),
             _cell(f"{a.rag.label} {a.status_text}"), _cell(a.note)]  # fmt: skip
    return cells[:columns]


def table_layouts(view: ReportView) -> dict[str, TableLayout]:
    actions = [_action(a) for p in view.plans for g in p.groups for a in g.actions]
    x = view.exceptions
    exceptions = [
        [_cell(e.display_ref), _cell(e.title), _cell(e.who), _cell(keep(e.original_text)),
         _cell(keep(e.revised_text)), _cell(e.moves_text), _cell(f"{e.rag.label} {e.status_text}"),
         _cell(e.reason), _cell(e.next)]
        for e in x.actions
    ]  # fmt: skip
    reds = [
        [_cell(f"{e.id} {e.title}"), _cell(e.owner), _cell(e.period), _cell(e.target_text),
         _cell(e.actual_text), _cell(e.rag.label), _cell(e.why, e.reason),
         _cell(e.explanation or "None given"), _cell(e.corrective_action or "None given")]
        for e in x.indicators
    ]  # fmt: skip
    revised = [
        [_cell(d.display_ref), _cell(d.title), _cell(d.leads_text), _cell(keep(d.from_text)),
         _cell(keep(d.to_text)), _cell(d.change_text), _cell(d.reason)]
        for d in x.revised_dates
    ]  # fmt: skip
    indicators = [
        [_cell(f"{i.id} {i.title}", i.owner and f"Owner: {i.owner}", i.polarity_text), _cell(i.period),
         _cell(i.target_text), _cell(i.actual_text), _cell(i.rag.label),
         _cell(i.direction_text), _cell(_compared(i)), _cell(i.reason, i.note)]
        for i in view.indicators
    ]  # fmt: skip
    year = view.year_end
    outturns = [
        [_cell(f"{o.id} {o.title}"), _cell(o.actual_text), _cell(o.target_text), _cell(o.rag.label),
         _cell(o.rule_text), _cell(o.reason), _cell(o.next_target_text)]
        for o in (year.outturns if year else ())
    ]  # fmt: skip
    completed = [_brief(a, 4) for a in (year.completed if year else ())]
    carried = [_brief(a, 6) for a in (year.carried_forward if year else ())]
    forward = [_brief(a, 5) for a in view.forward.actions]
    earlier = [
        [_cell(a.local_ref), _cell(a.title), _cell(a.leads_text),
         _cell(keep(a.latest_update.date_text) if a.latest_update else "None recorded")]
        for p in view.plans for a in p.completed_earlier
    ]  # fmt: skip
    calendar = [
        [_cell(m.label), _cell(e.title), _cell(e.to_text), _cell(e.owner)]
        for m in view.calendar.months for e in m.entries
    ]  # fmt: skip
    return {
        "actions": _layout(ACTION_HEADERS, actions, 62, badges=(4,)),
        "earlier": _layout(EARLIER_HEADERS, earlier, 40),
        "calendar": _layout(CALENDAR_HEADERS, calendar, 36),
        "exceptions": _layout(EXCEPTION_HEADERS, exceptions, 72, badges=(6,)),
        "reds": _layout(RED_HEADERS, reds, 72, badges=(5,)),
        "revised": _layout(REVISED_HEADERS, revised, 60),
        "indicators": _layout(INDICATOR_HEADERS, indicators, 68, badges=(4,)),
        "outturns": _layout(OUTTURN_HEADERS, outturns, 64, badges=(3,)),
        "completed": _layout(COMPLETED_HEADERS, completed, 44),
        "carried": _layout(CARRIED_HEADERS, carried, 60, badges=(4,)),
        "forward": _layout(FORWARD_HEADERS, forward, 52, badges=(4,)),
    }
