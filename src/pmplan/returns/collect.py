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
3. **Edit** each plan file through the comment-preserving edit machinery and write it
   (:mod:`.applying`).

What the officer typed is read by :mod:`.cells`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pmplan.changes.edit.audit import Extend
from pmplan.changes.edit.indicator import ValueEdits
from pmplan.changes.edit.update import Edits, unified_diff
from pmplan.dates.periods import Period, PeriodError
from pmplan.dates.timescale import read_timescale
from pmplan.errors import PmplanError
from pmplan.returns.cells import CellError, actual_of, rating_of, status_of, text_of
from pmplan.returns.contents import action_state, text, value_state
from pmplan.returns.reading import Cell, ReturnError, ReturnFile, Row, read_return
from pmplan.workspace.audit import same_timescale
from pmplan.workspace.index import ActionView, Workspace
from pmplan.workspace.models import Indicator, Person


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
        if self.field == "evidence" and self.kind != "conflict":
            return f"{self.ref}: evidence added: {_short(self.new, width)}"
        if self.field == "extension" and self.kind != "conflict":
            return (
                f"{self.ref}: extension asked for, from {_shown(self.old, width)} to {_shown(self.new, width)} "
                "(the timescale stays until the committee approves it)"
            )
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
        self.evidence: dict[str, set[str]] = {}
        self.extensions: dict[str, list[str]] = {}
        self.values: dict[tuple[str, Period], dict[str, str]] = {}

    def action(self, view: ActionView) -> dict[str, str]:
        if view.ref not in self.actions:
            self.actions[view.ref] = action_state(view)
            self.updates[view.ref] = {text(u.text) for u in view.action.updates}
            self.evidence[view.ref] = {text(e) for e in view.action.evidence}
            self.extensions[view.ref] = []
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


def _read(collected: Collected, cell: Cell, reader: Callable[[Cell], str | None]) -> str | None:
    """The cell read by ``reader``; what is wrong with it noted as a problem."""
    try:
        return reader(cell)
    except CellError as exc:
        _problem(collected, cell, str(exc))
        return None


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
    if _errors(collected, row, tuple(k for k in _ACTION_CELLS if k in cells)):
        return
    wanted: dict[str, str] = {}
    status = _read(collected, cells["status"], status_of)
    if status is not None and status != issued["status"]:
        wanted["status"] = status
    next_step = text_of(cells["next"])
    if next_step and next_step != issued["next"]:
        wanted["next"] = next_step
    progress = text_of(cells["progress"])
    revised, reason = text_of(cells["revised"]), text_of(cells["reason"])
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
    evidence = text_of(cells["evidence"]) if "evidence" in cells else ""
    if not wanted and not progress and not evidence:
        return
    view = ws.actions.get(row.ref)
    if view is None:
        if evidence:
            wanted["evidence"] = evidence
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
    extension = None
    if "timescale" in wanted and view.plan.recommendations is not None:
        # an audit response's date moves only when the committee approves: the revised
        # timescale is asked for as an extension, and the timescale stays until then
        extension = _extension(collected, state, view, issued, wanted.pop("timescale"), reason, cells)
    kinds: dict[str, str] = {}
    for key, value in wanted.items():
        kind = "already" if current[key] == value else "apply" if current[key] == issued[key] else "conflict"
        kinds[key] = kind
        collected.changes.append(
            Change(view.ref, key, issued[key], value, kind, current[key], cells[_cell_key(key)].address)
        )
    edits: dict[str, Any] = {k: v for k, v in wanted.items() if kinds[k] == "apply"}
    if extension is not None:
        edits["extend"] = extension
    if evidence:
        if evidence in state.evidence[view.ref]:
            collected.changes.append(Change(view.ref, "evidence", "", evidence, "already"))
        else:
            state.evidence[view.ref].add(evidence)
            edits["evidence"] = evidence
            collected.changes.append(
                Change(view.ref, "evidence", "", evidence, "apply", "", cells["evidence"].address)
            )
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


_ACTION_CELLS = ("status", "progress", "next", "revised", "reason", "evidence")


def _extension(
    collected: Collected,
    state: PlanState,
    view: ActionView,
    issued: dict[str, str],
    revised: str,
    reason: str,
    cells: dict[str, Cell],
) -> Extend | None:
    """The extension a revised timescale asks for in an audit response, or None where it is
    already in the plan (the same timescale, or a request for it) or the timescale changed
    since the return was issued (a conflict)."""
    current = state.action(view)
    address = cells["revised"].address
    asked = [e.timescale for e in view.action.extensions] + state.extensions[view.ref]
    if same_timescale(current["timescale"], revised) or any(same_timescale(a, revised) for a in asked):
        collected.changes.append(Change(view.ref, "extension", current["timescale"], revised, "already"))
        return None
    if current["timescale"] != issued["timescale"]:
        collected.changes.append(
            Change(
                view.ref, "extension", issued["timescale"], revised, "conflict", current["timescale"], address
            )
        )
        return None
    state.extensions[view.ref].append(revised)
    collected.changes.append(
        Change(view.ref, "extension", current["timescale"], revised, "apply", "", address)
    )
    return Extend(timescale=revised, day=collected.day, reason=reason)


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
        rating = _read(collected, actual_cell, rating_of)
        if rating is not None and rating != issued["rag"]:
            wanted["rag"] = rating
    else:
        unit = indicator.unit if indicator is not None else None
        value = _read(collected, actual_cell, lambda cell: actual_of(cell, unit))
        if value is not None and value != issued["actual"]:
            wanted["actual"] = value
    for key in ("note", "corrective_action"):
        value_text = text_of(cells[key])
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
