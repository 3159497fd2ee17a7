"""The report's view model as JSON: what every other format lays out, for other tools.

The shape is documented field by field in ``docs/report-json.md`` and versioned by
:data:`SCHEMA`: a field is only ever added within a version; renaming or removing one is a new
version. Dates are ISO 8601 (``2026-10-31``); a RAG rating is an object with its key and its
word; nothing is left out for being empty (an absent value is ``null``, an empty list ``[]``).
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any

from pmplan.report.view.model import ReportView

SCHEMA = "pmplan-report/1"
"""The version of the JSON shape."""

DERIVED = {"Exceptions": ("count",)}
"""Properties written beside the fields, by class: the number of exceptions, so that a
reader need not work it out."""


def plain(value: Any) -> Any:
    """The view as JSON-ready data: dataclasses as objects (fields in their order, then any
    derived values), tuples as lists, dates as ISO text."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        for name in DERIVED.get(type(value).__name__, ()):
            data[name] = plain(getattr(value, name))
        return data
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return str(value)


def render_json(view: ReportView) -> str:
    """The report as one JSON object: ``{"schema": ..., "report": {...}}``."""
    return json.dumps({"schema": SCHEMA, "report": plain(view)}, indent=2, ensure_ascii=False) + "\n"
