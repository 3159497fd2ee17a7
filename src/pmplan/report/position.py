"""Where a report's figures come from: its period's dates, and the plans as they stood.

A report period has a **cut-off** for updates: its end plus the workspace's update window
(``report.update_window``, one month by default), or the date of the calendar's meeting for
that report. A past period's report is made **as at** its cut-off unless told otherwise, so
that making it again a year later gives the same report. Progress for the period is the
updates dated after the previous period's cut-off, up to its own cut-off (or the as-of date,
when that is earlier).

The plans are read as they stood on the as-of date (:func:`plans_at`): in a git workspace,
the tree of the last commit at or before that date, with every action's status and due date
through the history up to it (:func:`pmplan.changes.history.action_timelines`); the working tree
when the as-of date is today; outside git, the files as they are, and the report says so.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from pmplan.calendar.timetable import Timetable
from pmplan.changes.git import (
    GitError,
    Revisions,
    commit_at,
    first_commit,
    has_commits,
    is_tracked,
    open_repo,
)
from pmplan.changes.history import ActionTimeline, action_timelines
from pmplan.dates.periods import FinancialYear, Period, add_months
from pmplan.dates.periods import cutoff as period_cutoff
from pmplan.report.view.text import format_date
from pmplan.workspace.config import CONFIG_NAME, ReportSettings, WorkspaceConfig, load_config
from pmplan.workspace.index import Workspace, build, load_workspace
from pmplan.workspace.loader import load_texts, plan_paths

MeetingDay = Callable[[Period], date | None]
"""The calendar's date for the meeting that takes a period's report, if it has one."""


@dataclass(frozen=True, slots=True)
class ReportDates:
    """A report period's dates: its cut-off, the previous period's, and the as-of date."""

    period: Period
    cutoff: date
    """The last day an update counts for this period."""
    previous_cutoff: date
    """The previous period's cut-off: progress for this period is dated after it."""
    as_of: date
    """The date the plans are read as at."""
    year_cutoff: date
    """The cut-off of the previous financial year's last period: what was done "in the year"
    is dated after it."""
    calendar_cutoff: bool = False
    """The cut-off is the date of the calendar's meeting for the report."""

    @property
    def window_start(self) -> date:
        """The first day whose updates count as progress for the period."""
        return self.previous_cutoff + timedelta(days=1)

    @property
    def window_end(self) -> date:
        """The last day whose updates count: the cut-off, or the as-of date when earlier."""
        return min(self.cutoff, self.as_of)

    def in_window(self, day: date) -> bool:
        return self.window_start <= day <= self.window_end


def cutoff(
    period: Period, settings: ReportSettings, meeting_day: MeetingDay | None = None
) -> tuple[date, bool]:
    """The period's cut-off, and whether the calendar gave it. A year with no meeting of its
    own is reported at its last quarter's meeting."""
    day = meeting_day(period) if meeting_day is not None else None
    if day is None and meeting_day is not None and period.kind == "year":
        year, month = add_months(period.end.year, period.end.month, -2)
        day = meeting_day(Period(date(year, month, 1), period.end, "quarter", f"{period.label} Q4"))
    if day is not None:
        return day, True
    return period_cutoff(period, settings.update_window), False


def report_dates(
    fy: FinancialYear,
    period: Period,
    settings: ReportSettings,
    as_of: date | None,
    today: date,
    meeting_day: MeetingDay | None = None,
) -> ReportDates:
    """The dates of a report on ``period``: as at ``as_of`` when given, else its cut-off once
    that has passed, else ``today``."""
    day, from_calendar = cutoff(period, settings, meeting_day)
    previous, _ = cutoff(fy.previous(period), settings, meeting_day)
    last_year = fy.year(fy.start_year_of(period.start) - 1)
    year_end, _ = cutoff(fy.quarter(fy.start_year_of(last_year.start), 4), settings, meeting_day)
    if period.kind == "year":
        year_end = previous
    chosen = as_of if as_of is not None else min(day, today)
    return ReportDates(period, day, previous, chosen, year_end, from_calendar)


@dataclass(frozen=True, slots=True)
class Source:
    """Where the plans in a report were read from."""

    kind: str
    """``commit`` (from git, as at the as-of date), ``working-tree`` (a git workspace as it is
    now), ``files`` (not read from git)."""
    text: str
    """A sentence saying so, printed under "Position as at"."""
    commit: str | None = None
    commit_day: date | None = None

    @classmethod
    def files(cls) -> Source:
        return cls("files", "The plans as they are in their files (not read from the git history).")


@dataclass(slots=True)
class PlansAt:
    """The plans as they stood on a date, where they came from, and every action's history."""

    ws: Workspace
    source: Source
    timelines: dict[str, ActionTimeline] | None = None
    """Each action's status and due date through the history (None outside git)."""


