"""Rules about the committee report's period: the officer's notes for it (``kind:
report-notes``) and what the report will ask of its red indicators.

The notes' key issues are read for the actions and indicators they name (by reference, by
title, or in a key issue's ``about`` list) and the ratings they give them (red, amber, green;
for actions also on track, at risk, delayed, overdue), so that what the front page says can
be checked against what the appendix shows (:func:`claims`, :func:`disagreements`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from pmplan.calendar.timetable import Timetable
from pmplan.dates.periods import FinancialYear, Period, PeriodError, cutoff
from pmplan.indicators.reading import read_for_period
from pmplan.lint.rules.base import Context, Problem
from pmplan.workspace.config import CONFIG_NAME
from pmplan.workspace.index import ActionView, Place, Workspace
from pmplan.workspace.models import Indicator, KeyIssue, ReportNotes
from pmplan.workspace.vocabulary import Status

_COLOURS = {"red": "red", "amber": "amber", "green": "green"}
_STATUS_WORDS: dict[str, str] = {
    **{s.label.lower(): s.rag for s in (Status.ON_TRACK, Status.AT_RISK, Status.DELAYED) if s.rag},
    "overdue": "red",
}
"""Status words in a key issue, and the RAG they say an action has."""
_WORDS = re.compile(rf"\b({'|'.join([*_COLOURS, *_STATUS_WORDS])})\b", re.IGNORECASE)
_CLAUSE = re.compile(r"[;:.!?](?:\s|$)")


@dataclass(frozen=True, slots=True)
class Claim:
    """A key issue's word about one action or indicator."""

    ref: str
    """The action's full reference, or the indicator's id."""
    kind: str
    """``action`` or ``indicator``."""
    rag: str
    """What the words say: ``red``, ``amber`` or ``green``."""
    word: str
    """The words as written."""


@dataclass(frozen=True, slots=True)
class Disagreement:
    claim: Claim
    actual: str | None
    """The item's RAG in the data (None: not rated)."""
    issue: str | KeyIssue


def _mentions(ws: Workspace, text: str) -> list[tuple[int, str, str]]:
    """(position, ref, kind) of each action and indicator the text names: an indicator by its
    id or title, an action by its full or local reference (``pm-audit:R6.b``, ``R6.b``) or title."""
    found: list[tuple[int, str, str]] = []
    lowered = text.casefold()
    for indicator in ws.indicators.values():
        for name in (indicator.id, indicator.title):
            for match in re.finditer(rf"(?<![\w-]){re.escape(name.casefold())}(?![\w-])", lowered):
                found.append((match.start(), indicator.id, "indicator"))
    locals_seen: dict[str, int] = {}
    for action in ws.action_list:
        locals_seen[action.local_ref] = locals_seen.get(action.local_ref, 0) + 1
    for action in ws.action_list:
        names = [action.ref, action.title]
        if action.plan.short:
            names.append(f"{action.plan.short} {action.local_ref}")
        # a bare local reference names the action only when it is one of a kind and not a number
        if locals_seen[action.local_ref] == 1 and not action.local_ref[:1].isdigit():
            names.append(action.local_ref)
        for name in names:
            for match in re.finditer(rf"(?<![\w.:-]){re.escape(name.casefold())}(?![\w-]|\.\w)", lowered):
                found.append((match.start(), action.ref, "action"))
    unique: dict[str, tuple[int, str, str]] = {}
    for position, ref, kind in sorted(found):
        unique.setdefault(ref, (position, ref, kind))
    return sorted(unique.values())


def _rag_word(word: str, kind: str) -> str | None:
    word = word.casefold()
    if word in _COLOURS:
        return _COLOURS[word]
    return _STATUS_WORDS.get(word) if kind == "action" else None


def claims(ws: Workspace, issue: str | KeyIssue) -> list[Claim]:
    """What a key issue says about the actions and indicators it names.

    A rating word speaks of the items named before it in its clause (back to the start of the
    sentence, a semicolon or a colon): "LPI-05 and LPI-13 were red" rates both. An item in a
    key issue's ``about`` list is rated by the issue's words when they give it one rating only.
    """
    text = issue.text if isinstance(issue, KeyIssue) else issue
    found: dict[str, Claim] = {}
    mentions = _mentions(ws, text)
    words = list(_WORDS.finditer(text))
    for word in words:
        start = max([m.end() for m in _CLAUSE.finditer(text, 0, word.start())], default=0)
        earlier = [w.end() for w in words if w.end() <= word.start()]
        start = max([start, *earlier])
        for position, ref, kind in mentions:
            rag = _rag_word(word.group(0), kind)
            if rag is not None and start <= position < word.start() and ref not in found:
                found[ref] = Claim(ref, kind, rag, word.group(0))
    if isinstance(issue, KeyIssue):
        for name in issue.about:
            target = _about(ws, name)
            if target is None or target[0] in found:
                continue
            said = {(r, w.group(0)) for w in words if (r := _rag_word(w.group(0), target[1])) is not None}
            if len({r for r, _ in said}) == 1:
                rating, written = min(said)
                found[target[0]] = Claim(target[0], target[1], rating, written)
    return list(found.values())


