"""The workspace's settings (``pmplan.yaml``) and finding the workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, ValidationError, model_validator
from pydantic.dataclasses import dataclass

from pmplan.dates.periods import FinancialYear
from pmplan.errors import PmplanError
from pmplan.workspace.messages import describe_errors
from pmplan.workspace.models import CONFIG, Model, validate, without_pos
from pmplan.workspace.reader import YamlProblem, decode, parse_yaml, position, read_yaml

CONFIG_NAME = "pmplan.yaml"


class WorkspaceError(PmplanError):
    """The command cannot do its job: no workspace, a broken ``pmplan.yaml``, bad input."""


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class RagSettings(Model):
    tolerance: Annotated[float, Field(ge=0, le=100)] = 5.0
    """Percent: a value within this share of its target is amber."""


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class LintSettings(Model):
    ignore: list[str] = Field(default_factory=list)
    """Rule names switched off."""
    severity: Annotated[dict[str, Literal["error", "warning", "info"]], BeforeValidator(without_pos)] = Field(
        default_factory=dict
    )
    """Rule name -> severity, overriding the rule's default."""


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class ReportSettings(Model):
    """What stands from one committee report to the next: the briefing paper's front, and
    how a report's period is read. A period's own words live in its notes file
    (``kind: report-notes``), not here."""

    committee: str | None = None
    """The committee the report goes to, on its front page."""
    report_of: str | None = None
    """Whose report it is: ``Julie Pennington, Policy & Performance Officer``."""
    contact_name: str | None = None
    """The contact officer's name, at the end of the briefing paper."""
    contact_title: str | None = None
    """The contact officer's job title."""
    contact_phone: str | None = None
    """The contact officer's telephone number."""
    contact_email: str | None = None
    """The contact officer's email address."""
    summary: str | None = None
    """The report's purpose, printed on every front page (a period's notes may replace it)."""
    background: str | None = None
    """The background section, as one paragraph or several (blank lines between them)."""
    recommendations: list[str] = Field(default_factory=list)
    """What the committee is asked to decide, under a heading of its own: the standing
    recommendations, printed before those the data calls for (approving revised dates) and
    those of the period's notes."""
    implications: Annotated[dict[str, str], BeforeValidator(without_pos)] = Field(default_factory=dict)
    """Heading -> text: ``Financial: None arising directly from this report.``"""
    options: list[str] = Field(default_factory=list)
    """Options considered, under a heading of their own (standing; a period's notes may give
    their own)."""
    agenda_item: str | None = None
    """The item's number or reference on the committee's agenda (a period's notes may give it)."""
    access: Literal["open", "exempt"] | None = None
    """An open report, or one exempt from publication (give the ``exemption`` paragraph)."""
    exemption: str | None = None
    """Why the report is exempt: the paragraph of Schedule 12A that applies."""
    portfolio_holder: str | None = None
    """The Cabinet member whose portfolio the report falls in, on its front page."""
    wards_affected: str | None = None
    """The wards the report affects (often ``All``), on its front page."""
    key_decision: bool | None = None
    """Whether the report asks for a key decision (``true`` or ``false``), on its front page."""
    sections: Annotated[dict[str, str], BeforeValidator(without_pos)] = Field(default_factory=dict)
    """Further sections of the council's template, heading -> text, in the order written."""
    background_papers: list[str] = Field(default_factory=list)
    """The background papers the report relied on, listed at its end."""
    update_window: Annotated[int, Field(ge=0, le=6)] = 1
    """Months after a period ends in which its updates are written: a period's cut-off is its
    end plus this many months (unless the calendar has a meeting for its report)."""
    from_git: bool = True
    """Read a past period's plans from the last commit at or before its as-of date. Set it to
    false where the repository's history is not the plans' own."""

    @model_validator(mode="after")
    def _exemption_given(self) -> ReportSettings:
        if self.access == "exempt" and not (self.exemption or "").strip():
            raise ValueError("an exempt report needs its 'exemption': the paragraph that makes it exempt")
        return self


