"""The output formats of each command, said once: the CLI's help and checks and the core's
formatters are all built from these."""

from __future__ import annotations

LINT = ("text", "json", "github")
LIST = ("table", "json", "csv")
REPORT = ("md", "docx", "html", "json")
AUDIT = ("md", "docx", "html", "json")
"""``pmplan report audit``: the audit committee's tracker."""
DIFF = ("text", "md", "json", "github")
HISTORY = ("text", "json")
EXPORT = ("csv", "xlsx", "json", "sqlite")
RETURNS_STATUS = ("text", "md", "csv")


def choices(formats: tuple[str, ...]) -> str:
    """``text, json or github``: the formats as help text reads them."""
    return ", ".join(formats[:-1]) + " or " + formats[-1] if len(formats) > 1 else formats[0]
