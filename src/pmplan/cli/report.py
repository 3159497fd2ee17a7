"""``pmplan report``: the quarterly progress report as Markdown, Word, HTML or JSON.

Only typer and the standard library are imported
here; the report package (Jinja, and python-docx and matplotlib for Word) is imported when the
command runs, so that ``pmplan --help`` stays fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pmplan import outputs
from pmplan.cli.common import (
    AllowInvalidOpt,
    WorkspaceOpt,
    check_format,
    check_plan,
    fail,
    open_workspace,
    parse_as_of,
    say_what_did_not_load,
)
from pmplan.outputs import choices

if TYPE_CHECKING:
    from pmplan.changes.history import Timeline
    from pmplan.report import ReportView
    from pmplan.report.audit import AuditView, Filters, Meetings
    from pmplan.report.charts import ChartWorker
    from pmplan.workspace.index import Workspace


def report(
    period: Annotated[
        str,
        typer.Argument(
            help="q1, q2, q3 or q4 (financial quarters), year, or audit (the audit committee's tracker).",
            show_default=False,
            metavar="PERIOD",
        ),
    ],
    year: Annotated[
        str | None,
        typer.Option(
            "--year",
            metavar="YYYY/YY",
            help="The financial year, e.g. 2025/26 (default: the latest in which PERIOD has begun).",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        str,
        typer.Option(
            "--format", "-f", help=f"{choices(outputs.REPORT)}; json too for audit.", metavar="FORMAT"
        ),
    ] = "md",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (default: md and json to stdout; docx and html to "
            "reports/<year>-<period>.<ext> in the workspace, with -<plan> for --plan).",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            metavar="PATH",
            help="A Jinja template (md, html) or a Word base document (docx) to use instead of "
            "the workspace's or the built-in one.",
            show_default=False,
        ),
    ] = None,
    plan: Annotated[
        str | None,
        typer.Option("--plan", help="Report on this plan only.", show_default=False, metavar="PLAN"),
    ] = None,
    committee: Annotated[
        str | None,
        typer.Option(
            "--committee",
            help="The committee, for the briefing paper (default: pmplan.yaml).",
            show_default=False,
            metavar="NAME",
        ),
    ] = None,
    report_of: Annotated[
        str | None,
        typer.Option(
            "--report-of",
            help="Whose report it is, for the briefing paper.",
            show_default=False,
            metavar="NAME",
        ),
    ] = None,
    allow_invalid: AllowInvalidOpt = False,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            help="audit: only recommendations from this audit report (its id) or plan.",
            show_default=False,
            metavar="ID",
        ),
    ] = None,
    priority: Annotated[
        str | None,
        typer.Option(
            "--priority",
            help="audit: only recommendations of this priority (high, medium, low, none).",
            show_default=False,
            metavar="PRIORITY",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="audit: the committee's last meeting (default: from the calendar).",
            show_default=False,
            metavar="YYYY-MM-DD",
        ),
    ] = None,
    meeting_date: Annotated[
        str | None,
        typer.Option(
            "--meeting-date",
            metavar="YYYY-MM-DD",
            help="The meeting's date, for the front page (default: the calendar's meeting for the period).",
            show_default=False,
        ),
    ] = None,
    workspace: WorkspaceOpt = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="Report the plans as they stood on this date (default: the period's cut-off once "
            "it has passed, else today).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """The progress report for a quarter or a year.

    On the action plans and the performance indicators, for the committee (Word), for review
    (Markdown), for the council's website (HTML) or for other tools (JSON).

    The plans as they stood at the period's cut-off (its end plus the update window): in git,
    the last commit on or before it. A front page written from the data with the officer's
    notes for the period; exceptions first; every action with its progress in the period;
    indicators by priority; the year end in Q4; the forward look.

    `report audit` is the audit committee's tracker of recommendations: counts by source and priority, overdue recommendations with their original and revised dates, extensions asked for and work implemented since the committee's last meeting, what awaits verification, and the rate implemented by the date first agreed, by quarter (from the git history).

    Examples:

      pmplan report q2 > q2.md

      pmplan report q4 --year 2024/25 --format docx --meeting-date 2025-06-18

      pmplan report year --format html -o annual.html

      pmplan report q3 --plan pm-audit --format docx --committee "Audit Committee"

      pmplan report q2 --format json --as-of 2025-11-20

      pmplan report audit --format docx --priority high
    """
    if period.strip().lower() == "audit":
        if year is not None:
            fail("--year does not apply to the audit tracker: give --as-of for the date it is as at")
        if meeting_date is not None:
            fail("--meeting-date is for a quarter's or a year's report, not the audit tracker (see --since)")
        options = AuditOptions(plan, source, priority, since, committee)
        _run_audit(format, output, template, options, workspace, as_of, allow_invalid)
        return
    for flag, value in (("--source", source), ("--priority", priority), ("--since", since)):
        if value is not None:
            fail(f"{flag} is for the audit tracker ('pmplan report audit'), not a {period} report")
    _run(
        period,
        year,
        format,
        output,
        template,
        plan,
        committee,
        report_of,
        workspace,
        as_of,
        allow_invalid,
        meeting_date,
    )


def _run(
    period_name: str,
    year: str | None,
    format: str,
    output: Path | None,
    template: Path | None,
    plan: str | None,
    committee: str | None,
    report_of: str | None,
    workspace: Path | None,
    as_of: str | None,
    allow_invalid: bool = False,
    meeting_date: str | None = None,
) -> None:
    check_format(format, outputs.REPORT)
    day = parse_as_of(as_of) if as_of is not None else None
    meeting = _parse_date(meeting_date, "--meeting-date")
    today = date.today()
    with _chart_worker(format) as worker:
        from pmplan.changes.git import GitError
        from pmplan.dates.periods import PeriodError, file_stem
        from pmplan.report import ReportError, build_report, workspace_templates
        from pmplan.report.position import prepare
        from pmplan.workspace.config import WorkspaceError, resolve_root

        try:
            ready = prepare(resolve_root(workspace), period_name, year, day, today, meeting, committee)
        except (WorkspaceError, PeriodError, GitError) as exc:
            fail(str(exc))
        ws, period, basis = ready.ws, ready.period, ready.basis
        say_what_did_not_load(ws, stop=not allow_invalid)
        as_at = basis.dates.as_of
        if plan is not None and plan not in ws.plans and basis.source.kind == "commit":
            fail(f"--plan {plan}: no such plan in the plans as at {as_at.isoformat()}; "
                 f"plans then were {', '.join(sorted(ws.plans)) or 'none'}")  # fmt: skip
        check_plan(ws, plan)
        approved = ws.plans[plan].approved if plan is not None else None
        if approved is not None and approved.date is not None and approved.date > period.end:
            fail(f"--plan {plan} was approved on {approved.date.isoformat()}, after {period.label} ended: "
                 "it has nothing to report for that period")  # fmt: skip
        front = {k: v for k, v in (("committee", committee), ("report_of", report_of)) if v is not None}
        view = build_report(ws, period, as_at, plan, front=front, basis=basis)
        if view.front.notes_file is None:
            typer.echo(
                f"pmplan: note: no report notes for {period.label}: the front page says only what the "
                f"data says (write the officer's words in a file of kind report-notes, e.g. "
                f"{ws.config.plans}/reports/{file_stem(period)}.yaml)",
                err=True,
            )
        target = output
        if target is None and format not in ("md", "json"):
            suffix = "-" + plan.replace("/", "-") if plan else ""
            target = ws.root / "reports" / f"{file_stem(period)}{suffix}.{format}"
        try:
            folder = workspace_templates(ws.root, ws.config.templates)
            data = _render(view, format, folder, template, worker)
            if target is not None:
                _write(target, data, create_folder=output is None)
        except ReportError as exc:
            fail(str(exc))
        if target is None:
            _print(data)
        else:
            typer.echo(f"Wrote {_shown(target)}", err=True)


def _parse_date(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{flag} '{value}' is not a date: write it as YYYY-MM-DD (e.g. 2026-03-31)")


@contextmanager
def _chart_worker(format: str) -> Iterator[ChartWorker | None]:
    """For a Word report, a process that imports matplotlib while the plans load."""
    if format != "docx":
        yield None
        return
    from pmplan.report.charts import ChartWorker

    worker = ChartWorker.start()
    try:
        yield worker
    finally:
        if worker is not None:
            worker.close()


def _render(
    view: ReportView,
    format: str,
    folder: Path | None,
    template: Path | None,
    worker: ChartWorker | None = None,
) -> bytes:
    from pmplan.report import ReportError, render_html, render_markdown

    if template is not None:
        wants_docx = template.suffix.lower() == ".docx"
        if wants_docx != (format == "docx"):
            kind = "a Word document (.docx)" if format == "docx" else "a Jinja template (e.g. report.md.j2)"
            raise ReportError(f"--template {template}: a {format} report needs {kind}")
    folders = [folder] if folder is not None else []
    if format == "json":
        from pmplan.report.jsonview import render_json

        return render_json(view).encode("utf-8")
    if format == "md":
        return render_markdown(view, folders, template).encode("utf-8")
    if format == "html":
        return render_html(view, folders, template).encode("utf-8")
    from pmplan.report.docx.document import DocxTemplateError, render_docx

    base = _base_docx(template, folder)
    if base is not None and not base.is_file():
        raise ReportError(f"template {base} does not exist")
    try:
        return render_docx(view, base, worker)
    except DocxTemplateError as exc:
        raise ReportError(str(exc)) from None


def _write(target: Path, data: bytes, create_folder: bool) -> None:
    from pmplan.files import atomic_write
    from pmplan.report import ReportError

    try:
        if create_folder:
            target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir():
            raise ReportError(f"cannot write {target}: it is a folder")
        if not target.parent.is_dir():
            raise ReportError(f"cannot write {target}: the folder {target.parent} does not exist")
        atomic_write(target, data)
    except OSError as exc:
        raise ReportError(f"cannot write {target}: {exc.strerror or exc}") from None


def _print(data: bytes) -> None:
    """UTF-8 to stdout whatever its encoding says (the report holds emoji and Welsh letters)."""
    try:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()
    except BrokenPipeError:  # piped into `head`: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --- the audit committee's tracker -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditOptions:
    plan: str | None
    source: str | None
    priority: str | None
    since: str | None
    committee: str | None


def _run_audit(
    format: str,
    output: Path | None,
    template: Path | None,
    options: AuditOptions,
    workspace: Path | None,
    as_of: str | None,
    allow_invalid: bool,
) -> None:
    check_format(format, outputs.AUDIT)
    day = parse_as_of(as_of)
    ws = open_workspace(workspace, allow_invalid=allow_invalid)
    from pmplan.report import ReportError, workspace_templates
    from pmplan.report.audit import build_audit

    filters = _audit_filters(ws, options)
    view = build_audit(ws, day, _audit_meetings(ws, options, day), _timelines(ws.root), filters)
    target = output
    if target is None and format in {"docx", "html"}:
        suffix = "-" + options.plan.replace("/", "-") if options.plan else ""
        target = ws.root / "reports" / f"audit-{day.isoformat()}{suffix}.{format}"
    try:
        folder = workspace_templates(ws.root, ws.config.templates)
        data = _render_audit(view, format, folder, template)
        if target is not None:
            _write(target, data, create_folder=output is None)
    except ReportError as exc:
        fail(str(exc))
    if target is None:
        _print(data)
    else:
        typer.echo(f"Wrote {_shown(target)}", err=True)


def _audit_filters(ws: Workspace, options: AuditOptions) -> Filters:
    import difflib

    from pmplan.report.audit import Filters, source_ids
    from pmplan.report.audit.build import PRIORITY_ORDER

    check_plan(ws, options.plan)
    if options.plan is not None and ws.plans[options.plan].recommendations is None:
        fail(
            f"--plan {options.plan}: the plan has themes, not recommendations: the audit tracker is of recommendations"
        )
    if options.source is not None and options.source not in (known := source_ids(ws)):
        hint = difflib.get_close_matches(options.source, known, n=1)
        extra = f" (did you mean {hint[0]}?)" if hint else f"; sources are {', '.join(known) or 'none'}"
        fail(f"--source {options.source}: no recommendations come from it{extra}")
    priority = options.priority.strip().lower() if options.priority is not None else None
    if priority is not None and priority not in PRIORITY_ORDER:
        fail(f"--priority '{options.priority}' is not one of: {', '.join(PRIORITY_ORDER)}")
    return Filters(options.plan, options.source, priority)


def _audit_meetings(ws: Workspace, options: AuditOptions, day: date) -> Meetings:
    """The committee, its last meeting (``--since`` first) and its next, from the calendar."""
    from pmplan.calendar.committees import find_committee, last_and_next, meeting_days
    from pmplan.dates.periods import add_months
    from pmplan.report.audit import Meetings

    wanted = options.committee or ws.config.audit.committee
    committee = find_committee(ws, wanted) or wanted
    days = meeting_days(ws, committee, day) if committee else []
    last, following = last_and_next(days, day)
    if options.since is not None:
        try:
            since = date.fromisoformat(options.since)
        except ValueError:
            fail(f"--since '{options.since}' is not a date: write it as YYYY-MM-DD (e.g. 2026-09-22)")
        if since > day:
            fail(f"--since {since.isoformat()} is after the as-of date {day.isoformat()}")
        return Meetings(committee, since, "as given", following)
    if last is not None:
        return Meetings(committee, last, f"the {committee}'s last meeting, from the calendar", following)
    year, month = add_months(day.year, day.month, -3)
    since = date(year, month, min(day.day, 28))
    how = "three months before; give --since, or the committee's meetings in the calendar"
    return Meetings(committee, since, how, following)


def _timelines(root: Path) -> dict[str, Timeline] | None:
    """Every action's dates through the git history; None outside git."""
    from pmplan.changes.git import GitError
    from pmplan.changes.history import AUDIT_RESPONSES, timelines

    try:
        return timelines(root, AUDIT_RESPONSES)
    except GitError:
        return None


def _render_audit(view: AuditView, format: str, folder: Path | None, template: Path | None) -> bytes:
    from pmplan.report import ReportError
    from pmplan.report.audit import audit_json, render_audit_html, render_audit_markdown

    if template is not None:
        wants_docx = template.suffix.lower() == ".docx"
        if wants_docx != (format == "docx") or format == "json":
            raise ReportError(f"--template {template} does not fit a {format} tracker")
    folders = [folder] if folder is not None else []
    if format == "json":
        return audit_json(view).encode("utf-8")
    if format == "md":
        return render_audit_markdown(view, folders, template).encode("utf-8")
    if format == "html":
        return render_audit_html(view, folders, template).encode("utf-8")
    from pmplan.report.audit.docx import render_audit_docx

    base = _base_docx(template, folder)
    return render_audit_docx(view, base)


def _base_docx(template: Path | None, folder: Path | None) -> Path | None:
    """The Word document a report is built on: ``--template``, else the workspace's
    ``templates/report.docx`` where there is one, else None (pmplan's own)."""
    if template is None and folder is not None and (folder / "report.docx").is_file():
        return folder / "report.docx"
    return template
