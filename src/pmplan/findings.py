"""The one diagnostic type: YAML errors, schema errors and rule findings alike."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    """Something wrong (or worth knowing) at a place in a file.

    ``file`` is relative to the workspace root, with forward slashes; ``line`` and
    ``column`` are 1-based; ``ref`` is the full reference of the plan item, or None.
    """

    file: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str
    ref: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.rule, self.message)

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data
