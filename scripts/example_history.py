"""Give the example council a git history: one commit for each quarter's updates, dated as it
would have been, so that reports as at past quarters, ``pmplan diff`` between quarters and
``pmplan history`` of a slipped action can be shown.

    .venv/bin/python scripts/example_history.py [OUT]      # default: build/example-council

Each past state is derived from the example's current files, with no knowledge of what they
hold, so that plan files added later (an audit tracker, a calendar of meetings) are carried
along:

- a plan approved after the date is not there yet;
- updates (and extensions, and verifications) dated after it are not written yet; an action
  with later updates had not yet reached its present status: it was not started (no update
  yet) or on track (unless it had already slipped and is now delayed or at risk); its ``next``
  step is one written later, so it is left out;
- an action with a ``baseline`` had that timescale until it slipped: with the first update
  that speaks of a move (moved, slipped, delayed, put back, postponed, now planned, now
  expected), else the first update in the quarter the original date fell due;
- an indicator's value for a period not yet ended keeps its target only;
- a period's report notes are written once the period has ended.

The first commit is the earliest plan's agreement; then one commit at each quarter's cut-off
(as a report reckons it: the date of the calendar's meeting for its report, else its end plus
the update window), tagged ``2025-26-q2`` and so on; the last commit holds the files as they
are. OUT is replaced if this script made it, and refused otherwise.
"""

from __future__ import annotations

import argparse
import copy
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML

from pmplan.dates.periods import FinancialYear, Period, PeriodError, file_stem
from pmplan.dates.timescale import read_timescale
from pmplan.report.position import calendar_meetings, cutoff
from pmplan.workspace.config import load_config