MOVED_SETTINGS = {
    "key_issues": (
        "report.key_issues has moved: the key issues for a period are written in that period's "
        "notes file (kind: report-notes, e.g. plans/reports/2025-26-q2.yaml); see docs/reports.md"
    ),
}
"""Settings that have moved, with where to."""


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class AuditSettings(Model):
    """Recommendations to closure: the audit committee's rules and its tracker."""

    max_date_moves: Annotated[int, Field(ge=0)] = 2
    """How many times an action's due date may be moved (extended) before lint says so."""
    committee: str | None = None
    """The committee that receives the audit tracker, as the calendar's ``to`` names it
    (default: the first committee in the calendar whose name has "Audit" in it)."""


@dataclass(config=CONFIG, slots=True, kw_only=True, eq=False)
class WorkspaceConfig(Model):
    organisation: str = "The Council"
    """The council's name, at the head of every report."""
    plans: str = "plans"
    """The folder of plan files, relative to ``pmplan.yaml``; every ``*.yaml`` under it is read."""
    templates: str | None = None
    """A folder of report templates that override the built-in ones by name (``report.md.j2``,
    ``report.html.j2``, ``report.docx``)."""
    financial_year_start: Annotated[int, Field(ge=1, le=12)] = 4
    """The month the financial year starts, 1-12: ``4`` for April."""
    stale_after_days: Annotated[int, Field(ge=1, le=36500)] = 100
    """An open action whose newest update is older than this many days is stale."""
    rag: RagSettings = Field(default_factory=RagSettings)
    """How indicators are rated red, amber or green."""
    lint: LintSettings = Field(default_factory=LintSettings)
    """Which lint rules run, and how severe each is."""
    report: ReportSettings = Field(default_factory=ReportSettings)
    """The front of the committee report (the briefing paper)."""
    audit: AuditSettings = Field(default_factory=AuditSettings)
    """The audit committee's tracker: how often a date may move, which committee receives it."""

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.financial_year_start)


def find_root(start: Path) -> Path:
    """The folder of the nearest ``pmplan.yaml`` at or above ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise WorkspaceError(
        f"no {CONFIG_NAME} found in {start} or any folder above it. "
        "Run 'pmplan init' to create a workspace, or pass --workspace DIR."
    )


def resolve_root(workspace: Path | None) -> Path:
    """The workspace root from ``--workspace`` (a folder or its pmplan.yaml) or the cwd."""
    if workspace is None:
        return find_root(Path.cwd())
    if workspace.is_file() and workspace.name == CONFIG_NAME:
        return workspace.parent.resolve()
    if workspace.is_file():
        raise WorkspaceError(f"{workspace} is a file, not a workspace folder (one with {CONFIG_NAME})")
    if not workspace.is_dir():
        raise WorkspaceError(f"workspace folder {workspace} does not exist")
    if not (workspace / CONFIG_NAME).is_file():
        raise WorkspaceError(
            f"{workspace} is not a pmplan workspace: it has no {CONFIG_NAME}. "
            f"Run 'pmplan init {workspace}' to create one."
        )
    return workspace.resolve()


def load_config(root: Path) -> WorkspaceConfig:
    """The settings in ``root/pmplan.yaml``; a broken file is a WorkspaceError."""
    path = root / CONFIG_NAME
    return _config(read_yaml(path), path)


def config_from_bytes(raw: bytes | None, shown: str) -> WorkspaceConfig:
    """The settings in a ``pmplan.yaml`` given as bytes (None: no such file, the defaults);
    ``shown`` names it in messages."""
    if raw is None:
        return WorkspaceConfig()
    text = decode(raw)
    return _config(text if isinstance(text, YamlProblem) else parse_yaml(text), shown)


def _config(data: object, path: Path | str) -> WorkspaceConfig:
    if isinstance(data, YamlProblem):
        if data.message.startswith("file is empty") or data.message.startswith("file holds no"):
            return WorkspaceConfig()
        raise WorkspaceError(f"{path}:{data.line}:{data.column}: {data.message}")
    if not isinstance(data, dict):
        raise WorkspaceError(f"{path}:1:1: {CONFIG_NAME} must be a mapping of settings")
    report = data.get("report")
    if isinstance(report, dict):
        for key, message in MOVED_SETTINGS.items():
            if key in report:
                line, column = position(data, ("report", key))
                raise WorkspaceError(f"{path}:{line}:{column}: {message}")
    try:
        return validate(WorkspaceConfig, data)
    except ValidationError as exc:
        line, column, message = describe_errors(exc, data, WorkspaceConfig)[0]
        raise WorkspaceError(f"{path}:{line}:{column}: {message}") from None
