"""Quarterly progress reports: one view model (:mod:`.view`) laid out as Markdown, HTML or Word.

``build_report`` makes the view; ``render_markdown``, ``render_html`` and ``render_docx``
turn it into text or bytes. Nothing here writes files or prints; the CLI does.
"""

from __future__ import annotations

from pmplan.report.html import render_html
from pmplan.report.markdown import render_markdown
from pmplan.report.templating import ReportError, workspace_templates
from pmplan.report.view.build import build_report
from pmplan.report.view.model import ReportView

__all__ = [
    "ReportError",
    "ReportView",
    "build_report",
    "render_html",
    "render_markdown",
    "workspace_templates",
]
