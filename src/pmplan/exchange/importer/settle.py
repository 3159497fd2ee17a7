"""Settling what each action says once every row is read: its id, its updates, its status.

**Ids as written.** An action keeps the reference its row gives (``3.4.`` -> ``3.4``). A
reference written on several rows in a row is a set of milestones: ``1`` with ``(i)``,
``(ii)`` -> ``1.i``, ``1.ii`` (the first, unlabelled, stays ``1``); unlabelled, they are
lettered ``1.a``, ``1.b``. A row with no reference takes the one above with a letter
(``1.2.a``), or a letter of its own where nothing is numbered, never another row's id.

**Updates, dated.** A progress cell is an update, dated by the date its text starts with
(several dated lines: several updates), else the row's *Last updated* cell, else the date in
its column's header (``Update as at June 2018``), else ``--date``. A month alone is its last
day, or the import's date where that is earlier and in the same month.

**Status from what the council wrote**, strongest first: a *Date completed* cell (with a
date or words, not ``No`` or ``N/A``) is complete; a status cell read by the words its header
lists or by pmplan's status words, with anything more it says kept as an update; else
progress that says the action is done (``Completed May 2019``, ``This action is now
complete``). Where none of these can tell, there is no status, and a status cell's words are
kept as an update and reported. :mod:`pmplan.exchange.importer.words` knows the words.

**Timescales**: an original date with no revised one is the timescale; with a start column
they become a range (``Apr 2024 – Mar 2025``); words that give a
start or a provisional date are reported, as the due date lint reads from them is uncertain.
"""

from __future__ import annotations

import re
from datetime import date

from pmplan.exchange.importer.draft import (
    DraftAction,
    DraftGroup,
    DraftUpdate,
    ImportedPlan,
    Options,
    slug_id,
)
from pmplan.exchange.importer.words import (
    STATUS_WORDS,
    dates_in,
    leading_date,
    normalise,
    read_status,
    says_complete,
    says_not_done,
)
from pmplan.workspace.vocabulary import Status

_PROVISIONAL = re.compile(
    r"\b(provisional(?:ly)?|tentative(?:ly)?|indicative|estimated?|approx(?:imately)?|subject to|tbc|tba"
    r"|to be (?:confirmed|agreed|determined)|draft date|target only)\b",
    re.I,
)
_STARTS = re.compile(
    r"\b(?:to\s+)?(?:begin|begins|beginning|start|starts|starting|commence|commences|commencing|kick[- ]?off)\b"
    r"(?:\s+(?:in|on|from|by|during))?",
    re.I,
)
_ENDS = re.compile(
    r"\b(?:end|ends|finish|finishes|complete|completed|completion|by|until|to|due|deadline)\b|[–—-]", re.I
)


def settle(plan: ImportedPlan, options: Options) -> None:
    for group in plan.groups:
        _ids(plan, group)
        for action in group.actions:
            if not action.title:
                action.title = f"Action {action.id}"
                plan.notes.append(
                    f"{action.where}: action {action.id} has no action text: titled '{action.title}'"
                )
            _updates(action, options)
            _status(plan, group, action, options)
            _timescale(plan, group, action)


# --- ids --------------------------------------------------------------------------------------


def _letters(n: int) -> str:
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(97 + r) + out
    return out


def _next_letter(prefix: str, taken: set[str]) -> str:
    n = 0
    while (candidate := f"{prefix}{_letters(n)}") in taken:
        n += 1
    return candidate


