"""``pmplan list actions``, ``show``, ``thread``, ``rules`` and the CLI's general behaviour."""

from __future__ import annotations

import csv
import io
import json

import pytest

from plan_fixtures import AS_OF_TEXT, PLAN, REPO, actions_json, invoke, text_of
from pmplan.workspace.vocabulary import STATUSES

MAIN = """
kind: action-plan
id: pm
title: Performance Management Action Plan
owner: JP
links: [P1]
recommendations:
  - id: R1
    title: Link priorities
    response: Agreed.
    leads: [HB]
    actions:
      - id: a
        title: Align outcomes
        leads: [JP]
        timescale: Jun 25
        status: on-track
        updates:
          - date: 2025-11-01
            text: Mapping under way.
      - id: b
        title: Brief Members
        timescale: Dec 25
        status: at-risk
      - id: c
        title: Keep procedures current
        leads: [JP, CMT]
        timescale: Ongoing
  - id: R2
    title: Train managers
    actions:
      - id: a
        title: Run the course
        leads: [HB, JP]
        timescale: Mar 25
        status: complete
        updates:
          - date: 2025-03-20
            text: Course run twice.
"""

OTHER = """
kind: action-plan
id: other
title: Strategy
links: [P1]
themes:
  - id: T1
    title: Data
    actions:
      - id: T1.a
        title: New dashboard
        leads: [CMT]
        due: 2026-06-30
        status: delayed
        updates:
          - date: 2025-10-01
            text: Supplier chosen.
"""


@pytest.fixture
def ws(make_workspace):
    return make_workspace({"plans/plan.yaml": MAIN, "plans/other.yaml": OTHER})


def refs(root, *args):
    return list(actions_json(root, *args))


# --- list actions -----------------------------------------------------------------------------


def test_list_actions_json(ws):
    rows = actions_json(ws)
    assert list(rows) == ["other:T1.a", "pm:R1.a", "pm:R1.b", "pm:R1.c", "pm:R2.a"]
    keys = ["ref", "plan", "title", "leads", "timescale", "due", "recurring", "status", "overdue"]
    for row in rows.values():
        assert set(keys) <= set(row)
    pick = {ref: {k: row[k] for k in keys} for ref, row in rows.items()}
    assert pick == {
        "other:T1.a": {
            "ref": "other:T1.a", "plan": "other", "title": "New dashboard", "leads": ["CMT"],
            "timescale": None, "due": "2026-06-30", "recurring": False, "status": "delayed", "overdue": False,
        },
        "pm:R1.a": {
            "ref": "pm:R1.a", "plan": "pm", "title": "Align outcomes", "leads": ["JP"],
            "timescale": "Jun 25", "due": "2025-06-30", "recurring": False, "status": "on-track", "overdue": True,
        },
        "pm:R1.b": {
            "ref": "pm:R1.b", "plan": "pm", "title": "Brief Members", "leads": ["HB"],
            "timescale": "Dec 25", "due": "2025-12-31", "recurring": False, "status": "at-risk", "overdue": False,
        },
        "pm:R1.c": {
            "ref": "pm:R1.c", "plan": "pm", "title": "Keep procedures current", "leads": ["JP", "CMT"],
            "timescale": "Ongoing", "due": None, "recurring": True, "status": "not-started", "overdue": False,
        },
        "pm:R2.a": {
            "ref": "pm:R2.a", "plan": "pm", "title": "Run the course", "leads": ["HB", "JP"],
            "timescale": "Mar 25", "due": "2025-03-31", "recurring": False, "status": "complete", "overdue": False,
        },
    }  # fmt: skip


def test_list_defaults_to_actions(ws):
    result = invoke("list", "--format", "json", "--as-of", AS_OF_TEXT, "-w", str(ws))
    assert [r["ref"] for r in json.loads(result.stdout)] == refs(ws)


