"""One item's story through the git history, and every action's originally agreed date.

The history is read commit by commit from ``git log --raw``: for each commit, the plan
files it changed are read before and after (each file on its own, cached by blob), and the
item is compared as :mod:`pmplan.changes.diff` compares it. Items are found by reference, not by
file, so a file renamed, split or merged changes nothing; a plan whose id changed is
followed back under its old id.

:func:`item_history` gives the commits that changed one item; :func:`timelines` gives every
action's first agreed timescale and due date, each move of its due date and the day it was
completed, in one pass, so that a report can show original and current dates and how often
they moved without anyone keeping a ``baseline`` by hand (:func:`original_dues` is the first
of these alone).
:func:`action_timelines` gives every action's status and due date commit by commit up to a
revision, so that a progress report can say what an action was at the start of its period.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from pmplan.changes.diff import (
    BROUGHT_FORWARD,
    SLIPPED,
    Change,
    Item,
    Key,
    compare,
    left_out_keys,
    plan_renames,
    snapshot,
)
from pmplan.changes.formats import item_lines, short
from pmplan.changes.git import (
    BlobReader,
    Commit,
    FileChange,
    Repo,
    Revisions,
    has_commits,
    history_paths,
    is_plan_file,
    is_shallow,
    list_tree,
    log_changes,
    open_repo,
    relative,
    shallow_commits,
    workspace_root,
)
from pmplan.errors import PmplanError
from pmplan.workspace.config import CONFIG_NAME, WorkspaceConfig, load_config
from pmplan.workspace.index import AmbiguousRef, NotFound, Workspace, build, load_workspace
from pmplan.workspace.loader import load_texts
from pmplan.workspace.vocabulary import Status

NAMESPACES = ("plan", "thread", "person", "report", "term", "vision")


class HistoryError(PmplanError):
    """No item has that reference, now or in the history."""


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """A commit that changed the item (or the uncommitted working tree: ``commit`` None)."""

    commit: str | None
    date: str
    """Author date, ISO 8601 (empty for the working tree)."""
    author: str
    email: str
    subject: str
    changes: list[Change]
    item: Item | None
    """The item as it is after the commit (None once removed)."""
    cut_short: bool = False
    """First seen at the edge of a shallow clone: it was not necessarily added here."""


@dataclass(frozen=True, slots=True)
class Slippage:
    """How far an action's due date has moved through its history."""

    moves: int
    later: int
    earlier: int
    days: int
    """Net days from the first agreed due date to the current one."""
    first_timescale: str | None
    first_due: date | None
    timescale: str | None
    due: date | None
    cut_short: bool = False
    """The first entry is the edge of a shallow clone: "first agreed" may be later than it was."""


@dataclass(frozen=True, slots=True)
class History:
    """An item's story, oldest first."""

    ref: str
    entries: list[HistoryEntry]
    shallow: bool
    slippage: Slippage | None = None
    not_loaded: str | None = None
    """The file the item is written in, in the working tree, that did not load in full: its
    uncommitted changes cannot be told (it is not gone)."""


@dataclass(frozen=True, slots=True)
class OriginalDue:
    """An action's timescale and due date as first agreed (first committed)."""

    timescale: str | None
    due: date | None
    commit: str
    date: str


# --- reading blobs as items ------------------------------------------------------------------