REPO = Path(__file__).resolve().parents[1]
MARKER = "pmplan-example-history"
"""A file in OUT/.git that says this script built OUT (and may replace it)."""
AUTHOR = ("Julie Pennington", "julie.pennington@calderbrook.example.org")
MOVE_WORDS = re.compile(
    r"\b(mov(e|ed|es|ing)|slip(s|ped)?|delay(s|ed)?|put back|postpon\w*|now (planned|expected|due))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Source:
    """The example workspace: its settings and plan files, as text."""

    root: Path
    config: str
    plans: str
    files: dict[str, str]
    """Path inside the workspace -> text."""


def read_source(root: Path) -> Source:
    config = (root / "pmplan.yaml").read_text(encoding="utf-8")
    plans = _setting(config, "plans") or "plans"
    files = {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted((root / plans).rglob("*"))
        if path.suffix in (".yaml", ".yml") and path.is_file()
    }
    return Source(root, config, plans, files)


def _setting(config: str, key: str) -> str | None:
    match = re.search(rf"^{key}:\s*([^\s#]+)", config, re.MULTILINE)
    return match.group(1) if match else None


def _yaml() -> YAML:
    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 4096
    rt.indent(mapping=2, sequence=4, offset=2)  # lists indented under their key, as the plans write them
    return rt


_PARSED: dict[str, Any] = {}


def _round_trip(text: str) -> Any:
    """The file's data with its comments and layout, parsed once and copied for each state."""
    if text not in _PARSED:
        _PARSED[text] = _yaml().load(text)
    return copy.deepcopy(_PARSED[text])


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


# --- a past state --------------------------------------------------------------------------------


_DATED = {"updates", "values", "approved", "baseline", "extensions", "verified"}
"""Keys under which a plan file holds what changes with time."""


def _plain(text: str) -> Any:
    """The file's data, read fast (for what does not need its comments kept)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _keys(value: Any) -> set[str]:
    return {str(k) for item in _mappings(value) for k in item}


def state_at(text: str, day: date, fy: FinancialYear) -> str | None:
    """A plan file as it stood at the end of ``day`` (None: it did not exist yet)."""
    plain = _plain(text)
    if not isinstance(plain, dict):
        return text
    if plain.get("kind") == "report-notes":
        try:
            return None if fy.parse(str(plain.get("period"))).end >= day else text
        except PeriodError:
            return text
    if not _keys(plain) & _DATED:
        return text  # people, a glossary, a framework, a calendar: as they are
    data = _round_trip(text)
    kind = data.get("kind")
    if kind == "action-plan":
        approved = data.get("approved") or {}
        when = _as_date(approved.get("date")) if isinstance(approved, dict) else None
        if when is not None and when > day:
            return None
    if kind == "indicators":
        for indicator in data.get("indicators") or []:
            _values_at(indicator, day, fy)
    for item in _mappings(data):
        _item_at(item, day, fy)
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def _mappings(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from _mappings(child)
    elif isinstance(value, list):
        for child in value:
            yield from _mappings(child)


def _values_at(indicator: dict[str, Any], day: date, fy: FinancialYear) -> None:
    for key, value in list((indicator.get("values") or {}).items()):
        try:
            period = fy.parse(str(key))
        except PeriodError:
            continue
        if period.end < day or not isinstance(value, dict):
            continue
        for field in ("actual", "rag", "note", "corrective_action"):
            value.pop(field, None)
        if not value:
            del indicator["values"][key]


def _dated(entry: Any) -> date | None:
    if isinstance(entry, dict):
        return _as_date(entry.get("date") or entry.get("asked"))
    return None


def _drop_later(entries: list[Any], day: date) -> list[Any]:
    """Remove the entries dated after ``day`` (in place); returns those removed."""
    removed = []
    for index in range(len(entries) - 1, -1, -1):
        when = _dated(entries[index])
        if when is not None and when > day:
            removed.append(entries[index])
            del entries[index]
    return removed


def _item_at(item: dict[str, Any], day: date, fy: FinancialYear) -> None:
    """Wind one item (an action, a recommendation, ...) back to ``day``."""
    updates = item.get("updates")
    everything = list(updates) if isinstance(updates, list) else []
    later = _drop_later(updates, day) if isinstance(updates, list) else []
    if isinstance(updates, list) and not updates:
        del item["updates"]
    if isinstance(item.get("extensions"), list):
        _drop_later(item["extensions"], day)
    verified = item.get("verified")
    if isinstance(verified, dict) and (_as_date(verified.get("date")) or day) > day:
        del item["verified"]
    dated = sorted((u for u in everything if _dated(u) is not None), key=lambda u: _dated(u) or day)
    slipped = _slip_at(item, dated, day, fy)
    if not later or "status" not in item:
        return
    item.pop("next", None)
    status = str(item["status"])
    if len(later) == len(everything):
        item["status"] = "not-started"
    elif not (slipped and status in ("delayed", "at-risk")):
        item["status"] = "on-track"


def _slip_at(item: dict[str, Any], updates: list[Any], day: date, fy: FinancialYear) -> bool:
    """Put the original timescale back if the action had not yet slipped by ``day``; whether
    it had."""
    baseline = item.get("baseline")
    if not baseline:
        return False
    when = slip_date(str(baseline), updates, fy)
    if when is not None and when <= day:
        return True
    item["timescale"] = baseline
    del item["baseline"]
    item.pop("due", None)
    return False


def slip_date(baseline: str, updates: list[Any], fy: FinancialYear) -> date | None:
    """When an action moved off its ``baseline``: the first update that speaks of a move, else
    the first in the quarter the baseline fell due (or after), else its last update."""
    for update in updates:
        if MOVE_WORDS.search(str(update.get("text", ""))):
            return _dated(update)
    due = read_timescale(baseline, fy).due
    if due is not None:
        start = fy.quarter_of(due).start
        for update in updates:
            when = _dated(update)
            if when is not None and when >= start:
                return when
    return _dated(updates[-1]) if updates else None


# --- the history ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    day: date
    message: str
    tag: str | None


def steps(source: Source, fy: FinancialYear, cutoff_of: Callable[[Period], date]) -> list[Step]:
    """The commits: the first plan's agreement, each quarter's cut-off (as the report reckons
    it: the calendar's meeting for its report, else its end plus the update window; or the last
    update, if that comes first), and the files as they are."""
    approvals: list[date] = []
    events: list[date] = []
    for text in source.files.values():
        data = _plain(text)
        for item in _mappings(data):
            if item.get("kind") == "action-plan":
                approved = item.get("approved") or {}
                when = _as_date(approved.get("date")) if isinstance(approved, dict) else None
                if when is not None:
                    approvals.append(when)
            for update in item.get("updates") or []:
                when = _dated(update)
                if when is not None:
                    events.append(when)
    if not events:
        raise SystemExit("the example has no dated updates to build a history from")
    start = min(approvals or events)
    last = max(events)
    found = [Step(start, "Agree the action plan", None)]
    quarter = fy.quarter_of(start)
    while quarter.end < last:
        day = min(cutoff_of(quarter), last)
        if day > start:
            found.append(Step(day, f"{quarter.label}: updates and indicators", file_stem(quarter)))
        quarter = fy.next_quarter(quarter)
    found.append(Step(last, "Updates so far this quarter", None))
    return found


def _config_with_history(config: str) -> str:
    """pmplan.yaml without ``from_git: false`` (and the comment above it): this copy's history
    is the plans' own."""
    lines = config.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if re.match(r"\s*from_git:\s*false\b", line):
            indent = len(line) - len(line.lstrip())
            start = index
            while start > 0 and lines[start - 1].strip().startswith("#"):
                if len(lines[start - 1]) - len(lines[start - 1].lstrip()) != indent:
                    break
                start -= 1
            del lines[start : index + 1]
            break
    return "".join(lines)


def _git(out: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", *args],
        cwd=out,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def _prepare(out: Path) -> None:
    if out.exists():
        if not (out / ".git" / MARKER).is_file():
            if any(out.iterdir()):
                raise SystemExit(f"{out} exists and was not made by this script: give another folder")
        else:
            shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def build(out: Path, source_root: Path = REPO) -> list[tuple[Step, str]]:
    """Write the example into ``out`` with its history; returns each step with its commit."""
    source = read_source(source_root)
    config = load_config(source_root)
    fy = config.financial_year
    meetings = calendar_meetings(source_root, config, config.report.committee)
    _prepare(out)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, LC_ALL="C")
    _git(out, env, "init", "-q", "-b", "main")
    (out / ".git" / MARKER).write_text("made by scripts/example_history.py\n")
    (out / "pmplan.yaml").write_text(_config_with_history(source.config), encoding="utf-8")
    made = []
    history = steps(source, fy, lambda quarter: cutoff(quarter, config.report, meetings)[0])
    for number, step in enumerate(history):
        final = number == len(history) - 1
        for rel, text in source.files.items():
            path = out / rel
            state = text if final else state_at(text, step.day, fy)
            if state is None:
                if path.exists():
                    path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(state, encoding="utf-8")
        stamp = f"{step.day.isoformat()}T17:30:00+00:00"
        env.update(GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
        _git(out, env, "add", "-A")
        if made and not _git(out, env, "status", "--porcelain").strip():
            if step.tag:  # nothing new: the quarter's state is the last commit's
                _git(out, env, "tag", step.tag)
            continue
        _git(
            out, env, "-c", f"user.name={AUTHOR[0]}", "-c", f"user.email={AUTHOR[1]}",
            "commit", "-q", "-m", step.message,
        )  # fmt: skip
        commit = _git(out, env, "rev-parse", "HEAD").strip()
        if step.tag:
            _git(out, env, "tag", step.tag)
        made.append((step, commit))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", nargs="?", type=Path, default=REPO / "build" / "example-council")
    args = parser.parse_args()
    made = build(args.out)
    first, last = made[0][0].day, made[-1][0].day
    print(f"Built {args.out}: {len(made)} commits from {first} to {last}; quarters tagged, e.g. "
          f"{next((s.tag for s, _ in made if s.tag), '')}", file=sys.stderr)  # fmt: skip


if __name__ == "__main__":
    main()