def test_list_overdue_depends_on_as_of(ws):
    result = invoke("list", "--overdue", "--format", "json", "--as-of", "2025-06-30", "-w", str(ws))
    assert json.loads(result.stdout) == []
    result = invoke("list", "--overdue", "--format", "json", "--as-of", "2026-01-01", "-w", str(ws))
    assert [r["ref"] for r in json.loads(result.stdout)] == ["pm:R1.a", "pm:R1.b"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--status", "at-risk,delayed"], ["other:T1.a", "pm:R1.b"]),
        (["--status", "complete", "--status", "not-started"], ["pm:R1.c", "pm:R2.a"]),
        (["--lead", "JP"], ["pm:R1.a", "pm:R1.c", "pm:R2.a"]),
        (["--lead", "HB"], ["pm:R1.b", "pm:R2.a"]),
        (["--lead", "NOBODY"], []),
        (["--overdue"], ["pm:R1.a"]),
        (["--due-within", "41"], ["pm:R1.b"]),
        (["--due-within", "40"], []),
        (["--due-within", "222"], ["other:T1.a", "pm:R1.b"]),
        (["--plan", "other"], ["other:T1.a"]),
        (["--plan", "pm", "--lead", "JP", "--status", "on-track"], ["pm:R1.a"]),
    ],
)
def test_list_filters(ws, args, expected):
    assert refs(ws, *args) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan", "nope"], "--plan nope: no such plan; plans are other, pm"),
        (["--status", "done"], "--status done: statuses are not-started, on-track"),
        (["--format", "xml"], "--format 'xml' is not one of: table, json, csv"),
        (["--as-of", "yesterday"], "--as-of 'yesterday' is not a date"),
    ],
)
def test_list_bad_flags_exit_2(ws, args, message):
    result = invoke("list", "actions", *args, "-w", str(ws))
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_list_unknown_what_exits_2(ws):
    result = invoke("list", "people", "-w", str(ws))
    assert result.exit_code == 2
    assert "choose actions or indicators" in result.stderr


def test_list_csv_parses_back(ws):
    result = invoke("list", "actions", "--format", "csv", "--as-of", AS_OF_TEXT, "-w", str(ws))
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["ref"] for r in rows] == refs(ws)
    by_ref = {r["ref"]: r for r in rows}
    assert by_ref["pm:R1.c"]["leads"] == "JP; CMT"
    assert by_ref["pm:R1.a"]["overdue"] == "True"
    assert by_ref["pm:R1.c"]["due"] == ""
    assert by_ref["pm:R2.a"]["title"] == "Run the course"


