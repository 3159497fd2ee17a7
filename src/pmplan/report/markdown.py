"""The report as Markdown for review in git: GitHub tables, RAG always in words."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pmplan.report.templating import render
from pmplan.report.view.model import ReportView

TEMPLATE = "report.md.j2"

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])(?=\s|$)")


def md(value: Any) -> str:
    """Text as one line of Markdown that shows as written, in a paragraph or a table cell:
    Markdown's own characters escaped, ``<`` and ``>`` as entities, newlines as ``<br>``."""
    text = "" if value is None else str(value)
    text = _ENTITY.sub("&amp;", text)
    text = _SPECIAL.sub(r"\\\1", text).replace("<", "&lt;").replace(">", "&gt;")
    lines = [line.strip() for line in text.split("\n")]
    lines[0] = _LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", lines[0])
    return "<br>".join(line for line in lines if line) if len(lines) > 1 else lines[0]


def render_markdown(view: ReportView, folders: list[Path] | None = None, template: Path | None = None) -> str:
    """The report as Markdown, from ``report.md.j2`` (a workspace's own first, by name)."""
    return render(
        TEMPLATE,
        {"report": view},
        folders=folders or [],
        template=template,
        autoescape=False,
        filters={"md": md},
    )
