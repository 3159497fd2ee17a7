"""The report as one self-contained, accessible HTML page for the council's website."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from pmplan.report.templating import render
from pmplan.report.view.model import ReportView

TEMPLATE = "report.html.j2"


def lines(value: Any) -> Markup:
    """Escaped text with its line breaks kept as ``<br>``."""
    text = "" if value is None else str(value)
    return Markup("<br>\n").join(escape(line) for line in text.split("\n"))


def render_html(view: ReportView, folders: list[Path] | None = None, template: Path | None = None) -> str:
    """The report as HTML, from ``report.html.j2``; every field escaped (autoescape)."""
    return render(
        TEMPLATE,
        {"report": view},
        folders=folders or [],
        template=template,
        autoescape=True,
        filters={"lines": lines},
    )