def test_list_csv_with_no_rows_has_a_header(ws):
    result = invoke(
        "list", "actions", "--format", "csv", "--plan", "other", "--status", "complete", "-w", str(ws)
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("ref,title,leads")


def test_list_table(ws):
    result = invoke("list", "--as-of", AS_OF_TEXT, "-w", str(ws))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "Actions (5)"
    for ref in refs(ws):
        assert ref in result.stdout
    assert "\x1b[" not in result.stdout


MARKUP = PLAN.replace("title: Align outcomes", 'title: "Fix [/] and [red]this[/red] [link=x]"')


def test_markup_in_plan_text_is_shown_as_written(make_workspace):
    root = make_workspace({"plans/plan.yaml": MARKUP.replace("CMT]", "CMT]\n        next: '[bold]soon'")})
    for args in (
        ["list"],
        ["show", "pm:R1.a"],
        ["show", "pm:R1"],
        ["thread"],
        ["show", "P1"],
        ["show", "pm"],
    ):
        result = invoke(*args, "--as-of", AS_OF_TEXT, "-w", str(root))
        assert (result.exit_code, result.stderr) == (0, ""), args
        assert "[/] and [red]this[/red] [link=x]" in result.stdout.replace("\n", ""), args


# --- show -------------------------------------------------------------------------------------


def show(root, ref):
    return invoke("show", ref, "--as-of", AS_OF_TEXT, "-w", str(root))


def test_show_action_full_and_local_ref(ws):
    full = show(ws, "pm:R1.a")
    assert full.exit_code == 0
    lines = [line.rstrip() for line in full.stdout.splitlines()]
    assert lines[:12] == [
        "pm:R1.a Align outcomes",
        "Plan       Performance Management Action Plan (pm)",
        "Under      R1: Link priorities",
        "Leads      Jo Price (JP)",
        "Timescale  Jun 25",
        "Due        30 Jun 2025",
        "Status     on-track — OVERDUE",
        "Links      P1",
        "File       plans/plan.yaml:12",
        "Updates",
        lines[10],
        lines[11],
    ]
    assert "2025-11-01" in full.stdout and "Mapping under way." in full.stdout
    local = show(ws, "T1.a")
    assert local.exit_code == 0
    assert local.stdout.startswith("other:T1.a New dashboard\n")


@pytest.mark.parametrize("status", STATUSES)
def test_show_action_of_every_status(make_workspace, status):
    root = make_workspace({"plans/plan.yaml": PLAN.replace("status: on-track", f"status: {status}")})
    result = show(root, "pm:R1.a")
    assert (result.exit_code, result.stderr) == (0, "")
    assert f"Status     {status}" in result.stdout


def test_show_ambiguous_local_ref(make_workspace):
    root = make_workspace({"plans/other.yaml": PLAN.replace("id: pm\n", "id: pm2\n")})
    result = show(root, "R1.a")
    assert result.exit_code == 2
    assert result.stderr == "pmplan: 'R1.a' is in more than one plan: give the plan too (pm2:R1.a, pm:R1.a)\n"


def test_show_recommendation(ws):
    result = show(ws, "pm:R1")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("pm:R1 Link priorities\n")
    assert "Hal Brook (HB)" in out
    assert "Agreed." in out
    for local in ("R1.a", "R1.b", "R1.c"):
        assert local in out
    assert "2025-12-31" in out
    assert "recurring" in out
    assert "on-track (overdue)" in out


def test_show_indicator_priority_outcome_person_plan(ws):
    indicator = show(ws, "LPI-01")
    assert indicator.exit_code == 0
    assert indicator.stdout.startswith("LPI-01 Residents in work\n")
    assert "Owner      Jo Price (JP)" in indicator.stdout
    assert "2025/26 Q1" in indicator.stdout and "green" in indicator.stdout
    priority = show(ws, "P1")
    assert priority.exit_code == 0
    assert "P1 Growth" in priority.stdout and "pm:R1.a" in priority.stdout
    outcome = show(ws, "P1.1")
    assert outcome.exit_code == 0
    assert "LPI-01" in outcome.stdout
    person = show(ws, "JP")
    assert person.exit_code == 0
    assert person.stdout.splitlines()[0] == "JP"
    assert "Jo Price" in person.stdout
    assert "3 actions" in person.stdout
    plan = show(ws, "other")
    assert plan.exit_code == 0
    assert "other:T1" in plan.stdout and "T1.a" in plan.stdout


def test_show_unknown_ref_did_you_mean(ws):
    result = show(ws, "pm:R1.d")
    assert result.exit_code == 2
    assert result.stderr.startswith("pmplan: nothing has the reference 'pm:R1.d'. Did you mean: ")
    assert "pm:R1.a" in result.stderr
    assert "Traceback" not in result.stderr


def test_show_needs_a_ref(ws):
    result = invoke("show", "-w", str(ws))
    assert result.exit_code == 2


# --- thread -----------------------------------------------------------------------------------


def test_thread_whole_tree(ws):
    result = invoke("thread", "--as-of", AS_OF_TEXT, "-w", str(ws))
    assert result.exit_code == 0
    assert [line.rstrip() for line in result.stdout.splitlines()] == text_of("""
        A good place to live
        └── P1 Growth (lead Jo Price)
            ├── action other:T1.a New dashboard — delayed
            ├── action pm:R1.a Align outcomes — on-track (overdue)
            ├── action pm:R1.b Brief Members — at-risk
            ├── action pm:R1.c Keep procedures current — not-started
            ├── action pm:R2.a Run the course — complete
            └── P1.1 Good local jobs
                └── indicator LPI-01 Residents in work green
        """).splitlines()


def test_thread_from_an_outcome_and_links_of_every_kind(make_workspace):
    framework = text_of("""
        kind: framework
        priorities:
          - id: P1
            title: Growth
            outcomes:
              - id: P1.1
                title: Jobs
              - id: P1.2
                title: Skills
          - id: P2
            title: Homes
    """)
    indicators = text_of("""
        kind: indicators
        indicators:
          - id: LPI-01
            title: In work
            owner: JP
            deputy: HB
            links: [P1.1, P2]
            values:
              2025/26 Q1: {target: 10, actual: 5}
    """)
    plan = PLAN.replace("links: [P1]", "links: [P1.2]")
    root = make_workspace(
        {"plans/framework.yaml": framework, "plans/indicators.yaml": indicators, "plans/plan.yaml": plan}
    )
    result = invoke("thread", "P1.2", "--as-of", AS_OF_TEXT, "-w", str(root))
    assert result.exit_code == 0
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        "Test Council",
        "└── P1 Growth",
        "    └── P1.2 Skills",
        "        └── action pm:R1.a Align outcomes — on-track",
    ]
    result = invoke("thread", "P2", "--as-of", AS_OF_TEXT, "-w", str(root))
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        "Test Council",
        "└── P2 Homes",
        "    └── indicator LPI-01 In work red",
    ]


