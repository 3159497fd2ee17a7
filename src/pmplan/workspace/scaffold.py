"""``pmplan init``: a new workspace with a small worked example that lints clean.

Dates in the example are set from today, so that a new workspace lints clean whenever it
is made: nothing is overdue, no update is stale or in the future.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

from pmplan.characters import without_controls, yaml_quoted
from pmplan.dates.periods import APRIL, file_stem
from pmplan.errors import PmplanError
from pmplan.files import atomic_write
from pmplan.workspace.schema import plan_schema_json

SCHEMA_FILE = "pmplan.workspace.schema.json"


class ScaffoldError(PmplanError):
    """The workspace cannot be written (files in the way, or no permission)."""


_CONFIG = """\
# pmplan workspace settings: "pmplan schema --markdown" describes every one (docs/format.md)
organisation: {organisation}
plans: plans
financial_year_start: 4   # April
stale_after_days: 100     # an open action with no update newer than this is stale
rag:
  tolerance: 5            # percent: within 5% of target is amber
lint:
  ignore: []
  severity: {{}}
"""

_PEOPLE = """\
kind: people
people:
  - id: PO
    name: Pat Owen
    title: Policy & Performance Officer
    email: pat.owen@example.org
  - id: HF
    name: Hal Finch
    title: Head of Finance
  - id: CMT
    name: Corporate Management Team
    type: group
"""

_GLOSSARY = """\
kind: glossary
terms:
  CMT: Corporate Management Team
  PI: Performance Indicator
"""

_FRAMEWORK = """\
kind: framework
vision: A council that residents trust to deliver
priorities:
  - id: P1
    title: Well-run, good value services
    lead: HF
    outcomes:
      - id: P1.1
        title: Decisions based on good performance information
"""

_INDICATORS = """\
kind: indicators
indicators:
  - id: PI-01
    title: Invoices paid within 30 days
    owner: HF
    deputy: PO
    unit: "%"
    polarity: higher
    frequency: quarterly
    links: [P1.1]
    values:
      {fy} Q1: {{target: 95, actual: 96.1}}
"""

_CALENDAR = """\
kind: calendar
reports:
  - id: qpr
    title: Quarterly performance report
    to: [Corporate Management Team, Cabinet]
    owner: PO
    months: [Feb, May, Aug, Nov]
"""

_PLAN = """\
# An action plan: recommendations (or themes) and their actions.
kind: action-plan
id: pm-plan
title: Performance Management Action Plan
source: Internal review of performance management
owner: PO
links: [P1]
recommendations:
  - id: R1
    title: Report performance to Members every quarter
    response: A quarterly report will go to CMT and Cabinet.
    actions:
      - id: a
        title: Agree the quarterly report's format with CMT
        leads: [PO, CMT]
        timescale: {next_fy}
        status: on-track
        updates:
          - date: {today}
            text: Draft format shared with CMT for comment.
        next: Take the first report to Cabinet.
        links: [P1.1, PI-01]
      - id: b
        title: Keep the indicator procedures up to date
        leads: [HF]
        timescale: Ongoing
        status: not-started
"""


_BLANK = {
    "plans/people.yaml": """\
# Everyone named as a lead, owner or deputy, each by the id the plans use (their initials):
#   - id: JP
#     name: Jo Price
#     title: Policy & Performance Officer
#   - id: CMT
#     name: Corporate Management Team
#     type: group
kind: people
people: []
""",
    "plans/glossary.yaml": """\
# Acronyms and what they stand for (reports list the ones they use):
#   CMT: Corporate Management Team
kind: glossary
terms: {}
""",
    "plans/framework.yaml": """\
# The golden thread: the vision, the council plan's priorities and their outcomes:
#   - id: P1
#     title: A thriving local economy
#     lead: JP
#     outcomes:
#       - id: P1.1
#         title: More good local jobs
kind: framework
vision: null
priorities: []
""",
    "plans/indicators.yaml": """\
