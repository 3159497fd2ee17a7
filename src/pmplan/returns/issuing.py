"""``pmplan returns issue``: one workbook per officer, written into the period's folder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pmplan.dates.periods import FinancialYear, Period, PeriodError, file_stem
from pmplan.errors import PmplanError, UsageError
from pmplan.files import atomic_write
from pmplan.returns.contents import Contents, Return, build_returns, file_name
from pmplan.returns.deadline import Deadline, returns_deadline
from pmplan.returns.workbook import return_workbook
from pmplan.workspace.index import Workspace

QUARTERS = ("q1", "q2", "q3", "q4")


class IssueError(PmplanError):
    """The returns cannot be written."""


def quarter(fy: FinancialYear, name: str, year: str | None, as_of: date) -> Period:
    """The quarter ``q1``..``q4`` of ``--year`` (default: the latest such quarter begun by
    ``as_of``): returns are quarterly."""
    if name.strip().lower() not in QUARTERS:
        raise UsageError(f"'{name}' is not a quarter: returns are quarterly, choose q1, q2, q3 or q4")
    try:
        return fy.resolve(name, year, as_of)
    except PeriodError as exc:
        raise UsageError(str(exc)) from None


def period_folder(base: Path, period: Period) -> Path:
    """``returns/2026-27-q3``: where a period's returns are written and looked for."""
    return base / file_stem(period)


@dataclass(frozen=True, slots=True)
class Issued:
    path: Path
    ret: Return


@dataclass(frozen=True, slots=True)
class IssueResult:
    issued: list[Issued]
    contents: Contents
    deadline: Deadline | None
    folder: Path


def issue_returns(
    ws: Workspace,
    period: Period,
    base: Path,
    *,
    now: datetime,
    leads: frozenset[str] | None = None,
    deadline_day: date | None = None,
    force: bool = False,
) -> IssueResult:
    """Write every officer's return for ``period`` into ``base``/<period>/; refuse to write
    over a file already there unless ``force`` (it may be an officer's filled-in return)."""
    for lead in sorted(leads or ()):
        person = ws.people.get(lead)
        if person is None:
            raise UsageError(f"--lead {lead}: nobody in the people file has that id")
        if person.type != "person":
            raise UsageError(
                f"--lead {lead}: {person.name} is a {person.type}, not a person: returns go to people"
            )
    contents = build_returns(ws, period, leads)
    if leads and not contents.returns:
        raise UsageError(
            f"{', '.join(sorted(leads))}: no open action and no indicator for {period.label} to return"
        )
    deadline = returns_deadline(ws, period, deadline_day)
    folder = period_folder(base, period)
    targets = [(folder / file_name(ret), ret) for ret in contents.returns]
    if not force:
        taken = [p for p, _ in targets if p.exists()]
        if taken:
            names = ", ".join(p.name for p in taken[:3]) + (" ..." if len(taken) > 3 else "")
            raise IssueError(
                f"{folder} already holds {len(taken)} of these returns ({names}): they may have been filled "
                "in. Move them away, or pass --force to write over them"
            )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IssueError(f"cannot create {folder}: {exc.strerror or exc}") from None
    _write_all(ws, targets, deadline, now)
    return IssueResult([Issued(path, ret) for path, ret in targets], contents, deadline, folder)


_PARALLEL = 12
"""From this many returns, the workbooks are written by forked worker processes too."""
_JOB: tuple[Workspace, list[tuple[Path, Return]], Deadline | None, datetime] | None = None
"""What forked workers write (they share this process's memory: nothing is pickled)."""


def _write_all(
    ws: Workspace, targets: list[tuple[Path, Return]], deadline: Deadline | None, now: datetime
) -> None:
    """Write every workbook; spread over the cores (forked workers) when there are many."""
    import multiprocessing
    import os

    global _JOB
    workers = min(os.cpu_count() or 1, 4)
    if len(targets) < _PARALLEL or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        problems = [_write_one(i, ws, targets, deadline, now) for i in range(len(targets))]
    else:
        _JOB = (ws, targets, deadline, now)
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                problems = pool.map(_write_forked, range(len(targets)), chunksize=4)
        finally:
            _JOB = None
    found = [p for p in problems if p]
    if found:
        raise IssueError(found[0])


def _write_forked(index: int) -> str | None:
    assert _JOB is not None
    return _write_one(index, *_JOB)


def _write_one(
    index: int, ws: Workspace, targets: list[tuple[Path, Return]], deadline: Deadline | None, now: datetime
) -> str | None:
    """Write one workbook; what went wrong, if anything (a worker cannot raise to its parent)."""
    path, ret = targets[index]
    try:
        atomic_write(path, return_workbook(ws, ret, deadline, now))
    except OSError as exc:
        return f"cannot write {path}: {exc.strerror or exc}"
    return None
