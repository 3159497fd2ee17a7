"""``pmplan returns collect``: what officers wrote, checked, then applied to the plans.

Three steps, so that nothing is written unless everything can be:

1. **Read and check** each return (:func:`plan_collection`): the file is a return of this
   workspace, for the period, from someone still in the people file (else :class:`ReturnError`,
   exit 2); every edited cell holds something pmplan can use (else a :class:`Problem` naming
   file, sheet and cell, and nothing is applied).
2. **Decide** each change against the plans as they are now, return after return: a field the
   officer changed is applied where the plan still holds what was issued; is already there
   where the plan already says the same (so collecting twice changes nothing); and is a
   **conflict** where the plan changed it meanwhile, listed for the performance team and never
   applied. A progress update is added once.
3. **Edit** each plan file through the comment-preserving edit machinery, each return's edits
   checked to read back as exactly the old data with those values changed
   (:func:`write_collection`), then write: every file at once, or with ``--commit`` one commit
   per return authored by the officer. A failure part-way puts every file (and HEAD) back.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pmplan.changes.edit.indicator import ValueEdits, number_text
from pmplan.changes.edit.update import Edits, Target, unified_diff
from pmplan.dates.periods import Period, PeriodError
from pmplan.dates.timescale import read_timescale
from pmplan.errors import PmplanError
from pmplan.returns.contents import action_state, number, text, value_state
from pmplan.returns.reading import Cell, ReturnError, ReturnFile, Row, read_return
from pmplan.workspace.index import ActionView, Workspace
from pmplan.workspace.models import Indicator, Person
from pmplan.workspace.vocabulary import Status

_LABELS = {s.label.lower(): s.value for s in Status} | {s.value: s.value for s in Status}
_LABELS |= {s.value.replace("-", " "): s.value for s in Status}
_RATINGS = {"red": "red", "amber": "amber", "green": "green", "r": "red", "a": "amber", "g": "green"}
_NUMBER = re.compile(r"^\s*([£$€])?\s*([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?)\s*(.*?)\s*$")


class CollectError(PmplanError):
    """The returns cannot be applied (the message says why); no plan file was changed."""


@dataclass(frozen=True, slots=True)
class Problem:
    """An edited cell pmplan cannot use."""

    file: str
    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.sheet}!{self.cell}: {self.message}"


@dataclass(frozen=True, slots=True)
class Change:
    """One value a return changes: applied, already in the plans, or in conflict."""

    ref: str
    field: str
    old: str
    new: str
    kind: str
    """``apply``, ``already`` or ``conflict``."""
    now: str = ""
    """For a conflict: what the plan says now."""
    cell: str = ""

    def describe(self, width: int | None = 80) -> str:
        """One line saying what changes; values cut to ``width`` characters (None: whole)."""
        name = self.field.replace("_", " ")
        if self.field == "update":
            return f"{self.ref}: update added: {_short(self.new, width)}"
        if self.kind == "conflict":
            return (
                f"{self.ref} {name}: the return says {_shown(self.new, width)} "
                f"(was {_shown(self.old, width)} when issued), but the plan now says {_shown(self.now, width)}: "
                "not applied"
            )
        return f"{self.ref} {name}: {_shown(self.old, width)} → {_shown(self.new, width)}"


def _shown(value: str, width: int | None) -> str:
    return f"'{_short(value, width)}'" if value else "none"


def _short(value: str, width: int | None) -> str:
    value = " ".join(value.split())
    return value if width is None or len(value) <= width else value[: width - 1] + "…"


@dataclass(slots=True)
class Collected:
    """One return, read, checked and decided."""

    source: ReturnFile
    person: Person
    day: date
    """The date new updates carry: the day the return was filled in (or ``--date``)."""
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    action_edits: list[tuple[ActionView, Edits]] = field(default_factory=list)
    value_edits: list[tuple[Indicator, ValueEdits]] = field(default_factory=list)
    texts: dict[Path, str] = field(default_factory=dict)
    """Each plan file this return changes, as it reads once this return is applied."""

    @property
    def applied(self) -> list[Change]:
        return [c for c in self.changes if c.kind == "apply"]

    @property
    def already(self) -> list[Change]:
        return [c for c in self.changes if c.kind == "already"]

    @property
    def conflicts(self) -> list[Change]:
        return [c for c in self.changes if c.kind == "conflict"]


@dataclass(slots=True)
class Batch:
    """Every return of one ``collect``, in the order given."""

    returns: list[Collected]
    originals: dict[Path, str] = field(default_factory=dict)
    """Each plan file the batch changes, as it was before."""
    rel: dict[Path, str] = field(default_factory=dict)

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.returns for p in r.problems]

    def final_texts(self) -> dict[Path, str]:
        texts: dict[Path, str] = {}
        for collected in self.returns:
            texts.update(collected.texts)
        return {p: t for p, t in texts.items() if t != self.originals[p]}

    def diff(self) -> str:
        return "".join(
            unified_diff(self.rel[path], self.originals[path], new)
            for path, new in sorted(self.final_texts().items())
        )


# --- 1 and 2: read, check, decide ----------------------------------------------------------------


def plan_collection(
    ws: Workspace,
    paths: Sequence[Path | ReturnFile],
    *,
    as_of: date,
    period: Period | None = None,
    day: date | None = None,
) -> Batch:
    """Read, check and decide every return (nothing is written): see the module's docstring.
    A return may be given already read. Unusable files are one :class:`ReturnError` naming each."""
    files: list[ReturnFile] = []
    errors: list[str] = []
    seen: set[Path] = set()
    for path in paths:
        key = (path.path if isinstance(path, ReturnFile) else path).resolve()
        if key in seen:
            continue
        seen.add(key)
        try:
            found = path if isinstance(path, ReturnFile) else read_return(path)
            _check_return(ws, found, period, as_of)
        except ReturnError as exc:
            errors.append(str(exc))
            continue
        files.append(found)
    if errors:
        raise ReturnError(
            "\n".join(errors)
            if len(errors) == 1
            else "these files cannot be collected:\n  " + "\n  ".join(errors)
        )
    state = PlanState(ws)
    batch = Batch([])
    for found in files:
        person = ws.people[found.person]
        collected = Collected(found, person, day or _filled_on(found, as_of))
        _decide(ws, collected, state)
        batch.returns.append(collected)
    return batch


def _check_return(ws: Workspace, found: ReturnFile, period: Period | None, as_of: date) -> None:
    name = found.path.name
    if found.organisation != ws.config.organisation:
        raise ReturnError(f"{name}: a return from {found.organisation}, not {ws.config.organisation}")
    if found.person not in ws.people:
        raise ReturnError(
            f"{name}: the return is from {found.name} ({found.person}), who is no longer in the people file: "
            "add them back, or ask whoever now leads their actions for a return"
        )
    fy = ws.config.financial_year
    try:
        returned = fy.parse(found.period)
    except PeriodError:
        raise ReturnError(f"{name}: the return's record is damaged (period '{found.period}')") from None
    if period is not None:
        if returned != period:
            raise ReturnError(f"{name}: a return for {returned.label}, not {period.label}")
        return
    current = fy.quarter_of(as_of)
    if returned not in (current, fy.previous(current)):
        name_ = f"q{returned.number}"
        raise ReturnError(
            f"{name}: a return for {returned.label}, which is not this quarter or the last: if it is meant, "
            f"collect it with --period {name_} --year {fy.label(fy.start_year_of(returned.start))}"
        )


def _filled_on(found: ReturnFile, as_of: date) -> date:
    """The day the officer saved the return, where the workbook says and it is plausible."""
    if found.modified is not None:
        day = found.modified.astimezone().date()
        if found.issued.date() <= day <= as_of:
            return day
    return as_of


class PlanState:
    """The plans as they stand while a batch is decided: the workspace, with what earlier
    returns of the batch will have changed."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.actions: dict[str, dict[str, str]] = {}
        self.updates: dict[str, set[str]] = {}
        self.values: dict[tuple[str, Period], dict[str, str]] = {}

    def action(self, view: ActionView) -> dict[str, str]:
        if view.ref not in self.actions:
            self.actions[view.ref] = action_state(view)
            self.updates[view.ref] = {text(u.text) for u in view.action.updates}
        return self.actions[view.ref]

    def value(self, indicator: Indicator, period: Period) -> dict[str, str]:
        key = (indicator.id, period)
        if key not in self.values:
            fy = self.ws.config.financial_year
            current = None
            for label, value in indicator.values.items():
                try:
                    if fy.parse(label) == period:
                        current = value
                        break
                except PeriodError:
                    continue
            self.values[key] = value_state(current)
        return self.values[key]