def _about(ws: Workspace, name: str) -> tuple[str, str] | None:
    if name in ws.indicators:
        return name, "indicator"
    if name in ws.actions:
        return name, "action"
    local = [a.ref for a in ws.action_list if a.local_ref == name]
    return (local[0], "action") if len(local) == 1 else None


def indicator_rag(ws: Workspace, indicator: Indicator, period: Period) -> str | None:
    """The indicator's RAG for the period, as the report rates it."""
    return read_for_period(indicator, period, ws.config.rag.tolerance, ws.config.financial_year).rag


def action_rag(action: ActionView, as_of: date) -> str | None:
    """The action's RAG as the report rates it: red when overdue, else its status's."""
    return "red" if action.overdue(as_of) else action.status.rag


def disagreements(ws: Workspace, notes: ReportNotes, as_of: date | None) -> list[Disagreement]:
    """Where the notes rate an action or indicator otherwise than the data. Indicators are
    read for the notes' period; actions as at ``as_of`` (None: actions are not checked)."""
    try:
        period = ws.config.financial_year.parse(notes.period)
    except PeriodError:
        return []
    found = []
    for issue in notes.key_issues:
        for claim in claims(ws, issue):
            if claim.kind == "indicator":
                actual = indicator_rag(ws, ws.indicators[claim.ref], period)
            elif as_of is not None:
                actual = action_rag(ws.actions[claim.ref], as_of)
            else:
                continue
            if actual != claim.rag:
                found.append(Disagreement(claim, actual, issue))
    return found


def _latest_ended(fy: FinancialYear, notes: dict[str, ReportNotes], day: date) -> str | None:
    ended = []
    for label in notes:
        try:
            period = fy.parse(label)
        except PeriodError:
            continue
        if period.end < day:
            ended.append((period.end, period.kind == "quarter", label))
    return max(ended)[2] if ended else None