@dataclass(slots=True)
class _Files:
    """Items of single plan files at given blobs, cached; each file loaded on its own.
    Given the :class:`Revisions` that loaded a revision, files it has parsed are not parsed
    again."""

    repo: Repo
    config: WorkspaceConfig
    revisions: Revisions | None = None
    reader: BlobReader = field(init=False)
    cache: dict[tuple[str, str], dict[Key, Item]] = field(default_factory=dict)
    left_out: dict[tuple[str, str], set[Key] | None] = field(default_factory=dict)
    """(path, blob) -> the keys of what it holds that did not load (None: none of it did)."""

    def __post_init__(self) -> None:
        self.reader = self.revisions.reader if self.revisions is not None else BlobReader(self.repo)

    def contents(self, blobs: list[str]) -> dict[str, bytes | None]:
        return self.reader.read(blobs)

    def workspace(self, path: str, blob: str) -> Workspace:
        """The one file at ``blob`` as a workspace of its own."""
        root = workspace_root(self.repo)
        if self.revisions is not None:
            return build(root, self.config, self.revisions.files({path: blob}))
        data = self.reader.read([blob])[blob] or b""
        return build(root, self.config, load_texts(root, {relative(self.repo, path): data}))

    def items(self, path: str, blob: str) -> dict[Key, Item]:
        key = (path, blob)
        if key not in self.cache:
            ws = self.workspace(path, blob)
            self.cache[key] = snapshot(ws)
            unreadable = any(r.model is None for r in ws.files)
            self.left_out[key] = None if unreadable else left_out_keys(ws)
        return self.cache[key]

    def did_not_load(self, files: list[tuple[str, str]], token: bytes, key: Key) -> bool:
        """Whether the item ``key`` may be written in one of these files but did not load."""
        texts = self.contents([blob for _, blob in files])
        for path, blob in files:
            if token in (texts[blob] or b""):
                self.items(path, blob)
                hidden = self.left_out[(path, blob)]
                if hidden is None or key in hidden:
                    return True
        return False

    def side(self, files: list[tuple[str, str]], token: bytes | None) -> dict[Key, Item]:
        """Items of these (path, blob) files; only files mentioning ``token`` are read."""
        if token is not None:
            texts = self.contents([blob for _, blob in files])
            files = [(p, b) for p, b in files if token in (texts[b] or b"")]
        merged: dict[Key, Item] = {}
        for path, blob in files:
            for key, item in self.items(path, blob).items():
                merged.setdefault(key, item)
        return merged


def _plan_changes(repo: Repo, changes: list[FileChange]) -> list[FileChange]:
    config = repo.path(CONFIG_NAME)
    return [c for c in changes if c.path != config and is_plan_file(c.path)]


def _token(ref: str) -> bytes:
    """Text every file holding the item must contain: its plan's id, or its own id."""
    return (ref.split(":", 1)[0] if ":" in ref else ref).encode()


def _find(items: dict[Key, Item], ref: str, namespace: str | None) -> Item | None:
    if namespace is not None:
        return items.get((namespace, ref))
    for ns in NAMESPACES:
        if (ns, ref) in items:
            return items[(ns, ref)]
    return None


# --- one item ----------------------------------------------------------------------------------


def resolve_item(ws: Workspace, ref: str) -> tuple[str, str | None, Item | None, NotFound | None]:
    """(full reference, namespace, the item in the working tree, why it is not there) for
    what the user typed: a full reference, or an action's or recommendation's reference inside
    its plan where only one plan has it. An item not in the working tree may be in the history;
    one written there in a file that did not load is known by its full reference."""
    items = snapshot(ws)
    try:
        full_ref = ws.find(ref).ref
    except AmbiguousRef:
        raise
    except NotFound as exc:
        other = _find(items, ref, None)  # a report, a glossary term, the vision
        if other is not None:
            return other.ref, other.namespace, other, None
        if exc.left_out is not None:
            return exc.left_out[0], None, None, exc
        return ref, ("plan" if ":" in ref else None), None, exc
    found = _find(items, full_ref, None)
    return full_ref, found.namespace if found else None, found, None


def item_history(root: Path, ref: str) -> list[HistoryEntry]:
    """Every commit that changed the item ``ref``, oldest first, then any uncommitted change.

    ``root`` is the workspace folder (inside a git repository). An item that is gone from
    the working tree is still found by its full reference.
    """
    return read_history(root, ref).entries


def read_history(root: Path, ref: str, ws: Workspace | None = None) -> History:
    """The item's history with its slippage summary (see :func:`item_history`); ``ws`` is
    the working tree's workspace where the caller has loaded it already."""
    root = root.resolve()
    repo = open_repo(root)
    full_ref, namespace, current, missing = resolve_item(ws or load_workspace(root), ref)
    not_loaded = missing.left_out[1] if missing is not None and missing.left_out else None
    config = load_config(root)
    files = _Files(repo, config)
    entries = _committed(repo, files, full_ref, namespace)
    head_item = entries[0].item if entries else _at_head(repo, files, full_ref, namespace)
    if not entries and head_item is None and current is None:
        if not_loaded is not None:
            raise HistoryError(f"{missing} It has no history in git yet.")
        hint = missing.hint if missing is not None else ""
        raise HistoryError(
            f"nothing has the reference '{ref}', in the working tree or in the git history.{hint}"
        )
    entries.reverse()
    if not_loaded is None and (head_item is not None or current is not None):
        uncommitted = compare(head_item, current)
        if uncommitted:
            entries.append(HistoryEntry(None, "", "", "", "not committed yet", uncommitted, current))
    return History(full_ref, entries, is_shallow(repo), slippage(entries), not_loaded)


