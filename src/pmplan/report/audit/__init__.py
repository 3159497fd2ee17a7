"""The audit committee's tracker of recommendations (``pmplan report audit``): one view model
(:mod:`.model`, built by :mod:`.build`) laid out as Markdown, HTML (:mod:`.render`), Word
(:mod:`.docx`) or JSON."""

from pmplan.report.audit.build import Filters, Meetings, build_audit, source_ids
from pmplan.report.audit.model import AuditView
from pmplan.report.audit.render import audit_json, render_audit_html, render_audit_markdown

__all__ = [
    "AuditView",
    "Filters",
    "Meetings",
    "audit_json",
    "build_audit",
    "render_audit_html",
    "render_audit_markdown",
    "source_ids",
]