def _decide(ws: Workspace, collected: Collected, state: PlanState) -> None:
    found = collected.source
    name = found.path.name
    for cell in found.strays:
        collected.problems.append(
            Problem(
                name,
                cell.sheet,
                cell.address,
                f"'{cell.value}' was not issued in this return: rows cannot be added",
            )
        )
    for row in found.actions:
        _decide_action(ws, collected, state, row)
    for row in found.indicators:
        _decide_value(ws, collected, state, row)
    if collected.problems:
        collected.changes.clear()
        collected.action_edits.clear()
        collected.value_edits.clear()


def _problem(collected: Collected, cell: Cell, message: str) -> None:
    collected.problems.append(Problem(collected.source.path.name, cell.sheet, cell.address, message))


def _errors(collected: Collected, row: Row, keys: tuple[str, ...]) -> bool:
    """Report each editable cell that holds a formula's error; whether there was one."""
    found = False
    for key in keys:
        cell = row.cells[key]
        if cell.error:
            _problem(
                collected,
                cell,
                f"the cell shows an error ({cell.value}), not a value: type the words or the number itself",
            )
            found = True
    return found


def _decide_action(ws: Workspace, collected: Collected, state: PlanState, row: Row) -> None:
    cells, issued = row.cells, row.issued
    if _errors(collected, row, ("status", "progress", "next", "revised", "reason")):
        return
    wanted: dict[str, str] = {}
    status = _status(collected, cells["status"])
    if status is not None and status != issued["status"]:
        wanted["status"] = status
    next_step = _text(cells["next"])
    if next_step and next_step != issued["next"]:
        wanted["next"] = next_step
    progress = _text(cells["progress"])
    revised, reason = _text(cells["revised"]), _text(cells["reason"])
    fy = ws.config.financial_year
    if revised and revised != issued["timescale"]:
        reading = read_timescale(revised, fy)
        if reading.vague or reading.unread:
            words = f" ('{', '.join(reading.unread)}')" if reading.unread and not reading.vague else ""
            _problem(
                collected,
                cells["revised"],
                f"'{revised}' is not a timescale pmplan can read{words}: write a month, a quarter or a date, e.g. 'Jun 27'",
            )
        elif not reason:
            _problem(
                collected,
                cells["reason"],
                f"the revised timescale '{revised}' needs a reason for the revision",
            )
        else:
            wanted["timescale"] = revised
    elif reason and not revised:
        _problem(collected, cells["reason"], "a reason for revision, but no revised timescale")
    if not wanted and not progress:
        return
    view = ws.actions.get(row.ref)
    if view is None:
        for key, value in wanted.items():
            collected.changes.append(
                Change(
                    row.ref,
                    key,
                    issued.get(key, ""),
                    value,
                    "conflict",
                    "(the action is no longer in the plans)",
                )
            )
        if progress:
            collected.changes.append(
                Change(row.ref, "update", "", progress, "conflict", "(the action is no longer in the plans)")
            )
        return
    current = state.action(view)
    kinds: dict[str, str] = {}
    for key, value in wanted.items():
        kind = "already" if current[key] == value else "apply" if current[key] == issued[key] else "conflict"
        kinds[key] = kind
        collected.changes.append(
            Change(view.ref, key, issued[key], value, kind, current[key], cells[_cell_key(key)].address)
        )
    edits: dict[str, Any] = {k: v for k, v in wanted.items() if kinds[k] == "apply"}
    if "timescale" in edits and not current["baseline"] and current["timescale"]:
        edits["baseline"] = current["timescale"]
        collected.changes.append(Change(view.ref, "baseline", "", current["timescale"], "apply"))
    notes = []
    if progress:
        if progress in state.updates[view.ref]:
            collected.changes.append(Change(view.ref, "update", "", progress, "already"))
        else:
            notes.append(progress)
    if kinds.get("timescale") == "apply":
        old = current["timescale"] or "none"
        notes.append(f"Timescale revised from {old} to {wanted['timescale']}: {reason.rstrip('.')}.")
    for key in ("status", "next", "timescale", "baseline"):
        if key in edits:
            current[key] = edits[key]
    for number_, note in enumerate(notes):
        state.updates[view.ref].add(note)
        collected.changes.append(Change(view.ref, "update", "", note, "apply"))
        extra = edits if number_ == 0 else {}
        collected.action_edits.append(
            (view, Edits(note=note, date=collected.day, by=collected.person.id, **extra))
        )
        edits = {}
    if edits:
        collected.action_edits.append((view, Edits(**edits)))