def _committed(repo: Repo, files: _Files, ref: str, namespace: str | None) -> list[HistoryEntry]:
    """Commits that changed the item, newest first, following plan renames backwards."""
    if not has_commits(repo):
        return []
    boundary = shallow_commits(repo)
    entries: list[HistoryEntry] = []
    tracked = ref
    mended: tuple[Commit, Item] | None = None  # a commit after which it loads again
    for commit, changed in log_changes(repo, history_paths(repo, files.config.plans)):
        plan_files = _plan_changes(repo, changed)
        if not plan_files:
            continue
        old_files = [(c.path, c.old_blob) for c in plan_files if c.old_blob]
        new_files = [(c.path, c.new_blob) for c in plan_files if c.new_blob]
        token = _token(tracked)
        new_side = files.side(new_files, token)
        old_side = files.side(old_files, token)
        new_item = _find(new_side, tracked, namespace)
        old_item = _find(old_side, tracked, namespace)
        if new_item is None and old_item is None:
            continue
        # Commits in which the item's file did not load say nothing about the item: it is
        # compared across them, as it was before with as it was after, never removed and added.
        if old_item is None and _broken(files, old_files, token, tracked, new_item, namespace):
            assert new_item is not None
            mended = mended or (commit, new_item)
            continue
        if new_item is None and _broken(files, new_files, token, tracked, old_item, namespace):
            if mended is not None:
                changes = compare(old_item, mended[1])
                if changes:
                    entries.append(_entry(mended[0], changes, mended[1], False))
                mended = None
            continue
        extra: list[Change] = []
        earlier_ref = tracked
        if old_item is None and new_item is not None and new_item.plan is not None:
            earlier_ref, old_item, extra = _renamed_from(files, old_files, new_files, new_item)
        changes = extra + compare(old_item, new_item)
        if changes:
            cut = old_item is None and commit.id in boundary
            entries.append(_entry(commit, changes, new_item, cut))
        if old_item is None:
            break  # added here: the story starts
        tracked = earlier_ref
    else:
        if mended is not None:  # it did not load from the commit that added it until then
            entries.append(_entry(mended[0], compare(None, mended[1]), mended[1], False))
    return entries


def _broken(
    files: _Files,
    side: list[tuple[str, str]],
    token: bytes,
    ref: str,
    item: Item | None,
    namespace: str | None,
) -> bool:
    """Whether the item, found on the other side of a commit, is written on this side in a
    file that did not load."""
    key = (item.namespace, item.ref) if item is not None else (namespace or "plan", ref)
    return files.did_not_load(side, token, key)


def _renamed_from(
    files: _Files, old_files: list[tuple[str, str]], new_files: list[tuple[str, str]], new_item: Item
) -> tuple[str, Item | None, list[Change]]:
    """Where an item that appears in a commit was before, if its plan's id changed there:
    (its reference before, the item as it was under its new reference, the plan's rename)."""
    old_plans = files.side(old_files, b"action-plan")
    if not old_plans:
        return new_item.ref, None, []
    new_side = files.side(new_files, _token(new_item.ref))
    gone = {
        ref
        for (ns, ref), item in old_plans.items()
        if item.type == "plan" and ("plan", ref) not in files.side(new_files, ref.encode())
    }
    before = {key: item for key, item in old_plans.items() if item.plan in gone}
    renames = {new: old for old, new in plan_renames(before, new_side).items()}
    old_plan = renames.get(new_item.plan or "")
    if old_plan is None:
        return new_item.ref, None, []
    old_ref = old_plan if new_item.type == "plan" else f"{old_plan}:{new_item.ref.split(':', 1)[1]}"
    old_item = before.get(("plan", old_ref))
    if old_item is None:
        return new_item.ref, None, []
    rename = Change(new_item.ref, "changed", "id", old_plan, new_item.plan, item=new_item)
    moved = replace(old_item, ref=new_item.ref, plan=new_item.plan)
    return old_ref, moved, [rename] if new_item.type == "plan" else []


def _entry(commit: Commit, changes: list[Change], item: Item | None, cut: bool) -> HistoryEntry:
    return HistoryEntry(
        commit.id, commit.date, commit.author, commit.email, commit.subject, changes, item, cut
    )