def test_thread_from_a_priority(ws):
    whole = invoke("thread", "--as-of", AS_OF_TEXT, "-w", str(ws)).stdout
    result = invoke("thread", "P1", "--as-of", AS_OF_TEXT, "-w", str(ws))
    assert (result.exit_code, result.stdout) == (0, whole)


def test_thread_unknown_id_exits_2(ws):
    result = invoke("thread", "P1.9", "-w", str(ws))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "pmplan: no priority or outcome has the reference 'P1.9'. Did you mean: P1.1"
    )
    assert "P1.1" in result.stderr


# --- general ----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["lint", "list", "show", "thread"])
def test_workspace_option_after_the_command(command, base_ws):
    args = [command] + (["pm:R1.a"] if command == "show" else []) + ["--workspace", str(base_ws)]
    result = invoke(*args, "--as-of", AS_OF_TEXT)
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("command", ["list", "show", "thread"])
def test_no_workspace_exits_2(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(command, *(["X"] if command == "show" else []))
    assert result.exit_code == 2
    assert "no pmplan.yaml found" in result.stderr


def test_version_and_help():
    assert invoke("--version").stdout.startswith("pmplan ")
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("lint", "list", "show", "thread", "init", "schema", "rules"):
        assert command in result.stdout


def test_unknown_command_and_flag_exit_2(base_ws):
    assert invoke("frobnicate").exit_code == 2
    assert invoke("lint", "--frobnicate", "-w", str(base_ws)).exit_code == 2


def test_rules_lists_every_rule():
    from pmplan.lint.rules import RULES

    result = invoke("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(RULES)
    assert [line.split()[1] for line in lines] == [r.severity.value for r in RULES.values()]


@pytest.mark.parametrize(
    "args, message",
    [
        (["actions", "--period", "2025/26 Q2"], "--period is for indicators"),
        (["indicators", "--lead", "JP"], "--lead filter actions, not indicators"),
        (["actions", "--due-within", "-3"], "--due-within takes a number of days"),
    ],
)
def test_list_refuses_filters_that_do_not_apply(ws, args, message):
    result = invoke("list", *args, "-w", str(ws), "--as-of", "2025-11-20")
    assert result.exit_code == 2
    assert message in result.stderr


# --- one --year for every command -------------------------------------------------------------

YEAR_COMMANDS = [("report", "q2"), ("calendar",)]
"""Every command that takes --year: each reads it the same way, with the same message."""


@pytest.mark.parametrize("command", YEAR_COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("2025", "--year '2025' could be 2024/25 or 2025/26: write the financial year in full, e.g. 2025/26"),
        ("2025/27", "--year '2025/27': 2025/27: the second year must follow the first (e.g. 2025/26)"),
        ("2025/26 Q2", "--year '2025/26 Q2' is not a financial year: write it as 2025/26"),
        ("next", "--year 'next': 'next' is not a period"),
    ],
)
def test_year_is_refused_alike_by_every_command(command: tuple[str, ...], year: str, message: str) -> None:
    result = invoke(*command, "--year", year, "-w", str(REPO))
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize("command", YEAR_COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("year", ["2025/26", "2025/2026"])
def test_year_is_accepted_alike_by_every_command(command: tuple[str, ...], year: str) -> None:
    result = invoke(*command, "--year", year, "--as-of", "2026-11-25", "-w", str(REPO))
    assert result.exit_code == 0, result.stderr


# --- help -------------------------------------------------------------------------------------


def test_help_lists_every_command_in_full() -> None:
    from pmplan.cli import COMMANDS

    result = invoke("--help")
    assert result.exit_code == 0
    listed = result.stdout.split("Commands:", 1)[1]
    for name in COMMANDS:
        assert f"\n  {name} " in listed
    assert "..." not in listed, "a command's summary is cut short: shorten its first line"


@pytest.mark.parametrize("command", ["init", "lint", "list", "show", "thread", "calendar", "report", "diff",
                                     "history", "update", "import", "export", "schema", "rules"])  # fmt: skip
def test_help_names_no_python_types(command: str) -> None:
    import re

    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout or "Example:" in result.stdout
    assert not re.search(r"<(str|int|bool|path|Path|list\[\w+\])>", result.stdout), result.stdout


def test_command_help_loads_no_heavy_library() -> None:
    """``pmplan lint --help`` is answered from typer alone: no pydantic, rich or yaml."""
    import subprocess
    import sys

    code = (
        "import io, sys, contextlib\n"
        "sys.argv = ['pmplan', 'lint', '--help']\n"
        "import pmplan.cli as cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        cli.main()\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in ('pydantic', 'rich', 'yaml') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