def _cell_key(key: str) -> str:
    return {"timescale": "revised"}.get(key, key)


def _decide_value(ws: Workspace, collected: Collected, state: PlanState, row: Row) -> None:
    cells, issued = row.cells, row.issued
    if _errors(collected, row, ("actual", "note", "corrective_action")):
        return
    indicator = ws.indicators.get(row.ref)
    wanted: dict[str, str] = {}
    qualitative = issued.get("rag", "") != "" or (indicator is not None and indicator.type == "qualitative")
    actual_cell = cells["actual"]
    if qualitative:
        rating = _rating(collected, actual_cell)
        if rating is not None and rating != issued["rag"]:
            wanted["rag"] = rating
    else:
        unit = indicator.unit if indicator is not None else None
        value = _actual(collected, actual_cell, unit)
        if value is not None and value != issued["actual"]:
            wanted["actual"] = value
    for key in ("note", "corrective_action"):
        value_text = _text(cells[key])
        if value_text and value_text != issued[key]:
            wanted[key] = value_text
    if not wanted:
        return
    period = _period(ws, issued.get("period", ""))
    ref = f"{row.ref} {issued.get('period', '')}"
    if indicator is None or period is None:
        for key, value in wanted.items():
            collected.changes.append(
                Change(
                    ref,
                    key,
                    issued.get(key, ""),
                    value,
                    "conflict",
                    "(the indicator is no longer in the plans)",
                )
            )
        return
    current = state.value(indicator, period)
    edits: dict[str, str] = {}
    for key, value in wanted.items():
        kind = (
            "already"
            if _same(current[key], value)
            else "apply"
            if _same(current[key], issued[key])
            else "conflict"
        )
        collected.changes.append(
            Change(
                ref,
                key,
                issued[key],
                value,
                kind,
                current[key],
                cells["actual" if key == "rag" else key].address,
            )
        )
        if kind == "apply":
            edits[key] = value
            current[key] = value
    if edits:
        collected.value_edits.append((indicator, ValueEdits(period, **edits)))


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        return float(a) == float(b)
    except ValueError:
        return False