def _at_head(repo: Repo, files: _Files, ref: str, namespace: str | None) -> Item | None:
    """The item as committed at HEAD (when no commit in reach changed it)."""
    if not has_commits(repo):
        return None
    tree = list_tree(repo, "HEAD", history_paths(repo, files.config.plans))
    config = repo.path(CONFIG_NAME)
    plan_files = [(p, b) for p, b in tree.items() if p != config and is_plan_file(p)]
    return _find(files.side(plan_files, _token(ref)), ref, namespace)


# --- slippage ----------------------------------------------------------------------------------


def original_due(entries: list[HistoryEntry]) -> tuple[str | None, date | None]:
    """The timescale and due date first agreed: as the item was when it was first committed."""
    first = next((e.item for e in entries if e.item is not None), None)
    if first is None:
        return None, None
    due = first.fields.get("due")
    return first.fields.get("timescale"), date.fromisoformat(due) if due else None


def slippage(entries: list[HistoryEntry]) -> Slippage | None:
    """How often and how far an action's due date moved; None for anything but an action."""
    items = [e.item for e in entries if e.item is not None]
    if not items or items[-1].type != "action":
        return None
    moves = [c for e in entries for c in e.changes if c.kind in {SLIPPED, BROUGHT_FORWARD}]
    first_timescale, first_due = original_due(entries)
    last = items[-1].fields
    due = date.fromisoformat(last["due"]) if last.get("due") else None
    days = (due - first_due).days if due and first_due else sum(c.days or 0 for c in moves)
    return Slippage(
        moves=len(moves),
        later=sum(1 for c in moves if c.kind == SLIPPED),
        earlier=sum(1 for c in moves if c.kind == BROUGHT_FORWARD),
        days=days,
        first_timescale=first_timescale,
        first_due=first_due,
        timescale=last.get("timescale"),
        due=due,
        cut_short=bool(entries) and entries[0].cut_short,
    )


def original_dues(root: Path) -> dict[str, OriginalDue]:
    """Every action's first agreed timescale and due date, by full reference, in one pass
    over the history (plans renamed since are followed)."""
    return {ref: line.original for ref, line in timelines(root).items()}


@dataclass(frozen=True, slots=True)
class DueMove:
    """A commit that moved an action's due date."""

    day: date
    """The commit's author date."""
    commit: str
    old_due: date
    new_due: date
    old_timescale: str | None
    new_timescale: str | None

    @property
    def later(self) -> bool:
        return self.new_due > self.old_due


@dataclass(frozen=True, slots=True)
class Timeline:
    """An action's dates through the committed history: as first agreed, each time the due
    date moved, and the day it was completed."""

    original: OriginalDue
    moves: tuple[DueMove, ...]
    due: date | None
    """The due date as last committed."""
    completed: date | None
    """The day it was completed, for an action complete as last committed: the newest update
    it had in the commit that made it complete (the commit's date where it had none)."""

    @property
    def slips(self) -> int:
        """How often the due date moved later."""
        return sum(1 for m in self.moves if m.later)


@dataclass(slots=True)
class _Track:
    original: OriginalDue
    due: date | None
    timescale: str | None
    status: str | None
    moves: list[DueMove] = field(default_factory=list)
    completed: date | None = None


ACTION_PLANS = b"action-plan"
AUDIT_RESPONSES = b"recommendations:"
"""What a plan file's text must hold for :func:`timelines` to read it: any action plan, or an
audit response (a plan of recommendations), which is what the tracker and lint ask about."""


def timelines(root: Path, only: bytes = ACTION_PLANS) -> dict[str, Timeline]:
    """Every action's :class:`Timeline`, by full reference, in one pass over the history
    (oldest commit first; plans renamed since are followed), reading only the plan files
    whose text holds ``only``. Empty where the workspace has no commits; a
    :class:`GitError` outside git."""
    root = root.resolve()
    repo = open_repo(root)
    if not has_commits(repo):
        return {}
    config = load_config(root)
    tracks: dict[str, _Track] = {}
    files = _Files(repo, config)
    for commit, changed in reversed(log_changes(repo, history_paths(repo, config.plans))):
        plan_files = _plan_changes(repo, changed)
        if not plan_files:
            continue
        old_side = files.side([(c.path, c.old_blob) for c in plan_files if c.old_blob], only)
        new_side = files.side([(c.path, c.new_blob) for c in plan_files if c.new_blob], only)
        if not new_side:
            continue
        for old_id, new_id in plan_renames(old_side, new_side).items():
            for ref in [r for r in tracks if r.startswith(f"{old_id}:")]:
                tracks.setdefault(f"{new_id}:{ref.split(':', 1)[1]}", tracks[ref])
        day = date.fromisoformat(commit.date[:10])
        for (ns, ref), item in new_side.items():
            if ns == "plan" and item.type == "action":
                _follow(tracks, ref, item, commit.id, commit.date, day)
    return {
        ref: Timeline(t.original, tuple(t.moves), t.due, t.completed if t.status == Status.COMPLETE else None)
        for ref, t in tracks.items()
    }


