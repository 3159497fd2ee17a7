"""What the format's audit fields mean: a recommendation's priority, its stage on the way to
closure and its date; evidence that names a file; how often an action's date has moved.

Derived here once, from the files alone, and read by lint, the audit tracker and ``show``.
What git adds (the date first committed, each move, the day work was completed) is
:mod:`pmplan.changes.history`'s; the tracker combines the two.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from pmplan.dates.periods import FinancialYear
from pmplan.dates.timescale import read_timescale
from pmplan.workspace.index import ActionView, GroupView, Workspace
from pmplan.workspace.models import Action, Extension, Group
from pmplan.workspace.vocabulary import Decision, Grade, Stage, Status

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(//|\S)")
_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")
_WINDOWS = re.compile(r"^[A-Za-z]:[\\/]")


def recommendations(ws: Workspace) -> Iterator[GroupView]:
    """Every recommendation of the workspace: the groups of plans that have
    ``recommendations`` (themes of strategy plans are not an auditor's)."""
    return (g for g in ws.groups.values() if g.plan.recommendations is not None)


def grade_of(view: GroupView) -> Grade | None:
    """The recommendation's priority: its own, else the highest of its actions'."""
    if view.group.priority is not None:
        return view.group.priority
    grades = [a.action.priority for a in view.actions if a.action.priority is not None]
    return min(grades, key=lambda g: g.rank) if grades else None


def action_stage(item: ActionView) -> Stage:
    """Open, implemented (complete, not verified), verified, or withdrawn (closed otherwise)."""
    status = item.status
    if status is Status.COMPLETE:
        return Stage.VERIFIED if item.action.verified is not None else Stage.IMPLEMENTED
    return Stage.WITHDRAWN if status.closed else Stage.OPEN


def stage_of(view: GroupView) -> Stage:
    """Where the recommendation stands: from its own ``status`` where it is closed as a
    whole, else from its actions'. It is verified when it is itself, or when every one of its
    complete actions is."""
    group = view.group
    stages = [action_stage(a) for a in view.actions]
    if group.status is not None and not group.status.closed:
        return Stage.OPEN
    if group.status is None and (not stages or Stage.OPEN in stages):
        return Stage.OPEN
    if group.status in {Status.NO_FURTHER_ACTION, Status.CANCELLED}:
        return Stage.WITHDRAWN
    done = [s for s in stages if s in {Stage.IMPLEMENTED, Stage.VERIFIED}]
    if group.status is None and not done:
        return Stage.WITHDRAWN
    if group.verified is not None or (done and all(s is Stage.VERIFIED for s in done)):
        return Stage.VERIFIED
    return Stage.IMPLEMENTED


def due_of(view: GroupView) -> date | None:
    """The recommendation's implementation date: the latest due date of its actions."""
    return max((a.due for a in view.actions if a.due is not None), default=None)


def is_overdue(view: GroupView, as_of: date) -> bool:
    """Open, with its implementation date before ``as_of``, and no open action that recurs
    (work that goes on, such as a quarterly report, is never overdue)."""
    due = due_of(view)
    if stage_of(view) is not Stage.OPEN or due is None or due >= as_of:
        return False
    return not any(a.recurring and not a.closed for a in view.actions)


def completed_on(item: ActionView) -> date | None:
    """The day a complete action was done, as its updates say: the newest one (None when it
    is not complete or has no update). The git history knows better (see the tracker)."""
    if item.status is not Status.COMPLETE:
        return None
    return item.last_update


# --- extensions and date moves -----------------------------------------------------------------


def approved(action: Action) -> list[Extension]:
    return [e for e in action.extensions if e.decision is Decision.APPROVED]


def same_timescale(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def moves_in_files(item: ActionView, fy: FinancialYear) -> int:
    """How often the action's date has moved, as its file says: the extensions approved, or
    one where there are none but the timescale differs from its ``baseline``."""
    count = len(approved(item.action))
    if count:
        return count
    return 1 if baseline_due(item, fy) not in {None, item.due} else 0


def baseline_due(item: ActionView, fy: FinancialYear) -> date | None:
    """The due date of the originally agreed timescale (``baseline``), where it reads as one."""
    if not item.action.baseline:
        return None
    return read_timescale(item.action.baseline, fy).due


def unapproved_move(item: ActionView, fy: FinancialYear) -> bool:
    """The file shows the date moved later than its baseline, and no approved extension asked
    for the timescale it has now."""
    first = baseline_due(item, fy)
    if first is None or item.due is None or item.due <= first:
        return False
    timescale = item.action.timescale or ""
    for extension in approved(item.action):
        asked = read_timescale(extension.timescale, fy).due
        if same_timescale(extension.timescale, timescale) or (asked is not None and asked == item.due):
            return False
    return True


# --- evidence ------------------------------------------------------------------------------------


def evidence_file(text: str) -> str | None:
    """The file a piece of evidence names, or None for words or a link.

    A file is one word (no spaces) that is not a link (``https://…``, ``mailto:…``,
    ``www.…``) and has a ``/`` in it or ends in a file extension: ``evidence/ia-06.pdf``,
    ``minutes.docx``. It is read relative to the workspace folder (the one with
    ``pmplan.yaml``)."""
    word = text.strip()
    if not word or any(ch.isspace() for ch in word) or word.lower().startswith("www."):
        return None
    if _SCHEME.match(word) and not _WINDOWS.match(word):
        return None
    if "/" in word or "\\" in word or _EXTENSION.search(word):
        return word.removeprefix("./")
    return None


def evidence_items(ws: Workspace) -> Iterator[tuple[str, GroupView, ActionView | None, Group | Action]]:
    """(ref, recommendation or theme, action or None, the item) for every item with evidence."""
    for view in ws.groups.values():
        if view.group.evidence:
            yield view.ref, view, None, view.group
        for item in view.actions:
            if item.action.evidence:
                yield item.ref, view, item, item.action


def evidence_files(ws: Workspace) -> set[str]:
    """Every file named as evidence anywhere in the workspace."""
    return {
        path
        for _, _, _, item in evidence_items(ws)
        for text in item.evidence
        if (path := evidence_file(text)) is not None
    }