def _period(ws: Workspace, label: str) -> Period | None:
    try:
        return ws.config.financial_year.parse(label)
    except PeriodError:
        return None


# --- reading cells ------------------------------------------------------------------------------


def _text(cell: Cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        from pmplan.dates.months import NAMES

        return f"{value.day} {NAMES[value.month - 1]} {value.year}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return text(value)


def _status(collected: Collected, cell: Cell) -> str | None:
    value = _text(cell)
    if not value:
        return None
    found = _LABELS.get(" ".join(value.lower().split()))
    if found is None:
        choices = ", ".join(s.label for s in Status)
        _problem(collected, cell, f"'{value}' is not a status: choose one of {choices}")
    return found


def _rating(collected: Collected, cell: Cell) -> str | None:
    value = _text(cell)
    if not value:
        return None
    found = _RATINGS.get(value.lower())
    if found is None:
        _problem(collected, cell, f"'{value}' is not a rating: write Red, Amber or Green")
    return found


def _actual(collected: Collected, cell: Cell, unit: str | None) -> str | None:
    """The actual as the text to write, from a number or a number with its unit."""
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool | datetime | date):
        _problem(collected, cell, f"'{_text(cell)}' is not a number")
        return None
    if isinstance(value, int | float):
        number_ = float(value)
        if "%" in (cell.number_format or ""):
            if unit != "%":
                _problem(
                    collected,
                    cell,
                    f"typed as a percentage, but the indicator is measured in {unit or 'numbers'}",
                )
                return None
            number_ *= 100
        return _finite(collected, cell, number_)
    match = _NUMBER.match(str(value))
    if match is None or not match.group(2) or match.group(2) in {"+", "-"}:
        _problem(collected, cell, f"'{_text(cell)}' is not a number: type the actual as a number, e.g. 47.2")
        return None
    symbol, digits, suffix = match.groups()
    written = (symbol or suffix).strip()
    if written and not _unit_matches(written, unit):
        _problem(
            collected,
            cell,
            f"'{_text(cell)}' is in '{written}', but the indicator is measured in {unit or 'plain numbers'}",
        )
        return None
    return _finite(collected, cell, float(digits.replace(",", "")))


def _finite(collected: Collected, cell: Cell, value: float) -> str | None:
    if not math.isfinite(value):
        _problem(collected, cell, "not a number")
        return None
    return number(float(number_text(value)))


def _unit_matches(written: str, unit: str | None) -> bool:
    if unit is None:
        return False
    a, b = written.lower().rstrip("s. "), unit.lower().rstrip("s. ")
    return a == b or (a in {"percent", "per cent", "pc"} and b == "%")


# --- 3: edit and write --------------------------------------------------------------------------


