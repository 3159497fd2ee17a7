"""The example council with a history (``scripts/example_history.py``): every quarter of two
years reported as at its cut-off from git, with no sentence on the front page that contradicts
a figure in the appendix; ``diff`` between quarters and ``history`` of a slipped action."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from plan_fixtures import REPO, invoke
from pmplan.lint.rules.notes import disagreements
from pmplan.report import build_report, render_markdown
from pmplan.report.position import prepare

TODAY = date(2026, 12, 3)
PERIODS = [f"{year} Q{n}" for year in ("2024/25", "2025/26") for n in range(1, 5)]
PERIODS += ["2026/27 Q1", "2026/27 Q2", "2024/25", "2025/26"]


def _script():
    spec = importlib.util.spec_from_file_location("example_history", REPO / "scripts" / "example_history.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def council(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("history") / "example-council"
    _script().build(out)
    return out


def view_of(root: Path, label: str):
    year, _, quarter = label.partition(" ")
    ready = prepare(root, quarter.lower() or "year", year, None, TODAY)
    return ready, build_report(ready.ws, ready.period, ready.basis.dates.as_of, basis=ready.basis)


def test_history_has_a_dated_commit_for_each_quarter(council):
    log = invoke("diff", "2025-26-q3", "2025-26-q4", "-w", str(council))
    assert log.exit_code == 0, log.stderr
    assert "R6.b" in log.stdout and "slipped 365 days" in log.stdout
    history = invoke("history", "pm-audit:R6.b", "-w", str(council))
    assert history.exit_code == 0, history.stderr
    # the quarter's commit is dated at its cut-off: the Committee's meeting on 28 May 2026
    assert "2026-05-28" in history.stdout and "Due date moved once, 365 days later in all" in history.stdout
    assert "first agreed as Q4 2025/26 (due 2026-03-31)" in history.stdout


def test_a_past_quarter_is_read_from_its_commit(council):
    ready, view = view_of(council, "2025/26 Q2")
    # the cut-off is the date of the Overview and Scrutiny Committee's meeting on the quarter
    assert view.position.source == "commit" and view.as_of == date(2025, 11, 27)
    assert ready.basis.source.commit_day == date(2025, 11, 27)
    assert view.front.date_text == "Thursday 27 November 2025"
    assert view.position.window_text == (
        "Progress for the period is the updates dated 29 August 2025 to 27 November 2025 "
        "(the period's cut-off is the date of its meeting)."
    )
    # the waste plan was approved in September 2026: not in 2025/26
    assert [p.id for p in view.plans] == ["pm-audit", "ia-tracker", "pm-strategy"]
    lpi13 = next(i for i in view.indicators if i.id == "LPI-13")
    assert (lpi13.actual_text, lpi13.rag.key) == ("17 days", "green")


def _numbers(text: str) -> Counter[str]:
    """{"complete": 21, ...} from "21 complete, 31 on track and 2 at risk"."""
    return Counter({word: int(n) for n, word in re.findall(r"(\d+) ([a-z][a-z ]*?)(?=,| and|;|\.|$)", text)})


def _check_front(ready, view) -> None:
    # the appendix lists each action once: in its group, or with its plan's actions completed earlier
    rows = [a for p in view.plans for g in p.groups for a in g.actions]
    rows += [a for p in view.plans for a in p.completed_earlier]
    indicators = view.indicators
    issues = list(view.front.key_issues)
    said = "\n".join(issues)
    # counts of actions by status and by RAG
    if rows:
        first = issues[0]
        assert first.startswith(f"Of the {len(rows)} action"), first
        head, _, rags = first.partition(" By RAG rating: ")
        statuses = Counter(a.status_label.lower() for a in rows)
        assert _numbers(head.split(", ", 1)[1].split(";")[0]) == statuses, first
        overdue = sum(1 for a in rows if a.overdue)
        assert ("none is overdue" in head) == (overdue == 0), first
        by_rag = Counter(("not rated" if a.rag.key == "none" else a.rag.key) for a in rows)
        assert _numbers(rags) == by_rag, first
    # counts of indicators by RAG
    if indicators:
        sentence = next(i for i in issues if i.startswith("Of the ") and "performance indicator" in i)
        rated = Counter(i.rag.key for i in indicators if i.rag.key != "none")
        found = _numbers(sentence.split(", ", 1)[1].split(" for the period")[0])
        assert found == rated, sentence
        unrated = sum(1 for i in indicators if i.rag.key == "none")
        assert (f"{unrated} are not rated" in sentence or f"{unrated} is not rated" in sentence) == bool(
            unrated
        )
    # every red named is red in the appendix, and every red in the appendix is named (or counted)
    red_indicators = {i.id for i in indicators if i.rag.key == "red"}
    named = set(re.findall(r"(?:Red indicators?: |; )([A-Z]+-\d+|QI-\d+) ", said))
    if len(red_indicators) <= 6:
        assert named == red_indicators, said
    else:
        assert f"{len(red_indicators)} red indicators" in said
    red_actions = {a.display_ref for a in rows if a.rag.key == "red"}
    for ref in red_actions:
        assert ref in said or f"{len(red_actions)} red actions" in said
    if not red_actions and not red_indicators:
        assert "No action and no indicator is red." in issues
    # the dates that moved, and what was completed
    for revision in view.exceptions.revised_dates:
        assert f"{revision.display_ref}, from {revision.from_text} to {revision.to_text}" in said
    if not view.exceptions.revised_dates:
        assert any(
            i.startswith("No due date moved") or i.startswith("No open action is due later") for i in issues
        )
    completed = [a for a in rows if a.completed_in_period]
    for action in completed:
        assert (
            f"{action.display_ref} {action.title}" in said
            or f"{len(completed)} actions were completed" in said
        )
    if not completed:
        assert any(i.startswith("No action was completed") for i in issues)
    # recommendations match: approving the revised dates when there are some
    approving = [r for r in view.front.recommendations if "approves the revised due dates" in r]
    assert bool(approving) == bool(view.exceptions.revised_dates)
    # the year end
    if view.year_end is not None:
        year = view.year_end
        sentence = next(i for i in issues if i.startswith(f"For {year.year}, "))
        met = sum(1 for o in year.outturns if o.rag.key == "green")
        assert sentence.startswith(f"For {year.year}, {met} of the {len(year.outturns)} indicators met"), (
            sentence
        )
        for key, words in (("amber", "missed it within tolerance"), ("red", "missed it (red)")):
            n = sum(1 for o in year.outturns if o.rag.key == key)
            assert (f"{n} {words}" in sentence) == bool(n), sentence
        assert f"{len(year.completed)} action" in said and "completed in " + year.year in said
    # the officer's notes agree with the data
    notes = ready.ws.notes.get(view.period)
    assert notes is not None, f"the example has no notes for {view.period}"
    assert disagreements(ready.ws, notes, view.as_of) == []


@pytest.mark.parametrize("label", PERIODS)
def test_front_page_never_contradicts_the_appendix(council, label):
    ready, view = view_of(council, label)
    assert view.position.source == "commit"
    _check_front(ready, view)
    text = render_markdown(view)
    for issue in view.front.key_issues[:2]:
        assert issue.split(" ")[2] in text