def slips_in_history(root: Path) -> dict[str, int]:
    """How often each action's due date moved later in the git history, by full reference;
    empty outside git (or where git cannot be run), for lint's date-move rules."""
    from pmplan.changes.git import GitError

    try:
        found = timelines(root, AUDIT_RESPONSES)
    except GitError:
        return {}
    return {ref: line.slips for ref, line in found.items() if line.slips}


def _follow(tracks: dict[str, _Track], ref: str, item: Item, commit: str, stamp: str, day: date) -> None:
    """Note what one commit did to one action's due date and status."""
    fields = item.fields
    due = date.fromisoformat(fields["due"]) if fields.get("due") else None
    timescale, status = fields.get("timescale"), fields.get("status")
    track = tracks.get(ref)
    if track is None:
        track = tracks[ref] = _Track(OriginalDue(timescale, due, commit, stamp), due, timescale, None)
    elif track.due is not None and due is not None and due != track.due:
        track.moves.append(DueMove(day, commit, track.due, due, track.timescale, timescale))
    if status == Status.COMPLETE and track.status != Status.COMPLETE:
        dates = [u["date"] for u in fields.get("updates") or () if u.get("date", "") <= day.isoformat()]
        track.completed = date.fromisoformat(max(dates)) if dates else day
    track.due, track.timescale, track.status = due if due is not None else track.due, timescale, status


# --- every action through the history ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mark:
    """An action as one commit left it."""

    day: date
    """The day of the commit (committer's date)."""
    commit: str
    status: str
    due: date | None
    timescale: str | None


@dataclass(slots=True)
class ActionTimeline:
    """One action's status and due date through the history, oldest first: a mark for the
    commit that added it and for each commit that changed its status, due date or timescale."""

    ref: str
    marks: list[Mark] = field(default_factory=list)

    def at(self, day: date) -> Mark | None:
        """The action as it stood at the end of ``day`` (None: not yet in the plans)."""
        found = None
        for mark in self.marks:
            if mark.day > day:
                break
            found = mark
        return found

    @property
    def first(self) -> Mark:
        return self.marks[0]

    def moves(self, since: date | None = None) -> int:
        """How many times the due date changed (after ``since``, where given)."""
        count = 0
        for before, after in zip(self.marks, self.marks[1:], strict=False):
            if before.due != after.due and before.due is not None and after.due is not None:
                count += since is None or after.day > since
        return count


def action_timelines(
    repo: Repo, rev: str, config: WorkspaceConfig, revisions: Revisions | None = None
) -> dict[str, ActionTimeline]:
    """Every action's :class:`ActionTimeline` along the first-parent history of ``rev``, by full
    reference, in one pass (plans renamed on the way are followed). ``revisions`` shares the
    files already parsed for a revision, so that its files are not read twice."""
    found: dict[str, ActionTimeline] = {}
    files = _Files(repo, config, revisions)
    for commit, changed in reversed(log_changes(repo, [repo.prefix or "."], rev, first_parent=True)):
        plan_files = _plan_changes(repo, changed)
        if not plan_files:
            continue
        new_files = [(c.path, c.new_blob) for c in plan_files if c.new_blob]
        old_files = [(c.path, c.old_blob) for c in plan_files if c.old_blob]
        workspaces = [files.workspace(path, blob) for path, blob in new_files]
        new_plans = {plan_id for ws in workspaces for plan_id in ws.plans}
        old_plans = {plan_id for path, blob in old_files for plan_id in files.workspace(path, blob).plans}
        if old_plans - new_plans and new_plans - old_plans:
            old_side = files.side(old_files, None)
            new_side = files.side(new_files, None)
            for old_id, new_id in plan_renames(old_side, new_side).items():
                for ref in [r for r in found if r.startswith(f"{old_id}:")]:
                    found.setdefault(f"{new_id}:{ref.split(':', 1)[1]}", found[ref])
        day = commit.day
        for ws in workspaces:
            for action in ws.action_list:
                mark = Mark(day, commit.id, action.status, action.due, action.action.timescale)
                line = found.setdefault(action.ref, ActionTimeline(action.ref))
                last = line.marks[-1] if line.marks else None
                if last is None or (last.status, last.due, last.timescale) != (
                    mark.status,
                    mark.due,
                    mark.timescale,
                ):
                    line.marks.append(mark)
    return found