def prepare_texts(ws: Workspace, batch: Batch) -> None:
    """Work out every plan file's new text: each file is read once, and every return's edits
    to it are worked out on its text as it was, tagged with the return (see
    :class:`~pmplan.changes.edit.batch.FileEdits`); the final text is checked to read back as
    exactly the intended changes. A file that cannot be edited stops everything."""
    from pmplan.changes.edit.batch import FileEdits

    files: dict[Path, FileEdits] = {}
    fy = ws.config.financial_year

    def editing(path: Path, rel: str) -> FileEdits:
        if path not in files:
            try:
                text = path.read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CollectError(f"cannot read {rel}: {exc}") from None
            batch.originals[path] = text
            batch.rel[path] = rel
            files[path] = FileEdits(text, fy)
        return files[path]

    touched: dict[Path, list[int]] = defaultdict(list)
    for tag, collected in enumerate(batch.returns):
        try:
            for view, edits in collected.action_edits:
                path = Path(view.source.path)
                editing(path, view.source.rel).edit_action(
                    Target(view.plan.group_key, view.group.id, view.action.id), edits, tag
                )
                touched[path].append(tag)
            for indicator, value_edits in collected.value_edits:
                source = ws.source_of(indicator)
                path = Path(source.path)
                editing(path, source.rel).edit_value(indicator.id, value_edits, tag)
                touched[path].append(tag)
        except PmplanError as exc:
            raise CollectError(f"{collected.source.path.name}: {exc}") from None
    for path, file_edits in files.items():
        try:
            file_edits.verify()
        except PmplanError as exc:
            raise CollectError(f"{batch.rel[path]}: {exc}") from None
        for tag in sorted(set(touched[path])):
            batch.returns[tag].texts[path] = file_edits.text(upto=tag)


def write_collection(ws: Workspace, batch: Batch, *, commit: bool = False) -> list[str]:
    """Write the batch's files (all or nothing); with ``commit``, one commit per return that
    changed something, authored by its officer. Returns the commits made."""
    from pmplan.files import write_all

    finals = batch.final_texts()
    if not finals:
        return []
    if not commit:
        _write(write_all, [(p, batch.originals[p], t) for p, t in finals.items()])
        return []
    return _commit_each(ws, batch, write_all)


def _write(write_all: Any, changes: list[tuple[Path, str, str]]) -> None:
    try:
        write_all([(p, old.encode("utf-8"), new.encode("utf-8")) for p, old, new in changes])
    except OSError as exc:
        raise CollectError(
            f"cannot write {exc.filename or 'a plan file'}: {exc.strerror or exc}; every plan file was put back"
        ) from None


def _commit_each(ws: Workspace, batch: Batch, write_all: Any) -> list[str]:
    from pmplan.changes import git

    repo = git.open_repo(ws.root)
    names = {p: repo.path(batch.rel[p]) for p in batch.originals}
    dirty = git.uncommitted(repo, list(names.values()))
    if dirty:
        raise CollectError(
            f"--commit: these plan files have changes that are not committed: {', '.join(dirty)}. "
            "Commit them first, so that each officer's commit holds only their return"
        )
    git.check_committer(repo)
    start = git.head_commit(repo)
    written: dict[Path, str] = {}
    commits: list[str] = []
    try:
        for collected in batch.returns:
            changed = {p: t for p, t in collected.texts.items() if t != written.get(p, batch.originals[p])}
            if not changed:
                continue
            _write(write_all, [(p, written.get(p, batch.originals[p]), t) for p, t in changed.items()])
            written.update(changed)
            person = collected.person
            author = f"{person.name} <{person.email or ''}>"
            commits.append(
                git.commit_paths(repo, sorted(names[p] for p in changed), commit_message(collected), author)
            )
    except (PmplanError, OSError) as exc:
        for path in written:
            path.write_bytes(batch.originals[path].encode("utf-8"))
        if commits:
            git.undo_commits(repo, start, sorted(names[p] for p in written))
        raise CollectError(f"{exc}; every plan file (and the git history) was put back as it was") from None
    return commits


def commit_message(collected: Collected) -> str:
    found, person = collected.source, collected.person
    applied = collected.applied
    lines = [f"{found.period} return from {person.name} ({person.id})", ""]
    lines += [f"- {c.describe(None)}" for c in applied]
    if collected.conflicts:
        lines += ["", "Not applied (the plan changed since the return was issued):"]
        lines += [f"- {c.describe(None)}" for c in collected.conflicts]
    lines += ["", f"Pmplan-Return: {found.period}; {person.id}; {found.path.name}"]
    return "\n".join(lines) + "\n"