def plans_at(root: Path, as_of: date, today: date) -> PlansAt:
    """The workspace at ``root`` as it stood on ``as_of`` (see the module's docstring).

    A :class:`~pmplan.changes.git.GitError` (git missing or failing) goes to the caller.
    """
    config = load_config(root)
    later = as_of < today
    if not config.report.from_git:
        return PlansAt(
            _load(root),
            Source(
                "files",
                "The plans as they are in their files today"
                + (
                    f", not as they stood on {format_date(as_of)}: report.from_git is off in pmplan.yaml."
                    if later
                    else " (report.from_git is off in pmplan.yaml)."
                ),
            ),
        )
    try:
        repo = open_repo(root)
    except GitError:
        text = "This workspace is not in git, so the report shows the plans as they are in their files today"
        return PlansAt(
            _load(root),
            Source("files", text + (f", not as they stood on {format_date(as_of)}." if later else ".")),
        )
    if not has_commits(repo) or not is_tracked(repo, repo.path(CONFIG_NAME)):
        text = (
            "This workspace is not committed to git yet, so the report shows the plans as they are in "
            "their files today"
        )
        return PlansAt(
            _load(root),
            Source("files", text + (f", not as they stood on {format_date(as_of)}." if later else ".")),
        )
    if not later:
        ws = _load(root)
        revisions = Revisions(repo)
        revisions.seed("HEAD", ws)
        history = action_timelines(repo, "HEAD", ws.config, revisions)
        text = "The plans as they are today, in the working tree."
        return PlansAt(ws, Source("working-tree", text), history)
    commit = commit_at(repo, as_of)
    if commit is None:
        first = first_commit(repo)
        began = f" begins on {format_date(first.day)}" if first is not None else " begins later"
        text = (
            f"The plans' history in git{began}, after {format_date(as_of)}: the report shows the "
            "plans as they are in their files today."
        )
        return PlansAt(_load(root), Source("files", text))
    revisions = Revisions(repo)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        ws = revisions.workspace(commit.id, config.plans)
        history = action_timelines(repo, commit.id, ws.config, revisions)
    finally:
        if was_enabled:
            gc.enable()
    text = f"The plans as committed on {format_date(commit.day)} (commit {commit.id[:10]})."
    return PlansAt(ws, Source("commit", text, commit.id, commit.day), history)


def _load(root: Path) -> Workspace:
    return load_workspace(root, freeze=True)


@dataclass(frozen=True, slots=True)
class Basis:
    """What a report stands on besides the workspace: the period's dates, where the plans
    were read from, every action's history (in git), and the meeting's date."""

    dates: ReportDates
    source: Source = field(default_factory=Source.files)
    timelines: dict[str, ActionTimeline] | None = None
    meeting_date: date | None = None


@dataclass(frozen=True, slots=True)
class Prepared:
    """A report ready to build: the plans as at its date, its period and what it stands on."""

    ws: Workspace
    period: Period
    basis: Basis


_CALENDAR_KIND = re.compile(rb"^kind:[ \t]*['\"]?calendar['\"]?[ \t]*(#.*)?$", re.MULTILINE)


def calendar_meetings(root: Path, config: WorkspaceConfig, committee: str | None) -> MeetingDay:
    """The date of the working tree's calendar's meeting that reports on a period (the
    committee's own, where it has one). Only the calendar files are read."""
    files: dict[str, bytes] = {}
    for path in plan_paths(root / config.plans):
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        if _CALENDAR_KIND.search(raw):
            files[path.relative_to(root).as_posix()] = raw
    timetable = Timetable(build(root, config, load_texts(root, files)))

    def day(period: Period) -> date | None:
        meeting = timetable.meeting_for(period.label, committee)
        return meeting.day if meeting is not None else None

    return day


def prepare(
    root: Path,
    period_name: str,
    year: str | None,
    as_of: date | None,
    today: date,
    meeting_date: date | None = None,
    committee: str | None = None,
) -> Prepared:
    """Everything ``pmplan report`` reads before it builds: the period (``q2`` of ``year``, or
    the latest begun by the as-of date), its dates (the cut-off from the calendar's meeting
    for ``committee``, default the report settings', where it has one), and the plans as they
    stood on its as-of date. Errors (:class:`~pmplan.workspace.config.WorkspaceError`,
    :class:`~pmplan.dates.periods.PeriodError`, :class:`~pmplan.changes.git.GitError`) go to
    the caller."""
    config = load_config(root)
    fy = config.financial_year
    period = fy.resolve(period_name, year, as_of or today)
    meetings = calendar_meetings(root, config, committee or config.report.committee)
    dates = report_dates(fy, period, config.report, as_of, today, meetings)
    found = plans_at(root, dates.as_of, today)
    return Prepared(found.ws, period, Basis(dates, found.source, found.timelines, meeting_date))