# --- output --------------------------------------------------------------------------------------


def _day(iso: str) -> str:
    return iso[:10]


def _added(item: Item | None) -> str:
    if item is None:
        return "added"
    if item.type != "action":
        return f"added: {short(item.title)}"
    f = item.fields
    parts = [f"timescale {f.get('timescale')}" if f.get("timescale") else "no timescale"]
    if f.get("due"):
        parts.append(f"due {f['due']}")
    parts.append(f"leads {short(f.get('leads'))}")
    parts.append(f"status {f.get('status')}")
    return f"added: {', '.join(parts)}"


def slippage_text(s: Slippage) -> str:
    first = s.first_timescale or (s.first_due.isoformat() if s.first_due else None)
    if s.first_timescale and s.first_due:
        first = f"{s.first_timescale} (due {s.first_due.isoformat()})"
    now = s.timescale or (s.due.isoformat() if s.due else None)
    if s.timescale and s.due:
        now = f"{s.timescale} (due {s.due.isoformat()})"
    agreed = "first seen (the history is cut short)" if s.cut_short else "first agreed"
    if not s.moves:
        return f"Due date never moved: {agreed} as {first or 'no date'}."
    times = {1: "once", 2: "twice"}.get(s.moves, f"{s.moves} times")
    detail = ""
    if s.later and s.earlier:
        detail = f" ({s.later} later, {s.earlier} earlier)"
    direction = "later" if s.days >= 0 else "earlier"
    return (
        f"Due date moved {times}{detail}, {abs(s.days)} days {direction} in all; "
        f"{agreed} as {first or 'no date'}, now {now or 'no date'}."
    )


def history_text(history: History) -> str:
    entries = history.entries
    latest = next((e.item for e in reversed(entries) if e.item is not None), None)
    title = (
        f"  {short(latest.title, 90)}" if latest is not None and latest.type not in {"term", "vision"} else ""
    )
    out = [f"{history.ref}{title}"]
    if latest is not None:
        out.append(f"in {latest.file}")
    if history.shallow:
        out.append(
            "Note: this is a shallow clone, so the history is cut short; "
            "'git fetch --unshallow' fetches the rest."
        )
    if not entries:
        out.append("")
        out.append("No commit has changed it.")
    for entry in entries:
        out.append("")
        if entry.commit is None:
            out.append("(not committed yet)")
        else:
            out.append(f"{_day(entry.date)}  {entry.commit[:9]}  {entry.author}  {entry.subject}")
        lines = []
        for change in entry.changes:
            if change.kind == "added":
                text = _added(entry.item)
                if entry.cut_short:
                    text = (
                        "first seen here (the history before this commit is not in this shallow clone): "
                        + text.removeprefix("added: ")
                    )
                lines.append(text)
        lines.extend(item_lines([c for c in entry.changes if c.kind != "added"]))
        out.extend(f"    {line}" for line in lines)
    if history.not_loaded is not None:
        out.append("")
        out.append(
            f"(not committed yet) not known: {history.not_loaded} did not load in full "
            f"('pmplan lint {history.not_loaded}' says what is wrong)."
        )
    if history.slippage is not None:
        out.append("")
        out.append(slippage_text(history.slippage))
    return "\n".join(out) + "\n"


def history_json(history: History) -> str:
    s = history.slippage
    data: dict[str, Any] = {
        "ref": history.ref,
        "shallow": history.shallow,
        "not_loaded": history.not_loaded,
        "entries": [
            {
                "commit": e.commit,
                "date": e.date or None,
                "author": e.author or None,
                "email": e.email or None,
                "subject": e.subject,
                "file": e.item.file if e.item else None,
                "cut_short": e.cut_short,
                "changes": [c.to_json() for c in e.changes],
            }
            for e in history.entries
        ],
        "slippage": None
        if s is None
        else {
            "moves": s.moves,
            "later": s.later,
            "earlier": s.earlier,
            "days": s.days,
            "first_timescale": s.first_timescale,
            "first_due": s.first_due.isoformat() if s.first_due else None,
            "timescale": s.timescale,
            "due": s.due.isoformat() if s.due else None,
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
