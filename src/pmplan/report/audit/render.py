"""The tracker as Markdown, HTML (Jinja templates ``audit.md.j2`` and ``audit.html.j2``, a
workspace's own first, by name) and JSON (the view model as it is)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

from pmplan.report.audit.model import AuditView
from pmplan.report.html import lines
from pmplan.report.markdown import md
from pmplan.report.templating import render

MARKDOWN = "audit.md.j2"
HTML = "audit.html.j2"


def render_audit_markdown(
    view: AuditView, folders: list[Path] | None = None, template: Path | None = None
) -> str:
    return render(
        MARKDOWN,
        {"audit": view},
        folders=folders or [],
        template=template,
        autoescape=False,
        filters={"md": md},
    )


def render_audit_html(
    view: AuditView, folders: list[Path] | None = None, template: Path | None = None
) -> str:
    return render(
        HTML,
        {"audit": view},
        folders=folders or [],
        template=template,
        autoescape=True,
        filters={"lines": lines},
    )


def audit_json(view: AuditView) -> str:
    """The view model as JSON: dates as ISO text, field names as in :mod:`.model`."""
    return json.dumps(dataclasses.asdict(view), indent=2, ensure_ascii=False, default=_iso) + "\n"


def _iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")
