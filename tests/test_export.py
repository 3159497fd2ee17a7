"""``pmplan export``: every action, update and indicator value as flat rows."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from plan_fixtures import AS_OF_TEXT, REPO, MakeWorkspace, actions_json, invoke
from pmplan.workspace.index import load_workspace

STRATEGY = """
kind: action-plan
id: pm-strategy
title: Performance Management Strategy
themes:
  - id: "1"
    title: Culture
    updates:
      - date: 2025-09-30
        text: Theme reviewed by the board.
    actions:
      - id: "1.1"
        title: "Excellence statements: one per service"
        leads: [HB]
        timescale: Jul 25
        status: on-track
        updates:
          - date: 2025-06-01
            text: Drafts in.
          - date: 2025-08-01
            text: "Agreed by CMT, with £0 cost – done"
      - id: "1.10"
        title: Plan B
        timescale: Ongoing
        priority: low
"""
CALENDAR = """
kind: calendar
reports:
  - id: qpr
    title: Quarterly performance report
    to: [Cabinet]
    owner: JP
    months: [Feb, May, Aug, Nov]
"""


@pytest.fixture
def ws(make_workspace: MakeWorkspace) -> Path:
    return make_workspace({"plans/strategy.yaml": STRATEGY, "plans/calendar.yaml": CALENDAR})


def export(root: Path, *args: str) -> None:
    result = invoke("export", "--workspace", str(root), "--as-of", AS_OF_TEXT, *args)
    assert result.exit_code == 0, result.stderr


def test_xlsx_has_actions_updates_and_indicator_values(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "plans.xlsx"
    export(ws, "--format", "xlsx", "-o", str(out))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Actions", "Updates", "Indicator values"]
    actions = book["Actions"]
    header = [c.value for c in actions[1]]
    assert header[:3] == ["ref", "plan", "plan_title"]
    assert actions["A1"].font.bold and actions.freeze_panes == "A2"
    assert actions.auto_filter.ref == f"A1:{actions.cell(1, len(header)).column_letter}4"
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in actions.iter_rows(min_row=2)]
    assert [r["ref"] for r in rows] == list(actions_json(ws))
    first = rows[1]
    assert first["ref"] == "pm-strategy:1.1" and first["leads"] == "HB" and first["lead_names"] == "Hal Brook"
    assert first["due"].date().isoformat() == "2025-07-31" and first["overdue"] is True
    assert first["last_update_text"] == "Agreed by CMT, with £0 cost – done" and first["updates"] == 2
    assert rows[2]["ref"] == "pm-strategy:1.10"  # an id that looks like a number stays text
    updates = list(book["Updates"].iter_rows(min_row=2, values_only=True))
    assert len(updates) == 4  # three action updates and one theme update
    values = list(book["Indicator values"].iter_rows(min_row=2, values_only=True))
    assert values[0][:2] == ("LPI-01", "Residents in work") and "green" in values[0]


def test_sqlite_opens_with_keys_for_datasette(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "pmplan.db"
    export(ws, "-o", str(out))  # the format from the suffix
    db = sqlite3.connect(out)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "actions",
        "updates",
        "indicators",
        "indicator_values",
        "people",
        "plans",
        "plan_groups",
    } <= tables
    for table, keys in [
        ("actions", ["ref"]),
        ("people", ["id"]),
        ("indicators", ["id"]),
        ("indicator_values", ["indicator", "period"]),
        ("updates", ["id"]),
    ]:
        info = db.execute(f"PRAGMA table_info({table})").fetchall()
        assert [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]] == keys
    refs = [row[0] for row in db.execute("SELECT ref FROM actions ORDER BY rowid")]
    assert refs == list(actions_json(ws))
    assert db.execute("SELECT person FROM action_leads WHERE action_ref = 'pm-strategy:1.1'").fetchall() == [
        ("HB",)
    ]
    assert db.execute("SELECT count(*) FROM updates WHERE group_ref = 'pm-strategy:1'").fetchone() == (3,)
    assert db.execute("SELECT ref FROM overdue_actions").fetchall() == [("pm-strategy:1.1",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("SELECT rag, direction FROM indicator_values").fetchall() == [("green", None)]


def test_csv_writes_actions_and_indicator_values_beside_them(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.csv"
    export(ws, "--format", "csv", "-o", str(out))
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["ref"] for r in rows] == list(actions_json(ws))
    assert rows[1]["recurring"] == "FALSE" and rows[2]["recurring"] == "TRUE"
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # so that Excel reads it as UTF-8
    with (tmp_path / "export-indicators.csv").open(encoding="utf-8-sig", newline="") as handle:
        values = list(csv.DictReader(handle))
    assert [(v["indicator"], v["period"], v["rag"]) for v in values] == [("LPI-01", "2025/26 Q1", "green")]
    only = tmp_path / "values.csv"
    export(ws, "--format", "csv", "--what", "indicators", "-o", str(only))
    assert only.read_text(encoding="utf-8-sig").startswith("indicator,title")
    assert not (tmp_path / "values-indicators.csv").exists()


def test_json_file_and_stdout(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    export(ws, "-o", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["as_of"] == AS_OF_TEXT
    assert [a["ref"] for a in data["actions"]] == list(actions_json(ws))
    assert data["actions"][1]["leads"] == ["HB"] and data["actions"][1]["due"] == "2025-07-31"
    assert len(data["updates"]) == 4 and len(data["indicator_values"]) == 1
    result = invoke("export", "-w", str(ws), "--format", "json", "-o", "-", "--what", "indicators")
    assert result.exit_code == 0
    assert list(json.loads(result.stdout)) == ["as_of", "indicator_values"]


def test_plan_filter(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "one.json"
    export(ws, "-o", str(out), "--plan", "pm")
    assert [a["ref"] for a in json.loads(out.read_text(encoding="utf-8"))["actions"]] == ["pm:R1.a"]


def test_the_example_workspace_exports_every_action(tmp_path: Path) -> None:
    ws = load_workspace(REPO)
    export(REPO, "-o", str(tmp_path / "all.sqlite"))
    db = sqlite3.connect(tmp_path / "all.sqlite")
    assert db.execute("SELECT count(*) FROM actions").fetchone() == (len(ws.action_list),)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    export(REPO, "-o", str(tmp_path / "all.xlsx"))
    book = openpyxl.load_workbook(tmp_path / "all.xlsx", read_only=True)
    assert book["Actions"].max_row == len(ws.action_list) + 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "out.txt"], "--format is needed"),
        (["--format", "pdf", "-o", "out.pdf"], "--format 'pdf' is not one of"),
        (["--format", "csv", "--what", "everything", "-o", "x.csv"], "--what 'everything'"),
        (["--format", "xlsx", "-o", "-"], "works for csv and json"),
        (["-o", "no/such/folder/x.csv"], "does not exist"),
        (["-o", "x.csv", "--plan", "nope"], "--plan nope: no such plan"),
    ],
)
def test_bad_flags_exit_2(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("export", "-w", str(ws), *args)
    assert result.exit_code == 2
    assert message in result.stderr