def notes_disagree(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """A period's report notes rate an action or indicator otherwise than the data does.

    The officer's key issues are printed on the front page after those pmplan writes from
    the data; a sentence that calls an indicator red when its value for the period is green
    contradicts the appendix. Indicators are checked against their value for the notes'
    period; actions (whose status changes) only in the notes of the latest period that has
    ended. A rating word speaks of the items named before it in its clause; name items by
    id, reference or title, or list them under ``about``.

    Example (LPI-13 was 17 days against a target of 18 in 2025/26 Q2: green):

        kind: report-notes
        period: 2025/26 Q2
        key_issues:
          - LPI-13 was red for the quarter because of the benefits backlog.

    Fix: say what the data says, or correct the value:

          - LPI-13 is back on target after the backlog was cleared in August.
    """
    fy = ws.config.financial_year
    latest = _latest_ended(fy, ws.notes, ctx.as_of)
    for label, notes in ws.notes.items():
        for found in disagreements(ws, notes, ctx.as_of if label == latest else None):
            claim = found.claim
            actual = found.actual or "not rated"
            what = "indicator" if claim.kind == "indicator" else "action"
            when = f"in {label}" if claim.kind == "indicator" else f"as at {ctx.as_of.isoformat()}"
            yield Problem(
                _place(ws, notes, found.issue),
                f"the notes for {label} call {what} {claim.ref} '{claim.word}' ({claim.rag}), "
                f"but it is {actual} {when}",
                claim.ref,
            )


def _place(ws: Workspace, notes: ReportNotes, issue: str | KeyIssue) -> Place:
    source = ws.source_of(notes)
    line, column = issue.line() if isinstance(issue, KeyIssue) else notes.line("key_issues")
    return Place(source.rel, line, column)


def reported_quarter(ws: Workspace, day: date) -> Period | None:
    """The quarter whose report is being prepared on ``day``: it has ended, and ``day`` is on
    or before its cut-off (the calendar's meeting for its report, else its end plus the update
    window), as the report itself reckons it."""
    fy = ws.config.financial_year
    settings = ws.config.report
    timetable = Timetable(ws)
    quarter = fy.quarter_of(day)
    for _ in range(2):
        quarter = fy.previous(quarter)
        meeting = timetable.meeting_for(quarter.label, settings.committee)
        last = meeting.day if meeting is not None and meeting.day is not None else None
        if last is None:
            last = cutoff(quarter, settings.update_window)
        if day <= last:
            return quarter
    return None


def notes_missing(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """The quarter whose report is being prepared has no report notes.

    Between a quarter's end and its cut-off (the calendar's meeting for its report, else the
    end of its update window, ``report.update_window`` in pmplan.yaml), its report is written. Without notes the front page says only what the
    data says: the officer's own account of the quarter (why a measure fell, what is being
    done) is missing. Reported against pmplan.yaml while the window is open.

    Example: on 20 October 2026, the plans folder holds notes for the quarter before only:

        kind: report-notes
        period: 2026/27 Q1

    Fix: write the quarter's notes, for example ``plans/reports/2026-27-q2.yaml``:

        kind: report-notes
        period: 2026/27 Q2
        key_issues:
          - text: Benefit claims took longer after the move to the new revenues system.
            about: [LPI-13]
    """
    quarter = reported_quarter(ws, ctx.as_of)
    if quarter is None or quarter.label in ws.notes:
        return
    yield Problem(
        Place(CONFIG_NAME, 1, 1),
        f"{quarter.label}'s report is due and there are no report notes for it: write the "
        f"officer's key issues in a file of kind report-notes with 'period: {quarter.label}'",
        quarter.label,
    )


def red_without_corrective_action(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """A red indicator in the quarter whose report is being prepared, with no corrective action.

    A committee that sees a red indicator asks what is being done about it. The report's
    exceptions show each red value's ``corrective_action``; without one they say "None
    given". Checked while the quarter's report is being prepared (up to its cut-off).

    Example:

        2026/27 Q2: {target: 16, actual: 18, note: Backlog after the system change}

    Fix:

        2026/27 Q2:
          target: 16
          actual: 18
          note: Backlog after the system change
          corrective_action: Two temporary assessors in post until the backlog is cleared
    """
    fy = ws.config.financial_year
    quarter = reported_quarter(ws, ctx.as_of)
    if quarter is None:
        return
    for indicator in ws.indicators.values():
        reading = read_for_period(indicator, quarter, ws.config.rag.tolerance, fy)
        value = reading.value
        if reading.period != quarter.label or reading.rag != "red" or value is None:
            continue
        if value.corrective_action and value.corrective_action.strip():
            continue
        source = ws.source_of(indicator)
        line, column = value.line() if value.pos else indicator.line("values")
        yield Problem(
            Place(source.rel, line, column),
            f"indicator {indicator.id} is red for {quarter.label} and has no corrective action: "
            "add 'corrective_action:' to its value, saying what is being done",
            indicator.id,
        )


def amber_worse_unexplained(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """An amber indicator that got worse, in the quarter whose report is being prepared, with no
    note to explain it.

    The report lists an amber indicator whose direction of travel is worsening among its
    exceptions, beside the red ones: the committee will ask why it slipped. The value's
    ``note`` is the explanation the report shows; without one it says "None given". Checked
    while the quarter's report is being prepared (up to its cut-off).

    Example (71% in the quarter before):

        2025/26 Q2: {target: 70, actual: 68}

    Fix:

        2025/26 Q2: {target: 70, actual: 68, note: A large employer closed in August}
    """
    fy = ws.config.financial_year
    quarter = reported_quarter(ws, ctx.as_of)
    if quarter is None:
        return
    for indicator in ws.indicators.values():
        reading = read_for_period(indicator, quarter, ws.config.rag.tolerance, fy)
        value = reading.value
        if reading.period != quarter.label or reading.rag != "amber" or value is None:
            continue
        if reading.direction != "worsening" or (value.note and value.note.strip()):
            continue
        compared = reading.compared
        source = ws.source_of(indicator)
        line, column = value.line() if value.pos else indicator.line("values")
        yield Problem(
            Place(source.rel, line, column),
            f"indicator {indicator.id} is amber for {quarter.label} and worse than in "
            f"{compared.period if compared is not None else 'the period before'}, with no note: add "
            "'note:' to its value, saying why it fell",
            indicator.id,
        )