def _ids(plan: ImportedPlan, group: DraftGroup) -> None:
    actions = group.actions
    taken: set[str] = set()
    i = 0
    while i < len(actions):  # references, and runs of the same reference (milestones)
        base = actions[i].base
        j = i + 1
        while base is not None and j < len(actions) and actions[j].base == base:
            j += 1
        if base is not None:
            _reference_run(actions[i:j], taken)
        i = j
    numbered = any(a.base is not None for a in actions)
    above: str | None = None
    for action in actions:  # rows with no reference: after the reference above
        if action.base is not None:
            above = slug_id(action.base) or above
            continue
        prefix = f"{above}." if numbered and above else ""
        if action.label:
            action.id = f"{prefix}{action.label}"
        else:
            action.id = _next_letter(prefix, taken)
        taken.add(action.id)
    seen: set[str] = set()
    for action in actions:  # the same reference twice, apart: the second is marked
        if action.id in seen:
            original, n = action.id, 2
            while f"{original}-{n}" in taken:
                n += 1
            action.id = f"{original}-{n}"
            action.id_written = action.id_written or action.base or original
            taken.add(action.id)
            plan.notes.append(
                f"{group.id}: action id '{original}' is used twice: the second is '{action.id}'"
            )
        seen.add(action.id)


def _reference_run(run: list[DraftAction], taken: set[str]) -> None:
    base = run[0].base or ""
    slug = slug_id(base) or "x"
    if len(run) == 1:
        action = run[0]
        action.id = f"{slug}.{action.label}" if action.label else slug
        if action.id != base.strip().rstrip("."):
            action.id_written = base.strip()
        taken.add(action.id)
        return
    labels = [a.label for a in run]
    first_plain = labels[0] is None and all(labels[1:])
    for n, action in enumerate(run):
        if n == 0 and first_plain:
            action.id = slug
        elif action.label:
            action.id = f"{slug}.{action.label}"
        else:
            action.id = _next_letter(f"{slug}.", taken | {f"{slug}.{x}" for x in labels if x})
        if action.id in taken:
            action.id = _next_letter(f"{action.id}-", taken)
        if action.id != base.strip():
            action.id_written = base.strip()
        taken.add(action.id)


# --- updates ----------------------------------------------------------------------------------


def _settle_date(day: date, exact: bool, today: date) -> date:
    """A month alone is its last day, or the import's date where that is earlier in the month."""
    if not exact and day > today and (day.year, day.month) == (today.year, today.month):
        return today
    return day


def _first_date(texts: list[str], today: date) -> date | None:
    for text in texts:
        found = dates_in(text)
        if found:
            _, day, exact = found[0]
            return _settle_date(day, exact, today)
    return None


def _updates(action: DraftAction, options: Options) -> None:
    columns = action.columns
    row_date = _first_date(action.update_dates, options.day)
    for index, text in action.progress_cells:
        header = columns.name(index) if columns else "Progress"
        header_date = columns.dates.get(index) if columns else None
        for part, day, why in _dated_parts(text, options.day):
            if day is None and row_date is not None:
                day, why = row_date, "the row's date of update"
            if day is None and header_date is not None:
                day, why = header_date, f"the header '{header}'"
            action.progress.append(DraftUpdate(part, day, why or "--date"))


def _dated_parts(text: str, today: date) -> list[tuple[str, date | None, str]]:
    """A progress cell as updates: one per line that starts with a date, where two or more do."""
    lines = text.split("\n")
    dated = [(n, leading_date(line)) for n, line in enumerate(lines)]
    starts = [n for n, found in dated if found is not None]
    if len(starts) < 2:
        found = dated[0][1]
        if found is not None:
            return [(text, found[0], "the date the update starts with")]
        return [(text, None, "")]
    parts: list[tuple[str, date | None, str]] = []
    if starts[0] > 0:
        parts.append(("\n".join(lines[: starts[0]]), None, ""))
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        found = dated[start][1]
        assert found is not None
        parts.append(("\n".join(lines[start:end]), found[0], "the date the update starts with"))
    return parts


# --- status -----------------------------------------------------------------------------------