# Performance indicators, each with its owner, deputy and values by period:
#   - id: PI-01
#     title: Invoices paid within 30 days
#     owner: JP
#     deputy: CMT
#     unit: "%"
#     links: [P1.1]
#     values:
#       2026/27 Q1: {target: 95, actual: 96.1}
kind: indicators
indicators: []
""",
    "plans/calendar.yaml": """\
# The reporting cycle: which report goes to whom, and when:
#   - id: qpr
#     title: Quarterly performance report
#     to: [Corporate Management Team, Cabinet]
#     owner: JP
#     months: [Feb, May, Aug, Nov]
kind: calendar
reports: []
""",
}
"""``pmplan init --blank``: every kind of file, empty, each with a commented example. Action
plans go in ``plans/action-plans/`` (``pmplan import`` turns a Word or Excel one into a file)."""


_NOTES = """\
# The officer's own words for one quarter's report, printed on its front page after the
# key issues pmplan writes from the data. One file for each quarter.
kind: report-notes
period: {quarter}
key_issues:
  - The first quarterly report kept in pmplan. Write here what the figures do not say by themselves.
"""


_BLANK_NOTES = """\
# The officer's own words for one quarter's report, printed on its front page after the key
# issues pmplan writes from the data. One file for each quarter, named after it:
#   key_issues:
#     - Sickness absence rose in the quarter; the action plan is at pm-plan:R2.
#   recommendations:
#     - That Cabinet notes the progress made.
kind: report-notes
period: {quarter}
key_issues: []
"""


def files_for(organisation: str, today: date, blank: bool = False) -> dict[str, str]:
    """Relative path -> text of every file in a new workspace."""
    start = APRIL.start_year_of(today)
    quarter = APRIL.previous(APRIL.quarter_of(today))
    values = {
        "quarter": quarter.label,
        "organisation": yaml_quoted(without_controls(organisation)),
        "fy": APRIL.label(start),
        "next_fy": APRIL.label(start + 1),
        "today": today.isoformat(),
    }
    settings = {"yaml.schemas": {f"./{SCHEMA_FILE}": ["pmplan.yaml", "plans/**/*.yaml", "plans/**/*.yml"]}}
    common = {
        SCHEMA_FILE: plan_schema_json(),
        ".vscode/settings.json": json.dumps(settings, indent=2) + "\n",
        ".gitignore": "reports/\nreturns/\n.pmplan.lock\n",
    }
    if blank:
        notes = {f"plans/reports/{file_stem(quarter)}.yaml": _BLANK_NOTES.format(**values)}
        return {"pmplan.yaml": _CONFIG.format(**values), **_BLANK, **notes, **common}
    return {
        "pmplan.yaml": _CONFIG.format(**values),
        "plans/people.yaml": _PEOPLE,
        "plans/glossary.yaml": _GLOSSARY,
        "plans/framework.yaml": _FRAMEWORK,
        "plans/indicators.yaml": _INDICATORS.format(**values),
        "plans/calendar.yaml": _CALENDAR,
        "plans/action-plans/pm-plan.yaml": _PLAN.format(**values),
        f"plans/reports/{file_stem(quarter)}.yaml": _NOTES.format(**values),
        **common,
    }


def create(directory: Path, organisation: str, today: date | None = None, blank: bool = False) -> list[str]:
    """Write a new workspace into ``directory`` (with ``blank``, with no example in it);
    refuse if any file is in the way."""
    files = files_for(organisation, today or date.today(), blank)
    if os.path.lexists(directory / "pmplan.yaml"):
        raise ScaffoldError(
            f"{directory} is already a pmplan workspace (it has pmplan.yaml); nothing written"
        )
    in_the_way = [name for name in files if os.path.lexists(directory / name)]  # a link too
    if in_the_way:
        raise ScaffoldError(f"{directory} already has {', '.join(in_the_way)}; nothing written")
    try:
        for name, text in files.items():
            path = directory / name
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        raise ScaffoldError(f"cannot write the workspace in {directory}: {exc.strerror or exc}") from None
    return list(files)