def _status(plan: ImportedPlan, group: DraftGroup, action: DraftAction, options: Options) -> None:
    columns = action.columns
    ref = action.id if action.id.startswith(group.id + ".") else f"{group.id}.{action.id}"
    for text in action.completed:
        if says_not_done(text):
            action.extras.append((action.completed_header, text))
            continue
        when = _first_date([text], options.day)
        action.status, action.status_why = str(Status.COMPLETE), f"{action.completed_header} '{_short(text)}'"
        action.progress.append(
            DraftUpdate(
                f"{action.completed_header}: {text}", when, "the date completed" if when else "--date"
            )
        )
    for index, text in action.status_cells:
        listed = columns.statuses.get(index, {}) if columns else {}
        flat = normalise(text)
        status = listed.get(flat) or _listed_start(flat, listed) or read_status(text)
        header = _bare(action.status_header)
        if status is None:
            action.progress.append(
                DraftUpdate(f"{header}: {text}", _first_date([text], options.day), "--date")
            )
            action.comments.append(f"{header}: {_short(text)} (not a status pmplan knows: kept as an update)")
            plan.unplaced.append(
                f"{ref}: {header} '{_short(text)}' is not a status pmplan knows: kept as an update, no status set"
            )
            continue
        if action.status is not None and action.status != status:
            action.comments.append(f"{header}: {_short(text)} (but {action.status_why} says {action.status})")
            continue
        action.status, action.status_why = status, f"{header} '{_short(text)}'"
        if flat not in listed and flat not in STATUS_WORDS:  # more than a status: 'Done (May 2016)'
            when = _first_date([text], options.day)
            action.progress.append(
                DraftUpdate(f"{header}: {text}", when, "the status words" if when else "--date")
            )
        elif text.strip().lower().replace(" ", "-") != status:
            action.comments.append(f"{header}: {text}")
    if action.status is None:
        for update in reversed(action.progress):
            if says_complete(update.text):
                action.status = str(Status.COMPLETE)
                action.status_why = f"progress '{_short(update.text)}'"
                if update.date is None:
                    update.date = _first_date([update.text], options.day)
                    update.why = "the date it says it was done" if update.date else update.why
                break
    action.progress.sort(key=lambda u: u.date or options.day)


def _listed_start(flat: str, listed: dict[str, str]) -> str | None:
    for word, status in sorted(listed.items(), key=lambda item: -len(item[0])):
        if flat.startswith(word + " "):
            return status
    return None


def _bare(header: str) -> str:
    """A header without the words it lists: ``RAG (Complete / Late)`` -> ``RAG``."""
    return re.sub(r"\s*\([^)]*[/,;|][^)]*\)", "", header).strip() or header


def _short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 3] + "..."


# --- timescales -------------------------------------------------------------------------------


def _timescale(plan: ImportedPlan, group: DraftGroup, action: DraftAction) -> None:
    ref = action.id if action.id.startswith(group.id + ".") else f"{group.id}.{action.id}"
    if action.baseline and not action.timescale:
        # an original date that was never revised is the date
        action.timescale, action.baseline = action.baseline, []
    start = "; ".join(s.replace("\n", "; ") for s in action.start)
    due = "; ".join(t.replace("\n", "; ") for t in action.timescale)
    if start and due:
        action.timescale = [f"{start} – {due}"]
    elif start:
        action.comments.append(f"{action.start_header}: {start} (a start, and no due date given)")
        plan.unplaced.append(f"{ref}: a start ({start}) and no due date: kept as a comment; add a timescale")
    words = due
    if not words:
        return
    uncertain = []
    match = _STARTS.search(words)
    if match is not None and not _ENDS.search(words[match.end() :]) and dates_in(words[match.end() :]):
        uncertain.append("gives when it starts, not when it is due")
    if _PROVISIONAL.search(words) and dates_in(words):
        uncertain.append("says the date is provisional")
    if uncertain:
        why = ", and ".join(uncertain)
        action.comments.append(f"timescale {why}: check the due date lint reads from it, or set 'due'")
        plan.unplaced.append(f"{ref}: the timescale '{_short(words, 80)}' {why}: the due date is uncertain")
